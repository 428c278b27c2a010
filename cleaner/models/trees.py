"""Gradient-boosted trees, evaluated with NumPy: the shipped models' runtime.

Models are trained with LightGBM (bench/train_*.py) and shipped as JSON: a
few hundred small trees in flat arrays. Evaluating them here keeps LightGBM
(and SciPy, which it needs) out of the install, and makes the output the same
on every machine: plain float64 comparisons, summed in a fixed order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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

    def raw(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Summed leaf values: (rows,) for one output, (rows, classes) for several."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != len(self.features):
            raise ValueError(f"expected rows of {len(self.features)} features, got {x.shape}")
        n_trees = self.feature.shape[0]
        rows = np.arange(x.shape[0])[None, :]
        trees = np.arange(n_trees)[:, None]
        node = np.zeros((n_trees, x.shape[0]), dtype=np.int64)
        for _ in range(self.depth):
            feat = self.feature[trees, node]
            leaf = feat < 0
            go_left = x[rows, np.where(leaf, 0, feat)] <= self.threshold[trees, node]
            step = np.where(go_left, self.left[trees, node], self.right[trees, node])
            node = np.where(leaf, node, step)
        leaves = self.value[trees, node]
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

        def walk(node: dict[str, Any], level: int, nodes: list[dict[str, Any]] = nodes) -> int:
            nonlocal depth
            index = len(nodes)
            nodes.append({})
            if "leaf_value" in node or "split_feature" not in node:
                depth = max(depth, level)
                nodes[index] = {"f": -1, "t": 0.0, "l": index, "r": index,
                                "v": float(node.get("leaf_value", 0.0))}
                return index
            if node.get("decision_type", "<=") != "<=":
                raise ValueError("only numerical <= splits are supported")
            left = walk(node["left_child"], level + 1, nodes)
            right = walk(node["right_child"], level + 1, nodes)
            nodes[index] = {"f": int(node["split_feature"]), "t": float(node["threshold"]),
                            "l": left, "r": right, "v": 0.0}
            return index

        walk(info["tree_structure"], 0)
        trees.append({
            "feature": [n["f"] for n in nodes],
            "threshold": [n["t"] for n in nodes],
            "left": [n["l"] for n in nodes],
            "right": [n["r"] for n in nodes],
            "value": [round(n["v"], 7) for n in nodes],
        })
    return {
        "format": FORMAT,
        "objective": objective,
        "features": features,
        "classes": classes or [],
        "depth": depth,
        "trees": trees,
        "meta": meta or {},
    }
