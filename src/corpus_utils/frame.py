"""Frame: which considerations each camp foregrounds, counted with a frame lexicon.

Vocabulary says *which words*; framing says *which considerations*: crime, public safety,
the law, cost, community trust, civil rights, politics, federalism, inter-agency
cooperation. A frame lexicon (``data/frames.yml``, adapted from the Policy Frames Codebook of
Boydstun et al. 2014) lists each frame's words and phrases; :func:`match_frames` finds them in
the positional token index, and everything else is computed from its matches table, so every
number can be traced back to the sentences behind it.

The steps, in words
-------------------
1. :func:`load_lexicon` reads and validates the YAML file.
2. :func:`match_frames` finds every word and phrase: longest match first, each token counted
   at most once, case-insensitive (the tokens are already normalized), never across a clause
   break. Ambiguous words (``scoped_words``) count only inside a listed phrase.
3. :func:`frame_rates` turns matches into hits per 1,000 tokens and each frame's share of a
   document's frame hits; :func:`group_summary` gives each group's mean and spread.
4. :func:`separation` asks which frames separate two groups: the difference in mean rates,
   a two-sided permutation p-value over documents (exact when there are few; with its floor
   and a p-value adjusted for testing every frame, from :mod:`corpus_utils.resample`), a
   leave-one-out range, a 95% bootstrap interval of the difference and its support (carried by
   one document, unstable or consistent, from :mod:`corpus_utils.support`).
5. :func:`coverage`, :func:`unframed_words` and :func:`scoped_uses` show what the lexicon
   misses (below :data:`LOW_COVERAGE` of the tokens it sees too little); :func:`word_frames` and
   :func:`contested_words` show one word in different frames.
6. For the chapter's tables: :func:`lexicon_table` and :func:`scoped_frames` (the lexicon at a
   glance), :func:`entry_counts` (hits per entry), :func:`leading_frames` (each document's strongest
   frame), :func:`concentration` (how much of a group's hits one document supplies) and
   :func:`coverage_by_group`.

Scale: every step is vectorized over the token index with numpy (no loop over documents);
only the keyword-in-context strings of the matches table are built one match at a time
(pass ``context=0`` to skip them).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .count import TokenIndex, load_stop_words, tokenize
from .errors import ParameterError
from .lexicon import Lexicon, default_lexicon_path, load_lexicon
from .methods import frame_value
from .groups import comparisons
from .differences import mean_differences
from .resample import MAX_EXACT, N_RESAMPLES

__all__ = [
    "Lexicon",
    "LOW_COVERAGE",
    "concentration",
    "contested_words",
    "coverage",
    "coverage_by_group",
    "default_lexicon_path",
    "entry_counts",
    "evidence_lines",
    "frame_rates",
    "group_summary",
    "leading_frames",
    "lexicon_table",
    "load_lexicon",
    "match_frames",
    "scoped_frames",
    "scoped_uses",
    "separation",
    "unframed_words",
    "word_frames",
]

_LETTER = re.compile(r"[^\W\d_]")
NONE_FRAME = "(none)"
#: Below this share of a corpus's tokens (stop words included) inside a frame match, the lexicon sees
#: too little of the texts for its frame counts to describe them: chapter 03 then says so first. The
#: shipped lexicon covers 12.6 % of the seed texts it was written for, and 2.3 % of a corpus on
#: another policy debate (13 matches in ten short texts).
LOW_COVERAGE = 0.05


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------


def _type_positions(tokens: TokenIndex) -> tuple[np.ndarray, np.ndarray]:
    """All positions grouped by type (CSR layout): positions of type t are order[ptr[t]:ptr[t+1]]."""
    order = np.argsort(tokens.token_ids, kind="stable")
    ptr = np.concatenate([[0], np.cumsum(np.bincount(tokens.token_ids, minlength=len(tokens.types)))])
    return order, ptr


def _greedy_same_length(starts: np.ndarray, length: int) -> np.ndarray:
    """Keep the leftmost of overlapping candidates of one length (starts sorted, unique)."""
    keep = np.ones(len(starts), dtype=bool)
    if len(starts) < 2 or length < 2:
        return keep
    overlaps_prev = np.zeros(len(starts), dtype=bool)
    overlaps_prev[1:] = starts[1:] < starts[:-1] + length
    if not overlaps_prev.any():
        return keep
    in_chain = overlaps_prev | np.concatenate([overlaps_prev[1:], [False]])
    last_end = -1
    for i in np.flatnonzero(in_chain).tolist():  # only candidates in a chain of overlaps
        if starts[i] < last_end:
            keep[i] = False
        else:
            last_end = starts[i] + length
    return keep


def match_frames(tokens: TokenIndex, lexicon: Lexicon | str | Path | dict | None = None, context: int = 6) -> pd.DataFrame:
    """Find every frame word and phrase in the corpus.

    Rules: entries are matched on the normalized tokens (so case does not matter and
    punctuation is ignored inside a clause); the longest entry wins, then the leftmost;
    each token belongs to at most one match; a phrase never spans a clause or sentence
    break (``. ! ? ; :``, a dash, quotes or brackets) nor two documents. Scoped words are
    never matched alone.

    Parameters
    ----------
    tokens : TokenIndex
        From :func:`corpus_utils.index_tokens`.
    lexicon : Lexicon, path, dict or None
        See :func:`load_lexicon`; None is the shipped lexicon.
    context : int, default 6
        Tokens of context to keep on each side (``left``, ``right``); 0 skips them.

    Returns
    -------
    pandas.DataFrame
        One row per match, in corpus order: ``doc_id, group, frame, match`` (the lexicon
        entry), ``text`` (as written), ``left, right`` (context), ``position`` (index of the
        first token in the corpus), ``length`` (tokens), ``sentence`` (corpus-wide sentence
        number). ``attrs`` holds ``frames`` (keys in lexicon order), ``frame_labels``,
        ``scoped_words``, ``lexicon`` (the source) and ``context``.

    Raises
    ------
    LexiconError
        If the lexicon cannot be read. ParameterError if ``context`` is negative.

    References
    ----------
    Boydstun, Card, Gross, Resnik & Smith (2014), "Tracking the development of media frames
    within and across policy issues" (the Policy Frames Codebook).

    Examples
    --------
    >>> import corpus_utils as cu, pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "group": ["x"],
    ...                        "text": ["Cooperation with ICE erodes trust and cooperation."]})
    >>> lex = {"frames": {"agency": {"definition": "d", "phrases": ["cooperation with ICE"]},
    ...                   "trust": {"definition": "d", "phrases": ["trust and cooperation"]}}}
    >>> match_frames(cu.index_tokens(corpus), lex)[["frame", "match"]].values.tolist()
    [['agency', 'cooperation with ice'], ['trust', 'trust and cooperation']]
    """
    lex = load_lexicon(lexicon)
    if context < 0:
        raise ParameterError(f"context must be 0 or more tokens (got {context})")
    n = tokens.n_tokens
    frame_index = {name: i for i, name in enumerate(lex.names)}
    # compile entries to type ids; entries with a word the corpus lacks cannot match
    by_length: dict[int, list[tuple[int, list[int], str]]] = {}
    for frame, entry, n_tok in lex.entries[["frame", "entry", "n_tokens"]].itertuples(index=False):
        ids = [tokens.type_id(w) for w in entry.split(" ")]
        if min(ids) >= 0:
            by_length.setdefault(n_tok, []).append((frame_index[frame], ids, entry))
    used = np.zeros(n, dtype=bool)
    found_start, found_len, found_frame, found_entry = [], [], [], []
    entry_names: list[str] = []
    cum_break = np.concatenate([[0], np.cumsum(tokens.phrase_break, dtype=np.int64)])
    order = ptr = None
    for length in sorted(by_length, reverse=True):
        cand_start, cand_frame, cand_entry = [], [], []
        if length == 1:
            lookup = np.full(len(tokens.types), -1, dtype=np.int64)
            entry_of = np.full(len(tokens.types), -1, dtype=np.int64)
            for f, ids, entry in by_length[1]:
                lookup[ids[0]] = f
                entry_of[ids[0]] = len(entry_names)
                entry_names.append(entry)
            pos = np.flatnonzero((lookup[tokens.token_ids] >= 0) & ~used)
            ids_at = tokens.token_ids[pos]
            found_start.append(pos)
            found_len.append(np.ones(len(pos), dtype=np.int64))
            found_frame.append(lookup[ids_at])
            found_entry.append(entry_of[ids_at])
            used[pos] = True
            continue
        if order is None:
            order, ptr = _type_positions(tokens)
        for f, ids, entry in by_length[length]:
            pos = order[ptr[ids[0]] : ptr[ids[0] + 1]].astype(np.int64)
            pos = pos[pos + length <= n]
            for k in range(1, length):
                pos = pos[tokens.token_ids[pos + k] == ids[k]]
            pos = pos[cum_break[pos + length] - cum_break[pos + 1] == 0]
            if len(pos):
                cand_start.append(pos)
                cand_frame.append(np.full(len(pos), f, dtype=np.int64))
                cand_entry.append(np.full(len(pos), len(entry_names), dtype=np.int64))
            entry_names.append(entry)
        if not cand_start:
            continue
        starts = np.concatenate(cand_start)
        frames_ = np.concatenate(cand_frame)
        entries_ = np.concatenate(cand_entry)
        srt = np.argsort(starts, kind="stable")
        starts, frames_, entries_ = starts[srt], frames_[srt], entries_[srt]
        cum_used = np.concatenate([[0], np.cumsum(used, dtype=np.int64)])
        free = cum_used[starts + length] - cum_used[starts] == 0
        starts, frames_, entries_ = starts[free], frames_[free], entries_[free]
        keep = _greedy_same_length(starts, length)
        starts, frames_, entries_ = starts[keep], frames_[keep], entries_[keep]
        used[(starts[:, None] + np.arange(length)).ravel()] = True
        found_start.append(starts)
        found_len.append(np.full(len(starts), length, dtype=np.int64))
        found_frame.append(frames_)
        found_entry.append(entries_)
    start = np.concatenate(found_start) if found_start else np.empty(0, dtype=np.int64)
    length_ = np.concatenate(found_len) if found_len else np.empty(0, dtype=np.int64)
    frame_ = np.concatenate(found_frame) if found_frame else np.empty(0, dtype=np.int64)
    entry_ = np.concatenate(found_entry) if found_entry else np.empty(0, dtype=np.int64)
    srt = np.argsort(start, kind="stable")
    start, length_, frame_, entry_ = start[srt], length_[srt], frame_[srt], entry_[srt]
    last = start + length_ - 1
    doc = tokens.doc_of(start)
    names = np.array(lex.names, dtype=object)
    entry_arr = np.array(entry_names, dtype=object)
    written, left, right = _context_strings(tokens, doc, start, last, context)
    table = pd.DataFrame(
        {
            "doc_id": tokens.doc_ids[doc] if len(doc) else np.empty(0, dtype=object),
            "group": tokens.labels[doc] if len(doc) else np.empty(0, dtype=object),
            "frame": names[frame_] if len(frame_) else np.empty(0, dtype=object),
            "match": entry_arr[entry_] if len(entry_) else np.empty(0, dtype=object),
            "text": written,
            "left": left,
            "right": right,
            "position": start,
            "length": length_,
            "sentence": tokens.sentence_ids[start] if len(start) else np.empty(0, dtype=np.int64),
        }
    )
    table.attrs.update(
        {
            "frames": lex.names,
            "frame_labels": lex.labels,
            "scoped_words": list(lex.scoped_words),
            "lexicon": lex.source,
            "context": context,
        }
    )
    return table


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort, which is faster than numpy's hash-based unique here)."""
    values = np.sort(np.asarray(values), kind="stable")
    if len(values) < 2:
        return values
    return values[np.concatenate([[True], values[1:] != values[:-1]])]


