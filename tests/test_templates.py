"""Site-template learning: the learner's thresholds, the article guard, save/load, the
site_template filter, the CLI, and an end-to-end run on the synthetic sites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.scoring import score
from cleaner import Cleaner, Config
from cleaner.chain import FILTERS, build_chain
from cleaner.cli import main as cli_main
from cleaner.errors import ConfigError
from cleaner.readers import read
from cleaner.templates import (
    SiteTemplates,
    TemplateLearner,
    fingerprint,
    host_of,
    with_templates,
)
from tests.sites.build_sites import SITES, build_sites

MENU = ["Home", "News", "Sports", "Weather"]
FOOTER = "© 2026 Example Media. All rights reserved."
ABOUT = (
    "Example Times is an independent newsroom that has covered the valley since 1920 and is "
    "supported by readers who believe that accurate local news is worth paying for every day."
)


def article(n: int, words: int = 40) -> list[str]:
    """Two unique paragraphs for page n."""
    return [
        " ".join(f"Story{n}word{i}" for i in range(words)) + ".",
        " ".join(f"Other{n}text{i}" for i in range(words)) + ".",
    ]


def page(n: int, *extra: str) -> list[str]:
    return [*MENU, *article(n), *extra, FOOTER]


PROMO = ["Try Our Example Features today", "Ask Example Helper about this story"]


def with_promo(n: int) -> list[str]:
    """A page with a promo box between its two paragraphs (inside the article region)."""
    first, second = article(n)
    return [*MENU, first, *PROMO, second, FOOTER]


def test_fingerprint_and_host_normalise() -> None:
    assert fingerprint("Sign up  for our Newsletter!") == fingerprint("sign up for our newsletter")
    assert fingerprint("Sign up for our newsletter") != fingerprint("Sign up for our newsletters")
    assert fingerprint("  --  ") == ""
    assert host_of("https://www.Example.com:8080/a/b?c") == "example.com"
    assert host_of("example.com") == "example.com"
    assert host_of("news.example.com") == "news.example.com"
    assert host_of("") == ""


def test_min_pages() -> None:
    learner = TemplateLearner(min_pages=5, share=0.5)
    for n in range(4):
        learner.add("example.com", page(n))
    assert learner.templates().hosts == {}
    learner.add("example.com", page(4))
    tpl = learner.templates().for_host("example.com")
    assert tpl is not None and tpl.pages == 5
    assert {fingerprint(t) for t in [*MENU, FOOTER]} == set(tpl.blocks)


def test_share_threshold_and_once_per_page() -> None:
    learner = TemplateLearner(min_pages=5, share=0.5)
    for n in range(10):
        # "Promo A" on 5 of 10 pages (= share), "Promo B" on 4 (below), printed three times.
        extra = ["Promo A"] if n < 5 else []
        extra += ["Promo B"] * 3 if n < 4 else []
        learner.add("https://example.com/p", page(n, *extra))
    templates = learner.templates()
    assert templates.matches("example.com", "Promo A")
    assert not templates.matches("example.com", "Promo B")
    assert learner.templates().hosts["example.com"].blocks[fingerprint("Promo A")][0] == 5


def test_hosts_are_separate() -> None:
    learner = TemplateLearner(min_pages=5)
    for n in range(6):
        learner.add("https://a.example/x", page(n))
        learner.add("https://b.example/x", article(100 + n))
    templates = learner.templates()
    assert set(templates.hosts) == {"a.example"}
    assert templates.matches("https://www.a.example/y", "Home")
    assert not templates.matches("https://b.example/y", "Home")


def test_quoted_article_is_never_template() -> None:
    """A page's own paragraph, quoted word for word by other pages, stays article text."""
    learner = TemplateLearner(min_pages=5, share=0.5)
    own = article(0)[0]
    # Page 0 and two pages quoting it: 3 of 5 pages, over `share`, yet prose stays.
    pages = [page(0)] + [page(n, own) if n in (1, 2) else page(n) for n in range(1, 5)]
    for p in pages:
        learner.add("example.com", p)
    templates = learner.templates()
    assert not templates.matches("example.com", own)
    assert templates.matches("example.com", "Home")

    # line_model off: what this test asks is the template filter's, not the line model's
    # (which judges made-up words as it likes).
    cleaner = Cleaner(with_templates(Config(disable=("line_model",)), templates))
    for p in pages[:3]:
        result = cleaner.clean("\n".join(p), input_format="text", url="https://example.com/a")
        assert own in result.text
        assert not any(r.filter == "site_template" and r.text == own for r in result.removals)


