"""Stage 6: the report pages and the home page, rendered from the record (no network)."""
