"""reStructuredText to reader-mode blocks with docutils: parsed, not guessed.

Read as plain text, a README's ``.. image::`` badges and ``.. code-block::`` showed as
code, ``**bold**`` and ````literal```` kept their markup and the badges' substitution line
became the title. Here docutils parses the document and its tree becomes blocks: section
titles as headings, paragraphs, nested bullet and numbered lists, literal blocks as code,
quotes, admonitions, definition, field and option lists, tables, line blocks, rules, with
inline bold, italics, code and links; images stand as their alt text (a paragraph of
nothing but images and links is a README's badges, set apart).

Sphinx's directives and roles (``.. function::``, ``:class:`Path```), which docutils does
not know, are read generically: a description's signature as code and its body as text,
a role's text as code or as written; directives that only steer Sphinx (``toctree``,
``index``) show nothing. Nothing is read from elsewhere (``include``, ``raw`` and file
options are off) and docutils' reports go nowhere. A document docutils cannot parse is
read as plain text.
"""

from __future__ import annotations

import io
import re
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from borderread.data.inline_text import InlineText, append, strip_spans, verbatim
from borderread.data.models import CELL_SEPARATOR, Kind, Span, bullet_marker
from borderread.data.segment import RawBlock

if TYPE_CHECKING:
    from docutils import nodes

MAX_RST_BYTES = 512 * 1024
"""A bigger document is read as plain text: docutils parses ~0.22 MB/s here (0.5 MB of
CMake's documentation: 2.3 s, against 0.28 s read as plain text)."""
_ADMONITION_TITLES = {
    "attention": "Attention", "caution": "Caution", "danger": "Danger", "error": "Error",
    "hint": "Hint", "important": "Important", "note": "Note", "tip": "Tip",
    "warning": "Warning", "seealso": "See also",
}  # fmt: skip
_SPHINX_LABELS = {
    "versionadded": "Added in version", "versionchanged": "Changed in version",
    "deprecated": "Deprecated since version", "versionremoved": "Removed in version",
}  # fmt: skip
_SPHINX_DESCRIPTIONS = (
    "function", "method", "class", "attribute", "data", "exception", "module", "decorator",
    "decoratormethod", "classmethod", "staticmethod", "property", "describe", "object",
    "option", "envvar", "program", "cmdoption", "type", "macro", "member", "var", "struct",
    "union", "enum", "enumerator", "glossary", "productionlist", "centered", "hlist",
    "rst:directive", "rst:role", "confval", "event",
    *(f"py:{name}" for name in ("function", "method", "class", "attribute", "data",
                                "exception", "module", "decorator", "property")),
    *(f"c:{name}" for name in ("function", "macro", "type", "member", "var", "struct")),
)  # fmt: skip
_SPHINX_SILENT = (
    "index", "highlight", "currentmodule", "moduleauthor", "sectionauthor",
    "codeauthor", "literalinclude", "autofunction", "autoclass", "automodule",
    "automethod", "autoattribute", "autodata", "autoexception", "autosummary",
    "tabularcolumns", "testsetup", "testcleanup", "doctest-skip", "py:currentmodule",
    "py:module", "c:namespace", "default-domain", "impl-detail", "audit-event",
    "availability", "deprecated-removed", "graphviz", "plot", "todo",
)  # fmt: skip
_SPHINX_CONTAINERS = ("only", "tabs", "tab", "group-tab", "code-tab", "ifconfig", "cssclass")
"""Sphinx directives whose argument is a condition or a label: only their body shows."""
_CODE_ROLES = (
    "func", "meth", "class", "mod", "attr", "data", "exc", "obj", "const", "type",
    "macro", "member", "var", "envvar", "option", "program", "file", "samp", "kbd",
    "command", "makevar", "mimetype", "regexp", "token", "keyword", "cmdoption",
)  # fmt: skip
_TEXT_ROLES = (
    "ref", "doc", "term", "abbr", "dfn", "guilabel", "menuselection", "newsgroup",
    "numref", "download", "issue", "gh", "source", "pypi", "any", "manpage",
)  # fmt: skip


