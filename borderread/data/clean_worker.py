"""A worker process of ``parallel_load``: runs of files in, their summaries and index out.

Reads length-prefixed ``marshal`` messages ``(cache folder, [(path, id), ...])`` on
standard input until it closes, and answers each with the run's result on standard
output. Any failure ends the process: the parent then loads what it had sent.
"""

from __future__ import annotations

import marshal
import sys

from borderread.data.parallel_load import encode_result, load_run

_LENGTH = 8


def _read_exactly(size: int) -> bytes | None:
    data = sys.stdin.buffer.read(size)
    return data if len(data) == size else None


def main() -> None:
    while (header := _read_exactly(_LENGTH)) is not None:
        payload = _read_exactly(int.from_bytes(header, "little"))
        if payload is None:
            return
        folder, run = marshal.loads(payload)
        answer = encode_result(load_run(folder, run))
        sys.stdout.buffer.write(len(answer).to_bytes(_LENGTH, "little") + answer)
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
