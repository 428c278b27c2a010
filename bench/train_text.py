"""Train text mode's learned models: page type, line classifier, confidence.

    python -m bench.train_text                       # fold figures, then the shipped models
    python -m bench.train_text --folds-only          # fold figures only, nothing written
    python -m bench.train_text --out-of-fold FILE    # also write per-page out-of-fold outputs

Data: wcxb-dev's textmode.jsonl.gz (page text rendered by inscriptis, and the reviewed main
content), and the same pages' HTML (pages.jsonl.gz) rendered by the other renderers that
bench.accuracy measures (bench/render.py: BeautifulSoup get_text("\n"), html2text), so that the
model does not learn one renderer's line breaking. A page's renderings share its fold; the
figures are on the inscriptis texts (the benchmark's), with the other renderings' out-of-fold
figures beside them. aeb's 181 news pages (inscriptis, and the same renderers over its HTML)
join the training as articles, in the same domain folds, so aeb's text-mode figures printed here
are out of fold too (`--aeb ''` leaves them out). Every line of every page is labelled
content when most of its words sit in a 4-word shingle of the truth (so a short heading
that leads into the article counts, a menu word that happens to occur in it does not).

Figures are out of fold: pages are split into 5 folds by domain (md5 of the host without
"www.", mod 5); for each fold the three models are trained on the other four folds (the
page-type probabilities the line model trains on are themselves out of fold, from an inner
split), written to a temporary directory, and the full text chain, with the `line_model`
filter pointed at those files, cleans the held-out pages. The shipped models are then
trained on all pages, with the same settings. Deterministic: fixed seeds, deterministic=True,
one thread by default.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bench.folds import FOLDS, fold_of
from bench.render import INSCRIPTIS
from bench.scoring import mean_word_scores, score, word_scores
from cleaner import Cleaner, Config
from cleaner.chain import FILTERS, build_chain
from cleaner.document import PAGE_TYPES, Document
from cleaner.features import text as feats
from cleaner.filters.line_model import (
    CONFIDENCE_MODEL,
    CONTEXT_MODEL,
    LINE_MODEL,
    PAGE_TYPE_MODEL,
    LineModel,
)
from cleaner.models.trees import from_lightgbm
from cleaner.readers.text import read_text

DATA = Path("/work/shared/datasets/wcxb-dev")
AEB = Path("/work/shared/datasets/aeb")
SEED = 13
_TOKEN = feats._WORD

LINE_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.08,
    # Depth bounds the run time (the NumPy evaluator walks every tree to its deepest leaf);
    # leaves do not, and three renderings of every page give the data for more of them.
    "num_leaves": 63,
    "max_depth": 8,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "max_bin": 63,
}
LINE_ROUNDS = 220
TYPE_PARAMS: dict[str, Any] = {
    "objective": "multiclass",
    "num_class": len(PAGE_TYPES),
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 10,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
}
TYPE_ROUNDS = 120
CONF_PARAMS: dict[str, Any] = {
    "objective": "regression",
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
}
CONF_ROUNDS = 150


def text_config(disable: tuple[str, ...] = ()) -> Config:
    """The default config, with the HTML-only steps off (they do nothing to text; off, they
    are not even built, so training does not need the HTML models)."""
    html_only = tuple(name for name, cls in FILTERS.items() if "text" not in cls.formats)
    return Config(disable=(*html_only, *disable))


def render_rows(
    rows: list[dict[str, Any]], data: Path, name: str, cache: Path | None
) -> list[dict[str, Any]]:
    """`rows` with `page_text` rendered from the page's HTML by renderer `name` (bench/render.py),
    read from (or written to) a JSON-lines file in `cache` when one is given."""
    from bench.render import RENDERERS

    wanted = {r["id"] for r in rows}
    texts: dict[str, str] = {}
    path = cache / f"{data.name}_{name}.jsonl" if cache else None
    if path is not None and path.exists():
        with path.open(encoding="utf-8") as fh:
            texts = {r["id"]: r["page_text"] for r in map(json.loads, fh)}
    if not wanted <= texts.keys():
        render = RENDERERS[name]()
        texts = {}
        for page in load(data / "pages.jsonl.gz"):
            if page["id"] not in wanted:
                continue
            try:
                texts[page["id"]] = render(page["html"])
            except Exception:  # an unrenderable page becomes an empty text, as in bench.render
                texts[page["id"]] = ""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as fh:
                for i, t in texts.items():
                    fh.write(json.dumps({"id": i, "page_text": t}) + "\n")
    return [
        {**r, "id": f"{r['id']}@{name}", "source": r["id"], "page_text": texts[r["id"]]}
        for r in rows
    ]


def load(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


# --- labels ------------------------------------------------------------------------------------


def line_labels(lines: Sequence[str], truth: str, n: int = 4) -> tuple[list[float], list[int]]:
    """For each line, the share of its words covered by an n-word shingle of the truth, and
    its word count. Shingles run across line ends, so a short heading followed by the
    article's first words is covered, a lone menu word is not."""
    gold = _TOKEN.findall(truth.lower())
    stream: list[str] = []
    owner: list[int] = []
    counts = []
    for i, line in enumerate(lines):
        toks = _TOKEN.findall(line.lower())
        counts.append(len(toks))
        stream += toks
        owner += [i] * len(toks)
    covered = np.zeros(len(stream), dtype=bool)
    if len(gold) < n:
        short = set(gold)
        for j, t in enumerate(stream):
            covered[j] = t in short
    else:
        grams = {tuple(gold[k : k + n]) for k in range(len(gold) - n + 1)}
        for j in range(len(stream) - n + 1):
            if tuple(stream[j : j + n]) in grams:
                covered[j : j + n] = True
    hits = np.zeros(len(lines))
    np.add.at(hits, np.array(owner, dtype=np.int64), covered.astype(np.float64))
    return [h / c if c else 0.0 for h, c in zip(hits.tolist(), counts, strict=True)], counts


