"""The ``synth`` command: a thin click layer over the stages."""

from synth.cli.app import main

__all__ = ["main"]
