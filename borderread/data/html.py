"""Saved web pages: the article extracted with trafilatura, as Markdown with front matter,
followed by the rest of the page as plain text (set apart by the reader, never lost).

Nothing in the page is executed and no remote resource is fetched: trafilatura and lxml
only parse the bytes given. trafilatura is imported when the first page is read (its import
takes about half a second).
"""

from __future__ import annotations

import re
from functools import lru_cache

from borderread.data.markers import PAGE_MARKER

MHTML_SUFFIXES = frozenset({".mhtml", ".mht"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", *MHTML_SUFFIXES})
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_SPACES = re.compile(r"\s+")
_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section",
               "article", "header", "footer", "nav", "aside", "blockquote", "pre", "table",
               "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "main", "form")  # fmt: skip


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """trafilatura's version: part of the cache key, so a new one re-extracts."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"trafilatura {version('trafilatura')}"
    except PackageNotFoundError:
        return "trafilatura ?"


def mhtml_page(data: bytes) -> bytes:
    """The HTML of a page saved as MHTML (a MIME archive, read with the standard library's
    ``email``); the first HTML part, or :class:`NotText`."""
    from email import message_from_bytes, policy

    from borderread.data.decode import NotText

    message = message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() in ("text/html", "application/xhtml+xml"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload
    raise NotText("MHTML archive without an HTML page")


EXTRACT_MAX_BYTES = 2 * 1024 * 1024
"""Bigger pages are not given to trafilatura: it took 22 s on the 8 MB one-page Node.js
API reference in /usr/share/doc (a page that size is a reference or a book, not an article
among boilerplate). Its whole text is the article then."""


def html_to_text(data: bytes, mhtml: bool = False) -> str:
    """The article of a saved page as Markdown (metadata as front matter), then the page;
    a very big page's text is all article."""
    if mhtml:
        data = mhtml_page(data)
    data = _controls_as_pictures(data)
    if len(data) > EXTRACT_MAX_BYTES:
        return f"{as_markdown_text(page_text(data))}\n"
    import trafilatura

    article = trafilatura.extract(
        data,
        output_format="markdown",
        with_metadata=True,
        include_tables=True,
        include_links=True,
        include_formatting=True,
        include_images=False,
        include_comments=False,
    )
    page = page_text(data)
    return f"{complete_tables((article or '').strip())}\n\n{PAGE_MARKER}\n\n{page}\n"


_MARKDOWN_START = re.compile(r"^(\d*)([#>*+\-=|<`~_\[!]|(?<=\d)[.)])", re.M)


def as_markdown_text(text: str) -> str:
    """Plain paragraphs as Markdown that reads them as they are: a paragraph's first
    character that Markdown would take for structure (``#``, ``>``, ``-``, the dot of
    ``1.``...) is escaped."""
    return _MARKDOWN_START.sub(lambda found: f"{found.group(1)}\\{found.group(2)}", text)


_TABLE_ROW = re.compile(r"^\|.*\|\s*$")
_DELIMITER_ROW = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+\s*$")


def complete_tables(markdown: str) -> str:
    """Give a table without a header (trafilatura writes no delimiter row then) the
    delimiter row GFM needs, so that it is read as a table, not as a paragraph of pipes."""
    lines = markdown.split("\n")
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        starts = _TABLE_ROW.match(line) and (index == 0 or not _TABLE_ROW.match(lines[index - 1]))
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if starts and _TABLE_ROW.match(following) and not _DELIMITER_ROW.match(following):
            cells = line.strip().strip("|").count("|") + 1
            out.append("|" + "---|" * cells)
    return "\n".join(out)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_REFERENCE = re.compile(
    rb"&#(?:0*(?:[0-8]|1[1-24-9]|2\d|3[01]|127)|[xX]0*(?:[0-8]|[bBcCeEfF]|1[0-9a-fA-F]|7[fF]));"
)


def _controls_as_pictures(data: bytes) -> bytes:
    """Control characters, raw or as references, as their visible pictures (␛ for ESC).

    lxml's trees cannot hold them: with one in the page trafilatura extracted nothing."""

    def picture(code: int) -> bytes:
        return f"&#x{0x2421 if code == 0x7F else 0x2400 + code:x};".encode()

    data = _CONTROL_BYTE.sub(lambda m: picture(m.group()[0]), data)

    def reference(found: re.Match[bytes]) -> bytes:
        body = found.group()[2:-1]
        code = int(body[1:], 16) if body[:1] in (b"x", b"X") else int(body)
        return picture(code)

    return _CONTROL_REFERENCE.sub(reference, data)


def page_text(data: bytes) -> str:
    """All the visible text of a page: tags removed, scripts and styles dropped."""
    from lxml import etree, html

    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        # Valid UTF-8 is read as such: lxml takes undeclared bytes for Latin-1.
        markup: str | bytes = _XML_DECLARATION.sub("", data.decode("utf-8"), count=1)
    except UnicodeDecodeError:
        markup = data
    try:
        root = html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter("script", "style", "noscript", "template")):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):  # a block ends a paragraph of the text
        element.tail = "\n\n" + (element.tail or "")
    lines = []
    for chunk in _BLANK_LINES.split("".join(root.itertext())):
        line = _SPACES.sub(" ", chunk).strip()
        if line:
            lines.append(line)
    return "\n\n".join(lines)
