"""Command line: ``borderread [PATH ...]`` opens the reader; subcommands script it."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from borderread import __version__, collector, prefetch, stdin_input
from borderread.cli_args import parse_arguments, paths_argument
from borderread.data.text import safe, scrub
from borderread.paths import cache_dir, seeds_dir, state_dir

if TYPE_CHECKING:  # the reader app does not pay for the CLI's imports at start-up
    import argparse

    from borderread.data.corpus import Corpus
    from borderread.data.models import Article, Skipped
    from borderread.data.query import Query
    from borderread.data.search import SearchIndex

EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR = 0, 1, 2
DEFAULT_WIDTH = 78
"""Where show wraps paragraphs by default."""
SUBCOMMANDS = ("list", "show", "search", "bookmarks")


class CliError(Exception):
    """A user-facing error: printed as one line on stderr, exit status 2."""


class NotWarm(Exception):
    """A search the saved index alone cannot answer (asked for with ``saved_index_only``);
    nothing has been printed."""


def dumps(value: object, *, indent: int | None = None) -> str:
    """Terminal-safe JSON (``jsonfile.dumps``), imported when a command prints JSON."""
    from borderread.data.jsonfile import dumps as safe_json

    return safe_json(value, indent=indent)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state-dir",
        metavar="DIR",
        help="where reading positions and settings live (env: BORDERREAD_STATE_DIR)",
    )


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser (for ``--help``) and one parser per subcommand."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="borderread",
        description="A keyboard-driven terminal reader for a collection of articles.",
        epilog="Run 'borderread [PATH ...]' without a command to open the reader.",
    )
    parser.add_argument("--version", action="version", version=f"borderread {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser(
        "list",
        help="list the articles",
        description=("One article a line: id, title, author, date, source, words."),
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument(
        "--tsv", action="store_true", help="tab-separated fields even on a terminal"
    )
    listing.add_argument(
        "--skipped",
        action="store_true",
        help="list the files that were not read instead, each with the reason",
    )
    paths_argument(listing)

    show = commands.add_parser(
        "show",
        help="print one article in reader mode",
        description=("Print an article in reader mode (title, byline, headings, paragraphs)."),
    )
    show.add_argument(
        "article",
        metavar="ARTICLE",
        help="an article id, a unique prefix of one (e.g. 003) or a file path",
    )
    paths_argument(show)
    mode = show.add_mutually_exclusive_group()
    mode.add_argument("--raw", action="store_true", help="print the untouched original")
    mode.add_argument("--json", action="store_true", help="print the structure as JSON")
    show.add_argument(
        "--all", action="store_true", help="also print the set-apart boilerplate, labelled"
    )
    show.add_argument(
        "--width",
        type=int,
        default=None,
        metavar="N",
        help=f"wrap paragraphs at N columns; 0 = no wrapping (default: {DEFAULT_WIDTH}, or "
        "the terminal's width if narrower). On a terminal the article goes through $PAGER "
        "(else less)",
    )
    search = commands.add_parser(
        "search",
        help="fuzzy search across the articles",
        description=(
            "Find paragraphs by the words you remember: typos, accents, case, quotes and "
            'dashes are forgiven; "quoted words" must stand together. A capital letter in '
            "the query makes it case-sensitive (smart case). Exit status: 0 with hits, 1 "
            "with none, 2 on errors."
        ),
    )
    search.add_argument("query", metavar="QUERY")
    paths_argument(search)
    search.add_argument("--article", metavar="ARTICLE", help="search only this article")
    search.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N hits (default: 20; 0 = all)"
    )
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    case = search.add_mutually_exclusive_group()
    case.add_argument(
        "-i",
        "--ignore-case",
        action="store_true",
        help="ignore case even when the query has capitals",
    )
    case.add_argument(
        "-s",
        "--case-sensitive",
        action="store_true",
        help="match case even when the query has no capitals",
    )
    search.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="highlight hits with terminal colours (default: auto)",
    )
    commands.add_parser("bookmarks", help="list, add, remove and export bookmarks", add_help=False)
    return parser, {"list": listing, "show": show, "search": search}


class ReaderArgs(NamedTuple):
    """What ``borderread [PATH ...]`` was asked for (a tuple: a dataclass took ~0.5 ms to
    make at every start)."""

    paths: list[Path]
    state_dir: str | None = None
    bookmarks: str | None = None


def reader_args(argv: Sequence[str]) -> ReaderArgs:
    """The reader's arguments. PATHs alone (the usual case: none at all) are taken as they
    are, as argparse would take them: importing argparse and gettext and building the
    parser was ~2.5 ms of a ~170 ms start. Anything else (an option, ``--``, ``--help``, a
    mistake) goes through the parser."""
    if all(arg == stdin_input.STDIN or not arg.startswith("-") for arg in argv):
        return ReaderArgs([Path(arg) for arg in argv])
    parsed = parse_arguments(build_app_parser(), list(argv))  # options between PATHs too
    return ReaderArgs(parsed.paths, parsed.state_dir, parsed.bookmarks)


def build_app_parser() -> argparse.ArgumentParser:
    """The parser for ``borderread [PATH ...]`` (the reader app)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="borderread",
        description="Open the reader on PATHs (files or folders), or on the bundled articles.",
        epilog=f"Commands: {', '.join(SUBCOMMANDS)}. Run 'borderread COMMAND --help' for one.",
    )
    parser.add_argument("--version", action="version", version=f"borderread {__version__}")
    _common_options(parser)
    parser.add_argument(
        "--bookmarks",
        metavar="FILE",
        help="the bookmarks file (env: BORDERREAD_BOOKMARKS; default: bookmarks.json in the "
        "state folder)",
    )
    paths_argument(parser)
    return parser


