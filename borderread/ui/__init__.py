"""The Textual user interface. Textual is imported only below this package."""
