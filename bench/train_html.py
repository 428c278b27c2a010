"""Train the HTML models (page type, block content, confidence) on wcxb-dev.

    python -m bench.train_html [--data DIR] [--limit N] [--cache FILE] [--no-full] [--no-ship]

Every figure printed is out-of-fold: pages are split into 5 folds by domain
(md5 of the host without "www."), each fold is scored by models trained on
the other four, and with --full (the default) the whole cleaner chain is run
on each held-out fold with that fold's models. The shipped models are then
trained on all pages. Writes cleaner/models/html_*.json and
bench/results/train_html.md; rerunning it reproduces the shipped files.
Needs `pip install -e '.[train]'` (LightGBM).
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
from scipy.stats import spearmanr

from bench.folds import FOLDS, fold_of
from bench.scoring import word_scores
from cleaner import Cleaner, Config
from cleaner.chain import FILTERS, PROFILES, REPLACED, VOTERS, Chain, build_chain
from cleaner.document import PAGE_TYPES, Block, word_count
from cleaner.features.html import (
    block_feature_names,
    block_features,
    confidence_feature_names,
    confidence_features,
    page_feature_names,
    page_features,
)
from cleaner.filters.content_model import (
    BLOCK_MODEL,
    CONFIDENCE_MODEL,
    PAGE_TYPE_MODEL,
    collect_votes,
)
from cleaner.filters.duplicates import repeated
from cleaner.models.trees import from_lightgbm
from cleaner.readers import read

DATA = Path("/work/shared/datasets/wcxb-dev")
RESULTS = Path(__file__).resolve().parent / "results" / "train_html.md"
SEED = 7
THRESHOLD = 0.5  # fixed beforehand, not tuned on the data
# A page type gets its own cut from this grid where, on the training folds, that
# raises the type's mean F1 by more than THRESHOLD_GAIN over THRESHOLD.
THRESHOLD_GRID = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
THRESHOLD_GAIN = 0.02
_WORD = re.compile(r"\w+")

BLOCK_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 31,
    "max_depth": 8,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "lambda_l2": 1.0,
    "seed": SEED,
    "deterministic": True,
    "num_threads": 1,
    "verbose": -1,
}
BLOCK_ROUNDS = 150
# Extremely randomised trees: on the held-back folds they beat plain boosting
# for the page type (0.868 against 0.847 accuracy; 8 variants were tried).
TYPE_PARAMS: dict[str, Any] = {
    "objective": "multiclass",
    "num_class": len(PAGE_TYPES),
    "learning_rate": 0.05,
    "num_leaves": 15,
    "max_depth": 5,
    "min_data_in_leaf": 10,
    "feature_fraction": 0.7,
    "extra_trees": True,
    "lambda_l2": 1.0,
    "seed": SEED,
    "deterministic": True,
    "num_threads": 1,
    "verbose": -1,
}
TYPE_ROUNDS = 300
# Page features the page-type model does not use (train_types says why).
TYPE_IGNORED = ("log_blocks", "log_words", "prose_blocks")
CONF_PARAMS: dict[str, Any] = {
    "objective": "regression",
    "learning_rate": 0.05,
    "num_leaves": 7,
    "max_depth": 3,
    "min_data_in_leaf": 20,
    "seed": SEED,
    "deterministic": True,
    "num_threads": 1,
    "verbose": -1,
}
CONF_ROUNDS = 150


def gold_index(text: str) -> tuple[set[str], set[tuple[str, ...]]]:
    """The truth's lines and word trigrams."""
    lines = {" ".join(_WORD.findall(line.casefold())) for line in text.splitlines()}
    tokens = _WORD.findall(text.casefold())
    return lines, set(zip(tokens, tokens[1:], tokens[2:], strict=False))


