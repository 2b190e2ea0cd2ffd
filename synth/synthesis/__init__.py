"""Stage 5: what the sources say about the question as a whole, and how far to trust it."""