def existing_roots(paths: Sequence[Path]) -> list[Path]:
    """The paths to read (the bundled seeds if none), or :class:`CliError` for a missing one."""
    roots = list(paths) or [seeds_dir()]
    for root in roots:
        if not os.path.lexists(root):
            raise CliError(f"{safe(str(root))}: no such file or folder")
    return roots


def load(paths: Sequence[Path], warn: Callable[[str], None]) -> Corpus:
    """Load the corpus for a command, or raise :class:`CliError` with one clear line."""
    from borderread.data.collection_cache import CollectionCache
    from borderread.data.corpus import load_corpus

    roots = existing_roots(paths)
    cache = CollectionCache(cache_dir())
    started = time.perf_counter()

    def say_so(count: int) -> None:
        from borderread.data.parallel_load import workers

        noun = "file" if count == 1 else "files"
        warn(f"reading and indexing {count:,} new {noun} in {workers()} worker processes…")

    corpus = load_corpus(roots, cache, in_workers=say_so)
    cache.close()
    if corpus.index is not None:
        from borderread.data.search_cache import save_index

        save_index(cache_dir(), corpus.index)
        took = time.perf_counter() - started
        warn(f"read and indexed in {took:.1f} s; the next command reuses it")
    _report_loaded(roots, corpus.skipped, bool(corpus.articles), warn)
    return corpus


def _report_loaded(
    roots: Sequence[Path], skipped: Sequence[Skipped], found: bool, warn: Callable[[str], None]
) -> None:
    """Warn of each file not read; :class:`CliError` when no article was found at all."""
    from borderread.data.corpus import skipped_summary

    for skip in skipped:
        if not skip.ignored:
            warn(f"skipped {safe(str(skip.path))}: {skip.reason}")
    if summary := skipped_summary(skipped):
        warn(summary)
    if not found:
        where = ", ".join(safe(str(r)) for r in roots)
        raise CliError(
            f"no articles found in {where} (looked for text files: .txt, .md, .rst, README...)"
        )


def _print_skipped(corpus: Corpus, as_json: bool) -> None:
    """``path<TAB>reason`` for each file not read (JSON: a list of objects)."""
    rows = [(safe(str(skip.path)), skip.reason) for skip in corpus.skipped]
    if as_json:
        print(dumps([{"path": path, "reason": reason} for path, reason in rows], indent=2))
        return
    for path, reason in rows:
        print(f"{path}\t{reason}")


def _print_list(corpus: Corpus, as_json: bool, tsv: bool = False) -> None:
    """JSON, or one article a line: aligned columns on a terminal, TSV when piped."""
    from borderread.render_text import summary

    if as_json:
        print(dumps([summary(a) for a in corpus.articles], indent=2))
        return
    rows = []
    for article in corpus.articles:
        meta = article.meta
        fields = [
            article.id,
            meta.title,
            meta.author or "-",
            meta.date or "-",
            meta.source or "-",
            f"{meta.words} words",
        ]
        rows.append([safe(f) for f in fields])
    if tsv or not sys.stdout.isatty():
        for row in rows:
            print("\t".join(row))
        return
    from borderread.cli_output import columns, terminal_width

    print("\n".join(columns(rows, terminal_width(), flexible=1, keep=(3, 5))))


def _print_show(article: Article, args: argparse.Namespace) -> None:
    from borderread.cli_output import page, terminal_width
    from borderread.render_text import raw_text, reader_text, structure

    if args.json:
        print(dumps(structure(article), indent=2))
        return
    if args.raw:
        page(raw_text(article))
        return
    width = args.width
    if width is None:  # 78, or less on a narrower terminal
        width = min(DEFAULT_WIDTH, terminal_width() - 1) if sys.stdout.isatty() else DEFAULT_WIDTH
    page(reader_text(article, width=max(width, 0), set_apart=args.all))


