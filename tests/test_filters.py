"""One or more fast unit tests per filter, on hand-made documents."""

from __future__ import annotations

import lxml.html
import pytest

from cleaner.document import Document
from cleaner.filters.dom import DomBoilerplate
from cleaner.filters.duplicates import DuplicateBlocks, DuplicatePassages, DuplicateTitle
from cleaner.filters.leftovers import TooLittleText
from cleaner.filters.main_content import MainContent
from cleaner.filters.metadata import GluedMetadata
from cleaner.filters.phrases import (
    Cookies,
    Newsletter,
    PhotoCredits,
    Placeholders,
    Promos,
    ReadAlso,
    ShareBars,
)
from cleaner.filters.sections import Comments, Related
from tests.helpers import PROSE, html_doc, text_doc


def reasons(doc: Document) -> dict[str, str]:
    return {r.text: r.reason for r in doc.removals}


def kept(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks]


def test_promos_drop_app_and_ai_boxes_but_not_prose() -> None:
    doc = Promos()(
        text_doc(
            "DOWNLOAD THE APP",
            "Get Started Now: Download the App",
            "Try Our AI Features",
            "Explore what Harbor AI can do for you:",
            "app-storeplay-store",
            PROSE,
            "Engineers said the new app will let riders download timetables offline.",
        )
    )
    assert kept(doc) == [
        PROSE,
        "Engineers said the new app will let riders download timetables offline.",
    ]
    assert reasons(doc)["Try Our AI Features"] == "ai_promo"
    assert reasons(doc)["app-storeplay-store"] == "app_promo"


def test_related_section_takes_its_cards_in_text() -> None:
    doc = Related().apply(
        text_doc(PROSE, PROSE + " Again.", "Related Articles", "Card title", PROSE + " Card.")
    )
    assert kept(doc) == [PROSE, PROSE + " Again."]
    assert set(reasons(doc).values()) == {"related_section"}


def test_related_heading_before_any_prose_only_drops_its_line() -> None:
    doc = Related().apply(text_doc("Related Articles", PROSE, PROSE + " More."))
    assert kept(doc) == [PROSE, PROSE + " More."]
    assert reasons(doc)["Related Articles"] == "related_section_heading"


def test_related_section_in_html_ends_with_its_container() -> None:
    doc = html_doc(
        f"<article><p>{PROSE}</p><p>{PROSE} Two.</p></article>"
        "<section><h3>You may also like</h3><p>Other story teaser text here.</p></section>"
        f"<div><p>{PROSE} After.</p></div>"
    )
    out = Related()(doc)
    assert kept(out) == [PROSE, PROSE + " Two.", PROSE + " After."]


def test_comments_widget_lines_and_section() -> None:
    doc = Comments().apply(
        text_doc(PROSE, PROSE + " B.", "No comments yet...", "12 Comments", "Jo: great piece")
    )
    assert kept(doc) == [PROSE, PROSE + " B."]
    assert reasons(doc)["No comments yet..."] == "comment_widget"
    assert reasons(doc)["Jo: great piece"] == "comment_section"


@pytest.mark.parametrize(
    "heading",
    [
        "Você pode gostar...",
        "También te puede interesar",
        "Vous aimerez aussi",
        "Das könnte Sie auch interessieren",
        "Potrebbe interessarti",
        "Gerelateerde artikelen",
        "Berita terkait",
        "Читайте также",
        "Zobacz też",
        "相关文章",
        "관련기사",
    ],
)
def test_related_headings_in_other_languages(heading: str) -> None:
    doc = Related().apply(text_doc(PROSE, PROSE + " Again.", heading, "Card title", "Teaser."))
    assert kept(doc) == [PROSE, PROSE + " Again."]


@pytest.mark.parametrize(
    "heading",
    [
        "Lascia un commento",
        "Deixe um comentário",
        "Tinggalkan Balasan",
        "Комментарии",
        "评论",
        "댓글 12",
    ],
)
def test_comment_headings_in_other_languages(heading: str) -> None:
    doc = Comments().apply(text_doc(PROSE, PROSE + " B.", heading, "Jo: great piece"))
    assert kept(doc) == [PROSE, PROSE + " B."]