# --- data ----------------------------------------------------------------------------------------


class Page:
    """One page: what the line model sees before it runs, and the labels."""

    def __init__(self, row: dict[str, Any], doc: Document | None) -> None:
        self.id = row["id"]
        self.url = row.get("url", "")
        self.type = row["page_type"]
        self.truth = row["text"]
        self.page_text = row["page_text"]
        self.source = row.get("source", self.id)  # a copy or rendering names its page
        self.weight = 1.0  # the page's weight in the line models' training
        self.fold = fold_of(self.url, self.source)
        if doc is None or not doc.original:
            self.base = np.zeros((0, len(feats.BASE)))
            self.page = np.zeros(len(feats.PAGE))
            self.cover = np.zeros(0)
            self.tokens = np.zeros(0)
            self.current = np.zeros(0, dtype=bool)
            self.texts: list[str] = []
            return
        lines, self.base = feats.base_matrix(doc, own=LineModel.name)
        self.texts = [b.text for b in lines]
        self.page = feats.page_features(self.base)
        cover, tokens = line_labels([b.text for b in lines], self.truth)
        self.cover = np.array(cover)
        self.tokens = np.array(tokens, dtype=np.float64)
        alive = {b.index for b in doc.blocks}
        self.current = np.array([b.index in alive for b in lines], dtype=bool)


def prepare(rows: list[dict[str, Any]], config: Config) -> list[Page]:
    """Read every page and run the chain up to (not including) line_model."""
    chain = build_chain(config.with_overrides(disable=(*config.disable, LineModel.name)))
    steps = chain.filters
    pages = []
    for row in rows:
        doc: Document | None = None
        if row["page_text"].strip():
            doc = read_text(row["page_text"], url=row.get("url", ""))
            for step in steps:
                doc = step(doc)
        pages.append(Page(row, doc))
    return pages


