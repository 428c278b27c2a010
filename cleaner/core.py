"""The cleaning entry points: `Cleaner` (reusable) and `clean()` (one call)."""

from __future__ import annotations

import signal
import threading
import time
from functools import lru_cache
from types import FrameType
from typing import Any

from cleaner.chain import Chain, build_chain
from cleaner.config import Config
from cleaner.errors import (
    CleanerError,
    CleanerTimeoutError,
    ExtractionError,
    InputTooLargeError,
    UnreadableInputError,
)
from cleaner.readers import read
from cleaner.result import Result


class _Expired(BaseException):
    """Raised by the SIGALRM handler. A BaseException, so that third-party code
    catching `Exception` (trafilatura does) cannot swallow it; `Cleaner.clean`
    turns it into CleanerTimeoutError."""


# After the first alarm, fire again this often until the work stops, in case
# the first one was swallowed anyway (by a bare `except:`).
_REFIRE_SECONDS = 0.1


class _Alarm:
    """A SIGALRM interval timer that interrupts one `clean()` call at its deadline."""

    def __init__(self) -> None:
        self.active = False
        self.armed = False
        self.previous: Any = None

    @staticmethod
    def usable() -> bool:
        """Signals work only in the main thread of the main interpreter, on
        platforms with setitimer, and are left alone if a timer is already
        running (someone else's timeout owns SIGALRM then)."""
        if not hasattr(signal, "setitimer"):
            return False
        if threading.current_thread() is not threading.main_thread():
            return False
        return signal.getitimer(signal.ITIMER_REAL)[0] == 0

    def _fire(self, signum: int, frame: FrameType | None) -> None:
        if self.active:
            raise _Expired

    def arm(self, seconds: float) -> None:
        """Start the timer. A deadline shorter than this call can fire inside it, so
        `armed` is set first: the caller's `finally` then always disarms."""
        try:
            self.previous = signal.signal(signal.SIGALRM, self._fire)
        except (ValueError, OSError):  # not the main interpreter
            return
        self.active = self.armed = True
        signal.setitimer(signal.ITIMER_REAL, seconds, _REFIRE_SECONDS)

    def disarm(self) -> None:
        self.active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        previous = self.previous if self.previous is not None else signal.SIG_DFL
        signal.signal(signal.SIGALRM, previous)


class Cleaner:
    """A configured filter chain, built once and reused for many inputs."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.chain: Chain = build_chain(self.config)

    def clean(
        self,
        data: str | bytes,
        *,
        input_format: str = "auto",
        url: str = "",
        charset: str | None = None,
    ) -> Result:
        """Clean one page or scraped text. Raises only CleanerError subclasses.

        Limits: inputs over ``config.max_bytes`` raise InputTooLargeError
        before any work (a str counts two bytes a character). ``config.timeout``
        seconds bound the whole call: in the main thread of the main
        interpreter (on POSIX) a SIGALRM interval timer interrupts whatever
        runs at the deadline, parser or extractor included, and the call raises
        CleanerTimeoutError; a step inside one C call (lxml parsing a large
        page) is interrupted as soon as that call returns. The caller's SIGALRM
        handler is restored afterwards, and if an ITIMER_REAL timer is already
        running the alarm is not used. Elsewhere (other threads, Windows) the
        deadline is checked between filters only, so one slow step can overrun it.
        """
        if input_format not in ("auto", "html", "text"):
            raise CleanerError(
                f"unknown input format {input_format!r}; use 'auto', 'html' or 'text'"
            )
        if not isinstance(data, (str, bytes)):
            raise UnreadableInputError(
                f"expected str or bytes, got {type(data).__name__}; decode or read the input first"
            )
        limit = self.config.max_bytes
        size = input_size(data, limit)
        if limit and size > limit:
            raise InputTooLargeError(
                f"input is {size:,} bytes, over the {limit:,}-byte limit; "
                "raise max_bytes in the config to allow it"
            )
        timeout = self.config.timeout
        deadline = time.monotonic() + timeout if timeout else None
        alarm = _Alarm() if timeout and _Alarm.usable() else None
        try:
            try:
                if alarm is not None:
                    alarm.arm(timeout)
                return self._clean(data, input_format, url, charset, deadline)
            finally:
                if alarm is not None:
                    alarm.active = False
        except _Expired:
            # The alarm fired in the work, or just before it was disarmed.
            if alarm is not None:
                alarm.active = False
            raise CleanerTimeoutError(
                f"time limit of {timeout:g} s exceeded; raise `timeout` in the config to allow more"
            ) from None
        finally:
            if alarm is not None and alarm.armed:
                alarm.disarm()

    def _clean(
        self,
        data: str | bytes,
        input_format: str,
        url: str,
        charset: str | None,
        deadline: float | None,
    ) -> Result:
        try:
            doc = read(data, input_format, url=url, declared_charset=charset)
            doc, stats = self.chain.run(doc, deadline)
        except CleanerError:
            raise
        except RecursionError as exc:
            raise UnreadableInputError("input is nested too deeply to process") from exc
        except MemoryError as exc:
            raise InputTooLargeError("input needs more memory than is available") from exc
        except Exception as exc:
            raise ExtractionError(
                f"cleaning failed unexpectedly ({type(exc).__name__}: {exc}); "
                "please report this input"
            ) from exc
        return Result.from_document(doc, stats)


def input_size(data: str | bytes, limit: int) -> int:
    """The input's size in bytes as `max_bytes` counts it (UTF-8 for text);
    exact only where it matters against `limit` (a character takes at most
    four bytes, so a short text is not encoded at all)."""
    if isinstance(data, bytes) or not limit or len(data) * 4 <= limit:
        return len(data)
    return len(data.encode("utf-8", "surrogatepass"))


@lru_cache(maxsize=1)
def _default() -> Cleaner:
    return Cleaner()


def clean(
    data: str | bytes,
    *,
    input_format: str = "auto",
    url: str = "",
    charset: str | None = None,
    config: Config | None = None,
) -> Result:
    """Clean one page (HTML, any encoding) or scraped text into article text."""
    cleaner = Cleaner(config) if config is not None else _default()
    return cleaner.clean(data, input_format=input_format, url=url, charset=charset)
