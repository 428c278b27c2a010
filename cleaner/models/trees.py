"""Gradient-boosted trees, evaluated with NumPy: the shipped models' runtime.

Models are trained with LightGBM (bench/train_*.py) and shipped as JSON: a
few hundred small trees in flat arrays. Evaluating them here keeps LightGBM
(and SciPy, which it needs) out of the install, and makes the output the same
on every machine: plain float64 comparisons, summed in a fixed order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

FORMAT = "cleaner-trees/1"


@dataclass(frozen=True)
class TreeModel:
    """A boosted tree ensemble: binary (one score) or multiclass (softmax)."""

    features: tuple[str, ...]
    classes: tuple[str, ...]  # empty for a binary or regression model
    objective: str  # "binary", "multiclass" or "regression"
    feature: NDArray[np.int64]  # (trees, nodes): split feature, -1 at a leaf
    threshold: NDArray[np.float64]  # (trees, nodes): go left if x <= threshold
    left: NDArray[np.int64]
    right: NDArray[np.int64]
    value: NDArray[np.float64]  # (trees, nodes): leaf value
    depth: int
    meta: dict[str, Any]

    @classmethod
    def load(cls, path: str | Path) -> TreeModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} model file")
        trees = data["trees"]
        width = max(len(t["feature"]) for t in trees)
        shape = (len(trees), width)
        feature = np.full(shape, -1, dtype=np.int64)
        threshold = np.zeros(shape)
        left = np.zeros(shape, dtype=np.int64)
        right = np.zeros(shape, dtype=np.int64)
        value = np.zeros(shape)
        for i, t in enumerate(trees):
            n = len(t["feature"])
            feature[i, :n] = t["feature"]
            threshold[i, :n] = t["threshold"]
            left[i, :n] = t["left"]
            right[i, :n] = t["right"]
            value[i, :n] = t["value"]
        return cls(
            features=tuple(data["features"]),
            classes=tuple(data.get("classes", ())),
            objective=data["objective"],
            feature=feature,
            threshold=threshold,
            left=left,
            right=right,
            value=value,
            depth=int(data["depth"]),
            meta=data.get("meta", {}),
        )

    @cached_property
    def _flat(self) -> tuple[NDArray[Any], ...]:
        """The trees as flat arrays for raw(): a leaf points to itself and its threshold is
        +inf, so walking on from a leaf stays there with no test for leaves; a node's two
        children sit side by side (left at 2 * node, right at 2 * node + 1)."""
        n_trees, width = self.feature.shape
        leaf = self.feature < 0
        own = np.broadcast_to(np.arange(width), self.feature.shape)
        offset = np.arange(n_trees, dtype=np.int64) * width
        feature = np.where(leaf, 0, self.feature).ravel()
        threshold = np.where(leaf, np.inf, self.threshold).ravel()
        left = (np.where(leaf, own, self.left) + offset[:, None]).ravel()
        right = (np.where(leaf, own, self.right) + offset[:, None]).ravel()
        children = np.stack([left, right], axis=1).ravel()
        return feature, threshold, children, self.value.ravel(), offset

    def raw(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Summed leaf values: (rows,) for one output, (rows, classes) for several."""
        x = np.ascontiguousarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != len(self.features):
            raise ValueError(f"expected rows of {len(self.features)} features, got {x.shape}")
        feature, threshold, children, value, offset = self._flat
        n_trees = self.feature.shape[0]
        flat = x.ravel()
        row_start = np.arange(x.shape[0], dtype=np.int64)[None, :] * x.shape[1]
        node = np.repeat(offset[:, None], x.shape[0], axis=1)  # (trees, rows), flat node ids
        for _ in range(self.depth):
            go_left = flat.take(feature.take(node) + row_start) <= threshold.take(node)
            node = children.take(2 * node + 1 - go_left)
        leaves = value.take(node)
        k = max(1, len(self.classes)) if self.objective == "multiclass" else 1
        if k == 1:
            return leaves.sum(axis=0)
        # LightGBM interleaves classes: tree i scores class i % k.
        return leaves.reshape(n_trees // k, k, -1).sum(axis=0).T

    def predict(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Probabilities (binary: of the positive class; multiclass: per class),
        or the regression value."""
        raw = self.raw(x)
        if self.objective == "binary":
            return 1.0 / (1.0 + np.exp(-raw))
        if self.objective == "multiclass":
            e = np.exp(raw - raw.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        return raw


def from_lightgbm(
    dump: dict[str, Any],
    features: list[str],
    classes: list[str] | None = None,
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A LightGBM ``Booster.dump_model()`` as this module's JSON structure.

    Only numerical splits with ``<=`` are supported (the training scripts use
    no categorical features and no missing values)."""
    objective = str(dump["objective"]).split()[0]
    objective = {"multiclassova": "multiclass"}.get(objective, objective)
    trees = []
    depth = 0
    for info in dump["tree_info"]:
        nodes: list[dict[str, Any]] = []
        depth = max(depth, _flatten(info["tree_structure"], 0, nodes))
        trees.append(
            {
                "feature": [n["f"] for n in nodes],
                "threshold": [n["t"] for n in nodes],
                "left": [n["l"] for n in nodes],
                "right": [n["r"] for n in nodes],
                "value": [round(n["v"], 7) for n in nodes],
            }
        )
    return {
        "format": FORMAT,
        "objective": objective,
        "features": features,
        "classes": classes or [],
        "depth": depth,
        "trees": trees,
        "meta": meta or {},
    }


def _flatten(node: dict[str, Any], level: int, nodes: list[dict[str, Any]]) -> int:
    """Append a dumped (sub)tree to `nodes` in preorder; returns its depth."""
    index = len(nodes)
    nodes.append({})
    if "leaf_value" in node or "split_feature" not in node:
        value = float(node.get("leaf_value", 0.0))
        nodes[index] = {"f": -1, "t": 0.0, "l": index, "r": index, "v": value}
        return level
    if node.get("decision_type", "<=") != "<=":
        raise ValueError("only numerical <= splits are supported")
    left = len(nodes)
    depth = _flatten(node["left_child"], level + 1, nodes)
    right = len(nodes)
    depth = max(depth, _flatten(node["right_child"], level + 1, nodes))
    nodes[index] = {
        "f": int(node["split_feature"]),
        "t": float(node["threshold"]),
        "l": left,
        "r": right,
        "v": 0.0,
    }
    return depth
