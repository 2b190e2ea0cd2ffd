"""Run the command line as ``python -m synth``."""

from synth.cli import main

main()
