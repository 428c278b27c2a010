"""Choose text mode's line cut on pages typed article, out of fold.

line_model drops a line scoring under its cut. On pages it types as articles (news, blogs:
the mission's first pages) the cut can differ from the others'. This runs text mode with
each fold's models (kept by `python -m bench.train_text --keep-folds DIR`) at each cut of a
grid on every text they were trained on (wcxb-dev as inscriptis renders it, aeb in three
renderings), chooses a cut per fold from the other four folds' figures (their sum: aeb's
three shingle F1s and wcxb-dev's word F1), and reports the held-back figures that gives,
and the cut the whole data chooses (the one to ship as LineModel's `article_threshold`).
Writes bench/results/text_cut.md.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.folds import FOLDS, fold_of
from bench.render import INSCRIPTIS
from bench.scoring import score, word_scores
from bench.train_text import AEB, DATA, fold_options, load, render_rows, text_config
from cleaner import Cleaner
from cleaner.errors import CleanerError

GRID = (0.45, 0.5, 0.55, 0.6, 0.65)
RESULTS = Path(__file__).resolve().parent / "results" / "text_cut.md"
SETS = ("aeb_inscriptis", "aeb_bs4", "aeb_html2text", "wcxb")

Row = dict[str, Any]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def texts(data: Path, aeb: Path, cache: Path | None) -> list[Row]:
    """Every text with its set, fold, truth and (wcxb) page type."""
    out: list[Row] = []
    wcxb = load(data / "textmode.jsonl.gz")
    out += [{**r, "set": "wcxb"} for r in wcxb]
    news = load(aeb / "textmode.jsonl.gz")
    out += [{**r, "set": f"aeb_{INSCRIPTIS}"} for r in news]
    for name in ("bs4", "html2text"):
        out += [{**r, "set": f"aeb_{name}"} for r in render_rows(news, aeb, name, cache)]
    for r in out:
        r["fold"] = fold_of(r["url"], r.get("source", r["id"]))
    return out


def run(rows: Sequence[Row], folds: Path, cut: float) -> list[Row]:
    """Each text's precision, recall and F1 at `cut`, with its fold's models."""
    cleaners = {}
    for k in range(FOLDS):
        options = {**fold_options(folds / f"fold{k}"), "article_threshold": cut}
        config = text_config().with_overrides(filter_options={"line_model": options})
        cleaners[k] = Cleaner(config)
    scored = []
    for r in rows:
        try:
            text = cleaners[r["fold"]].clean(r["page_text"], input_format="text").text
        except CleanerError:  # an empty text, scored as an empty output
            text = ""
        s = word_scores(text, r["text"]) if r["set"] == "wcxb" else score([(text, r["text"])])
        scored.append({"set": r["set"], "fold": r["fold"], **s})
    return scored


def figures(scored: Sequence[Row]) -> dict[str, float]:
    """aeb: F1 of the mean precision and recall (its scoring); wcxb: mean F1."""
    out = {}
    for name in SETS:
        rows = [s for s in scored if s["set"] == name]
        if not rows:
            continue
        if name == "wcxb":
            out[name] = sum(s["f1"] for s in rows) / len(rows)
        else:
            out[name] = _f1(
                sum(s["precision"] for s in rows) / len(rows),
                sum(s["recall"] for s in rows) / len(rows),
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=Path, required=True, help="train_text --keep-folds DIR")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--aeb", type=Path, default=AEB)
    ap.add_argument("--render-cache", type=Path, default=None)
    args = ap.parse_args(argv)

    rows = texts(args.data, args.aeb, args.render_cache)
    by_cut = {}
    for cut in GRID:
        by_cut[cut] = run(rows, args.folds, cut)
        print(cut, {k: round(v, 4) for k, v in figures(by_cut[cut]).items()}, flush=True)
    chosen = {
        k: max(GRID, key=lambda c: sum(figures([s for s in by_cut[c] if s["fold"] != k]).values()))
        for k in range(FOLDS)
    }
    held = [by_cut[chosen[s["fold"]]][i] for i, s in enumerate(by_cut[GRID[0]])]
    held_figures = figures(held)
    ship = max(GRID, key=lambda c: sum(figures(by_cut[c]).values()))
    rounded = {k: round(v, 4) for k, v in held_figures.items()}
    print("chosen per fold:", chosen, "held back:", rounded)
    print("the whole data chooses:", ship)

    lines = [
        "# Text mode: the line cut on pages typed article",
        "",
        "Written by `python -m bench.text_cut` with the fold models of "
        "`python -m bench.train_text --keep-folds`. Each row: every text scored with its "
        "fold's models at one cut (aeb: shingle F1 of mean precision and recall; wcxb-dev: "
        "mean word F1). A fold's cut is chosen from the other folds (the sum of the four "
        "figures); the held-back row applies each fold's choice to that fold.",
        "",
        "| article cut | " + " | ".join(SETS) + " |",
        "|---|" + "---|" * len(SETS),
    ]
    for cut in GRID:
        f = figures(by_cut[cut])
        lines.append(f"| {cut} | " + " | ".join(f"{f[s]:.4f}" for s in SETS) + " |")
    lines.append("| held back | " + " | ".join(f"{held_figures[s]:.4f}" for s in SETS) + " |")
    lines += [
        "",
        f"- Cut chosen per fold: {json.dumps({str(k): v for k, v in chosen.items()})}.",
        f"- The whole data chooses {ship}: LineModel's `article_threshold`.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