def _context_strings(tokens: TokenIndex, doc, start, last, context: int):
    """The matched text as written, and ``context`` tokens either side, cut by
    :func:`corpus_utils.context.context_lines` (``doc`` is implied by ``start``)."""
    from .context import context_lines  # the one cutter of context lines

    lines = context_lines(tokens, start, last, context)
    return tuple(lines[c].to_numpy(dtype=object) for c in ("match", "left", "right"))


def lexicon_table(lexicon: Lexicon | str | Path | dict | None = None, n_words: int = 4, n_phrases: int = 2) -> pd.DataFrame:
    """The lexicon's frames at a glance, each with a few of its entries as examples.

    Parameters
    ----------
    lexicon : Lexicon, path, dict or None
        See :func:`load_lexicon`; None is the shipped lexicon.
    n_words, n_phrases : int, default 4 and 2
        How many words and phrases to list per frame (the first in alphabetical order;
        phrases shortest first).

    Returns
    -------
    pandas.DataFrame
        One row per frame, in lexicon order: ``frame, frame_label, definition, n_words, n_phrases,
        examples`` (the entries joined by ``", "``). ``attrs`` holds ``source`` and
        ``scoped_words``.

    Examples
    --------
    >>> lexicon_table({"frames": {"cost": {"definition": "Money.", "words": ["costs", "budget"],
    ...                                    "phrases": ["limited resources"]}}})["examples"].tolist()
    ['budget, costs, limited resources']
    """
    lex = load_lexicon(lexicon)
    entries = lex.entries.sort_values(["frame", "n_tokens", "entry"], kind="stable")
    words = entries[entries["kind"] == "word"].groupby("frame", sort=False)["entry"].apply(lambda e: list(e[:n_words]))
    phrases = entries[entries["kind"] == "phrase"].groupby("frame", sort=False)["entry"].apply(lambda e: list(e[:n_phrases]))
    table = lex.frames[["frame", "frame_label", "definition", "n_words", "n_phrases"]].copy()
    table["examples"] = [", ".join(words.get(f, []) + phrases.get(f, [])) for f in table["frame"]]
    table = table.reset_index(drop=True)
    table.attrs.update({"source": lex.source, "scoped_words": list(lex.scoped_words)})
    return table


