"""The batch half of the command line: many records in, JSON lines (or files) out.

Kept apart from cli.py so the single-file path stays small; cli.py adds these
arguments and hands over when the inputs call for batch mode.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from cleaner.batch import BatchRunner, Outcome, output_path
from cleaner.config import Config
from cleaner.sources import Fields, expand_paths, is_jsonl, is_url, is_warc, iter_sources

SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(
        "batch mode",
        "Used for directories, globs, WARC and JSON lines inputs, or with -j/--jsonl/--errors. "
        "Writes one JSON line per record to stdout (or files into -o DIR), in input order.",
    )
    g.add_argument("-j", "--jobs", type=int, help="worker processes (default 1)")
    g.add_argument(
        "--jsonl",
        action="store_true",
        help="inputs (default: standard input) are JSON lines; all other fields pass through",
    )
    g.add_argument("--html-field", default="html", help="JSON field holding the page's HTML")
    g.add_argument("--text-field", default="text", help="JSON field holding scraped text")
    g.add_argument("--url-field", default="url", help="JSON field holding the page's URL")
    g.add_argument("--id-field", default="id", help="JSON field holding the record id")
    g.add_argument(
        "--errors",
        metavar="FILE",
        help="write error records here instead of into the output stream",
    )
    g.add_argument("--max-in-flight", type=int, help="records held at once (default 4 per job + 4)")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")


def wants_batch(args: argparse.Namespace) -> bool:
    """Batch mode when asked for, or when an input holds many records."""
    if args.jsonl or args.jobs is not None or args.errors:
        return True
    for name in args.inputs:
        if is_url(name):
            continue
        if is_warc(name) or is_jsonl(name) or any(c in name for c in "*?["):
            return True
        if name != "-" and Path(name).is_dir():
            return True
    return False


def _progress(stats_total: Any, enabled: bool) -> Any:
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=stats_total, unit=" docs", dynamic_ncols=True, file=sys.stderr)


def run(args: argparse.Namespace, config: Config) -> int:
    """Run a batch; exit code 0 if every record was cleaned or empty, else non-zero."""
    fields = Fields(
        html=args.html_field, text=args.text_field, url=args.url_field, id=args.id_field
    )
    for name in args.inputs:
        if is_url(name):
            print(
                f"cleaner: {name}: URLs are fetched one at a time, not in batch mode",
                file=sys.stderr,
            )
            return 2
    jobs = 1 if args.jobs is None else args.jobs
    runner = BatchRunner(
        config,
        jobs=jobs,
        max_in_flight=args.max_in_flight,
        explain=args.explain,
    )
    records = iter_sources(args.inputs, jsonl=args.jsonl, fields=fields, max_bytes=config.max_bytes)
    if args.input_format != "auto":
        records = _force_format(records, args.input_format)
    outdir = Path(args.output) if args.output else None
    if outdir:
        outdir.mkdir(parents=True, exist_ok=True)
    show = not args.quiet and sys.stderr.isatty()
    total = None
    if show and not args.jsonl and all(not is_warc(n) and not is_jsonl(n) for n in args.inputs):
        total = sum(1 for _ in expand_paths(args.inputs))
    bar = _progress(total, show)
    used: set[str] = set()
    with ExitStack() as stack:
        out: IO[str] = sys.stdout
        err_out: IO[str] = out
        if args.errors:
            err_out = stack.enter_context(open(args.errors, "w", encoding="utf-8"))
        try:
            for outcome in runner.run(records):
                if outcome.error:
                    _write_line(err_out, outcome.record)
                elif outdir:
                    _write_file(outdir, outcome, args.format, used)
                else:
                    _write_line(out, outcome.record)
                if bar is not None:
                    bar.update(1)
        except KeyboardInterrupt:
            print("cleaner: interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 141
        finally:
            if bar is not None:
                bar.close()
    stats = runner.stats
    if not args.quiet:
        print(f"cleaner: {stats.summary()}", file=sys.stderr)
    return stats.exit_code


def _force_format(records: Any, fmt: str) -> Any:
    for rec in records:
        rec.input_format = fmt
        yield rec


def _write_line(stream: IO[str], record: dict[str, Any]) -> None:
    stream.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def _write_file(outdir: Path, outcome: Outcome, fmt: str, used: set[str]) -> None:
    """One file per record, named from its id (or URL) and kept inside `outdir`."""
    rec = outcome.record
    name = str(rec.get("id") or rec.get("url") or "record")
    path = output_path(outdir, name, SUFFIX[fmt], used)
    if fmt == "json":
        body = json.dumps(rec, ensure_ascii=False, indent=2, default=str) + "\n"
    elif fmt == "markdown":
        title = rec.get("title") or ""
        body = (f"# {title}\n\n" if title else "") + rec.get("text", "") + "\n"
    else:
        body = rec.get("text", "") + "\n"
    path.write_text(body, encoding="utf-8")
