"""Coverage-guided fuzz target (atheris) for clean() on the HTML and text paths.

Bytes in, clean() out: a result, or a CleanerError, is fine; any other
exception is a crash that atheris reports and saves as crash-<hash>.

    python fuzz/fuzz_clean.py -max_total_time=600 fuzz/corpus   # longer run
    python fuzz/fuzz_clean.py -runs=2000                        # a quick one

The first byte picks the input format (auto, html, text) and whether the
input goes in as bytes or str; the corpus directory, when given, is seeded
with tests/hostile/corpus.py's small bad inputs. See docs/robustness.md.
"""

from __future__ import annotations

import os
import sys

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

with atheris.instrument_imports():
    import cleaner
    from cleaner import CleanerError, Config

FORMATS = ("auto", "html", "text")
# A short limit: a slow input is reported as CleanerTimeoutError, not a hang.
CLEANER = cleaner.Cleaner(Config(timeout=5.0))


def one_input(data: bytes) -> None:
    if not data:
        return
    mode, body = data[0], data[1:]
    fmt = FORMATS[mode % 3]
    payload: str | bytes = body
    if mode & 4:
        payload = body.decode("utf-8", errors="surrogateescape")
    charset = "utf-8" if mode & 8 else None
    try:
        result = CLEANER.clean(payload, input_format=fmt, charset=charset)
    except CleanerError:
        return
    # Whatever comes out must be writable.
    result.render("text").encode("utf-8")
    result.render("json").encode("utf-8")


def seed_corpus(directory: str) -> None:
    """Write the hostile corpus's small inputs into `directory` (once)."""
    from tests.hostile.corpus import seeds

    os.makedirs(directory, exist_ok=True)
    if os.listdir(directory):
        return
    for i, data in enumerate(seeds()):
        for mode in (0, 1, 2):
            with open(os.path.join(directory, f"seed-{i}-{mode}"), "wb") as fh:
                fh.write(bytes([mode]) + data[:100_000])


def main() -> None:
    dirs = [a for a in sys.argv[1:] if not a.startswith("-")]
    if dirs:
        seed_corpus(dirs[0])
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
