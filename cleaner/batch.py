"""Ordered, bounded, parallel cleaning of many records, with nothing lost.

Why not concurrent.futures: a page that hangs inside lxml's C code cannot be
interrupted from Python, and a process pool cannot kill one stuck task. So this
module runs a small pool of worker processes over pipes. Each worker builds ONE
Cleaner when it starts; a worker that goes over the per-record time limit is
killed and replaced, and its record becomes an error record. Records are read
lazily and at most `max_in_flight` are held at once, so memory stays flat
however long the input is; outcomes come back in input order.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol

import cleaner.errors as errors_module
from cleaner.config import Config
from cleaner.core import Cleaner, input_size
from cleaner.errors import (
    CleanerError,
    CleanerTimeoutError,
    InputTooLargeError,
    NoContentError,
    UnreadableInputError,
)
from cleaner.sources import SourceRecord

# Extra seconds a worker gets past the time limit before it is killed, so that the
# cooperative check inside the filter chain can report the timeout first.
KILL_GRACE = 1.0
# Seconds a new worker may take to import and build its Cleaner.
STARTUP_LIMIT = 120.0


class WorkerCrashedError(CleanerError):
    """A worker process died while cleaning a record (a crash in C code, out of memory)."""


class _Cleans(Protocol):
    def clean(
        self, data: str | bytes, *, input_format: str = ..., url: str = ..., charset: Any = ...
    ) -> Any: ...


# Builds the one cleaner a worker uses; must be picklable (a module-level callable).
CleanerFactory = Callable[[Config], _Cleans]


@dataclass
class Outcome:
    """What became of one input record: an output record or an error record."""

    record: dict[str, Any]
    error: bool = False
    empty: bool = False
    exit_code: int = 0


@dataclass
class BatchStats:
    """Counts of a batch run. records == cleaned + empty + errors, always."""

    records: int = 0
    cleaned: int = 0
    empty: int = 0
    errors: int = 0
    seconds: float = 0.0
    exit_codes: set[int] = field(default_factory=set)

    def add(self, outcome: Outcome) -> None:
        self.records += 1
        if outcome.error:
            self.errors += 1
            self.exit_codes.add(outcome.exit_code)
        elif outcome.empty:
            self.empty += 1
        else:
            self.cleaned += 1

    @property
    def exit_code(self) -> int:
        """0 when nothing failed; the failures' exit code if they agree, else 1."""
        if not self.errors:
            return 0
        return next(iter(self.exit_codes)) if len(self.exit_codes) == 1 else 1

    def summary(self) -> str:
        rate = self.records / self.seconds if self.seconds > 0 else 0.0
        return (
            f"{self.records} records: {self.cleaned} cleaned, {self.empty} empty, "
            f"{self.errors} errors in {self.seconds:.1f}s ({rate:.1f} docs/s)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "cleaned": self.cleaned,
            "empty": self.empty,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
        }


def error_record(rec: SourceRecord, type_name: str, message: str) -> dict[str, Any]:
    """The error record format: enough to find the input again and see why it failed."""
    return {
        "id": rec.id,
        "source": rec.source,
        "position": rec.position,
        "error": {"type": type_name, "message": message},
    }


def output_record(rec: SourceRecord, result: dict[str, Any]) -> dict[str, Any]:
    """Passthrough fields of the input plus text, title and metadata.

    A metadata field the page left empty does not overwrite a passthrough field of the
    same name (e.g. the record's own "url").
    """
    out = dict(rec.passthrough)
    for key, value in result.items():
        if value or key not in out or key in ("text", "title"):
            out[key] = value
    return out


def _error_outcome(rec: SourceRecord, type_name: str, message: str, code: int) -> Outcome:
    return Outcome(error_record(rec, type_name, message), error=True, exit_code=code)


