"""A self-contained HTML report of one cleaning: what was removed, by which filter, and why.

`build_report(result)` returns one HTML page with inline CSS and nothing else: no scripts,
no images, no external stylesheets or fonts, so it opens offline and can be attached to a
bug report. It shows:

* every block of the page as read, in order: kept text plain, removed text struck
  through in its filter's colour, with "filter: reason" on hover (the `title` attribute);
  a rewritten block shows its old text struck and its new text after it;
* a legend: one entry per filter that removed something, with its colour and reasons;
* a summary table per filter of the chain (blocks and characters removed, rewrites);
* the final clean text, exactly as `result.render("text")` gives it.

Command line: ``cleaner explain INPUT [-o report.html]`` (see docs/explain.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaner.document import Removal
    from cleaner.result import Result

# Distinct, readable on white. A filter's colour is fixed by its place in the registry, as
# long as that gives the filters of one report distinct colours (see filter_colours).
PALETTE = (
    "#d62728",
    "#1f77b4",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
    "#393b79",
    "#ad494a",
    "#637939",
    "#7b4173",
    "#3182bd",
    "#e6550d",
    "#31a354",
    "#756bb1",
    "#843c39",
    "#8c6d31",
    "#de2d26",
    "#08519c",
    "#006d2c",
    "#54278f",
)

_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0;
  color: #222; background: #fff; }
header, main, section { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin: 1rem 0 0.3rem; }
h2 { font-size: 1.15rem; border-bottom: 1px solid #ddd; margin-top: 1.6rem; }
.meta { color: #555; font-size: 0.9rem; margin: 0 0 0.5rem; }
.block { margin: 0.25rem 0; padding: 0.1rem 0.4rem; border-left: 3px solid transparent; }
.block .idx { color: #999; font-size: 0.75rem; margin-right: 0.4rem; user-select: none;
  font-family: ui-monospace, monospace; }
.kind-heading { font-weight: 600; }
.kind-item::before { content: "\\2022  "; color: #888; }
.block.removed-block { background: #fafafa; }
del.removed { text-decoration-line: line-through; text-decoration-thickness: 1px;
  cursor: help; }
ins.rewritten { text-decoration: none; background: #eaf6ea; margin-left: 0.4rem; }
.legend ul { list-style: none; padding: 0; }
.legend li { margin: 0.2rem 0; }
.swatch { display: inline-block; width: 0.9rem; height: 0.9rem; vertical-align: middle;
  margin-right: 0.4rem; border-radius: 2px; }
.reasons { color: #555; font-size: 0.9rem; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border: 1px solid #ddd; padding: 0.2rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tr.idle td { color: #aaa; }
tfoot td { font-weight: 600; }
pre#clean-text { white-space: pre-wrap; background: #f6f8fa; padding: 0.8rem;
  border: 1px solid #ddd; font: 14px/1.5 ui-monospace, monospace; }
"""


def filter_colours(names: Sequence[str]) -> dict[str, str]:
    """A colour per filter in `names`, distinct among them (up to the palette's size).

    Each filter gets the colour of its place in the registry, so a filter looks the same in
    every report; if that would give two of `names` the same colour, they are coloured by
    their rank among `names` instead.
    """
    from cleaner.chain import FILTERS

    order = list(FILTERS) + [n for n in dict.fromkeys(names) if n not in FILTERS]
    wanted = [n for n in order if n in set(names)]
    fixed = {n: PALETTE[order.index(n) % len(PALETTE)] for n in wanted}
    if len(set(fixed.values())) == len(fixed):
        return fixed
    return {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(wanted)}