def _run_search(args: argparse.Namespace, saved_index_only: bool = False) -> int:
    from borderread.data.query import parse_query

    roots = existing_roots(args.paths)
    if args.limit < 0:
        raise CliError("--limit must be 0 (all) or more")
    query = parse_query(scrub(args.query), smart_case=not args.ignore_case)
    if args.case_sensitive:
        query = type(query)(query.text, query.terms, query.phrases, case_sensitive=True)
    if query.empty:
        raise CliError("the query has no words to search for")
    found = None if args.article else _search_saved_index(roots, query, args)
    if found is None and saved_index_only:
        raise NotWarm
    if found is None:
        found = _search_loaded(load(roots, _warn), query, args)
    close, lines = found
    if close:
        _warn("no exact phrase; showing close matches")
    for line in lines:
        print(line)
    return EXIT_OK if lines else EXIT_NO_MATCH


Found = tuple[bool, list[str]]
"""Whether the hits are close matches only, and the lines to print."""


def _search_saved_index(
    roots: Sequence[Path], query: Query, args: argparse.Namespace
) -> Found | None:
    """The search done on the saved index alone when it is of exactly the files under
    ``roots`` as they are (see ``saved_collection``); None when it is not (or the cache
    lacks an article a hit is in): then the collection is loaded."""
    from borderread.data.collection_cache import CollectionCache
    from borderread.data.saved_collection import NotSaved, saved_index
    from borderread.data.walk_memo import discover

    sources, skipped = discover(roots)
    cache = CollectionCache(cache_dir())
    try:
        saved = saved_index(cache_dir(), sources, cache)
        if saved is None:
            return None
        found = _hits(saved.index, query, args)
    except NotSaved:
        return None
    finally:
        cache.close()
    _report_loaded(roots, [*skipped, *saved.not_text], True, _warn)
    return found


def _search_loaded(corpus: Corpus, query: Query, args: argparse.Namespace) -> Found:
    from borderread.data.corpus import ArticleNotFound

    only = None
    if args.article:
        try:
            only = [corpus.find(args.article).id]
        except ArticleNotFound as error:
            raise CliError(safe(str(error))) from None
    return _hits(_collection_index(corpus.articles, corpus.index), query, args, only)


def _hits(
    index: SearchIndex, query: Query, args: argparse.Namespace, only: list[str] | None = None
) -> Found:
    """The lines a search prints (made in full before any is printed)."""
    from borderread.render_text import search_hit_json, search_hit_line

    hits = index.search(query, article_ids=only, limit=args.limit or None)
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    lines = []
    for hit in hits:
        article = index.article(hit.article_id)
        if args.json:
            lines.append(dumps(search_hit_json(article, hit)))
        else:
            lines.append(search_hit_line(article, hit, colour=colour))
    return bool(hits and hits[0].close), lines


def _collection_index(articles: Sequence[Article], made: SearchIndex | None) -> SearchIndex:
    """The saved index of exactly these files, the last one saved brought up to date for
    the files changed since, or one built now (and saved, saying so); ``made``: the one
    the workers that cleaned the files made as they went."""
    from borderread.data.search import SearchIndex
    from borderread.data.search_cache import load_index, save_index, updated_saved_index

    if made is not None:
        return made  # saved as it was made (see load)
    index = load_index(cache_dir(), articles)
    if index is not None:
        return index
    index = updated_saved_index(cache_dir(), articles)
    if index is not None:
        save_index(cache_dir(), index)
        return index
    chars = sum(len(block.text) for article in articles for block in article.body)
    noun = "article" if len(articles) == 1 else "articles"
    _warn(f"indexing {len(articles):,} {noun} ({chars / 1e6:.1f} MB of text) for search…")
    start = time.perf_counter()
    index = SearchIndex(articles)
    save_index(cache_dir(), index)
    _warn(f"indexed in {time.perf_counter() - start:.1f} s; the next search reuses it")
    return index


def _warn(message: str) -> None:
    print(f"borderread: {message}", file=sys.stderr)


