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
from functools import cache

import numpy as np
from numpy.typing import NDArray

from cleaner.document import PAGE_TYPES, Block, Document
from cleaner.features.cues import PAGE_CUES, PERSON_CUES
from cleaner.patterns import Patterns

# --- per-line cues -----------------------------------------------------------------------------
#
# The lines are joined with "\n" into one string and each pattern runs once over it (re.M: "^"
# and "$" are line ends); a match counts for the line it starts in. So no pattern may cross a
# line end: blanks are [^\S\n], negated classes exclude "\n".

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
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)\]]?(?:[^\S\n]|$)", re.M)
_ENDS_SENTENCE = re.compile(r"[.!?。！？…][\"'”’»)\]]{0,4}$", re.M)
_PRICE = re.compile(
    r"(?:[$€£¥₹][^\S\n]?\d|\d(?:[.,]\d{2})?[^\S\n]?(?:[$€£¥₹]|usd|eur|gbp)\b"
    r"|\b(?:usd|eur|gbp)[^\S\n]?\d)",
    re.I,
)
_RATING = re.compile(
    r"(?:[★☆✩✪⭐]|\b\d(?:\.\d)?[^\S\n]?(?:/|out of)[^\S\n]?(?:5|10)\b"
    r"|\b\d[\d,]{0,12}[^\S\n](?:reviews?|ratings?|stars?)\b)",
    re.I,
)
_DATE = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[^\S\n]\d{1,2}\b"
    r"|\b\d{1,2}[^\S\n](?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b(?:19|20)\d\d\b)",
    re.I,
)
_AGO = re.compile(
    r"\b(?:\d+|an?|one)[^\S\n]?(?:s|sec|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|"
    r"weeks?|mo|months?|y|yrs?|years?)[^\S\n](?:ago)\b|\b(?:yesterday|today|just now)\b",
    re.I,
)
# Forum furniture: post actions, member details, post counters.
_FORUM = re.compile(
    r"^(?:reply|quote|report|like|likes|share|permalink|joined|posts?|messages?|member|"
    r"members|moderator|admin|registered|location|reputation|thanks|solved|solution|"
    r"\d+[^\S\n](?:replies|repl(?:y|ies)|posts?|views?|likes?|members?|comments?)|#\d+)\b"
    r"|\b(?:joined|posts|reputation|registered):?[^\S\n][^\s]"
    r"|\b(?:replied|posted|wrote|commented)\b",
    re.I | re.M,
)
# Calls to action and site furniture words, as whole short lines.
_CTA = re.compile(
    r"^(?:read|learn|see|view|show|load|shop|buy|add|sign|log|subscribe|follow|share|"
    r"download|get|start|try|contact|book|order|explore|discover|watch|back|next|previous|"
    r"prev|more|menu|search|home|skip|close|cart|account|help|login|register|join|apply|"
    r"continue|click|go)\b",
    re.I | re.M,
)
_CODE_CHARS = "{}()[];=<>_/\\|$#@*&^%~`"
_CODE = re.compile(
    r"(?:^[^\S\n]*(?:\$|>>>|#include|import |from [^\s]+ import|def |class |function |var |"
    r"let |const |return |public |private |if \(|for \()|[a-z]\w{0,60}\([^)\n]{0,200}\)|"
    r"[a-z]_[a-z_]|[a-z][A-Z][a-z]|[;{}][^\S\n]*$|=>|::|==|!=|&&)",
    re.M,
)
# The parts of _CODE that need no code character (_CODE itself runs only on lines with one).
_CODE_WORDS = re.compile(
    r"^[^\S\n]*(?:import |from [^\s]+ import|def |class |function |var |let |const |return |"
    r"public |private )",
    re.M,
)
_CAMEL = re.compile(r"[a-z][A-Z][a-z]")
# Words one of which an _AGO match holds (a fast literal pass picks the lines to try).
_AGO_WORDS = re.compile(r"ago|yesterday|today|just now", re.I)
_URL = re.compile(r"https?://|www\.|[^\s]@[^\s]{1,100}\.\w|\.(?:com|org|net|io)\b", re.I)
_SEPARATORS = re.compile(r"[^\S\n][|·•/»›>][^\S\n]|[^\S\n][|·•»›]|[|·•»›][^\S\n]")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)
_NON_WORD = re.compile(r"[^\w\n]+")
_CARD = re.compile(r"^[^.!?\n]{15,160}?[a-z]{3}[A-Z](?:[a-z]|[^\S\n])", re.M)


