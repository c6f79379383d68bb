"""The search server: a resident process that answers ``borderread search`` from a saved
index, so a warm search from the shell does not pay for Python's imports and for reading
the index again each time.

Why a server: a warm search at 10 MB took ~94 ms, of which ~40 went on imports and ~21 on
reading the saved index, ~10 on Python starting; the search itself ~14 ms. Only a process
that stays up avoids those. The first ``borderread search`` that finds none starts one in
the background (``$BORDERREAD_SERVER=off``: never); it exits after ten idle minutes (one,
once it holds more than ``BIG_BYTES``), when borderread's code changes, or when asked
(``python -m borderread.search_server --stop``).

Each request is the client's arguments, working folder and environment, and its standard
streams (passed over the socket): the server runs ``cli.main`` with them as its own, so a
search prints what it would print in the client, byte for byte. A search the saved index
cannot answer (files changed, nothing saved, standard input) is declined before anything is
written, and the client runs it itself. Requests are answered one at a time; the socket
lives in a folder only the user can enter, and a peer of another user is refused.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import fcntl
import gc
import importlib
import marshal
import os
import select
import socket
import struct
import sys
import traceback
from collections.abc import Iterator
from typing import TextIO

from borderread import server_client
from borderread.data import saved_collection

IDLE_SECONDS = 600.0
BIG_BYTES = 256 * 1024 * 1024
"""Memory that is a lot for a helper nobody asked to keep: a server holding more exits
after ``BIG_IDLE_SECONDS`` idle, and reads no more articles ahead (all of /usr/share/doc,
~500 MiB resident, had stayed up ten idle minutes)."""
BIG_IDLE_SECONDS = 60.0
REQUEST_TIMEOUT = 5.0
READ_AHEAD_STEP = 8
"""Articles read ahead between looks for a waiting client (~1 ms)."""
MAX_REQUEST = 16 * 1024 * 1024
STOP = "--stop"


class Request:
    """What a client asked for: its arguments, folder, environment and streams."""

    def __init__(
        self, argv: list[str], cwd: str, environ: dict[bytes, bytes], fds: list[int],
        streams: list[tuple[str, str]],
    ) -> None:  # fmt: skip
        self.argv, self.cwd, self.environ, self.fds = argv, cwd, environ, fds
        self.streams = streams
        """The encoding and error handler of the client's stdout and stderr."""