def test_long_boilerplate_needs_the_prose_bar() -> None:
    # A 30-word "about us" paragraph on every page: template only from prose_min_pages on.
    learner = TemplateLearner(min_pages=5, share=0.5, prose_min_pages=10, prose_share=0.8)
    for n in range(9):
        learner.add("example.com", page(n, ABOUT))
    assert not learner.templates().matches("example.com", ABOUT)
    learner.add("example.com", page(9, ABOUT))
    assert learner.templates().matches("example.com", ABOUT)
    # ... and only when it is on prose_share of the pages: add pages without it.
    for n in range(10, 14):
        learner.add("example.com", page(n))
    assert not learner.templates().matches("example.com", ABOUT)  # 10/14 < 0.8
    assert learner.templates().matches("example.com", FOOTER)


def test_learner_rejects_bad_thresholds() -> None:
    with pytest.raises(ConfigError):
        TemplateLearner(min_pages=1)
    with pytest.raises(ConfigError):
        TemplateLearner(share=0)


def test_save_load_round_trip(tmp_path: Path) -> None:
    learner = TemplateLearner(min_pages=5, share=0.6)
    for n in range(6):
        learner.add("https://www.example.com/a", read("\n".join(page(n)), "text"))
    templates = learner.templates()
    path = tmp_path / "t.json"
    templates.save(path)
    loaded = SiteTemplates.load(path)
    assert loaded == templates
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["settings"]["share"] == 0.6 and data["settings"]["min_pages"] == 5
    texts = {b["text"] for b in data["hosts"]["example.com"]["blocks"]}
    assert texts == {*MENU, FOOTER}


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        SiteTemplates.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"hosts": {}}', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a cleaner site-templates file"):
        SiteTemplates.load(bad)


def test_filter_is_off_by_default_and_a_no_op_without_templates() -> None:
    assert FILTERS["site_template"].default_enabled is False
    assert "site_template" not in build_chain().names
    text = "\n".join(page(1))
    default = Cleaner().clean(text, input_format="text", url="https://example.com/")
    enabled = Cleaner(Config(enable=("site_template",))).clean(
        text, input_format="text", url="https://example.com/"
    )
    assert enabled.text == default.text
    # Templates for another host change nothing either.
    learner = TemplateLearner()
    for n in range(6):
        learner.add("other.example", page(n))
    other = Cleaner(with_templates(Config(), learner.templates())).clean(
        text, input_format="text", url="https://example.com/"
    )
    assert other.text == default.text


def test_filter_drops_template_blocks_with_reason_and_position() -> None:
    promo = PROMO
    learner = TemplateLearner()
    for n in range(6):
        learner.add("example.com", with_promo(n))
    cleaner = Cleaner(with_templates(Config(), learner.templates()))
    text = "\n".join(with_promo(99))
    result = cleaner.clean(text, input_format="text", url="https://example.com/new")
    dropped = [e for e in result.explain() if e["filter"] == "site_template"]
    assert promo[1] in {e["text"] for e in dropped}
    assert not any(line in result.text for line in promo)
    for entry in dropped:
        assert entry["reason"] == "site_template" and entry["action"] == "drop"
        assert isinstance(entry["index"], int) and entry["line"] >= 1
    assert all(p in result.text for p in article(99))
    data = json.loads(result.render("json", explain=True))
    assert any(r["filter"] == "site_template" for r in data["removed"])
    assert any(f["name"] == "site_template" and f["blocks_removed"] for f in data["filters"])


def test_config_file_names_a_templates_file(tmp_path: Path) -> None:
    learner = TemplateLearner()
    for n in range(6):
        learner.add("example.com", with_promo(n))
    path = tmp_path / "t.json"
    learner.templates().save(path)
    toml = tmp_path / "c.toml"
    toml.write_text(
        f'[cleaner]\nenable = ["site_template"]\n[filters.site_template]\ntemplates = "{path}"\n',
        encoding="utf-8",
    )
    result = Cleaner(Config.from_toml(toml)).clean(
        "\n".join(with_promo(50)), input_format="text", url="example.com"
    )
    assert any(r.filter == "site_template" for r in result.removals)
    assert PROMO[1] not in result.text


