"""Accuracy, speed and memory of cleaner and its peers on the aeb pages.

    python -m bench.accuracy [--limit N] [--out bench/results] [--only cleaner] [--per-page FILE]

Each extractor runs in its own child process (``python -m bench.extractors``), one after another,
on the same pages; text-mode entries whose renderer is not inscriptis read page texts rendered
beforehand by ``python -m bench.render`` into a temporary directory. See bench/README.md for what
the columns mean.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.extractors import BY_NAME, DEFAULT_DATA, EXTRACTORS, WARMUP_PAGES, Spec, load
from bench.render import DESCRIPTIONS, INSCRIPTIS
from bench.scoring import page_scores, score_counts

REPO = Path(__file__).resolve().parent.parent
PACKAGES = (
    "trafilatura",
    "readability-lxml",
    "jusText",
    "Resiliparse",
    "lxml",
    "beautifulsoup4",
    "html2text",
    "cleaner",
)


def cleaner_importable() -> bool:
    """True if ``import cleaner`` works in a fresh interpreter run from the repo root."""
    proc = subprocess.run(
        [sys.executable, "-c", "import cleaner"], cwd=REPO, capture_output=True, check=False
    )
    return proc.returncode == 0


def select(only: str | None) -> list[Spec]:
    """Extractors to run: all, or those named in a comma list (``cleaner`` = all its entries)."""
    if not only:
        return list(EXTRACTORS)
    wanted = [w.strip() for w in only.split(",") if w.strip()]
    unknown = [w for w in wanted if not any(_matches(s.name, w) for s in EXTRACTORS)]
    if unknown:
        raise SystemExit(f"unknown extractor(s) {unknown}; choose from {sorted(BY_NAME)}")
    return [s for s in EXTRACTORS if any(_matches(s.name, w) for w in wanted)]


def _matches(name: str, wanted: str) -> bool:
    return name == wanted or (wanted == "cleaner" and name.startswith("cleaner-text"))


def render_texts(renderer: str, data: Path, limit: int | None, out: Path) -> dict[str, Any]:
    """Render the pages to text with one renderer, in a child process, into `out`."""
    summary = out.with_suffix(".summary.json")
    cmd = [sys.executable, "-m", "bench.render", renderer, "--data", str(data)]
    cmd += ["--out", str(out), "--summary", str(summary)]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not summary.exists():
        raise RuntimeError(
            f"rendering with {renderer} failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
        )
    result: dict[str, Any] = json.loads(summary.read_text(encoding="utf-8"))
    return result


def run_one(
    spec: Spec, data: Path, limit: int | None, text_file: Path | None = None
) -> dict[str, Any]:
    """Run one extractor in a fresh child process and return its result dict."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, "-m", "bench.extractors", spec.name, "--data", str(data)]
        cmd += ["--result", str(out)]
        if text_file is not None:
            cmd += ["--text", str(text_file)]
        if limit is not None:
            cmd += ["--limit", str(limit)]
        load_before = os.getloadavg()[0]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"{spec.name} child failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
            )
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    result["child_wall_s"] = wall
    result["load_before"] = load_before
    return result


def summarise(spec: Spec, result: dict[str, Any], gold: dict[str, str]) -> dict[str, Any]:
    """Score one extractor's outputs and add speed and memory figures."""
    pages = [
        page_scores(out, gold[i]) for i, out in zip(result["ids"], result["outputs"], strict=True)
    ]
    s = score_counts((p["tp"], p["fp"], p["fn"]) for p in pages)
    total = sum(result["seconds"])
    cpu = sum(result["cpu_seconds"])
    n = len(result["outputs"])
    return {
        "name": spec.name,
        "label": spec.label,
        "input": spec.input,
        "renderer": spec.renderer,
        "input_label": spec.input_label,
        **s,
        "docs_per_s": n / total if total > 0 and spec.timed else None,
        "extract_s": total,
        "cpu_docs_per_s": n / cpu if cpu > 0 and spec.timed else None,
        "load_before": result["load_before"],
        "baseline_mb": result["baseline_mb"],
        "peak_mb": result["peak_mb"],
        "delta_mb": result["peak_mb"] - result["baseline_mb"],
        "errors": sum(1 for e in result["errors"] if e),
        "error_types": result["error_types"],
        "empty": sum(1 for o in result["outputs"] if not o.strip()),
        "child_wall_s": result["child_wall_s"],
    }