def serve(
    where: str,
    idle: float = IDLE_SECONDS,
    big_bytes: int = BIG_BYTES,
    big_idle: float = BIG_IDLE_SECONDS,
) -> int:
    """Answer searches on the socket in ``where`` until idle for ``idle`` seconds, or for
    ``big_idle`` once it holds more than ``big_bytes`` (0 when another server has the
    folder: it exits at once)."""
    os.makedirs(where, mode=0o700, exist_ok=True)
    if not server_client.is_private(where):
        print(f"borderread: {where} is not private to this user; no server", file=sys.stderr)
        return 2
    path = server_client.socket_path(where)
    with open(path + ".lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0  # another server answers already
        _warm_up()
        _settle()
        with _listening(path) as listener:
            code = _code_stamps({})
            while True:
                big = resident_bytes() > big_bytes
                listener.settimeout(min(idle, big_idle) if big else idle)
                connection = _next_client(listener, read_ahead=not big)
                if connection is None:
                    break
                with connection:
                    try:
                        if _answer(connection, code):
                            return 0
                    except Exception:  # a bug must not end the server: the client is told
                        traceback.print_exc()
            return 0


def resident_bytes() -> int:
    """This process's resident memory now (from /proc; elsewhere its peak so far)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024  # bytes there, KiB here


def _next_client(listener: socket.socket, read_ahead: bool = True) -> socket.socket | None:
    """The next client, reading ahead (if ``read_ahead``) while none is waiting; None once
    idle too long."""
    if read_ahead and not _waiting(listener) and saved_collection.read_ahead(READ_AHEAD_STEP):
        while not _waiting(listener) and saved_collection.read_ahead(READ_AHEAD_STEP):
            pass
        gc.freeze()  # what was read lives on: out of the collector's walks
    try:
        return listener.accept()[0]
    except TimeoutError:
        return None


def _waiting(listener: socket.socket) -> bool:
    """True when a client is waiting to be accepted."""
    return bool(select.select([listener], [], [], 0)[0])


@contextlib.contextmanager
def _listening(path: str) -> Iterator[socket.socket]:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # left by a server that died (we hold the lock: none is running)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_mask = os.umask(0o077)
    try:
        listener.bind(path)
    finally:
        os.umask(old_mask)
    listener.listen(16)
    inode = os.stat(path).st_ino
    try:
        yield listener
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            if os.stat(path).st_ino == inode:
                os.unlink(path)


WARM_MODULES = (
    "borderread.cli",
    "borderread.data.collection_cache",
    "borderread.data.saved_collection",
    "borderread.render_text",
    "rapidfuzz.process",
    "rapidfuzz.distance.OSA",
)
"""What a search imports, imported before the first request."""


def _warm_up() -> None:
    """Import what a search uses; keep the last index read, and the names walked."""
    from borderread.data import corpus, search_cache, walk_memo

    for name in WARM_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    search_cache.keep_loaded_indexes()
    corpus.remember_names()
    walk_memo.remember_walks()
    saved_collection.remember_articles()


CodeStamps = dict[str, tuple[int, int]]


def _code_stamps(known: CodeStamps) -> CodeStamps:
    """The size and mtime of every borderread module loaded and not in ``known`` (a
    change: the code is not the code this process runs)."""
    stamps: CodeStamps = {}
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if (name == "borderread" or name.startswith("borderread.")) and file and file not in known:
            with contextlib.suppress(OSError):
                info = os.stat(file)
                stamps[file] = (info.st_size, info.st_mtime_ns)
    return stamps


def _code_changed(stamps: CodeStamps) -> bool:
    for file, stamp in stamps.items():
        try:
            info = os.stat(file)
        except OSError:
            return True
        if (info.st_size, info.st_mtime_ns) != stamp:
            return True
    return False


def _answer(connection: socket.socket, code: CodeStamps) -> bool:
    """Answer one client; True when the server should stop."""
    connection.settimeout(REQUEST_TIMEOUT)
    try:
        if not _same_user(connection):
            return False
        request = _read_request(connection)
        if request is None:
            return False
        try:
            connection.sendall(server_client.ACCEPTED)
            if request.argv == [STOP]:
                connection.sendall(server_client.EXITED + b"\0")
                return True
            if _code_changed(code):
                connection.sendall(server_client.DECLINED)
                return True
            gc.disable()  # a search makes little garbage and is soon over
            try:
                status = _run(request)
                if status is None:
                    connection.sendall(server_client.DECLINED)
                else:
                    connection.sendall(server_client.EXITED + bytes([status & 0xFF]))
            finally:
                gc.enable()
            code.update(_code_stamps(code))  # modules a search imported for the first time
            return False
        finally:
            for fd in request.fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
    except OSError:  # the client went away: nothing to tell it
        return False


def _settle() -> None:
    """Leave everything alive now (the modules, the kept index, the articles read ahead)
    out of the cyclic collector's walks: a full walk of a server holding a collection
    took longer than a client takes to start, and the next search waited for it. What
    dies later is freed by its reference count all the same."""
    gc.collect()
    gc.freeze()


def _same_user(connection: socket.socket) -> bool:
    credentials = connection.getsockopt(
        socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")
    )
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return bool(uid == os.getuid())


def _read_request(connection: socket.socket) -> Request | None:
    """The client's request and its three standard streams; None if it is not one."""
    size = struct.calcsize("3i")
    data, ancillary, _flags, _address = connection.recvmsg(MAX_REQUEST, socket.CMSG_SPACE(size))
    fds: list[int] = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            usable = len(payload) - len(payload) % 4
            fds.extend(struct.unpack(f"{usable // 4}i", payload[:usable]))
    try:
        if len(data) < 4:
            raise ValueError("short request")
        length = int.from_bytes(data[:4], "big")
        if length > MAX_REQUEST:
            raise ValueError("request too large")
        body = data[4:]
        while len(body) < length:
            chunk = connection.recv(length - len(body))
            if not chunk:
                raise ValueError("request cut short")
            body += chunk
        protocol, argv, cwd, environ, streams = marshal.loads(body)
        if protocol != server_client.PROTOCOL or len(fds) != 3 or len(streams) != 2:
            raise ValueError("not a request of this version")
        for encoding, errors in streams:
            codecs.lookup(encoding)  # LookupError if there is no such codec
            codecs.lookup_error(errors)
        return Request(
            [os.fsdecode(arg) for arg in argv],
            os.fsdecode(cwd),
            {bytes(key): bytes(value) for key, value in environ},
            fds,
            [(str(encoding), str(errors)) for encoding, errors in streams],
        )
    except (ValueError, EOFError, TypeError, LookupError):
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        return None


def _run(request: Request) -> int | None:
    """Run the request's search as if in the client; its exit status, or None when the
    saved index cannot answer it (nothing written)."""
    from borderread import cli

    own_streams = [os.dup(fd) for fd in (0, 1, 2)]
    own_environ, own_cwd = dict(os.environb), os.getcwd()
    own_stdout, own_stderr = sys.stdout, sys.stderr
    try:
        for fd, theirs in enumerate(request.fds):
            os.dup2(theirs, fd)
        sys.stdout, sys.stderr = (_text_stream(n + 1, *request.streams[n]) for n in (0, 1))
        os.environb.clear()
        os.environb.update(request.environ)
        try:
            os.chdir(request.cwd)
        except OSError:
            return None  # the client's folder is gone: it says so itself
        try:
            return cli.main(request.argv, saved_index_only=True)
        except cli.NotWarm:
            return None
        except SystemExit as done:  # argparse: --help, or a usage error (said on stderr)
            return 0 if done.code is None else done.code if isinstance(done.code, int) else 2
        except Exception:  # a bug must not end the server; the client is told
            print("borderread: internal error in the search server:", file=sys.stderr)
            traceback.print_exc()
            return 2
        finally:
            _flush()
    finally:
        sys.stdout, sys.stderr = own_stdout, own_stderr
        for fd, own in enumerate(own_streams):
            os.dup2(own, fd)
            os.close(own)
        os.environb.clear()
        os.environb.update(own_environ)
        with contextlib.suppress(OSError):
            os.chdir(own_cwd)


def _text_stream(fd: int, encoding: str, errors: str) -> TextIO:
    """A text stream on ``fd`` made as Python made the client's (the server's own was made
    for its file as it was then, a seekable /dev/null, and for the server's locale)."""
    return open(  # flushed and dropped at the end of the request
        fd, "w", buffering=1 if os.isatty(fd) or fd == 2 else -1,
        encoding=encoding, errors=errors, closefd=False,
    )  # fmt: skip


def _flush() -> None:
    """Write out what the streams hold; to nowhere if the reader went away."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
            with contextlib.suppress(OSError):
                stream.flush()


def stop(where: str) -> bool:
    """Ask the server in ``where`` to stop; True if one was running and answered."""
    return server_client.exchange(server_client.socket_path(where), [STOP]) == ("served", 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m borderread.search_server",
        description="Answer `borderread search` from memory (started by it when needed).",
    )
    parser.add_argument("--idle", type=float, default=IDLE_SECONDS, help="seconds idle to exit")
    parser.add_argument(
        "--big-mib",
        type=float,
        default=BIG_BYTES / 2**20,
        help="resident memory (MiB) over which it exits sooner",
    )
    parser.add_argument(
        "--big-idle", type=float, default=BIG_IDLE_SECONDS, help="seconds idle to exit then"
    )
    parser.add_argument(STOP, action="store_true", help="stop the running server")
    args = parser.parse_args(argv)
    where = server_client.folder()
    if args.stop:
        return 0 if stop(where) else 1
    if not server_client.enabled():
        return 0
    return serve(where, args.idle, int(args.big_mib * 2**20), args.big_idle)


if __name__ == "__main__":
    raise SystemExit(main())
