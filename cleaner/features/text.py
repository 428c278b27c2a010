"""Line features for text mode: one place that turns the lines of a scraped text into numbers.

A scraped text has no tags, but its lines still say a lot: length and shape, sentence
punctuation, stop-word density, digits, prices and ratings, forum cues ("Reply", "Joined",
post counts), code, repetition across the page, runs of short lines (menus), and position.
Each line gets those features, the same features of its neighbours (a context window), window
summaries, and a summary of the whole page (which also feeds the page-type classifier).

List markers are left out on purpose: renderers differ most there (inscriptis bullets every
list item, BeautifulSoup's get_text none), and a model that leaned on them lost 0.12 F1 on
the same pages rendered without them.

Used by the `line_model` filter at run time and by bench/train_text.py for training, so the
two always agree. NumPy only; the per-line work is a handful of regular expressions, and the
context features are array shifts.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from numpy.typing import NDArray

from cleaner.document import PAGE_TYPES, Block, Document, normalise
from cleaner.patterns import Patterns

# --- per-line cues -----------------------------------------------------------------------------

_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    one may might must shall us many much every""".split()
)
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)\]]?(?:\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?。！？…][\"'”’»)\]]{0,4}$")
_PRICE = re.compile(
    r"(?:[$€£¥₹]\s?\d|\d(?:[.,]\d{2})?\s?(?:[$€£¥₹]|usd|eur|gbp)\b|\b(?:usd|eur|gbp)\s?\d)", re.I
)
_RATING = re.compile(
    r"(?:[★☆✩✪⭐]|\b\d(?:\.\d)?\s?(?:/|out of)\s?(?:5|10)\b"
    r"|\b\d[\d,]{0,12}\s(?:reviews?|ratings?|stars?)\b)",
    re.I,
)
_DATE = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s\d{1,2}\b"
    r"|\b\d{1,2}\s(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b(?:19|20)\d\d\b)",
    re.I,
)
_AGO = re.compile(
    r"\b(?:\d+|an?|one)\s?(?:s|sec|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|"
    r"mo|months?|y|yrs?|years?)\s(?:ago)\b|\b(?:yesterday|today|just now)\b",
    re.I,
)
# Forum furniture: post actions, member details, post counters.
_FORUM = re.compile(
    r"^(?:reply|quote|report|like|likes|share|permalink|joined|posts?|messages?|member|"
    r"members|moderator|admin|registered|location|reputation|thanks|solved|solution|"
    r"\d+\s(?:replies|repl(?:y|ies)|posts?|views?|likes?|members?|comments?)|#\d+)\b"
    r"|\b(?:joined|posts|reputation|registered):?\s\S"
    r"|\b(?:replied|posted|wrote|commented)\b",
    re.I,
)
# Calls to action and site furniture words, as whole short lines.
_CTA = re.compile(
    r"^(?:read|learn|see|view|show|load|shop|buy|add|sign|log|subscribe|follow|share|"
    r"download|get|start|try|contact|book|order|explore|discover|watch|back|next|previous|"
    r"prev|more|menu|search|home|skip|close|cart|account|help|login|register|join|apply|"
    r"continue|click|go)\b",
    re.I,
)
_CODE_CHARS = frozenset("{}()[];=<>_/\\|$#@*&^%~`")
_CODE = re.compile(
    r"(?:^\s*(?:\$|>>>|#include|import |from \S+ import|def |class |function |var |let |const |"
    r"return |public |private |if \(|for \()|[a-z]\w{0,60}\([^)]{0,200}\)|[a-z]_[a-z_]|"
    r"[a-z][A-Z][a-z]|"
    r"[;{}]\s*$|=>|::|==|!=|&&)"
)
_URL = re.compile(r"https?://|www\.|\S@\S{1,100}\.\w|\.(?:com|org|net|io)\b", re.I)
_SEPARATORS = re.compile(r"\s[|·•/»›>]\s|\s[|·•»›]|[|·•»›]\s")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CARD = re.compile(r"^([^.!?]{15,160}?[a-z]{3})[A-Z](?:[a-z]|\s)")

