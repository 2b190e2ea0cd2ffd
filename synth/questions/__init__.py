"""Stage 1, the input: research questions in ``questions/<id>.yaml``, loaded and checked."""