def is_content(block: Block, lines: set[str], grams: set[tuple[str, ...]]) -> bool:
    """A block is content if it is a truth line (short blocks) or half its
    word trigrams are in the truth."""
    tokens = _WORD.findall(block.text.casefold())
    if not tokens:
        return False
    if len(tokens) < 3:
        return " ".join(tokens) in lines
    trigrams = list(zip(tokens, tokens[1:], tokens[2:], strict=False))
    return sum(g in grams for g in trigrams) >= 0.5 * len(trigrams)


def load_pages(data: Path, limit: int | None) -> list[dict[str, Any]]:
    rows = []
    with gzip.open(data / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def extract(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per page: page features, block features (page-type columns left 0),
    labels, word counts, block texts and the rule votes."""
    chain = build_chain(Config(disable=("content_model",)))
    voters = [s for s in chain.filters if s.name in VOTERS]
    # The steps before content_model (consent and paywall gates, appended
    # articles) run first, as they do in the chain.
    order = list(FILTERS)
    first = order[: order.index("content_model")]
    before = Chain([s for s in chain.filters if s.name in first and s.name not in REPLACED])
    out = []
    started = time.time()
    for i, page in enumerate(pages):
        item: dict[str, Any] = {"id": page["id"], "type": page["page_type"], "url": page["url"]}
        try:
            doc, _ = before.run(read(page["html"], "html", url=page["url"]))
        except Exception as exc:  # an unreadable page is skipped, and counted
            item["error"] = f"{type(exc).__name__}: {exc}"
            out.append(item)
            continue
        votes = collect_votes(doc, voters)
        lines, grams = gold_index(page["text"])
        item.update(
            page=page_features(doc),
            blocks=block_features(doc, votes, np.zeros(len(PAGE_TYPES))).astype(np.float32),
            labels=np.array([is_content(b, lines, grams) for b in doc.blocks], dtype=np.int8),
            words=np.array([word_count(b.text) for b in doc.blocks], dtype=np.float32),
            texts=[b.text for b in doc.blocks],
            votes=votes,
            gold=page["text"],
        )
        out.append(item)
        if (i + 1) % 100 == 0:
            print(
                f"  features: {i + 1}/{len(pages)} pages, {time.time() - started:.0f} s", flush=True
            )
    return out


def train_types(x: np.ndarray, y: np.ndarray) -> lgb.Booster:
    """The page-type model. The page-size columns are held constant, so that no tree
    splits on them: size tells wcxb-dev's types apart for reasons of that sample (its
    empty forum shells are tiny), not of the types (held back: 0.869 against 0.861
    accuracy, two seeds)."""
    x = x.copy()
    names = page_feature_names()
    x[:, [names.index(n) for n in TYPE_IGNORED]] = 0.0
    return lgb.train(TYPE_PARAMS, lgb.Dataset(x, y), TYPE_ROUNDS)


def block_weights(words: np.ndarray) -> np.ndarray:
    """Each page weighs the same (the metric is a mean over pages); within a
    page a block weighs by its words."""
    return (words + 1) / (words.sum() + 1) * 100


def train_blocks(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> lgb.Booster:
    return lgb.train(BLOCK_PARAMS, lgb.Dataset(x, y, weight=w), BLOCK_ROUNDS)


class Pages:
    """The extracted pages, with the page-type columns filled in."""

    def __init__(self, items: list[dict[str, Any]], type_probs: dict[str, np.ndarray]) -> None:
        self.items = items
        start = block_feature_names().index(f"type_{PAGE_TYPES[0]}")
        self.x: dict[str, np.ndarray] = {}
        for it in items:
            x = it["blocks"].astype(np.float64)
            x[:, start : start + len(PAGE_TYPES)] = type_probs[it["id"]]
            self.x[it["id"]] = x

    def first(self, chosen: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (
            np.vstack([self.x[it["id"]] for it in chosen]),
            np.concatenate([it["labels"] for it in chosen]),
            np.concatenate([block_weights(it["words"]) for it in chosen]),
        )


def oof_blocks(
    pages: Pages, fold: dict[str, int]
) -> tuple[dict[str, np.ndarray], dict[int, lgb.Booster]]:
    """Out-of-fold block scores for every page, and each fold's model."""
    out: dict[str, np.ndarray] = {}
    models = {}
    for k in range(FOLDS):
        train = [it for it in pages.items if fold[it["id"]] != k]
        models[k] = train_blocks(*pages.first(train))
        for it in pages.items:
            if fold[it["id"]] == k:
                out[it["id"]] = models[k].predict(pages.x[it["id"]])
    return out, models


def page_text(it: dict[str, Any], keep: np.ndarray) -> str:
    return "\n".join(t for t, k in zip(it["texts"], keep, strict=True) if k)


def grid_scores(
    items: list[dict[str, Any]], scores: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Per page, the model-alone F1 at every cut of THRESHOLD_GRID."""
    return {
        it["id"]: np.array(
            [
                word_scores(page_text(it, scores[it["id"]] >= cut), it["gold"])["f1"]
                for cut in THRESHOLD_GRID
            ]
        )
        for it in items
    }


def choose_thresholds(grid: dict[str, np.ndarray], predicted: dict[str, str]) -> dict[str, float]:
    """Per predicted page type, the cut that raised the pages' mean F1 enough."""
    chosen = {}
    base = THRESHOLD_GRID.index(THRESHOLD)
    for page_type in PAGE_TYPES:
        rows = [f1 for pid, f1 in grid.items() if predicted[pid] == page_type]
        if not rows:
            continue
        mean = np.mean(rows, axis=0)
        best = int(np.argmax(mean))
        if mean[best] - mean[base] > THRESHOLD_GAIN:
            chosen[page_type] = THRESHOLD_GRID[best]
    return chosen


def by_type(scores: dict[str, float], types: dict[str, str]) -> dict[str, float]:
    groups: dict[str, list[float]] = defaultdict(list)
    for pid, f in scores.items():
        groups[types[pid]].append(f)
        groups["all"].append(f)
    return {t: float(np.mean(v)) for t, v in groups.items()}


def save(booster: lgb.Booster, names: list[str], path: Path, **meta: Any) -> None:
    classes = list(PAGE_TYPES) if booster.params.get("objective") == "multiclass" else None
    data = from_lightgbm(booster.dump_model(), names, classes, meta)
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


# Steps after content_model that a profile may switch off for a page type.
PROFILED = (
    "glued_metadata",
    "duplicate_title",
    "promos",
    "read_also",
    "placeholders",
    "photo_credits",
    "share_bars",
    "newsletter",
    "cookies",
    "copyright",
    "duplicate_passages",
)
# Steps off by default that a profile may switch on for a page type, each with the
# function that gives the indexes it would drop from the chain's output (they run last).
OPTIONAL: dict[str, Callable[[Iterable[Block]], list[int]]] = {"duplicate_blocks": repeated}
# Leaving a step out (or running an optional one) must raise a type's held-back F1 by
# this much to count.
PROFILE_GAIN = 0.002


# One page's whole-chain run: F1, F1 change per profiled step, page type given, text.
Run = tuple[float, dict[str, float], str, str]


def run_chain(
    pages: list[dict[str, Any]], models: dict[str, Path], profiles: Path | None
) -> dict[str, Run]:
    """The whole chain with given models: per page, its F1, the F1 it would
    have with each profiled step left out (or each optional one run), the
    page type it was given and its text."""
    options = {
        "page_type_model": str(models["type"]),
        "block_model": str(models["block"]),
        "confidence_model": "none",
    }
    config = Config(
        filter_options={"content_model": options}, timeout=0, profiles=str(profiles or "")
    )
    cleaner = Cleaner(config)
    out: dict[str, Run] = {}
    for page in pages:
        try:
            result = cleaner.clean(page["html"], input_format="html", url=page["url"])
        except Exception:
            out[page["id"]] = (word_scores("", page["text"])["f1"], {}, "", "")
            continue
        f1 = word_scores(result.text, page["text"])["f1"]
        without = {}
        kept = {b.index: b.text for b in result.blocks}
        for step in PROFILED:
            undo = {r.index: r for r in result.removals if r.filter == step}
            if not undo:
                continue
            texts = dict(kept)
            for b in result.original:
                if b.index in undo:
                    texts[b.index] = b.text
            text = "\n".join(texts[i] for i in sorted(texts))
            without[step] = word_scores(text, page["text"])["f1"] - f1
        for step, drops in OPTIONAL.items():
            gone = set(drops(result.blocks))
            if gone and step not in {r.filter for r in result.removals}:
                text = "\n".join(b.text for b in result.blocks if b.index not in gone)
                without[step] = word_scores(text, page["text"])["f1"] - f1
        out[page["id"]] = (f1, without, result.page_type, result.text)
    return out


def choose_profiles(runs: dict[str, Run]) -> dict[str, list[str]]:
    """Per page type (as classified), the steps whose removal raised mean F1."""
    gains: dict[tuple[str, str], float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for _, without, page_type, _ in runs.values():
        counts[page_type] += 1
        for step, gain in without.items():
            gains[(page_type, step)] += gain
    chosen: dict[str, list[str]] = defaultdict(list)
    for (page_type, step), total in sorted(gains.items()):
        if page_type and total / counts[page_type] > PROFILE_GAIN:
            chosen[page_type].append(step)
    return dict(chosen)


def write_profiles(chosen: dict[str, list[str]], path: Path, header: str) -> None:
    """Chosen steps as profiles.toml: profiled ones in `skip`, optional ones in `run`."""
    lines = [header.rstrip(), ""]
    for page_type in PAGE_TYPES:
        if not chosen.get(page_type):
            continue
        lines.append(f"[{page_type}]")
        for key, steps in (
            ("skip", [s for s in chosen[page_type] if s not in OPTIONAL]),
            ("run", [s for s in chosen[page_type] if s in OPTIONAL]),
        ):
            if steps:
                lines.append(f"{key} = [{', '.join(json.dumps(s) for s in steps)}]")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


PROFILE_HEADER = PROFILES.read_text(encoding="utf-8").split("\n\n")[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cache", type=Path, default=None, help="reuse/store extracted features here")
    ap.add_argument("--no-ship", action="store_true", help="do not write the shipped models")
    ap.add_argument(
        "--out-of-fold",
        type=Path,
        default=None,
        help="write each page's held-back output (text, F1, page type) as JSON lines",
    )
    ap.add_argument(
        "--seed",
        type=int,
        default=SEED,
        help="LightGBM's seed; with another one (and --no-ship) the figures show how much a "
        "refit alone moves them",
    )
    args = ap.parse_args(argv)
    for params in (BLOCK_PARAMS, TYPE_PARAMS, CONF_PARAMS):
        params["seed"] = args.seed

    pages = load_pages(args.data, args.limit)
    if args.cache and args.cache.exists():
        items = pickle.loads(args.cache.read_bytes())
    else:
        items = extract(pages)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(items))
    unreadable = [it for it in items if "error" in it]
    items = [it for it in items if "error" not in it]
    print(f"{len(items)} pages with features, {len(unreadable)} unreadable", flush=True)
    fold = {it["id"]: fold_of(it["url"]) for it in items}
    types = {p["id"]: p["page_type"] for p in pages}

    # 1. Page type.
    px = np.vstack([it["page"] for it in items])
    py = np.array([PAGE_TYPES.index(it["type"]) for it in items])
    pf = np.array([fold[it["id"]] for it in items])
    oof_types = np.zeros((len(items), len(PAGE_TYPES)))
    type_models = {}
    for k in range(FOLDS):
        type_models[k] = train_types(px[pf != k], py[pf != k])
        oof_types[pf == k] = type_models[k].predict(px[pf == k])
    type_acc = float(np.mean(oof_types.argmax(1) == py))
    print(f"page type accuracy (out of fold): {type_acc:.3f}", flush=True)
    type_probs = {it["id"]: oof_types[i] for i, it in enumerate(items)}
    data = Pages(items, type_probs)

    # 2. Blocks.
    oof_scores, block_models = oof_blocks(data, fold)
    grid = grid_scores(items, oof_scores)
    predicted = {pid: PAGE_TYPES[int(np.argmax(p))] for pid, p in type_probs.items()}
    fold_thresholds = {
        k: choose_thresholds({p: g for p, g in grid.items() if fold[p] != k}, predicted)
        for k in range(FOLDS)
    }
    page_threshold = {
        pid: fold_thresholds[fold[pid]].get(predicted[pid], THRESHOLD) for pid in grid
    }
    model_alone = {
        pid: float(g[THRESHOLD_GRID.index(page_threshold[pid])]) for pid, g in grid.items()
    }
    alone = {k: round(v, 3) for k, v in by_type(model_alone, types).items()}
    print("blocks kept by the model alone:", alone)

    # 3. The whole chain on each held-out fold with its models: once without
    # profiles (what each later step does, per page type), then with the
    # profiles chosen from the other four folds' runs.
    by_fold: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for p in pages:
        by_fold[fold_of(p["url"])].append(p)
    plain: dict[str, Run] = {}
    held_out: dict[str, tuple[float, str, str]] = {}  # F1, page type given, text
    fold_profiles: dict[int, dict[str, list[str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        empty_profiles = Path(tmp) / "none.toml"
        empty_profiles.write_text("", encoding="utf-8")
        for k in range(FOLDS):
            paths[k] = {"type": Path(tmp) / f"type{k}.json", "block": Path(tmp) / f"block{k}.json"}
            save(type_models[k], page_feature_names(), paths[k]["type"])
            save(
                block_models[k],
                block_feature_names(),
                paths[k]["block"],
                threshold=THRESHOLD,
                thresholds=fold_thresholds[k],
            )
            plain.update(run_chain(by_fold[k], paths[k], empty_profiles))
        for k in range(FOLDS):
            others = {pid: r for pid, r in plain.items() if fold_of(_url(pages, pid)) != k}
            fold_profiles[k] = choose_profiles(others)
            profile_path = Path(tmp) / f"profiles{k}.toml"
            write_profiles(fold_profiles[k], profile_path, PROFILE_HEADER)
            for pid, (f1, _, page_type, text) in run_chain(
                by_fold[k], paths[k], profile_path
            ).items():
                held_out[pid] = (f1, page_type, text)
    final = {pid: f1 for pid, (f1, _, _) in held_out.items()}
    plain_t = by_type({pid: r[0] for pid, r in plain.items()}, types)
    final_t = by_type(final, types)
    print("whole chain, no profiles:", {k: round(v, 3) for k, v in plain_t.items()})
    print(
        "whole chain, profiles from the other folds:", {k: round(v, 3) for k, v in final_t.items()}
    )

    # 4. Confidence: the page's F1 from how sure the block model was.
    conf_x = np.vstack(
        [confidence_row(it, oof_scores, type_probs, page_threshold[it["id"]]) for it in items]
    )
    conf_y = np.array([final[it["id"]] for it in items])
    oof_conf = np.zeros(len(items))
    for k in range(FOLDS):
        m = lgb.train(CONF_PARAMS, lgb.Dataset(conf_x[pf != k], conf_y[pf != k]), CONF_ROUNDS)
        oof_conf[pf == k] = np.clip(m.predict(conf_x[pf == k]), 0, 1)
    rho = float(spearmanr(oof_conf, conf_y).statistic)
    hi, lo = conf_y[oof_conf >= 0.5], conf_y[oof_conf < 0.5]
    print(
        f"confidence: Spearman {rho:.3f}; mean F1 {hi.mean():.3f} on {len(hi)} pages >= 0.5, "
        f"{lo.mean() if len(lo) else float('nan'):.3f} on {len(lo)} below"
    )

    counts: dict[str, int] = defaultdict(int)
    for t in types.values():
        counts[t] += 1
        counts["all"] += 1
    alone_t = by_type(model_alone, types)
    report = [
        "# HTML models: held-back-fold figures on wcxb-dev",
        "",
        f"Written by `python -m bench.train_html` ({time.strftime('%Y-%m-%d')}). "
        f"{len(pages)} pages, {FOLDS} folds grouped by domain: every figure comes from models "
        "(and profiles) fitted without the page's domain. Block threshold "
        f"{THRESHOLD}, fixed beforehand; a page type gets a cut of its own from "
        f"{list(THRESHOLD_GRID)} where that raised its mean F1 on the training folds by more "
        f"than {THRESHOLD_GAIN}. Word-level F1 as the wcxb README defines it.",
        "",
        "| page type | pages | block model alone | whole chain, no profiles | whole chain |",
        "|---|---|---|---|---|",
    ]
    for t in (*PAGE_TYPES, "all"):
        report.append(
            f"| {t} | {counts[t]} | {alone_t.get(t, 0):.3f} | "
            f"{plain_t.get(t, 0):.3f} | **{final_t.get(t, 0):.3f}** |"
        )
    report += [
        "",
        f"- Page-type accuracy: {type_acc:.3f}.",
        f"- Confidence: Spearman {rho:.3f} with the true per-page F1 of the whole chain; mean "
        f"F1 {hi.mean():.3f} on the {len(hi)} pages at or above 0.5, "
        f"{lo.mean() if len(lo) else float('nan'):.3f} on the {len(lo)} below.",
        f"- Unreadable pages (scored as empty): {len(unreadable)}.",
        "- Block cuts chosen per fold (page types whose cut is not "
        f"{THRESHOLD}): " + "; ".join(f"fold {k}: {v}" for k, v in fold_thresholds.items()),
        "- Profiles chosen per fold (steps left out, or optional steps run, per page type): "
        + "; ".join(f"fold {k}: {dict(v)}" for k, v in fold_profiles.items()),
        "",
    ]

    if args.out_of_fold:
        with args.out_of_fold.open("w", encoding="utf-8") as fh:
            for p in pages:
                f1, given, text = held_out.get(p["id"], (0.0, "", ""))
                row = {"id": p["id"], "url": p["url"], "page_type": p["page_type"]}
                row |= {"fold": fold_of(p["url"]), "predicted_type": given, "f1": f1}
                fh.write(json.dumps({**row, "text": text}) + "\n")
    if not args.no_ship:
        save(train_types(px, py), page_feature_names(), PAGE_TYPE_MODEL)
        save(
            train_blocks(*data.first(items)),
            block_feature_names(),
            BLOCK_MODEL,
            threshold=THRESHOLD,
            thresholds=choose_thresholds(grid, predicted),
        )
        save(
            lgb.train(CONF_PARAMS, lgb.Dataset(conf_x, conf_y), CONF_ROUNDS),
            confidence_feature_names(),
            CONFIDENCE_MODEL,
        )
        write_profiles(choose_profiles(plain), PROFILES, PROFILE_HEADER)
        RESULTS.write_text("\n".join(report), encoding="utf-8")
        print(f"wrote the models in {BLOCK_MODEL.parent}, {PROFILES.name} and {RESULTS}")
    return 0


def _url(pages: list[dict[str, Any]], pid: str) -> str:
    return next(p["url"] for p in pages if p["id"] == pid)


def confidence_row(
    it: dict[str, Any],
    scores: dict[str, np.ndarray],
    types: dict[str, np.ndarray],
    threshold: float,
) -> np.ndarray:
    """The confidence model's input from cached block data and out-of-fold scores."""
    from cleaner.document import Document

    blocks = tuple(Block(index=i, text=t) for i, t in enumerate(it["texts"]))
    doc = Document(blocks=blocks, input_format="html")
    return confidence_features(doc, scores[it["id"]], threshold, types[it["id"]], it["votes"])


if __name__ == "__main__":
    sys.exit(main())
