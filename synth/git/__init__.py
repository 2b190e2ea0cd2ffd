"""The record's past, read from git: claim histories and diffs between revisions."""