def test_a_comment_dated_to_the_minute_opens_the_comment_section() -> None:
    """A theme that prints no "Comments" heading: the first comment's header opens it. A
    header dated to the day only goes as a line: the prose after it stays."""
    doc = Comments().apply(
        text_doc(
            PROSE,
            "The ministry on March 3, 2019 said:",
            PROSE + " Quoted.",
            "Milan G on September 12, 2018 at 4:47 pm said:",
            "Any update on the follow-up paper?",
            PROSE + " A reply.",
        )
    )
    assert kept(doc) == [PROSE, PROSE + " Quoted."]
    assert reasons(doc)["The ministry on March 3, 2019 said:"] == "comment_widget"
    assert reasons(doc)[PROSE + " A reply."] == "comment_section"


@pytest.mark.parametrize(
    ("app", "paywall", "read_also"),
    [
        (
            "Laden Sie jetzt unsere App herunter",
            "Abonnieren Sie, um weiterzulesen",
            "Siehe auch: Bahnstreik",
        ),
        ("Téléchargez notre application", "Déjà abonné ? Se connecter", "Voir aussi : La grève"),
        ("Descarga nuestra app gratis", "Suscríbete para seguir leyendo", "Ver también: La crisis"),
        ("Baixe o app", "Já é assinante? Entre", "Veja também: A greve"),
        ("Scarica l'app", "Questo articolo è riservato agli abbonati", "Vedi anche: Lo sciopero"),
    ],
)
def test_promos_and_read_also_in_other_languages(app: str, paywall: str, read_also: str) -> None:
    prose = "Baixe o app do banco e confira as regras antes de investir, porque a taxa mudou."
    doc = ReadAlso()(Promos()(text_doc(PROSE, app, paywall, read_also, prose)))
    assert kept(doc) == [PROSE, prose]


@pytest.mark.parametrize(
    "label", ["Anzeige", "Publicidade", "Pubblicità", "Leia mais", "Lire la suite", "Schließen"]
)
def test_ad_labels_and_controls_in_other_languages(label: str) -> None:
    prose = "A publicidade digital cresceu três por cento em 2024, segundo a associação."
    assert kept(Placeholders()(text_doc(PROSE, label, prose))) == [PROSE, prose]


def test_read_also_lines_go() -> None:
    doc = ReadAlso()(text_doc(PROSE, "READ ALSO: Minister backs plan", "Also read: Other", PROSE))
    assert kept(doc) == [PROSE, PROSE]


def test_glued_metadata() -> None:
    doc = GluedMetadata()(
        text_doc(
            "The Mainichi16 hours ago",
            "time23 minutes ago",
            " date 2025-08-20 Japan is prepared to join the talks.",
            "By Maria Lopez, Staff Writer",
            "By Lena Vogt · 12 November 2026",
            "Updated March 3, 2026, 4:12 p.m.",
            "By the end of the year, prices had risen by a third.",
            "By the end of this course, you will be able to:",
            "By making a contribution to this project, I certify that:",
        )
    )
    assert kept(doc) == [
        "Japan is prepared to join the talks.",
        "By the end of the year, prices had risen by a third.",
        "By the end of this course, you will be able to:",
        "By making a contribution to this project, I certify that:",
    ]
    assert reasons(doc)["The Mainichi16 hours ago"] == "source_timestamp"
    assert reasons(doc)["By Maria Lopez, Staff Writer"] == "byline"
    assert reasons(doc)["By Lena Vogt · 12 November 2026"] == "byline"
    assert reasons(doc)["Updated March 3, 2026, 4:12 p.m."] == "dateline"
    rewrite = next(r for r in doc.removals if r.reason == "date_prefix")
    assert rewrite.new_text == "Japan is prepared to join the talks."


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("Por Marina Castro · 12 de janeiro de 2026", True),
        ("Von Anna Schmidt | 3. März 2025, 14:20 Uhr", True),
        ("Di Marco Rossi — 5 febbraio 2025", True),
        # No separator and year after a name: ordinary lines.
        ("Por que regar à noite", False),
        ("Von der Quelle bis zur Mündung", False),
        ("Por outro lado, os tomates gostam do sol desde 2024", False),
    ],
)
def test_bylines_in_other_languages(line: str, byline: bool) -> None:
    doc = GluedMetadata()(text_doc(PROSE, line, PROSE + " B."))
    assert (line not in kept(doc)) is byline


