"""Batch-mode throughput (-j 1 vs -j 2, and the datatrove step with 1 and 2 tasks) and peak
memory over a 10,000-record stream.

    python -m bench.batch                # all measurements, writes bench/results/batch.md
    python -m bench.batch --records 2000 # a shorter memory run

Both run the real command line (`cleaner --jsonl`) in a subprocess on the aeb pages
(/work/shared/datasets/aeb/pages.jsonl.gz, repeated to get a long enough run).
Memory is the summed RSS of the whole process tree (the CLI and its workers),
sampled every 0.2 s while records are streamed in through a pipe, so the input is
never held in memory by anyone but the runner's bounded window.

The datatrove rows run examples/datatrove_job.py (WarcReader -> cleaner's step ->
JsonlWriter under LocalPipelineExecutor) in a subprocess, in the same rounds, on the same
pages written as WARC response records (needs `pip install -e '.[datatrove]'`).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

AEB = Path(os.environ.get("AEB_PAGES", "/work/shared/datasets/aeb/pages.jsonl.gz"))
RESULTS = Path(__file__).parent / "results" / "batch.md"
CLI = [sys.executable, "-m", "cleaner.cli", "--jsonl", "-q"]
DATATROVE_JOB = Path(__file__).resolve().parent.parent / "examples" / "datatrove_job.py"
# datatrove shares out files, not records, among its tasks: one file per task at most.
WARC_FILES = 2


def load_pages() -> list[dict[str, Any]]:
    with gzip.open(AEB, "rt", encoding="utf-8") as fh:
        return [{"id": r["id"], "url": r["url"], "html": r["html"]} for r in map(json.loads, fh)]


def tree_rss(pid: int) -> int:
    """Summed resident memory (bytes) of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(statm[1]) * page
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def _clean_loop(args: tuple[list[dict[str, Any]], Any]) -> float:
    pages, barrier = args
    from cleaner import Cleaner

    cleaner = Cleaner()
    barrier.wait()
    start = time.perf_counter()
    for rec in pages:
        cleaner.clean(rec["html"], url=rec["url"])
    return time.perf_counter() - start


def ceiling(pages: list[dict[str, Any]], n: int = 90) -> float:
    """The parallel speed-up this machine gives right now, without any batch machinery:
    n pages cleaned by 1 bare process, then by 2 at once (each its own n pages)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    chunk = pages[:n]
    with ctx.Manager() as manager, ctx.Pool(2) as pool:
        solo = pool.map(_clean_loop, [(chunk, manager.Barrier(1))])[0]
        barrier = manager.Barrier(2)
        pair = pool.map(_clean_loop, [(chunk, barrier), (chunk, barrier)], chunksize=1)
    return 2 * solo / max(pair)


def overhead(pages: list[dict[str, Any]], jobs: int = 2) -> dict[str, float]:
    """CPU the coordinating process spends (reading and parsing JSON lines, dispatch,
    ordering, JSON output) against the CPU that cleaning the same pages takes."""
    from cleaner import Cleaner
    from cleaner.batch import BatchRunner
    from cleaner.sources import iter_sources

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for rec in pages:
            fh.write(json.dumps(rec) + "\n")
        path = fh.name
    try:
        runner = BatchRunner(jobs=jobs)
        start = time.process_time()
        n = sum(len(json.dumps(o.record)) > 0 for o in runner.run(iter_sources([path])))
        main_cpu = time.process_time() - start
    finally:
        os.unlink(path)
    cleaner = Cleaner()
    start = time.process_time()
    for rec in pages:
        cleaner.clean(rec["html"], url=rec["url"])
    clean_cpu = time.process_time() - start
    return {"records": n, "main_cpu": main_cpu, "workers_cpu": clean_cpu}


def throughput(pages: list[dict[str, Any]], jobs: int, repeat: int) -> dict[str, float]:
    """docs/s of `cleaner --jsonl -j N` over the pages repeated `repeat` times (from a file)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for rec in itertools.islice(itertools.cycle(pages), len(pages) * repeat):
            fh.write(json.dumps(rec) + "\n")
        path = fh.name
    try:
        start = time.perf_counter()
        proc = subprocess.run(
            [*CLI, "-j", str(jobs), path], capture_output=True, check=False, timeout=3600
        )
        seconds = time.perf_counter() - start
    finally:
        os.unlink(path)
    n = sum(1 for _ in proc.stdout.splitlines())
    assert n == len(pages) * repeat, f"lost records: {n} of {len(pages) * repeat}"
    return {"jobs": jobs, "records": n, "seconds": seconds, "docs_per_s": n / seconds}


