"""Hostile input: clean() never crashes, never hangs, never reaches outside.

Every bad input of tests/hostile/corpus.py is run here with its expected
behaviour asserted: a result with the right text, or one named CleanerError
whose message says what was wrong, within a wall-clock bound.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import cleaner
from cleaner import CleanerError, CleanerTimeoutError, Config, UnreadableInputError, clean
from cleaner.core import Cleaner
from cleaner.document import Document
from tests.hostile import corpus
from tests.hostile.corpus import CASES, PROSE, SECRET, TIMED, Case

_alarm = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX setitimer")


def _run(case: Case) -> tuple[Any, float]:
    """(result or CleanerError, seconds taken). Any other exception fails the test."""
    kwargs = dict(case.kwargs)
    if "config" in kwargs:
        kwargs["config"] = Config(**kwargs["config"])
    data = case.build()
    started = time.monotonic()
    try:
        outcome: Any = clean(data, **kwargs)
    except CleanerError as exc:
        outcome = exc
    return outcome, time.monotonic() - started


def _check_result_is_writable(result: cleaner.Result) -> None:
    # Output must be writable as UTF-8 (no lone surrogates) and free of controls.
    for fmt in ("text", "markdown", "json"):
        result.render(fmt).encode("utf-8")
    assert not any(ch < " " and ch not in "\t\n" for ch in result.text + result.title)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case) -> None:
    outcome, seconds = _run(case)
    assert seconds < case.seconds, f"{case.name} took {seconds:.1f} s: {case.expect}"
    if case.error:
        assert isinstance(outcome, CleanerError), f"{case.name}: expected {case.expect}"
        assert type(outcome).__name__ == case.error or isinstance(
            outcome, getattr(cleaner, case.error)
        ), f"{case.name}: got {type(outcome).__name__}: {outcome}"
        assert case.message.lower() in str(outcome).lower(), str(outcome)
        return
    assert not isinstance(outcome, CleanerError), f"{case.name}: {outcome!r}; {case.expect}"
    _check_result_is_writable(outcome)
    for text in case.contains:
        assert text in outcome.text, f"{case.name}: {text!r} missing; {case.expect}"
    for text in case.absent:
        assert text not in outcome.text, f"{case.name}: {text!r} present; {case.expect}"
    if case.empty_reason is not None:
        assert outcome.empty and outcome.empty_code == case.empty_reason, case.expect


@_alarm
@pytest.mark.parametrize("case", TIMED, ids=[c.name for c in TIMED])
def test_limits_hold(case: Case) -> None:
    outcome, seconds = _run(case)
    assert seconds < case.seconds, f"{case.name} took {seconds:.1f} s"
    if isinstance(outcome, CleanerError):
        assert isinstance(outcome, CleanerTimeoutError), f"{case.name}: {outcome!r}"
        assert "timeout" in str(outcome)
    else:
        _check_result_is_writable(outcome)


def test_unknown_input_format_is_a_cleaner_error() -> None:
    with pytest.raises(CleanerError, match="unknown input format"):
        clean("<p>x</p>", input_format="pdf")


def test_error_family_carries_exit_codes() -> None:
    codes = {cls.__name__: cls.exit_code for cls in _subclasses(CleanerError)}
    assert codes["UnreadableInputError"] == 4
    assert codes["InputTooLargeError"] == 4
    assert codes["CleanerTimeoutError"] == 6
    assert codes["ExtractionError"] == 1
    for name in codes:
        assert name in dir(cleaner) or name in ("WorkerCrashedError",), name


def _subclasses(cls: type[CleanerError]) -> list[type[CleanerError]]:
    out: list[type[CleanerError]] = [cls]
    for sub in cls.__subclasses__():
        out.extend(_subclasses(sub))
    return out


# --- nothing reaches outside ------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (and refuse) every attempt to open a connection or resolve a name."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[:2]}")
            raise OSError(f"network access attempted in a test: {name}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def test_xxe_reads_no_local_file_and_no_network(tmp_path: Path, no_network: list[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    for file_url in (secret.as_uri(), "file:///etc/passwd"):
        data = corpus.xxe(file_url)
        for kwargs in ({}, {"input_format": "html"}, {"input_format": "text"}):
            result = clean(data, **kwargs)  # type: ignore[arg-type]
            text = result.text + result.title
            assert SECRET not in text
            assert "root:x:0:0" not in text
            assert "two thousand" in text
    assert no_network == []


def test_xml_page_with_entities_stays_offline(no_network: list[str]) -> None:
    data = (
        '<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:9/rss.dtd">'
        f"<rss><channel><item><description>{PROSE}</description></item></channel></rss>"
    )
    with contextlib.suppress(CleanerError):
        clean(data)
    assert no_network == []


def test_cli_output_names_cannot_escape(tmp_path: Path) -> None:
    from cleaner.cli import _output_path

    used: set[str] = set()
    for name in ("../../etc/passwd", "/etc/passwd", "..", "a/../../b.html", "-", "....//x"):
        path = _output_path(tmp_path, name, "text", used)
        assert path.resolve().parent == tmp_path.resolve(), (name, path)


def test_batch_output_names_cannot_escape(tmp_path: Path) -> None:
    batch = pytest.importorskip("cleaner.batch")
    used: set[str] = set()
    names = (
        "../../etc/passwd",
        "https://example.com/../../../etc/passwd",
        "/abs/path",
        "..",
        ".",
        "",
        "....//....//x",
        "%2e%2e%2f%2e%2e%2fx",
        "a\\..\\..\\b",
        "con\x00tains nul",
        "x" * 5000,
        "\u202e\u2028/..",
    )
    for name in names:
        path = batch.output_path(tmp_path, name, ".txt", used)
        assert path.resolve().parent == tmp_path.resolve(), (name, path)
        assert ".." not in path.name and "/" not in path.name
        assert len(path.name) < 200


# --- the per-document time limit holds inside one step ------------------------


class _Sleeper:
    """A chain step that sleeps: stands for a parser or extractor that runs long."""

    name = "sleeper"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self, doc: Document) -> Document:
        time.sleep(self.seconds)
        return doc


def _slow_cleaner(timeout: float, sleep: float) -> Cleaner:
    c = Cleaner(Config(timeout=timeout))
    c.chain.filters.insert(0, _Sleeper(sleep))  # type: ignore[arg-type]
    return c


@_alarm
def test_timeout_interrupts_a_long_step_in_the_main_thread() -> None:
    before = signal.getsignal(signal.SIGALRM)
    c = _slow_cleaner(timeout=0.3, sleep=10)
    started = time.monotonic()
    with pytest.raises(CleanerTimeoutError, match="time limit"):
        c.clean(corpus.article(), input_format="html")
    assert time.monotonic() - started < 3
    # The caller's handler is back and no timer is left running.
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    # The cleaner still works afterwards.
    assert "two thousand" in clean(corpus.article()).text


@_alarm
def test_a_deadline_shorter_than_arming_the_alarm_still_gives_a_timeout_error() -> None:
    """The alarm can fire before the work starts; it must not escape as anything but
    CleanerTimeoutError, nor leave the interval timer running."""
    before = signal.getsignal(signal.SIGALRM)
    c = Cleaner(Config(timeout=1e-9))
    for _ in range(20):
        with pytest.raises(CleanerTimeoutError):
            c.clean(corpus.article(), input_format="html")
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is before


def test_timeout_falls_back_to_between_filters_in_a_thread() -> None:
    c = _slow_cleaner(timeout=0.2, sleep=0.6)
    outcome: list[Any] = []

    def work() -> None:
        try:
            outcome.append(c.clean(corpus.article(), input_format="html"))
        except CleanerError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert len(outcome) == 1
    assert isinstance(outcome[0], CleanerTimeoutError)


@_alarm
def test_timeout_leaves_an_outer_timer_alone() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 60)
        with pytest.raises(CleanerTimeoutError):
            _slow_cleaner(timeout=0.1, sleep=0.3).clean(corpus.article(), input_format="html")
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 50 < remaining <= 60  # still the caller's timer, untouched
        assert signal.getsignal(signal.SIGALRM) is not None
        assert fired == []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_no_timeout_means_no_alarm() -> None:
    result = _slow_cleaner(timeout=0, sleep=0.05).clean(corpus.article(), input_format="html")
    assert "two thousand" in result.text


# --- crashes found by fuzzing (fuzz/fuzz_clean.py) and property tests --------

# Each entry: input bytes, then what clean() must do with them.
FUZZ_REGRESSIONS: list[tuple[bytes, str]] = [
    # Lone surrogate in a str stopped lxml's parse: the page was cut at it.
    ("<p>coun\ud800cil and the rest</p>".encode("utf-8", "surrogatepass"), "result"),
    # A NUL inside a declared charset name reached codecs.lookup (ValueError).
    (b'<meta charset="utf\x00-8"><p>caf\xe9 and more words</p>', "result"),
    # Found by test_properties: a form feed in the tail of a container that
    # dom_boilerplate cut made lxml's drop_tree raise ValueError.
    (
        b"<html><body><p>" + corpus.PROSE.encode() + b"</p><nav>menu</nav>\x0c more text"
        b"<p>" + corpus.PROSE_2.encode() + b"</p></body></html>",
        "result",
    ),
    # Found by test_properties: the same through a skipped element's tail.
    (b"<html><head></head><body>the<script></script>\x0c</body></html>", "result"),
]


@pytest.mark.parametrize("data, expected", FUZZ_REGRESSIONS)
def test_fuzz_regressions(data: bytes, expected: str) -> None:
    for fmt in ("auto", "html", "text"):
        try:
            result = clean(data, input_format=fmt)
        except UnreadableInputError:
            assert expected != "result" or fmt == "auto"
            continue
        except CleanerError as exc:
            pytest.fail(f"{type(exc).__name__}: {exc}")
        _check_result_is_writable(result)


def test_lone_surrogate_str_keeps_text_after_it() -> None:
    result = clean(f"<html><body><p>coun\ud800cil {PROSE}</p></body></html>")
    assert "coun\ufffdcil" in result.text and "two thousand" in result.text