@pytest.mark.parametrize(
    "line",
    [
        "Publicado em 12/01/2026 às 14h30",
        "Veröffentlicht am 3. März 2025, 14:20 Uhr",
        "Publié le 4 mars 2024 à 10h",
        "Pubblicato il 5 febbraio 2025",
        "Lesezeit: 4 Minuten",
        "5 min de leitura",
    ],
)
def test_datelines_in_other_languages(line: str) -> None:
    sentence = "Publicado em 2019, o livro vendeu milhões de cópias."
    doc = GluedMetadata()(text_doc(PROSE, line, sentence))
    assert kept(doc) == [PROSE, sentence]
    assert reasons(doc)[line] == "dateline"


def test_duplicate_title_and_blocks() -> None:
    title = "Council extends library hours for winter"
    doc = DuplicateTitle()(text_doc(title, PROSE, title, title=title))
    assert kept(doc) == [PROSE]
    doc = DuplicateBlocks()(text_doc(PROSE, "Short line", "Short line", PROSE))
    assert kept(doc) == [PROSE, "Short line", "Short line"]


BODY = [
    "The council voted on Tuesday to keep the central library open until nine at night, "
    "reversing last year's cuts.",
    "Branch libraries will add Sunday hours from December, funded by the parking levy that "
    "the council raised in the summer.",
    "Librarians said the evening hours were the busiest of the week before the cuts, above "
    "all for students.",
    "The plan costs about four hundred thousand a year and will be reviewed in spring, when "
    "the budget is set.",
    "Residents can comment on the new timetable at the next public meeting in January or by "
    "writing to the clerk.",
    "A decision on the two smallest branches, which lost most of their hours, is due next month.",
]


def test_duplicate_passages_drop_a_body_printed_twice() -> None:
    body = ["Hours", *BODY[:3], "Costs", *BODY[3:]]
    doc = DuplicatePassages()(text_doc("Library hours", *body, "Share this", *body))
    # The copied headings inside the passage, and the one right before it, go with it.
    assert kept(doc) == ["Library hours", *body, "Share this"]
    assert set(reasons(doc).values()) == {"repeated_passage"}


def test_duplicate_passages_keep_repeats_that_are_not_a_passage() -> None:
    step = DuplicatePassages()
    # A refrain: one block again and again.
    refrain = [BODY[0], BODY[1], BODY[0], BODY[2], BODY[0], BODY[3], BODY[0]]
    assert kept(step(text_doc(*refrain))) == refrain
    # A meal plan: the same dishes on several days, not in the first day's order.
    plan = ["Monday", *BODY[:4], "Tuesday", BODY[2], BODY[0], BODY[3], BODY[1]]
    assert kept(step(text_doc(*plan))) == plan
    # Too short to be a passage: two blocks copied in order.
    pair = [*BODY, BODY[0], BODY[1]]
    assert kept(step(text_doc(*pair))) == pair


def test_chrome_filters() -> None:
    assert kept(Placeholders()(text_doc("logo", "Orange background", PROSE))) == [PROSE]
    thumb = "https://cdn.example.com/images/160x160/5001_TEE_BONE_THUMB_1.jpg?c=2"
    page = "https://example.com/guide/install"
    assert kept(Placeholders()(text_doc(thumb, page, PROSE))) == [page, PROSE]
    assert kept(PhotoCredits()(text_doc("Photo: Jane Doe/Reuters", PROSE))) == [PROSE]
    credits = PhotoCredits()(text_doc("Graphic by Ana Ruiz", "Video courtesy of NASA", PROSE))
    assert kept(credits) == [PROSE]
    foreign = PhotoCredits()(text_doc("Foto: Michael Kappeler/dpa", "Фото: РИА Новости", PROSE))
    assert kept(foreign) == [PROSE]
    # Specifications, not credits.
    specs = ["Graphics: Nvidia GeForce GTX 1060 6GB", "Video: 4K/30p with no crop", PROSE]
    assert kept(PhotoCredits()(text_doc(*specs))) == specs
    assert kept(ShareBars()(text_doc("Share on Facebook", "Tweet", "Email", PROSE))) == [PROSE]
    assert kept(ShareBars()(text_doc("Facebook Twitter Google+ Whatsapp", PROSE))) == [PROSE]
    news = Newsletter()(text_doc("Sign up for our newsletter", "Subscribe", PROSE))
    assert kept(news) == [PROSE]
    cookie = Cookies()(text_doc("We use cookies to improve your experience.", "Accept all", PROSE))
    assert kept(cookie) == [PROSE]


