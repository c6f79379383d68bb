"""PDFs (#13): paragraphs from the page geometry, headings by size, running headers set
apart, two columns in reading order, metadata, and a clear reason when there is no text."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from borderread.data.corpus import Source, load_article
from borderread.data.decode import NotText

SENTENCE = (
    "The committee met in the spring to review the report on river levels and agreed that "
    "the northern stations needed new gauges before the autumn floods arrived again"
)
WORDS = SENTENCE.split()


def _paragraph_lines(seed: int, count: int = 4, width: int = 60) -> list[str]:
    """Lines of about ``width`` characters cut from a long sentence (hard wraps)."""
    words = [f"{WORDS[(seed + n) % len(WORDS)]}" for n in range(count * 10)]
    lines, line = [], ""
    for word in words:
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line + ".")
    return lines


def _write_document(
    path: Path, *, pages: int = 3, columns: bool = False, header: bool = True
) -> list[list[str]]:
    pdf = FPDF(format="A4")
    pdf.set_title("Report on River Levels")
    pdf.set_author("Ada Lovelace")
    pdf.set_auto_page_break(False)
    written: list[list[str]] = []
    for number in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        if header:
            pdf.set_xy(20, 10)
            pdf.cell(0, 5, "Report on River Levels - Annual Review")  # running header
            pdf.set_xy(100, 285)
            pdf.cell(0, 5, str(number + 1))  # page number
        pdf.set_font("Helvetica", "B", size=18)
        pdf.set_xy(20, 30)
        pdf.cell(0, 10, f"Section {number + 1} Findings")
        pdf.set_font("Helvetica", size=11)
        y = 50.0
        for paragraph in range(2):
            lines = _paragraph_lines(number * 7 + paragraph * 3, width=30 if columns else 60)
            if number == 0 and paragraph == 0:
                lines[0] = lines[0] + " water-"  # a word broken at the line end
                lines[1] = "levels " + lines[1]
            written.append(lines)
            x, width = (20.0, 85.0) if columns else (20.0, 170.0)
            if columns and paragraph == 1:
                x, y = 110.0, 50.0
            for line in lines:
                pdf.set_xy(x, y)
                pdf.cell(width, 5.5, line)
                y += 5.5
            y += 8
    pdf.output(str(path))
    return written


def _page_in_points() -> FPDF:
    """A document of one A4 page measured in points, in 10-point Helvetica."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    return pdf


def _load(path: Path):  # type: ignore[no-untyped-def]
    return load_article(Source(path, path.name))


