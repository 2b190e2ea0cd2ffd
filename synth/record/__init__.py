"""Stage 3, git as the database: ``sources.bib``, ``claims.yaml`` and ``retrieval.yaml``."""
