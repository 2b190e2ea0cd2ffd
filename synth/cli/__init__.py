"""The ``synth`` command: a thin click layer over the stages.

``synth.cli:main`` is the entry point. It is looked up on first use rather than imported
here, because every module of this package imports the package first: importing the
commands from here would make each of them part of an import cycle.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "main":
        from synth.cli.app import main

        return main
    raise AttributeError(f"module 'synth.cli' has no attribute {name!r}")
