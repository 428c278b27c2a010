"""Batch mode: ordered, bounded, parallel, nothing lost; and the CLI around it."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cleaner.batch import (
    BatchRunner,
    BatchStats,
    clean_records,
    output_path,
    safe_filename,
)
from cleaner.cli import main
from cleaner.config import Config
from cleaner.errors import CleanerError
from cleaner.sources import SourceRecord, records_from_dicts
from tests.batch_helpers import broken_factory, hoarding_factory, misbehaving_factory
from tests.helpers import PROSE

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "html"


def page(i: int, extra: str = "") -> str:
    return (
        f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
        f"<p>{PROSE} Record number {i}.</p><p>{PROSE}</p>{extra}</article></body></html>"
    )


def records(n: int) -> list[dict[str, Any]]:
    return [{"id": f"r{i}", "url": f"https://example.com/{i}", "html": page(i)} for i in range(n)]


def check_counts(stats: BatchStats, n: int) -> None:
    assert stats.records == n
    assert stats.cleaned + stats.empty + stats.errors == stats.records


@pytest.mark.parametrize("jobs", [0, 1, 3])
def test_order_preserved_and_counts_add_up(jobs: int) -> None:
    rows = records(25)
    rows[7] = {"id": "r7", "html": b"\x00\x01\x02\x03\xff\xfe" * 50}
    rows[12] = {"id": "r12", "note": "no payload"}
    rows[15] = {"id": "r15", "html": "<html><body><div><a href=/>Home</a></div></body></html>"}
    runner = BatchRunner(jobs=jobs, max_in_flight=4)
    outcomes = list(runner.run(records_from_dicts(rows)))
    assert [o.record["id"] for o in outcomes] == [r["id"] for r in rows]
    check_counts(runner.stats, 25)
    assert [o.record["id"] for o in outcomes if o.error] == ["r7", "r12"]
    assert runner.stats.errors == 2 and runner.stats.empty == 1 and runner.stats.cleaned == 22
    err = outcomes[7].record
    assert err["error"]["type"] == "UnreadableInputError" and err["position"] == 8
    assert set(err) == {"id", "source", "position", "error"}
    assert "Record number 3." in outcomes[3].record["text"]
    assert outcomes[3].record["title"] == "Story 3"
    assert outcomes[3].record["url"] == "https://example.com/3"
    assert "html" not in outcomes[3].record
    assert runner.stats.exit_code == 4


def test_time_limit_kills_a_worker_hung_in_c_code() -> None:
    rows = records(6)
    rows[2]["html"] = page(2, "HANG-IN-C")
    runner = BatchRunner(Config(timeout=1.0), jobs=2, factory=misbehaving_factory)
    start = time.monotonic()
    outcomes = list(runner.run(records_from_dicts(rows)))
    elapsed = time.monotonic() - start
    assert elapsed < 30, "the hung record was not killed"
    assert [o.record["id"] for o in outcomes] == [r["id"] for r in rows]
    hung = outcomes[2].record
    assert hung["error"]["type"] == "CleanerTimeoutError"
    assert "killed" in hung["error"]["message"]
    # The replacement worker carried on with the rest.
    assert all(not o.error for i, o in enumerate(outcomes) if i != 2)
    check_counts(runner.stats, 6)
    assert runner.stats.exit_code == 6


def test_crashed_worker_is_replaced_and_its_record_reported() -> None:
    rows = records(5)
    rows[1]["html"] = page(1, "CRASH-WORKER")
    runner = BatchRunner(jobs=1, factory=misbehaving_factory)
    outcomes = list(runner.run(records_from_dicts(rows)))
    assert outcomes[1].record["error"]["type"] == "WorkerCrashedError"
    assert [o.error for o in outcomes] == [False, True, False, False, False]


def test_worker_that_cannot_start_raises_instead_of_looping() -> None:
    runner = BatchRunner(jobs=1, factory=broken_factory)
    with pytest.raises(CleanerError, match="could not start"):
        list(runner.run(records_from_dicts(records(2))))


def test_size_limit_becomes_an_error_record() -> None:
    rows = records(3)
    rows[1]["html"] = page(1, "<p>" + "x" * 50_000 + "</p>")
    runner = BatchRunner(Config(max_bytes=20_000), jobs=1)
    outcomes = list(runner.run(records_from_dicts(rows)))
    assert outcomes[1].record["error"]["type"] == "InputTooLargeError"
    assert not outcomes[0].error and not outcomes[2].error


def test_in_flight_is_bounded() -> None:
    """The runner never reads more than max_in_flight records ahead of its output."""
    read = 0
    emitted = 0
    peak = 0

    def source() -> Any:
        nonlocal read, peak
        for rec in records_from_dicts(records(40)):
            read += 1
            peak = max(peak, read - emitted)
            yield rec

    runner = BatchRunner(jobs=2, max_in_flight=5)
    for _ in runner.run(source()):
        emitted += 1
    assert emitted == 40
    assert peak <= 5 + 1


def test_recycled_workers_keep_going() -> None:
    runner = BatchRunner(jobs=1, recycle_after=3)
    outcomes = list(runner.run(records_from_dicts(records(10))))
    assert [o.record["id"] for o in outcomes] == [f"r{i}" for i in range(10)]
    assert not any(o.error for o in outcomes)


def test_a_worker_that_holds_too_much_memory_is_replaced() -> None:
    rows = records(6)
    rows[1]["html"] = page(1, "<p>HOARD-MEMORY</p>")
    runner = BatchRunner(jobs=1, factory=hoarding_factory, recycle_rss_mb=200)
    outcomes = list(runner.run(records_from_dicts(rows)))
    pids = [o.record["pid"] for o in outcomes]
    assert [o.record["id"] for o in outcomes] == [r["id"] for r in rows]
    # The record that made the worker hoard still came from it; the next one
    # went to a fresh worker, which kept going.
    assert pids[0] == pids[1] != pids[2]
    assert len(set(pids[2:])) == 1


def test_clean_records_library_api() -> None:
    out = list(clean_records([*records(3), {"id": "bad"}], jobs=0))
    assert [r["id"] for r in out] == ["r0", "r1", "r2", "bad"]
    assert "error" in out[3] and "error" not in out[0]


def test_source_errors_are_passed_through_in_order() -> None:
    recs = [
        SourceRecord(source="a", position=1, id="x", data=page(1), input_format="html"),
        SourceRecord(source="a", position=2, error=CleanerError("broken line")),
    ]
    outcomes = list(BatchRunner(jobs=1).run(recs))
    assert outcomes[1].record == {
        "id": None,
        "source": "a",
        "position": 2,
        "error": {"type": "CleanerError", "message": "broken line"},
    }


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "..",
        ".",
        "",
        "a/../../b",
        "https://x.com/../../up",
        "..\\..\\win",
        "a" * 500,
        "\x00evil",
    ],
)
def test_output_names_never_escape_the_directory(tmp_path: Path, name: str) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    path = output_path(outdir, name, ".txt", set())
    assert path.resolve().parent == outdir.resolve()
    assert not safe_filename(name).startswith(".")
    assert len(path.name) < 120
    path.write_text("ok")


def test_long_names_stay_distinct() -> None:
    assert safe_filename("a" * 300 + "1") != safe_filename("a" * 300 + "2")


# -- command line ------------------------------------------------------------------------


def run_cli(args: list[str], stdin: bytes = b"", cwd: Path | None = None) -> Any:
    return subprocess.run(
        [sys.executable, "-m", "cleaner.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_cli_jsonl_stdin_to_stdout_with_custom_fields() -> None:
    lines = [
        json.dumps({"doc": f"d{i}", "body": page(i), "link": f"https://e.com/{i}", "lang": "en"})
        for i in range(6)
    ]
    lines.insert(3, "{not json")
    lines.insert(5, json.dumps({"doc": "d-empty", "body": ""}))
    stdin = ("\n".join(lines) + "\n").encode()
    proc = run_cli(
        ["--jsonl", "-j", "2", "--html-field", "body", "--url-field", "link", "--id-field", "doc"],
        stdin,
    )
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(out) == 8  # every input line gives one output or error record
    ids = [r["id"] if "error" in r else r["doc"] for r in out]
    assert ids == ["d0", "d1", "d2", None, "d3", "d-empty", "d4", "d5"]
    assert out[3]["error"]["type"] == "UnreadableInputError" and out[3]["position"] == 4
    assert out[3]["source"] == "<stdin>"
    good = out[0]
    assert good["lang"] == "en" and good["link"] == "https://e.com/0"  # passthrough
    assert "body" not in good and "Record number 0." in good["text"]
    assert good["title"] == "Story 0"
    assert proc.returncode == 4
    assert b"8 records: 6 cleaned, 0 empty, 2 errors" in proc.stderr


def test_cli_directory_glob_and_errors_file(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    for i, sample in enumerate(sorted(SAMPLES.glob("*.html"))[:3]):
        (pages / ("sub" if i == 2 else "") / sample.name).write_bytes(sample.read_bytes())
    (pages / "sub" / "zz_binary.html").write_bytes(b"\x00\x01\x02\x03\xff\xfe" * 50)
    errors = tmp_path / "errors.jsonl"
    proc = run_cli([str(pages), "--errors", str(errors)])
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    errs = [json.loads(line) for line in errors.read_text().splitlines()]
    assert len(out) == 3 and len(errs) == 1
    assert [Path(r["id"]).name for r in out] == [p.name for p in sorted(SAMPLES.glob("*.html"))[:3]]
    assert errs[0]["source"].endswith("zz_binary.html")
    assert errs[0]["error"]["type"] == "UnreadableInputError"
    assert proc.returncode == 4
    # A quoted glob is expanded by cleaner itself, recursively.
    proc = run_cli([str(pages / "**" / "0*.html"), "-j", "2", "-q"])
    assert proc.returncode == 0 and len(proc.stdout.decode().splitlines()) == 3
    assert proc.stderr == b""


def test_cli_output_dir_uses_safe_names(tmp_path: Path) -> None:
    rows = [{"id": "../../escape", "html": page(1)}, {"id": "/abs/path", "html": page(2)}]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    outdir = tmp_path / "out"
    proc = run_cli([str(src), "-o", str(outdir), "-q"])
    assert proc.returncode == 0, proc.stderr
    files = sorted(p.name for p in outdir.iterdir())
    assert files == ["abs_path.txt", "escape.txt"]
    assert not (tmp_path / "escape.txt").exists()
    assert "Record number 1." in (outdir / "escape.txt").read_text()


def test_cli_missing_input_is_an_error_record_and_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl.gz"
    with gzip.open(good, "wt") as fh:
        fh.write(json.dumps({"id": "g", "html": page(1)}) + "\n")
    proc = run_cli(["--jsonl", str(tmp_path / "missing.jsonl"), str(good)])
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert out[0]["error"]["type"] == "InputNotFoundError"
    assert out[1]["id"] == "g" and "Record number 1." in out[1]["text"]
    assert proc.returncode == 3


def test_cli_single_file_behaviour_unchanged() -> None:
    sample = sorted(SAMPLES.glob("*.html"))[0]
    assert main([str(sample)]) == 0
    assert main([str(ROOT / "no-such-file.html")]) == 3


def test_cli_progress_is_silent_without_a_terminal(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "html": page(1)}) + "\n")
    proc = run_cli([str(src)])
    # Only the one-line summary on stderr: no progress bar when stderr is not a terminal.
    assert proc.stderr.decode().strip().splitlines() == [
        "cleaner: 1 records: 1 cleaned, 0 empty, 0 errors in "
        + proc.stderr.decode().split(" errors in ")[1].strip()
    ]


def test_cli_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "html": page(i)}) + "\n" for i in range(5)))
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "cleaner.cli", str(src)],
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    stderr = b"".join(chunks).decode(errors="replace")
    assert proc.returncode == 0
    assert "docs/s" in stderr and "5 docs" in stderr  # the tqdm bar
    assert "5 records: 5 cleaned, 0 empty, 0 errors" in stderr  # the summary
