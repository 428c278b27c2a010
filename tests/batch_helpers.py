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


class HoardingCleaner:
    """A real Cleaner that keeps 256 MB alive after an input that asks for it."""

    def __init__(self, config: Config) -> None:
        self.inner = Cleaner(config)
        self.hoard: list[bytes] = []

    def clean(self, data: Any, **kwargs: Any) -> Any:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        if "HOARD-MEMORY" in text:
            self.hoard.append(os.urandom(256 * 2**20))
        result = self.inner.clean(data, **kwargs)
        return _WithPid(result)


class _WithPid:
    """A result whose dict says which worker process made it."""

    def __init__(self, result: Any) -> None:
        self.result = result

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        return {**self.result.to_dict(explain=explain), "pid": os.getpid()}


def hoarding_factory(config: Config) -> HoardingCleaner:
    return HoardingCleaner(config)
