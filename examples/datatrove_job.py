"""Example datatrove job: WARC files in, clean JSON lines out, on this machine.

    python examples/datatrove_job.py crawl/ --output cleaned/ --tasks 4
    python examples/datatrove_job.py crawl/ --output cleaned/ --glob '*.warc.gz' \
        --config cleaner.toml

datatrove's WarcReader reads the HTML response records of every WARC file under the input
folder (files are shared out among the tasks), cleaner's step turns each page into its article
text (pages with no article are dropped and counted), and JsonlWriter writes one
`<rank>.jsonl.gz` per task: {"text", "id", "metadata": {url, crawl_date, title, author, date,
language, ...}}. Per-step counts go to LOGS/stats.json. For a Slurm cluster, build the same
pipeline under datatrove's SlurmPipelineExecutor. Needs `pip install 'cleaner[datatrove]'`.
"""

from __future__ import annotations

import argparse

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner.config import Config
from cleaner.integrations.datatrove import CleanerExtractor


def main() -> None:
    p = argparse.ArgumentParser(description="Clean the HTML pages of WARC files into JSON lines.")
    p.add_argument("input", help="folder holding the WARC files (local path or fsspec URL)")
    p.add_argument("--output", required=True, help="folder to write <rank>.jsonl.gz files into")
    p.add_argument("--tasks", type=int, default=1, help="tasks (processes) to split the files over")
    p.add_argument("--glob", default=None, help="only files matching this glob, e.g. '*.warc.gz'")
    p.add_argument("--config", help="cleaner TOML config (filters, timeout, max_bytes)")
    p.add_argument(
        "--logs", default="logs/datatrove_job", help="datatrove's logging folder (stats, logs)"
    )
    args = p.parse_args()
    config = Config.from_toml(args.config) if args.config else Config()
    LocalPipelineExecutor(
        pipeline=[
            WarcReader(args.input, glob_pattern=args.glob),
            CleanerExtractor(config),
            JsonlWriter(args.output),
        ],
        tasks=args.tasks,
        logging_dir=args.logs,
        # A rerun into the same logging folder would otherwise skip tasks already done.
        skip_completed=False,
    ).run()


if __name__ == "__main__":  # forkserver workers re-import this module
    main()
