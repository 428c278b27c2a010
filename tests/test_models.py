"""The tree-ensemble runtime (cleaner/models) and the shipped models' contract."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cleaner.errors import ConfigError
from cleaner.models import load_model
from cleaner.models.trees import FORMAT, TreeModel, from_lightgbm

# A LightGBM-style dump with one binary tree: x0 <= 1.5 ? (x1 <= 0 ? -1 : 0.5) : 2.
DUMP = {
    "objective": "binary sigmoid:1",
    "tree_info": [
        {
            "tree_structure": {
                "split_feature": 0,
                "threshold": 1.5,
                "decision_type": "<=",
                "left_child": {
                    "split_feature": 1,
                    "threshold": 0.0,
                    "decision_type": "<=",
                    "left_child": {"leaf_value": -1.0},
                    "right_child": {"leaf_value": 0.5},
                },
                "right_child": {"leaf_value": 2.0},
            }
        }
    ],
}


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_binary_tree_follows_its_splits(tmp_path: Path) -> None:
    model = TreeModel.load(_write(tmp_path, from_lightgbm(DUMP, ["a", "b"])))
    x = np.array([[1.0, -1.0], [1.0, 3.0], [1.5, 0.0], [9.0, -5.0]])
    assert model.raw(x).tolist() == [-1.0, 0.5, -1.0, 2.0]
    assert model.predict(x)[3] == pytest.approx(1 / (1 + np.exp(-2.0)))


def test_multiclass_sums_trees_per_class(tmp_path: Path) -> None:
    leaf = lambda v: {"tree_structure": {"leaf_value": v}}  # noqa: E731
    dump = {
        "objective": "multiclass num_class:2",
        "tree_info": [leaf(1.0), leaf(0.0), leaf(1.0), leaf(0.0)],
    }
    model = TreeModel.load(_write(tmp_path, from_lightgbm(dump, ["a"], ["x", "y"])))
    probs = model.predict(np.zeros((1, 1)))
    assert probs[0] == pytest.approx([np.exp(2) / (np.exp(2) + 1), 1 / (np.exp(2) + 1)])


def test_wrong_width_is_refused(tmp_path: Path) -> None:
    model = TreeModel.load(_write(tmp_path, from_lightgbm(DUMP, ["a", "b"])))
    with pytest.raises(ValueError, match="2 features"):
        model.raw(np.zeros((1, 3)))


def test_other_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=FORMAT):
        TreeModel.load(_write(tmp_path, {"format": "something else"}))


def test_categorical_splits_are_refused() -> None:
    dump = json.loads(json.dumps(DUMP))
    dump["tree_info"][0]["tree_structure"]["decision_type"] = "=="
    with pytest.raises(ValueError, match="numerical"):
        from_lightgbm(dump, ["a", "b"])


def test_load_model_checks_feature_names(tmp_path: Path) -> None:
    path = _write(tmp_path, from_lightgbm(DUMP, ["a", "b"]))
    assert load_model(path, ["a", "b"]).features == ("a", "b")
    with pytest.raises(ConfigError, match="retrain"):
        load_model(path, ["a", "c"])
    with pytest.raises(ConfigError, match="cannot load"):
        load_model(tmp_path / "missing.json", ["a"])
