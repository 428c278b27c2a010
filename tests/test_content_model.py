"""The learned HTML step (content_model), page-type profiles and articles_only."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cleaner import Cleaner, Config, clean
from cleaner.chain import REPLACED, VOTERS, Chain, build_chain
from cleaner.cli import main as cli_main
from cleaner.document import PAGE_TYPES
from cleaner.errors import ConfigError
from cleaner.features.html import (
    VOTES,
    block_feature_names,
    block_features,
    page_feature_names,
    page_features,
)
from cleaner.filters.content_model import ContentModel, collect_votes, vote_key
from cleaner.filters.page_profile import NOT_AN_ARTICLE, ArticlesOnly
from tests.helpers import PROSE, html_doc, text_doc

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "html"
POSTS = (
    "My tomato seedlings grew tall and thin within two weeks, and now half of them have fallen "
    "over. I water them every morning and they sit on a sunny windowsill. What am I doing wrong?",
    "Sounds like they are stretching for light. A windowsill is rarely enough in early spring; "
    "I moved mine under a cheap LED shop light about ten centimetres above the leaves.",
    "Also check the temperature. Warm rooms make them grow fast and weak. Mine did much better "
    "once I moved the trays to the cooler spare room and ran a small fan for an hour a day.",
    "Thanks, everyone! I bought a light yesterday and repotted the leggy ones deeper, burying "
    "the stems up to the first leaves. They already look sturdier this morning.",
)
FORUM = f"""
<header><nav><a href="/">Home</a> <a href="/forums">Forums</a></nav></header>
<main><h1>Tomato seedlings keep falling over</h1>
<div class="posts">
{
    "".join(
        f'<div class="post"><span class="user">grower{i}</span><p>{post}</p>'
        f'<a href="#">Reply</a></div>'
        for i, post in enumerate(POSTS)
    )
}
</div></main>
<footer><a href="/terms">Terms</a></footer>
"""


def test_votes_name_the_rule_that_voted() -> None:
    assert vote_key("related", "related_section") == "related"
    assert vote_key("comments", "comment_section_heading") == "comments"
    assert vote_key("dom_boilerplate", "container_footer") == "container_footer"
    chain = build_chain(Config(disable=("content_model",)))
    voters = [s for s in chain.filters if s.name in VOTERS]
    doc = html_doc(f"<article><p>{PROSE}</p></article><footer><p>Contact us</p></footer>")
    votes = collect_votes(doc, voters)
    assert votes == {1: "container_footer"}
    assert set(votes.values()) <= set(VOTES)


def test_features_have_one_column_per_name() -> None:
    doc = html_doc(
        f"<main><h1>Title</h1><p>{PROSE}</p><ul><li><a href='/'>Home</a></li></ul></main>"
    )
    rows = block_features(doc, {}, np.full(len(PAGE_TYPES), 1 / len(PAGE_TYPES)))
    names = block_feature_names()
    assert rows.shape == (3, len(names))
    assert rows[2, names.index("link_density")] == 1.0
    assert rows[0, names.index("kind_heading")] == 1.0
    assert page_features(doc).shape == (len(page_feature_names()),)
    assert np.isfinite(rows).all()


def test_block_features_read_the_ancestors() -> None:
    doc = html_doc(
        '<div id="main-sidebar"><div class="card"><p>One two three four</p></div></div>'
        '<div class="Product-Grid"><p>Five six</p></div>'
    )
    rows = block_features(doc, {}, np.zeros(len(PAGE_TYPES)))
    names = block_feature_names()
    first, second = rows
    assert first[names.index("cls_sidebar")] == first[names.index("cls_card")] == 1.0
    assert first[names.index("cls_product")] == 0.0
    # Upper-case class names count: labels are lower-cased.
    assert second[names.index("cls_product")] == second[names.index("cls_grid")] == 1.0
    assert second[names.index("cls_sidebar")] == 0.0
    # html > body > div > div > p against html > body > div > p.
    assert first[names.index("depth")] == second[names.index("depth")] + 1
    # One level up holds only the block itself; four levels up (the page) holds both.
    assert first[names.index("up1_share")] == pytest.approx(4 / 6)
    assert first[names.index("up4_share")] == second[names.index("up4_share")] == 1.0


def test_html_runs_the_voters_inside_content_model_only() -> None:
    result = clean((SAMPLES / "02_wordpress_news.html").read_bytes())
    ran = [s.name for s in result.stats]
    assert "content_model" in ran
    assert not set(REPLACED) & set(ran)


def test_every_removal_has_a_known_reason() -> None:
    result = clean((SAMPLES / "02_wordpress_news.html").read_bytes())
    reasons = {r.reason for r in result.removals if r.filter == "content_model"}
    assert reasons
    # A vote's reason, main_content's (the referee on article pages), or the model's own.
    referee = {"outside_main_content", "outside_article_container", "no_main_content_found"}
    assert reasons <= {*VOTES, *referee, "low_content_score"}
    assert result.page_type == "article"
    assert result.confidence is not None and 0.0 <= result.confidence <= 1.0


def test_threshold_option_moves_the_cut() -> None:
    page = (SAMPLES / "02_wordpress_news.html").read_bytes()
    alone = {"rules_for": [], "sure": 0.0, "min_share": 0.0}
    model_only = Cleaner(Config(filter_options={"content_model": alone}))
    everything = Cleaner(Config(filter_options={"content_model": {**alone, "threshold": 0.0}}))
    nothing = Cleaner(Config(filter_options={"content_model": {**alone, "threshold": 1.01}}))
    assert len(everything.clean(page).text) > len(model_only.clean(page).text)
    assert nothing.clean(page).empty


def test_a_page_type_can_have_its_own_cut(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parent.parent / "cleaner" / "models" / "html_blocks.json"
    data = json.loads(shipped.read_text(encoding="utf-8"))
    data["meta"] = {"threshold": 0.5, "thresholds": {"forum": 1.01}}
    path = tmp_path / "blocks.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    step = ContentModel(block_model=str(path))
    assert step.thresholds["forum"] == 1.01
    assert {step.thresholds[t] for t in PAGE_TYPES if t != "forum"} == {0.5}
    assert set(ContentModel(block_model=str(path), threshold=0.3).thresholds.values()) == {0.3}
    alone = {"rules_for": [], "sure": 0.0, "min_share": 0.0, "block_model": str(path)}
    result = Cleaner(Config(filter_options={"content_model": alone})).clean(FORUM)
    assert result.page_type == "forum"
    assert result.empty


def test_rules_decide_when_the_model_keeps_far_less() -> None:
    # One paragraph: the model has seen few such pages; the guard hands it to the rules.
    page = f"<html><head><title>Council</title></head><body><p>{PROSE}</p></body></html>"
    assert clean(page).text == PROSE
    alone = {"rules_for": [], "sure": 0.0, "min_share": 0.0, "threshold": 1.01}
    unguarded = Config(filter_options={"content_model": alone})
    assert Cleaner(unguarded).clean(page).empty


def test_model_decides_when_the_rules_cut_the_article() -> None:
    # The whole article sits in an element hidden until a script shows it.
    paragraphs = "".join(f"<p>{post}</p>" for post in POSTS)
    page = (
        "<html><head><title>Seedlings</title></head><body>"
        f'<nav><a href="/">Home</a></nav><div style="display:none">{paragraphs}</div>'
        "</body></html>"
    )
    rules = {"rules_for": list(PAGE_TYPES), "threshold": 0.0}
    guarded = Cleaner(Config(filter_options={"content_model": rules})).clean(page)
    assert all(post in guarded.text for post in POSTS)
    unguarded = Config(filter_options={"content_model": {**rules, "rules_share": 0.0}})
    assert not any(post in Cleaner(unguarded).clean(page).text for post in POSTS)


def test_a_long_comment_thread_does_not_outvote_a_short_article() -> None:
    comments = "".join(
        f'<div class="comment"><p>{post}</p><p>{post}</p></div>' for post in POSTS * 3
    )
    page = (
        "<html><head><title>Open thread</title></head><body>"
        f'<article><h1>Open thread</h1><p>{PROSE}</p></article><section class="comments">'
        f"{comments}</section></body></html>"
    )
    rules = {"rules_for": list(PAGE_TYPES), "threshold": 0.0}
    result = Cleaner(Config(filter_options={"content_model": rules})).clean(page)
    assert PROSE in result.text
    assert not any(post in result.text for post in POSTS)


def test_model_options_are_checked() -> None:
    from cleaner.errors import ConfigError

    with pytest.raises(ConfigError, match="cannot load"):
        Cleaner(Config(filter_options={"content_model": {"block_model": "/nonexistent.json"}}))


def test_articles_only_empties_other_page_types() -> None:
    doc = text_doc("Some post text that is long enough.", "Another line.").evolve(page_type="forum")
    out = ArticlesOnly()(doc)
    assert not out.blocks
    assert {r.reason for r in out.removals} == {NOT_AN_ARTICLE}
    article = doc.evolve(page_type="article")
    assert ArticlesOnly()(article) is article
    unknown = doc.evolve(page_type="")
    assert ArticlesOnly()(unknown) is unknown


def test_articles_only_in_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forum = tmp_path / "forum.html"
    forum.write_text(f"<html><head><title>Forum</title></head><body>{FORUM}</body></html>")
    result = clean(forum.read_bytes(), url="https://garden.example/t/tomato-seedlings/123")
    assert result.page_type == "forum"
    assert cli_main([str(forum), "--articles-only", "--url", "https://garden.example/t/x/1"]) == 5
    assert "not an article" in capsys.readouterr().err
    article = SAMPLES / "02_wordpress_news.html"
    assert cli_main([str(article), "--articles-only"]) == 0


def test_profiles_skip_steps_for_a_page_type(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles.toml"
    profiles.write_text('[forum]\nskip = ["read_also"]\n', encoding="utf-8")
    chain = build_chain(Config(profiles=str(profiles), disable=("main_text",)))
    assert isinstance(chain, Chain)
    doc = text_doc(PROSE, "READ ALSO: Another story here").evolve(page_type="forum")
    out, stats = chain.run(doc)
    assert "read_also" not in [s.name for s in stats]
    assert "READ ALSO: Another story here" in out.text
    out, stats = chain.run(doc.evolve(page_type="article"))
    assert "read_also" in [s.name for s in stats]


def test_profiles_run_an_optional_step_for_a_page_type_only(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles.toml"
    profiles.write_text('[forum]\nrun = ["duplicate_blocks"]\n', encoding="utf-8")
    # line_model off: it would classify the text itself.
    chain = build_chain(Config(profiles=str(profiles), disable=("main_text", "line_model")))
    doc = text_doc(PROSE, "A short line", PROSE)
    out, stats = chain.run(doc.evolve(page_type="forum"))
    assert "duplicate_blocks" in [s.name for s in stats]
    assert out.text.count(PROSE) == 1
    for page_type in ("article", ""):
        out, stats = chain.run(doc.evolve(page_type=page_type))
        assert "duplicate_blocks" not in [s.name for s in stats]
        assert out.text.count(PROSE) == 2
    # Disabled by the config, a profile does not bring it back.
    disable = ("main_text", "line_model", "duplicate_blocks")
    off = build_chain(Config(profiles=str(profiles), disable=disable))
    out, _ = off.run(doc.evolve(page_type="forum"))
    assert out.text.count(PROSE) == 2


def test_a_profile_naming_an_unknown_step_is_a_config_error(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles.toml"
    profiles.write_text('[forum]\nrun = ["duplicate_block"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'duplicate_block'"):
        build_chain(Config(profiles=str(profiles)))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "cannot read the page-type profiles"),
        ("[forum]\nskip = [1\n", "cannot read the page-type profiles"),
        ('[forum]\nskip = "promos"\n', "expected a table of filter-name lists"),
        ('[forum]\ndrop = ["promos"]\n', "expected a table of filter-name lists"),
    ],
)
def test_an_unreadable_profiles_file_is_a_config_error(
    tmp_path: Path, text: str | None, message: str
) -> None:
    profiles = tmp_path / "profiles.toml"
    if text is not None:
        profiles.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        build_chain(Config(profiles=str(profiles)))


def test_json_output_has_page_type_and_confidence() -> None:
    result = clean((SAMPLES / "02_wordpress_news.html").read_bytes())
    data = json.loads(result.render("json"))
    assert data["page_type"] in PAGE_TYPES
    assert 0.0 <= data["confidence"] <= 1.0


def test_content_model_is_a_filter_like_the_others() -> None:
    assert ContentModel.name == "content_model"
    assert ContentModel.formats == frozenset({"html"})


def test_articles_only_in_a_batch_gives_an_error_record() -> None:
    from cleaner.batch import clean_records

    article = (SAMPLES / "02_wordpress_news.html").read_text(encoding="utf-8")
    forum = f"<html><head><title>Forum</title></head><body>{FORUM}</body></html>"
    records = [
        {"id": "a", "html": article},
        {"id": "f", "html": forum, "url": "https://garden.example/t/tomato-seedlings/123"},
    ]
    out = list(clean_records(records, Config(articles_only=True), jobs=0))
    assert [r["id"] for r in out] == ["a", "f"]
    assert "error" not in out[0] and out[0]["page_type"] == "article"
    assert out[1]["error"]["type"] == "NoContentError"
    assert "not an article (page type: forum)" in out[1]["error"]["message"]