def scoped_frames(lexicon: Lexicon | str | Path | dict | None = None) -> pd.DataFrame:
    """For each scoped (ambiguous) word, the frames whose phrases contain it.

    A scoped word counts only inside a phrase, so the phrase decides its frame: a word that
    appears in the phrases of two frames signals one or the other depending on its neighbours.

    Returns
    -------
    pandas.DataFrame
        One row per scoped word, in the lexicon's order: ``word, n_frames, frames`` (a tuple
        of frame keys in lexicon order).

    Examples
    --------
    >>> lex = {"scoped_words": ["cooperation"], "frames": {
    ...     "agency": {"definition": "d", "phrases": ["cooperation with ice"]},
    ...     "trust": {"definition": "d", "phrases": ["trust and cooperation"]}}}
    >>> scoped_frames(lex).to_dict("records")
    [{'word': 'cooperation', 'n_frames': 2, 'frames': ('agency', 'trust')}]
    """
    lex = load_lexicon(lexicon)
    phrases = lex.entries[lex.entries["kind"] == "phrase"]
    tokens_of = phrases["entry"].str.split(" ")
    rows = []
    for word in lex.scoped_words:
        found = set(phrases.loc[tokens_of.map(lambda t: word in t), "frame"])
        frames = tuple(f for f in lex.names if f in found)
        rows.append({"word": word, "n_frames": len(frames), "frames": frames})
    return pd.DataFrame(rows, columns=["word", "n_frames", "frames"])


def entry_counts(matches: pd.DataFrame, by_group: bool = False) -> pd.DataFrame:
    """How often each lexicon entry matched, and in how many documents.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`match_frames`.
    by_group : bool, default False
        Count each group's matches separately.

    Returns
    -------
    pandas.DataFrame
        ``frame, match, hits, docs`` (with ``group`` after ``frame`` when ``by_group``), sorted
        by label, then hits descending, then docs descending, then entry. ``attrs`` holds
        ``n_matches`` (all matches) and ``docs_with_hits`` (documents with at least one).

    Examples
    --------
    Matches of *crime* in documents d0, d0 and d1 give one row: ``crime, 3 hits, 2 docs``.
    """
    keys = ["frame", "group", "match"] if by_group else ["frame", "match"]
    grouped = matches.groupby(keys, sort=True)["doc_id"]
    table = pd.DataFrame({"hits": grouped.size(), "docs": grouped.nunique()}).reset_index()
    table = table.reindex(columns=[*keys, "hits", "docs"])
    order = (["group"] if by_group else []) + ["hits", "docs", "match"]
    table = table.sort_values(order, ascending=[True] * by_group + [False, False, True], kind="stable")
    table = table.reset_index(drop=True).astype({"hits": np.int64, "docs": np.int64})
    table.attrs.update({"n_matches": len(matches), "docs_with_hits": int(matches["doc_id"].nunique()),
                        "frames": _frames_of(matches)})
    return table


# ---------------------------------------------------------------------------------------------
# Rates and group summaries
# ---------------------------------------------------------------------------------------------


def _frames_of(matches: pd.DataFrame) -> list[str]:
    frames = matches.attrs.get("frames")
    return list(frames) if frames else sorted(matches["frame"].unique().tolist())


def frame_rates(matches: pd.DataFrame, tokens: TokenIndex) -> pd.DataFrame:
    """Hits per 1,000 tokens and share of frame hits, for every document and frame.

    ``per_1000 = 1000 * hits / n_tokens`` where ``hits`` counts the frame's matches in the
    document (a phrase is one hit) and ``n_tokens`` is the document's total token count,
    stop words included (the length of its slice of the token index). ``share = hits /
    all frame hits in the document``: NaN for a document with no frame hit at all.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`match_frames` (its ``attrs["frames"]`` fixes the frame order).
    tokens : TokenIndex
        The index the matches were found in.

    Returns
    -------
    pandas.DataFrame
        One row per document and frame (documents in corpus order, frames in lexicon order):
        ``doc_id, group, frame, hits, n_tokens, per_1000, share``.

    Examples
    --------
    A 200-token document with 3 crime hits: ``per_1000 = 1000 * 3 / 200 = 15.0``.
    """
    if not isinstance(tokens, TokenIndex):
        raise ParameterError(f"frame_rates needs the token index the matches came from (got {type(tokens).__name__})")
    frames = _frames_of(matches)
    n_docs, n_frames = tokens.n_docs, len(frames)
    f_index = {f: i for i, f in enumerate(frames)}
    doc = tokens.doc_of(matches["position"].to_numpy(dtype=np.int64))
    fr = matches["frame"].map(f_index).to_numpy(dtype=np.int64)
    hits = np.bincount(doc * n_frames + fr, minlength=n_docs * n_frames).reshape(n_docs, n_frames)
    n_tok = np.diff(tokens.doc_ptr)
    per_1000 = np.divide(1000.0 * hits, n_tok[:, None], out=np.zeros(hits.shape), where=n_tok[:, None] > 0)
    total = hits.sum(axis=1, keepdims=True)
    share = np.divide(hits, total, out=np.full(hits.shape, np.nan), where=total > 0)
    table = pd.DataFrame(
        {
            "doc_id": np.repeat(tokens.doc_ids, n_frames),
            "group": np.repeat(tokens.labels, n_frames),
            "frame": np.tile(np.array(frames, dtype=object), n_docs),
            "hits": hits.ravel(),
            "n_tokens": np.repeat(n_tok, n_frames),
            "per_1000": per_1000.ravel(),
            "share": share.ravel(),
        }
    )
    table.attrs.update({k: v for k, v in matches.attrs.items() if k in ("frames", "frame_labels", "lexicon")})
    return table


def _check_value(rates: pd.DataFrame, value: str) -> None:
    frame_value(value)  # a registered value, or ParameterError


