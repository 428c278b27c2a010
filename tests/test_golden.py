"""Golden files: every sample in samples/ cleans to its expected text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import clean

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _cases() -> list[Path]:
    # samples/pagetypes/ is scored by F1, not line by line (tests/test_pagetypes.py).
    inputs = [
        p
        for p in sorted(SAMPLES.rglob("*"))
        if p.parent.name != "pagetypes"
        and p.suffix in (".txt", ".html")
        and not p.name.endswith(".expected.txt")
    ]
    return [p for p in inputs if p.with_name(p.stem + ".expected.txt").exists()]


def test_there_are_samples() -> None:
    names = [p.name for p in _cases()]
    assert len([n for n in names if n.endswith(".txt")]) >= 5
    assert len([n for n in names if n.endswith(".html")]) >= 10


@pytest.mark.parametrize("path", _cases(), ids=lambda p: p.name)
def test_sample_cleans_to_expected(path: Path) -> None:
    expected = path.with_name(path.stem + ".expected.txt").read_text(encoding="utf-8")
    got = clean(path.read_bytes()).render("text")
    assert got.splitlines() == expected.splitlines()
