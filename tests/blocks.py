"""What the reader makes of a marked-up text, for the tests of its parsers."""

from __future__ import annotations

from borderread.data.clean import Markup, read_article
from borderread.data.models import Block


def read_blocks(text: str, markup: Markup) -> tuple[str, list[Block]]:
    """The title and blocks the reader makes of ``text`` read as ``markup``."""
    meta, blocks = read_article(text, fallback_title="fallback", markup=markup)
    return meta.title, list(blocks)


def styled(block: Block) -> dict[str, str]:
    """Each styled stretch of a block's text, with its style."""
    return {block.text[start:end]: style for start, end, style in block.styles}