def group_summary(rates: pd.DataFrame, groups=None, value: str = "per_1000") -> pd.DataFrame:
    """Each group's mean and spread of a frame's per-document rate.

    The mean is over documents (each document weighs the same, however long); ``sd`` is
    the sample standard deviation (n - 1; NaN for a group of one document).

    Parameters
    ----------
    rates : pandas.DataFrame
        From :func:`frame_rates`.
    groups : sequence of str, optional
        Labels to summarise (default: all, sorted).
    value : {"per_1000", "share", "hits"}, default "per_1000"

    Returns
    -------
    pandas.DataFrame
        One row per frame (lexicon order) and group: ``frame, group, n_docs,
        docs_with_hits, mean, sd, min, median, max, mean_share``; ``attrs["value"]``.
    """
    _check_value(rates, value)
    labels = sorted(rates["group"].unique().tolist()) if groups is None else list(groups)
    frames = rates.attrs.get("frames") or sorted(rates["frame"].unique().tolist())
    data = rates[rates["group"].isin(labels)]
    grouped = data.groupby(["frame", "group"], sort=False)
    table = grouped.agg(
        n_docs=("doc_id", "size"),
        docs_with_hits=("hits", lambda h: int((h > 0).sum())),
        mean=(value, "mean"),
        sd=(value, "std"),
        min=(value, "min"),
        median=(value, "median"),
        max=(value, "max"),
        mean_share=("share", "mean"),
    ).reset_index()
    table["_f"] = table["frame"].map({f: i for i, f in enumerate(frames)})
    table["_g"] = table["group"].map({g: i for i, g in enumerate(labels)})
    table = table.sort_values(["_f", "_g"], kind="stable").drop(columns=["_f", "_g"]).reset_index(drop=True)
    table.attrs.update({**rates.attrs, "value": value})
    return table


def leading_frames(rates: pd.DataFrame, groups=None) -> pd.DataFrame:
    """How many documents of each group have each frame as their strongest.

    A document's strongest frame is the one with its highest rate per 1,000 tokens (ties go
    to the frame listed first in the lexicon); a document with no frame hit at all counts
    under ``(none)``.

    Parameters
    ----------
    rates : pandas.DataFrame
        From :func:`frame_rates`.
    groups : sequence of str, optional
        Labels to report (default: all, sorted).

    Returns
    -------
    pandas.DataFrame
        ``group, frame, docs, n_docs`` (documents led by the frame, documents in the group);
        only frames that lead at least one document. Sorted by group, then docs descending,
        then lexicon order with ``(none)`` last.

    Examples
    --------
    Two documents of group *x*, one with rates crime 5, trust 2 and one with crime 1,
    trust 3: one row each, ``x, crime, 1, 2`` and ``x, trust, 1, 2``.
    """
    frames = _frames_of(rates)
    labels = sorted(rates["group"].unique().tolist()) if groups is None else list(groups)
    f_index = {f: i for i, f in enumerate([*frames, NONE_FRAME])}
    data = rates[rates["group"].isin(labels)].assign(_f=lambda t: t["frame"].map(f_index))
    data = data.sort_values(["doc_id", "_f"], kind="stable")
    top = data.loc[data.groupby("doc_id", sort=False)["per_1000"].idxmax()]
    top = top.assign(frame=top["frame"].where(top["per_1000"] > 0, NONE_FRAME))
    n_docs = top["group"].value_counts()
    table = top.groupby(["group", "frame"], sort=False).size().rename("docs").reset_index()
    table["n_docs"] = table["group"].map(n_docs).astype(np.int64)
    table["_g"] = table["group"].map({g: i for i, g in enumerate(labels)})
    table["_f"] = table["frame"].map(f_index)
    table = table.sort_values(["_g", "docs", "_f"], ascending=[True, False, True], kind="stable")
    return table.drop(columns=["_g", "_f"]).reset_index(drop=True).astype({"docs": np.int64})


def concentration(rates: pd.DataFrame, groups=None) -> pd.DataFrame:
    """How much of each group's hits of a frame come from one document.

    For every frame and group: the frame's hits in the group's documents, how many of those
    documents hold it, and the document that supplies most of them (ties go to the first
    ``doc_id``): ``top_share = top_hits / hits``. A share near 1 in a group of several
    documents means the group's total is one author's usage, not the group's.

    Parameters
    ----------
    rates : pandas.DataFrame
        From :func:`frame_rates` (its ``hits`` column).
    groups : sequence of str, optional
        Labels to report (default: all, sorted).

    Returns
    -------
    pandas.DataFrame
        One row per frame (lexicon order) and group: ``frame, group, n_docs, docs, hits,
        top_doc, top_hits, top_share`` (``top_doc`` None and ``top_share`` NaN without hits).

    Examples
    --------
    Group *x* with hits 19 and 5 of a frame in its two documents: ``hits = 24``,
    ``top_hits = 19``, ``top_share = 19 / 24 = 0.79``.
    """
    frames = _frames_of(rates)
    labels = sorted(rates["group"].unique().tolist()) if groups is None else list(groups)
    data = rates[rates["group"].isin(labels)]
    grouped = data.groupby(["frame", "group"], sort=False)
    table = grouped.agg(n_docs=("doc_id", "size"), docs=("hits", lambda h: int((h > 0).sum())),
                        hits=("hits", "sum")).reset_index()
    top = data.sort_values(["frame", "group", "hits", "doc_id"], ascending=[True, True, False, True], kind="stable")
    top = top.drop_duplicates(["frame", "group"])[["frame", "group", "doc_id", "hits"]]
    top = top.rename(columns={"doc_id": "top_doc", "hits": "top_hits"})
    table = table.merge(top, on=["frame", "group"], how="left")
    has = table["hits"] > 0
    table["top_doc"] = pd.Series([d if h else None for d, h in zip(table["top_doc"], has)], dtype=object)
    table["top_share"] = np.divide(table["top_hits"], table["hits"], out=np.full(len(table), np.nan), where=has.to_numpy())
    table["_f"] = table["frame"].map({f: i for i, f in enumerate(frames)})
    table["_g"] = table["group"].map({g: i for i, g in enumerate(labels)})
    table = table.sort_values(["_f", "_g"], kind="stable").drop(columns=["_f", "_g"]).reset_index(drop=True)
    table = table.astype({"n_docs": np.int64, "docs": np.int64, "hits": np.int64, "top_hits": np.int64})
    table.attrs.update({k: v for k, v in rates.attrs.items() if k in ("frames", "frame_labels", "lexicon")})
    return table


# ---------------------------------------------------------------------------------------------
# Separation: permutation test over documents
# ---------------------------------------------------------------------------------------------


def _comparisons(labels: np.ndarray, groups) -> list[tuple[str, str, np.ndarray, np.ndarray]]:
    """(name_a, name_b, mask_a, mask_b) per comparison, read by :func:`corpus_utils.groups.comparisons`."""
    return [(c.group_a, c.group_b, c.in_a, c.in_b) for c in comparisons(labels, groups)]


