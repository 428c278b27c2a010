"""main_content: trafilatura's vote, the article containers, and the guard."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from cleaner.filters import main_content
from cleaner.filters.dom import DomBoilerplate
from cleaner.filters.main_content import MainContent
from tests.helpers import PROSE, html_doc


def test_a_tree_over_the_element_limit_gets_no_vote(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("trafilatura must not run on this tree")

    monkeypatch.setattr(main_content.trafilatura, "extract", refuse)
    doc = html_doc("<i>a</i>" * 60 + f"<p>{PROSE}</p><ul><li>Home</li></ul>")
    out = MainContent(max_elements=50)(doc)
    assert [b.text for b in out.blocks] == [PROSE]
    assert {r.reason for r in out.removals} == {"too_many_elements"}


def test_the_limit_is_off_at_zero() -> None:
    doc = html_doc("<i>a</i>" * 60 + f"<p>{PROSE}</p>")
    assert not MainContent(max_elements=0).too_large(doc)
    assert MainContent(max_elements=50).too_large(doc)


ENTRY = (
    '<article class="entry{extra}"><div class="stamp">{n} min ago</div>'
    '<h3 class="entry__title">Update number {n}</h3>'
    '<div class="entry__text"><p>{prose}</p></div>'
    '<div class="entry__updated">Updated at 5:{n:02d} p.m.</div></article>'
)
UPDATES = [
    f"Update {n}: the storm moved on toward the hills, and crews began clearing the "
    f"roads of branches before the evening traffic, officials said at {n} o'clock."
    for n in range(1, 6)
]


def test_live_blog_entries_are_one_body_with_their_titles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The vote as trafilatura casts it on live blogs: the first entry only.
    monkeypatch.setattr(MainContent, "extract", lambda self, doc: UPDATES[0])
    entries = "".join(
        ENTRY.format(n=n, prose=p, extra=" entry--key" if n % 2 else "")
        for n, p in enumerate(UPDATES, 1)
    )
    doc = html_doc(
        f"<nav><a href='/'>Home</a></nav><main><h1>Storm live</h1><section>{entries}</section>"
        "</main><footer>Contact us</footer>"
    )
    kept = [b.text for b in MainContent()(doc).blocks]
    for n, prose in enumerate(UPDATES, 1):
        assert f"Update number {n}" in kept and prose in kept
    assert not any("min ago" in k or "Updated at" in k for k in kept)


@pytest.mark.parametrize("ad_class", ["ad-inline", "box-r"])
def test_paragraphs_after_an_early_closed_container_come_back(ad_class: str) -> None:
    # "box-r" is not named like an ad: its label stays, between the two parts.
    paragraphs = [f"Paragraph {n}. {PROSE}" for n in range(1, 7)]
    body = (
        "<div id=nav><a href=/>Home</a> <a href=/news>News</a></div>"
        "<div id=main><h1>Headline</h1><div class=text>"
        + "".join(f"<p>{p}" for p in paragraphs[:2])
        + f"</div></div><div class={ad_class}>ADVERTISEMENT</div>"
        + "".join(f"<p>{p}" for p in paragraphs[2:])
        + "<div id=footer>Copyright 2026 The Gazette</div>"
    )
    # dom_boilerplate cuts the ad between the two parts first, as in the chain.
    kept = [b.text for b in MainContent()(DomBoilerplate()(html_doc(body))).blocks]
    assert all(p in kept for p in paragraphs)
    assert "Copyright 2026 The Gazette" not in kept


POSTS = " ".join([PROSE] * 4)  # over 500 characters


def test_a_noscript_holding_the_posts_is_read_and_the_page_left_as_it_was() -> None:
    doc = html_doc(f"<noscript><div><p>{POSTS}</p></div></noscript><p>{PROSE}</p>")
    before = lxml_html.tostring(doc.tree)
    text = MainContent().extract(doc)
    assert POSTS in text
    assert lxml_html.tostring(doc.tree) == before  # no mark, no renamed tag left behind


def test_cut_containers_are_pruned_and_do_not_count_for_a_noscript() -> None:
    doc = html_doc(
        f'<noscript><div class="promo"><p>{POSTS}</p></div><p>Enable scripts.</p></noscript>'
        f'<aside class="promo"><p>Subscribe now to read {PROSE}</p></aside><p>{PROSE}</p>'
    )
    cut = tuple(doc.tree.xpath('//*[@class="promo"]'))
    text = MainContent().extract(doc.evolve(cut_elements=cut))
    assert "Subscribe now" not in text
    # Without the cut promo, the <noscript> holds one short line: a script warning, not content.
    assert "Enable scripts" not in text
    assert PROSE in text
    assert not doc.tree.xpath("//*[@data-cleaner-cut]")


def test_a_list_in_the_article_stays_and_a_list_of_links_goes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # trafilatura's vote keeps the paragraphs and leaves both lists out.
    paras = [f"{PROSE} Part {n}." for n in range(3)]
    monkeypatch.setattr(MainContent, "extract", lambda self, doc: "\n".join(paras))
    steps = ["Preheat the oven", "Whisk the eggs", "Bake for an hour"]
    related = [
        '<li>Could the <a href="/a">storm have been foreseen</a>?</li>',
        '<li>Why <a href="/b">rivers flood</a> in spring</li>',
        "<li>Sign up for the newsletter</li>",
    ]
    doc = html_doc(
        f"<article><p>{paras[0]}</p><ul>{''.join(f'<li>{s}</li>' for s in steps)}</ul>"
        f"<p>{paras[1]}</p><p>{paras[2]}</p><ul>{''.join(related)}</ul></article>"
    )
    kept = [b.text for b in MainContent()(doc).blocks]
    assert kept == [paras[0], *steps, paras[1], paras[2]]


def test_a_long_paragraph_in_the_article_comes_back_and_a_caption_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # trafilatura's vote keeps eight paragraphs and leaves out a long one and a caption:
    # together under the share that brings every missed paragraph back.
    paras = [f"{PROSE} Part {n}." for n in range(8)]
    monkeypatch.setattr(MainContent, "extract", lambda self, doc: "\n".join(paras))
    long = (
        "The library will also open on Sunday afternoons from December, staffed by volunteers "
        "from the reading circle, who asked for the change after a survey of more than four "
        "hundred residents found that weekends suit working families best."
    )
    caption = "Volunteers sort returned books at the main desk on a busy weekday morning."
    rest = "".join(f"<p>{p}</p>" for p in paras[2:])
    doc = html_doc(
        f"<article><p>{paras[0]}</p><p>{paras[1]}</p><p>{long}</p><p>{caption}</p>{rest}</article>"
    )
    kept = [b.text for b in MainContent()(doc).blocks]
    assert kept == [paras[0], paras[1], long, *paras[2:]]