# Names of the per-line base features, in column order.
BASE = (
    "words",
    "chars",
    "heading",
    "indent",
    "end_sentence",
    "end_colon",
    "end_comma",
    "end_question",
    "sentences",
    "stop_ratio",
    "title_ratio",
    "upper_ratio",
    "digit_ratio",
    "alpha_ratio",
    "code_char_ratio",
    "code",
    "price",
    "rating",
    "date",
    "ago",
    "forum",
    "cta",
    "separators",
    "url",
    "copyright",
    "mean_word_len",
    "first_lower",
    "first_digit",
    "first_symbol",
    "cjk",
    "card",
    "joined",
    "dup_count",
    "dup_earlier",
    "removed_before",
    "section_related",
    "section_comments",
)
# Base features repeated for neighbouring lines.
_CONTEXT_BASE = (
    "words",
    "end_sentence",
    "stop_ratio",
    "digit_ratio",
    "title_ratio",
    "removed_before",
    "price",
    "forum",
    "section_related",
    "section_comments",
)
_OFFSETS = (-3, -2, -1, 1, 2, 3)
_WINDOWS = (2, 5, 12)

PAGE = (
    "page_lines",
    "page_words",
    "page_short",
    "page_prose",
    "page_stop",
    "page_price",
    "page_rating",
    "page_forum",
    "page_code",
    "page_date",
    "page_ago",
    "page_dup",
    "page_title",
    "page_question",
    "page_digit",
    "page_removed",
    "page_cta",
    "page_max_words",
    "page_best_run",
    "page_best_run_lines",
    "page_cjk",
    "page_headings",
    "page_separators",
    "page_related",
    "page_comments",
)

LINE = (
    *(f"{n}" for n in BASE),
    *(f"{n}@{o:+d}" for o in _OFFSETS for n in _CONTEXT_BASE),
    *(f"win{w}_{s}" for w in _WINDOWS for s in ("words", "prose", "short")),
    "short_run",
    "prose_before",
    "prose_after",
    "shape_repeat",
    "position",
    "words_before",
    "rel_words",
    "in_best_run",
    "run_score",
    *PAGE,
    *(f"type_{t}" for t in PAGE_TYPES),
)

_IDX = {n: i for i, n in enumerate(BASE)}
PROSE_WORDS = 12


