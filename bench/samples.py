"""The golden samples scored against trafilatura, and the million-element page timed.

    python -m bench.samples                  # writes bench/results/samples.md
    python -m bench.samples --skip-timing    # the F1 table only (the timing takes a minute)

F1 is the aeb scoring (bench/scoring.py) of each extractor's output against the sample's
expected text (headline line included): cleaner is ``clean(bytes).render("text")``, as the
golden test runs it; trafilatura is ``trafilatura.extract(html)`` with its defaults, as in
bench/accuracy.py. The timing runs the ``cleaner`` command line (default config, so the
default time limit) on each pathological page in a fresh process, and trafilatura's
``extract()`` on the same bytes in another, one after the other; wall seconds, one run each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.scoring import page_scores, word_scores

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "html"
# Pages of the six other page types, scored with the wcxb word-level F1.
PAGETYPES = ROOT / "samples" / "pagetypes"
PROSE = (
    "The council voted on Tuesday to extend the library's opening hours through the winter, "
    "after residents collected more than two thousand signatures in support of the plan."
)

# One million tiny elements, three shapes: inline, block-in-block, and inline with one
# paragraph of prose at the end (tests/hostile/corpus.py "million_elements").
PATHOLOGICAL: dict[str, Callable[[], bytes]] = {
    "1M <span>x</span>": lambda: (
        b"<html><body>" + b"<span>x</span>" * 1_000_000 + b"</body></html>"
    ),
    "1M <div><b>a</b></div>": lambda: (
        b"<html><body>" + b"<div><b>a</b></div>" * 1_000_000 + b"</body></html>"
    ),
    "1M <i>a</i> + a paragraph": lambda: (
        b"<html><body>" + b"<i>a</i>" * 1_000_000 + f"<p>{PROSE}</p></body></html>".encode()
    ),
}

_TRAFILATURA = "import sys, trafilatura; trafilatura.extract(open(sys.argv[1], 'rb').read())"


def sample_rows(folder: Path = SAMPLES, metric: str = "aeb") -> list[tuple[str, float, float]]:
    """(sample name, cleaner F1, trafilatura F1) for every HTML sample in `folder`,
    with the aeb shingle F1 or the wcxb word F1."""
    import trafilatura

    from cleaner import clean

    def f1(pred: str, gold: str) -> float:
        if metric == "wcxb":
            return word_scores(pred, gold)["f1"]
        return page_scores(pred, gold)["f1"] or 0.0

    rows = []
    for page in sorted(folder.glob("*.html")):
        expected = page.with_name(page.stem + ".expected.txt")
        if not expected.exists():
            continue
        gold = expected.read_text(encoding="utf-8")
        data = page.read_bytes()
        ours = clean(data).render("text")
        theirs = trafilatura.extract(data) or ""
        rows.append((page.stem, f1(ours, gold), f1(theirs, gold)))
    return rows


def _wall(cmd: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, check=False)
    return time.perf_counter() - started, done.returncode


Timing = tuple[str, float, int, float, float]


def timing_rows() -> list[Timing]:
    """(page, cleaner CLI seconds, its exit code, trafilatura seconds, load
    average before the pair) per page."""
    cli = str(Path(sys.executable).with_name("cleaner"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in PATHOLOGICAL.items():
            path = os.path.join(tmp, "page.html")
            Path(path).write_bytes(build())
            load = os.getloadavg()[0]
            ours, code = _wall([cli, path])
            theirs, _ = _wall([sys.executable, "-c", _TRAFILATURA, path])
            rows.append((name, ours, code, theirs, load))
    return rows


def report(
    samples: list[tuple[str, float, float]],
    timings: list[Timing],
    pagetypes: list[tuple[str, float, float]] | None = None,
) -> str:
    lines = [
        "# Golden samples: cleaner and trafilatura",
        "",
        "F1 (bench/scoring.py) against each sample's expected text; cleaner is "
        '`clean(bytes).render("text")`, trafilatura `extract(html)` with its defaults. '
        "`python -m bench.samples` writes this file.",
        "",
        "| sample | cleaner F1 | trafilatura F1 |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {ours:.3f} | {theirs:.3f} |" for name, ours, theirs in samples]
    if pagetypes:
        lines += [
            "",
            "## Other page types (samples/pagetypes)",
            "",
            "Synthetic forum, product, collection, listing, documentation and service pages, "
            "written for this project (samples/pagetypes/README.md says what counts as content "
            "on each); word-level F1 as wcxb defines it. No model or threshold was fitted on them.",
            "",
            "| sample | cleaner F1 | trafilatura F1 |",
            "|---|---|---|",
        ]
        lines += [f"| {n} | {ours:.3f} | {theirs:.3f} |" for n, ours, theirs in pagetypes]
        mean = [sum(r[i] for r in pagetypes) / len(pagetypes) for i in (1, 2)]
        lines.append(f"| mean | {mean[0]:.3f} | {mean[1]:.3f} |")
    if timings:
        lines += [
            "",
            "## One million elements",
            "",
            "Wall seconds, one run each in a fresh process: the `cleaner` command line with the "
            "default config (time limit 30 s), and `trafilatura.extract()` on the same bytes; "
            "the machine has 2 cores shared with other work, so the 1-minute load average "
            "before each pair is given.",
            "",
            "| page | cleaner CLI s | cleaner exit code | trafilatura s | load |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {name} | {ours:.1f} | {code} | {theirs:.1f} | {load:.1f} |"
            for name, ours, code, theirs, load in timings
        ]
        lines += ["", "Exit code 5: no article text found (the page has none); 0: text written."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "samples.md")
    parser.add_argument("--skip-timing", action="store_true", help="only the F1 table")
    args = parser.parse_args(argv)
    samples = sample_rows()
    pagetypes = sample_rows(PAGETYPES, "wcxb")
    timings = [] if args.skip_timing else timing_rows()
    text = report(samples, timings, pagetypes)
    args.out.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
