"""A short run of the atheris fuzz target (fuzz/fuzz_clean.py), as CI does it.

The longer run is documented in docs/robustness.md. Skipped only when atheris
cannot be imported (it builds on CPython with a libFuzzer-capable clang).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "fuzz" / "fuzz_clean.py"
SECONDS = 20


def test_fuzz_target_runs_clean(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris is not installed (pip install atheris)")
    corpus = tmp_path / "corpus"
    proc = subprocess.run(
        [
            sys.executable,
            str(TARGET),
            f"-max_total_time={SECONDS}",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=SECONDS * 6,
    )
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    assert proc.returncode == 0, f"fuzzer found {crashes}:\n{proc.stderr[-3000:]}"
    assert "Done" in proc.stderr or "DONE" in proc.stderr.upper()