def separation(
    rates: pd.DataFrame,
    groups=None,
    value: str = "per_1000",
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
    seed: int = 0,
    engine=None,
) -> pd.DataFrame:
    """Which frames separate two groups: difference in means with a permutation p-value.

    The frames' per-document values go to :func:`corpus_utils.differences.mean_differences`, the
    comparison chapter 03's themes share; a document carries a frame when it has a hit of it.

    The statistic is ``mean_a - mean_b``, the difference between the groups' mean
    per-document rates. Its p-value is two-sided: the share of relabelings of the documents
    (keeping the group sizes) whose ``|difference|`` is at least the observed one
    (:mod:`corpus_utils.resample`). When there are at most ``max_exact`` relabelings
    (``C(n_a + n_b, n_a)``) all of them are enumerated, the observed one included; otherwise
    ``n_resamples`` random relabelings are drawn with a fixed ``seed`` and
    ``p = (1 + #{|d*| >= |d|}) / (1 + n_resamples)`` (Phipson & Smyth 2010). ``min_p`` is the
    smallest p-value the test could give: with 3 and 2 documents there are 10 relabelings, so
    no p-value can be below 0.1; with 2 and 2 the mirror-image split gives the same
    ``|difference|``, so the floor is 2/6; a frame with many tied values has a higher floor.

    ``p_adjusted`` accounts for testing every frame at once (Westfall & Young's max-T, within
    each comparison): the share of relabelings in which the largest standardized
    ``|difference|`` of any frame reaches this frame's. Each difference is divided by its standard deviation over all
    relabelings (a constant per frame, so ``p_value`` is unchanged), so that frames with high
    rates do not drown the others. ``loo_min`` / ``loo_max`` give the range of the difference
    when any one document is left out (a difference that changes sign rests on one document).

    ``diff_low`` / ``diff_high`` are the 95% percentile bootstrap interval of the difference: the
    documents are resampled with replacement within each group (stratified: every group keeps its
    size, also the groups that make up "the rest" in one-vs-rest), ``n_resamples`` times with ``seed``
    (:func:`corpus_utils.support.bootstrap_weights`, the resamples of
    :func:`corpus_utils.resample.bootstrap`), ``mean_a - mean_b`` is recomputed on each, and the
    interval is their 2.5th and 97.5th percentiles (:func:`corpus_utils.support.percentile_interval`;
    a batch of resamples is one matrix product). ``top_share`` is the largest share of the leaning
    side's hits of the frame (group a's when ``diff > 0``, group b's otherwise) that one of its
    documents supplies, and ``support`` is :func:`corpus_utils.support.support_level` of it, the
    leaning side's documents and documents with a hit, ``stable_sign`` and the interval:
    "carried by one document", "unstable" (also for a difference of 0) or "consistent".

    Parameters
    ----------
    rates : pandas.DataFrame
        From :func:`frame_rates`.
    groups : sequence of str, optional
        Read by :func:`corpus_utils.groups.comparisons`: two labels compare that pair; None or
        three or more labels compare each group with the rest ("one-vs-rest") unless exactly
        two labels are in scope; one label compares it with every other document.
    value : {"per_1000", "share", "hits"}, default "per_1000"
        The per-document value compared (NaN shares count as 0).
    n_resamples : int, default N_RESAMPLES (200)
        Monte Carlo relabelings when there are too many to enumerate.
    max_exact : int, default MAX_EXACT (5000)
        Largest number of relabelings enumerated exactly.
    seed : int, default 0
    engine : corpus_utils.engine.Engine, optional
        Where the relabelings' products run, as :func:`corpus_utils.differences.mean_differences`.

    Returns
    -------
    pandas.DataFrame
        One row per frame (and comparison): ``frame, group_a, group_b, n_a, n_b, docs_a,
        docs_b`` (documents with at least one hit), ``mean_a, mean_b, diff, diff_low, diff_high,
        p_value, min_p, p_adjusted, n_relabelings, exact, loo_min, loo_max, stable_sign,
        top_share, support``. Sorted by p-value, then ``|diff|`` descending, then frame.
        ``attrs`` records the settings, ``interval`` (the interval's method in words),
        ``interval_level`` (0.95), ``interval_resamples``, ``interval_seed`` and
        ``support_most``.

    Raises
    ------
    ParameterError
        For an unknown value or ``n_resamples`` below 1. LabelError for an unknown group or
        fewer than two groups.

    References
    ----------
    Good, P. (2005). *Permutation, Parametric and Bootstrap Tests of Hypotheses*. Springer.
    Westfall, P. H. & Young, S. S. (1993). *Resampling-Based Multiple Testing*. Wiley.
    Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
    *Statistical Applications in Genetics and Molecular Biology* 9(1).

    Examples
    --------
    Rates 3, 2, 1 (group a) and 0, 0 (group b): diff = 2 - 0 = 2; of the 10 ways to pick
    three documents as "a", the observed one and {1, 0, 0} (diff 1/3 - 5/2) reach
    ``|diff| >= 2``, so p = 2/10. Group b's resamples are always {0, 0}; group a's mean over
    resamples of {3, 2, 1} runs from 1 to 3, so the interval lies inside [1, 3].
    """
    _check_value(rates, value)
    frames = rates.attrs.get("frames") or sorted(rates["frame"].unique().tolist())
    wide = rates.pivot_table(index="doc_id", columns="frame", values=value, aggfunc="first", sort=False, dropna=False)
    wide = wide.reindex(columns=frames).fillna(0.0)
    hits = rates.pivot_table(index="doc_id", columns="frame", values="hits", aggfunc="first", sort=False)
    hits = hits.reindex(index=wide.index, columns=frames).fillna(0)
    doc_labels = rates.drop_duplicates("doc_id").set_index("doc_id")["group"].reindex(wide.index).to_numpy(dtype=object)
    table = mean_differences(wide, doc_labels, amounts=hits, groups=groups, item="frame", n_resamples=n_resamples,
                             max_exact=max_exact, seed=seed, engine=engine)
    table.attrs = {**rates.attrs, "value": value, **table.attrs}
    return table


