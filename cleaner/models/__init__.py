"""The shipped models (JSON tree ensembles) and their loader.

Each model file names the features it was trained on; loading it against a
different list (the feature code changed, the model was not retrained) is an
error, never a silent misreading of columns.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from cleaner.errors import ConfigError
from cleaner.models.trees import TreeModel


@lru_cache(maxsize=16)
def _load(path: str) -> TreeModel:
    return TreeModel.load(path)


def load_model(path: str | Path, features: list[str]) -> TreeModel:
    """A model file, checked against the feature names the code computes."""
    try:
        model = _load(str(path))
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"cannot load model {path}: {exc}; retrain it (bench/README.md)") from exc
    if list(model.features) != features:
        raise ConfigError(
            f"model {path} was trained on other features than this code computes; "
            "retrain it with bench/train_html.py"
        )
    return model