def _css_ident(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def _filter_summary(name: str) -> str:
    from cleaner.chain import FILTERS

    cls = FILTERS.get(name)
    doc = (cls.__doc__ or "").strip().splitlines() if cls else []
    return doc[0] if doc else ""


def _removal_html(r: Removal) -> str:
    return (
        f'<del class="removed f-{_css_ident(r.filter)}" data-filter="{escape(r.filter)}" '
        f'data-reason="{escape(r.reason)}" title="{escape(f"{r.filter}: {r.reason}")}">'
        f"{escape(r.text)}</del>"
    )


def build_report(result: Result, *, name: str = "") -> str:
    """The report of `result` as one self-contained HTML page."""
    removals_by_index: dict[int, list[Removal]] = defaultdict(list)
    for r in result.removals:
        removals_by_index[r.index].append(r)
    used = list(dict.fromkeys(r.filter for r in result.removals))
    colours = filter_colours(used)

    css = [_CSS]
    for fname in used:
        ident = _css_ident(fname)
        colour = colours[fname]
        css.append(
            f"del.f-{ident} {{ color: {colour}; text-decoration-color: {colour}; }}\n"
            f".swatch.f-{ident} {{ background: {colour}; }}\n"
        )

    # Blocks in page order. A block with several removals (rewritten, then dropped by a
    # later filter) shows one struck element per removal, then its final text if kept.
    rows: list[str] = []
    seen: set[int] = set()
    final_text = {b.index: b.text for b in result.blocks}
    for block in result.original:
        seen.add(block.index)
        rows.append(_block_row(block.index, block.kind, block.text, removals_by_index, final_text))
    for index in sorted(set(removals_by_index) - seen):
        rows.append(_block_row(index, "paragraph", "", removals_by_index, final_text))

    legend: list[str] = []
    for fname in used:
        reasons = Counter(r.reason for r in result.removals if r.filter == fname)
        reason_list = ", ".join(f"{escape(k)} ({v})" for k, v in sorted(reasons.items()))
        summary = _filter_summary(fname)
        legend.append(
            f'<li class="legend-entry" data-filter="{escape(fname)}">'
            f'<span class="swatch f-{_css_ident(fname)}"></span><b>{escape(fname)}</b>'
            + (f" &mdash; {escape(summary)}" if summary else "")
            + f'<br><span class="reasons">reasons: {reason_list}</span></li>'
        )

    stat_rows: list[str] = []
    totals = [0, 0, 0]
    for s in result.stats:
        idle = not (s.blocks_removed or s.rewrites)
        totals[0] += s.blocks_removed
        totals[1] += s.rewrites
        totals[2] += s.chars_removed
        stat_rows.append(
            f'<tr class="{"idle" if idle else "active"}" data-filter="{escape(s.name)}">'
            f"<td>{escape(s.name)}</td><td>{s.blocks_removed}</td><td>{s.rewrites}</td>"
            f"<td>{s.chars_removed}</td><td>{s.seconds * 1000:.1f}</td></tr>"
        )

    clean_text = result.render("text")
    original_chars = sum(len(b.text) for b in result.original)
    meta = result.metadata
    title = result.title or name or "cleaner report"
    facts = [
        f"input: {escape(name)}" if name else "",
        f"format: {escape(result.input_format)}",
        f"url: {escape(meta.url)}" if meta.url else "",
        f"blocks: {len(result.original)} read, {len(result.blocks)} kept, "
        f"{len(result.removals)} removals",
        f"characters: {original_chars} read, {len(result.text)} kept",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>cleaner report: {escape(title)}</title>\n"
        f"<style>{''.join(css)}</style></head>\n<body>\n"
        f'<header><h1 id="title">{escape(title)}</h1>'
        f'<p class="meta">{" &middot; ".join(f for f in facts if f)}</p></header>\n'
        '<section class="legend" id="legend"><h2>Legend</h2>'
        + (f"<ul>{''.join(legend)}</ul>" if legend else '<p class="meta">Nothing was removed.</p>')
        + "</section>\n"
        '<section id="summary"><h2>Per filter</h2><table><thead><tr><th>filter</th>'
        "<th>blocks removed</th><th>rewrites</th><th>characters removed</th><th>ms</th>"
        f"</tr></thead><tbody>{''.join(stat_rows)}</tbody>"
        f"<tfoot><tr><td>total</td><td>{totals[0]}</td><td>{totals[1]}</td>"
        f"<td>{totals[2]}</td><td></td></tr></tfoot></table></section>\n"
        '<main id="blocks"><h2>Page, block by block</h2>\n' + "\n".join(rows) + "\n</main>\n"
        '<section id="clean"><h2>Clean text</h2>'
        f'<pre id="clean-text">{escape(clean_text)}</pre></section>\n'
        "</body></html>\n"
    )


def _block_row(
    index: int,
    kind: str,
    text: str,
    removals_by_index: dict[int, list[Removal]],
    final_text: dict[int, str],
) -> str:
    removals = removals_by_index.get(index, [])
    idx = f'<span class="idx">{index}</span>'
    if not removals:
        return (
            f'<div class="block kept kind-{_css_ident(kind)}" data-index="{index}">'
            f"{idx}{escape(text)}</div>"
        )
    parts = [_removal_html(r) for r in removals]
    if index in final_text:
        parts.append(f'<ins class="rewritten">{escape(final_text[index])}</ins>')
    return (
        f'<div class="block removed-block kind-{_css_ident(kind)}" data-index="{index}">'
        f"{idx}{''.join(parts)}</div>"
    )
