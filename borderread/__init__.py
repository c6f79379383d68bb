"""borderread: a keyboard-driven terminal reader for a collection of articles."""

__version__ = "0.1.0"
