"""synth: living literature reports kept in git."""

__version__ = "0.1.0"

__all__ = ["__version__"]
