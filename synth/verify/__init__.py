"""Stage 4: claims extracted from abstracts, each checked against the abstracts' sentences."""