# Case-blind patterns run faster case-sensitive over the lower-cased text (their literals are
# all lower case); _base_rows uses these copies when lower-casing keeps every offset.
_LOWER = {
    p: re.compile(p.pattern, p.flags & ~re.I)
    for p in (_PRICE, _RATING, _DATE, _AGO, _AGO_WORDS, _FORUM, _CTA, _URL, _COPYRIGHT)
}


def _cjk(cp: NDArray[np.int64]) -> NDArray[np.bool_]:
    return np.asarray(
        ((cp >= 0x3040) & (cp <= 0x30FF))
        | ((cp >= 0x3400) & (cp <= 0x9FFF))
        | ((cp >= 0xAC00) & (cp <= 0xD7AF))
    )


_TABLE_SIZE = 0x10000


@cache
def _char_tables() -> NDArray[np.uint8]:
    """Bit flags per code point of the Basic Multilingual Plane: 1 letter, 2 upper case,
    4 digit, 8 word character (as `\\w`), 16 code character, 32 space."""
    chars = [chr(i) for i in range(_TABLE_SIZE)]
    table = np.zeros(_TABLE_SIZE, dtype=np.uint8)
    table |= np.fromiter(map(str.isalpha, chars), bool, _TABLE_SIZE).astype(np.uint8)
    table |= np.fromiter(map(str.isupper, chars), bool, _TABLE_SIZE).astype(np.uint8) << 1
    table |= np.fromiter(map(str.isdigit, chars), bool, _TABLE_SIZE).astype(np.uint8) << 2
    word = np.fromiter((c.isalnum() or c == "_" for c in chars), bool, _TABLE_SIZE)
    table |= word.astype(np.uint8) << 3
    table[[ord(c) for c in _CODE_CHARS]] |= 16
    table[ord(" ")] |= 32
    return table


def _flags(cp: NDArray[np.int64]) -> NDArray[np.uint8]:
    """The flags of `_char_tables` for each code point (beyond the BMP: computed one by one)."""
    table = _char_tables()
    out = table[np.minimum(cp, _TABLE_SIZE - 1)]
    wide = np.flatnonzero(cp >= _TABLE_SIZE)
    for i in wide.tolist():
        c = chr(int(cp[i]))
        out[i] = c.isalpha() | c.isupper() << 1 | c.isdigit() << 2 | (c.isalnum() or c == "_") << 3
    return np.asarray(out)


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
    # What kind of page the words say (the HTML page-type cues, counted per line): prices and
    # carts, forum and docs words, service calls, listing controls, bylines, dates, and who
    # speaks (I, we, you).
    *(f"cue_{c}" for c in PAGE_CUES),
    *(f"person_{c}" for c in PERSON_CUES),
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
    *(f"page_cue_{c}" for c in PAGE_CUES),
    *(f"page_rate_{c}" for c in PERSON_CUES),
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


def _starts(lengths: NDArray[np.int64]) -> NDArray[np.int64]:
    """Where each line begins in the lines joined with "\n"."""
    return np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)


def _hits(
    pattern: re.Pattern[str],
    texts: NDArray[np.object_],
    lengths: NDArray[np.int64],
    joined: str,
    gate: NDArray[np.bool_] | None = None,
) -> NDArray[np.int64]:
    """Matches of `pattern` per line, in one pass over the lines joined (`joined`), or over
    only the lines in `gate`, when given: those that can match at all. `texts`: the lines as
    an object array (gathering the gated ones by index is half the cost of a list's)."""
    n = len(texts)
    idx = np.arange(n) if gate is None else np.flatnonzero(gate)
    out = np.zeros(n, dtype=np.int64)
    if not len(idx):
        return out
    text = joined if gate is None else "\n".join(texts[idx].tolist())
    pos = [m.start() for m in pattern.finditer(text)]
    if pos:
        line = np.searchsorted(_starts(lengths[idx]), np.array(pos), side="right") - 1
        out[idx] = np.bincount(line, minlength=len(idx))
    return out


