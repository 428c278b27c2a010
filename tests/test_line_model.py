"""Text mode's learned line classifier: the filter, its features and the model files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cleaner import Config, clean
from cleaner.document import PAGE_TYPES
from cleaner.errors import ConfigError
from cleaner.features import text as feats
from cleaner.filters.line_model import (
    CONFIDENCE_MODEL,
    CONTEXT_MODEL,
    LINE_MODEL,
    PAGE_TYPE_MODEL,
    LineModel,
)
from cleaner.models.trees import TreeModel
from cleaner.readers.text import read_text
from tests.helpers import PROSE

MENU = ["Home", "News", "Sport", "Business", "Culture", "Travel", "Login", "Subscribe"]
ARTICLE = [
    PROSE,
    "Officials said the change would cost less than expected because volunteers had offered "
    "to staff the reading rooms on weekday evenings until the end of March.",
    "The library will publish the new timetable on its notice board next week, and the "
    "council expects to review the arrangement again in the spring.",
]
FOOTER = ["About us", "Contact", "Privacy policy", "Terms of use", "© 2025 Example Media"]


def _page() -> str:
    return "\n".join([*MENU, "Library hours extended for winter", *ARTICLE, *FOOTER])


def test_model_files_match_the_features() -> None:
    for path, names in (
        (LINE_MODEL, feats.LINE),
        (CONTEXT_MODEL, feats.CONTEXT),
        (PAGE_TYPE_MODEL, feats.PAGE),
        (CONFIDENCE_MODEL, feats.CONFIDENCE),
    ):
        model = TreeModel.load(path)
        assert model.features == names, path.name
        assert path.stat().st_size < 4_000_000, f"{path.name} is too large to ship"
    assert set(TreeModel.load(PAGE_TYPE_MODEL).classes) == set(PAGE_TYPES)


def test_menu_and_footer_go_with_reasons_article_stays() -> None:
    result = clean(_page(), input_format="text")
    for line in ARTICLE:
        assert line in result.text
    for junk in ("Subscribe", "Privacy policy", "© 2025"):
        assert junk not in result.text
    entries = [e for e in result.explain() if e["filter"] == "line_model"]
    assert entries and all(e["reason"] for e in entries)
    assert result.page_type in PAGE_TYPES
    assert result.confidence is not None and 0.0 <= result.confidence <= 1.0
    data = result.to_dict()
    assert data["page_type"] == result.page_type and data["confidence"] == result.confidence


def test_features_have_one_row_per_line_and_named_columns() -> None:
    doc = read_text(_page())
    lines, base = feats.base_matrix(doc)
    assert base.shape == (len(lines), len(feats.BASE))
    page = feats.page_features(base)
    x = feats.line_matrix(base, page, np.full(len(PAGE_TYPES), 1 / len(PAGE_TYPES)))
    assert x.shape == (len(lines), len(feats.LINE))
    x2 = feats.context_matrix(x, np.linspace(0, 1, len(lines)), base)
    assert x2.shape == (len(lines), len(feats.CONTEXT))
    assert np.isfinite(x2).all()


def test_one_line_and_odd_texts() -> None:
    for text in ("x", "•", "12345", "a\n\n\nb", "—\n—\n—", PROSE):
        result = clean(text, input_format="text")
        assert result.page_type in PAGE_TYPES or result.empty


def test_filter_is_deterministic_and_idempotent() -> None:
    doc = read_text(_page())
    step = LineModel()
    once = step(doc)
    assert step(once).blocks == once.blocks
    assert LineModel()(doc).blocks == once.blocks


def test_model_path_option(tmp_path: Path) -> None:
    bad = tmp_path / "lines.json"
    bad.write_text(json.dumps({"format": "other"}), encoding="utf-8")
    config = Config(filter_options={"line_model": {"model": str(bad)}})
    from cleaner import Cleaner

    with pytest.raises(ConfigError, match="cannot load"):
        Cleaner(config).clean(_page(), input_format="text")


def test_empty_text_is_an_empty_result_with_its_reason() -> None:
    for text in ("", "   \n\t ", b""):
        result = clean(text, input_format="text")
        assert result.empty and result.empty_code == "empty_input"
        assert result.to_dict()["empty_reason"] == "empty_input"


def test_pages_typed_article_take_their_own_cut() -> None:
    step = LineModel(threshold=0.45, article_threshold=0.6)
    article = np.zeros(len(PAGE_TYPES))
    article[PAGE_TYPES.index("article")] = 0.9
    forum = np.zeros(len(PAGE_TYPES))
    forum[PAGE_TYPES.index("forum")] = 0.9
    probs = np.array([0.5, 0.7, 0.2])
    alive = np.ones(3, dtype=bool)
    assert step.decide(probs, alive, cut=step._cut(article)).tolist() == [False, True, False]
    assert step.decide(probs, alive, cut=step._cut(forum)).tolist() == [True, True, False]