def _words(text: str) -> float:
    n = text.count(" ") + 1 if text else 0
    if not text.isascii():
        n = max(n, len(_CJK.findall(text)) // 2)
    return float(n)


def _base(block: Block, removed: bool) -> list[float]:
    text = block.text
    n = len(text) or 1
    words = _words(text)
    tokens = _WORD.findall(text)
    n_tok = len(tokens) or 1
    stops = sum(map(_STOPWORDS.__contains__, map(str.lower, tokens)))
    alpha_tokens = [t for t in tokens if t[0].isalpha()]
    title = sum(1 for t in alpha_tokens if t[0].isupper())
    # map() over str methods: the same counts as a generator, at a fraction of the cost.
    letters = sum(map(str.isalpha, text))
    upper = sum(map(str.isupper, text))
    digits = sum(map(str.isdigit, text))
    code_chars = sum(map(_CODE_CHARS.__contains__, text))
    last = text[-1]
    first = text[0]
    short = words <= 6
    card = _CARD.match(text)
    return [
        float(np.log1p(words)),
        float(np.log1p(len(text))),
        float(block.kind == "heading"),
        min(block.source.indent, 40) / 4.0,
        float(bool(_ENDS_SENTENCE.search(text))),
        float(last == ":"),
        float(last in ",;"),
        float(last in "?？"),
        float(min(len(_SENTENCE_END.findall(text)), 20)),
        stops / n_tok,
        title / (len(alpha_tokens) or 1),
        upper / (letters or 1),
        digits / n,
        letters / n,
        code_chars / n,
        float(bool(_CODE.search(text))),
        # Prices and dates need a digit (ratings a digit or a star): most lines skip them.
        float(digits > 0 and bool(_PRICE.search(text))),
        float((digits > 0 or not text.isascii()) and bool(_RATING.search(text))),
        float(digits > 0 and bool(_DATE.search(text))),
        float(bool(_AGO.search(text))),
        float(bool(_FORUM.search(text))),
        float(short and bool(_CTA.match(text))),
        float(len(_SEPARATORS.findall(text))),
        float(("." in text or "/" in text) and bool(_URL.search(text))),
        float(bool(_COPYRIGHT.search(text))),
        sum(map(len, tokens)) / n_tok,
        float(first.islower()),
        float(first.isdigit()),
        float(not first.isalnum()),
        len(_CJK.findall(text)) / n if not text.isascii() else 0.0,
        float(card is not None),
        float(bool(tokens) and short and " " not in text and not text.isalpha()),
        0.0,  # dup_count, filled per page
        0.0,  # dup_earlier
        float(removed),
        0.0,  # section_related, filled per page
        0.0,  # section_comments
    ]


def _best_run(scores: NDArray[np.float64]) -> tuple[int, int, float]:
    """[start, end) and total of the maximum-sum run of `scores` (Kadane)."""
    best = (0, 0, 0.0)
    total = 0.0
    start = 0
    for i, s in enumerate(scores.tolist()):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best[2]:
            best = (start, i + 1, total)
    return best


def _shift(col: NDArray[np.float64], offset: int, fill: float) -> NDArray[np.float64]:
    out = np.full_like(col, fill)
    if offset > 0 and offset < len(col):
        out[:-offset] = col[offset:]
    elif offset < 0 and -offset < len(col):
        out[-offset:] = col[:offset]
    return out


def _window_mean(col: NDArray[np.float64], w: int) -> NDArray[np.float64]:
    """Mean of `col` over the lines within `w` of each line (itself included)."""
    n = len(col)
    c = np.concatenate(([0.0], np.cumsum(col)))
    idx = np.arange(n)
    lo = np.maximum(0, idx - w)
    hi = np.minimum(n, idx + w + 1)
    return np.asarray((c[hi] - c[lo]) / (hi - lo))


def _run_lengths(mask: NDArray[np.bool_]) -> NDArray[np.float64]:
    """For each line, the length of the run of True lines it is in (0 if False)."""
    out = np.zeros(len(mask))
    i = 0
    n = len(mask)
    while i < n:
        if mask[i]:
            j = i
            while j < n and mask[j]:
                j += 1
            out[i:j] = j - i
            i = j
        else:
            i += 1
    return out


def _distance(mask: NDArray[np.bool_], forward: bool) -> NDArray[np.float64]:
    """Lines to the nearest True line before (or after) each line, capped at 50."""
    n = len(mask)
    out = np.full(n, 50.0)
    last = -1
    order = range(n - 1, -1, -1) if forward else range(n)
    for i in order:
        if last >= 0:
            out[i] = min(50.0, abs(i - last))
        if mask[i]:
            last = i
    return out


def section_evidence(doc: Document, patterns: Patterns | None = None) -> dict[int, str]:
    """Lines the section filters (related, comments) would drop from this text, by the
    filter's name: in text mode they are evidence, not verdicts."""
    from cleaner.filters.sections import Comments, Related

    out: dict[int, str] = {}
    for step in (Related(patterns=patterns), Comments(patterns=patterns)):
        before = len(doc.removals)
        for r in step.apply(doc).removals[before:]:
            out.setdefault(r.index, step.name)
    return out


def base_matrix(
    doc: Document, own: str = "", patterns: Patterns | None = None
) -> tuple[tuple[Block, ...], NDArray[np.float64]]:
    """The lines as read (doc.original) and their base features.

    `removed_before` marks lines that earlier filters dropped (their removals by the filter
    named `own` do not count, so that running the filter twice decides the same)."""
    lines = doc.original or doc.blocks
    removed = {r.index for r in doc.removals if r.new_text is None and r.filter != own}
    rows = [_base(b, b.index in removed) for b in lines]
    x = np.array(rows, dtype=np.float64).reshape(len(rows), len(BASE))
    if doc.blocks:
        sections = section_evidence(doc, patterns)
        for i, b in enumerate(lines):
            name = sections.get(b.index)
            if name:
                x[i, _IDX[f"section_{name}"]] = 1.0
    keys = [normalise(b.text) for b in lines]
    counts = Counter(keys)
    seen: set[str] = set()
    for i, k in enumerate(keys):
        x[i, _IDX["dup_count"]] = np.log1p(counts[k] - 1)
        x[i, _IDX["dup_earlier"]] = float(k in seen)
        seen.add(k)
    return lines, x


def _prose(base: NDArray[np.float64]) -> NDArray[np.bool_]:
    words = np.expm1(base[:, _IDX["words"]])
    return np.asarray((words >= PROSE_WORDS) & (base[:, _IDX["end_sentence"]] > 0))


def _line_scores(base: NDArray[np.float64]) -> NDArray[np.float64]:
    """main_text's prose score of each line: long sentence lines positive, short ones and
    lines earlier filters removed negative."""
    words = np.expm1(base[:, _IDX["words"]])
    sentence = base[:, _IDX["sentences"]] > 0
    junk = -(3.0 + 0.5 * words)
    score = np.where(
        (words >= PROSE_WORDS) & sentence,
        words,
        np.where(
            words >= 2 * PROSE_WORDS,
            0.5 * words,
            np.where(sentence & (words >= 5), 0.2 * words, junk),
        ),
    )
    bad = (
        (base[:, _IDX["card"]] > 0)
        | (base[:, _IDX["removed_before"]] > 0)
        | (base[:, _IDX["section_related"]] > 0)
        | (base[:, _IDX["section_comments"]] > 0)
    )
    return np.asarray(np.where(bad, junk, score))


def page_features(base: NDArray[np.float64]) -> NDArray[np.float64]:
    """A summary of the whole page, as one row (the page-type classifier's input)."""
    n = len(base)
    if n == 0:
        return np.zeros(len(PAGE))
    words = np.expm1(base[:, _IDX["words"]])
    total = float(words.sum()) or 1.0
    prose = _prose(base)
    scores = _line_scores(base)
    start, end, _ = _best_run(scores)

    def frac(name: str) -> float:
        return float((base[:, _IDX[name]] > 0).mean())

    return np.array(
        [
            np.log1p(n),
            np.log1p(total),
            float((words <= 4).mean()),
            float(prose.mean()),
            float((base[:, _IDX["stop_ratio"]] * words).sum() / total),
            frac("price"),
            frac("rating"),
            frac("forum"),
            frac("code"),
            frac("date"),
            frac("ago"),
            frac("dup_earlier"),
            float(base[:, _IDX["title_ratio"]].mean()),
            frac("end_question"),
            float(base[:, _IDX["digit_ratio"]].mean()),
            frac("removed_before"),
            frac("cta"),
            float(np.log1p(words.max())),
            float(words[start:end].sum() / total),
            (end - start) / n,
            float(base[:, _IDX["cjk"]].mean()),
            frac("heading"),
            float(base[:, _IDX["separators"]].mean()),
            frac("section_related"),
            frac("section_comments"),
        ]
    )


def line_matrix(
    base: NDArray[np.float64], page: NDArray[np.float64], type_probs: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Every line's features (columns as in LINE): its own, its neighbours', its windows',
    its place in the page, the page summary and the page-type probabilities."""
    n = len(base)
    if n == 0:
        return np.zeros((0, len(LINE)))
    cols: list[NDArray[np.float64]] = [base]
    fills = {"words": -1.0}
    for o in _OFFSETS:
        for name in _CONTEXT_BASE:
            cols.append(_shift(base[:, _IDX[name]], o, fills.get(name, -1.0))[:, None])
    words = np.expm1(base[:, _IDX["words"]])
    prose = _prose(base).astype(np.float64)
    short = (words <= 4).astype(np.float64)
    for w in _WINDOWS:
        for col in (base[:, _IDX["words"]], prose, short):
            cols.append(_window_mean(col, w)[:, None])
    scores = _line_scores(base)
    start, end, _ = _best_run(scores)
    in_run = np.zeros(n)
    in_run[start:end] = 1.0
    cum = np.cumsum(words) - words
    total = float(words.sum()) or 1.0
    median = float(np.median(words)) or 1.0
    shape = [
        (int(min(w, 30) // 3), int(d > 0.05), int(e))
        for w, d, e in zip(
            words.tolist(),
            base[:, _IDX["digit_ratio"]].tolist(),
            base[:, _IDX["end_sentence"]].tolist(),
            strict=True,
        )
    ]
    shapes = Counter(shape)
    extra = np.column_stack(
        [
            np.log1p(_run_lengths(short > 0)),
            np.log1p(_distance(prose > 0, forward=False)),
            np.log1p(_distance(prose > 0, forward=True)),
            np.log1p(np.array([shapes[s] - 1 for s in shape], dtype=np.float64)),
            np.arange(n) / max(1, n - 1),
            cum / total,
            np.log1p(words / median),
            in_run,
            np.sign(scores) * np.log1p(np.abs(scores)),
        ]
    )
    cols.append(extra)
    cols.append(np.broadcast_to(page, (n, len(page))))
    cols.append(np.broadcast_to(type_probs, (n, len(type_probs))))
    return np.hstack(cols)


# Second stage: the first stage's line probabilities, of the line and of its neighbours, as
# extra features. A line between two content lines is likelier content; a card in a grid of
# cards the first stage doubted is likelier a card.
_P_OFFSETS = (-4, -3, -2, -1, 1, 2, 3, 4)
_P_WINDOWS = (1, 3, 6, 12, 25)
CONTEXT = (
    *LINE,
    "p1",
    *(f"p1@{o:+d}" for o in _P_OFFSETS),
    *(f"p1_win{w}" for w in _P_WINDOWS),
    *(f"p1_wwin{w}" for w in _P_WINDOWS),
    "p1_page_mean",
    "p1_page_words",
    "p1_rank",
    "p1_before_max",
    "p1_after_max",
    "p1_run",
)


def context_matrix(
    x: NDArray[np.float64], p1: NDArray[np.float64], base: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The second stage's features: the line features and a summary of the first stage's
    probabilities around each line (columns as in CONTEXT)."""
    n = len(p1)
    if n == 0:
        return np.zeros((0, len(CONTEXT)))
    words = np.expm1(base[:, _IDX["words"]])
    cols: list[NDArray[np.float64]] = [x, p1[:, None]]
    for o in _P_OFFSETS:
        cols.append(_shift(p1, o, -1.0)[:, None])
    for w in _P_WINDOWS:
        cols.append(_window_mean(p1, w)[:, None])
    for w in _P_WINDOWS:
        num = _window_mean(p1 * words, w)
        den = _window_mean(words, w)
        cols.append(np.where(den > 0, num / np.maximum(den, 1e-9), 0.0)[:, None])
    total = float(words.sum()) or 1.0
    order = np.argsort(np.argsort(p1, kind="mergesort"), kind="mergesort")
    before = np.maximum.accumulate(np.concatenate(([0.0], p1[:-1])))
    after = np.maximum.accumulate(np.concatenate((p1[:0:-1], [0.0])))[::-1]
    cols.append(
        np.column_stack(
            [
                np.full(n, float(p1.mean())),
                np.full(n, float((p1 * words).sum() / total)),
                order / max(1, n - 1),
                before,
                after,
                np.log1p(_run_lengths(p1 >= 0.5)),
            ]
        )
    )
    return np.hstack(cols)


CONFIDENCE = (
    "conf_mean_p",
    "conf_kept_mean_p",
    "conf_dropped_mean_p",
    "conf_kept_words",
    "conf_uncertain_words",
    "conf_uncertain_lines",
    "conf_log_words",
    "conf_log_kept_words",
    "conf_type_max",
    "conf_best_run",
    "conf_prose",
    *(f"conf_type_{t}" for t in PAGE_TYPES),
)


def confidence_features(
    base: NDArray[np.float64],
    page: NDArray[np.float64],
    probs: NDArray[np.float64],
    kept: NDArray[np.bool_],
    type_probs: NDArray[np.float64],
) -> NDArray[np.float64]:
    """A page-level summary of the line scores (the confidence regressor's input): how sure
    the line model was, and how much it kept."""
    words = np.expm1(base[:, _IDX["words"]]) if len(base) else np.zeros(0)
    total = float(words.sum()) or 1.0
    kept_words = float(words[kept].sum()) if len(words) else 0.0
    uncertain = np.abs(probs - 0.5) < 0.25 if len(probs) else np.zeros(0, dtype=bool)

    def mean(x: NDArray[np.float64], w: NDArray[np.float64]) -> float:
        return float((x * w).sum() / w.sum()) if len(x) and w.sum() > 0 else 0.0

    return np.array(
        [
            mean(probs, words),
            mean(probs[kept], words[kept]) if kept.any() else 0.0,
            mean(probs[~kept], words[~kept]) if (~kept).any() else 1.0,
            kept_words / total,
            float(words[uncertain].sum()) / total if len(words) else 0.0,
            float(uncertain.mean()) if len(uncertain) else 0.0,
            np.log1p(total),
            np.log1p(kept_words),
            float(type_probs.max()) if len(type_probs) else 0.0,
            page[PAGE.index("page_best_run")],
            page[PAGE.index("page_prose")],
            *type_probs.tolist(),
        ]
    )