def parse_rst(lines: list[str], start: int = 0) -> list[RawBlock] | None:
    """The blocks of the reStructuredText in ``lines[start:]`` (line numbers index
    ``lines``), or None when docutils cannot read it (or it is too big to, quickly)."""
    body = lines[start:]
    source = "\n".join(body)
    if len(source) > MAX_RST_BYTES:
        return None
    _learn_names(source)
    document = _doctree(source)
    if document is None:
        return None
    walker = _Walker(start, len(lines), lines)
    walker.children(document)
    return walker.blocks


_SETTINGS = {
    "report_level": 5, "halt_level": 5, "file_insertion_enabled": False,
    "raw_enabled": False, "_disable_config": True, "input_encoding": "unicode",
    "doctitle_xform": False, "sectsubtitle_xform": False, "syntax_highlight": "none",
    "line_length_limit": MAX_RST_BYTES, "traceback": True, "pep_references": False,
    "rfc_references": False,
}  # fmt: skip
_PARSING = threading.Lock()
"""docutils' parser keeps its state machine on itself: one document at a time."""


def publish(source: str) -> nodes.document:
    """docutils' document tree of ``source``, with its transforms applied (what
    ``publish_doctree`` makes, without making its settings and components again for every
    document: 6.1 → 4.2 ms a CMake help file)."""
    from docutils.utils import new_document

    parser, reader, settings = _components()
    with _PARSING:
        settings.warning_stream = io.StringIO()
        document = new_document("<string>", settings)
        parser.parse(source, document)
        document.transformer.populate_from_components((reader, parser))
        document.transformer.apply_transforms()
    return document


@lru_cache(maxsize=1)
def _components() -> tuple[Any, Any, Any]:
    """docutils' reStructuredText parser, standalone reader and settings, made once."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.readers.standalone import Reader

    settings = get_default_settings(Parser, Reader)
    for name, value in _SETTINGS.items():
        setattr(settings, name, value)
    parser = Parser()
    return parser, Reader(parser=parser), settings


def _doctree(source: str) -> nodes.document | None:
    try:
        return publish(source)
    except Exception:  # any failure of a third-party parser on any text:
        return None  # read as plain text instead


_SPACES = re.compile(r"\s+")
_NAME = r"[^\W_](?:[-._+:]?[^\W_])*"
"""A directive's or role's name, as docutils reads one."""
_DIRECTIVE_NAME = re.compile(rf"^[ \t]*\.\.[ \t]+({_NAME})[ \t]*::", re.M)
_ROLE_NAME = re.compile(rf"(?<![\w`]):({_NAME}):`")


def _learn_names(source: str) -> None:
    """Any directive or role ``source`` uses that docutils does not know (a Sphinx
    domain's: CMake's ``.. command::``, ``:prop_tgt:``) is read generically, not lost."""
    _register_sphinx()
    for name in set(_DIRECTIVE_NAME.findall(source)):
        _learn_directive(name.lower())
    for name in set(_ROLE_NAME.findall(source)):
        _learn_role(name.lower())


@lru_cache(maxsize=4096)
def _learn_directive(name: str) -> None:
    from docutils.parsers.rst import directives

    found, _messages = directives.directive(name, _english(), _scratch_document())
    if found is None:
        directives.register_directive(name, _directive_classes()["described"])


@lru_cache(maxsize=4096)
def _learn_role(name: str) -> None:
    from docutils.parsers.rst import roles

    found, _messages = roles.role(name, _english(), 0, _scratch_document().reporter)
    if found is None:
        roles.register_local_role(name, _role(as_code=True))


@lru_cache(maxsize=1)
def _english() -> Any:
    from docutils.parsers.rst.languages import get_language

    return get_language("en")


@lru_cache(maxsize=1)
def _scratch_document() -> nodes.document:
    """A document for docutils' look-ups to report to (its reports go nowhere)."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    settings = get_default_settings(Parser)
    settings.report_level, settings.halt_level, settings.warning_stream = 5, 5, io.StringIO()
    return new_document("<scratch>", settings)