@pytest.mark.parametrize(
    ("banner", "button"),
    [
        ("Wir verwenden Cookies, um unsere Website zu verbessern.", "Alle akzeptieren"),
        ("Nous utilisons des cookies pour mesurer l'audience.", "Tout refuser"),
        ("Utilizamos cookies propias y de terceros para mejorar el servicio.", "Aceptar todas"),
        ("Questo sito utilizza i cookie per migliorare la tua esperienza.", "Accetta tutti"),
        ("Este site utiliza cookies para melhorar a navegação.", "Política de privacidade"),
        ("Deze website gebruikt cookies voor statistieken.", "Alles accepteren"),
        ("Ta strona korzysta z plików cookies.", "Zaakceptuj wszystkie"),
    ],
)
def test_cookie_banners_in_other_languages(banner: str, button: str) -> None:
    prose = "Die Forscher sagen, dass Kekse und Cookies in Maßen gesund sein können, heißt es."
    assert kept(Cookies()(text_doc(banner, button, PROSE, prose))) == [PROSE, prose]


@pytest.mark.parametrize(
    ("share", "newsletter"),
    [
        ("Teilen", "Abonnieren Sie unseren Newsletter"),
        ("Partager cet article", "Inscrivez-vous à notre newsletter"),
        ("Compartir en Facebook", "Suscríbete a nuestro boletín"),
        ("Compartilhar no WhatsApp", "Inscreva-se na nossa newsletter e receba as novidades."),
        ("Condividi su Facebook", "Iscriviti alla newsletter"),
        ("Delen via e-mail", "Schrijf je in voor de nieuwsbrief"),
    ],
)
def test_share_bars_and_newsletters_in_other_languages(share: str, newsletter: str) -> None:
    prose = "Os leitores gostam de compartilhar as dicas da horta com os amigos e vizinhos."
    doc = text_doc(PROSE, share, newsletter, "Ihre E-Mail-Adresse", prose)
    assert kept(Newsletter()(ShareBars()(doc))) == [PROSE, prose]


def test_dom_boilerplate_cuts_named_containers_but_keeps_the_body() -> None:
    doc = html_doc(
        '<div class="cookie-banner"><p>We use cookies.</p></div>'
        f'<div class="article-body"><p>{PROSE}</p>'
        '<div class="share-buttons"><a>Facebook</a></div></div>'
        '<div class="sidebar"><p>Popular now</p></div>'
    )
    out = DomBoilerplate()(doc)
    assert kept(out) == [PROSE]
    assert reasons(out)["We use cookies."] == "container_cookie"
    assert reasons(out)["Facebook"] == "container_share"
    assert len(out.cut_elements) == 3


def test_dom_boilerplate_never_cuts_the_bulk_of_the_page() -> None:
    doc = html_doc(f'<div class="sidebar-layout widget"><p>{PROSE}</p><p>{PROSE}</p></div>')
    assert kept(DomBoilerplate()(doc)) == [PROSE, PROSE]


