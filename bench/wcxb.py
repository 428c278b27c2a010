"""Accuracy, speed and memory on wcxb-dev (seven page types), with aeb beside it.

    python -m bench.wcxb [--limit N] [--out bench/results] [--only a,b] [--no-aeb]

cleaner and trafilatura (default, favor_recall, no_fallback) each run in a
child process of their own (``bench.extractors``), one after another, on the
same pages; scores are the WCXB word-level F1, precision and recall (mean per
page; bench/scoring.py), overall and per page type. Then, unless --no-aeb, the
aeb benchmark runs as ``bench.accuracy --only cleaner,trafilatura`` does.

cleaner's shipped models were trained on wcxb-dev, so its wcxb row here is an
in-sample figure; the held-back-fold figures are in bench/results/train_html.md
(``python -m bench.train_html``). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.accuracy import REPO, machine_info, run_one
from bench.extractors import BY_NAME, load
from bench.scoring import mean_word_scores, word_scores

DATA = Path("/work/shared/datasets/wcxb-dev")
ENTRIES = ("cleaner", "trafilatura", "trafilatura-recall", "trafilatura-no-fallback")
TYPES = ("article", "service", "product", "collection", "forum", "listing", "documentation")


def summarise(
    name: str, result: dict[str, Any], gold: dict[str, str], types: dict[str, str]
) -> dict[str, Any]:
    pages: dict[str, list[Any]] = defaultdict(list)
    for pid, out in zip(result["ids"], result["outputs"], strict=True):
        s = word_scores(out, gold[pid])
        pages[types[pid]].append(s)
        pages["all"].append(s)
    total = sum(result["seconds"])
    n = len(result["outputs"])
    return {
        "name": name,
        "label": BY_NAME[name].label,
        "scores": {t: {**mean_word_scores(v), "n": len(v)} for t, v in pages.items()},
        "docs_per_s": n / total if total else None,
        "peak_mb": result["peak_mb"],
        "baseline_mb": result["baseline_mb"],
        "errors": sum(1 for e in result["errors"] if e),
    }


def markdown(rows: list[dict[str, Any]], n_pages: int, wall: float) -> str:
    lines = [
        "# wcxb-dev: word-level F1 per page type",
        "",
        f"{n_pages} pages; `python -m bench.wcxb`, one run, each extractor in its own child "
        "process. Data: WCXB v1.0 dev split by Murrough Foley (CC-BY-4.0). cleaner's models were "
        "trained on these pages: its row is in-sample; the held-back-fold figures are in "
        "[train_html.md](train_html.md).",
        "",
        "| extractor | all | " + " | ".join(TYPES) + " | P | R | docs/s | peak MB | errors |",
        "|---" * (len(TYPES) + 7) + "|",
    ]
    for r in rows:
        s = r["scores"]
        cells = [f"{s[t]['f1']:.3f}" if t in s else "-" for t in ("all", *TYPES)]
        lines.append(
            f"| {r['label']} | "
            + " | ".join(cells)
            + f" | {s['all']['precision']:.3f} | {s['all']['recall']:.3f} | "
            f"{r['docs_per_s']:.1f} | {r['peak_mb']:.0f} | {r['errors']} |"
        )
    base = next((r for r in rows if r["name"] == "trafilatura"), None)
    ours = next((r for r in rows if r["name"] == "cleaner"), None)
    if base and ours and base["docs_per_s"] and ours["docs_per_s"]:
        speed = ours["docs_per_s"] / base["docs_per_s"]
        added = (ours["peak_mb"] - ours["baseline_mb"]) / max(
            1.0, base["peak_mb"] - base["baseline_mb"]
        )
        lines += [
            "",
            f"cleaner vs trafilatura `extract()`: speed {speed:.2f}x (docs/s), peak memory "
            f"{ours['peak_mb'] / base['peak_mb']:.2f}x, memory added by extraction {added:.2f}x.",
        ]
    m = machine_info()
    lines += [
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} UTC, {m.get('cpus')} CPUs, {wall:.0f} s in all.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    ap.add_argument("--only", default=",".join(ENTRIES), help=f"comma list of {', '.join(ENTRIES)}")
    ap.add_argument("--no-aeb", action="store_true", help="skip the aeb run")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in ENTRIES]
    if unknown:
        ap.error(f"unknown extractor(s) {unknown}; choose from {ENTRIES}")
    started = time.perf_counter()
    rows_in = load(args.data, "html", args.limit)
    gold = {r["id"]: r["text"] for r in rows_in}
    types = {r["id"]: r["page_type"] for r in rows_in}
    del rows_in
    rows = []
    for name in names:
        print(f"running {name} on wcxb-dev ...", file=sys.stderr, flush=True)
        result = run_one(BY_NAME[name], args.data, args.limit)
        row = summarise(name, result, gold, types)
        rows.append(row)
        print(
            f"  F1 {row['scores']['all']['f1']:.3f}  {row['docs_per_s']:.1f} docs/s",
            file=sys.stderr,
        )
    md = markdown(rows, len(gold), time.perf_counter() - started)
    partial = args.limit is not None or names != list(ENTRIES)
    stem = "wcxb-partial" if partial else "wcxb"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{stem}.md").write_text(md, encoding="utf-8")
    (args.out / f"{stem}.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(md)
    if not args.no_aeb:
        cmd = [
            sys.executable,
            "-m",
            "bench.accuracy",
            "--only",
            "cleaner,trafilatura",
            "--rounds",
            "1",
        ]
        if args.limit is not None:
            cmd += ["--limit", str(args.limit)]
        subprocess.run(cmd, cwd=REPO, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
