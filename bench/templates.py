"""Site-template learning: F1 with and without it, on synthetic sites and on aeb.

Run as ``python -m bench.templates [--data AEB_DIR] [--pages N] [--no-aeb]``.

1. Builds the synthetic sites of tests/sites/build_sites.py (3 sites, 24 pages each by default;
   HTML and scraped-text forms, gold article text per page) in a temporary directory.
2. For each form, cleans every page with the default chain ("without"), then learns the
   site templates from all pages of the batch (first pass) and cleans them again with the
   `site_template` filter on ("with"). Scored with bench/scoring.py (aeb shingle F1).
3. On the aeb benchmark (single pages, at most two per host), learns templates from the
   benchmark's own pages the same way and checks that nothing changes: no host reaches
   `min_pages`, so the filter is a no-op and the outputs are identical.

Writes bench/results/templates.md (and templates.json with the figures).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.scoring import Scores, score

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_AEB = Path("/work/shared/datasets/aeb")
TEXT_TARGET = 0.05


def _run(
    pages: list[tuple[str, str, str]], fmt: str, templates: Any = None
) -> tuple[list[str], float, int]:
    """Clean (url, data, gold) pages. Returns the outputs, the seconds taken, and how many
    gold lines the site_template filter removed (the article guard: should be 0)."""
    from cleaner import Cleaner, Config
    from cleaner.errors import CleanerError
    from cleaner.templates import with_templates

    config = Config()
    if templates is not None:
        config = with_templates(config, templates)
    cleaner = Cleaner(config)
    outputs: list[str] = []
    gold_removed = 0
    started = time.perf_counter()
    for url, data, gold in pages:
        try:
            result = cleaner.clean(data, input_format=fmt, url=url)
        except CleanerError:
            outputs.append("")
            continue
        outputs.append(result.text)
        gold_lines = set(gold.splitlines())
        gold_removed += sum(
            r.filter == "site_template" and r.text in gold_lines for r in result.removals
        )
    return outputs, time.perf_counter() - started, gold_removed


def _learn(pages: list[tuple[str, str, str]], fmt: str, **settings: Any) -> Any:
    from cleaner.readers import read
    from cleaner.templates import TemplateLearner

    learner = TemplateLearner(**settings)
    for url, data, _ in pages:
        learner.add(url, read(data, fmt, url=url))
    return learner.templates()


def _score(outputs: list[str], pages: list[tuple[str, str, str]]) -> Scores:
    return score(zip(outputs, (g for _, _, g in pages), strict=True))


def synthetic(pages_per_site: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from tests.sites.build_sites import build_sites

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="cleaner-sites-") as tmp:
        built = build_sites(Path(tmp), pages_per_site)
        hosts = sorted({b.host for b in built})
        for fmt, read_page in (("text", lambda b: b.text()), ("html", lambda b: b.html())):
            pages = [(b.url, read_page(b), b.gold()) for b in built]
            templates = _learn(pages, fmt)
            without, t0, _ = _run(pages, fmt)
            with_, t1, gold_removed = _run(pages, fmt, templates)
            per_site = {}
            for host in hosts:
                idx = [i for i, b in enumerate(built) if b.host == host]
                sub = [pages[i] for i in idx]
                per_site[host] = {
                    "without": _score([without[i] for i in idx], sub),
                    "with": _score([with_[i] for i in idx], sub),
                    "template_blocks": len(templates.hosts.get(host, ())),
                }
            # The quoted-article guard: paragraphs quoted by another page stay on both pages.
            quoted_kept = sum(
                all(line in out for line in b.gold().splitlines() if len(line.split()) >= 25)
                for b, out in zip(built, with_, strict=True)
                if b.quoted_from
            )
            out[fmt] = {
                "pages": len(pages),
                "without": _score(without, pages),
                "with": _score(with_, pages),
                "seconds_without": t0,
                "seconds_with": t1,
                "per_site": per_site,
                "quoting_pages": sum(1 for b in built if b.quoted_from),
                "quoting_pages_prose_kept": quoted_kept,
                "gold_lines_removed_by_site_template": gold_removed,
            }
    return out


def aeb(data_dir: Path) -> dict[str, Any]:
    from bench.extractors import load

    out: dict[str, Any] = {}
    for fmt, field in (("html", "html"), ("text", "page_text")):
        rows = load(data_dir, fmt)  # type: ignore[arg-type]
        pages = [(r.get("url", ""), r[field], r["text"]) for r in rows]
        templates = _learn(pages, fmt)
        without, _, _ = _run(pages, fmt)
        with_, _, _ = _run(pages, fmt, templates)
        out[fmt] = {
            "pages": len(pages),
            "hosts_with_templates": len(templates.hosts),
            "without": _score(without, pages),
            "with": _score(with_, pages),
            "identical_outputs": sum(a == b for a, b in zip(without, with_, strict=True)),
        }
        # Stress (informational, not gated): thresholds lowered so that aeb's two-page hosts
        # get templates too, to see what the filter does to real pages when it does fire.
        stress = _learn(pages, fmt, min_pages=2, min_count=2)
        stressed, _, _ = _run(pages, fmt, stress)
        out[fmt]["stress_min_pages_2"] = {
            "hosts_with_templates": len(stress.hosts),
            "with": _score(stressed, pages),
            "changed_outputs": sum(a != b for a, b in zip(without, stressed, strict=True)),
        }
    return out


def _row(label: str, s: Scores) -> str:
    return f"{label} | {s['f1']:.3f} | {s['precision']:.3f} | {s['recall']:.3f}"


def report(syn: dict[str, Any], real: dict[str, Any] | None, pages_per_site: int) -> str:
    lines = [
        "# Site-template learning",
        "",
        "`python -m bench.templates`. Scoring: bench/scoring.py (aeb 4-token shingles, per-page "
        "normalised, macro-averaged P and R, F1 of the means). Templates are learned from all "
        "pages of the batch (first pass) with the defaults (min_pages 5, share 0.5, prose "
        "guard: 25+ word blocks need 0.8 of pages and 10 pages), then the batch is cleaned with "
        "the `site_template` filter on.",
        "",
        f"## Synthetic sites ({pages_per_site} pages per site, tests/sites/build_sites.py)",
        "",
        "| form | chain | F1 | precision | recall |",
        "|---|---|---|---|---|",
    ]
    for fmt in ("text", "html"):
        r = syn[fmt]
        lines.append(f"| {fmt} | " + _row("default", r["without"]) + " |")
        lines.append(f"| {fmt} | " + _row("default + site templates", r["with"]) + " |")
    lines += ["", "Per site:", "", "| form | host | template blocks | F1 without | F1 with |"]
    lines.append("|---|---|---|---|---|")
    for fmt in ("text", "html"):
        for host, r in syn[fmt]["per_site"].items():
            lines.append(
                f"| {fmt} | {host} | {r['template_blocks']} | {r['without']['f1']:.3f} | "
                f"{r['with']['f1']:.3f} |"
            )
    gain = syn["text"]["with"]["f1"] - syn["text"]["without"]["f1"]
    lines += [
        "",
        f"Text-mode F1 gain: {gain:+.3f} (target: +{TEXT_TARGET:.2f}) - "
        + ("met." if gain >= TEXT_TARGET else "NOT met."),
        f"HTML F1 gain: {syn['html']['with']['f1'] - syn['html']['without']['f1']:+.3f}.",
        "",
        "Article guard: gold lines removed by `site_template`: "
        + ", ".join(
            f"{fmt} {syn[fmt]['gold_lines_removed_by_site_template']}" for fmt in ("text", "html")
        )
        + ". Pages quoting a paragraph of another page of the same site word for word, whose "
        "prose paragraphs (the quote included) all survive with templates: "
        + ", ".join(
            f"{fmt} {syn[fmt]['quoting_pages_prose_kept']}/{syn[fmt]['quoting_pages']}"
            for fmt in ("text", "html")
        )
        + ".",
    ]
    if real:
        lines += [
            "",
            "## aeb (single pages; must be unaffected)",
            "",
            "| input | pages | hosts with templates | F1 default | F1 + templates | "
            "identical outputs |",
            "|---|---|---|---|---|---|",
        ]
        for fmt, r in real.items():
            lines.append(
                f"| {fmt} | {r['pages']} | {r['hosts_with_templates']} | {r['without']['f1']:.3f} "
                f"| {r['with']['f1']:.3f} | {r['identical_outputs']}/{r['pages']} |"
            )
        lines += [
            "",
            "Stress, not a target: the same with `min_pages=2, min_count=2`, so aeb's hosts "
            "with two pages get templates (blocks on both of their pages):",
            "",
            "| input | hosts with templates | F1 + templates | outputs changed |",
            "|---|---|---|---|",
        ]
        for fmt, r in real.items():
            st = r["stress_min_pages_2"]
            lines.append(
                f"| {fmt} | {st['hosts_with_templates']} | {st['with']['f1']:.3f} | "
                f"{st['changed_outputs']}/{r['pages']} |"
            )
    lines += [
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python "
        f"{platform.python_version()}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark site-template learning.")
    p.add_argument("--pages", type=int, default=24, help="pages per synthetic site")
    p.add_argument("--data", type=Path, default=DEFAULT_AEB, help="aeb dataset directory")
    p.add_argument("--no-aeb", action="store_true", help="skip the aeb check")
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    syn = synthetic(args.pages)
    real = None
    if not args.no_aeb:
        if (args.data / "pages.jsonl.gz").exists():
            real = aeb(args.data)
        else:
            print(f"aeb data not found in {args.data}; skipping that check", file=sys.stderr)
    text = report(syn, real, args.pages)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "templates.md").write_text(text, encoding="utf-8")
    (args.out / "templates.json").write_text(
        json.dumps({"synthetic": syn, "aeb": real}, indent=1), encoding="utf-8"
    )
    sys.stdout.write(text)
    gain = syn["text"]["with"]["f1"] - syn["text"]["without"]["f1"]
    aeb_same = real is None or all(r["identical_outputs"] == r["pages"] for r in real.values())
    return 0 if gain >= TEXT_TARGET and aeb_same else 1


if __name__ == "__main__":
    sys.exit(main())
