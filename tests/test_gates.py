"""gates: consent dialogs and paywall boxes go by their text, the article stays."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.filters.gates import Gates
from tests.helpers import PROSE, html_doc

CONSENT = (
    '<div class="x-19"><h2>We value your privacy</h2>'
    "<p>We and our 800 partners store and/or access information on a device, such as "
    "cookies, and process personal data for personalised ads and content.</p>"
    "<p>You may click to consent to our processing, or change your preferences before "
    "consenting. Your choices apply to this website only.</p>"
    "<div>More options</div></div>"
)
PAYWALL = (
    '<div class="paywall"><div class="offer">'
    "<p>You've read all 5 of your free articles this month.</p>"
    "<p>Subscribe for $1 a week. Cancel anytime.</p><ul><li>Every story</li></ul>"
    "<p>Already a subscriber? Log in</p></div>"
    f'<div class="paywall__content"><p>{PROSE}</p><p>{PROSE} Later.</p></div></div>'
)


def _run(body: str) -> tuple[list[str], Document]:
    out = Gates()(html_doc(body))
    return [b.text for b in out.blocks], out


def test_a_consent_dialog_with_a_meaningless_class_goes_whole() -> None:
    kept, out = _run(CONSENT + f"<article><p>{PROSE}</p></article>")
    assert kept == [PROSE]
    assert {r.reason for r in out.removals} == {"consent_box"}
    assert len(out.cut_elements) == 1


def test_a_paywall_box_goes_but_the_gated_text_in_its_container_stays() -> None:
    kept, out = _run(f"<article><p>{PROSE}</p>{PAYWALL}</article>")
    assert kept == [PROSE, PROSE, PROSE + " Later."]
    assert {r.reason for r in out.removals} == {"paywall_box"}


def test_article_prose_about_cookies_and_prices_stays() -> None:
    body = (
        "<article><div><p>The bakery sells cookies for $2 a week to members, and "
        "the owner says her personal data on sales shows the cookies are popular.</p>"
        f"<p>{PROSE}</p></div><ul><li>2 cups of crushed cookies</li>"
        "<li>cookies for the garnish</li></ul>"
        "<ul><li>Behavioural tracking: use cookies and session data to follow what "
        "visitors do on your website.</li><li>Customer profiles: bring personal data "
        "from every touchpoint together in one place.</li></ul></article>"
    )
    kept, out = _run(body)
    assert out.removals == ()
    assert len(kept) == 6


def test_a_page_wrapper_with_consent_lines_is_not_a_box() -> None:
    # A comment form's consent lines inside a page wrapper of menus and links,
    # with little prose: the wrapper is the page, not a dialog.
    menu = "".join(f"<li><a href='/{i}'>Section {i}</a></li>" for i in range(40))
    form = (
        "<form><p>Save my name and email in this browser for the next time I comment.</p>"
        "<p>This site uses cookies and Akismet to reduce spam; we process personal data "
        "to do so.</p><p>You may withdraw your consent at any time.</p></form>"
    )
    kept, _ = _run(f'<div id="page"><ul>{menu}</ul><h1>Episode 12</h1>{form}</div>')
    assert "Section 1" in kept
    assert "Episode 12" in kept