def _clean_one(cleaner: _Cleans, task: tuple[Any, ...], explain: bool) -> tuple[Any, ...]:
    """Clean one task in a worker; the reply is (ok, result dict) or (failed, type, message)."""
    _, data, input_format, url, charset = task
    try:
        result = cleaner.clean(data, input_format=input_format, url=url, charset=charset)
        # A custom factory's result may be any object with to_dict().
        if getattr(result, "not_an_article", False):
            # Asked for articles only: a record the pipeline must see as left out.
            return (False, NoContentError.__name__, result.empty_reason(), NoContentError.exit_code)
        return (True, result.to_dict(explain=explain))
    except CleanerError as exc:
        return (False, type(exc).__name__, str(exc), exc.exit_code)
    except Exception as exc:  # a custom factory may raise anything; keep the batch going
        return (False, "ExtractionError", f"{type(exc).__name__}: {exc}", 1)


def _worker_main(conn: Connection, config: Config, factory: CleanerFactory, explain: bool) -> None:
    """Worker process: build one cleaner, then clean tasks from the pipe until told to stop."""
    # Ctrl-C goes to the whole process group; the parent decides, then stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        cleaner = factory(config)
    except Exception as exc:
        code = exc.exit_code if isinstance(exc, CleanerError) else 1
        conn.send(("failed", type(exc).__name__, str(exc), code))
        return
    conn.send(("ready",))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        reply = _clean_one(cleaner, task, explain)
        conn.send((task[0], _rss_mb(), *reply))


def _rss_mb() -> float:
    """This process's resident memory now (Linux), or 0 where unknown."""
    try:
        with open("/proc/self/statm", "rb") as f:
            pages = int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _default_context() -> Any:
    """forkserver where there is one: workers fork from a clean process that has already
    imported cleaner, so replacing a killed worker is fast and no threads are forked."""
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["cleaner.core", "cleaner.batch"])
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    started: float
    ready: bool = False
    seq: int | None = None
    rec: SourceRecord | None = None
    deadline: float = 0.0
    done: int = 0
    rss_mb: float = 0.0