def test_paragraphs_headings_metadata_and_running_lines(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    written = _write_document(path)
    article = _load(path)
    assert (article.meta.title, article.meta.author) == ("Report on River Levels", "Ada Lovelace")
    assert article.meta.date is not None
    assert [h.text for h in article.headings][:3] == [
        "Section 1 Findings", "Section 2 Findings", "Section 3 Findings",
    ]  # fmt: skip
    paragraphs = [b.text for b in article.paragraphs]
    assert len(paragraphs) == len(written)  # one paragraph each: no hard wraps left
    for text, lines in zip(paragraphs, written, strict=True):
        assert text.endswith(lines[-1].split()[-1])
        assert text.startswith(lines[0].split()[0])
    assert "waterlevels" in paragraphs[0].replace(" ", "") and "water- levels" not in paragraphs[0]
    body = " ".join(b.text for b in article.body)
    assert "Annual Review" not in body  # the running header is set apart
    running = [b.text for b in article.set_apart if b.reason == "running"]
    assert any("Annual Review" in text for text in running)
    assert any(text.endswith(") 2") for text in running)  # page numbers too
    sections = [i for i, b in enumerate(article.blocks) if b.role == "heading"][:3]
    assert [article.page_of(i) for i in sections] == [1, 2, 3]


def test_show_json_gives_each_pdf_block_its_page(tmp_path: Path) -> None:
    from borderread.render_text import structure

    path = tmp_path / "report.pdf"
    _write_document(path)
    blocks = structure(_load(path))["blocks"]
    pages = [(b["text"], b.get("page")) for b in blocks if b["role"] in ("heading", "text")]
    assert pages[0] == ("Section 1 Findings", 1)
    assert [page for _, page in pages] == sorted(page for _, page in pages)  # in page order
    assert {page for _, page in pages} == {1, 2, 3}


def test_two_columns_are_read_in_order(tmp_path: Path) -> None:
    path = tmp_path / "columns.pdf"
    written = _write_document(path, pages=1, columns=True, header=False)
    paragraphs = [b.text for b in _load(path).paragraphs]
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith(written[0][0].split()[0])
    assert paragraphs[1].endswith(written[1][-1].split()[-1])


def test_pdfs_without_text_say_why(tmp_path: Path) -> None:
    scanned = FPDF()
    scanned.add_page()
    scanned.rect(20, 20, 100, 100, style="F")  # a page with no text layer
    scanned.output(str(tmp_path / "scan.pdf"))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n this is not really a pdf")
    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.set_font("Helvetica", size=12)
    locked.cell(0, 10, "Secret text")
    locked.output(str(tmp_path / "locked.pdf"))
    reasons = {}
    for name in ("scan.pdf", "broken.pdf", "locked.pdf"):
        with pytest.raises(NotText) as caught:
            _load(tmp_path / name)
        reasons[name] = str(caught.value)
    assert reasons["scan.pdf"] == "no text layer: scanned pages (a PDF of images)"
    assert reasons["broken.pdf"].startswith("damaged PDF")
    assert reasons["locked.pdf"] == "encrypted PDF (it needs a password)"


def test_code_in_a_monospaced_font_keeps_its_lines(tmp_path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 20)
    pdf.cell(0, 6, "The example below sets the cache size and reads one input file.")
    code = ["frob --cache=64 input.txt", "frob --quiet", "exit 0"]
    for n, line in enumerate(code):
        pdf.set_font("Courier", size=10)
        pdf.set_xy(20, 32 + 5 * n)
        pdf.cell(0, 5, line)
    pdf.set_font("Courier", size=10)
    pdf.set_xy(20, 60)
    pdf.cell(0, 5, "void frob_init (struct frob *ctx)")
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(170, 60)
    pdf.cell(0, 5, "[Function]")
    pdf.set_xy(20, 70)
    pdf.cell(0, 6, "After the code the text goes on as prose, in a proportional font again.")
    path = tmp_path / "code.pdf"
    pdf.output(str(path))
    article = _load(path)
    kinds = [(b.kind, b.text) for b in article.body]
    assert ("preformatted", "frob --cache=64 input.txt\nfrob --quiet\nexit 0") in kinds
    assert any(text.endswith("[Function]") and "frob_init" in text for _, text in kinds)
    assert kinds[-1][0] == "paragraph" and kinds[-1][1].startswith("After the code")


def test_words_a_fraction_of_a_point_apart_stay_one_line_in_order(tmp_path: Path) -> None:
    """Texinfo sets a definition's arguments in a slanted font whose baseline differs by a
    fraction of a point: sorting by rounded baselines cut such lines into reordered pieces."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.text(20, 25, "Hash functions")
    for n, bits in enumerate(("256", "512")):
        pieces = [("", f"void sha{bits}_init"), ("I", "(struct"), ("I", f"sha{bits}_ctx"),
                  ("", "*ctx)")]  # fmt: skip
        y, x = 40.0 + 14 * n, 20.0
        for style, text in pieces:
            pdf.set_font("Helvetica", style, 10)
            pdf.text(x, y + (0.35 if style else 0.0), text)  # slanted: a little lower
            x += pdf.get_string_width(text + " ")
        pdf.set_font("Helvetica", "", 10)
        pdf.text(170, y, "[Function]")
        pdf.text(30, y + 6, f"Initialize the state of the SHA{bits} hash before data goes in.")
    path = tmp_path / "definitions.pdf"
    pdf.output(str(path))
    texts = [b.text for b in _load(path).body]
    assert "void sha256_init (struct sha256_ctx *ctx) [Function]" in texts, texts
    assert "void sha512_init (struct sha512_ctx *ctx) [Function]" in texts, texts


def test_lines_longer_than_plain_text_s_are_still_one_paragraph(tmp_path: Path) -> None:
    """A wide page in a small font has lines of ~120 characters: plain text that long is
    one paragraph a line, but a PDF's lines are wrapped, whatever their length."""
    pdf = FPDF(format="A3")
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    words = "the quick brown fox jumps over the lazy dog while the river keeps rising".split()  # noqa: SIM905
    for paragraph in range(2):
        line = " ".join(words[paragraph:] * 3)[:118]
        for n in range(4):
            pdf.text(20, 40 + paragraph * 30 + n * 4, line if n < 3 else "situation.")
    path = tmp_path / "wide.pdf"
    pdf.output(str(path))
    body = [b.text for b in _load(path).body]
    assert len(body) == 2 and all(text.endswith("situation.") for text in body), body


def test_a_line_that_starts_or_ends_otherwise_is_still_body_text(tmp_path: Path) -> None:
    """A line opening with an acronym in small capitals, or opening and closing with a
    function's name in a code font, is a line of its paragraph (not a heading or code).
    The lines break where a typesetter would (each next word would not have fitted)."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.text(20, 25, "Signatures")
    lines: list[list[tuple[str, float, str]]] = [
        [("Helvetica", 8.5, "DSA"),
         ("Helvetica", 10, "signatures are shorter than RSA ones, which matters for")],
        [("Helvetica", 10, "some of the more specialized applications, and calling")],
        [("Courier", 10, "set_key"), ("Helvetica", 10, "and then, for every block, the function"),
         ("Courier", 10, "encrypt")],
        [("Helvetica", 10, "is faster than setting the key again each time.")],
    ]  # fmt: skip
    for n, pieces in enumerate(lines):
        x = 20.0
        for family, size, text in pieces:
            pdf.set_font(family, "", size)
            pdf.text(x, 40 + 5 * n, text)
            x += pdf.get_string_width(text + " ")
    path = tmp_path / "acronym.pdf"
    pdf.output(str(path))
    body = [(b.kind, b.text) for b in _load(path).body]
    assert len(body) == 1 and body[0][0] == "paragraph", body
    assert body[0][1].startswith("DSA signatures") and body[0][1].endswith("each time.")


def test_a_bulleted_list_with_hanging_lines_keeps_each_item_whole(tmp_path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.text(20, 25, "Elements")
    pdf.set_font("Helvetica", "", 10)
    pdf.text(20, 35, "The file may hold these elements, each on a line of its own:")
    items = [
        (
            "A glob-deleteall element, which says that patterns from previously parsed",
            "directories must be discarded, and the ones of this file used instead.",
        ),
        (
            "A magic element, which holds a list of rules any of which may match, and",
            "an optional priority for all of the rules it holds.",
        ),
    ]
    for n, (first, second) in enumerate(items):
        pdf.text(20, 45 + 12 * n, "- " + first)
        pdf.text(24, 50 + 12 * n, second)  # under the item's text, not its bullet
    path = tmp_path / "list.pdf"
    pdf.output(str(path))
    body = [(b.kind, b.text) for b in _load(path).body]
    assert [kind for kind, _ in body] == ["paragraph", "list_item", "list_item"], body
    assert body[1][1] == f"{items[0][0]} {items[0][1]}" and body[2][1] == " ".join(items[1])


def test_underscores_drawn_as_rules_are_underscores(tmp_path: Path) -> None:
    """TeX's typewriter fonts in Texinfo manuals draw ``_`` as a rule, not a glyph: the
    text layer has a gap there ("uint8 t"). A thin rule in a gap on the baseline is one;
    a rule under words (an underline) and a real space stay as they are."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Courier", "", 10)
    advance = pdf.get_string_width("x")
    for n, (head, tail) in enumerate((("uint8", "t *data);"), ("sha256", "ctx *ctx);"))):
        y, x = 30.0 + 8 * n, 20.0
        pdf.text(x, y, head)
        gap = x + pdf.get_string_width(head)
        pdf.set_line_width(0.15)
        pdf.line(gap + 0.1 * advance, y + 0.1, gap + 0.9 * advance, y + 0.1)  # the "_"
        pdf.text(gap + advance, y, tail)
    pdf.set_font("Helvetica", "", 10)
    pdf.text(20, 60, "An underlined phrase stays as it is.")
    pdf.line(20, 60.8, 20 + pdf.get_string_width("An underlined"), 60.8)
    path = tmp_path / "underscores.pdf"
    pdf.output(str(path))
    raw = _load(path).raw
    assert "uint8_t *data);" in raw and "sha256_ctx *ctx);" in raw, raw
    assert "An underlined phrase stays as it is." in raw