def run_command(argv: Sequence[str], saved_index_only: bool = False) -> int:
    """Run a subcommand and return its exit status (``saved_index_only``: a search the
    saved index cannot answer raises :class:`NotWarm`, as does any other command)."""
    if saved_index_only and argv[0] != "search":
        raise NotWarm
    if argv[0] == "bookmarks":
        from borderread.bookmarks_cli import BookmarksCliError
        from borderread.bookmarks_cli import run as run_bookmarks

        try:
            return run_bookmarks(argv[1:], lambda paths: load(paths, _warn))
        except BookmarksCliError as error:
            raise CliError(str(error)) from None
    parser, commands = build_parser()
    if argv[0] not in commands:
        parser.parse_args(argv)  # --help, --version, or an error message and exit status 2
        return EXIT_ERROR
    args = parse_arguments(commands[argv[0]], list(argv[1:]))
    args.command = argv[0]
    if saved_index_only and stdin_input.wants_stdin(args.paths, reader=False):
        raise NotWarm  # standard input can be read only once: here, not by a server
    if args.command == "show" and args.article == stdin_input.STDIN:
        args.article = str(_with_stdin([])[0])
    elif stdin_input.wants_stdin(args.paths, reader=False):
        args.paths = _with_stdin(args.paths)
    if args.command == "show":
        _print_show(find_article(args.article, args.paths, _warn), args)
        return EXIT_OK
    if args.command == "search":
        return _run_search(args, saved_index_only)
    corpus = load(args.paths, _warn)
    if args.skipped:
        _print_skipped(corpus, args.json)
    else:
        _print_list(corpus, args.json, args.tsv)
    return EXIT_OK


def _reader_stdin(paths: Sequence[Path]) -> list[Path]:
    """The reader's paths once standard input is read and kept; the keys then come from
    the terminal. An empty pipe and no ``-`` given: the usual folders."""
    explicit = stdin_input.STDIN in map(str, paths)
    try:
        saved = stdin_input.save_stdin(cache_dir())
    except stdin_input.EmptyStdin as error:
        if explicit:
            raise CliError(str(error)) from None
        return list(paths)  # an empty pipe: the usual folders, keys as they come
    except stdin_input.StdinError as error:
        raise CliError(str(error)) from None
    try:
        stdin_input.keys_from_terminal()
    except stdin_input.StdinError as error:
        raise CliError(str(error)) from None
    return stdin_input.replace_dash(paths, saved)


def _with_stdin(paths: Sequence[Path]) -> list[Path]:
    """``paths`` with ``-`` (or nothing) standing for standard input, read and kept."""
    try:
        saved = stdin_input.save_stdin(cache_dir())
    except stdin_input.StdinError as error:
        raise CliError(str(error)) from None
    return stdin_input.replace_dash(paths, saved)


def paths_for(reference: str, paths: Sequence[Path]) -> list[Path]:
    """Where to look for ARTICLE: a path to an existing file, with no PATH given, is that
    file (not an article of the bundled collection)."""
    return [Path(reference)] if not paths and Path(reference).is_file() else list(paths)


def find_article(reference: str, paths: Sequence[Path], warn: Callable[[str], None]) -> Article:
    """ARTICLE (an id, a unique id prefix or a file path) among PATHs; a path to an
    existing file is always that file, read on its own if the PATHs do not hold it."""
    from borderread.data.corpus import ArticleNotFound

    corpus = load(paths_for(reference, paths), warn)
    try:
        return corpus.find(reference)
    except ArticleNotFound as error:
        if Path(reference).is_file():
            return load([Path(reference)], warn).articles[0]
        raise CliError(safe(str(error))) from None


FRAME_RATE = "120"
"""Textual's frame-rate cap (its own default is 60), unless ``TEXTUAL_FPS`` is set. A key
often changes the screen twice (what was typed, then its results), and the second frame
waits for the next frame slot: ~17 ms at 60 a second."""


def run_reader(argv: Sequence[str]) -> int:
    """Open the Textual reader app."""
    args = reader_args(argv)
    os.environ.setdefault("TEXTUAL_FPS", FRAME_RATE)  # read when Textual is imported
    if stdin_input.wants_stdin(args.paths, reader=True):
        args = args._replace(paths=_reader_stdin(args.paths))
    elif stdin_input.from_nothing():
        with contextlib.suppress(stdin_input.StdinError):  # `borderread < /dev/null`
            stdin_input.keys_from_terminal()
    roots = existing_roots(args.paths)
    collector.pause()  # until the first paint: see borderread.collector
    from borderread.data.state import StateStore

    store = StateStore(state_dir(args.state_dir))
    last_path = store.load()[0].last_path  # read once: the app is given this same store
    early = prefetch.start(roots, Path(last_path) if last_path else None, cache_dir())
    try:
        from borderread.ui.app import run_app  # Textual is imported only when the app runs

        return run_app(roots, store, args.bookmarks, early)
    finally:
        if early is not None:
            early.cancel()
        collector.resume()


def main(argv: Sequence[str] | None = None, *, saved_index_only: bool = False) -> int:
    """Run the ``borderread`` command line (``argv``: sys.argv's arguments by default);
    ``saved_index_only``: see :func:`run_command` (the search server's way in)."""
    from_command_line = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        if argv and (argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help")):
            try:
                return run_command(argv, saved_index_only)
            finally:
                if from_command_line:  # the process ends next (not a caller's own process)
                    collector.spare_the_exit()
        return run_reader(argv)
    except CliError as error:
        _warn(str(error))
        return EXIT_ERROR
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
