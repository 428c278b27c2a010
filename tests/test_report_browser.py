"""The HTML report, rendered by a real headless Chromium: what a person would see.

Needs Debian's `chromium` package (/usr/bin/chromium, or $CHROMIUM); the README's test command
installs it (scripts/install-test-deps.sh).
Without it these tests fail with a message saying so: they are not skipped.
A screenshot of each report is saved under test-artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from cleaner import Cleaner, Result
from cleaner.report import build_report

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SAMPLES = {
    "html": ROOT / "samples" / "html" / "02_wordpress_news.html",
    "text": ROOT / "samples" / "seeds" / "000_139f545614176885.txt",
}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
]

# Appended to a copy of the report (never to the report itself, which has no scripts): reads
# what the browser computed and writes it into the DOM, which --dump-dom then prints.
PROBE = """<script>
window.addEventListener('load', () => {
  const dels = [...document.querySelectorAll('del.removed')];
  const out = {
    struck: dels.map(d => getComputedStyle(d).textDecorationLine),
    colours: dels.map(d => [d.dataset.filter, getComputedStyle(d).color]),
    visible: dels.filter(d => d.getBoundingClientRect().width > 0).length,
    swatches: [...document.querySelectorAll('.legend .swatch')].map(
      s => getComputedStyle(s).backgroundColor),
    cleanHeight: document.getElementById('clean-text').getBoundingClientRect().height,
  };
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def _cls(name: str) -> str:
    """XPath test for an element having class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Chromium is needed to test the HTML report: run scripts/install-test-deps.sh "
            "(it installs Debian's package), or set $CHROMIUM to a Chromium binary"
        )
    return path


def run_chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    cmd = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium timed out: {' '.join(cmd)}")
    if proc.returncode != 0:
        pytest.fail(f"chromium failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc


def templated_result(tmp: Path) -> tuple[Result, str]:
    """A page of a synthetic site cleaned with the site's learned template."""
    from cleaner import Config
    from cleaner.readers import read
    from cleaner.templates import TemplateLearner, with_templates
    from tests.sites.build_sites import build_sites

    pages = [b for b in build_sites(tmp / "sites") if b.host == "techpulse.io"]
    learner = TemplateLearner()
    for b in pages:
        learner.add(b.url, read(b.text(), "text", url=b.url))
    cleaner = Cleaner(with_templates(Config(), learner.templates()))
    page = pages[5]
    return cleaner.clean(page.text(), input_format="text", url=page.url), page.text_path.name


@pytest.fixture(scope="module", params=[*sorted(SAMPLES), "site-template"])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    kind = request.param
    tmp = tmp_path_factory.mktemp(f"report-{kind}")
    if kind == "site-template":
        result, name = templated_result(tmp)
        assert any(r.filter == "site_template" for r in result.removals)
    else:
        path = SAMPLES[kind]
        result = Cleaner().clean(path.read_bytes(), input_format=kind)
        name = path.name
    report = build_report(result, name=name)
    report_file = tmp / "report.html"
    report_file.write_text(report, encoding="utf-8")
    probed = tmp / "probed.html"
    probed.write_text(report.replace("</body>", PROBE + "</body>"), encoding="utf-8")

    dom = run_chromium(
        ["--virtual-time-budget=5000", "--dump-dom", probed.as_uri()], tmp / "profile-dom"
    ).stdout
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"report-{kind}.png"
    shot.unlink(missing_ok=True)
    run_chromium(
        ["--screenshot=" + str(shot), "--window-size=1280,2000", report_file.as_uri()],
        tmp / "profile-shot",
    )
    if kind == "html":
        shutil.copyfile(shot, ARTIFACTS / "report.png")
    return result, report, lxml.html.fromstring(dom), shot


def test_report_is_self_contained(rendered: tuple) -> None:
    _, report, _, _ = rendered
    lowered = report.lower()
    for marker in ("<script", "<link", "<img", "<iframe", "src=", "@import", "url("):
        assert marker not in lowered, marker
    assert not re.search(r"href\s*=", lowered)


def test_every_removal_is_struck_through(rendered: tuple) -> None:
    result, _, dom, _ = rendered
    dels = dom.xpath(f"//del[{_cls('removed')}]")
    assert len(result.removals) > 0
    assert len(dels) == len(result.removals)
    probe = json.loads(dom.get_element_by_id("probe").text_content())
    assert len(probe["struck"]) == len(result.removals)
    assert all("line-through" in s for s in probe["struck"])
    assert probe["visible"] == len(result.removals)
    # Hover text names the filter and reason of each removal, in page order.
    expected = [f"{r.filter}: {r.reason}" for r in sorted(result.removals, key=lambda r: r.index)]
    assert sorted(d.get("title") for d in dels) == sorted(expected)


def test_colour_per_filter(rendered: tuple) -> None:
    result, _, dom, _ = rendered
    probe = json.loads(dom.get_element_by_id("probe").text_content())
    by_filter: dict[str, set[str]] = {}
    for name, colour in probe["colours"]:
        by_filter.setdefault(name, set()).add(colour)
    assert set(by_filter) == {r.filter for r in result.removals}
    assert all(len(c) == 1 for c in by_filter.values()), by_filter
    colours = [next(iter(c)) for c in by_filter.values()]
    assert len(set(colours)) == len(colours)
    assert "rgb(34, 34, 34)" not in colours  # not the body text colour


def test_legend_lists_the_filters_that_removed_something(rendered: tuple) -> None:
    result, _, dom, _ = rendered
    entries = dom.xpath(f"//section[@id='legend']//li[{_cls('legend-entry')}]")
    assert [e.get("data-filter") for e in entries] == list(
        dict.fromkeys(r.filter for r in result.removals)
    )
    probe = json.loads(dom.get_element_by_id("probe").text_content())
    assert len(set(probe["swatches"])) == len(entries)


def test_summary_table_matches_stats(rendered: tuple) -> None:
    result, _, dom, _ = rendered
    rows = dom.xpath("//section[@id='summary']//tbody/tr")
    assert [r.get("data-filter") for r in rows] == [s.name for s in result.stats]
    for row, stat in zip(rows, result.stats, strict=True):
        cells = [c.text_content() for c in row.xpath("./td")]
        assert cells[1:4] == [str(stat.blocks_removed), str(stat.rewrites), str(stat.chars_removed)]


def test_clean_text_section_is_the_text_output(rendered: tuple) -> None:
    result, _, dom, _ = rendered
    pre = dom.get_element_by_id("clean-text")
    assert pre.text_content() == result.render("text")
    probe = json.loads(dom.get_element_by_id("probe").text_content())
    assert probe["cleanHeight"] > 0


def test_blocks_shown_in_page_order(rendered: tuple) -> None:
    result, _, dom, _ = rendered
    indexes = [
        int(d.get("data-index")) for d in dom.xpath(f"//main[@id='blocks']/div[{_cls('block')}]")
    ]
    assert indexes == [b.index for b in result.original]
    kept = dom.xpath(f"//main[@id='blocks']/div[{_cls('kept')}]")
    assert len(kept) == len(result.original) - len({r.index for r in result.removals})


def test_screenshot_saved(rendered: tuple) -> None:
    _, _, _, shot = rendered
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)


def test_rewrites_show_old_and_new() -> None:
    from cleaner.document import Block, Metadata, Removal

    blocks = (Block(0, "Keep me"), Block(1, "By Jane Doe Published today Body text"))
    result = Result(
        text="Keep me\nBody text",
        title="",
        metadata=Metadata(),
        blocks=(blocks[0], Block(1, "Body text")),
        removals=(Removal(1, "glued_metadata", "byline", blocks[1].text, "Body text"),),
        original=blocks,
        input_format="text",
    )
    page = lxml.html.fromstring(build_report(result))
    row = page.xpath("//div[@data-index='1']")[0]
    assert row.xpath(".//del")[0].text_content() == blocks[1].text
    assert row.xpath(".//ins")[0].text_content() == "Body text"
    assert row.xpath(".//del")[0].get("title") == "glued_metadata: byline"


def test_report_escapes_page_text() -> None:
    from cleaner import clean

    result = clean(
        "<script>alert(1)</script> & <b>bold</b>\nSecond line here.", input_format="text"
    )
    report = build_report(result, name="<x>.txt")
    assert "<script>alert" not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "&lt;x&gt;.txt" in report


def test_explain_subcommand_writes_report(tmp_path: Path) -> None:
    from cleaner.cli import main

    out = tmp_path / "r.html"
    assert main(["explain", str(SAMPLES["text"]), "--input-format", "text", "-o", str(out)]) == 0
    page = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    assert page.get_element_by_id("clean-text") is not None
    assert main(["explain", str(tmp_path / "missing.html")]) == 3
