"""Plain helpers used by several apps; no models, no views, no app of their own."""