def cleaned_copies(pages: Sequence[Page], config: Config) -> list[Page]:
    """For each page, its content lines alone, read again as a text of their own (what
    cleaning the output again sees): extra training pages, so that the model keeps content
    that has lost the boilerplate around it. Never scored, never in the page-type model."""
    chain = build_chain(config.with_overrides(disable=(*config.disable, LineModel.name)))
    out = []
    for p in pages:
        lines = [t for t, c, a in zip(p.texts, p.cover, p.current, strict=True) if c >= 0.5 and a]
        if not lines:
            continue
        doc = read_text("\n".join(lines))
        for step in chain.filters:
            doc = step(doc)
        row = {
            "id": f"{p.id}#clean",
            "url": p.url,
            "page_type": p.type,
            "text": p.truth,
            "page_text": "\n".join(lines),
        }
        copy = Page(row, doc)
        copy.fold = p.fold
        copy.source = p.id
        out.append(copy)
    return out


# --- training -----------------------------------------------------------------------------------


def _train(
    params: dict[str, Any],
    rounds: int,
    x: NDArray[np.float64],
    y: NDArray[Any],
    weight: NDArray[np.float64] | None,
    names: Sequence[str],
    threads: int,
) -> Any:
    import lightgbm as lgb

    full = {
        **params,
        "seed": SEED,
        "deterministic": True,
        "force_row_wise": True,
        "num_threads": threads,
        "verbosity": -1,
    }
    data = lgb.Dataset(x, label=y, weight=weight, feature_name=list(names), free_raw_data=True)
    return lgb.train(full, data, num_boost_round=rounds)


def _dump(
    booster: Any,
    names: Sequence[str],
    path: Path,
    classes: Sequence[str] = (),
    meta: dict[str, Any] | None = None,
) -> None:
    model = from_lightgbm(booster.dump_model(), list(names), list(classes) or None, meta)
    path.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")


def train_page_type(pages: Sequence[Page], threads: int) -> Any:
    x = np.array([p.page for p in pages])
    y = np.array([PAGE_TYPES.index(p.type) for p in pages])
    return _train(TYPE_PARAMS, TYPE_ROUNDS, x, y, None, feats.PAGE, threads)


def type_probs(booster: Any, pages: Sequence[Page]) -> NDArray[np.float64]:
    if not pages:
        return np.zeros((0, len(PAGE_TYPES)))
    return np.asarray(booster.predict(np.array([p.page for p in pages])))


def inner_type_probs(pages: Sequence[Page], threads: int) -> dict[str, NDArray[np.float64]]:
    """Out-of-fold page-type probabilities for `pages`, by their own folds."""
    out: dict[str, NDArray[np.float64]] = {}
    for k in sorted({p.fold for p in pages}):
        train = [p for p in pages if p.fold != k]
        held = [p for p in pages if p.fold == k]
        booster = train_page_type(train, threads)
        for p, probs in zip(held, type_probs(booster, held), strict=True):
            out[p.id] = probs
    return out


def labels(p: Page) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Content labels and weights of a page's lines. Each page weighs the same (the metric
    is a mean over pages, times the page's own weight); within a page a line weighs its words."""
    total = max(1.0, float(p.tokens.sum()))
    weight = np.maximum(p.tokens, 0.5) / total * 100.0 * p.weight
    return (p.cover >= 0.5).astype(np.float64), weight


def line_rows(pages: Sequence[Page], types: dict[str, NDArray[np.float64]]) -> dict[str, Any]:
    """Each page's first-stage feature rows (float32, to keep the training set small)."""
    return {
        p.id: feats.line_matrix(p.base, p.page, types[p.id]).astype(np.float32)
        for p in pages
        if len(p.base)
    }


def fit(pages: Sequence[Page], rows: dict[str, Any], names: Sequence[str], threads: int) -> Any:
    use = [p for p in pages if p.id in rows]
    x = np.vstack([rows[p.id] for p in use])
    y, w = (np.concatenate(v) for v in zip(*(labels(p) for p in use), strict=True))
    return _train(LINE_PARAMS, LINE_ROUNDS, x, y, w, names, threads)


def predict(booster: Any, pages: Sequence[Page], rows: dict[str, Any]) -> dict[str, Any]:
    return {p.id: np.asarray(booster.predict(rows[p.id])) for p in pages if p.id in rows}


def context_rows(pages: Sequence[Page], rows: dict[str, Any], p1: dict[str, Any]) -> dict[str, Any]:
    return {
        p.id: feats.context_matrix(rows[p.id].astype(np.float64), p1[p.id], p.base).astype(
            np.float32
        )
        for p in pages
        if p.id in rows
    }


