"""Text mode on wcxb-dev: cleaner and its peers fed the same page text, beside the HTML figures.

    python -m bench.wcxb_text                      # everything, about 5 minutes on 2 cores
    python -m bench.wcxb_text --out-of-fold FILE   # reuse bench.train_text's out-of-fold file
    python -m bench.wcxb_text --limit 200 --no-html

Every text entry reads the same `page_text` (inscriptis rendering, textmode.jsonl.gz) and is
scored with the wcxb word-level F1 (bench/scoring.py word_scores, mean over pages), overall
and per page type:

- keep-all: the page text unchanged (the floor);
- justext-text, trafilatura-text: the page text wrapped as one `<p>` a line
  (bench/extractors.py lines_to_html), then jusText (English stoplist) / trafilatura.extract();
- c4-lines: datatrove's C4QualityFilter at its defaults, called as datatrove does (its
  `filter()` on a datatrove Document): the kept lines are its output; a page it drops whole
  (fewer than 5 sentences left, a curly bracket, "lorem ipsum") gives an empty text;
- c4-lines-only: the same filter with those three page-level rules switched off
  (min_num_sentences=-1, filter_curly_bracket=False, filter_lorem_ipsum=False): its line
  rules alone (terminal punctuation, at least 3 words, javascript, policy phrases);
- cleaner-text: cleaner.clean(page_text, input_format="text") with the shipped models, which
  were trained on these very pages: an in-sample figure, shown for reference only;
- cleaner-text (out of fold): the figure to quote. For each of 5 domain-grouped folds the
  models are trained on the other four and the full chain cleans the held-out pages
  (bench/train_text.py; run here unless --out-of-fold gives its file).

HTML entries (pages.jsonl.gz, unless --no-html): trafilatura.extract(html) and cleaner HTML
mode. docs/s is pages over the summed time of the calls (single process, one after another);
the ratio line compares cleaner text mode with trafilatura on the HTML.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import platform
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.extractors import lines_to_html
from bench.scoring import mean_word_scores, word_scores

DATA = Path("/work/shared/datasets/wcxb-dev")
OUT = Path(__file__).resolve().parent / "results"
TYPES = ("article", "service", "product", "collection", "forum", "listing", "documentation")


def _keep_all() -> Callable[[str], str]:
    return lambda text: text


def _justext() -> Callable[[str], str]:
    import justext

    stoplist = justext.get_stoplist("English")

    def run(text: str) -> str:
        if not text.strip():
            return ""
        paragraphs = justext.justext(lines_to_html(text), stoplist)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def _trafilatura_text() -> Callable[[str], str]:
    import trafilatura

    return lambda text: trafilatura.extract(lines_to_html(text)) or ""


def _c4(**options: Any) -> Callable[[], Callable[[str], str]]:
    def make() -> Callable[[str], str]:
        return _c4_filter(**options)

    return make


def _c4_filter(**options: Any) -> Callable[[str], str]:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    # Defaults: filter_no_terminal_punct=True, min_words_per_line=3, min_num_sentences=5 ...
    step = C4QualityFilter(**options)

    def run(text: str) -> str:
        doc = Document(text=text, id="page")
        verdict = step.filter(doc)
        kept = verdict[0] if isinstance(verdict, tuple) else verdict
        return doc.text if kept else ""

    return run


def _cleaner(input_format: str) -> Callable[[], Callable[[str], str]]:
    """cleaner on one input format; an input it refuses (CleanerError) gives an empty text."""

    def make() -> Callable[[str], str]:
        from cleaner import Cleaner
        from cleaner.errors import CleanerError

        cleaner = Cleaner()

        def run(page: str) -> str:
            try:
                return cleaner.clean(page, input_format=input_format).text
            except CleanerError:
                return ""

        return run

    return make


def _trafilatura_html() -> Callable[[str], str]:
    import trafilatura

    return lambda page: trafilatura.extract(page) or ""


def _has_content_model() -> bool:
    try:
        from cleaner import Cleaner

        return "content_model" in Cleaner().chain.names
    except Exception:  # only a label depends on it
        return False


TEXT_ENTRIES: dict[str, tuple[str, Callable[[], Callable[[str], str]]]] = {
    "keep-all": ("keep all of page_text", _keep_all),
    "justext-text": ("jusText, a `<p>` a line", _justext),
    "trafilatura-text": ("trafilatura, a `<p>` a line", _trafilatura_text),
    "c4-lines": ("datatrove C4QualityFilter (defaults)", _c4()),
    # Its line rules alone: the page-level drops (fewer than 5 sentences, a curly bracket,
    # lorem ipsum) switched off, so that a page is never emptied whole.
    "c4-lines-only": (
        "datatrove C4QualityFilter, line rules only",
        _c4(min_num_sentences=-1, filter_curly_bracket=False, filter_lorem_ipsum=False),
    ),
    "cleaner-text": (
        "cleaner text mode, shipped models (in-sample, reference only)",
        _cleaner("text"),
    ),
}
HTML_ENTRIES: dict[str, tuple[str, Callable[[], Callable[[str], str]]]] = {
    "trafilatura-html": ("trafilatura.extract() on the HTML", _trafilatura_html),
    "cleaner-html": ("cleaner HTML mode", _cleaner("html")),
}


def load(path: Path, field: str, limit: int | None) -> list[dict[str, Any]]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            rows.append({k: r.get(k, "") for k in ("id", "url", "page_type", "text", field)})
            if limit and len(rows) >= limit:
                break
    return rows


def run_entry(
    make: Callable[[], Callable[[str], str]], rows: list[dict[str, Any]], field: str
) -> tuple[dict[str, str], float, int]:
    fn = make()
    for r in rows[:3]:  # warm-up, untimed; a peer failing on a page counts as empty output
        with contextlib.suppress(Exception):
            fn(r[field])
    out: dict[str, str] = {}
    seconds = 0.0
    errors = 0
    for r in rows:
        start = time.perf_counter()
        try:
            out[r["id"]] = fn(r[field])
        except Exception:
            out[r["id"]] = ""
            errors += 1
        seconds += time.perf_counter() - start
    return out, seconds, errors


def table(rows: list[dict[str, Any]], outputs: dict[str, str]) -> dict[str, float]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        s = word_scores(outputs.get(r["id"], ""), r["text"])
        groups[r["page_type"]].append(s)
        groups["all"].append(s)
    return {t: mean_word_scores(v)["f1"] for t, v in groups.items()}


def out_of_fold(path: Path | None, limit: int | None) -> tuple[dict[str, str], str]:
    if path is not None and path.exists():
        source = f"read from {path}"
    else:
        from bench import train_text

        path = Path(tempfile.mkdtemp()) / "out-of-fold.jsonl"
        argv = ["--folds-only", "--out-of-fold", str(path)]
        if limit:
            argv += ["--limit", str(limit)]
        train_text.main(argv)
        source = "computed in this run (bench.train_text --folds-only)"
    out = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out[r["id"]] = r["text"]
    return out, source


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--out-of-fold", type=Path, default=None)
    ap.add_argument("--no-html", action="store_true")
    args = ap.parse_args(argv)

    started = time.time()
    rows = load(args.data / "textmode.jsonl.gz", "page_text", args.limit)
    results: dict[str, dict[str, Any]] = {}
    for name, (label, make) in TEXT_ENTRIES.items():
        print(f"{name} ...", file=sys.stderr, flush=True)
        outs, secs, errors = run_entry(make, rows, "page_text")
        results[name] = {
            "label": label,
            "input": "text",
            "f1": table(rows, outs),
            "docs_s": len(rows) / secs if secs else None,
            "errors": errors,
        }
    oof, source = out_of_fold(args.out_of_fold, args.limit)
    results["cleaner-text-oof"] = {
        "label": "cleaner text mode, out of fold (5 domain folds)",
        "input": "text",
        "f1": table(rows, oof),
        "docs_s": None,
        "errors": 0,
    }
    if not args.no_html:
        html_rows = load(args.data / "pages.jsonl.gz", "html", args.limit)
        for name, (label, make) in HTML_ENTRIES.items():
            print(f"{name} ...", file=sys.stderr, flush=True)
            outs, secs, errors = run_entry(make, html_rows, "html")
            if name == "cleaner-html" and not _has_content_model():
                label += " (content_model off: its models are not in this checkout)"
            results[name] = {
                "label": label,
                "input": "html",
                "f1": table(html_rows, outs),
                "docs_s": len(html_rows) / secs if secs else None,
                "errors": errors,
            }

    counts = {t: sum(r["page_type"] == t for r in rows) for t in TYPES}
    peers = ("justext-text", "trafilatura-text", "c4-lines", "c4-lines-only")
    lines = [
        "# Text mode on wcxb-dev",
        "",
        f"{len(rows)} pages of `{args.data}` (WCXB v1.0 dev split by Murrough Foley, CC-BY-4.0; "
        "github.com/Murrough-Foley/web-content-extraction-benchmark). Text entries read the "
        "page text rendered by inscriptis (`textmode.jsonl.gz`); word-level F1 "
        "(bench/scoring.py `word_scores`), mean over pages. Command: `python -m bench.wcxb_text`.",
        "",
        "| entry | input | all | "
        + " | ".join(f"{t} ({counts[t]})" for t in TYPES)
        + " | docs/s | errors |",
        "|---|---|---|" + "---|" * len(TYPES) + "---|---|",
    ]
    for r in results.values():
        f1 = r["f1"]
        speed = f"{r['docs_s']:.0f}" if r["docs_s"] else "-"
        lines.append(
            f"| {r['label']} | {r['input']} | {f1.get('all', 0):.3f} | "
            + " | ".join(f"{f1.get(t, 0):.3f}" for t in TYPES)
            + f" | {speed} | {r['errors']} |"
        )
    best = {t: max(results[p]["f1"].get(t, 0) for p in peers) for t in ("all", *TYPES)}
    oof_f1 = results["cleaner-text-oof"]["f1"]
    keep = results["keep-all"]["f1"]
    lines += [
        "",
        "Out-of-fold cleaner text mode against the floor and the best text peer:",
        "",
        "| page type | keep all | best text peer | cleaner (out of fold) | above both |",
        "|---|---|---|---|---|",
    ]
    for t in ("all", *TYPES):
        ok = oof_f1.get(t, 0) > max(keep.get(t, 0), best[t])
        lines.append(
            f"| {t} | {keep.get(t, 0):.3f} | {best[t]:.3f} | {oof_f1.get(t, 0):.3f} | "
            f"{'yes' if ok else 'no'} |"
        )
    ct, th = results["cleaner-text"]["docs_s"], results.get("trafilatura-html", {}).get("docs_s")
    lines.append("")
    if ct and th:
        lines.append(
            f"Speed: cleaner text mode {ct:.0f} docs/s, trafilatura on the HTML "
            f"{th:.0f} docs/s: {ct / th:.1f}x."
        )
    lines.append(f"Out-of-fold outputs {source}.")
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("trafilatura", "jusText", "datatrove", "inscriptis"):
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{package} {version(package)}")
    versions = ", ".join(found)
    lines.append(
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python "
        f"{platform.python_version()}; {versions}; took {time.time() - started:.0f} s."
    )
    args.out.mkdir(parents=True, exist_ok=True)
    stem = "wcxb_text" if not args.limit else "wcxb_text-partial"
    (args.out / f"{stem}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (args.out / f"{stem}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
