"""Filters that drop whole lines matching a phrase table (patterns/*.toml).

Each filter is a named table lookup: the groups it consults are its data,
and the matching group's name is the reason code it records.
"""

from __future__ import annotations

from typing import ClassVar

from cleaner.document import Block, Document
from cleaner.filters.base import BlockFilter, Drop, Verdict


class PhraseFilter(BlockFilter):
    """Drop blocks that a group of this filter's phrase table matches whole."""

    groups: ClassVar[tuple[str, ...]]

    def judge(self, block: Block, doc: Document) -> Verdict:
        # Most lines are none of the phrase filters': one cached test for all of them.
        if not self.patterns.screened(SCREENED, block.text):
            return None
        for group in self.groups:
            if self.patterns.phrases(group).matches(block.text):
                return Drop(group)
        return None


class Promos(PhraseFilter):
    """The site selling its app, AI features or subscription mid-page."""

    name = "promos"
    groups = ("app_promo", "ai_promo", "paywall_promo", "disclosure")


class ReadAlso(PhraseFilter):
    """Inline 'READ ALSO: <other headline>' lines between paragraphs."""

    name = "read_also"
    groups = ("read_also",)


class Placeholders(PhraseFilter):
    """Logo lines, image alt-text placeholders and widget labels."""

    name = "placeholders"
    groups = ("placeholders",)


class PhotoCredits(PhraseFilter):
    """Photo credits and source lines under images."""

    name = "photo_credits"
    groups = ("credits",)


class ShareBars(PhraseFilter):
    """Share buttons and counters."""

    name = "share_bars"
    groups = ("share",)


class Newsletter(PhraseFilter):
    """Newsletter sign-up boxes."""

    name = "newsletter"
    groups = ("newsletter",)


class Cookies(PhraseFilter):
    """Cookie banners and consent dialogs."""

    name = "cookies"
    groups = ("cookies",)


class Copyright(PhraseFilter):
    """Copyright and site-credit lines."""

    name = "copyright"
    groups = ("copyright",)


# The groups of every phrase filter, screened together (see PhraseFilter.judge).
_FILTERS = (Promos, ReadAlso, Placeholders, PhotoCredits, ShareBars, Newsletter, Cookies, Copyright)
SCREENED = tuple(g for cls in _FILTERS for g in cls.groups)