def train_two_stage(
    pages: Sequence[Page], rows: dict[str, Any], p1_oof: dict[str, Any] | None, threads: int
) -> tuple[Any, Any]:
    """First stage on all `pages`; second stage on the first stage's out-of-fold
    probabilities (from `p1_oof`, or from two halves of `pages` split by fold)."""
    first = fit(pages, rows, feats.LINE, threads)
    if p1_oof is None:
        p1_oof = {}
        folds = sorted({p.fold for p in pages})
        half = set(folds[: len(folds) // 2])
        a = [p for p in pages if p.fold in half]
        b = [p for p in pages if p.fold not in half]
        for train, held in ((a, b), (b, a)):
            p1_oof.update(predict(fit(train, rows, feats.LINE, threads), held, rows))
    second = fit(pages, context_rows(pages, rows, p1_oof), feats.CONTEXT, threads)
    return first, second


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    def ranks(v: Sequence[float]) -> NDArray[np.float64]:
        arr = np.asarray(v, dtype=np.float64)
        order = np.argsort(arr, kind="mergesort")
        r = np.empty(len(arr))
        r[order] = np.arange(len(arr))
        # average ties
        for value in np.unique(arr):
            idx = np.where(arr == value)[0]
            if len(idx) > 1:
                r[idx] = r[idx].mean()
        return r

    ra, rb = ranks(a), ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def fold_options(folder: Path) -> dict[str, Any]:
    """line_model options for one fold's model files (as `--keep-folds` keeps them)."""
    return {
        "model": str(folder / "lines.json"),
        "context_model": str(folder / "context.json"),
        "page_type_model": str(folder / "types.json"),
        "confidence_model": str(folder / "conf.json"),
    }


def clean_pages(
    pages: Sequence[Page], options: dict[str, Any], config: Config
) -> dict[str, tuple[str, Any]]:
    """The full text chain over the pages' texts, with line_model options (model paths)."""
    from cleaner.errors import CleanerError

    cleaner = Cleaner(config.with_overrides(filter_options={LineModel.name: options}))
    out: dict[str, tuple[str, Any]] = {}
    for p in pages:
        try:
            result = cleaner.clean(p.page_text, input_format="text")
            out[p.id] = (result.text, result)
        except CleanerError:
            out[p.id] = ("", None)
    return out


def confidence_rows(
    pages: Sequence[Page],
    types: dict[str, NDArray[np.float64]],
    rows: dict[str, Any],
    p1: dict[str, Any],
    second: Any,
    threshold: float,
    probs: dict[str, Any] | None = None,
) -> NDArray[np.float64]:
    out = []
    for p in pages:
        if p.id not in rows:
            out.append(
                feats.confidence_features(
                    p.base, p.page, np.zeros(0), np.zeros(0, dtype=bool), types[p.id]
                )
            )
            continue
        x2 = feats.context_matrix(rows[p.id].astype(np.float64), p1[p.id], p.base)
        pr = np.asarray(second.predict(x2))
        if probs is not None:
            probs[p.id] = pr
        kept = p.current & (pr >= threshold)
        out.append(feats.confidence_features(p.base, p.page, pr, kept, types[p.id]))
    return np.array(out)


def report_table(pages: Sequence[Page], outputs: dict[str, str], name: str) -> dict[str, Any]:
    by_type: dict[str, list[Any]] = defaultdict(list)
    for p in pages:
        s = word_scores(outputs.get(p.id, ""), p.truth)
        by_type[p.type].append(s)
        by_type["all"].append(s)
    return {t: round(mean_word_scores(v)["f1"], 4) for t, v in by_type.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--folds-only", action="store_true", help="fold figures only, write nothing")
    ap.add_argument("--out", type=Path, default=LINE_MODEL.parent, help="model directory")
    ap.add_argument(
        "--out-of-fold",
        type=Path,
        default=None,
        help="write per-page out-of-fold outputs and scores (JSON lines)",
    )
    ap.add_argument("--threshold", type=float, default=0.45)
    ap.add_argument(
        "--dump-probs",
        type=Path,
        default=None,
        help="pickle the out-of-fold line probabilities (to study decision rules)",
    )
    ap.add_argument(
        "--renderers",
        default="bs4,html2text",
        help="other renderings of the pages' HTML to train on (bench/render.py names; '' for none)",
    )
    ap.add_argument(
        "--render-cache",
        type=Path,
        default=None,
        help="directory to keep the renderings in (read when there, else written)",
    )
    ap.add_argument(
        "--inscriptis-weight",
        type=float,
        default=1.0,
        help="weight of the inscriptis texts (the benchmark's) against the other renderings",
    )
    ap.add_argument(
        "--keep-folds",
        type=Path,
        default=None,
        help="keep each fold's models here (to study decision settings out of fold)",
    )
    ap.add_argument(
        "--aeb",
        type=lambda v: Path(v) if v else None,
        default=AEB,
        help="aeb's data directory, whose news pages join the training as articles ('' for none)",
    )
    ap.add_argument(
        "--aeb-weight", type=float, default=1.0, help="weight of aeb's pages against wcxb's"
    )
    ap.add_argument("--disable", default="", help="filters to switch off (comma list), to measure")
    args = ap.parse_args(argv)
    config = text_config(tuple(n for n in args.disable.split(",") if n))

    started = time.time()
    rows = load(args.data / "textmode.jsonl.gz", args.limit)
    pages = prepare(rows, config)
    for p in pages:
        p.weight = args.inscriptis_weight
    renderers = [n for n in args.renderers.split(",") if n]
    others: list[Page] = []
    for name in renderers:
        others += prepare(render_rows(rows, args.data, name, args.render_cache), config)
    # aeb's news pages, all articles, in the same domain folds: its figures below are out of
    # fold like wcxb's.
    news: dict[str, list[Page]] = {}
    if args.aeb:
        news_rows = [
            {**r, "page_type": "article"} for r in load(args.aeb / "textmode.jsonl.gz", args.limit)
        ]
        news[INSCRIPTIS] = prepare(news_rows, config)
        for name in renderers:
            news[name] = prepare(render_rows(news_rows, args.aeb, name, args.render_cache), config)
    news_pages = [p for group in news.values() for p in group]
    for p in news_pages:
        p.weight = args.aeb_weight
    everything = [*pages, *others, *news_pages]
    copies = cleaned_copies([*pages, *news.get(INSCRIPTIS, [])], config)
    n_lines = sum(len(p.base) for p in pages)
    print(
        f"{len(pages)} pages, {n_lines} lines (other renderings: {len(others)} pages, "
        f"{sum(len(p.base) for p in others)} lines), prepared in {time.time() - started:.0f} s",
        file=sys.stderr,
    )
    print(f"folds (pages): {dict(sorted(Counter(p.fold for p in pages).items()))}")

    oof_types: dict[str, NDArray[np.float64]] = {}
    oof_text: dict[str, str] = {}
    oof_conf_x: dict[str, NDArray[np.float64]] = {}
    oof_p1: dict[str, Any] = {}
    oof_probs: dict[str, Any] = {}
    tmp = tempfile.TemporaryDirectory()
    fold_dir = args.keep_folds or Path(tmp.name)
    for k in range(FOLDS):
        t0 = time.time()
        train = [p for p in everything if p.fold != k]
        held = [p for p in everything if p.fold == k]
        inner = inner_type_probs(train, args.threads)
        type_booster = train_page_type(train, args.threads)
        held_types = dict(zip([p.id for p in held], type_probs(type_booster, held), strict=True))
        oof_types.update(held_types)
        train_copies = [c for c in copies if c.fold != k]
        held_copies = [c for c in copies if c.fold == k]
        inner.update({c.id: inner[c.source] for c in train_copies})
        train_rows = line_rows([*train, *train_copies], inner)
        first, second = train_two_stage([*train, *train_copies], train_rows, None, args.threads)
        del train_rows
        held_rows = line_rows(held, held_types)
        held_p1 = predict(first, held, held_rows)
        oof_p1.update(held_p1)
        copy_types = {c.id: held_types[c.source] for c in held_copies}
        oof_types.update(copy_types)
        oof_p1.update(predict(first, held_copies, line_rows(held_copies, copy_types)))
        # Confidence inputs for the held-out pages, from this fold's models.
        conf = confidence_rows(
            held, held_types, held_rows, held_p1, second, args.threshold, oof_probs
        )
        oof_conf_x.update(zip([p.id for p in held], conf, strict=True))
        folder = fold_dir / f"fold{k}"
        folder.mkdir(parents=True, exist_ok=True)
        _dump(type_booster, feats.PAGE, folder / "types.json", PAGE_TYPES)
        _dump(first, feats.LINE, folder / "lines.json")
        _dump(second, feats.CONTEXT, folder / "context.json")
        # The confidence model is not known yet (it is fitted on out-of-fold rows below); the
        # chain needs one, so a constant stands in for it here.
        _constant_model(folder / "conf.json")
        options = {**fold_options(folder), "threshold": args.threshold}
        outs = clean_pages(held, options, config)
        oof_text.update({i: t for i, (t, _) in outs.items()})
        table = report_table([p for p in held if p.id == p.source], oof_text, f"fold {k}")
        print(
            f"fold {k}: {len(held)} texts, F1 {table['all']:.3f} (inscriptis), "
            f"{time.time() - t0:.0f} s",
            flush=True,
        )

    # Out-of-fold figures.
    keep = {p.id: p.page_text for p in everything}
    oof_table = report_table(pages, oof_text, "oof")
    keep_table = report_table(pages, keep, "keep")
    print("\nout-of-fold word F1 by page type (keep all -> cleaner text mode), inscriptis:")
    for t in ("all", *PAGE_TYPES):
        print(f"  {t:14s} {keep_table.get(t, 0):.3f} -> {oof_table.get(t, 0):.3f}")
    by_renderer: dict[str, Any] = {}
    for name in renderers:
        mine = [p for p in others if p.id.endswith(f"@{name}")]
        by_renderer[name] = {
            "keep_all_f1": report_table(mine, keep, name),
            "oof_f1": report_table(mine, oof_text, name),
        }
        print(
            f"{name}: keep all {by_renderer[name]['keep_all_f1']['all']:.3f} -> "
            f"out of fold {by_renderer[name]['oof_f1']['all']:.3f}"
        )

    for name, group in news.items():
        by_renderer[f"aeb_{name}"] = {
            "keep_all_f1": round(score((p.page_text, p.truth) for p in group)["f1"], 4),
            "oof_f1": round(score((oof_text.get(p.id, ""), p.truth) for p in group)["f1"], 4),
        }
        print(
            f"aeb {name} (shingle F1): keep all {by_renderer[f'aeb_{name}']['keep_all_f1']:.3f}"
            f" -> out of fold {by_renderer[f'aeb_{name}']['oof_f1']:.3f}"
        )

    # Page type: out-of-fold accuracy.
    pred_types = {i: PAGE_TYPES[int(np.argmax(v))] for i, v in oof_types.items()}
    acc = float(np.mean([pred_types[p.id] == p.type for p in pages]))
    print(f"\npage type, out-of-fold accuracy: {acc:.3f}")
    per = {
        t: float(np.mean([pred_types[p.id] == t for p in pages if p.type == t])) for t in PAGE_TYPES
    }
    print("  recall by type: " + ", ".join(f"{t} {v:.2f}" for t, v in per.items()))

    # Confidence: regressor on out-of-fold summaries of the line scores, itself reported
    # out of fold (same folds).
    # Fitted on every rendering's texts; reported on the inscriptis pages.
    f1 = {p.id: word_scores(oof_text.get(p.id, ""), p.truth)["f1"] for p in everything}
    cx = np.array([oof_conf_x[p.id] for p in everything])
    cy = np.array([f1[p.id] for p in everything])
    folds = np.array([p.fold for p in everything])
    conf_all = np.zeros(len(everything))
    for k in range(FOLDS):
        booster = _train(
            CONF_PARAMS,
            CONF_ROUNDS,
            cx[folds != k],
            cy[folds != k],
            None,
            feats.CONFIDENCE,
            args.threads,
        )
        conf_all[folds == k] = np.clip(booster.predict(cx[folds == k]), 0, 1)
    conf_oof = conf_all[: len(pages)]
    py = cy[: len(pages)]
    rho = spearman(conf_oof.tolist(), py.tolist())
    hi = py[conf_oof >= 0.5]
    lo = py[conf_oof < 0.5]
    print(
        f"\nconfidence, out-of-fold: Spearman {rho:.3f} with per-page F1; "
        f"mean F1 {hi.mean() if len(hi) else float('nan'):.3f} on {len(hi)} pages with "
        f"confidence >= 0.5, {lo.mean() if len(lo) else float('nan'):.3f} on {len(lo)} below"
    )

    figures = {
        "oof_f1": oof_table,
        "keep_all_f1": keep_table,
        "other_renderings": by_renderer,
        "page_type_accuracy": round(acc, 4),
        "page_type_recall": {t: round(v, 4) for t, v in per.items()},
        "confidence_spearman": round(rho, 4),
        "confidence_high": [round(float(hi.mean()), 4) if len(hi) else None, len(hi)],
        "confidence_low": [round(float(lo.mean()), 4) if len(lo) else None, len(lo)],
        "pages": len(pages),
        "lines": n_lines,
        "folds": FOLDS,
    }
    if args.out_of_fold:
        with args.out_of_fold.open("w", encoding="utf-8") as fh:
            for i, p in enumerate(pages):
                fh.write(
                    json.dumps(
                        {
                            "id": p.id,
                            "page_type": p.type,
                            "fold": p.fold,
                            "predicted_type": pred_types[p.id],
                            "confidence": float(conf_oof[i]),
                            "f1": f1[p.id],
                            "text": oof_text.get(p.id, ""),
                        }
                    )
                    + "\n"
                )
    print(json.dumps(figures))
    if args.dump_probs:
        import pickle

        with args.dump_probs.open("wb") as fh:
            pickle.dump(
                {
                    p.id: {
                        "p": oof_probs.get(p.id),
                        "current": p.current,
                        "cover": p.cover,
                        "tokens": p.tokens,
                        "type": p.type,
                        "texts": p.texts,
                        "truth": p.truth,
                        "fold": p.fold,
                        "types": oof_types.get(p.id),
                    }
                    for p in pages
                },
                fh,
            )
    if args.folds_only:
        return 0

    # The shipped models: all pages.
    t0 = time.time()
    type_booster = train_page_type(everything, args.threads)
    all_rows = line_rows([*everything, *copies], oof_types)
    first, second = train_two_stage([*everything, *copies], all_rows, oof_p1, args.threads)
    conf_booster = _train(CONF_PARAMS, CONF_ROUNDS, cx, cy, None, feats.CONFIDENCE, args.threads)
    meta = {
        "data": (
            f"wcxb-dev textmode (inscriptis), HTML rendered by {', '.join(renderers)}"
            + (f"; aeb ({args.aeb.name}) the same way" if args.aeb else "")
        ),
        "pages": len(pages),
        "lines": n_lines,
        "out_of_fold": figures,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    _dump(type_booster, feats.PAGE, args.out / PAGE_TYPE_MODEL.name, PAGE_TYPES, meta)
    _dump(first, feats.LINE, args.out / LINE_MODEL.name, (), meta)
    _dump(second, feats.CONTEXT, args.out / CONTEXT_MODEL.name, (), meta)
    _dump(conf_booster, feats.CONFIDENCE, args.out / CONFIDENCE_MODEL.name, (), meta)
    print(
        f"\nshipped models written to {args.out} in {time.time() - t0:.0f} s; "
        f"total {time.time() - started:.0f} s",
        file=sys.stderr,
    )
    return 0


def _constant_model(path: Path, value: float = 0.5) -> None:
    model = {
        "format": "cleaner-trees/1",
        "objective": "regression",
        "features": list(feats.CONFIDENCE),
        "classes": [],
        "depth": 0,
        "trees": [
            {"feature": [-1], "threshold": [0.0], "left": [0], "right": [0], "value": [value]}
        ],
        "meta": {},
    }
    path.write_text(json.dumps(model), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
