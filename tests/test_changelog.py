"""Changelogs are titled by what their first lines say they are, not by those lines."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from borderread.data.changelog import changelog_metadata
from borderread.data.corpus import Source, load_article

DEBIAN = """gnupg2 (2.2.40-1.1+deb12u2) bookworm; urgency=high

  * Address four issues, including:
    - Fix CVE-2025-68973 (Closes: #1124221)

 -- Daniel Kahn Gillmor <dkg@fifthhorseman.net>  Thu, 01 Jan 2026 15:54:00 +0100

gnupg2 (2.2.40-1.1) unstable; urgency=medium

  * Non-maintainer upload.

 -- Someone Else <else@example.org>  Sat, 21 Jun 2025 10:26:29 +0200
"""
GNU = """2022-10-10  Werner Koch  <wk@gnupg.org>

\tRelease 2.2.40.

2022-09-29  NIIBE Yutaka  <gniibe@fsij.org>

\t* agent/command.c (cmd_pksign): Fix a leak.
"""


def test_a_debian_changelog_names_its_package_version_and_first_signature() -> None:
    meta = changelog_metadata(DEBIAN.splitlines(), 0, "changelog.Debian", "gnupg")
    assert meta == {
        "title": "gnupg2 2.2.40-1.1+deb12u2: Debian changelog",
        "author": "Daniel Kahn Gillmor",
        "date": "2026-01-01",
    }


def test_debian_news_is_news() -> None:
    meta = changelog_metadata(DEBIAN.splitlines(), 0, "NEWS.Debian", "gnupg")
    assert meta["title"] == "gnupg2 2.2.40-1.1+deb12u2: Debian news"


def test_a_gnu_changelog_is_named_by_its_folder() -> None:
    meta = changelog_metadata(GNU.splitlines(), 0, "ChangeLog", "gnupg")
    assert meta == {"title": "gnupg: ChangeLog", "author": "Werner Koch", "date": "2022-10-10"}
    assert changelog_metadata(GNU.splitlines(), 0, "ChangeLog", "")["title"] == "ChangeLog"


@pytest.mark.parametrize(
    "text",
    [
        "The U.S.-Mexico border is the largest migration corridor.\n\nMore text.\n",
        "2022-10-10 was a Monday, and nothing happened <that day>.\n",
        "gnupg2 (2.2.40) bookworm\n\nNo urgency: not a Debian header.\n",
        "",
    ],
)
def test_other_text_is_no_changelog(text: str) -> None:
    assert changelog_metadata(text.splitlines(), 0, "notes", "docs") == {}


def test_a_bad_signature_date_is_left_out() -> None:
    text = DEBIAN.replace("Thu, 01 Jan 2026 15:54:00 +0100", "Thu, 41 Foo 2026 25:54:00 +0100")
    meta = changelog_metadata(text.splitlines(), 0, "changelog.Debian", "gnupg")
    assert meta["author"] == "Daniel Kahn Gillmor" and "date" not in meta


def test_a_compressed_changelog_in_a_package_folder_is_listed_by_its_package(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "gnupg"
    folder.mkdir()
    (folder / "changelog.gz").write_bytes(gzip.compress(GNU.encode()))
    (folder / "changelog.Debian.gz").write_bytes(gzip.compress(DEBIAN.encode()))
    gnu = load_article(Source(folder / "changelog.gz", "changelog.gz"))
    debian = load_article(Source(folder / "changelog.Debian.gz", "changelog.Debian.gz"))
    assert (gnu.meta.title, gnu.meta.author, gnu.meta.date) == (
        "gnupg: ChangeLog", "Werner Koch", "2022-10-10",
    )  # fmt: skip
    assert debian.meta.title == "gnupg2 2.2.40-1.1+deb12u2: Debian changelog"
    assert any("Release 2.2.40." in block.text for block in gnu.body)  # the entries stay
    assert any("2022-10-10" in block.text for block in gnu.body)