@pytest.mark.parametrize(
    ("attrs", "group"),
    [
        # Site builders' and CMSs' generic wrappers hold the content itself.
        ('class="elementor-widget elementor-widget-text-editor"', None),  # Elementor
        ('class="elementor-widget-container"', None),
        ('class="hs_cos_wrapper hs_cos_wrapper_widget"', None),  # HubSpot CMS
        ('class="c-product-widget__content"', None),
        ('class="cmp-text"', None),  # Adobe Experience Manager's core components
        ('class="cmp-promo__content"', None),
        ('class="field field--label-visually-hidden"', None),  # Drupal
        ('id="wsite-not-footer"', None),  # Weebly
        ('class="wy-nav-content"', None),  # Sphinx's Read the Docs theme
        ('class="page with-sidebar"', None),
        ('class="has-sidebar"', None),
        ('class="sidebar-layout"', None),
        ('class="left-col"', None),
        ('class="right-col"', "container_sidebar"),
        # ... while the boilerplate they stand beside is still named as such.
        ('class="widget widget_recent_entries"', "container_sidebar"),
        ('class="widget-area"', "container_sidebar"),
        ('class="sidebar"', "container_sidebar"),
        ('class="site-footer"', "container_footer"),
        ('class="visually-hidden"', "container_meta"),
        ('class="promo"', "container_ads"),
        ('class="main-nav"', "container_navigation"),
        ('id="cookie-consent"', "container_cookie"),
    ],
)
def test_dom_boilerplate_names(attrs: str, group: str | None) -> None:
    el = lxml.html.fromstring(f"<div {attrs}>x</div>")
    assert DomBoilerplate().classify(el) == group


def test_main_content_keeps_the_article_and_drops_the_menu() -> None:
    paras = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(5))
    doc = html_doc(
        "<ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul>"
        f"<article><h1>Library hours</h1>{paras}</article>"
        "<div><a href='/a'>Terms</a> <a href='/b'>Privacy</a></div>"
    )
    out = MainContent()(doc)
    assert [b for b in kept(out) if b.startswith("The council")] == [
        f"{PROSE} Paragraph {i}." for i in range(5)
    ]
    assert "Home" not in kept(out)
    assert reasons(out)["Home"] == "outside_main_content"


def test_comments_button_in_a_share_row_is_not_a_section() -> None:
    doc = Comments().apply(text_doc(PROSE, "Tweet", "Share", "Comments", "Print", PROSE + " Rest."))
    assert kept(doc) == [PROSE, "Tweet", "Share", "Print", PROSE + " Rest."]
    assert reasons(doc)["Comments"] == "comment_section_heading"


def test_a_zero_count_is_a_counter() -> None:
    doc = Comments().apply(text_doc(PROSE, "0 Comments", PROSE + " Rest."))
    assert kept(doc) == [PROSE, PROSE + " Rest."]
    assert reasons(doc)["0 Comments"] == "comment_widget"


def test_phrase_screen_passes_every_line_a_group_matches() -> None:
    """The one-test screen in front of the phrase filters may pass too much, never too little:
    a user's added pattern still drops its line."""
    from cleaner.filters.phrases import SCREENED
    from cleaner.patterns import Patterns

    patterns = Patterns({"share": {"lines": ["pass this on to a friend"]}})
    lines = [
        "DOWNLOAD THE APP",
        "Photo: Jane Doe/Reuters",
        "Share on Facebook",
        "Sign up for our newsletter",
        "We use cookies to improve your experience.",
        "Pass this on to a friend",
        PROSE,
    ]
    for line in lines:
        matched = any(patterns.phrases(g).matches(line) for g in SCREENED)
        assert patterns.screened(SCREENED, line) or not matched
    assert patterns.screened(SCREENED, "Pass this on to a friend")
    assert not patterns.screened(SCREENED, PROSE)
    doc = ShareBars(patterns=patterns)(text_doc("Pass this on to a friend", PROSE))
    assert reasons(doc) == {"Pass this on to a friend": "share"}


def test_too_little_text_empties_a_stray_label_but_keeps_short_content() -> None:
    stray = TooLittleText()(text_doc("AliExpress Multi-Language Sites"))
    assert kept(stray) == []
    assert reasons(stray) == {"AliExpress Multi-Language Sites": "too_little_text"}
    # A sentence of six words is text enough; so is one in a script without spaces.
    short = ["The library reopens on Monday morning."]
    assert kept(TooLittleText()(text_doc(*short))) == short
    japanese = ["図書館は月曜日の朝に再開します。"]
    assert kept(TooLittleText()(text_doc(*japanese))) == japanese
