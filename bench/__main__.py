"""Run every benchmark: `python -m bench`."""

from bench import pdf

if __name__ == "__main__":
    pdf.main()
