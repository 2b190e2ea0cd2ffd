"""Stage 2, the network: sources for a question from OpenAlex, Crossref, arXiv and Semantic Scholar.

``run.retrieve`` asks every database of a question at once (each host at its own
published rate) and merges what they found; ``pipeline.retrieve_question`` writes it
to the record.
"""
