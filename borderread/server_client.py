"""The client side of the search server (see ``search_server``): hand a ``borderread
search`` to the resident process, if one is running, with this process's standard streams.

It imports only what Python has loaded already (``_socket``, ``marshal``): the point is a
warm search that costs little more than Python's own start. The folder and the socket are
private to the user (a folder of mode 0700 that the user owns, or no server at all).
"""

from __future__ import annotations

import marshal
import os
import sys

from borderread import __version__

OFF_VALUES = frozenset({"0", "off", "no", "false"})
SERVER_ENV = "BORDERREAD_SERVER"
"""``off`` (or 0, no, false): never ask a server nor start one."""
PROTOCOL = 2
ACCEPTED, DECLINED, EXITED = b"A", b"D", b"X"
"""The server's replies: it has the request; it will not answer it (nothing was written:
search here instead); it has answered it (followed by the exit status, one byte)."""
TYPE_CHECKING = False  # typing itself is not imported: it costs more than the rest
if TYPE_CHECKING:
    from typing import Protocol

    class _Receiver(Protocol):
        def recv(self, size: int, /) -> bytes: ...


ACCEPT_TIMEOUT = 5.0
"""Seconds to wait for a busy server to take the request (then: search here)."""
MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to 108 bytes on Linux


def enabled() -> bool:
    """False when ``$BORDERREAD_SERVER`` says off, or this system has no Unix sockets."""
    if os.environ.get(SERVER_ENV, "").strip().lower() in OFF_VALUES:
        return False
    import _socket

    needed = ("AF_UNIX", "SCM_RIGHTS", "SO_PEERCRED")
    return all(hasattr(_socket, name) for name in needed) and hasattr(os, "getuid")


def folder() -> str:
    """Where the socket lives: ``$XDG_RUNTIME_DIR/borderread``, else ``/tmp/borderread-UID``."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime):
        return os.path.join(runtime, "borderread")
    return f"/tmp/borderread-{os.getuid()}"


def socket_path(where: str) -> str:
    """The socket of the server of this version of borderread."""
    return os.path.join(where, f"search-{__version__}.sock")


def is_private(where: str) -> bool:
    """True when ``where`` is a real folder (not a link) owned by this user, mode 0700."""
    try:
        info = os.lstat(where)
    except OSError:
        return False
    is_folder = (info.st_mode & 0o170000) == 0o040000
    return is_folder and info.st_uid == os.getuid() and info.st_mode & 0o077 == 0


def encode_request(argv: list[str]) -> bytes:
    """The request: the arguments, the folder to run in, the environment, and how this
    process encodes its output (its locale's choice), as bytes."""
    environment = [(key, value) for key, value in os.environb.items()]
    streams = [
        (getattr(stream, "encoding", None) or "utf-8", getattr(stream, "errors", None) or "strict")
        for stream in (sys.stdout, sys.stderr)
    ]
    body = marshal.dumps(
        (PROTOCOL, [os.fsencode(arg) for arg in argv], os.fsencode(os.getcwd()), environment,
         streams)
    )  # fmt: skip
    return len(body).to_bytes(4, "big") + body


def ask(argv: list[str]) -> tuple[str, int]:
    """Have the server run ``argv`` (a ``search`` command) with this process's standard
    streams. ``("served", status)``; ``("declined", 0)``: it will not, nothing was written;
    ``("unavailable", 0)``: no server is running (or it went away before starting);
    ``("failed", 2)``: it went away part way through (what it wrote so far stands)."""
    if not enabled():
        return "off", 0
    where = folder()
    path = socket_path(where)
    if len(os.fsencode(path)) > MAX_SOCKET_PATH or not is_private(where):
        return "unavailable", 0
    return exchange(path, argv)


def exchange(path: str, argv: list[str]) -> tuple[str, int]:
    """Send ``argv`` to the server listening at ``path`` and wait for its answer (what
    :func:`ask` returns, without its checks)."""
    import _socket

    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        try:
            connection.settimeout(ACCEPT_TIMEOUT)
            connection.connect(path)
            streams = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))
            request = encode_request(argv)
            sent = connection.sendmsg(
                [request], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, streams)]
            )
            if sent < len(request):
                connection.sendall(request[sent:])
            reply = connection.recv(1)
        except OSError:
            return "unavailable", 0
        if reply != ACCEPTED:
            return "unavailable", 0
        connection.settimeout(None)  # it is searching: as long as a search takes
        try:
            reply = receive(connection, 2)
        except OSError:
            reply = b""
    finally:
        connection.close()
    if reply[:1] == DECLINED:
        return "declined", 0
    if reply[:1] == EXITED and len(reply) == 2:
        return "served", reply[1]
    return "failed", 2


def receive(connection: _Receiver, size: int) -> bytes:
    """Up to ``size`` bytes, fewer only at the end of the stream."""
    received = b""
    while len(received) < size:
        chunk = connection.recv(size - len(received))
        if not chunk:
            break
        received += chunk
    return bytes(received)


def start_server() -> None:
    """Start a search server in the background for the searches to come (best effort: it
    exits at once if another is running, and by itself once idle)."""
    import subprocess

    from borderread.data.child_python import child_command, child_environment

    try:
        subprocess.Popen(
            child_command("borderread.search_server"),
            env=child_environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not in the terminal's process group: ^C is not for it
            cwd="/",
        )
    except OSError:
        return