def test_cli_learn_then_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = []
    for n in range(6):
        f = tmp_path / f"p{n}.txt"
        f.write_text("\n".join(with_promo(n)), encoding="utf-8")
        files.append(str(f))
    out = tmp_path / "templates.json"
    code = cli_main(["learn-templates", *files, "--host", "example.com", "-o", str(out)])
    assert code == 0
    assert "example.com: 7 template blocks over 6 pages" in capsys.readouterr().err
    assert cli_main([files[0], "--url", "https://example.com/x"]) == 0
    assert PROMO[1] in capsys.readouterr().out
    code = cli_main([files[0], "--templates", str(out), "--url", "https://example.com/x"])
    assert code == 0
    printed = capsys.readouterr().out
    assert PROMO[1] not in printed and article(0)[0] in printed and article(0)[1] in printed
    assert cli_main([files[0], "--templates", str(tmp_path / "nope.json")]) == 2
    # JSONL input carries each page's URL.
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text(
        "".join(
            json.dumps({"url": f"https://example.com/{n}", "text": "\n".join(page(n))}) + "\n"
            for n in range(6)
        ),
        encoding="utf-8",
    )
    assert cli_main(["learn-templates", str(jsonl), "-o", str(out), "--share", "0.9"]) == 0
    assert SiteTemplates.load(out).settings["share"] == 0.9


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> list:
    return build_sites(tmp_path_factory.mktemp("sites"))


def test_synthetic_sites_shape(sites: list) -> None:
    hosts = {b.host for b in sites}
    assert len(hosts) >= 3
    for host in hosts:
        pages = [b for b in sites if b.host == host]
        assert len(pages) >= 20
        golds = [b.gold() for b in pages]
        assert len(set(golds)) == len(golds)
        for b in pages:
            assert b.html().startswith("<!DOCTYPE html>") and b.text().strip()
    # Deterministic.
    again = build_sites(sites[0].html_path.parent.parent.parent / "again")
    assert [b.html() for b in again] == [b.html() for b in sites]
    assert [b.text() for b in again] == [b.text() for b in sites]


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_end_to_end_on_synthetic_sites(sites: list, fmt: str) -> None:
    learner = TemplateLearner()
    pages = [(b.url, b.text() if fmt == "text" else b.html(), b.gold()) for b in sites]
    for url, data, _ in pages:
        learner.add(url, read(data, fmt, url=url))
    templates = learner.templates()
    for spec in SITES:
        for line in (*spec.menu, spec.promo[0], spec.promo[1], spec.newsletter[1], spec.copyright):
            assert templates.matches(spec.host, line), (spec.host, line)
    baseline, learned = Cleaner(), Cleaner(with_templates(Config(), templates))
    without, with_ = [], []
    for (url, data, gold), built in zip(pages, sites, strict=True):
        before = baseline.clean(data, input_format=fmt, url=url)
        after = learned.clean(data, input_format=fmt, url=url)
        without.append(before.text)
        with_.append(after.text)
        gold_lines = set(gold.splitlines())
        # The article guard: nothing of the gold text goes as template, quoted or not.
        assert not [
            r.text for r in after.removals if r.filter == "site_template" and r.text in gold_lines
        ]
        if built.quoted_from:
            for line in gold.splitlines():
                if len(line.split()) >= 25:
                    assert line in after.text
    f1_without = score(zip(without, (g for *_, g in pages), strict=True))["f1"]
    f1_with = score(zip(with_, (g for *_, g in pages), strict=True))["f1"]
    assert f1_with > f1_without + 0.02, (f1_without, f1_with)


def test_report_shows_site_template_removals() -> None:
    from cleaner.report import build_report

    learner = TemplateLearner()
    for n in range(6):
        learner.add("example.com", with_promo(n))
    cleaner = Cleaner(with_templates(Config(), learner.templates()))
    result = cleaner.clean("\n".join(with_promo(7)), input_format="text", url="example.com")
    report = build_report(result)
    assert 'data-filter="site_template"' in report
    assert 'title="site_template: site_template"' in report
