"""Output formats: text (headline, then a paragraph a line), Markdown, JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaner.result import Result

FORMATS = ("text", "markdown", "json")


def render(result: Result, fmt: str = "text", explain: bool = False) -> str:
    if fmt == "text":
        return render_text(result)
    if fmt == "markdown":
        return render_markdown(result)
    if fmt == "json":
        return json.dumps(result.to_dict(explain=explain), ensure_ascii=False)
    raise ValueError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")


def render_text(result: Result) -> str:
    lines = [result.title] if result.title else []
    lines.extend(b.text for b in result.blocks)
    return "\n".join(lines) + "\n" if lines else ""


_MD_PREFIX = {"heading": "## ", "item": "- ", "quote": "> "}


def render_markdown(result: Result) -> str:
    parts = [f"# {result.title}"] if result.title else []
    for block in result.blocks:
        parts.append(_MD_PREFIX.get(block.kind, "") + block.text)
    return "\n\n".join(parts) + "\n" if parts else ""


def render_explain(result: Result) -> str:
    """A human-readable account of removals, one line each."""
    out = []
    for entry in result.explain():
        where = entry.get("path") or (f"line {entry['line']}" if "line" in entry else "")
        text = entry["text"] if len(entry["text"]) <= 100 else entry["text"][:97] + "..."
        out.append(f"[{entry['filter']}:{entry['reason']}] {where}: {text}")
    return "\n".join(out) + ("\n" if out else "")
