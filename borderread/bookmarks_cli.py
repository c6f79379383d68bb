"""``borderread bookmarks list|add|remove|export``: the bookmarks store from the shell."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from borderread.cli_args import parse_arguments, paths_argument
from borderread.data.jsonfile import dumps
from borderread.data.text import safe, scrub
from borderread.paths import bookmarks_path


class BookmarksCliError(Exception):
    """One clear line for stderr; exit status 2."""


def _common(parser: argparse.ArgumentParser, paths: bool = True) -> None:
    parser.add_argument(
        "--bookmarks",
        metavar="FILE",
        help="the bookmarks file (env: BORDERREAD_BOOKMARKS; default: "
        "bookmarks.json in the user data folder)",
    )
    if paths:
        paths_argument(parser)


def build_parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    top = argparse.ArgumentParser(
        prog="borderread bookmarks",
        description="Bookmarks with notes, anchored to the text so they survive edits.",
    )
    sub = top.add_subparsers(dest="action", metavar="ACTION")
    listing = sub.add_parser(
        "list",
        help="every bookmark and whether it is still found",
        description="One bookmark a line: id, status (exact, relocated "
        "or orphaned), article, paragraph, quote, note.",
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    _common(listing)
    add = sub.add_parser(
        "add",
        help="bookmark a paragraph or a quoted passage",
        description="Bookmark a paragraph of ARTICLE (--paragraph N, numbered from 1 "
        "as 'search' shows it: ¶N) or the passage quoted with --quote. Prints the "
        "new bookmark's id.",
    )
    add.add_argument("article", metavar="ARTICLE", help="an id, a unique id prefix or a path")
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument("--paragraph", type=int, metavar="N")
    where.add_argument("--quote", metavar="TEXT")
    add.add_argument("--note", default="", metavar="TEXT")
    _common(add)
    remove = sub.add_parser("remove", help="remove a bookmark by id")
    remove.add_argument("id", metavar="ID")
    _common(remove, paths=False)
    export = sub.add_parser(
        "export",
        help="every bookmark as Markdown or JSON",
        description="Markdown: a heading per article, each bookmark as a "
        "> quote with its note and date.",
    )
    export.add_argument("--format", choices=("markdown", "json"), default="markdown")
    _common(export)
    return top, {"list": listing, "add": add, "remove": remove, "export": export}


def run(argv: Sequence[str], load_corpus: Callable[[Sequence[Path]], Any]) -> int:
    """Run ``bookmarks ACTION ...``; ``load_corpus`` loads articles (or raises for the CLI)."""
    top, parsers = build_parsers()
    if not argv or argv[0] not in parsers:
        top.parse_args(argv)  # help, or an argparse error (exit 2)
        top.print_help()
        return 2
    args = parse_arguments(parsers[argv[0]], list(argv[1:]))
    from borderread.data.bookmarks import BookmarkStore

    store = BookmarkStore(bookmarks_path(args.bookmarks))
    for notice in store.load():
        print(f"borderread: {safe(notice)}", file=sys.stderr)
    action = argv[0]
    if action == "remove":
        if args.id not in store.bookmarks:
            raise BookmarksCliError(f"no bookmark with id {safe(args.id)}")
        _check(store, store.remove(args.id), "bookmark not removed")
        return 0
    if action == "add":
        from borderread.cli import paths_for

        return _add(store, load_corpus(paths_for(args.article, args.paths)), args)
    from borderread.data.anchoring import locate_all

    bookmarks = list(store.bookmarks.values())
    corpus = load_corpus(args.paths) if args.paths else _own_articles(bookmarks, load_corpus)
    located = locate_all(bookmarks, corpus.articles)
    located.sort(key=lambda item: (item.bookmark.created, item.bookmark.id))
    if action == "list":
        _print_list(located, corpus, args.json)
    else:
        print(_export(located, corpus, args.format), end="")
    return 0


def _check(store: Any, message: str | None, failed: str) -> None:
    """A change that did not reach the file is an error (a one-shot command has no later
    save to retry with); a message about a change that did is a warning."""
    if store.pending:
        raise BookmarksCliError(f"{failed}: {safe(message or 'unknown error')}")
    if message:
        print(f"borderread: {safe(message)}", file=sys.stderr)


def _own_articles(bookmarks: list[Any], load_corpus: Callable[[Sequence[Path]], Any]) -> Any:
    """The articles the bookmarks were made in, each read from its own file; the bundled
    articles too while a bookmark does not say where its article is."""
    from borderread.data.corpus import Corpus, Source, iter_load
    from borderread.data.models import Article

    sources: dict[str, Source] = {}
    for bookmark in bookmarks:
        path = bookmark.article_path
        if path and path not in sources:
            sources[path] = Source(Path(path), bookmark.article_id)
    corpus = Corpus()
    for item in iter_load([s for s in sources.values() if s.path.is_file()]):
        if isinstance(item, Article):
            corpus.articles.append(item)
    if not bookmarks or any(not bookmark.article_path for bookmark in bookmarks):
        corpus.articles.extend(load_corpus([]).articles)
    return corpus


def _add(store: Any, corpus: Any, args: argparse.Namespace) -> int:
    from borderread.data.anchoring import anchor_for, make_bookmark
    from borderread.data.bookmarks import check_note
    from borderread.data.corpus import ArticleNotFound

    try:
        article = corpus.find(args.article)
    except ArticleNotFound as error:
        raise BookmarksCliError(safe(str(error))) from None
    if args.paragraph is not None:  # as people see it: ¶1 is the first
        if not 1 <= args.paragraph <= len(article.body):
            raise BookmarksCliError(f"{safe(article.id)} has paragraphs 1 to {len(article.body)}")
        anchor = anchor_for(article, args.paragraph - 1)
    else:
        anchor = _anchor_for_quote(article, scrub(args.quote))
    note = scrub(args.note)
    if problem := check_note(note):
        raise BookmarksCliError(f"bookmark not saved: {problem}")
    bookmark = make_bookmark(article, anchor, note, set(store.bookmarks))
    _check(store, store.add(bookmark), "bookmark not saved")
    print(bookmark.id)
    return 0


def _anchor_for_quote(article: Any, quote: str) -> Any:
    """The passage ``quote`` stands for: verbatim, or found by the search engine."""
    from borderread.data.anchoring import anchor_for
    from borderread.data.search import SearchIndex

    for index, block in enumerate(article.body):
        found = block.text.find(quote)
        if found >= 0 and quote:
            return anchor_for(article, index, found, found + len(quote))
    hits = SearchIndex([article]).search(f'"{quote}"', limit=1) or SearchIndex([article]).search(
        quote, limit=1
    )
    if not hits or not hits[0].spans:
        raise BookmarksCliError(f"the quote was not found in {safe(article.id)}")
    hit = hits[0]
    return anchor_for(article, hit.paragraph, hit.spans[0][0], hit.spans[-1][1])


def _row(item: Any, titles: dict[str, str]) -> dict[str, Any]:
    bookmark = item.bookmark
    return {
        "id": bookmark.id,
        "status": item.status,
        "score": item.score,
        "article": item.article_id or bookmark.article_id,
        "title": titles.get(item.article_id or "", bookmark.article_title),
        "paragraph": item.paragraph if item.status != "orphaned" else None,
        "paragraph_number": item.paragraph + 1 if item.status != "orphaned" else None,
        "quote": bookmark.anchor.exact,
        "note": bookmark.note,
        "created": bookmark.created,
        "updated": bookmark.updated,
    }


def _quote(item: Any, by_id: dict[str, Any]) -> str:
    """Whole sentences around the bookmarked passage, ``…`` marking any cut; for an orphaned
    bookmark, its saved quote (``…`` where it was cut from its paragraph)."""
    from borderread.data.snippets import whole_sentences

    article = by_id.get(item.article_id or "")
    if item.status != "orphaned" and article is not None and item.paragraph < len(article.body):
        return whole_sentences(article.body[item.paragraph].text, item.start, item.end)
    anchor = item.bookmark.anchor
    exact: str = anchor.exact
    return ("… " if anchor.prefix else "") + exact + (" …" if anchor.suffix else "")


def _print_list(located: list[Any], corpus: Any, as_json: bool) -> None:
    titles = {article.id: article.title for article in corpus.articles}
    rows = [_row(item, titles) for item in located]
    if as_json:
        print(dumps(rows, indent=2))
        return
    for row in rows:
        quote = row["quote"] if len(row["quote"]) <= 60 else row["quote"][:59] + "…"
        paragraph = "-" if row["paragraph"] is None else f"¶{row['paragraph_number']}"
        fields = [
            row["id"],
            row["status"],
            row["article"],
            paragraph,
            f"“{quote}”",
            row["note"] or "-",
            row["created"],
        ]
        print("\t".join(safe(str(f)) for f in fields))


def _export(located: list[Any], corpus: Any, fmt: str) -> str:
    titles = {article.id: article.title for article in corpus.articles}
    rows = [_row(item, titles) for item in located]
    if fmt == "json":
        return dumps(rows, indent=2) + "\n"
    by_id = {article.id: article for article in corpus.articles}
    for item, row in zip(located, rows, strict=True):
        row["quote"] = _quote(item, by_id)
    out = ["# Bookmarks", ""]
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_article.setdefault(row["title"], []).append(row)
    for title, items in by_article.items():
        out += [f"## {safe(title)}", ""]
        for row in items:
            out += [f"> {safe(row['quote'])}", ""]
            if row["note"]:
                out += [safe(row["note"]), ""]
            status = "" if row["status"] == "exact" else f" · {row['status']}"
            out += [f"*{row['created']}*{status} · `{row['id']}`", ""]
    return "\n".join(out)
