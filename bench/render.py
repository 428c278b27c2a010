"""Page-to-text renderers for the text-mode rows, run once per renderer before the extractors.

    python -m bench.render NAME --data DIR --out FILE [--limit N]

The aeb ``textmode.jsonl.gz`` holds the pages rendered by inscriptis. To judge text-input
extraction on other renderings of the same pages, ``bench.accuracy`` renders ``pages.jsonl.gz``'s
``html`` with each renderer below into a temporary JSON-lines file (``id``, ``url``,
``page_text``), in a child process of its own, and the text-mode children then read that file
exactly as they read ``textmode.jsonl.gz``. Rendering is neither timed nor counted in their
memory figures: the extractor children only ever hold the rendered text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

Render = Callable[[str], str]

#: the renderer of the dataset's own ``textmode.jsonl.gz`` (nothing to render here)
INSCRIPTIS = "inscriptis"


def _bs4() -> Render:
    from bs4 import BeautifulSoup

    def run(page: str) -> str:
        soup = BeautifulSoup(page, "lxml")
        for tag in soup(["script", "style", "noscript"]):
            tag.decompose()
        return soup.get_text("\n")

    return run


def _html2text() -> Render:
    import html2text

    def run(page: str) -> str:
        conv = html2text.HTML2Text()  # a parser with state: one per page
        conv.ignore_links = True
        conv.ignore_images = True
        conv.body_width = 0
        return conv.handle(page)

    return run


#: renderer name -> factory (imports happen inside the factory)
RENDERERS: dict[str, Callable[[], Render]] = {"bs4": _bs4, "html2text": _html2text}
#: what each renderer does, for the report
DESCRIPTIONS = {
    INSCRIPTIS: "inscriptis, default settings (the dataset's `textmode.jsonl.gz`)",
    "bs4": 'BeautifulSoup(html, "lxml"), script/style/noscript removed, `get_text("\\n")`',
    "html2text": "html2text.HTML2Text, ignore_links, ignore_images, body_width=0",
}


def render_file(
    name: str, data_dir: Path, out: Path, limit: int | None = None
) -> dict[str, object]:
    """Render the aeb pages with one renderer into ``out`` (JSON lines); returns a summary."""
    from bench.extractors import load

    render = RENDERERS[name]()
    rows = load(data_dir, "html", limit)
    errors: list[str] = []
    t0 = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        for r in rows:
            try:
                text = render(r["html"])
            except Exception as exc:  # an unrenderable page becomes an empty text
                text = ""
                errors.append(f"{r['id']}: {type(exc).__name__}: {exc}"[:300])
            row = {"id": r["id"], "url": r["url"], "page_text": text}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {
        "renderer": name,
        "pages": len(rows),
        "seconds": time.perf_counter() - t0,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the aeb pages to text (bench.accuracy).")
    parser.add_argument("name", choices=sorted(RENDERERS))
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--summary", type=Path, default=None, help="write the summary JSON here")
    args = parser.parse_args(argv)
    summary = render_file(args.name, args.data, args.out, args.limit)
    if args.summary is not None:
        args.summary.write_text(json.dumps(summary), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