@lru_cache(maxsize=1)
def _register_sphinx() -> None:
    """Teach docutils Sphinx's common directives and roles, generically (once)."""
    from docutils.parsers.rst import directives, roles

    classes = _directive_classes()
    for name in (*_SPHINX_DESCRIPTIONS, *_SPHINX_LABELS, "seealso"):
        directives.register_directive(name, classes["described"])
    for name in _SPHINX_CONTAINERS:
        directives.register_directive(name, classes["contents"])
    for name in _SPHINX_SILENT:
        directives.register_directive(name, classes["silent"])
    directives.register_directive("toctree", classes["toctree"])
    directives.register_directive("include", classes["include"])
    for name in _CODE_ROLES:
        for prefix in ("", "py:", "c:", "std:"):
            roles.register_local_role(prefix + name, _role(as_code=True))
    for name in _TEXT_ROLES:
        roles.register_local_role(name, _role(as_code=False))


@lru_cache(maxsize=1)
def _directive_classes() -> dict[str, type[Any]]:
    """Sphinx-like directives: a description (or note), one that shows nothing, a table
    of contents (its entries as a list), one that shows only its body, and an include
    that says what it would include."""
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives

    class Described(Directive):
        """A Sphinx description or note: its argument as code (or after its label), then
        its body as text."""

        has_content = True
        optional_arguments = 1
        final_argument_whitespace = True
        option_spec: ClassVar[dict[str, Callable[[str], Any]]] = defaultdict(
            lambda: directives.unchanged
        )  # any option, ignored

        def run(self) -> list[nodes.Node]:
            found: list[nodes.Node] = []
            argument = self.arguments[0] if self.arguments else ""
            label = _SPHINX_LABELS.get(self.name) or _ADMONITION_TITLES.get(self.name)
            if label or argument:
                signature = nodes.paragraph()
                signature.line = self.lineno
                if label:
                    signature += nodes.strong(text=f"{label} {argument}".strip())
                else:
                    signature += nodes.literal(text=argument)
                found.append(signature)
            if self.content:
                body = nodes.block_quote() if label or argument else nodes.container()
                self.state.nested_parse(self.content, self.content_offset, body)
                found.append(body)
            return found

    class Silent(Described):
        def run(self) -> list[nodes.Node]:
            return []

    class Toctree(Described):
        def run(self) -> list[nodes.Node]:
            entries = nodes.bullet_list()
            for offset, line in enumerate(self.content):
                if line.strip() and not line.lstrip().startswith(":"):
                    item = nodes.list_item()
                    paragraph = nodes.paragraph(text=_entry_text(line.strip()))
                    paragraph.line = self.content_offset + offset + 1
                    item += paragraph
                    entries += item
            return [entries] if entries.children else []

    class Included(Described):
        """``.. include:: file``: a line saying what is included (no file is read)."""

        def run(self) -> list[nodes.Node]:
            note = nodes.paragraph()
            note.line = self.lineno
            note += nodes.emphasis(
                text=f"(included here: {self.arguments[0] if self.arguments else ''})"
            )
            return [note]

    class Contents(Described):
        def run(self) -> list[nodes.Node]:
            body = nodes.container()
            self.state.nested_parse(self.content, self.content_offset, body)
            return [body]

    return {
        "described": Described, "silent": Silent, "toctree": Toctree,
        "contents": Contents, "include": Included,
    }  # fmt: skip


def _role(as_code: bool) -> Callable[..., Any]:
    """A role showing its text (see :func:`_role_text`) as code or as written."""
    from docutils import nodes

    def make(
        name: str, rawtext: str, text: str, lineno: int, inliner: Any,
        options: Any = None, content: Any = None,
    ) -> tuple[list[nodes.Node], list[nodes.Node]]:  # fmt: skip
        shown = _role_text(text)
        node: nodes.Node = nodes.literal(rawtext, shown) if as_code else nodes.Text(shown)
        return [node], []

    return make


