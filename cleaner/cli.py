"""Command line: argument parsing and exit codes. The work lives in the library.

`cleaner` cleans by default; `cleaner explain` and `cleaner learn-templates` are the other
commands. All their parsers live here, so each piece of work stays callable from Python.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cleaner import batch_cli
from cleaner.batch import output_path
from cleaner.chain import FILTERS, load_profiles
from cleaner.config import Config
from cleaner.core import Cleaner
from cleaner.errors import CleanerError, InputNotFoundError, NoContentError
from cleaner.fetch import fetch
from cleaner.render import FORMATS, render_explain
from cleaner.sources import is_url

_SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json"}

# One line each, as `cleaner --help` lists them; the README's command-line section repeats them.
COMMANDS = {
    "clean": "clean pages, texts, batches or URLs (the default command)",
    "explain": "an HTML report of one page: what was removed and why",
    "learn-templates": "learn each site's recurring blocks, for --templates",
}

_USAGE = """cleaner [clean] [options] INPUT [INPUT ...]
       cleaner explain INPUT [-o report.html] [options]
       cleaner learn-templates PAGE [PAGE ...] -o templates.json [options]"""


def _description() -> str:
    lines = [f"  {name:17} {line}" for name, line in COMMANDS.items()]
    return (
        "Strip boilerplate from saved web pages or scraped text; print the article.\n\n"
        "commands:\n" + "\n".join(lines) + "\n\n`cleaner COMMAND --help` shows its options."
    )


def _add_input_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--input-format",
        choices=("auto", "html", "text"),
        default="auto",
        help="force how inputs are read (default: detect)",
    )


def _add_config_arguments(p: argparse.ArgumentParser) -> None:
    """The options every cleaning command shares: config file, filters, site templates."""
    p.add_argument("--config", help="TOML config file (filters, options, extra patterns)")
    p.add_argument("--disable", action="append", default=[], metavar="FILTER")
    p.add_argument("--enable", action="append", default=[], metavar="FILTER")
    p.add_argument(
        "--templates",
        metavar="FILE",
        help="site templates from `cleaner learn-templates`; drops each host's recurring blocks",
    )


def build_parser() -> argparse.ArgumentParser:
    """The default command, `cleaner [clean]`; its help also lists the other commands."""
    p = argparse.ArgumentParser(
        prog="cleaner",
        usage=_USAGE,
        description=_description(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "inputs",
        nargs="*",
        help="files, directories, globs, .jsonl or .warc(.gz) files, or http(s) URLs to "
        "fetch; '-' reads standard input",
    )
    p.add_argument("-o", "--output", help="directory to write one output file per input into")
    p.add_argument("-f", "--format", choices=FORMATS, default="text", help="output format")
    _add_input_format(p)
    p.add_argument(
        "--explain",
        action="store_true",
        help="list every removed block with its filter and reason "
        "(stderr for text and markdown, a 'removed' field in JSON)",
    )
    _add_config_arguments(p)
    p.add_argument("--url", default="", help="the page's URL, recorded in metadata")
    p.add_argument("--charset", help="the input's charset when known (e.g. from HTTP headers)")
    p.add_argument("--timeout", type=float, help="seconds allowed per document (0: no limit)")
    p.add_argument("--max-bytes", type=int, help="largest input accepted, in bytes (0: no limit)")
    p.add_argument(
        "--articles-only",
        action="store_true",
        default=None,
        help="give no text for pages that are not articles (forums, products, listings ...)",
    )
    p.add_argument("--list-filters", action="store_true", help="list the filters and exit")
    batch_cli.add_arguments(p)
    return p


def build_explain_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleaner explain",
        description="Clean one page or text and write an HTML report of what was removed and why "
        "(see docs/explain.md).",
    )
    p.add_argument("input", help="the page or text file; '-' reads standard input")
    p.add_argument("-o", "--output", help="report file to write (default: standard output)")
    _add_input_format(p)
    p.add_argument("--url", default="", help="the page's URL (also picks its site template)")
    p.add_argument("--charset", help="the input's charset when known")
    _add_config_arguments(p)
    p.set_defaults(timeout=None, max_bytes=None)  # make_config's overrides: none, keep the config's
    return p


def build_learn_templates_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleaner learn-templates",
        description="Learn each site's template (blocks recurring across its pages) from a batch "
        "and save it for `cleaner --templates FILE` (see docs/templates.md).",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        help="pages (HTML or text files), or .jsonl files with a 'url' and an 'html', "
        "'page_text' or 'text' field per line",
    )
    p.add_argument("-o", "--output", required=True, help="the templates JSON file to write")
    p.add_argument(
        "--host",
        default="",
        help="host (or URL) of pages that carry none: text files, HTML without a canonical link",
    )
    _add_input_format(p)
    p.add_argument("--min-pages", type=int, default=5, help="pages a host needs (default 5)")
    p.add_argument(
        "--share",
        type=float,
        default=0.5,
        help="share of a host's pages a block must appear on (default 0.5)",
    )
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
    if args.templates:
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
        return explain(argv[1:])
    if argv and argv[0] == "learn-templates":
        return learn_templates(argv[1:])
    if argv and argv[0] == "clean":
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    if args.list_filters:
        profiles = load_profiles()
        for name, cls in FILTERS.items():
            doc = (cls.__doc__ or "").strip().splitlines()
            notes = [] if cls.default_enabled else ["off by default"]
            runs = [t for t, p in profiles.items() if name in p.run]
            if notes and runs:
                notes.append(f"on for {', '.join(runs)} pages")
            state = f" ({'; '.join(notes)})" if notes else ""
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


def explain(argv: Sequence[str]) -> int:
    """`cleaner explain`: one page in, its HTML report out."""
    from cleaner.report import build_report

    args = build_explain_parser().parse_args(argv)
    try:
        result = Cleaner(make_config(args)).clean(
            _read_input(args.input),
            input_format=args.input_format,
            url=args.url,
            charset=args.charset,
        )
    except CleanerError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return exc.exit_code
    report = build_report(result, name="stdin" if args.input == "-" else Path(args.input).name)
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
    else:
        sys.stdout.write(report)
    return 0


def learn_templates(argv: Sequence[str]) -> int:
    """`cleaner learn-templates`: a batch of pages in, each host's template file out."""
    from cleaner.readers import read
    from cleaner.templates import TemplateLearner, host_of, iter_pages

    args = build_learn_templates_parser().parse_args(argv)
    try:
        learner = TemplateLearner(min_pages=args.min_pages, share=args.share)
        skipped = 0
        for name, data, url in iter_pages(args.inputs, args.host):
            try:
                doc = read(data, args.input_format, url=url)
            except CleanerError as exc:
                print(f"cleaner: {name}: {exc}", file=sys.stderr)
                continue
            page_url = doc.metadata.url or url
            if not host_of(page_url):
                skipped += 1
                continue
            learner.add(page_url, doc)
        templates = learner.templates()
        templates.save(args.output)
    except CleanerError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return exc.exit_code
    if skipped:
        print(
            f"cleaner: {skipped} page(s) had no URL and no --host; they were not counted",
            file=sys.stderr,
        )
    for host, tpl in templates.hosts.items():
        print(f"{host}: {len(tpl)} template blocks over {tpl.pages} pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
