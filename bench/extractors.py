"""Extractors under test, and the child-process runner that times one of them.

Run as ``python -m bench.extractors NAME --data DIR --limit N --result FILE``: the child loads only
the input field its extractor needs, imports only that extractor's packages, records its RSS
(``ru_maxrss``) after imports and data loading, warms up on the first pages (untimed), then
times each extraction call with ``time.perf_counter`` and writes outputs, timings and memory to
FILE as JSON. ``bench.accuracy`` starts one such child per extractor, one after another.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import html
import json
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Extract = Callable[[str], str]
InputMode = Literal["html", "text"]

WARMUP_PAGES = 3
DEFAULT_DATA = Path("/work/shared/datasets/aeb")


# --- text helpers ------------------------------------------------------------------------------


def lines_to_html(page_text: str) -> str:
    """Wrap plain text as an HTML page with one ``<p>`` per non-blank line (HTML-escaped)."""
    paras = "".join(
        f"<p>{html.escape(line.strip())}</p>\n" for line in page_text.splitlines() if line.strip()
    )
    return f"<!DOCTYPE html>\n<html><head><title></title></head><body>\n{paras}</body></html>"


# --- extractor factories (imports happen here, inside the child) -----------------------------


def _cleaner_html() -> Extract:
    import cleaner

    return lambda page: cleaner.clean(page, input_format="html").text


def _cleaner_text() -> Extract:
    import cleaner

    return lambda page: cleaner.clean(page, input_format="text").text


def _trafilatura(**options: Any) -> Callable[[], Extract]:
    def make() -> Extract:
        import trafilatura

        return lambda page: trafilatura.extract(page, **options) or ""

    return make


def _trafilatura_text() -> Extract:
    import trafilatura

    return lambda page: trafilatura.extract(lines_to_html(page)) or ""


def _readability() -> Extract:
    import lxml.html
    from readability import Document

    # summary() returns an HTML document; text_content() is lxml's documented way to its text.
    # It joins adjacent blocks without a separator ("end.</p><p>Next" -> "end.Next"), which costs
    # a little; a block-aware conversion scored F1 0.954 instead of 0.947 in our runs.
    return lambda page: lxml.html.fromstring(Document(page).summary()).text_content()


def _justext_make(wrap: bool) -> Callable[[], Extract]:
    def make() -> Extract:
        import justext

        stoplist = justext.get_stoplist("English")

        def run(page: str) -> str:
            doc = lines_to_html(page) if wrap else page
            paragraphs = justext.justext(doc, stoplist)
            return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

        return run

    return make


def _resiliparse() -> Extract:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda page: extract_plain_text(page, main_content=True)


def _keep_all() -> Extract:
    return lambda page: page


@dataclass(frozen=True)
class Spec:
    """One benchmark entry: a name, the input it reads, and how to build its function."""

    name: str
    input: InputMode
    label: str
    make: Callable[[], Extract]
    packages: tuple[str, ...] = ()
    timed: bool = True  # False: the entry does no work, so docs/s is not reported


EXTRACTORS: tuple[Spec, ...] = (
    Spec("cleaner", "html", "cleaner", _cleaner_html, ("cleaner",)),
    Spec("trafilatura", "html", "trafilatura `extract()`", _trafilatura(), ("trafilatura",)),
    Spec(
        "trafilatura-precision",
        "html",
        "trafilatura `favor_precision=True`",
        _trafilatura(favor_precision=True),
        ("trafilatura",),
    ),
    Spec(
        "trafilatura-no-fallback",
        "html",
        "trafilatura `no_fallback=True`",
        _trafilatura(no_fallback=True),
        ("trafilatura",),
    ),
    Spec("readability", "html", "readability-lxml", _readability, ("readability-lxml",)),
    Spec("justext", "html", "jusText (English stoplist)", _justext_make(False), ("jusText",)),
    Spec(
        "resiliparse",
        "html",
        "resiliparse `main_content=True`",
        _resiliparse,
        ("Resiliparse",),
    ),
    Spec("keep-all", "text", "keep all of page_text", _keep_all, timed=False),
    Spec(
        "trafilatura-text",
        "text",
        "trafilatura on page_text, a `<p>` a line",
        _trafilatura_text,
        ("trafilatura",),
    ),
    Spec(
        "justext-text",
        "text",
        "jusText on page_text, a `<p>` a line",
        _justext_make(True),
        ("jusText",),
    ),
    Spec("cleaner-text", "text", "cleaner text mode", _cleaner_text, ("cleaner",)),
)
BY_NAME = {s.name: s for s in EXTRACTORS}


# --- data ---------------------------------------------------------------------------------------


def load(data_dir: Path, mode: InputMode, limit: int | None = None) -> list[dict[str, str]]:
    """Read the aeb pages (html mode) or text-mode pages, in file order, at most `limit`."""
    name = "pages.jsonl.gz" if mode == "html" else "textmode.jsonl.gz"
    rows: list[dict[str, str]] = []
    with gzip.open(data_dir / name, "rt", encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(rows) >= limit:
                break
            rows.append(json.loads(line))
    return rows


def maxrss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


# --- child entry point -------------------------------------------------------------------------


def run_child(name: str, data_dir: Path, limit: int | None) -> dict[str, Any]:
    """Load inputs, build the extractor, warm up, then time every page. Returns a JSON-able dict."""
    spec = BY_NAME[name]
    field = "html" if spec.input == "html" else "page_text"
    rows = load(data_dir, spec.input, limit)
    ids = [r["id"] for r in rows]
    inputs = [r[field] for r in rows]
    del rows
    extract = spec.make()
    baseline = maxrss_mb()

    for page in inputs[:WARMUP_PAGES]:
        with contextlib.suppress(Exception):  # failures are counted in the timed run
            extract(page)

    outputs: list[str] = []
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    errors: list[str | None] = []
    for page in inputs:
        c0 = time.process_time()
        t0 = time.perf_counter()
        try:
            out = extract(page)
            err = None
        except Exception as exc:
            out, err = "", f"{type(exc).__name__}: {exc}"[:300]
        seconds.append(time.perf_counter() - t0)
        cpu_seconds.append(time.process_time() - c0)
        outputs.append(out if isinstance(out, str) else "")
        errors.append(err)

    error_types = Counter(e.split(":", 1)[0] for e in errors if e)
    return {
        "name": name,
        "ids": ids,
        "outputs": outputs,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "errors": errors,
        "error_types": dict(error_types),
        "baseline_mb": baseline,
        "peak_mb": maxrss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one extractor (child of bench.accuracy).")
    parser.add_argument("name", choices=sorted(BY_NAME))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args(argv)
    result = run_child(args.name, args.data, args.limit)
    args.result.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