def evidence_lines(matches: pd.DataFrame, frame: str, groups=None, n: int = 8) -> pd.DataFrame:
    """Keyword-in-context lines behind one frame, spread over documents, per group.

    Lines are taken round-robin over documents (each document's first match, then each
    one's second, ...), so one long document cannot fill the table; within a round,
    documents come in ``doc_id`` order. The lines are those :func:`match_frames` cut with
    :func:`corpus_utils.context.context_lines` (``context`` tokens either side), the cutter
    behind :func:`corpus_utils.context.kwic`, so a frame match reads like a concordance line.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`match_frames` (with ``context`` > 0).
    frame : str
        A frame key.
    groups : sequence of str, optional
        Labels to show (default: all, sorted).
    n : int, default 8
        Lines per group at most.

    Returns
    -------
    pandas.DataFrame
        ``group, doc_id, left, text, right, match``, sorted by group, then round, then
        ``doc_id``; ``attrs["docs"]`` maps each group to the number of its documents that
        hold the frame, ``attrs["hits"]`` to its number of matches.

    Raises
    ------
    ParameterError
        If ``frame`` is not a frame of the lexicon.
    """
    frames = _frames_of(matches)
    if frame not in frames:
        raise ParameterError(f"unknown frame {frame!r} (the frames are: {', '.join(frames)})")
    chosen = sorted(matches["group"].unique().tolist()) if groups is None else list(groups)
    part = matches[(matches["frame"] == frame) & matches["group"].isin(chosen)].copy()
    part["_round"] = part.groupby("doc_id", sort=False).cumcount()
    part["_g"] = part["group"].map({g: i for i, g in enumerate(chosen)})
    part = part.sort_values(["_g", "_round", "doc_id", "position"], kind="stable")
    table = part.groupby("group", sort=False).head(n)[["group", "doc_id", "left", "text", "right", "match"]]
    table = table.reset_index(drop=True)
    table.attrs.update(
        {
            "frame": frame,
            "docs": {g: int(part.loc[part["group"] == g, "doc_id"].nunique()) for g in chosen},
            "hits": {g: int((part["group"] == g).sum()) for g in chosen},
        }
    )
    return table


# ---------------------------------------------------------------------------------------------
# Coverage: what the lexicon misses
# ---------------------------------------------------------------------------------------------


def _matched_mask(matches: pd.DataFrame, n_tokens: int) -> np.ndarray:
    mask = np.zeros(n_tokens, dtype=bool)
    start = matches["position"].to_numpy(dtype=np.int64)
    length = matches["length"].to_numpy(dtype=np.int64)
    if len(start):
        idx = np.repeat(start, length) + (np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length))
        mask[idx] = True
    return mask


def coverage(matches: pd.DataFrame, tokens: TokenIndex) -> pd.DataFrame:
    """Share of tokens and of sentences that hit any frame, per document.

    ``token_share = framed_tokens / n_tokens`` (every token of a matched phrase counts,
    stop words included); ``sentence_share = framed_sentences / n_sentences`` where a
    sentence is framed when it holds at least one match.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, group, n_tokens, framed_tokens, token_share, n_sentences,
        framed_sentences, sentence_share`` in corpus order; ``attrs["token_share"]`` and
        ``attrs["sentence_share"]`` hold the corpus-wide shares.
    """
    mask = _matched_mask(matches, tokens.n_tokens)
    ptr = tokens.doc_ptr
    n_tok = np.diff(ptr)
    cum = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])
    framed = cum[ptr[1:]] - cum[ptr[:-1]]
    nonempty = n_tok > 0
    sent = tokens.sentence_ids
    n_sent = np.zeros(tokens.n_docs, dtype=np.int64)
    n_sent[nonempty] = sent[ptr[1:][nonempty] - 1] - sent[ptr[:-1][nonempty]] + 1
    framed_sent_ids = _unique(matches["sentence"].to_numpy(dtype=np.int64))
    sent_doc = tokens.doc_of(np.searchsorted(sent, framed_sent_ids, side="left"))
    framed_sent = np.bincount(sent_doc, minlength=tokens.n_docs)
    table = pd.DataFrame(
        {
            "doc_id": tokens.doc_ids,
            "group": tokens.labels,
            "n_tokens": n_tok,
            "framed_tokens": framed,
            "token_share": np.divide(framed, n_tok, out=np.zeros(len(n_tok)), where=nonempty),
            "n_sentences": n_sent,
            "framed_sentences": framed_sent,
            "sentence_share": np.divide(framed_sent, n_sent, out=np.zeros(len(n_sent)), where=n_sent > 0),
        }
    )
    table.attrs.update(
        {
            "token_share": float(framed.sum() / max(n_tok.sum(), 1)),
            "sentence_share": float(framed_sent.sum() / max(n_sent.sum(), 1)),
            "lexicon": matches.attrs.get("lexicon"),
        }
    )
    return table


def coverage_by_group(covered: pd.DataFrame, groups=None) -> pd.DataFrame:
    """Each group's coverage: pooled shares, and the range of its documents' sentence shares.

    Parameters
    ----------
    covered : pandas.DataFrame
        From :func:`coverage`.
    groups : sequence of str, optional
        Labels to report (default: all, sorted).

    Returns
    -------
    pandas.DataFrame
        One row per group, in order: ``group, n_docs, token_share`` (framed tokens / tokens
        over the group's documents), ``sentence_share`` (likewise for sentences),
        ``sentence_min, sentence_max`` (over its documents).

    Examples
    --------
    Documents with 2 of 10 and 1 of 40 sentences framed: ``sentence_share = 3 / 50 = 0.06``,
    ``sentence_min = 0.025``, ``sentence_max = 0.2``.
    """
    labels = sorted(covered["group"].unique().tolist()) if groups is None else list(groups)
    data = covered[covered["group"].isin(labels)]
    sums = data.groupby("group")[["n_tokens", "framed_tokens", "n_sentences", "framed_sentences"]].sum()
    spread = data.groupby("group")["sentence_share"].agg(["size", "min", "max"])
    table = pd.DataFrame(
        {
            "group": labels,
            "n_docs": spread["size"].reindex(labels).to_numpy(dtype=np.int64),
            "token_share": (sums["framed_tokens"] / sums["n_tokens"].clip(lower=1)).reindex(labels).to_numpy(),
            "sentence_share": (sums["framed_sentences"] / sums["n_sentences"].clip(lower=1)).reindex(labels).to_numpy(),
            "sentence_min": spread["min"].reindex(labels).to_numpy(),
            "sentence_max": spread["max"].reindex(labels).to_numpy(),
        }
    )
    table.attrs.update(covered.attrs)
    return table


def _content_types(tokens: TokenIndex, stop_words) -> np.ndarray:
    """Boolean per type: not a stop word and holds a letter."""
    stops = load_stop_words(stop_words)
    has_letter = np.array([_LETTER.search(t) is not None for t in tokens.types.tolist()], dtype=bool)
    is_stop = np.isin(tokens.types, np.array(sorted(stops), dtype=object)) if stops else np.zeros(len(tokens.types), bool)
    return has_letter & ~is_stop


