"""Worker-side helpers for the batch tests; importable by worker processes."""

from __future__ import annotations

import os
import time
from typing import Any

from cleaner.config import Config
from cleaner.core import Cleaner


class MisbehavingCleaner:
    """A real Cleaner, except on inputs that ask it to hang (in C code) or crash."""

    def __init__(self, config: Config) -> None:
        self.inner = Cleaner(config)

    def clean(self, data: Any, **kwargs: Any) -> Any:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        if "HANG-IN-C" in text:
            time.sleep(3600)  # time.sleep is C code: no Python-level check can stop it
        if "CRASH-WORKER" in text:
            os._exit(3)
        return self.inner.clean(data, **kwargs)


def misbehaving_factory(config: Config) -> MisbehavingCleaner:
    return MisbehavingCleaner(config)


def broken_factory(config: Config) -> Any:
    raise ValueError("this factory cannot build a cleaner")