def _objects(texts: list[str]) -> NDArray[np.object_]:
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out


def _text_rows(texts: list[str]) -> NDArray[np.float64]:
    """The base features that depend on a line's text alone (the others stay 0 here), one
    pass a pattern over the joined text and NumPy over its code points."""
    n = len(texts)
    text = "\n".join(texts)
    lengths = np.fromiter(map(len, texts), np.int64, n)
    starts = _starts(lengths)
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    flags = _flags(cp)
    line_of = np.repeat(np.arange(n), lengths + 1)[: len(cp)]

    def count(mask: NDArray[np.bool_]) -> NDArray[np.float64]:
        return np.bincount(line_of, weights=mask.astype(np.float64), minlength=n).astype(np.float64)

    letters = count((flags & 1) > 0)
    upper = count((flags & 2) > 0)
    digits = count((flags & 4) > 0)
    word_chars = count((flags & 8) > 0)
    code_chars = count((flags & 16) > 0)
    spaces = count((flags & 32) > 0)
    cjk = count(_cjk(cp))
    words = np.where(lengths > 0, spaces + 1, 0.0)
    words = np.maximum(words, cjk // 2)
    # Tokens (`\w+` runs): count, stop words, first letters that are letters / upper case. A
    # token starts at a word character after a non-word one; `findall` lists them in order.
    word = (flags & 8) > 0
    first = np.flatnonzero(word & ~np.concatenate(([False], word[:-1])))
    tokens = _WORD.findall(text)
    tok_line = line_of[first]
    first_flags = flags[first]
    n_tok = np.bincount(tok_line, minlength=n).astype(np.float64)
    alpha_tok = np.bincount(tok_line, weights=(first_flags & 1) > 0, minlength=n)
    title_tok = np.bincount(tok_line, weights=(first_flags & 3) == 3, minlength=n)
    is_stop = np.fromiter(map(_STOPWORDS.__contains__, map(str.lower, tokens)), bool, len(tokens))
    stops = np.bincount(tok_line, weights=is_stop, minlength=n)
    last = np.maximum(starts + lengths - 1, 0)
    last_cp = cp[np.minimum(last, len(cp) - 1)]
    first_flags_line = flags[np.minimum(starts, len(cp) - 1)]
    length = np.maximum(lengths, 1).astype(np.float64)
    tok = np.maximum(n_tok, 1.0)
    short = words <= 6

    low = text.lower()
    lowered = _objects(low.split("\n")) if len(low) == len(text) else None
    lines = _objects(texts)

    def has(pattern: re.Pattern[str], gate: NDArray[np.bool_] | None = None) -> NDArray[np.bool_]:
        if lowered is not None and pattern in _LOWER:
            return _hits(_LOWER[pattern], lowered, lengths, low, gate) > 0
        return _hits(pattern, lines, lengths, text, gate) > 0

    def holding(chars: str) -> NDArray[np.bool_]:
        return count(np.isin(cp, [ord(c) for c in chars])) > 0

    # Prices and dates need a digit, ratings a digit or a star, URLs a dot or slash, code a
    # code character (or a keyword or camelCase): other lines skip those patterns.
    digit = digits > 0
    code = has(_CODE, code_chars > 0) | has(_CAMEL) | has(_CODE_WORDS)

    def last_in(chars: str) -> NDArray[np.float64]:
        return np.isin(last_cp, [ord(c) for c in chars]).astype(np.float64)

    x = np.zeros((n, len(BASE)))
    cols = {
        "words": np.log1p(words),
        "chars": np.log1p(lengths),
        "end_sentence": has(_ENDS_SENTENCE),
        "end_colon": last_in(":"),
        "end_comma": last_in(",;"),
        "end_question": last_in("?？"),
        "sentences": np.minimum(_hits(_SENTENCE_END, lines, lengths, text), 20).astype(np.float64),
        "stop_ratio": stops / tok,
        "title_ratio": title_tok / np.maximum(alpha_tok, 1.0),
        "upper_ratio": upper / np.maximum(letters, 1.0),
        "digit_ratio": digits / length,
        "alpha_ratio": letters / length,
        "code_char_ratio": code_chars / length,
        "code": code,
        "price": has(_PRICE, digit),
        "rating": has(_RATING, digit | (count(cp > 127) > 0)),
        "date": has(_DATE, digit),
        "ago": has(_AGO, has(_AGO_WORDS)),
        "forum": has(_FORUM),
        "cta": short & has(_CTA),
        "separators": _hits(_SEPARATORS, lines, lengths, text, holding("|·•/»›>")),
        "url": has(_URL, holding("./")),
        "copyright": has(_COPYRIGHT),
        "mean_word_len": word_chars / tok,
        "first_lower": np.array([t[:1].islower() for t in texts], dtype=np.float64),
        "first_digit": ((first_flags_line & 4) > 0).astype(np.float64),
        "first_symbol": np.array([not t[:1].isalnum() for t in texts], dtype=np.float64),
        "cjk": cjk / length,
        "card": has(_CARD),
        "joined": ((n_tok > 0) & short & (spaces == 0) & (letters < lengths)).astype(np.float64),
    }
    # The cue patterns are written for lower-cased text.
    lows = lowered if lowered is not None else _objects([t.lower() for t in texts])
    low_lengths = lengths if lowered is not None else np.fromiter(map(len, lows), np.int64, n)
    low_text = low if lowered is not None else "\n".join(lows)
    for prefix, patterns in (("cue_", PAGE_CUES), ("person_", PERSON_CUES)):
        for cue, pattern in patterns.items():
            hits = _hits(pattern, lows, low_lengths, low_text)
            cols[prefix + cue] = np.minimum(hits, 20).astype(float)
    for name, col in cols.items():
        x[:, _IDX[name]] = col
    return x


def _base_rows(
    lines: tuple[Block, ...], removed: set[int], known: dict[str, NDArray[np.float64]] | None
) -> NDArray[np.float64]:
    """The base features of every line but the dup and section ones (base_matrix's). Rows of
    texts in `known` are taken from there, the others computed and added to it: a filter that
    scores a text and then its own output again (line_model's settling rounds) reads most
    lines twice."""
    texts = [b.text for b in lines]
    if known is None:
        x = _text_rows(texts)
    else:
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            known.update(zip(missing, _text_rows(missing), strict=True))
        x = np.array([known[t] for t in texts])
    x[:, _IDX["heading"]] = [b.kind == "heading" for b in lines]
    x[:, _IDX["indent"]] = [min(b.source.indent, 40) / 4.0 for b in lines]
    x[:, _IDX["removed_before"]] = [b.index in removed for b in lines]
    return x


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
    doc: Document,
    own: str = "",
    patterns: Patterns | None = None,
    known: dict[str, NDArray[np.float64]] | None = None,
) -> tuple[tuple[Block, ...], NDArray[np.float64]]:
    """The lines as read (doc.original) and their base features.

    `removed_before` marks lines that earlier filters dropped (their removals by the filter
    named `own` do not count, so that running the filter twice decides the same). `known`:
    a cache of the per-text features, from text to row (see _base_rows)."""
    lines = doc.original or doc.blocks
    removed = {r.index for r in doc.removals if r.new_text is None and r.filter != own}
    x = _base_rows(lines, removed, known) if lines else np.zeros((0, len(BASE)))
    if doc.blocks:
        sections = section_evidence(doc, patterns)
        for i, b in enumerate(lines):
            name = sections.get(b.index)
            if name:
                x[i, _IDX[f"section_{name}"]] = 1.0
    # normalise() of every line at once: case-folded, runs of non-word characters as one space.
    keys = (
        [
            k.strip()
            for k in _NON_WORD.sub(" ", "\n".join(b.text for b in lines).casefold()).split("\n")
        ]
        if lines
        else []
    )
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
            *(float(np.log1p(base[:, _IDX[f"cue_{c}"]].sum())) for c in PAGE_CUES),
            *(float(base[:, _IDX[f"person_{c}"]].sum()) / total * 100 for c in PERSON_CUES),
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
