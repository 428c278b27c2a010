"""The seed texts' requirements, stated directly (the golden files hold the rest)."""

from __future__ import annotations

from pathlib import Path

from cleaner import clean

SEEDS = Path(__file__).resolve().parent.parent / "samples" / "seeds"


def _clean(prefix: str) -> list[str]:
    path = next(p for p in SEEDS.glob(f"{prefix}_*.txt") if not p.name.endswith(".expected.txt"))
    return clean(path.read_bytes()).render("text").splitlines()


def test_003_aggregator_page_keeps_only_the_article() -> None:
    lines = _clean("003")
    assert lines[0] == "Japan to mull role in security guarantees provided to Ukraine: PM Ishiba"
    assert lines[1].startswith("TOKYO (Kyodo) -- Japan will consider")
    assert lines[-1].endswith("falling victim to the war.")
    assert len(lines) == 9
    text = "\n".join(lines)
    for junk in ("Mainichi16", "Orange background", "AI", "Comments", "Related", "app-store"):
        assert junk not in text


def test_001_date_prefix_is_cut() -> None:
    assert _clean("001")[0].startswith("Japan is prepared to join")


def test_000_read_also_goes_and_subheading_stays() -> None:
    lines = _clean("000")
    assert "NATO Military Leaders To Meet On Ukraine" in lines
    assert not any(line.startswith("READ ALSO") for line in lines)


def test_002_and_004_keep_all_prose() -> None:
    for prefix in ("002", "004"):
        path = next(
            p for p in SEEDS.glob(f"{prefix}_*.txt") if not p.name.endswith(".expected.txt")
        )
        source = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        assert _clean(prefix) == source