def per_page_rows(
    spec: Spec, result: dict[str, Any], gold: dict[str, str], urls: dict[str, str]
) -> list[dict[str, Any]]:
    """Per-page scores for one extractor, worst F1 first."""
    rows = []
    for i, out, err, sec in zip(
        result["ids"], result["outputs"], result["errors"], result["seconds"], strict=True
    ):
        ps = page_scores(out, gold[i])
        rows.append(
            {
                "extractor": spec.name,
                "input": spec.input,
                "renderer": spec.renderer,
                "id": i,
                "url": urls[i],
                **{k: round(v, 4) if isinstance(v, float) else v for k, v in ps.items()},
                "pred_chars": len(out),
                "gold_chars": len(gold[i]),
                "ms": round(sec * 1000, 2),
                "error": err,
            }
        )
    rows.sort(key=lambda r: (r["f1"] if r["f1"] is not None else 2.0, r["id"]))
    return rows


def machine_info() -> dict[str, Any]:
    """Date, CPU count, Python and package versions for the report."""
    versions: dict[str, str] = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "loadavg_end": os.getloadavg(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "repo_commit": commit or None,
    }


def _fmt(x: float | None, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def ratios(rows: list[dict[str, Any]]) -> dict[str, float] | None:
    """cleaner (html) vs trafilatura default: speed and memory ratios, if both ran."""
    by = {r["name"]: r for r in rows}
    c, t = by.get("cleaner"), by.get("trafilatura")
    if not c or not t or not c["docs_per_s"] or not t["docs_per_s"]:
        return None
    return {
        "speed": c["docs_per_s"] / t["docs_per_s"],
        "peak_mb": c["peak_mb"] / t["peak_mb"],
        "delta_mb": c["delta_mb"] / t["delta_mb"] if t["delta_mb"] > 0 else float("nan"),
    }


def render_markdown(report: dict[str, Any]) -> str:
    """The accuracy.md text: table, ratio line and machine description."""
    m = report["machine"]
    lines = [
        "# Accuracy on aeb",
        "",
        f"{report['pages']} pages from `{report['data']}`; scoring: bench/scoring.py (aeb 4-token"
        " shingles, per-page normalised, macro-averaged P and R, F1 of the means).",
        "docs/s: pages / summed wall time of the extraction calls only, after a "
        f"{WARMUP_PAGES}-page untimed warm-up, single process; each extractor ran "
        f"{report['rounds']} times, round-robin, in fresh processes, and its median round is "
        "shown. Peak MB: the child process's "
        "peak RSS (`VmHWM`) at the end of its run (interpreter + imports + its inputs in memory "
        "+ extraction); base MB: its peak RSS after imports and loading the inputs, before "
        "the first extraction; the extraction itself added peak - base.",
        "",
        "CPU docs/s: the same with process CPU time instead of wall time (less sensitive to other "
        "load on the machine).",
        "",
        "Text input: each page rendered to plain text (menus, footers and all) by "
        + "; ".join(f"{k}: {v}" for k, v in DESCRIPTIONS.items() if k in report["renderers"])
        + ". Rendering is done beforehand, in another process: not timed, not in the MB columns.",
        "",
        "| extractor | input | F1 | precision | recall | docs/s | CPU docs/s | peak MB | base MB "
        "| errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    if any(r["input"] == "text" and r["name"].startswith("cleaner") for r in report["results"]):
        lines[-2:-2] = [
            "cleaner text mode's models are trained on these pages (with wcxb-dev's, by "
            "bench/train_text.py): its text rows are in-sample, for speed and as a check; the "
            "accuracy figures to quote are the out-of-fold ones that script prints "
            "(cleaner/models/TEXT_MODEL_CARD.md).",
            "",
        ]
    for r in report["results"]:
        lines.append(
            f"| {r['label']} | {r['input_label']} | {r['f1']:.3f} | {r['precision']:.3f} | "
            f"{r['recall']:.3f} | {_fmt(r['docs_per_s'], '.0f')} | "
            f"{_fmt(r['cpu_docs_per_s'], '.0f')} | {r['peak_mb']:.0f} | "
            f"{r['baseline_mb']:.0f} | {r['errors']} |"
        )
    lines.append("")
    rt = report.get("ratios")
    if rt:
        lines.append(
            f"cleaner vs trafilatura `extract()` (html): speed {rt['speed']:.2f}x "
            f"(docs/s ratio), peak memory {rt['peak_mb']:.2f}x, "
            f"memory added by extraction (peak - base) {rt['delta_mb']:.2f}x."
        )
    else:
        lines.append("cleaner vs trafilatura ratio: not available (one of them did not run).")
    if report.get("skipped"):
        lines.append("")
        lines.append(f"Skipped: {', '.join(report['skipped'])}.")
    errs = {r["name"]: r["error_types"] for r in report["results"] if r["error_types"]}
    if errs:
        lines.append("")
        lines.append(f"Error types: {json.dumps(errs)}")
    renders = report.get("renders") or {}
    if renders:
        lines.append("")
        lines.append(
            "Rendering (untimed above): "
            + ", ".join(
                f"{k} {v['seconds']:.1f} s for {v['pages']} pages, {len(v['errors'])} errors"
                for k, v in renders.items()
            )
            + "."
        )
    pkgs = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    lines += [
        "",
        f"Run {m['date']}, {m['nproc']} CPUs (usable {m['usable_cpus']}), Python {m['python']} "
        f"on {m['platform']}; {pkgs}; repo commit {m['repo_commit']}. Whole run took "
        f"{report['total_wall_s']:.0f} s. 1-minute load average before each extractor: "
        + ", ".join(f"{r['name']} {r['load_before']:.1f}" for r in report["results"])
        + " (load from other processes slows docs/s; compare speeds only within one run).",
        "",
    ]
    return "\n".join(lines)


def plot(report: dict[str, Any], path: Path) -> None:
    """F1 against docs/s (log x), html and text mode in two colours, points labelled."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    palette = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown"]
    inputs = list(dict.fromkeys(r["input_label"] for r in report["results"]))
    colours = {label: palette[i % len(palette)] for i, label in enumerate(inputs)}
    fig, ax = plt.subplots(figsize=(9, 6))
    labelled: list[dict[str, Any]] = []
    for label in inputs:
        pts = [
            r
            for r in report["results"]
            if r["input_label"] == label and r["docs_per_s"] and not _is_keep_all(r)
        ]
        if not pts:
            continue
        ax.scatter(
            [r["docs_per_s"] for r in pts],
            [r["f1"] for r in pts],
            c=colours[label],
            label=f"{label} input",
            s=50,
            zorder=3,
        )
        labelled += pts
    keep_all = [r for r in report["results"] if _is_keep_all(r)]
    for k, r in enumerate(keep_all):  # labels side by side: the lines are often close together
        colour = colours[r["input_label"]]
        ax.axhline(r["f1"], color=colour, linestyle="--", linewidth=1)
        ax.annotate(
            f"keep all of page_text ({r['renderer']})",
            (0.01 + 0.26 * k, r["f1"]),
            xycoords=("axes fraction", "data"),
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=8,
            color=colour,
        )
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("docs/s (log scale, single process)")
    ax.set_ylabel("F1 (aeb 4-token shingles)")
    ax.set_title(f"aeb, {report['pages']} pages, {report['machine']['date']}")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    _place_labels(fig, ax, labelled)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _is_keep_all(row: dict[str, Any]) -> bool:
    return str(row["name"]).startswith("keep-all")


def _place_labels(fig: Any, ax: Any, points: list[dict[str, Any]]) -> None:
    """Label each point, trying a few offsets so that labels do not overprint each other."""
    import matplotlib.text

    fig.canvas.draw()  # fixes the axis limits and layout before measuring anything
    renderer = fig.canvas.get_renderer()
    # point centres in pixels, and the area labels must stay in
    taken = [ax.transData.transform((r["docs_per_s"], r["f1"])) for r in points]
    frame = ax.get_window_extent(renderer)
    boxes: list[Any] = []
    candidates = [
        *((8, dy, "left") for dy in (4, -11, 16, -23, 28, -35)),
        *((-8, dy, "right") for dy in (4, -11, 16, -23, 28, -35)),
    ]
    for r in sorted(points, key=lambda r: -r["f1"]):
        for dx, dy, ha in candidates:
            text = ax.annotate(
                r["name"],
                (r["docs_per_s"], r["f1"]),
                textcoords="offset points",
                xytext=(dx, dy),
                fontsize=8,
                ha=ha,
                va="center",
                arrowprops={"arrowstyle": "-", "color": "grey", "lw": 0.5, "shrinkB": 4},
            )
            text.update_positions(renderer)
            box = matplotlib.text.Text.get_window_extent(text, renderer)  # text only, no line
            pad = box.expanded(1.05, 1.3).padded(4)  # keep clear of markers (radius ~4 px)
            free = not any(box.overlaps(b) for b in boxes)
            free = free and not any(pad.contains(x, y) for x, y in taken)
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if (free and inside) or (dx, dy, ha) == candidates[-1]:
                boxes.append(box)
                break
            text.remove()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--only",
        default=None,
        help="comma list of extractors to run; 'cleaner' means cleaner and cleaner-text. "
        f"Names: {', '.join(s.name for s in EXTRACTORS)}",
    )
    parser.add_argument(
        "--per-page",
        type=Path,
        default=None,
        help="write cleaner's per-page scores (jsonl, worst F1 first) here",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="time each extractor this many times, round-robin; report the median (default 3)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    t_start = time.perf_counter()
    specs = select(args.only)
    skipped: list[str] = []
    if any(s.packages == ("cleaner",) for s in specs) and not cleaner_importable():
        skipped = [s.name for s in specs if s.packages == ("cleaner",)]
        specs = [s for s in specs if s.packages != ("cleaner",)]
        print(f"cleaner is not importable yet; skipping {skipped}", file=sys.stderr)

    html_rows = load(args.data, "html", args.limit)
    gold = {r["id"]: r["text"] for r in html_rows}
    urls = {r["id"]: r["url"] for r in html_rows}
    n_pages = len(html_rows)
    del html_rows

    # Page texts for the text entries not rendered by inscriptis: one file per renderer, made
    # once in a child process of its own and shared by that renderer's entries.
    render_dir = tempfile.TemporaryDirectory(prefix="bench-render-")
    text_files: dict[str, Path] = {}
    renders: dict[str, dict[str, Any]] = {}
    for renderer in dict.fromkeys(s.renderer for s in specs):
        if renderer is None or renderer == INSCRIPTIS:
            continue
        print(f"rendering pages with {renderer} ...", file=sys.stderr, flush=True)
        text_files[renderer] = Path(render_dir.name) / f"{renderer}.jsonl"
        renders[renderer] = render_texts(renderer, args.data, args.limit, text_files[renderer])

    rows: list[dict[str, Any]] = []
    per_page: list[dict[str, Any]] = []
    # Rounds go round-robin over the extractors, so drift in the machine's speed
    # hits all of them alike; each figure is from its median round (by time).
    rounds: dict[str, list[dict[str, Any]]] = {s.name: [] for s in specs}
    for r in range(args.rounds):
        for spec in specs:
            print(
                f"running {spec.name} ({spec.input_label}), round {r + 1}/{args.rounds} ...",
                file=sys.stderr,
                flush=True,
            )
            text_file = text_files.get(spec.renderer) if spec.renderer else None
            rounds[spec.name].append(run_one(spec, args.data, args.limit, text_file))
    for spec in specs:
        done = sorted(rounds[spec.name], key=lambda res: sum(res["seconds"]))
        result = done[len(done) // 2]
        if result["ids"] != list(gold):
            raise RuntimeError(f"{spec.name}: page order differs from the html pages")
        row = summarise(spec, result, gold)
        rows.append(row)
        print(
            f"  F1 {row['f1']:.3f}  P {row['precision']:.3f}  R {row['recall']:.3f}  "
            f"{_fmt(row['docs_per_s'], '.1f')} docs/s  peak {row['peak_mb']:.0f} MB "
            f"(base {row['baseline_mb']:.0f})  errors {row['errors']}",
            file=sys.stderr,
            flush=True,
        )
        if spec.packages == ("cleaner",):
            per_page += per_page_rows(spec, result, gold, urls)
    render_dir.cleanup()

    report = {
        "data": str(args.data),
        "pages": n_pages,
        "rounds": args.rounds,
        "limit": args.limit,
        "only": args.only,
        "machine": machine_info(),
        "results": rows,
        "ratios": ratios(rows),
        "skipped": skipped,
        "renderers": sorted({s.renderer for s in specs if s.renderer}),
        "renders": renders,
        "total_wall_s": time.perf_counter() - t_start,
    }

    args.out.mkdir(parents=True, exist_ok=True)
    # A partial run (--only / --limit) must not overwrite the full-run report.
    stem = "accuracy" if not args.only and args.limit is None else "accuracy-partial"
    md = render_markdown(report)
    (args.out / f"{stem}.md").write_text(md, encoding="utf-8")
    (args.out / f"{stem}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    plot(report, args.out / f"{stem}.png")
    print(md)
    print(f"wrote {args.out / stem}.{{md,json,png}}", file=sys.stderr)

    if args.per_page is not None:
        if not per_page:
            print("--per-page: cleaner did not run; nothing written", file=sys.stderr)
        else:
            args.per_page.parent.mkdir(parents=True, exist_ok=True)
            with args.per_page.open("w", encoding="utf-8") as f:
                for r in per_page:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            print(f"wrote {len(per_page)} per-page rows to {args.per_page}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
