"""The wheel carries the seeds: an installed borderread lists them from any folder."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO, SEEDS


def test_wheel_carries_the_seeds_and_lists_them_from_elsewhere(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("borderread-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packed = {
            Path(name).name: hashlib.sha256(archive.read(name)).hexdigest()
            for name in archive.namelist()
            if name.startswith("borderread/seeds/")
        }
        archive.extractall(tmp_path / "site")
    assert packed == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.iterdir()}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import borderread, sys; print(borderread.__file__, file=sys.stderr); "
        "from borderread.cli import main; raise SystemExit(main(['list']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "site") in result.stderr
    assert len(result.stdout.splitlines()) == 5
