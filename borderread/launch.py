"""The ``borderread`` command: a ``search`` goes first to the resident search server, if
one is running (see ``search_server``); everything else, and any search it does not take,
runs here through ``cli.main``. This module imports next to nothing before that choice."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself is not imported before the choice
if TYPE_CHECKING:
    from typing import NoReturn

STDIN = "-"  # stdin_input.STDIN, whose module would import pathlib before the choice


def main() -> int:
    """Entry point of the ``borderread`` command (and of ``python -m borderread``)."""
    argv = sys.argv[1:]
    status = "off"
    if argv[:1] == ["search"] and STDIN not in argv[1:]:  # standard input is read only once
        from borderread import server_client

        try:
            status, code = server_client.ask(argv)
        except KeyboardInterrupt:
            return 130
        if status == "served":
            return _exit_now(code)
        if status == "failed":
            print("borderread: the search server stopped part way; search again", file=sys.stderr)
            return code
    from borderread.cli import main as cli_main

    code = cli_main()
    if status == "unavailable" and code in (0, 1):  # a search ran: the next one can be served
        from borderread import server_client

        server_client.start_server()
    return code


def _exit_now(code: int) -> NoReturn:
    """End a client the server has answered: it wrote nothing itself and registered
    nothing to run at exit, so tearing the interpreter down (~3-5 ms of a 40 ms search)
    would be for nothing."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 (contextlib is not loaded yet: a client imports next to nothing)
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
