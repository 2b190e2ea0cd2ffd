"""One module per scholarly database: its terms, its requests and a pure ``parse(content)``."""