def test_a_definition_s_wrapped_arguments_stay_with_it_and_its_label_goes_last(
    tmp_path: Path,
) -> None:
    """Texinfo wraps a long definition's arguments onto lines indented past its
    description's indent, with the label ("[Function]") at the end of the first line: the
    arguments had stood as a paragraph of their own ("uint8_t *data)")."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    size = 10
    pdf.set_font("Helvetica", "B", 16)
    pdf.text(60, 50, "Hash functions")
    pdf.set_font("Helvetica", "", size)
    y = 80.0
    definitions = [
        ("void sha256_update (struct sha256_ctx *ctx, size_t length, const", ["uint8_t *data)"],
         "Hash some more data."),
        ("void sha256_init (struct sha256_ctx *ctx)", [], "Initialize the SHA256 state."),
        ("void pbkdf2 (size_t key_length, const uint8_t *key,",
         ["unsigned iterations, size_t salt_length,", "uint8_t *dst)"], "Derive the key."),
    ]  # fmt: skip
    for first, arguments, description in definitions:
        pdf.text(60, y, first)
        pdf.text(480, y, "[Function]")
        for argument in arguments:
            y += 1.2 * size
            pdf.text(60 + 4.6 * size, y, argument)
        y += 1.1 * size
        pdf.text(60 + 2.6 * size, y, description)
        y += 2.2 * size
    path = tmp_path / "definitions.pdf"
    pdf.output(str(path))
    texts = [block.text for block in _load(path).body]
    assert texts == [
        "void sha256_update (struct sha256_ctx *ctx, size_t length, const uint8_t *data)"
        " [Function]",
        "Hash some more data.",
        "void sha256_init (struct sha256_ctx *ctx) [Function]",
        "Initialize the SHA256 state.",
        "void pbkdf2 (size_t key_length, const uint8_t *key, unsigned iterations, size_t"
        " salt_length, uint8_t *dst) [Function]",
        "Derive the key.",
    ], texts


def test_return_values_listed_with_descriptions_under_them_stay_apart(tmp_path: Path) -> None:
    """bzip2's manual lists return values as terms with their descriptions a little
    indented under them: a description ran on into the next term ("if the library has been
    mis-compiled BZ_PARAM_ERROR") and the list's first term joined the line announcing it."""
    pdf = _page_in_points()
    y = 80.0
    prose = (
        "Be aware also that this parameter may disappear entirely in future versions of the",
        "library. In principle it should be possible to devise a good way to choose which of",
        "the algorithms to use. Such a mechanism would render the parameter obsolete, and the",
        "default would then be the only value the library ever needs for its compression.",
    )
    entries = [
        ("BZ_CONFIG_ERROR", ["if the library has been mis-compiled"]),
        ("BZ_PARAM_ERROR", ["if strm is NULL", "or blockSize < 1 or blockSize > 9",
                            "or verbosity < 0 or verbosity > 4"]),
        ("BZ_OK", ["otherwise"]),
    ]  # fmt: skip
    for line in prose:
        pdf.text(72, y, line)
        y += 12
    y += 8
    pdf.text(72, y, "Possible return values:")
    for term, description in entries:
        y += 12
        pdf.text(90, y, term)
        for line in description:
            y += 12
            pdf.text(99, y, line)
    y += 20
    pdf.text(72, y, "Allowable next actions depend on the value returned, as said above.")
    path = tmp_path / "return_values.pdf"
    pdf.output(str(path))
    rows = [(b.kind, b.depth, b.text) for b in _load(path).body]
    assert rows == [
        ("paragraph", 0, " ".join(prose)),
        ("paragraph", 0, "Possible return values:"),
        ("list_item", 1, "BZ_CONFIG_ERROR"),
        ("list_item", 2, "if the library has been mis-compiled"),
        ("list_item", 1, "BZ_PARAM_ERROR"),
        ("list_item", 2, "if strm is NULL\nor blockSize < 1 or blockSize > 9\n"
                         "or verbosity < 0 or verbosity > 4"),
        ("list_item", 1, "BZ_OK"),
        ("list_item", 2, "otherwise"),
        ("paragraph", 0, "Allowable next actions depend on the value returned, as said above."),
    ], rows  # fmt: skip


def test_a_line_that_stops_short_of_its_next_word_ends_its_paragraph(tmp_path: Path) -> None:
    """libtasn1's parameter lists: one line per parameter, no full stop after the last
    ("etype: The type of the value read (ASN1_ETYPE)"), then the description, all at one
    margin and a line's pitch apart: the description ran on from the last parameter."""
    pdf = _page_in_points()
    parameters = [
        "root: pointer to a structure.",
        "name: the name of the element inside a structure that you want to read.",
        "etype: The type of the value read (ASN1_ETYPE)",
    ]
    description = [
        "Returns the type and value of one element inside a structure. If an element is marked",
        "as optional and this returns an error saying it was not found, it means that this one",
        "element was not present in the encoding that created the structure. The first element",
        "of a sequence is named by its number, and so on for all of the other ones after it.",
    ]
    for n, line in enumerate(parameters + description):
        pdf.text(72, 80 + 13 * n, line)
    path = tmp_path / "parameters.pdf"
    pdf.output(str(path))
    texts = [block.text for block in _load(path).body]
    assert texts == [*parameters, " ".join(description)], texts


def test_words_set_a_little_lower_in_another_font_are_kept(tmp_path: Path) -> None:
    """libtasn1's manual sets names in a code font a little below the line, with quote
    marks standing higher: read in one pass with the line, the names were swallowed into the run
    of words before them and lost ("If is " and is NULL"; 247 words of the Nettle manual)."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    words = [("Helvetica", 0.0, "If"), ("Courier", 2.5, "inputFileName"),
             ("Helvetica", 0.0, "is"), ("Helvetica", 0.0, '"'), ("Courier", 2.8, "/aa/bb/xx.yy"),
             ("Helvetica", 0.0, '"'), ("Helvetica", 0.0, "and"), ("Courier", 2.5, "outputFileName"),
             ("Helvetica", 0.0, "is"), ("Helvetica", 0.0, "NULL, the file is made.")]  # fmt: skip
    x = 72.0
    for family, drop, text in words:
        pdf.set_font(family, "", 11)
        pdf.text(x, 100 + drop, text)
        x += pdf.get_string_width(text + " ")
    pdf.set_font("Helvetica", "", 11)
    pdf.text(72, 114, "The next line of the paragraph goes on in the usual font at the margin.")
    path = tmp_path / "lower.pdf"
    pdf.output(str(path))
    text = " ".join(block.text for block in _load(path).body)
    for word in ("inputFileName", "/aa/bb/xx.yy", "outputFileName", "NULL, the file is made."):
        assert word in text, text


def test_a_display_formula_is_drawn_as_it_stands(tmp_path: Path) -> None:
    """A formula's pieces (a sum's limits, an exponent) come as short lines of their own,
    several to a row: they had fallen apart into one-word paragraphs ("N-1", "M =")."""
    pdf = _page_in_points()
    before = [
        "Cyclic Redundancy Check is a well-known technique that allows the recipient of a",
        "message sent over a noisy channel to detect whether the message has been damaged on",
        "its way. A message M of N bits may be viewed either as a numeric value, written as",
    ]
    after = "or as a polynomial of a single variable, which is how the rest of this paper sees it."
    for n, line in enumerate(before):
        pdf.text(72, 80 + 12 * n, line)
    pieces = [(7, 290, 130, "N-1"), (7, 330, 136, "N-1-k"), (10, 262, 142, "M ="),
              (10, 290, 144, "X mk2"), (7, 290, 152, "k=0")]  # fmt: skip
    for size, x, y, text in pieces:
        pdf.set_font("Helvetica", "", size)
        pdf.text(x, y, text)
    pdf.set_font("Helvetica", "", 10)
    pdf.text(72, 172, after)
    path = tmp_path / "formula.pdf"
    pdf.output(str(path))
    body = _load(path).body
    assert [block.kind for block in body] == ["paragraph", "preformatted", "paragraph"], body
    rows = body[1].text.split("\n")
    where = {text: next(i for i, row in enumerate(rows) if text in row) for *_, text in pieces}
    assert where["N-1"] < where["M ="] < where["k=0"], rows
    column = rows[where["k=0"]].index("k=0") - rows[where["X mk2"]].index("X mk2")
    assert abs(column) <= 1, rows  # a sum's lower limit under it, to a character
    assert body[0].text == " ".join(before) and body[2].text == after


def test_a_line_with_a_gap_in_it_stays_a_line_of_its_paragraph(tmp_path: Path) -> None:
    """Inline math leaves gaps that split a line into pieces on one row: one row of
    pieces is a line of prose, joined again (not drawn as a formula)."""
    pdf = _page_in_points()
    first = "For a given polynomial P(x) of degree D the remainder of a division by it is"
    pieces = ("the value of", "CRC(M)", "that every station compares before it goes on")
    last = "to accept the message, and the sender appends it to the message as it is sent."
    pdf.set_title("Checks")
    pdf.text(72, 80, first)
    x = 72.0
    for piece in pieces:
        pdf.text(x, 92, piece)
        x += pdf.get_string_width(piece) + 24  # a gap far wider than a space
    pdf.text(72, 104, last)
    path = tmp_path / "gap.pdf"
    pdf.output(str(path))
    texts = [block.text for block in _load(path).body]
    assert texts == [" ".join([first, *pieces, last])], texts


def test_a_table_row_written_without_a_gap_stays_in_its_table(tmp_path: Path) -> None:
    """bzip2's "filename.bz2  becomes filename" rows: one row's cells ran together (no
    gap), and the table had been cut in two around it."""
    pdf = _page_in_points()
    pdf.text(72, 80, "The program guesses the name of the file it writes from the name it reads:")
    rows = [("filename.bz2", 160), ("filename.tbz2 becomes filename.tar", 0),
            ("filename.tbz", 160)]  # fmt: skip
    for n, (name, gap_at) in enumerate(rows):
        pdf.text(75, 96 + 14 * n, name)
        if gap_at:
            pdf.text(gap_at, 96 + 14 * n, "becomes filename" + (".tar" if "tbz" in name else ""))
    pdf.text(72, 150, "If the name ends otherwise, the program complains and leaves the file be.")
    path = tmp_path / "table.pdf"
    pdf.output(str(path))
    body = _load(path).body
    assert [block.kind for block in body] == ["paragraph", "preformatted", "paragraph"], body
    assert len(body[1].text.split("\n")) == 3 and "tbz2 becomes filename.tar" in body[1].text


def test_a_table_written_one_run_a_row_keeps_its_columns(tmp_path: Path) -> None:
    """bzip2's table of block sizes is one run of text a row, its columns apart by wide
    spaces: each row had been a paragraph of its own ("-1 1200k 500k 350k 914704")."""
    pdf = _page_in_points()
    prose = "The table below gives the memory each block size needs, and the size it makes."
    pdf.text(72, 80, prose)
    rows = [("Flag", "usage", "Size"), ("-1", "1200k", "914704"), ("-2", "2000k", "877703"),
            ("-3", "2800k", "860338")]  # fmt: skip
    for n, cells in enumerate(rows):
        pdf.text(90, 100 + 12 * n, "        ".join(cells))  # one run, wide spaces
    pdf.text(72, 160, "Larger block sizes give rapidly diminishing returns for most files.")
    path = tmp_path / "spaced.pdf"
    pdf.output(str(path))
    body = _load(path).body
    assert [block.kind for block in body] == ["paragraph", "preformatted", "paragraph"], body
    lines = body[1].text.split("\n")
    assert [line.split() for line in lines] == [list(cells) for cells in rows], lines
    assert abs(lines[1].index("1200k") - lines[2].index("2000k")) <= 1, lines


def test_an_indented_line_does_not_join_the_paragraphs_of_the_rest(tmp_path: Path) -> None:
    """A PDF's text is laid out with a blank line between paragraphs: one line indented
    under a name (bzip2's references: "Julian Seward" over a title) made the reader take the
    whole text for one whose paragraphs begin with an indent, where a blank line after an
    unfinished sentence is a page break: paragraphs ran together, and the running headers
    and page numbers into the last of them."""
    pdf = _page_in_points()
    pdf.text(72, 80, "Julian Seward")
    pdf.text(81, 92, "On the Performance of BWT Sorting Algorithms")
    first = ["A paragraph of two lines that ends without a full stop, as the one before",
             "it did and as a caption does"]  # fmt: skip
    second = ["And the next paragraph, which is a sentence of its own, goes on to a second",
              "line and comes to its end."]  # fmt: skip
    for n, line in enumerate(first):
        pdf.text(72, 120 + 12 * n, line)
    for n, line in enumerate(second):
        pdf.text(72, 160 + 12 * n, line)
    path = tmp_path / "references.pdf"
    pdf.output(str(path))
    texts = [block.text for block in _load(path).body]
    assert texts[-2:] == [" ".join(first), " ".join(second)], texts