class BatchRunner:
    """Clean records with `jobs` worker processes; yield outcomes in input order.

    jobs=0 cleans in this process (no hard time limit: for debugging and tiny inputs).
    `time_limit` is seconds per record (default: the config's timeout; 0 = none); a worker
    still busy `KILL_GRACE` seconds past it is killed and replaced. `max_in_flight`
    bounds how many records are held at once (default 4 per worker + 4). Workers are
    replaced after `recycle_after` records so that slow leaks in parsers cannot grow, and
    as soon as its resident memory passes `recycle_rss_mb` (0: never).
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        jobs: int = 1,
        time_limit: float | None = None,
        max_in_flight: int | None = None,
        explain: bool = False,
        factory: CleanerFactory = Cleaner,
        recycle_after: int = 2000,
        recycle_rss_mb: float = 1024.0,
        mp_context: Any = None,
    ) -> None:
        self.config = config or Config()
        self.jobs = max(0, jobs)
        self.time_limit = self.config.timeout if time_limit is None else time_limit
        self.max_in_flight = max_in_flight or 4 * max(1, self.jobs) + 4
        self.explain = explain
        self.factory = factory
        self.recycle_after = recycle_after
        # A pathological page can leave a worker holding memory the allocator
        # never returns; such a worker is replaced before its next record.
        self.recycle_rss_mb = recycle_rss_mb
        self.ctx: Any = mp_context or (_default_context() if self.jobs else None)
        self.stats = BatchStats()

    def _precheck(self, rec: SourceRecord) -> Outcome | None:
        """Error outcome for a record that need not reach a worker (unreadable, too big)."""
        if rec.error is not None:
            err = rec.error
            return _error_outcome(rec, type(err).__name__, str(err), err.exit_code)
        data = rec.data
        if isinstance(data, (str, bytes)) and not data.strip():
            # An empty record is an error record in a batch (clean() gives an empty result).
            err = UnreadableInputError("input is empty")
            return _error_outcome(rec, type(err).__name__, str(err), err.exit_code)
        limit = self.config.max_bytes
        size = input_size(data or b"", limit)
        if limit and size > limit:
            err = InputTooLargeError(
                f"record is {size:,} bytes, over the {limit:,}-byte limit (max_bytes)"
            )
            return _error_outcome(rec, type(err).__name__, str(err), err.exit_code)
        return None

    def _finish(self, rec: SourceRecord, reply: tuple[Any, ...]) -> Outcome:
        if reply[0]:
            result = reply[1]
            return Outcome(output_record(rec, result), empty=not result["text"].strip())
        return _error_outcome(rec, reply[1], reply[2], reply[3])

    def run(self, records: Iterable[SourceRecord]) -> Iterator[Outcome]:
        """Yield one outcome per record, in input order; updates `self.stats` as it goes."""
        start = time.monotonic()
        inner = self._run_inline(records) if self.jobs == 0 else self._run_pool(records)
        try:
            for outcome in inner:
                self.stats.add(outcome)
                self.stats.seconds = time.monotonic() - start
                yield outcome
        finally:
            self.stats.seconds = time.monotonic() - start

    def _run_inline(self, records: Iterable[SourceRecord]) -> Iterator[Outcome]:
        cleaner = self.factory(self.config)
        for rec in records:
            pre = self._precheck(rec)
            if pre is not None:
                yield pre
                continue
            task = (0, rec.data, rec.input_format, rec.url, rec.charset)
            yield self._finish(rec, _clean_one(cleaner, task, self.explain))

    # -- the pool ---------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(
            target=_worker_main,
            args=(child, self.config, self.factory, self.explain),
            daemon=True,
        )
        proc.start()
        child.close()
        return _Worker(proc=proc, conn=parent, started=time.monotonic())

    @staticmethod
    def _stop(worker: _Worker, kill: bool = False) -> None:
        try:
            if kill:
                worker.proc.kill()
            else:
                worker.conn.send(None)
        except (OSError, ValueError):
            worker.proc.kill()
        worker.proc.join(timeout=0 if kill else 2)
        if worker.proc.is_alive():
            worker.proc.kill()
            worker.proc.join(timeout=5)
        worker.conn.close()

    def _run_pool(self, records: Iterable[SourceRecord]) -> Iterator[Outcome]:
        source = iter(records)
        workers: list[_Worker] = [self._spawn() for _ in range(self.jobs)]
        pending: deque[tuple[int, SourceRecord]] = deque()
        results: dict[int, Outcome] = {}
        next_seq = next_out = 0
        exhausted = False
        try:
            while True:
                # Read ahead, but never hold more than max_in_flight records.
                while not exhausted and next_seq - next_out < self.max_in_flight:
                    try:
                        rec = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    pre = self._precheck(rec)
                    if pre is not None:
                        results[next_seq] = pre
                    else:
                        pending.append((next_seq, rec))
                    next_seq += 1
                # Hand records to idle workers.
                for i, w in enumerate(workers):
                    if not pending:
                        break
                    if not w.ready or w.seq is not None:
                        continue
                    if w.done >= self.recycle_after or w.rss_mb > self.recycle_rss_mb > 0:
                        self._stop(w)
                        workers[i] = self._spawn()
                        continue
                    seq, rec = pending.popleft()
                    try:
                        w.conn.send((seq, rec.data, rec.input_format, rec.url, rec.charset))
                    except (OSError, ValueError):
                        pending.appendleft((seq, rec))
                        self._stop(w, kill=True)
                        workers[i] = self._spawn()
                        continue
                    rec.data = None  # the worker has it now; do not hold it twice
                    w.seq, w.rec = seq, rec
                    w.deadline = time.monotonic() + self.time_limit + KILL_GRACE
                # Emit what is done, in order.
                while next_out in results:
                    yield results.pop(next_out)
                    next_out += 1
                if exhausted and next_out == next_seq:
                    return
                self._wait(workers, results)
        finally:
            for w in workers:
                self._stop(w, kill=w.seq is not None)

    def _wait(self, workers: list[_Worker], results: dict[int, Outcome]) -> None:
        """Wait for a reply or a deadline; kill and replace late or dead workers."""
        now = time.monotonic()
        deadlines = [w.deadline for w in workers if w.seq is not None and self.time_limit]
        deadlines += [w.started + STARTUP_LIMIT for w in workers if not w.ready]
        timeout = max(0.0, min(deadlines) - now) if deadlines else None
        waiting = [w.conn for w in workers if not w.ready or w.seq is not None]
        if not waiting:
            return
        ready = set(wait(waiting, timeout))
        for i, w in enumerate(workers):
            if w.conn in ready:
                try:
                    reply = w.conn.recv()
                except (EOFError, OSError):
                    reply = None
                if reply is None:
                    self._lost(workers, i, results, "the worker process died")
                elif reply[0] == "ready":
                    w.ready = True
                elif reply[0] == "failed":
                    raise _rebuild(reply[1], f"a worker could not start: {reply[2]}")
                else:
                    assert w.rec is not None
                    results[reply[0]] = self._finish(w.rec, reply[2:])
                    w.seq, w.rec = None, None
                    w.done += 1
                    w.rss_mb = reply[1]
        now = time.monotonic()
        for i, w in enumerate(workers):
            if w.seq is not None and self.time_limit and now > w.deadline:
                self._lost(workers, i, results, "timeout")
            elif not w.ready and now > w.started + STARTUP_LIMIT:
                raise WorkerCrashedError(f"a worker did not start within {STARTUP_LIMIT:.0f}s")

    def _lost(self, workers: list[_Worker], i: int, results: dict[int, Outcome], why: str) -> None:
        """Kill worker i, record its record as failed, and start a replacement."""
        w = workers[i]
        if w.seq is None:
            if not w.ready:
                raise WorkerCrashedError("a worker process died while starting")
            self._stop(w, kill=True)
            workers[i] = self._spawn()
            return
        assert w.rec is not None
        if why == "timeout":
            err: CleanerError = CleanerTimeoutError(
                f"cleaning took longer than the {self.time_limit:g}s time limit; "
                "the worker was killed and replaced"
            )
        else:
            code = w.proc.exitcode
            err = WorkerCrashedError(f"{why} (exit code {code}) while cleaning this record")
        results[w.seq] = _error_outcome(w.rec, type(err).__name__, str(err), err.exit_code)
        self._stop(w, kill=True)
        workers[i] = self._spawn()


def _rebuild(type_name: str, message: str) -> CleanerError:
    cls = getattr(errors_module, type_name, None)
    if isinstance(cls, type) and issubclass(cls, CleanerError):
        return cls(message)
    return CleanerError(message)


def clean_records(
    records: Iterable[dict[str, Any]],
    config: Config | None = None,
    *,
    jobs: int = 1,
    **options: Any,
) -> Iterator[dict[str, Any]]:
    """Library entry point: clean dicts (fields html/text/url/id), yield output or error
    records in order. Error records carry an "error" field."""
    from cleaner.sources import Fields, records_from_dicts

    fields = options.pop("fields", Fields())
    runner = BatchRunner(config, jobs=jobs, **options)
    for outcome in runner.run(records_from_dicts(records, fields=fields)):
        yield outcome.record


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, max_len: int = 100) -> str:
    """A file name derived from a URL or record id that cannot leave its directory.

    Everything but letters, digits, '.', '_' and '-' becomes '_', leading dots are
    dropped (no '..', no hidden files), and long names are cut and given a hash suffix
    so that two long ids stay distinct.
    """
    for prefix in ("https://", "http://"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    cleaned = _UNSAFE.sub("_", name).strip("._-")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    if len(cleaned) > max_len:
        digest = hashlib.sha1(name.encode("utf-8", "replace")).hexdigest()[:10]
        cleaned = f"{cleaned[: max_len - 11]}-{digest}"
    return cleaned or "record"


def output_path(outdir: Path, name: str, suffix: str, used: set[str]) -> Path:
    """A unique path inside `outdir` for an output file; checked never to escape it."""
    base = safe_filename(name)
    stem = Path(base).stem if Path(base).suffix.lower() in (".html", ".htm", ".txt") else base
    candidate, n = stem, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}"
    used.add(candidate)
    path = outdir / (candidate + suffix)
    if path.resolve().parent != outdir.resolve():
        raise CleanerError(f"refusing to write outside {outdir}: {name!r}")
    return path
