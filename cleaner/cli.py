"""Command line: argument parsing and exit codes. The work lives in the library."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cleaner import batch_cli
from cleaner.batch import output_path
from cleaner.chain import FILTERS
from cleaner.config import Config
from cleaner.core import Cleaner
from cleaner.errors import CleanerError, InputNotFoundError, NoContentError
from cleaner.fetch import fetch
from cleaner.render import FORMATS, render_explain
from cleaner.sources import is_url

_SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json"}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleaner",
        description="Strip boilerplate from saved web pages or scraped text; print the article.",
    )
    p.add_argument(
        "inputs",
        nargs="*",
        help="files, directories, globs, .jsonl or .warc(.gz) files, or http(s) URLs to "
        "fetch; '-' reads standard input",
    )
    p.add_argument("-o", "--output", help="directory to write one output file per input into")
    p.add_argument("-f", "--format", choices=FORMATS, default="text", help="output format")
    p.add_argument(
        "--input-format",
        choices=("auto", "html", "text"),
        default="auto",
        help="force how inputs are read (default: detect)",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="list every removed block with its filter and reason "
        "(stderr for text and markdown, a 'removed' field in JSON)",
    )
    p.add_argument("--config", help="TOML config file (filters, options, extra patterns)")
    p.add_argument("--disable", action="append", default=[], metavar="FILTER")
    p.add_argument("--enable", action="append", default=[], metavar="FILTER")
    p.add_argument("--url", default="", help="the page's URL, recorded in metadata")
    p.add_argument("--charset", help="the input's charset when known (e.g. from HTTP headers)")
    p.add_argument("--timeout", type=float, help="seconds allowed per document (0: no limit)")
    p.add_argument("--max-bytes", type=int, help="largest input accepted, in bytes (0: no limit)")
    p.add_argument(
        "--templates",
        metavar="FILE",
        help="site templates from `cleaner learn-templates`; drops each host's recurring blocks",
    )
    p.add_argument(
        "--articles-only",
        action="store_true",
        default=None,
        help="give no text for pages that are not articles (forums, products, listings ...)",
    )
    p.add_argument("--list-filters", action="store_true", help="list the filters and exit")
    batch_cli.add_arguments(p)
    return p


def make_config(args: argparse.Namespace) -> Config:
    config = Config.from_toml(args.config) if args.config else Config()
    config = config.with_overrides(
        disable=tuple(config.disable) + tuple(args.disable) or None,
        enable=tuple(config.enable) + tuple(args.enable) or None,
        timeout=args.timeout,
        max_bytes=args.max_bytes,
        articles_only=getattr(args, "articles_only", None),
    )
    if getattr(args, "templates", None):
        from cleaner.templates import SiteTemplates, with_templates

        config = with_templates(config, SiteTemplates.load(args.templates))
    return config


def _read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    if not path.exists():
        raise InputNotFoundError(f"{name}: no such file")
    if path.is_dir():
        raise InputNotFoundError(f"{name}: is a directory; pass the files in it")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputNotFoundError(f"{name}: cannot read ({exc.strerror})") from exc


def _output_path(outdir: Path, name: str, fmt: str, used: set[str]) -> Path:
    stem = "stdin" if name == "-" else Path(name).name
    base = Path(stem).stem or "output"
    candidate = base
    n = 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return outdir / (candidate + _SUFFIX[fmt])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "explain":
        from cleaner.report import main as explain_main

        return explain_main(argv[1:])
    if argv and argv[0] == "learn-templates":
        from cleaner.templates import main as learn_main

        return learn_main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.list_filters:
        for name, cls in FILTERS.items():
            doc = (cls.__doc__ or "").strip().splitlines()
            state = "" if cls.default_enabled else " (off by default)"
            print(f"{name:18} {doc[0] if doc else ''}{state}")
        return 0
    if batch_cli.wants_batch(args):
        try:
            config = make_config(args)
            Cleaner(config)  # validate the config once, before starting workers
        except CleanerError as exc:
            print(f"cleaner: {exc}", file=sys.stderr)
            return exc.exit_code
        return batch_cli.run(args, config)
    if not args.inputs:
        build_parser().print_usage(sys.stderr)
        print("cleaner: error: give a file to clean, or '-' for standard input", file=sys.stderr)
        return 2
    try:
        cleaner = Cleaner(make_config(args))
    except CleanerError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return exc.exit_code
    outdir = Path(args.output) if args.output else None
    if outdir:
        outdir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    codes: list[int] = []
    for name in args.inputs:
        try:
            url, charset = args.url, args.charset
            if is_url(name):
                fetched = fetch(name, max_bytes=cleaner.config.max_bytes or 0)
                data, url, charset = fetched.data, url or fetched.url, charset or fetched.charset
            else:
                data = _read_input(name)
            result = cleaner.clean(data, input_format=args.input_format, url=url, charset=charset)
            if result.empty:
                raise NoContentError(f"{name}: {result.empty_reason()}")
        except CleanerError as exc:
            message = str(exc) if str(exc).startswith(name) else f"{name}: {exc}"
            print(f"cleaner: {message}", file=sys.stderr)
            codes.append(exc.exit_code)
            continue
        rendered = result.render(args.format, explain=args.explain)
        if outdir:
            path = (
                output_path(outdir, name, _SUFFIX[args.format], used)
                if is_url(name)
                else _output_path(outdir, name, args.format, used)
            )
            path.write_text(rendered, encoding="utf-8")
        else:
            sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")
        if args.explain and args.format != "json":
            sys.stderr.write(render_explain(result))
    if not codes:
        return 0
    return codes[0] if len(set(codes)) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