def unframed_words(matches: pd.DataFrame, tokens: TokenIndex, stop_words="default", n: int = 20) -> pd.DataFrame:
    """The most frequent content words that no frame claimed: candidates to extend the lexicon.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`match_frames`.
    tokens : TokenIndex
    stop_words : see :func:`corpus_utils.load_stop_words`, default "default"
        Stop words and tokens without a letter are left out.
    n : int, default 20
        Rows returned.

    Returns
    -------
    pandas.DataFrame
        ``term, count`` (occurrences outside any match), ``docs``, ``scoped`` (True for a
        scoped word of the lexicon), sorted by count descending, then term.
    """
    mask = _matched_mask(matches, tokens.n_tokens)
    content = _content_types(tokens, stop_words)
    pos = np.flatnonzero(~mask & content[tokens.token_ids])
    ids = tokens.token_ids[pos]
    counts = np.bincount(ids, minlength=len(tokens.types))
    pairs = _unique(tokens.doc_of(pos) * len(tokens.types) + ids)
    docs = np.bincount(pairs % len(tokens.types), minlength=len(tokens.types))
    used = np.flatnonzero(counts)
    table = pd.DataFrame({"term": tokens.types[used], "count": counts[used], "docs": docs[used]})
    table["scoped"] = table["term"].isin(matches.attrs.get("scoped_words", []))
    table = table.sort_values(["count", "term"], ascending=[False, True], kind="stable").head(n).reset_index(drop=True)
    table.attrs.update({"stop_words": stop_words if isinstance(stop_words, str) or stop_words is None else "custom"})
    return table


def scoped_uses(matches: pd.DataFrame, tokens: TokenIndex) -> pd.DataFrame:
    """How often each scoped (ambiguous) word occurs, inside a frame phrase or left unassigned.

    Returns
    -------
    pandas.DataFrame
        ``word, occurrences, in_phrases, unassigned, docs``, sorted by occurrences
        descending, then word. Words the corpus lacks are left out.
    """
    mask = _matched_mask(matches, tokens.n_tokens)
    rows = []
    for word in matches.attrs.get("scoped_words", []):
        t = tokens.type_id(word)
        if t < 0:
            continue
        pos = np.flatnonzero(tokens.token_ids == t)
        inside = int(mask[pos].sum())
        rows.append({"word": word, "occurrences": len(pos), "in_phrases": inside,
                     "unassigned": len(pos) - inside, "docs": len(_unique(tokens.doc_of(pos)))})
    table = pd.DataFrame(rows, columns=["word", "occurrences", "in_phrases", "unassigned", "docs"])
    return table.sort_values(["occurrences", "word"], ascending=[False, True], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Same word, different frame
# ---------------------------------------------------------------------------------------------


def _near_match_pairs(matches: pd.DataFrame, tokens: TokenIndex, window: int, extra_left: int = 0):
    """(position, match row) for every token within ``window`` tokens of a match.

    The window runs from ``window + extra_left`` tokens before a match to ``window`` tokens
    after it, inside the match's document; the match's own tokens are included.
    """
    if window < 0:
        raise ParameterError(f"window must be 0 or more tokens (got {window})")
    start = matches["position"].to_numpy(dtype=np.int64)
    if len(start) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    last = start + matches["length"].to_numpy(dtype=np.int64) - 1
    doc = tokens.doc_of(start)
    lo = np.maximum(tokens.doc_ptr[doc], start - window - extra_left)
    hi = np.minimum(tokens.doc_ptr[doc + 1] - 1, last + window)
    span = hi - lo + 1
    offsets = np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span)
    return np.repeat(lo, span) + offsets, np.repeat(np.arange(len(start)), span)


