"""Benchmarks (not tests): `make bench` or `python -m bench`; results go to docs/performance.md."""