def write_warcs(pages: list[dict[str, Any]], repeat: int, folder: Path) -> int:
    """The pages repeated `repeat` times as HTML response records (UTF-8), dealt round-robin
    into WARC_FILES gzipped WARC files in `folder`. Returns the number of records."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = itertools.islice(itertools.cycle(pages), len(pages) * repeat)
    handles = [(folder / f"aeb-{i}.warc.gz").open("wb") for i in range(WARC_FILES)]
    try:
        writers = [WARCWriter(fh, gzip=True) for fh in handles]
        n = 0
        for n, rec in enumerate(records, start=1):
            writer = writers[n % WARC_FILES]
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    rec["url"],
                    "response",
                    payload=BytesIO(rec["html"].encode("utf-8")),
                    http_headers=http,
                    warc_headers_dict={"WARC-Identified-Payload-Type": "text/html"},
                )
            )
    finally:
        for fh in handles:
            fh.close()
    return n


def datatrove_throughput(warcs: Path, records: int, tasks: int) -> dict[str, float]:
    """docs/s of examples/datatrove_job.py with `tasks` tasks over the WARC files, end to end
    (interpreter and task start-up included); every record must reach the step."""
    with tempfile.TemporaryDirectory() as tmp:
        logs = Path(tmp) / "logs"
        cmd = [sys.executable, str(DATATROVE_JOB), str(warcs), "--output", f"{tmp}/out"]
        cmd += ["--tasks", str(tasks), "--logs", str(logs)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, check=False, timeout=3600)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"datatrove job failed: {proc.stderr.decode()[-2000:]}")
        stats = json.loads((logs / "stats.json").read_text(encoding="utf-8"))
    step = next(s for s in stats if s["name"].endswith("cleaner"))["stats"]
    total, kept = step["total"], step.get("forwarded", 0)  # plain counters are saved as ints
    assert total == records, f"lost records: {total} of {records} reached the step"
    return {
        "tasks": tasks,
        "records": total,
        "kept": kept,
        "seconds": seconds,
        "docs_per_s": total / seconds,
    }


def memory(pages: list[dict[str, Any]], records: int, jobs: int) -> dict[str, Any]:
    """Stream `records` records through a pipe; sample the process tree's RSS over time."""
    proc = subprocess.Popen(
        [*CLI, "-j", str(jobs)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdin is not None and proc.stdout is not None
    samples: list[tuple[float, int, int]] = []  # (seconds, records out, rss bytes)
    out_count = 0
    done = threading.Event()

    def feed() -> None:
        assert proc.stdin is not None
        for rec in itertools.islice(itertools.cycle(pages), records):
            proc.stdin.write((json.dumps(rec) + "\n").encode())
        proc.stdin.close()

    def sample() -> None:
        start = time.perf_counter()
        while not done.is_set():
            samples.append((time.perf_counter() - start, out_count, tree_rss(proc.pid)))
            time.sleep(0.2)

    feeder = threading.Thread(target=feed, daemon=True)
    sampler = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    feeder.start()
    sampler.start()
    for _ in proc.stdout:
        out_count += 1
    proc.wait()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    assert out_count == records, f"lost records: {out_count} of {records}"
    peak = max(s[2] for s in samples)
    # RSS at each tenth of the stream, to show whether memory grows with the input.
    by_decile = []
    for d in range(1, 11):
        target = records * d // 10
        at = [s[2] for s in samples if s[1] <= target]
        by_decile.append(max(at) if at else 0)
    return {
        "records": records,
        "jobs": jobs,
        "seconds": seconds,
        "peak_mb": peak / 2**20,
        "deciles_mb": [b / 2**20 for b in by_decile],
        "first_half_peak_mb": max(by_decile[:5]) / 2**20,
        "second_half_peak_mb": max(by_decile[5:]) / 2**20,
    }


def write_report(
    runs: list[dict[str, float]],
    dt_runs: list[dict[str, float]],
    mem: dict[str, Any] | None,
    ceilings: list[float],
    over: dict[str, float],
) -> str:
    load = os.getloadavg()
    lines = [
        "# Batch mode: throughput and memory",
        "",
        f"Machine: {os.cpu_count()} CPUs; load average when written {load[0]:.2f} "
        "(other jobs share the CPUs, so the figures are noisy).",
        "Command: `cleaner --jsonl -j N` on the aeb pages (average 173 KB of HTML each), "
        "run end to end, worker start-up included. Reproduce with `python -m bench.batch`.",
        "",
        "## Throughput",
        "",
        "| -j | records | seconds | docs/s |",
        "|---:|---:|---:|---:|",
    ]
    for r in runs:
        lines.append(
            f"| {r['jobs']} | {r['records']} | {r['seconds']:.1f} | {r['docs_per_s']:.1f} |"
        )
    share = over["main_cpu"] / max(over["workers_cpu"], 1e-9)
    best = {j: max(r["docs_per_s"] for r in runs if r["jobs"] == j) for j in (1, 2)}
    speedup = best[2] / best[1]
    lines += [
        "",
        f"Speed-up -j 2 / -j 1 (best runs): **{speedup:.2f}x** (target >= 1.7x: "
        f"{'met' if speedup >= 1.7 else 'NOT met'}).",
        "",
        "Control: the speed-up two bare processes get on this machine at the same time, "
        "cleaning pages with no batch machinery at all (measured before each -j 1/-j 2 "
        f"pair): {', '.join(f'{c:.2f}x' for c in ceilings)}. The batch runner's share of "
        f"that ceiling: {speedup / max(ceilings):.0%}.",
        "",
        f"Runner overhead (-j 2, {over['records']} pages, in-process): the coordinating "
        f"process used {over['main_cpu']:.2f} s of CPU against {over['workers_cpu']:.2f} s "
        f"for cleaning the same pages ({share:.1%}), so on "
        "an otherwise idle machine the workers, not the runner, set the pace.",
        "",
        "## datatrove step, same run",
        "",
        "`examples/datatrove_job.py`: datatrove's WarcReader -> `CleanerExtractor` -> "
        "JsonlWriter (gzip) under LocalPipelineExecutor, run end to end in a subprocess "
        "in the same rounds as the CLI rows above (each right after the CLI run with as "
        "many workers as it has tasks), on the same pages written as WARC "
        f"response records ({WARC_FILES} WARC.gz files; datatrove gives each task whole "
        "files). Pages with no article are dropped by the step, not written.",
        "",
        "| tasks | records | kept | seconds | docs/s |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in dt_runs:
        lines.append(
            f"| {r['tasks']} | {r['records']} | {r['kept']} | {r['seconds']:.1f} "
            f"| {r['docs_per_s']:.1f} |"
        )
    # Each round's datatrove run against the CLI run just before it at the same parallelism:
    # back-to-back pairs see about the same load, which best-of-all runs do not.
    ratios = {
        n: [
            dt["docs_per_s"] / cli["docs_per_s"]
            for dt, cli in zip(
                [r for r in dt_runs if r["tasks"] == n],
                [r for r in runs if r["jobs"] == n],
                strict=True,
            )
        ]
        for n in (1, 2)
    }
    dt_best = {t: max(r["docs_per_s"] for r in dt_runs if r["tasks"] == t) for t in (1, 2)}
    lines += [
        "",
        "datatrove against the CLI, per round (its run over the CLI run at the same "
        "parallelism just before it): 1 task / `-j 1` "
        + ", ".join(f"{x:.2f}x" for x in ratios[1])
        + f" (median {statistics.median(ratios[1]):.2f}x); 2 tasks / `-j 2` "
        + ", ".join(f"{x:.2f}x" for x in ratios[2])
        + f" (median {statistics.median(ratios[2]):.2f}x). datatrove's speed-up 2 / 1 tasks "
        f"(best runs): {dt_best[2] / dt_best[1]:.2f}x.",
    ]
    if mem:
        flat = mem["second_half_peak_mb"] <= mem["first_half_peak_mb"] * 1.15
        lines += [
            "",
            "## Memory over a stream",
            "",
            f"{mem['records']:,} records streamed through a pipe into `cleaner --jsonl "
            f"-j {mem['jobs']}` in {mem['seconds']:.0f}s; summed RSS of the process tree "
            "(CLI + workers) sampled every 0.2 s.",
            "",
            f"- Peak RSS: **{mem['peak_mb']:.0f} MB** (target < 300 MB: "
            f"{'met' if mem['peak_mb'] < 300 else 'NOT met'})",
            f"- Peak in the first half of the stream: {mem['first_half_peak_mb']:.0f} MB; "
            f"in the second half: {mem['second_half_peak_mb']:.0f} MB "
            f"({'flat' if flat else 'GROWING'})",
            "- Peak RSS by tenth of the stream (MB): "
            + ", ".join(f"{m:.0f}" for m in mem["deciles_mb"]),
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3, help="times the aeb pages are repeated")
    p.add_argument("--rounds", type=int, default=2, help="throughput runs per -j value")
    p.add_argument("--records", type=int, default=10_000, help="records in the memory run")
    p.add_argument("--no-memory", action="store_true")
    args = p.parse_args(argv)
    pages = load_pages()
    runs = []
    dt_runs = []
    ceilings = []
    with tempfile.TemporaryDirectory() as warcs:
        records = write_warcs(pages, args.repeat, Path(warcs))
        for _ in range(args.rounds):
            ceilings.append(ceiling(pages))
            print(f"ceiling: {ceilings[-1]:.2f}x", flush=True)
            for n in (1, 2):  # each CLI run and the datatrove run at its parallelism, back to back
                run = throughput(pages, n, args.repeat)
                print(f"-j {n}: {run['docs_per_s']:.1f} docs/s ({run['seconds']:.1f}s)")
                runs.append(run)
                run = datatrove_throughput(Path(warcs), records, n)
                print(f"datatrove {n} task(s): {run['docs_per_s']:.1f} docs/s", flush=True)
                dt_runs.append(run)
    over = overhead(pages)
    mem = None
    if not args.no_memory:
        mem = memory(pages, args.records, 2)
        print(f"memory: peak {mem['peak_mb']:.0f} MB over {args.records} records", flush=True)
    report = write_report(runs, dt_runs, mem, ceilings, over)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
