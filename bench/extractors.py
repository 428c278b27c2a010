"""Extractors under test, and the child-process runner that times one of them.

Run as ``python -m bench.extractors NAME --data DIR --limit N --result FILE [--text FILE]``: the
child loads only the input field its extractor needs (text entries whose renderer is not
inscriptis read the page texts from ``--text``, a file made beforehand by ``bench.render``),
imports only that extractor's packages, records its peak RSS (``VmHWM``) after imports and data
loading, warms up on the first pages (untimed), then times each extraction call with
``time.perf_counter`` and writes outputs, timings and memory to FILE as JSON. ``bench.accuracy``
starts one such child per extractor, one after another.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gzip
import html
import json
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from bench.render import INSCRIPTIS, RENDERERS

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


@dataclasses.dataclass(frozen=True)
class Spec:
    """One benchmark entry: a name, the input it reads, and how to build its function."""

    name: str
    input: InputMode
    label: str
    make: Callable[[], Extract]
    packages: tuple[str, ...] = ()
    timed: bool = True  # False: the entry does no work, so docs/s is not reported
    renderer: str | None = None  # text entries: what rendered the page to text (bench.render)

    @property
    def input_label(self) -> str:
        """The report's input column: ``html``, or ``text (RENDERER)``."""
        return self.input if self.renderer is None else f"{self.input} ({self.renderer})"


def _text_specs(renderer: str) -> tuple[Spec, ...]:
    """The text-mode entries on one renderer's page text (inscriptis keeps the plain names)."""
    sfx = "" if renderer == INSCRIPTIS else f"-{renderer}"
    return (
        Spec(f"keep-all{sfx}", "text", "keep all of page_text", _keep_all, timed=False),
        Spec(
            f"trafilatura-text{sfx}",
            "text",
            "trafilatura on page_text, a `<p>` a line",
            _trafilatura_text,
            ("trafilatura",),
        ),
        Spec(
            f"justext-text{sfx}",
            "text",
            "jusText on page_text, a `<p>` a line",
            _justext_make(True),
            ("jusText",),
        ),
        Spec(f"cleaner-text{sfx}", "text", "cleaner text mode", _cleaner_text, ("cleaner",)),
    )


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
        "trafilatura-recall",
        "html",
        "trafilatura `favor_recall=True`",
        _trafilatura(favor_recall=True),
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
    *(
        dataclasses.replace(spec, renderer=renderer)
        for renderer in (INSCRIPTIS, *RENDERERS)
        for spec in _text_specs(renderer)
    ),
)
BY_NAME = {s.name: s for s in EXTRACTORS}


# --- data ---------------------------------------------------------------------------------------


def load(data_dir: Path, mode: InputMode, limit: int | None = None) -> list[dict[str, str]]:
    """Read the aeb pages (html mode) or text-mode pages, in file order, at most `limit`."""
    name = "pages.jsonl.gz" if mode == "html" else "textmode.jsonl.gz"
    return read_jsonl(data_dir / name, limit)


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    """Read a JSON-lines file (gzipped if its name ends in .gz), in order, at most `limit` rows."""
    rows: list[dict[str, str]] = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(rows) >= limit:
                break
            rows.append(json.loads(line))
    return rows


def maxrss_mb() -> float:
    """This process's peak resident set size so far, in MB.

    On Linux this is ``VmHWM`` from /proc/self/status: the peak of this process's own memory since
    it was started. ``ru_maxrss`` is not used there because Linux carries the parent's peak over
    into a child across fork/vfork + exec, so every child of a big ``bench.accuracy`` reported at
    least the parent's peak (text entries that hold 20-40 MB showed 84-94 MB). Elsewhere,
    ``ru_maxrss`` (KiB on Linux, bytes on macOS).
    """
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", "rb") as f:
        for line in f:
            if line.startswith(b"VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


# --- child entry point -------------------------------------------------------------------------


def run_child(
    name: str, data_dir: Path, limit: int | None, text_file: Path | None = None
) -> dict[str, Any]:
    """Load inputs, build the extractor, warm up, then time every page. Returns a JSON-able dict.

    Text entries rendered by anything but inscriptis read their page texts from `text_file`
    (made by ``bench.render`` in another process, so rendering is neither timed nor in the
    memory figures here).
    """
    spec = BY_NAME[name]
    field = "html" if spec.input == "html" else "page_text"
    if spec.input == "text" and spec.renderer != INSCRIPTIS:
        if text_file is None:
            raise SystemExit(f"{name}: needs --text FILE (made by python -m bench.render)")
        rows = read_jsonl(text_file, limit)
    else:
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
    parser.add_argument(
        "--text", type=Path, default=None, help="page texts made by bench.render (text entries)"
    )
    args = parser.parse_args(argv)
    result = run_child(args.name, args.data, args.limit, args.text)
    args.result.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
