"""Build synthetic multi-page sites for testing site-template learning.

Each site has its own template (top bar, menu, promo box, a "Try Our X Features" box,
newsletter blurb, sidebar link list, footer with an about paragraph) that recurs on its
pages, partly with variants (a second "most read" list on some pages, a rotating ad
line, a date line that changes), and article bodies that are unique per page, written
from sentence pools with random slot fillers. Some articles quote a paragraph of an
earlier article of the same site word for word (the quoted-article guard must keep it).

Every page comes in two forms, HTML and scraped text (inscriptis-like: indented
chrome, bulleted lists), plus its gold article text (body paragraphs and subheadings,
no title), in the shape of the aeb benchmark's gold.

Deterministic: the same seed gives the same bytes.

    python tests/sites/build_sites.py -o /tmp/sites   # writes DIR/<host>/NN.{html,txt,gold.txt}
                                                      # and DIR/manifest.jsonl
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

PAGES_PER_SITE = 24
SEED = 20261125


@dataclass(frozen=True)
class SiteSpec:
    host: str
    name: str
    style: str  # "semantic" | "divsoup" | "mixed"
    topbar: tuple[str, ...]
    menu: tuple[str, ...]
    sections: tuple[str, ...]
    promo: tuple[str, ...]  # the site's "Try Our X Features" box
    newsletter: tuple[str, ...]
    sidebar_title: str
    sidebar: tuple[tuple[str, ...], ...]  # variants of the sidebar list; the first is common
    ads: tuple[str, ...]  # one of them per page (rotating, not learnable)
    footer_about: str  # a long prose paragraph: learnable only via the prose bar
    footer_links: tuple[str, ...]
    copyright: str
    people: tuple[str, ...]
    orgs: tuple[str, ...]
    places: tuple[str, ...]
    things: tuple[str, ...]
    sentences: tuple[str, ...]
    headlines: tuple[str, ...]
    subheads: tuple[str, ...]
    # How its scraped text looks: "inscriptis" (chrome indented, lists bulleted) or "plain"
    # (a scraper that writes every block flush left, one a line, no bullets).
    text_style: str = "inscriptis"
    # Chrome inside the article body: (after which body paragraph, what). "ad" rotates per page;
    # "promo", "newsletter" and "recommended" (the sidebar list) are the site's own boxes.
    inline: tuple[tuple[int, str], ...] = ((1, "ad"), (2, "promo"))


GENERAL_SENTENCES = (
    "{person} said the decision had been months in the making and would be reviewed in {year}.",
    "Critics argued that the {thing} plan left too many questions unanswered for {place}.",
    "According to figures shared with reporters, costs rose {pct} percent over two years.",
    "{org} did not respond to several requests for comment before publication.",
    "The change is expected to affect about {num} people, most of them in {place}.",
    "{person} described the mood at the meeting as tense but constructive.",
    "Supporters say the {thing} effort could serve as a model for other regions.",
    "A spokesperson for {org} said more details would be released in the coming weeks.",
    "Earlier attempts to address the {thing} issue stalled over funding disagreements.",
    "Local residents have raised concerns about noise, traffic and the timeline.",
    "The proposal passed by a narrow margin after a debate that lasted {hours} hours.",
    "{person} pointed to rising demand as the main reason behind the shift.",
    "Independent analysts cautioned that the early numbers may not hold up.",
    "The project will be paid for through a mix of grants and private investment.",
    "Similar measures were introduced in {place} in {year} with mixed results.",
    "{person} acknowledged that the rollout had not gone as smoothly as hoped.",
    "Officials plan to publish a progress report every {hours} months.",
    "The group behind the {thing} initiative has grown to more than {num} members.",
)


SITES: tuple[SiteSpec, ...] = (
    SiteSpec(
        host="harborgazette.com",
        name="Harbor Gazette",
        style="semantic",
        topbar=("E-Edition", "Subscribe for $1", "Log in"),
        menu=(
            "Home",
            "Local",
            "Politics",
            "Business",
            "Sports",
            "Opinion",
            "Obituaries",
            "Weather",
        ),
        sections=("Local", "Politics", "Business", "Harbor Life"),
        promo=(
            "Try Our AI Features",
            "Ask Harbor Assistant about any story and get a plain-language briefing in seconds.",
            "Start your free trial",
        ),
        newsletter=(
            "The Morning Tide",
            "Our editors pick the five harbor stories you need before your first coffee.",
            "Sign up free",
        ),
        sidebar_title="Most read",
        sidebar=(
            (
                "Ferry schedule changes take effect next month",
                "Pier 9 restaurant closes after 40 years",
                "School board weighs later start times",
                "Storm drains cleared ahead of king tides",
                "High school rowers head to nationals",
            ),
            (
                "Lighthouse restoration wins state grant",
                "Bridge lane closures planned for weekend",
                "Fishermen report record crab season",
                "Library extends evening hours downtown",
                "Council race draws five candidates",
            ),
        ),
        ads=(
            "Advertisement: Bayview Dental welcomes new patients",
            "Advertisement: Harbor Credit Union home loans",
            "Advertisement: Tidewater Roofing free estimates",
            "Advertisement: Seaside Motors summer sale",
        ),
        footer_about=(
            "The Harbor Gazette has covered the harbor district and the Bay Shore since 1911. "
            "We are an independent, reader-supported newsroom committed to accurate local "
            "reporting, and we correct our errors promptly and in public."
        ),
        footer_links=("About us", "Contact the newsroom", "Corrections", "Privacy", "Terms"),
        copyright="© 2026 Harbor Gazette Media Co. All rights reserved.",
        people=(
            "Mayor Linda Okafor",
            "Council member Rosa Delgado",
            "Harbormaster Tom Brandt",
            "Principal Amy Chen",
            "Fire Chief Dan Ruiz",
            "Budget director Samuel Park",
            "Resident Gloria Hayes",
        ),
        orgs=(
            "the Port Authority",
            "the city council",
            "the Bay Shore Water District",
            "the county health department",
            "the Harbor Business Alliance",
        ),
        places=("the harbor district", "Pine Hill", "Westshore", "the Old Town", "Marina Point"),
        things=("seawall", "ferry", "library", "housing", "parking", "school bus", "storm drain"),
        sentences=(
            "The {thing} vote came after {hours} hours of public comment at city hall.",
            "{person} told residents of {place} that the {thing} work would start in spring.",
            "Neighbors in {place} packed the community center to hear the {thing} update.",
            "The harbor commission approved {num} dollars for repairs along the waterfront.",
            "{person} said the {thing} budget had been cut twice since {year}.",
        ),
        headlines=(
            "Council approves {thing} plan for {place}",
            "{place} residents push back on {thing} changes",
            "What the new {thing} budget means for {place}",
            "Harbor officials delay {thing} decision again",
            "{thing} project in {place} moves ahead",
        ),
        subheads=("What happens next", "How we got here", "The cost", "Reaction"),
        inline=((1, "ad"), (2, "promo"), (4, "newsletter")),
    ),
    SiteSpec(
        host="techpulse.io",
        name="TechPulse",
        style="divsoup",
        topbar=("TechPulse Pro", "Events", "Podcasts", "Sign in"),
        menu=("Latest", "AI", "Gadgets", "Security", "Startups", "Reviews", "Deals"),
        sections=("AI", "Security", "Startups", "Reviews"),
        promo=(
            "Try Our Pulse Copilot Features",
            "Pulse Copilot reads every review so you don't have to: compare specs, "
            "track prices and get alerts.",
            "Get Copilot",
        ),
        newsletter=(
            "Pulse Daily",
            "One email, every weekday, with the tech news that actually matters.",
            "Join 400,000 readers",
        ),
        sidebar_title="Trending on TechPulse",
        sidebar=(
            (
                "The best laptops for students this year",
                "Why your router needs a firmware update now",
                "Hands-on with the newest folding phone",
                "Five password managers compared",
                "The quiet rise of open-source chips",
            ),
            (
                "Our favorite budget earbuds",
                "What the new privacy rules mean for apps",
                "Inside a data center cooling experiment",
                "Smart home hubs ranked",
                "Startups betting on battery recycling",
            ),
        ),
        ads=(
            "Sponsored: CloudNest backups for small teams",
            "Sponsored: Learn Python in 30 days with CodeCamp",
            "Sponsored: The VPN trusted by journalists",
            "Sponsored: Upgrade to fiber with LumaNet",
        ),
        footer_about=(
            "TechPulse is an independent technology publication. When you buy through links on "
            "our site we may earn an affiliate commission, which helps fund our testing lab, but "
            "it never decides what we review or how we score it."
        ),
        footer_links=("About", "Ethics policy", "Advertise", "Careers", "Privacy settings"),
        copyright="© 2026 Pulse Digital Ltd.",
        people=(
            "analyst Priya Raman",
            "chief executive Marco Bellini",
            "security researcher Jonas Weber",
            "product lead Aisha Karim",
            "founder Leo Zhang",
            "engineer Sofia Novak",
        ),
        orgs=("the startup", "the chipmaker", "the standards body", "the regulator", "the lab"),
        places=("Berlin", "Austin", "Bangalore", "Toronto", "Lisbon"),
        things=("battery", "firmware", "encryption", "chip", "model", "headset", "router"),
        sentences=(
            "In our tests the {thing} lasted {hours} hours on a single charge.",
            "{person} said the {thing} would ship to customers in {place} first.",
            "The update patches {num} vulnerabilities, two of them rated critical.",
            "Benchmarks put the new {thing} about {pct} percent ahead of last year's model.",
            "{person} warned that the {thing} market was getting crowded.",
        ),
        headlines=(
            "Hands-on: the new {thing} from {place} is faster than expected",
            "{thing} flaw puts millions of devices at risk",
            "Why everyone in {place} is talking about {thing}s",
            "Review: a {thing} that finally gets it right",
            "The {thing} startup that wants to beat the giants",
        ),
        subheads=("Key takeaways", "Performance", "Should you buy it", "The fine print"),
        inline=((1, "ad"), (2, "promo"), (3, "recommended")),
    ),
    SiteSpec(
        host="greenthumbliving.net",
        name="Green Thumb Living",
        style="mixed",
        topbar=("Shop", "Plant finder", "My garden"),
        menu=("Gardening", "Houseplants", "Vegetables", "Recipes", "Outdoor living", "Videos"),
        sections=("Vegetables", "Houseplants", "Outdoor living", "Recipes"),
        promo=(
            "Try Our Smart Garden Planner Features",
            "Map your beds, get planting reminders for your zone and track every harvest.",
            "Plan my garden",
        ),
        newsletter=(
            "Dig In, weekly",
            "Seasonal to-do lists, plant picks and recipes from our test garden, every Friday.",
            "Subscribe",
        ),
        sidebar_title="Popular this season",
        sidebar=(
            (
                "How to overwinter dahlias",
                "Ten herbs that grow on a windowsill",
                "Raised beds on a budget",
                "Why are my tomato leaves curling",
                "Easy compost for small yards",
            ),
            (
                "Pruning roses without fear",
                "The best mulch for vegetable beds",
                "Growing garlic in containers",
                "Repotting a fiddle leaf fig",
                "Attracting pollinators in autumn",
            ),
        ),
        ads=(
            "Ad: Save 20% on seed starter kits",
            "Ad: Handmade cedar planters",
            "Ad: Organic fertilizer delivered",
            "Ad: Garden tools built to last",
        ),
        footer_about=(
            "Green Thumb Living helps home gardeners grow more with less. Our advice is tested in "
            "our own beds and reviewed by horticulturists, and we only recommend products we "
            "have used through at least one full growing season."
        ),
        footer_links=("Our test garden", "Contact", "Write for us", "Privacy", "Accessibility"),
        copyright="© 2026 Green Thumb Living. All rights reserved.",
        people=(
            "horticulturist Maya Lindqvist",
            "master gardener Joe Patel",
            "chef Ines Moreau",
            "grower Sam Okoye",
            "botanist Ruth Adler",
        ),
        orgs=("the extension office", "the seed library", "the allotment society", "the nursery"),
        places=("zone 6", "a north-facing balcony", "heavy clay", "raised beds", "a cold frame"),
        things=("tomato", "basil", "garlic", "dahlia", "fern", "squash", "lettuce"),
        sentences=(
            "Sow the {thing} seeds about {num} millimetres deep in {place}.",
            "{person} recommends watering the {thing} every {hours} days in hot weather.",
            "Expect the first {thing} harvest roughly {hours} weeks after planting out.",
            "In {place}, the {thing} needs a sheltered spot and plenty of compost.",
            "{person} said most {thing} problems come from overwatering, not pests.",
        ),
        headlines=(
            "How to grow {thing} in {place}",
            "The {thing} mistakes almost everyone makes",
            "A beginner's guide to {thing}s",
            "Our favorite {thing} varieties for {place}",
            "When to plant {thing} for the biggest harvest",
        ),
        subheads=("What you need", "Step by step", "Troubleshooting", "Harvest tips"),
        text_style="plain",
        inline=((1, "ad"), (2, "promo"), (3, "newsletter")),
    ),
)


@dataclass
class Page:
    host: str
    number: int
    url: str
    title: str
    section: str
    date: str
    paragraphs: list[tuple[str, str]]  # (kind, text): kind "p" or "h2"
    sidebar: tuple[str, ...]
    ad: str
    related: list[str] = field(default_factory=list)
    quoted_from: int | None = None

    @property
    def gold(self) -> str:
        return "\n".join(text for _, text in self.paragraphs)


def _fill(rng: random.Random, spec: SiteSpec, template: str) -> str:
    return template.format(
        person=rng.choice(spec.people),
        org=rng.choice(spec.orgs),
        place=rng.choice(spec.places),
        thing=rng.choice(spec.things),
        year=rng.randint(2015, 2025),
        num=f"{rng.randint(12, 9800):,}",
        pct=rng.randint(3, 48),
        hours=rng.randint(2, 14),
    )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _paragraph(rng: random.Random, spec: SiteSpec) -> str:
    pool = spec.sentences + GENERAL_SENTENCES
    return " ".join(_capitalise(_fill(rng, spec, t)) for t in rng.sample(pool, rng.randint(3, 5)))


def make_pages(spec: SiteSpec, count: int, rng: random.Random) -> list[Page]:
    pages: list[Page] = []
    seen: set[str] = set()
    titles: set[str] = set()
    for n in range(count):
        title = _capitalise(_fill(rng, spec, rng.choice(spec.headlines)))
        while title in titles:
            title = _capitalise(_fill(rng, spec, rng.choice(spec.headlines)))
        titles.add(title)
        paragraphs: list[tuple[str, str]] = []
        n_paras = rng.randint(4, 8)
        for i in range(n_paras):
            if i and i % 3 == 0 and rng.random() < 0.6:
                paragraphs.append(("h2", rng.choice(spec.subheads)))
            text = _paragraph(rng, spec)
            while text in seen:
                text = _paragraph(rng, spec)
            seen.add(text)
            paragraphs.append(("p", text))
        quoted_from = None
        # Every fourth page quotes a paragraph of an earlier page word for word.
        if n >= 4 and n % 4 == 0:
            quoted_from = rng.randrange(0, n)
            source = [t for k, t in pages[quoted_from].paragraphs if k == "p"]
            paragraphs.insert(2, ("p", f"As {spec.name} reported earlier this month:"))
            paragraphs.insert(3, ("p", source[0]))
        slug = "-".join(title.lower().replace(":", "").replace("'", "").split())[:60]
        section = rng.choice(spec.sections)
        sidebar = spec.sidebar[0] if rng.random() < 0.7 else spec.sidebar[1]
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        pages.append(
            Page(
                host=spec.host,
                number=n,
                url=f"https://www.{spec.host}/{section.lower().replace(' ', '-')}/{slug}",
                title=title,
                section=section,
                date=f"2026-{month:02d}-{day:02d}",
                paragraphs=paragraphs,
                sidebar=sidebar,
                ad=rng.choice(spec.ads),
                quoted_from=quoted_from,
            )
        )
    for page in pages:
        others = [p.title for p in pages if p is not page]
        page.related = rng.sample(others, 3)
    return pages


def body_items(spec: SiteSpec, page: Page) -> list[tuple[str, str]]:
    """The article body in order: ("p"|"h2", text) gold items and (chrome name, "") boxes.

    A box whose paragraph number is past the article's end goes after its last paragraph.
    """
    items: list[tuple[str, str]] = []
    pending = sorted(spec.inline)
    done = 0
    for kind, text in page.paragraphs:
        items.append((kind, text))
        if kind == "p":
            done += 1
            while pending and pending[0][0] == done:
                items.append((pending.pop(0)[1], ""))
    items += [(what, "") for _, what in pending]
    return items


# --- HTML ---------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _links(items: tuple[str, ...] | list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    lis = "".join(
        f'<li><a href="/{_e(t.lower().replace(" ", "-"))}">{_e(t)}</a></li>' for t in items
    )
    return f"<ul{attr}>{lis}</ul>"


def render_html(spec: SiteSpec, page: Page) -> str:
    semantic = spec.style == "semantic"
    mixed = spec.style == "mixed"

    def box(tag: str, cls: str, inner: str) -> str:
        real = tag if semantic or (mixed and tag in ("nav", "footer")) else "div"
        return f'<{real} class="{cls}">{inner}</{real}>'

    newsletter = (
        f"<h3>{_e(spec.newsletter[0])}</h3><p>{_e(spec.newsletter[1])}</p>"
        f'<form><input type="email" placeholder="Email"><button>{_e(spec.newsletter[2])}</button>'
        "</form>"
    )
    chrome = {
        "ad": f'<div class="ad-slot">{_e(page.ad)}</div>',
        "promo": f'<div class="x-feature-box"><h4>{_e(spec.promo[0])}</h4>'
        f'<p>{_e(spec.promo[1])}</p><a class="btn" href="/trial">{_e(spec.promo[2])}</a></div>',
        "newsletter": f'<div class="inline-signup">{newsletter}</div>',
        "recommended": f'<div class="recirc"><h4>{_e(spec.sidebar_title)}</h4>'
        f"{_links(page.sidebar)}</div>",
    }
    body_parts = [
        f"<{kind}>{_e(text)}</{kind}>" if kind in ("p", "h2") else chrome[kind]
        for kind, text in body_items(spec, page)
    ]
    article = "".join(body_parts)
    related = f"<h3>More from {_e(spec.name)}</h3>" + _links(page.related)
    header = box(
        "header",
        "site-top",
        _links(spec.topbar, "topbar")
        + f'<div class="dateline">{_e(page.date)}</div>'
        + f'<div class="logo"><a href="/">{_e(spec.name)}</a></div>'
        + box("nav", "menu", _links(spec.menu)),
    )
    sidebar = box(
        "aside",
        "rail",
        f"<h3>{_e(spec.sidebar_title)}</h3>{_links(page.sidebar)}"
        f'<div class="ad">{_e(page.ad)}</div>' + box("section", "signup", newsletter),
    )
    footer = box(
        "footer",
        "site-foot",
        f"<p>{_e(spec.footer_about)}</p>{_links(spec.footer_links)}<p>{_e(spec.copyright)}</p>",
    )
    if semantic:
        main = (
            f'<main><article><div class="crumbs"><a href="/">{_e(page.section)}</a></div>'
            f'<h1>{_e(page.title)}</h1><div class="byline">By the {_e(spec.name)} staff · '
            f'<time datetime="{page.date}">{page.date}</time></div>'
            f'<div class="entry-content">{article}</div></article>'
            f'<section class="more">{related}</section></main>'
        )
    else:
        main = (
            f'<div class="c-{page.number % 3}a"><div class="c-crumb">{_e(page.section)}</div>'
            f'<div class="c-h"><h1>{_e(page.title)}</h1></div>'
            f'<div class="c-body">{article}</div>'
            f'<div class="c-more">{related}</div></div>'
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(page.title)} | {_e(spec.name)}</title>"
        f'<link rel="canonical" href="{_e(page.url)}">'
        f'<meta property="og:site_name" content="{_e(spec.name)}">'
        f'</head><body>\n{header}\n<div class="wrap">{main}\n{sidebar}</div>\n{footer}\n'
        "</body></html>\n"
    )


# --- text (scraped, inscriptis-like) ------------------------------------------------------------


def render_text(spec: SiteSpec, page: Page) -> str:
    plain = spec.text_style == "plain"
    ind = "" if plain else "  "
    bullet = "" if plain else "* "

    def items(values: tuple[str, ...] | list[str], depth: int = 1) -> list[str]:
        return [ind * depth + bullet + v for v in values]

    chrome = {
        "ad": ["", ind + page.ad, ""],
        "promo": ["", ind + spec.promo[0], ind + spec.promo[1], *items(spec.promo[2:]), ""],
        "newsletter": ["", *(ind + t for t in spec.newsletter), ""],
        "recommended": ["", ind + spec.sidebar_title, *items(page.sidebar), ""],
    }
    lines: list[str] = []
    lines += items(spec.topbar, 2)
    lines += [ind * 2 + page.date, ind + spec.name]
    lines += items(spec.menu, 2)
    lines += ["", ind + page.section, "", page.title, ""]
    lines.append(f"By the {spec.name} staff · {page.date}")
    lines.append("")
    for kind, text in body_items(spec, page):
        lines += [text] if kind in ("p", "h2") else chrome[kind]
    lines += ["", ind + f"More from {spec.name}", *items(page.related)]
    lines += ["", ind + spec.sidebar_title, *items(page.sidebar)]
    lines += [ind + page.ad, "", *(ind + t for t in spec.newsletter), ""]
    lines += [ind + spec.footer_about, *items(spec.footer_links, 2), ind + spec.copyright]
    return "\n".join(lines) + "\n"


# --- building -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltPage:
    host: str
    url: str
    html_path: Path
    text_path: Path
    gold_path: Path
    quoted_from: str  # url of the page it quotes, or ""

    def html(self) -> str:
        return self.html_path.read_text(encoding="utf-8")

    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")

    def gold(self) -> str:
        return self.gold_path.read_text(encoding="utf-8")


def build_sites(
    out: Path, pages_per_site: int = PAGES_PER_SITE, seed: int = SEED
) -> list[BuiltPage]:
    """Write every site's pages under `out` and return them (with a manifest.jsonl)."""
    out.mkdir(parents=True, exist_ok=True)
    built: list[BuiltPage] = []
    for i, spec in enumerate(SITES):
        rng = random.Random(seed * 31 + i)
        pages = make_pages(spec, pages_per_site, rng)
        site_dir = out / spec.host
        site_dir.mkdir(exist_ok=True)
        for page in pages:
            stem = site_dir / f"{page.number:02d}"
            paths = [stem.with_suffix(s) for s in (".html", ".txt", ".gold.txt")]
            paths[0].write_text(render_html(spec, page), encoding="utf-8")
            paths[1].write_text(render_text(spec, page), encoding="utf-8")
            paths[2].write_text(page.gold + "\n", encoding="utf-8")
            quoted = pages[page.quoted_from].url if page.quoted_from is not None else ""
            html_path, text_path, gold_path = paths
            built.append(BuiltPage(spec.host, page.url, html_path, text_path, gold_path, quoted))
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as f:
        for b in built:
            row = {
                "host": b.host,
                "url": b.url,
                "html": str(b.html_path.relative_to(out)),
                "text": str(b.text_path.relative_to(out)),
                "gold": str(b.gold_path.relative_to(out)),
                "quoted_from": b.quoted_from,
            }
            f.write(json.dumps(row) + "\n")
    return built


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("-o", "--output", type=Path, required=True, help="directory to write into")
    p.add_argument("--pages", type=int, default=PAGES_PER_SITE, help="pages per site")
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    built = build_sites(args.output, args.pages, args.seed)
    print(f"{len(built)} pages of {len(SITES)} sites written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