def _entry_text(entry: str) -> str:
    """A table of contents' entry as shown: its title, or its document's name."""
    shown = _role_text(entry)
    return shown.rstrip("/").rsplit("/", 1)[-1] if shown == entry else shown


def _role_text(text: str) -> str:
    """What a Sphinx role shows: ``Title <target>`` its title, ``~a.b.c`` its last part."""
    text = text.replace("\x00", "")
    if text.endswith(">") and " <" in text:
        return text[: text.rindex(" <")].strip()
    text = text.lstrip("!")
    if text.startswith("~"):
        return text[1:].rsplit(".", 1)[-1]
    return text


@dataclass
class _Walker:
    """Turns a docutils tree into blocks, tracking sections, lists and quotes."""

    offset: int
    line_count: int
    source: list[str]
    blocks: list[RawBlock] = field(default_factory=list)
    section: int = 0
    lists: list[list[Any]] = field(default_factory=list)
    """Each open list: [its enumeration type or None for bullets, the next number]."""
    quote: int = 0
    pending_marker: str = ""
    last_line: int = 0

    # Blocks

    def lines(self, node: nodes.Node, text: str) -> tuple[int, int]:
        """The lines ``node`` came from, as well as docutils tells (never going back)."""
        line = getattr(node, "line", None)
        first = self.offset + line - 1 if isinstance(line, int) and line > 0 else self.last_line
        first = min(max(first, self.last_line), self.line_count - 1)
        if first > self.last_line and _is_underline(self.source[first]):
            first -= 1  # docutils gives a section title the line of its underline
        raw = getattr(node, "rawsource", "") or text
        last = min(first + raw.count("\n"), self.line_count - 1)
        self.last_line = first
        return first, max(first, last)

    def add(self, kind: Kind, inline: InlineText, node: nodes.Node, **fields: Any) -> None:
        if kind in ("code", "table"):
            text, styles, links = inline.text, tuple(inline.styles), tuple(inline.links)
        else:
            text, styles, links = strip_spans(inline)
        if not text.strip() and kind != "rule":
            return
        marker = ""
        if self.lists and kind not in ("heading", "rule"):
            marker, self.pending_marker = self.pending_marker, ""
        if kind == "paragraph" and self.lists:
            kind = "list_item"
        elif kind == "paragraph" and self.quote:
            kind = "quote"
        shown = text.replace(" ", "")
        reason = "badges" if inline.media and inline.media >= len(shown) else ""
        first, last = self.lines(node, text)
        self.blocks.append(
            RawBlock(
                text, first, last, kind == "heading", kind, depth=len(self.lists),
                marker=marker, quote=self.quote, styles=styles, links=links, reason=reason,
                display_safe=True, **fields,
            )
        )  # fmt: skip

    def children(self, node: nodes.Node) -> None:
        for child in getattr(node, "children", ()):
            self.visit(child)

    def visit(self, node: nodes.Node) -> None:
        from docutils import nodes

        if isinstance(node, (nodes.comment, nodes.substitution_definition, nodes.target,
                             nodes.system_message, nodes.raw, nodes.pending, nodes.meta,
                             nodes.decoration)):  # fmt: skip
            return
        if isinstance(node, nodes.section):
            self.section += 1
            self.children(node)
            self.section -= 1
        elif isinstance(node, (nodes.title, nodes.subtitle, nodes.rubric)):
            level = max(self.section, 1) + isinstance(node, nodes.subtitle)
            self.add("heading", _inline(node), node, level=level)
        elif isinstance(node, nodes.paragraph):
            inline = _inline(node)
            self.add("lines" if inline.breaks else "paragraph", inline, node)
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            enumeration = node.get("enumtype") if isinstance(node, nodes.enumerated_list) else None
            self.lists.append([enumeration, int(node.get("start", 1) or 1), node])
            self.children(node)
            self.lists.pop()
        elif isinstance(node, nodes.list_item):
            self.pending_marker = self._marker()
            self.children(node)
            self.pending_marker = ""
        elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            code = verbatim(node.astext())
            self.add("code", InlineText([code], len(code)), node)
        elif isinstance(node, nodes.line_block):
            self.add("lines", _lines(node), node)
        elif isinstance(node, nodes.block_quote):
            self.quote += 1
            self.children(node)
            self.quote -= 1
        elif isinstance(node, nodes.attribution):
            inline = _inline(node)
            inline.parts.insert(0, "— ")
            inline.styles = [(s + 2, e + 2, st) for s, e, st in inline.styles]
            inline.links = [(s + 2, e + 2, u) for s, e, u in inline.links]
            inline.length += 2
            self.add("paragraph", inline, node)
        elif isinstance(node, nodes.Admonition) and isinstance(node, nodes.Element):
            self._admonition(node)
        elif isinstance(node, nodes.transition):
            self.add("rule", InlineText(), node)
        elif isinstance(node, nodes.table):
            self._table(node)
        elif isinstance(node, (nodes.image, nodes.figure)):
            self._figure(node)
        elif isinstance(node, (nodes.definition_list_item, nodes.field, nodes.option_list_item)):
            self._described(node)
        elif isinstance(node, (nodes.footnote, nodes.citation)):
            self._footnote(node)
        elif isinstance(node, nodes.TextElement):
            self.add("paragraph", _inline(node), node)
        else:  # document, container, topic, sidebar, compound, lists of items...
            self.children(node)

    def _marker(self) -> str:
        level = self.lists[-1]
        if level[0] is None:
            return bullet_marker(len(self.lists))
        number, level[1] = level[1], level[1] + 1
        node = level[2]
        return f"{node.get('prefix', '')}{_enumerated(number, level[0])}{node.get('suffix', '.')}"

    def _admonition(self, node: nodes.Element) -> None:
        from docutils import nodes

        name = type(node).__name__
        title = _ADMONITION_TITLES.get(name)
        if title is not None:
            label = InlineText()
            label.add(title)
            label.styles.append((0, label.length, "bold"))
            self.add("paragraph", label, node)
        self.quote += 1
        for child in node.children:
            if isinstance(child, nodes.title):  # a generic admonition's own title
                self.add("paragraph", _bold(_inline(child)), child)
            else:
                self.visit(child)
        self.quote -= 1

    def _table(self, node: nodes.Element) -> None:
        from docutils import nodes

        table = InlineText()
        rows: list[tuple[Span, ...]] = []
        for row in node.findall(nodes.row):
            cells: list[Span] = []
            if rows:
                table.add_break("\n")
            for entry in row.children:
                if cells:
                    table.add(CELL_SEPARATOR)
                start = table.length
                append(table, _inline(entry, block_spaces=True))
                cells.append((start, table.length))
            rows.append(tuple(cells))
        table.breaks = 0
        for title in node.children:
            if isinstance(title, nodes.title):
                self.add("paragraph", _bold(_inline(title)), title)
        if rows:
            self.add("table", table, node, rows=tuple(rows))

    def _figure(self, node: nodes.Element) -> None:
        from docutils import nodes

        images = [node] if isinstance(node, nodes.image) else list(node.findall(nodes.image))
        inline = InlineText()
        for image in images:
            if inline.length:
                inline.add(" ")
            _image(inline, image, link=True)
        self.add("paragraph", inline, node)
        for child in node.children:
            if isinstance(child, nodes.caption):
                self.add("paragraph", _inline(child), child)
            elif isinstance(child, nodes.legend):
                self.children(child)

    def _described(self, node: nodes.Element) -> None:
        """A definition list's term, a field's name, an option: a line, then its body."""
        from docutils import nodes

        head = InlineText()
        for child in node.children:
            if isinstance(child, (nodes.term, nodes.classifier, nodes.field_name,
                                  nodes.option_group)):  # fmt: skip
                if head.length:
                    head.add(" : " if isinstance(child, nodes.classifier) else ", ")
                append(head, _inline(child))
        if head.length:
            self.add("paragraph", _bold(head), node)
        self.quote += 1
        for child in node.children:
            if isinstance(child, (nodes.definition, nodes.field_body, nodes.description)):
                self.children(child)
        self.quote -= 1

    def _footnote(self, node: nodes.Element) -> None:
        from docutils import nodes

        labels = [child.astext() for child in node.children if isinstance(child, nodes.label)]
        prefix = f"[{labels[0]}] " if labels else ""
        for position, child in enumerate(
            c for c in node.children if not isinstance(c, nodes.label)
        ):
            if position == 0 and isinstance(child, nodes.paragraph) and prefix:
                inline = InlineText()
                inline.add(prefix)
                append(inline, _inline(child))
                self.add("paragraph", inline, child)
            else:
                self.visit(child)


