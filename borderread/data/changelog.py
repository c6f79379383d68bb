"""What a changelog's own first lines say it is.

A Debian changelog (or NEWS.Debian) opens with ``package (version) distribution;
urgency=...`` and signs each entry `` -- Name <email>  date``; a GNU ChangeLog opens with
``YYYY-MM-DD  Name  <email>``. Read as prose, their title was that first line: in a
folder of packages' documents, eleven ChangeLogs were titled by a date and a name. Their
title names the package and the kind of log instead; the first entry's author and date
are the byline and the date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

_DEBIAN_HEADER = re.compile(
    r"(?P<package>[a-z0-9][a-z0-9+.-]+) \((?P<version>[^()\s]+)\) [^;]+; urgency=\S+"
)
_DEBIAN_TRAILER = re.compile(r" -- (?P<name>[^<]+?) <[^>]*>  (?P<when>.+)")
_GNU_HEADER = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<name>[^<\d][^<]*?)\s+<[^>]*>\s*")
TRAILER_WITHIN = 400
"""Lines of a Debian changelog's first entry read for its signature."""


def changelog_metadata(lines: Sequence[str], start: int, name: str, folder: str) -> dict[str, str]:
    """Title, author and date of a changelog whose first line (from ``start``) opens one;
    ``{}`` for any other text. ``name``: the file's name, without ``.gz``; ``folder``: the
    name of the folder it is in (a GNU ChangeLog does not name its package)."""
    first = next((line for line in lines[start : start + 20] if line.strip()), "")
    if found := _DEBIAN_HEADER.fullmatch(first.strip()):
        kind = "Debian news" if name.lower().startswith("news") else "Debian changelog"
        meta = {"title": f"{found['package']} {found['version']}: {kind}"}
        for line in lines[start : start + TRAILER_WITHIN]:
            if signed := _DEBIAN_TRAILER.fullmatch(line.rstrip()):
                meta["author"] = signed["name"].strip()
                when = _rfc2822_date(signed["when"])
                if when:
                    meta["date"] = when
                break
        return meta
    if found := _GNU_HEADER.fullmatch(first):
        title = f"{folder}: ChangeLog" if folder else "ChangeLog"
        return {"title": title, "author": found["name"].strip(), "date": found["date"]}
    return {}


def _rfc2822_date(text: str) -> str:
    """``Thu, 01 Jan 2026 15:54:00 +0100`` as ``2026-01-01`` ("" if it is not a date)."""
    from email.utils import parsedate_tz

    parsed = parsedate_tz(text.strip())
    if parsed is None:
        return ""
    try:
        return date(*parsed[:3]).isoformat()
    except (TypeError, ValueError):
        return ""
