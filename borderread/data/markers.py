"""The marker lines an extractor writes into the text it hands to the cleaner: everything
after one is what it found around the article, set apart as a whole.

Each is an HTML comment (the Markdown reader shows it as an HTML block). They live here,
not with their extractors, so that the cleaner looking for them in any text does not
import the PDF reader (and its statistics, fractions and decimal modules).
"""

from __future__ import annotations

PAGE_MARKER = "<!-- borderread: the rest of the page, as plain text -->"
"""Separates the extracted article from a saved page's full text."""
RUNNING_MARKER = "<!-- borderread: running headers, footers and page numbers -->"
"""Separates a PDF's text from its running headers, footers and page numbers."""