def _is_underline(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) > 1 and len(set(stripped)) == 1 and not stripped[0].isalnum()


def _enumerated(number: int, kind: str) -> str:
    if kind == "loweralpha" and 1 <= number <= 26:
        return chr(ord("a") + number - 1)
    if kind == "upperalpha" and 1 <= number <= 26:
        return chr(ord("A") + number - 1)
    if kind in ("lowerroman", "upperroman") and 0 < number < 40:
        roman = _roman(number)
        return roman if kind == "upperroman" else roman.lower()
    return str(number)


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


# Inline


def _inline(node: nodes.Node, block_spaces: bool = False) -> InlineText:
    """The text of a text element with its styles and links; ``block_spaces``: blocks
    inside (a table cell's paragraphs) are joined by spaces."""
    text = InlineText()
    _walk_inline(node, text, in_link=False, block_spaces=block_spaces)
    return text


_STYLES = {
    "emphasis": "italic", "title_reference": "italic", "strong": "bold",
    "literal": "code", "math": "code",
}  # fmt: skip


def _walk_inline(node: nodes.Node, text: InlineText, in_link: bool, block_spaces: bool) -> None:
    from docutils import nodes

    for child in getattr(node, "children", ()):
        if isinstance(child, nodes.Text):
            text.add(_SPACES.sub(" ", child.astext()))
        elif isinstance(child, (nodes.system_message, nodes.target, nodes.comment,
                                nodes.substitution_definition, nodes.raw)):  # fmt: skip
            continue
        elif isinstance(child, nodes.image):
            _image(text, child, link=not in_link)
        elif isinstance(child, nodes.reference):
            start = text.length
            _walk_inline(child, text, True, block_spaces)
            if text.length > start:
                text.links.append((start, text.length, str(child.get("refuri", ""))))
                text.styles.append((start, text.length, "link"))
                text.media += text.length - start
        elif isinstance(child, (nodes.footnote_reference, nodes.citation_reference)):
            text.add(f"[{child.astext()}]")
        elif isinstance(child, (nodes.literal_block, nodes.line_block)) and not block_spaces:
            text.add(child.astext().replace("\n", " "))
        elif isinstance(child, nodes.Element) and not isinstance(child, nodes.Inline):
            if text.length and block_spaces:
                text.add(" ")
            _walk_inline(child, text, in_link, block_spaces)
        else:
            style = _STYLES.get(type(child).__name__)
            start = text.length
            _walk_inline(child, text, in_link, block_spaces)
            if style and text.length > start:
                text.styles.append((start, text.length, style))


def _image(text: InlineText, image: nodes.Element, link: bool) -> None:
    start = text.length
    alt = " ".join(str(image.get("alt", "")).split())
    text.add(alt or "image")
    text.styles.append((start, text.length, "image"))
    target = image.parent.get("refuri") if image.parent is not None else None
    if link or target:
        text.links.append((start, text.length, str(target or image.get("uri", ""))))
    text.media += text.length - start


def _lines(node: nodes.Element) -> InlineText:
    from docutils import nodes

    text = InlineText()
    for line in node.findall(nodes.line):
        if text.length:
            text.add_break("\n")
        append(text, _inline(line))
    return text


def _bold(text: InlineText) -> InlineText:
    if text.length:
        text.styles.append((0, text.length, "bold"))
    return text