def _near_pairs(matches: pd.DataFrame, tokens: TokenIndex, window: int, frames: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Unique (position, frame number) pairs: tokens within ``window`` tokens of a frame's match."""
    pos, row = _near_match_pairs(matches, tokens, window)
    if len(pos) == 0:
        return pos, row
    fr = matches["frame"].map({f: i for i, f in enumerate(frames)}).to_numpy(dtype=np.int64)[row]
    key = _unique(pos * len(frames) + fr)
    return key // len(frames), key % len(frames)


def word_frames(matches: pd.DataFrame, tokens: TokenIndex, word: str, window: int = 10, groups=None, examples: int = 3) -> pd.DataFrame:
    """In which frames' company a word appears, per group.

    For every occurrence of ``word`` (one token or a phrase), each frame with a match within
    ``window`` tokens of it (same document; a match containing the word itself counts) is
    noted. ``share`` is the share of the group's occurrences of the word that have that frame
    nearby, so the shares of one group can add up to more than 1; the row ``(none)`` counts
    occurrences with no frame nearby.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`match_frames`.
    tokens : TokenIndex
    word : str or sequence of str
        Tokenized like the texts (``"Cooperation"`` finds ``cooperation``); several words give
        their tables one after the other.
    window : int, default 10
        Tokens on each side.
    groups : sequence of str, optional
        Labels to report (default: all, sorted).
    examples : int, default 3
        How many of the nearby matched entries to list, most frequent first.

    Returns
    -------
    pandas.DataFrame
        ``word, group, frame, occurrences`` (of the word with the frame nearby), ``total``
        (the group's occurrences of the word), ``share`` (``occurrences / total``), ``docs``,
        ``nearby`` (the frame's entries found near the word, with counts). Sorted by label, then occurrences descending, then
        frame in lexicon order with ``(none)`` last: ties are broken as in
        :func:`contested_words`, so a group's first row is its ``top_frame`` there. Empty if
        the word does not occur.
    """
    columns = ["word", "group", "frame", "occurrences", "total", "share", "docs", "nearby"]
    if not isinstance(word, str):  # several words: their tables, one after the other
        parts = [word_frames(matches, tokens, w, window, groups, examples) for w in word]
        parts = [part for part in parts if len(part)]
        table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
        table.attrs.update({"window": window, "lexicon": matches.attrs.get("lexicon")})
        return table
    frames = _frames_of(matches)
    words = tokenize(word)
    hits = tokens.find(words) if words else np.empty(0, dtype=np.int64)
    chosen = sorted(pd.unique(tokens.labels).tolist()) if groups is None else list(groups)
    if len(hits) == 0:
        return pd.DataFrame(columns=columns)
    span = len(words)
    # a word starting at p overlaps a match's window [lo, hi] when lo - span + 1 <= p <= hi
    pos, row = _near_match_pairs(matches, tokens, window, extra_left=span - 1)
    hit_no = np.searchsorted(hits, pos)
    found = (hit_no < len(hits)) & (hits[np.minimum(hit_no, len(hits) - 1)] == pos)
    pairs = pd.DataFrame({"hit": hit_no[found], "row": row[found]})
    pairs["frame"] = matches["frame"].to_numpy(dtype=object)[pairs["row"].to_numpy()]
    pairs["entry"] = matches["match"].to_numpy(dtype=object)[pairs["row"].to_numpy()]
    hit_doc = tokens.doc_of(hits)
    hit_label = tokens.labels[hit_doc]
    pairs["group"] = hit_label[pairs["hit"].to_numpy()]
    pairs["doc"] = hit_doc[pairs["hit"].to_numpy()]
    per_hit = pairs.drop_duplicates(["hit", "frame"])
    rows = []
    for label in chosen:
        in_label = hit_label == label
        total = int(in_label.sum())
        if total == 0:
            continue
        mine = per_hit[per_hit["group"] == label]
        entries = pairs[pairs["group"] == label]
        for f in frames:
            these = mine[mine["frame"] == f]
            if these.empty:
                continue
            counts = entries.loc[entries["frame"] == f, "entry"].value_counts()
            counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
            listed = ", ".join(f"{e} ({c})" for e, c in counts.head(examples).items())
            rows.append({"word": " ".join(words), "group": label, "frame": f, "occurrences": len(these), "total": total,
                         "share": len(these) / total, "docs": these["doc"].nunique(), "nearby": listed})
        alone = np.flatnonzero(in_label & ~np.isin(np.arange(len(hits)), mine["hit"].to_numpy()))
        if len(alone):
            rows.append({"word": " ".join(words), "group": label, "frame": NONE_FRAME, "occurrences": len(alone),
                         "total": total, "share": len(alone) / total, "docs": len(_unique(hit_doc[alone])), "nearby": ""})
    table = pd.DataFrame(rows, columns=columns)
    table["_g"] = table["group"].map({g: i for i, g in enumerate(chosen)})
    table["_f"] = table["frame"].map({f: i for i, f in enumerate([*frames, NONE_FRAME])})
    table = table.sort_values(["_g", "occurrences", "_f"], ascending=[True, False, True], kind="stable")
    table = table.drop(columns=["_g", "_f"]).reset_index(drop=True)
    table.attrs.update({"window": window, "lexicon": matches.attrs.get("lexicon")})
    return table


def contested_words(
    matches: pd.DataFrame,
    tokens: TokenIndex,
    groups=None,
    window: int = 10,
    min_docs: int = 1,
    min_count: int = 2,
    stop_words="default",
    n: int = 20,
) -> pd.DataFrame:
    """Words both groups use but in the company of different frames.

    For every content word, its occurrences in each group are profiled by the frames matched
    within ``window`` tokens (as in :func:`word_frames`); each profile is normalized to sum to
    1 and the two are compared by total-variation distance, ``0.5 * sum_f |p_a(f) - p_b(f)|``
    (0: same frames around the word in both groups; 1: no frame in common).

    Parameters
    ----------
    matches : pandas.DataFrame
    tokens : TokenIndex
    groups : sequence of str, optional
        ``groups[0]`` is compared with ``groups[1]`` when two are given (or the corpus has
        exactly two labels); with three or more, ``groups[0]`` is compared with the rest.
    window : int, default 10
    min_docs : int, default 1
        The word must occur in at least this many documents of each group.
    min_count : int, default 2
        ...and at least this many times *with a frame nearby* in each group, so that a
        profile never rests on one occurrence.
    stop_words : see :func:`corpus_utils.load_stop_words`
    n : int, default 20
        Rows returned.

    Returns
    -------
    pandas.DataFrame
        ``word, count_a, count_b`` (occurrences), ``docs_a, docs_b``, ``framed_a,
        framed_b`` (occurrences with at least one frame nearby: the profiles rest on these),
        ``n_frames`` (distinct frames near the word in either group), ``top_frame_a,
        top_frame_b`` (most frequent nearby frame; ties go to the frame listed first in the
        lexicon, as in :func:`word_frames`), ``top_count_a, top_count_b`` (the occurrences
        with that frame nearby), ``distance``; only words near at least two distinct frames. Sorted by distance descending, then framed occurrences (both
        groups) descending, then word. ``attrs`` holds ``group_a``, ``group_b`` and the
        settings.
    """
    frames = _frames_of(matches)
    labels = tokens.labels
    name_a, name_b, doc_a, doc_b = _comparisons(labels, groups)[0]
    n_types, n_frames = len(tokens.types), len(frames)
    side = np.full(tokens.n_docs, -1, dtype=np.int64)
    side[doc_a] = 0
    side[doc_b] = 1
    tok_side = np.repeat(side, np.diff(tokens.doc_ptr))
    ids = tokens.token_ids.astype(np.int64)
    content = _content_types(tokens, stop_words)
    in_scope = tok_side >= 0
    counts = np.zeros((2, n_types), dtype=np.int64)
    docs = np.zeros((2, n_types), dtype=np.int64)
    for s in (0, 1):
        pos = np.flatnonzero(tok_side == s)
        counts[s] = np.bincount(ids[pos], minlength=n_types)
        pairs = _unique(tokens.doc_of(pos) * n_types + ids[pos])
        docs[s] = np.bincount(pairs % n_types, minlength=n_types)
    pos, fr = _near_pairs(matches, tokens, window, frames)
    ok = in_scope[pos] if len(pos) else np.zeros(0, bool)
    pos, fr = pos[ok], fr[ok]
    near = np.bincount(
        (tok_side[pos] * n_types + ids[pos]) * n_frames + fr, minlength=2 * n_types * n_frames
    ).reshape(2, n_types, n_frames)
    framed_pos = _unique(pos)
    framed = np.zeros((2, n_types), dtype=np.int64)
    for s in (0, 1):
        framed[s] = np.bincount(ids[framed_pos[tok_side[framed_pos] == s]], minlength=n_types)
    eligible = content & (docs >= min_docs).all(axis=0) & (framed >= max(min_count, 1)).all(axis=0)
    totals = near.sum(axis=2)
    eligible &= (near.sum(axis=0) > 0).sum(axis=1) >= 2
    cand = np.flatnonzero(eligible)
    prof = near[:, cand, :] / totals[:, cand, None]
    distance = 0.5 * np.abs(prof[0] - prof[1]).sum(axis=1)
    names = np.array(frames, dtype=object)
    table = pd.DataFrame(
        {
            "word": tokens.types[cand],
            "count_a": counts[0, cand],
            "count_b": counts[1, cand],
            "docs_a": docs[0, cand],
            "docs_b": docs[1, cand],
            "framed_a": framed[0, cand],
            "framed_b": framed[1, cand],
            "n_frames": (near[:, cand, :].sum(axis=0) > 0).sum(axis=1),
            "top_frame_a": names[near[0, cand, :].argmax(axis=1)] if len(cand) else np.empty(0, dtype=object),
            "top_frame_b": names[near[1, cand, :].argmax(axis=1)] if len(cand) else np.empty(0, dtype=object),
            "top_count_a": near[0, cand, :].max(axis=1) if len(cand) else np.empty(0, dtype=np.int64),
            "top_count_b": near[1, cand, :].max(axis=1) if len(cand) else np.empty(0, dtype=np.int64),
            "distance": distance,
        }
    )
    table["_total"] = table["framed_a"] + table["framed_b"]
    table = table.sort_values(["distance", "_total", "word"], ascending=[False, False, True], kind="stable")
    table = table.drop(columns="_total").head(n).reset_index(drop=True)
    table.attrs.update({"group_a": name_a, "group_b": name_b, "window": window, "min_docs": min_docs,
                        "min_count": min_count, "lexicon": matches.attrs.get("lexicon")})
    return table
