"""Context: the text around a word, a phrase or a frame match.

A count says how often; the context says how it was used. Every line of context in the
essay is cut by one function, :func:`context_lines`, from the positional
:class:`~corpus_utils.count.TokenIndex`:

* :func:`kwic` (keyword in context) finds a word or phrase and cuts a line around each match;
* :func:`corpus_utils.frame.match_frames` cuts a line around each frame match, which
  :func:`corpus_utils.frame.evidence_lines` then shows;
* :func:`collocates` counts the content words within a window of a term, per group;
* :func:`surface_forms` says how the texts write a term (``Obama``, ``middle class``, ``ICE``),
  from the same matches, for the labels a reader sees.

How a line is cut, in words: the match is the original text from the first character of
its first token to the last character of its last token; the left context runs from the
start of the token ``window`` tokens before the match up to the match, the right context
from the end of the match to the end of the token ``window`` tokens after it. Context never
crosses into another document. Casing and punctuation are kept as written, and every run of
white space (line breaks included) becomes one space, so a line prints on one row.

Costs: finding matches and collocates is vectorized over the token index; the strings are
cut one match at a time (linear in the number of matches).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .count import TokenIndex, g2, index_tokens, load_stop_words, tokenize
from .errors import ParameterError
from .groups import comparisons

__all__ = ["collocates", "context_lines", "kwic", "kwic_table", "surface_forms"]

_LINE_COLUMNS = ["doc_id", "group", "left", "match", "right"]


def _squash(text: str) -> str:
    return " ".join(text.split())


def context_lines(tokens: TokenIndex, first, last, window: int = 5) -> pd.DataFrame:
    """Cut the text around token spans: left context, the match as written, right context.

    In words: for a span of tokens (``first`` to ``last``, positions in ``tokens``), the
    match is the original text from the start of token ``first`` to the end of token
    ``last``; ``left`` is the text from the start of token ``first - window`` up to the
    match and ``right`` the text from the end of the match to the end of token
    ``last + window``, both cut short at the edges of the span's document. Casing and
    punctuation are kept; runs of white space become one space.

    Parameters
    ----------
    tokens : TokenIndex
        The positional index the spans point into.
    first, last : int or array of int
        First and last token position of each span (``first <= last``, one document).
    window : int, default 5
        Tokens of context on each side; 0 gives empty ``left`` and ``right``.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, group, left, match, right``: one row per span, in the order given.

    Raises
    ------
    ParameterError
        If ``window`` is negative, or a span is empty, outside the index or runs over the
        end of its document.

    Examples
    --------
    >>> import pandas as pd, corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": ["1"], "group": ["a"],
    ...                        "text": ["We  build Public Safety, with trust."]})
    >>> context_lines(cu.index_tokens(corpus), 2, 3, window=1).values.tolist()
    [['1', 'a', 'build', 'Public Safety', ', with']]
    """
    if window < 0:
        raise ParameterError(f"window must be 0 or more tokens (got {window})")
    first = np.atleast_1d(np.asarray(first, dtype=np.int64))
    last = np.atleast_1d(np.asarray(last, dtype=np.int64))
    if first.shape != last.shape:
        raise ParameterError(f"first and last must have one value per span (got {len(first)} and {len(last)})")
    if len(first) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in _LINE_COLUMNS})
    docs = tokens.doc_of(first)
    if first.min() < 0 or last.max() >= tokens.n_tokens or (last < first).any() or (last >= tokens.doc_ptr[docs + 1]).any():
        raise ParameterError(
            "every span must run from a first to a last token of one document "
            f"(positions 0 to {tokens.n_tokens - 1}, first <= last)"
        )
    return pd.DataFrame(_cut(tokens, docs, first, last, window), dtype=object)


def _cut(tokens: TokenIndex, docs: np.ndarray, first: np.ndarray, last: np.ndarray, window: int) -> dict[str, list]:
    """The columns of :func:`context_lines` for spans already checked (``docs``: each span's document)."""
    left_from = np.maximum(first - window, tokens.doc_ptr[docs])
    right_to = np.minimum(last + window, tokens.doc_ptr[docs + 1] - 1)
    starts, ends = tokens.starts, tokens.ends
    lefts, matches, rights = [], [], []
    for d, lo, p, q, hi in zip(docs.tolist(), left_from.tolist(), first.tolist(), last.tolist(), right_to.tolist()):
        text = tokens.texts[d]
        lefts.append(_squash(text[starts[lo] : starts[p]]))
        matches.append(_squash(text[starts[p] : ends[q]]))
        rights.append(_squash(text[ends[q] : ends[hi]]))
    return {"doc_id": tokens.doc_ids[docs].tolist(), "group": tokens.labels[docs].tolist(),
            "left": lefts, "match": matches, "right": rights}


def _as_tokens(source) -> TokenIndex:
    if isinstance(source, TokenIndex):
        return source
    if isinstance(source, pd.DataFrame):
        return index_tokens(source)
    raise ParameterError(
        f"expected a TokenIndex or a corpus DataFrame (got {type(source).__name__})",
        fix="Pass cu.index_tokens(corpus) or the corpus itself",
    )


def _stop_mask(tokens: TokenIndex, stop_words) -> np.ndarray:
    stops = load_stop_words(stop_words)
    if not stops:
        return np.zeros(len(tokens.types), bool)
    return np.isin(tokens.types, np.array(sorted(stops), dtype=object))


def _spans(tokens: TokenIndex, term: str, stop_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last token position of every match of ``term``.

    A two-word term whose words are both content words matches as the document-term
    matrix counts it: the two words with only stop words (and no clause break) between
    them, so the phrase "rule law" finds "rule of law". Anything else matches exactly.
    """
    words = tokenize(term) if isinstance(term, str) else list(term)
    if not words:
        raise ParameterError(f"the term {term!r} holds no word", fix="Pass a word or a phrase")
    ids = [tokens.type_id(w) for w in words]
    if min(ids) < 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    if len(ids) == 2 and not stop_mask[ids[0]] and not stop_mask[ids[1]]:
        first = np.flatnonzero(tokens.token_ids == ids[0]).astype(np.int64)
        found_first, found_last = [], []
        pos, cur = first, first + 1
        while len(pos):
            ok = cur < tokens.n_tokens
            pos, cur = pos[ok], cur[ok]
            if not len(pos):
                break
            brk = tokens.phrase_break[cur]
            tid = tokens.token_ids[cur]
            stop = stop_mask[tid]
            hit = ~brk & ~stop & (tid == ids[1])
            found_first.append(pos[hit])
            found_last.append(cur[hit])
            go_on = ~brk & stop
            pos, cur = pos[go_on], cur[go_on] + 1
        if not found_first:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        p, q = np.concatenate(found_first), np.concatenate(found_last)
        order = np.argsort(p, kind="stable")
        return p[order], q[order]
    p = tokens.find(words)
    return p, p + len(words) - 1


def kwic(
    source: TokenIndex | pd.DataFrame,
    term: str,
    window: int = 5,
    max_lines: int | None = None,
    aligned: bool = True,
    stop_words="default",
) -> pd.DataFrame:
    """Keyword in context: every occurrence of a word or phrase with its neighbours.

    In words: find the term (case-insensitive, on the tokenizer's normalized tokens; a
    two-word term of content words also matches with stop words between its words, as
    :func:`corpus_utils.count_phrases` counts the phrase), then cut each line with
    :func:`context_lines`: ``window`` tokens before and after the match, never across
    documents, casing and punctuation kept, runs of white space as one space.

    Parameters
    ----------
    source : TokenIndex or pandas.DataFrame
        The positional index (or the corpus, which is then indexed).
    term : str
        A word or phrase, e.g. ``"public safety"`` or ``"287(g)"``.
    window : int, default 5
        Tokens of context on each side.
    max_lines : int, optional
        Keep at most this many lines, evenly spaced over the corpus order (deterministic).
    aligned : bool, default True
        Pad ``left`` on the left and ``right`` on the right to a common width, so that the
        matches line up when the table is printed (``to_string``).
    stop_words : see :func:`corpus_utils.load_stop_words`
        Must be those of the document-term matrix for phrase matches to agree with counts.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, group, left, match, right``, in corpus order (document, then position).
        ``attrs["n_matches"]`` is the number of matches before ``max_lines``.

    Raises
    ------
    ParameterError
        If ``window`` is negative or the term holds no word.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["1"], "group": ["a"],
    ...                        "text": ["We build Public Safety with trust."]})
    >>> kwic(corpus, "public safety", window=2, aligned=False).values.tolist()
    [['1', 'a', 'We build', 'Public Safety', 'with trust']]
    """
    if window < 0:
        raise ParameterError(f"window must be 0 or more tokens (got {window})")
    tokens = _as_tokens(source)
    p, q = _spans(tokens, term, _stop_mask(tokens, stop_words))
    n_matches = len(p)
    p, q = _pick(p, q, max_lines)
    out = context_lines(tokens, p, q, window)
    if aligned and len(out):
        out["left"] = out["left"].str.rjust(int(out["left"].str.len().max()))
        out["right"] = out["right"].str.ljust(int(out["right"].str.len().max()))
    out.attrs = {"term": term, "window": window, "n_matches": n_matches, "max_lines": max_lines}
    return out


def _pick(p: np.ndarray, q: np.ndarray, max_lines: int | None) -> tuple[np.ndarray, np.ndarray]:
    """At most ``max_lines`` of the spans ``p, q``, evenly spaced over them (all of them when ``max_lines`` is None)."""
    if max_lines is not None and len(p) > max_lines:
        pick = np.unique(np.linspace(0, len(p) - 1, max(int(max_lines), 0)).round().astype(np.int64))
        p, q = p[pick], q[pick]
    return p, q


def kwic_table(
    source: TokenIndex | pd.DataFrame,
    terms: Iterable[str],
    window: int = 5,
    max_lines: int | None = None,
    stop_words="default",
) -> pd.DataFrame:
    """Keyword in context for many terms at once: the lines :func:`kwic` gives each term, in one table.

    In words: each term is found and its lines chosen as :func:`kwic` does (not aligned), and every
    line of every term is cut in one pass, so that a table of thousands of terms (the term explorer's)
    costs one table, not one per term.

    Parameters
    ----------
    source : TokenIndex or pandas.DataFrame
    terms : iterable of str
        Words or phrases; a term given twice is looked up once.
    window, max_lines, stop_words
        As :func:`kwic` (``max_lines`` applies to each term).

    Returns
    -------
    pandas.DataFrame
        ``term, n_matches, doc_id, group, left, match, right``: each term's lines, in the order of
        ``terms``, then corpus order; ``n_matches`` is the term's number of matches before
        ``max_lines``. A term with no match has no row. ``attrs``: ``window``, ``max_lines``.

    Raises
    ------
    ParameterError
        If ``window`` is negative or a term holds no word.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "group": ["a", "b"],
    ...                        "text": ["We trust the police.", "Trust is earned, trust is kept."]})
    >>> kwic_table(corpus, ["trust", "fear"], window=1, max_lines=1).values.tolist()
    [['trust', 3, '1', 'a', 'We', 'trust', 'the']]
    """
    if window < 0:
        raise ParameterError(f"window must be 0 or more tokens (got {window})")
    tokens = _as_tokens(source)
    stop_mask = _stop_mask(tokens, stop_words)
    found, counts, firsts, lasts = [], [], [], []
    for term in dict.fromkeys(terms):
        p, q = _spans(tokens, term, stop_mask)
        n = len(p)
        p, q = _pick(p, q, max_lines)
        found.append(term)
        counts.append((n, len(p)))
        firsts.append(p)
        lasts.append(q)
    first = np.concatenate(firsts) if firsts else np.empty(0, np.int64)
    last = np.concatenate(lasts) if lasts else np.empty(0, np.int64)
    columns = _cut(tokens, tokens.doc_of(first), first, last, window) if len(first) else dict.fromkeys(_LINE_COLUMNS, [])
    per_line = [(term, n) for term, (n, kept) in zip(found, counts) for _ in range(kept)]
    out = pd.DataFrame({"term": [t for t, _ in per_line], "n_matches": np.array([n for _, n in per_line], np.int64),
                        **{c: columns[c] for c in _LINE_COLUMNS}})
    out = out.astype({c: object for c in ("term", *_LINE_COLUMNS)})
    out.attrs = {"window": int(window), "max_lines": max_lines}
    return out


def collocates(
    source: TokenIndex | pd.DataFrame,
    terms: str | Iterable[str],
    groups: Sequence[str] | None = None,
    window: int = 5,
    measure: str = "log_likelihood",
    min_count: int = 2,
    stop_words="default",
) -> pd.DataFrame:
    """Words that keep a term company, per group: window collocates scored by G2 or PMI.

    In words: for every occurrence of the term in a group's documents, take the ``window``
    content words (stop words skipped) on each side, within the document; count how often
    each word falls in those windows (``count``, each token position once however many
    windows overlap it) against its count in the whole group. With ``W`` window positions,
    ``N`` content tokens in the group, a word's group frequency ``f`` and window count
    ``O11``, the 2x2 table is ``[[O11, W - O11], [f - O11, N - W - f + O11]]``:

    * ``log_likelihood``: Dunning's G2 over the four cells, ``2 sum O ln(O / E)``;
    * ``pmi``: ``log2(O11 * N / (W * f))``.

    Only attracted words (``O11 > E11 = W f / N``) with ``O11 >= min_count`` are kept; the
    term's own tokens are not counted.

    Parameters
    ----------
    source : TokenIndex or pandas.DataFrame
    terms : str or iterable of str
        Words or phrases (two-word terms match as in :func:`kwic`).
    groups : (str, str), sequence of str, str or None
        The groups to report, read by :func:`corpus_utils.groups.comparisons` like every
        analysis: by default every label, sorted; a string is one group.
    window : int, default 5
        Content words on each side.
    measure : {"log_likelihood", "pmi"}, default "log_likelihood"
    min_count : int, default 2
        The frequency floor (PMI overrates rare pairs without one).
    stop_words : see :func:`corpus_utils.load_stop_words`

    Returns
    -------
    pandas.DataFrame
        ``term, group, collocate, score, count, expected, docs, hits``: ``docs`` is how many
        documents the pair occurs in, ``hits`` the term's number of matches in the group.
        Sorted by term (in the order given), group, score (descending), collocate.

    Raises
    ------
    ParameterError
        If ``window`` < 1, ``min_count`` < 1 or ``measure`` is unknown.
    LabelError
        If a named group is not a label or is named twice, or fewer than two groups take part.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics*, 19(1), 61-74; Church, K. W., & Hanks, P. (1990). Word
    association norms, mutual information, and lexicography. *Computational Linguistics*,
    16(1), 22-29; Evert, S. (2008). Corpora and collocations. In *Corpus Linguistics: An
    International Handbook*, article 58.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "group": ["a", "b"],
    ...     "text": ["cooperation with ice. cooperation with ice. crime", "cooperation of residents"]})
    >>> collocates(corpus, "cooperation", window=1, min_count=1)[["group", "collocate", "count"]].values.tolist()
    [['a', 'ice', 2], ['b', 'residents', 1]]
    """
    if window < 1 or min_count < 1:
        raise ParameterError(f"window and min_count must be at least 1 (got {window}, {min_count})")
    if measure not in ("log_likelihood", "pmi"):
        raise ParameterError(f"measure must be 'log_likelihood' or 'pmi' (got {measure!r})")
    tokens = _as_tokens(source)
    terms = [terms] if isinstance(terms, str) else list(terms)
    labels = np.asarray(tokens.labels, dtype=object)
    comps = comparisons(labels, groups)
    chosen = [comps[0].group_a, comps[0].group_b] if comps[0].mode == "pair" else [c.group_a for c in comps]
    stop_mask = _stop_mask(tokens, stop_words)
    n_types = len(tokens.types)
    content = ~stop_mask[tokens.token_ids]
    lengths = np.diff(tokens.doc_ptr)
    group_code = np.full(tokens.n_docs, -1, dtype=np.int64)
    for i, g in enumerate(chosen):
        group_code[labels == g] = i
    token_group = np.repeat(group_code, lengths)
    freq = {g: np.bincount(tokens.token_ids[content & (token_group == i)], minlength=n_types) for i, g in enumerate(chosen)}
    columns = ["term", "group", "collocate", "score", "count", "expected", "docs", "hits"]
    frames = []
    for term in terms:
        p, q = _spans(tokens, term, stop_mask)
        docs = tokens.doc_of(p)
        in_match = np.zeros(tokens.n_tokens, bool)
        if len(p):
            # mark the term's own tokens (spans are short: step through their length)
            for k in range(int((q - p).max()) + 1):
                ok = p + k <= q
                in_match[(p + k)[ok]] = True
        positions = []
        for direction, anchor in ((-1, p), (1, q)):
            cur, taken = anchor + direction, np.zeros(len(anchor), dtype=np.int64)
            alive = np.arange(len(anchor))
            lo, hi = tokens.doc_ptr[docs], tokens.doc_ptr[docs + 1]
            while len(alive):
                c = cur[alive]
                ok = (c >= lo[alive]) & (c < hi[alive])
                alive, c = alive[ok], c[ok]
                is_content = content[c]
                positions.append(c[is_content])
                taken[alive[is_content]] += 1
                alive = alive[taken[alive] < window]
                cur[alive] += direction
        where = np.unique(np.concatenate(positions)) if positions else np.empty(0, np.int64)
        where = where[~in_match[where]]
        where_docs = tokens.doc_of(where)
        for i, g in enumerate(chosen):
            mine = where[group_code[where_docs] == i]
            hits = int((group_code[docs] == i).sum())
            if len(mine) == 0:
                continue
            f = freq[g].astype(np.float64)
            n_total = float(f.sum())
            w_total = float(len(mine))
            o11 = np.bincount(tokens.token_ids[mine], minlength=n_types).astype(np.float64)
            pair_docs = np.zeros(n_types, dtype=np.int64)
            pairs = np.unique(np.stack([tokens.token_ids[mine].astype(np.int64), tokens.doc_of(mine)]), axis=1)
            np.add.at(pair_docs, pairs[0], 1)
            cand = np.flatnonzero(o11 >= min_count)
            o11c, fc = o11[cand], f[cand]
            e11 = w_total * fc / n_total
            attracted = o11c > e11
            cand, o11c, fc, e11 = cand[attracted], o11c[attracted], fc[attracted], e11[attracted]
            if measure == "pmi":
                score = np.log2(o11c * n_total / (w_total * fc))
            else:
                score = g2(o11c, w_total, fc, n_total)
            frames.append(
                pd.DataFrame(
                    {
                        "term": term,
                        "group": g,
                        "collocate": tokens.types[cand],
                        "score": score,
                        "count": o11c.astype(np.int64),
                        "expected": e11,
                        "docs": pair_docs[cand],
                        "hits": hits,
                    }
                )
            )
    if not frames:
        out = pd.DataFrame({c: [] for c in columns})
    else:
        out = pd.concat(frames, ignore_index=True)[columns]
        term_order = {t: i for i, t in enumerate(terms)}
        group_order = {g: i for i, g in enumerate(chosen)}
        out = out.assign(_t=out["term"].map(term_order), _g=out["group"].map(group_order))
        out = out.sort_values(["_t", "_g", "score", "collocate"], ascending=[True, True, False, True], kind="stable")
        out = out.drop(columns=["_t", "_g"]).reset_index(drop=True)
    out.attrs = {"window": window, "measure": measure, "min_count": min_count, "groups": chosen}
    return out


_POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")


def _written(text: str) -> str:
    """A matched span as a label: white space squashed, a possessive ending (Obama's, sheriffs') taken off."""
    text = _squash(text)
    for ending in _POSSESSIVE:
        if text.endswith(ending) and len(text) > len(ending):
            return text[: -len(ending)]
    return text


def _uncapitalized(form: str) -> str:
    """A form seen only at sentence starts: its first capital tells nothing, unless another letter is a capital too."""
    if any(c.isupper() for c in form[1:]):
        return form  # ICE, McCain, Mitt Romney: written so anywhere
    return form[:1].lower() + form[1:]


def surface_forms(tokens: TokenIndex | pd.DataFrame, terms, stop_words="default") -> pd.DataFrame:
    """How the texts write each term: its most used form away from sentence starts.

    In words: the counts fold case (*Obama* and *obama* are one term), so a label shown to a
    reader must be looked up in the texts. Each term is found as :func:`kwic` finds it (a
    two-word term of content words also across stop words, so *rule law* is found as *rule of
    law*), and each match is read as written (white space squashed, a possessive *'s* or *'*
    taken off). A match that starts a sentence (the first token of a document or of a
    sentence) says nothing about the capital of its first letter, so the label is the form
    used most often by the other matches (ties: the form met first in corpus order). A term
    met only at sentence starts keeps its most used form with the first letter in lower case,
    unless another of its letters is a capital (*ICE*, *Mitt Romney* stay as written). A term
    the texts do not hold keeps its own spelling.

    Parameters
    ----------
    tokens : TokenIndex or pandas.DataFrame
        The positional index (which keeps the original text), or the corpus.
    terms : iterable of str
        Terms as the counts name them (lower case; a phrase's words separated by a space).
    stop_words : see :func:`corpus_utils.load_stop_words`
        Those of the counts the terms come from (a phrase is matched across them).

    Returns
    -------
    pandas.DataFrame
        ``term, label, n_matches, n_inside`` (matches in all, and away from sentence starts),
        one row per distinct term in the order given. ``attrs``: ``stop_words``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "group": ["a", "b"],
    ...                        "text": ["Obama spoke. We met Obama's team and the middle class.",
    ...                                 "ICE came. Middle class: the rule of law."]})
    >>> surface_forms(corpus, ["obama", "ice", "middle class", "rule law"])[["term", "label"]].values.tolist()
    [['obama', 'Obama'], ['ice', 'ICE'], ['middle class', 'middle class'], ['rule law', 'rule of law']]
    """
    tokens = _as_tokens(tokens)
    stop_mask = _stop_mask(tokens, stop_words)
    starts, ends = tokens.starts, tokens.ends
    rows = []
    for term in dict.fromkeys(str(t) for t in terms):
        first, last = _spans(tokens, term, stop_mask) if tokenize(term) else (np.empty(0, np.int64),) * 2
        docs = tokens.doc_of(first)
        opening = (first == tokens.doc_ptr[docs]) | (tokens.sentence_ids[first] != tokens.sentence_ids[np.maximum(first - 1, 0)])
        forms = [_written(tokens.texts[d][starts[p]:ends[q]]) for d, p, q in zip(docs.tolist(), first.tolist(), last.tolist())]
        inside = [f for f, o in zip(forms, opening.tolist()) if not o]
        counts: dict[str, int] = {}
        for form in inside or [_uncapitalized(f) for f in forms]:
            counts[form] = counts.get(form, 0) + 1
        label = max(counts, key=counts.get) if counts else term  # max keeps the first of equal counts
        rows.append({"term": term, "label": label, "n_matches": len(forms), "n_inside": len(inside)})
    out = pd.DataFrame(rows, columns=["term", "label", "n_matches", "n_inside"]).astype(
        {"term": object, "label": object, "n_matches": np.int64, "n_inside": np.int64})
    out.attrs = {"stop_words": stop_words if isinstance(stop_words, str) or stop_words is None else "custom"}
    return out
