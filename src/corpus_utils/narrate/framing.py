"""Chapter 03 · framing: the frame lexicon and how well it fits the corpus, its matches, the frames each
group foregrounds and how much of them one document supplies, which frames separate the groups, the
words whose frame company differs, and what the corpus size lets the frame tests say.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from ..frame import LOW_COVERAGE, NONE_FRAME
from ..groups import REST
from ..report import escape_markdown, join_words, plural, quoted
from ..support import MOST, ONE_DOCUMENT
from .wording import capped, first_upper, group_name, interval_text, p_equals, p_text, support_breakdown, verb

__all__ = [
    "contested_frames_summary",
    "frame_concentration",
    "frame_coverage",
    "frame_evidence",
    "frame_separation",
    "frames_by_camp",
    "framing_opening",
    "groups_compared",
    "leading_frames_reading",
    "lexicon_contents",
    "lexicon_fit",
    "lexicon_note",
    "unframed_words_note",
    "word_company",
]


_UNITS = {"per_1000": "{:.1f} per 1,000 tokens", "share": "{:.2f} of the share of frame hits", "hits": "{:.1f} hits"}
_NUMBERS = {"per_1000": "{:.1f}", "share": "{:.2f}", "hits": "{:.1f}"}


def _times(n: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return {1: "once", 2: "twice"}.get(n, f"{n:,} times")


def _part_of(k: int, n: int, noun: str) -> str:
    """``k`` of ``n`` things as the subject of a sentence: "its one use", "both its uses",
    "all 4 of its uses", "6 of its 10 uses"."""
    if n == 1:
        return f"its one {escape_markdown(noun)}"
    if k == n == 2:
        return f"both its {escape_markdown(noun)}s"
    if k == n:
        return f"all {n:,} of its {escape_markdown(noun)}s"
    return f"{k:,} of its {plural(n, noun)}"


def _share_of_total(k: int, n: int, share: float) -> str:
    """``" (60%)"`` beside "6 of its 10 ...", nothing when the count says it all."""
    return "" if n <= 1 or k == n else f" ({share:.0%})"


# ======================================================================================== the opening

OPENING_LOW = (
    "**The frame lexicon sees little of these texts.** Its entries cover {share:.1%} of the tokens, below the "
    "{threshold:.0%} at which frame counts can describe a text, so this chapter states no finding about frames: "
    "its counts are kept below as a note on the lexicon, and the next section says how to write a lexicon for "
    "these texts."
)
OPENING_NONE = "No frame of the lexicon occurs in these texts, so no frame could be compared between the groups."
OPENING_LEANS = "{group} texts give more room{than} to {items}."
OPENING_LEANS_NONE = "{group} texts give no frame more room{than}."
OPENING_ITEM = "{label} ({amount}, {interval}; {support})"
OPENING_UNTESTABLE = (
    "How sure can we be? With {sizes}, no frame's test can reach p ≤ {alpha}: the smallest p-value the "
    "relabelings of these documents can give is {floor}. These differences describe these texts, not yet the groups."
)
OPENING_TESTABLE = "How sure can we be? Adjusted for testing every frame, {passing}."
OPENING_MORE_GROUPS = " ({others} in the table below.)"
_MORE = {"per_1000": "{:.1f} more hits per 1,000 tokens", "share": "{:.2f} more of the share of frame hits",
         "hits": "{:.1f} more hits"}
_MORE_NUMBERS = _NUMBERS


def _frame_label(frame, labels: dict) -> str:
    """A frame as a reader names it: its label from the lexicon in italics (escaped), else its key."""
    return quoted(labels.get(frame, frame))


def _used(separation: pd.DataFrame) -> pd.DataFrame:
    """The rows of frames that some document of either side uses."""
    return separation[(separation["docs_a"] > 0) | (separation["docs_b"] > 0)]


def _leaning(part: pd.DataFrame, side: str, labels: dict, value: str, n_frames: int) -> list[str]:
    """The first ``n_frames`` frames of ``part`` (table order) that lean to ``side`` ("a" or "b"), worded."""
    rows = part[part["diff"] > 0] if side == "a" else part[part["diff"] < 0]
    items = []
    for r in rows.head(n_frames).itertuples():
        low, high = (r.diff_low, r.diff_high) if side == "a" else (-r.diff_high, -r.diff_low)
        items.append(OPENING_ITEM.format(label=_frame_label(r.frame, labels), amount=_MORE.get(value, _MORE["per_1000"]).format(abs(r.diff)),
                                         interval=interval_text(low, high, _MORE_NUMBERS.get(value, "{:.1f}")), support=r.support))
    return items


def lexicon_note(coverage: pd.DataFrame, threshold: float = LOW_COVERAGE) -> str:
    """A one-line note before a frame table or sentence when the lexicon covers too little of the corpus.

    Empty when the lexicon's entries cover at least ``threshold`` of the tokens: then the frame counts
    are findings and need no note.

    Parameters
    ----------
    coverage : pandas.DataFrame
        From :func:`corpus_utils.frame.coverage` (``attrs["token_share"]``).
    threshold : float, default LOW_COVERAGE (0.05)

    Examples
    --------
    >>> covered = pd.DataFrame(); covered.attrs["token_share"] = 0.012
    >>> lexicon_note(covered)
    '*A note on the lexicon, not a finding: it covers 1.2% of the tokens of these texts.*'
    >>> covered.attrs["token_share"] = 0.2
    >>> lexicon_note(covered)
    ''
    """
    share = float(coverage.attrs["token_share"])
    return "" if share >= threshold else f"*A note on the lexicon, not a finding: it covers {share:.1%} of the tokens of these texts.*"


def framing_opening(separation: pd.DataFrame, coverage: pd.DataFrame, alpha: float = 0.05,
                    threshold: float = LOW_COVERAGE, n_frames: int = 3, max_comparisons: int = 4) -> str:
    """What the chapter found, in a few sentences: which frames each group gives more room to, and how sure.

    When the lexicon covers less than ``threshold`` of the tokens, that is all it says: the frame
    counts are then a note on the lexicon, not findings. Otherwise, for each comparison (two groups,
    or each group against the rest), the frames that lean to each side, in the order of the
    separation table (the most separating first), each with its difference, its 95% bootstrap
    interval in the direction it leans and its support; then one sentence on how sure we can be:
    whether any frame's test can reach ``alpha`` with these documents, and how many do once
    adjusted for testing every frame.

    Parameters
    ----------
    separation : pandas.DataFrame
        From :func:`corpus_utils.frame.separation` (``attrs``: ``value``, ``frame_labels``).
    coverage : pandas.DataFrame
        From :func:`corpus_utils.frame.coverage` (``attrs["token_share"]``).
    alpha : float, default 0.05
    threshold : float, default LOW_COVERAGE (0.05)
    n_frames : int, default 3
        Frames named for each side.
    max_comparisons : int, default 4
        Groups worded in a one-vs-rest comparison; the others are left to the table.

    Examples
    --------
    >>> sep = pd.DataFrame({"frame": ["cost"], "group_a": ["a"], "group_b": ["b"], "n_a": [2], "n_b": [3],
    ...                     "docs_a": [2], "docs_b": [1], "diff": [2.0], "diff_low": [1.0], "diff_high": [3.0],
    ...                     "min_p": [0.1], "p_adjusted": [0.1], "support": ["consistent"]})
    >>> sep.attrs["frame_labels"] = {"cost": "Cost & budget"}
    >>> covered = pd.DataFrame(); covered.attrs["token_share"] = 0.2
    >>> print(framing_opening(sep, covered))
    *a* texts give more room to *Cost &amp; budget* (2.0 more hits per 1,000 tokens, 95% interval 1.0 to 3.0; consistent). *b* texts give no frame more room.
    <BLANKLINE>
    How sure can we be? With 2 *a* and 3 *b* documents, no frame's test can reach p ≤ 0.05: the smallest p-value the relabelings of these documents can give is 0.1. These differences describe these texts, not yet the groups.
    """
    share = float(coverage.attrs["token_share"])
    if share < threshold:
        return OPENING_LOW.format(share=share, threshold=threshold)
    used = _used(separation)
    if used.empty:
        return OPENING_NONE
    labels = separation.attrs.get("frame_labels", {}) or {}
    value = separation.attrs.get("value", "per_1000")
    parts = [part for _, part in used.groupby(["group_a", "group_b"], sort=False)]
    sentences = []
    for part in parts[:max_comparisons]:
        a, b = part["group_a"].iloc[0], part["group_b"].iloc[0]
        sides = [("a", a)] if b == REST else [("a", a), ("b", b)]
        than = " than the rest" if b == REST else ""
        for side, group in sides:
            items = _leaning(part, side, labels, value, n_frames)
            template = OPENING_LEANS if items else OPENING_LEANS_NONE
            sentences.append(first_upper(template.format(group=group_name(group), than=than, items=join_words(items, escape=False))))
    text = " ".join(sentences)
    if len(parts) > max_comparisons:
        n_more = len(parts) - max_comparisons
        text += OPENING_MORE_GROUPS.format(others="The other group is" if n_more == 1 else f"The other {n_more:,} groups are")
    floor = float(used["min_p"].min())
    if floor > alpha:
        if len(parts) == 1:
            first = used.iloc[0]
            other = "other" if first["group_b"] == REST else group_name(first["group_b"])
            sizes = (f"{int(first['n_a']):,} {group_name(first['group_a'])} and {int(first['n_b']):,} {other} "
                     + ("document" if int(first["n_b"]) == 1 else "documents"))
        else:
            sizes = "groups this small"
        return text + "\n\n" + OPENING_UNTESTABLE.format(sizes=sizes, alpha=alpha, floor=p_text(floor))
    passing = used[used["p_adjusted"] <= alpha]
    if passing.empty and len(used) == 1:
        said = f"the one frame difference does not reach p ≤ {alpha} ({p_equals(float(used['p_adjusted'].iloc[0]), 'adjusted p')})"
    elif passing.empty:
        said = (f"none of the {plural(len(used), 'frame difference')} reaches p ≤ {alpha} (the smallest adjusted "
                f"p-value is {p_text(float(used['p_adjusted'].min()))})")
    else:
        listed = capped([
            _frame_label(r.frame, labels) + ("" if len(parts) == 1 else f" ({group_name(r.group_a)} against {group_name(r.group_b)})")
            for r in passing.itertuples()])
        said = (f"{len(passing):,} of the {plural(len(used), 'frame difference')} {verb(len(passing), 'reaches', 'reach', none_singular=False)} "
                f"p ≤ {alpha}: {listed}")
    return text + "\n\n" + OPENING_TESTABLE.format(passing=said)


GROUPS_COMPARED = "{n_docs}: {by_group}{tail}"


def groups_compared(corpus: pd.DataFrame, groups) -> str:
    """The documents and groups the chapter compares.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The loaded corpus (its ``group`` column).
    groups : list of str
        From :func:`corpus_utils.check_groups`.

    Examples
    --------
    >>> corpus = pd.DataFrame({"group": ["a", "a", "b"]})
    >>> groups_compared(corpus, ["a", "b"])
    '3 documents: 2 documents labelled *a* and 1 document labelled *b*.'
    """
    sizes = corpus["group"].value_counts()
    in_scope = int(corpus["group"].isin(groups).sum()) if len(groups) > 1 else len(corpus)
    by_group = join_words((f"{plural(int(sizes.get(g, 0)), 'document')} labelled {quoted(g)}" for g in groups), escape=False)
    if len(groups) == 2:
        tail = "."
    elif len(groups) == 1:
        tail = f"; {quoted(groups[0])} is compared with the other {plural(int((corpus['group'] != groups[0]).sum()), 'document')}."
    else:
        tail = "; with more than two groups, each is compared with the rest."
    return GROUPS_COMPARED.format(n_docs=plural(in_scope, "document"), by_group=by_group, tail=tail)


LEXICON_CONTENTS = "The lexicon ({source}) defines {frames} with {words} and {phrases}."
LEXICON_SCOPED = " {n_scoped} count only inside phrases: {scoped}."
LEXICON_SPLIT = (" For example, {word} appears in phrases of {n_frames} ({frames}): which frame it signals depends on"
                 " its neighbours.")
LEXICON_UNUSED = " {words} {verb} in no phrase, so {pronoun} never {count}."


def lexicon_contents(lexicon_table: pd.DataFrame, scoped: pd.DataFrame) -> str:
    """What the frame lexicon holds: frames, words, phrases, and its scoped words.

    Parameters
    ----------
    lexicon_table : pandas.DataFrame
        From :func:`corpus_utils.frame.lexicon_table` (``attrs["source"]``: only the file name is
        shown).
    scoped : pandas.DataFrame
        From :func:`corpus_utils.frame.scoped_frames`.

    Examples
    --------
    >>> table = pd.DataFrame({"frame": ["cost"], "n_words": [1], "n_phrases": [2]})
    >>> table.attrs["source"] = "my/frames.yml"
    >>> lexicon_contents(table, pd.DataFrame(columns=["word", "n_frames", "frames"]))
    'The lexicon (*frames.yml*) defines 1 frame with 1 word and 2 phrases.'
    """
    text = LEXICON_CONTENTS.format(
        source=quoted(PurePath(str(lexicon_table.attrs.get("source", ""))).name or "?"),
        frames=plural(len(lexicon_table), "frame"),
        words=plural(int(lexicon_table["n_words"].sum()), "word"),
        phrases=plural(int(lexicon_table["n_phrases"].sum()), "phrase"),
    )
    if len(scoped):
        text += LEXICON_SCOPED.format(n_scoped=plural(len(scoped), "scoped word"), scoped=join_words(scoped["word"], quote="*"))
        split = scoped[scoped["n_frames"] > 1]
        if len(split):
            first = split.iloc[0]
            text += LEXICON_SPLIT.format(word=quoted(first["word"]), n_frames=plural(int(first["n_frames"]), "frame"),
                                         frames=join_words(first["frames"], quote="*"))
        unused = scoped[scoped["n_frames"] == 0]
        if len(unused):
            n = len(unused)
            text += LEXICON_UNUSED.format(words=join_words(unused["word"], quote="*"), verb=verb(n, "is", "are", none_singular=False),
                                          pronoun=verb(n, "it", "they", none_singular=False), count=verb(n, "counts", "count", none_singular=False))
    return text


LEXICON_FITS = ("The lexicon's entries cover {share:.1%} of this corpus's tokens (stop words included), {relation} the "
                "{threshold:.0%} below which this chapter would first warn that the frames see too little of the texts.")
LEXICON_LOW = (
    "**The lexicon sees little of this corpus.** Its entries cover {share:.1%} of the tokens (stop words included), "
    "below {threshold:.0%}; {docs} of {n_docs} {hold} any entry at all. The frame counts below then describe a handful "
    "of words, not the texts: read them as a check of the lexicon, and write a lexicon for this corpus first. Until "
    "then, the themes found in the texts (next section) stand in for the frames.\n\n"
    "The quickest start is a draft made of those themes: `corpus-essay lexicon-draft CORPUS --out frames.yml` writes "
    "one frame per theme, with its top words and phrases, to rename and edit. Or write one by hand:\n\n"
    "1. Copy the shipped `frames.yml` (the comments at its top explain the format) and give the copy's path as the "
    "`lexicon` parameter.\n"
    "2. Start from the words no frame claims. The most frequent here are {words}. For each, ask which consideration it "
    "signals; a word that only names the subject frames nothing and stays out.\n"
    "3. Put the words that signal one consideration under one frame key, with a one-line definition; an expression of "
    "two or more words goes under `phrases`:\n\n"
    "   ```yaml\n"
    "   frames:\n"
    "     my_frame:\n"
    "       label: My frame\n"
    "       definition: One line saying which consideration these words signal.\n"
    "       words: [word, another]\n"
    "       phrases: [a phrase of several words]\n"
    "   ```\n\n"
    "4. Run the chapter again: this check comes first, and every frame hit below can be read in its context."
)


def lexicon_fit(coverage: pd.DataFrame, unframed: pd.DataFrame, threshold: float = LOW_COVERAGE, n_words: int = 10) -> str:
    """Whether the lexicon covers enough of the corpus; if not, how to write one (said first).

    Parameters
    ----------
    coverage : pandas.DataFrame
        From :func:`corpus_utils.frame.coverage` (``attrs["token_share"]``, ``framed_tokens``).
    unframed : pandas.DataFrame
        From :func:`corpus_utils.frame.unframed_words`: the words to start from.
    threshold : float, default LOW_COVERAGE (0.05)
        The share of tokens below which the chapter warns.
    n_words : int, default 10
        Unframed words listed.

    Examples
    --------
    >>> covered = pd.DataFrame({"framed_tokens": [1, 0]})
    >>> covered.attrs["token_share"] = 0.5
    >>> print(lexicon_fit(covered, pd.DataFrame({"term": ["rent"], "count": [3]})))
    The lexicon's entries cover 50.0% of this corpus's tokens (stop words included), above the 5% below which this chapter would first warn that the frames see too little of the texts.
    """
    share = float(coverage.attrs["token_share"])
    if share >= threshold:
        return LEXICON_FITS.format(share=share, threshold=threshold, relation="above" if share > threshold else "at")
    top = unframed.head(n_words)
    words = join_words((f"{quoted(t)} ({c:,})" for t, c in zip(top["term"], top["count"])), escape=False)
    docs = int((coverage["framed_tokens"] > 0).sum())
    return LEXICON_LOW.format(share=share, threshold=threshold, docs=f"{docs:,}", hold=verb(docs, "holds", "hold", none_singular=False),
                              n_docs=plural(len(coverage), "document"), words=words or "(none: no content word is left)")


def leading_frames_reading(leading: pd.DataFrame, groups, n_listed: int = 3) -> str:
    """Each document's strongest frame, counted per group.

    Parameters
    ----------
    leading : pandas.DataFrame
        From :func:`corpus_utils.frame.leading_frames`.
    groups : list of str
    n_listed : int, default 3
        Frames named per group.

    Examples
    --------
    >>> leading = pd.DataFrame({"group": ["a", "a"], "frame": ["crime", "trust"], "docs": [2, 1], "n_docs": [3, 3]})
    >>> leading_frames_reading(leading, ["a"])
    'Reading the rows one document at a time: in *a*, the strongest frame is *crime* in 2 of 3 documents and *trust* in 1.'
    """
    parts = []
    for g in groups:
        rows = leading[leading["group"] == g]
        if rows.empty:
            continue
        n = int(rows["n_docs"].iloc[0])
        said = [
            ("no frame at all" if f == NONE_FRAME else quoted(f)) + (f" in {d:,} of {plural(n, 'document')}" if i == 0 else f" in {d:,}")
            for i, (f, d) in enumerate(rows[["frame", "docs"]].head(n_listed).itertuples(index=False))
        ]
        rest = rows.iloc[len(said):]
        tail = ""
        if len(rest):
            n_rest, n_frames = int(rest["docs"].sum()), int((rest["frame"] != NONE_FRAME).sum())
            led = plural(n_frames, "other frame") + (", or by none" if (rest["frame"] == NONE_FRAME).any() else "")
            if n_frames == 0:
                led = "no frame at all"
            tail = f"; the other {plural(n_rest, 'document')} {verb(n_rest, 'is', 'are', none_singular=False)} led by {led}"
        parts.append(f"in {quoted(g)}, the strongest frame is {join_words(said, escape=False)}{tail}")
    if not parts:
        return "No document has a frame to read."
    return "Reading the rows one document at a time: " + "; ".join(parts) + "."


FRAMES_BY_CAMP = "The {n} with the highest mean rate in each group:\n\n{lines}"
ONE_DOCUMENT_FRAMES = ("\n\nSome frames rest on a single document of their group, so they describe that document, not "
                       "the group: {pairs}.")


def frames_by_camp(summary: pd.DataFrame, n_top: int = 3) -> str:
    """Each group's strongest frames by mean rate, and the frames that rest on one of its documents.

    Parameters
    ----------
    summary : pandas.DataFrame
        From :func:`corpus_utils.frame.group_summary` with ``value="per_1000"``.
    n_top : int, default 3

    Examples
    --------
    >>> summary = pd.DataFrame({"frame": ["crime"], "group": ["a"], "mean": [2.0], "docs_with_hits": [1], "n_docs": [1]})
    >>> frames_by_camp(summary)
    'The frame with the highest mean rate in each group:\\n\\n* *a* foregrounds *crime* (2.0 per 1,000 tokens, in 1 of 1 document)'
    """
    lines = []
    for g in summary["group"].drop_duplicates():
        part = summary[summary["group"] == g].sort_values(["mean", "frame"], ascending=[False, True], kind="stable")
        part = part[part["mean"] > 0].head(n_top)
        said = join_words(
            (f"{quoted(f)} ({m:.1f} per 1,000 tokens, in {d:,} of {plural(int(n), 'document')})"
             for f, m, d, n in part[["frame", "mean", "docs_with_hits", "n_docs"]].itertuples(index=False)),
            escape=False,
        )
        lines.append(f"* {quoted(g)} foregrounds {said}" if len(part) else
                     f"* {quoted(g)} foregrounds no frame of the lexicon (none matched in this group)")
    n_frames = min(n_top, summary["frame"].nunique())
    text = FRAMES_BY_CAMP.format(n="frame" if n_frames == 1 else f"{n_frames} frames", lines="\n".join(lines))
    one_doc = summary[(summary["docs_with_hits"] == 1) & (summary["n_docs"] > 1)]
    if len(one_doc):
        text += ONE_DOCUMENT_FRAMES.format(
            pairs=capped([f"{quoted(f)} in {quoted(g)}" for f, g in one_doc[["frame", "group"]].itertuples(index=False)]))
    return text


CONCENTRATION = "In {group}, one document supplies {most} of the hits of {frames}: {listed}."
CONCENTRATION_END = " For {these}, the group's mean rate is mostly one document's usage, whatever its other documents do."
CONCENTRATION_NONE = ("In no group does one document supply {most} of a frame's hits (among frames that two or more of "
                      "the group's documents use); the largest share is {top_share:.0%}: {top}.")
CONCENTRATION_ONE_DOC = " {groups} {verb} a single document, so all {pronoun} hits come from it."
CONCENTRATION_SUPPORT = (" As findings, {k} of the {n} frame differences {verb} carried by one document (the `support` "
                         "column of the separation table): {listed}.")
CONCENTRATION_SUPPORT_NONE = (" As findings, none of the {n} frame differences is carried by one document (the `support` "
                              "column of the separation table).")


def _most(threshold: float) -> str:
    return "more than half" if threshold == MOST else f"more than {threshold:.0%}"


def frame_concentration(concentration: pd.DataFrame, separation: pd.DataFrame | None = None, threshold: float = MOST) -> str:
    """Which frames' hits in a group come mostly from one of its documents, and which frame differences that leaves
    carried by one document.

    "Mostly" is the support rule's (:data:`corpus_utils.support.MOST`): one document supplies more
    than half of the hits. Which frame differences are *carried by one document* is read from the
    ``support`` column of the separation table, never worked out here, so this sentence and the
    separation's agree.

    Parameters
    ----------
    concentration : pandas.DataFrame
        From :func:`corpus_utils.frame.concentration`.
    separation : pandas.DataFrame, optional
        From :func:`corpus_utils.frame.separation` (``support``, ``diff``): the frame differences
        carried by one document are named.
    threshold : float, default MOST (0.5)
        Shares above this are named (frames that only one document of the group uses are left to
        :func:`frames_by_camp`).

    Examples
    --------
    >>> table = pd.DataFrame({"frame": ["trust"], "group": ["a"], "n_docs": [2], "docs": [2], "hits": [24],
    ...                       "top_doc": ["d1"], "top_hits": [19], "top_share": [19 / 24]})
    >>> print(frame_concentration(table))
    In *a*, one document supplies more than half of the hits of one frame: *trust* (19 of 24 hits, from *d1*). For this frame, the group's mean rate is mostly one document's usage, whatever its other documents do.
    """
    most = _most(threshold)
    shared = concentration[(concentration["docs"] >= 2)]
    high = shared[shared["top_share"] > threshold].sort_values(["top_share", "hits"], ascending=[False, False], kind="stable")
    parts = []
    for g in high["group"].drop_duplicates():
        rows = high[high["group"] == g]
        frames = "one frame" if len(rows) == 1 else plural(len(rows), "frame")
        parts.append(CONCENTRATION.format(group=quoted(g), most=most, frames=frames, listed=capped([
            f"{quoted(f)} ({h:,} of {plural(t, 'hit')}, from {quoted(d)})"
            for f, t, d, h in rows[["frame", "hits", "top_doc", "top_hits"]].itertuples(index=False)
        ])))
    if parts:
        text = " ".join(parts) + CONCENTRATION_END.format(these=verb(len(high), "this frame", "these frames", none_singular=False))
    elif len(shared):
        top = shared.sort_values(["top_share", "hits"], ascending=[False, False], kind="stable").iloc[0]
        text = CONCENTRATION_NONE.format(
            most=most, top_share=top["top_share"],
            top=f"{int(top['top_hits']):,} of {int(top['hits']):,} {quoted(top['frame'])} hits in {quoted(top['group'])} "
                f"come from {quoted(top['top_doc'])}")
    elif int(concentration["hits"].sum()) == 0:
        text = "No frame has a hit in this corpus, so no frame total rests on any document."
    else:
        text = "No frame is used by two or more documents of the same group, so every frame total is one document's."
    single = concentration.loc[concentration["n_docs"] == 1, "group"].drop_duplicates().tolist()
    if single:
        text += CONCENTRATION_ONE_DOC.format(groups=join_words(single, quote="*"), verb=verb(len(single), "is", "are each", none_singular=False),
                                             pronoun=verb(len(single), "its", "their", none_singular=False))
    if separation is not None and len(separation):
        used = separation[(separation["docs_a"] > 0) | (separation["docs_b"] > 0)]
        carried = used[used["support"] == ONE_DOCUMENT]
        if len(carried):
            pair = used[["group_a", "group_b"]].drop_duplicates()
            listed = capped([
                f"{quoted(r.frame)} (leaning to {group_name(r.group_a if r.diff > 0 else r.group_b)}"
                + ("" if len(pair) == 1 else f", {group_name(r.group_a)} against {group_name(r.group_b)}") + ")"
                for r in carried.itertuples()])
            text += CONCENTRATION_SUPPORT.format(k=f"{len(carried):,}", n=f"{len(used):,}",
                                                 verb=verb(len(carried), "is", "are"), listed=listed)
        else:
            text += CONCENTRATION_SUPPORT_NONE.format(n=f"{len(used):,}")
    return text


SEPARATION_TEST = "With {n_a} and {n_b} documents, each {noun}'s test {how}, and the smallest p-value a {noun} can reach is {floor}"
SEPARATION_TIES = "; ties among the relabelings raise it for {frames}"
SEPARATION_UNTESTABLE = (". No {noun} can reach the conventional {alpha} however large its difference, so these p-values rank "
                         "how unusual each split is among the possible ones; they prove nothing. ")
SEPARATION_TESTABLE = "Adjusted for testing all {n_frames} at once, "
SEPARATION_ITEM = "{frame} ({direction} in {group} by {amount}, {interval}; {p}; {support})"
SEPARATION_FRAGILE = ("For {frames} the difference changes sign (or vanishes) when one document is left out: too fragile to "
                      "read as a difference between the groups. ")
SEPARATION_UNUSED = "{frames} {verb} used by no document of either side, so {pronoun} {has} nothing to test. "
SEPARATION_UNCHECKED = "For {frames} no document can be left out (each side has one), so the difference rests on single documents. "
SEPARATION_SUPPORT = "Of the {n} {noun} differences, {breakdown}. "
SEPARATION_SUPPORT_ONE = "The difference of {frame} is {level}. "
SEPARATION_END = "The evidence sections below read the sentences behind the numbers."


@dataclass(frozen=True)
class SeparationItems:
    """What the items of a separation table are called in its sentences: frames here, themes in
    :mod:`corpus_utils.narrate.themes`. One paragraph (:func:`separation_paragraphs`) words both."""

    #: The column whose value names an item in prose (escaped and put in italics).
    column: str = "frame"
    #: The items' noun: "frame", "theme".
    noun: str = "frame"
    #: Put before an item's name where it stands alone: "the theme ".
    article: str = ""
    #: Whether items that no document of either side uses (``docs_a`` and ``docs_b`` both 0) are set apart as having
    #: nothing to test (frame hits: such a difference is exactly 0; a theme always has a share).
    set_apart_unused: bool = True
    #: Differences and intervals are written multiplied by this (a theme's share as percentage points: 100).
    scale: float = 1.0


FRAMES = SeparationItems()


def _separation_item(r, a, unit: str, number: str, items: SeparationItems = FRAMES) -> str:
    """One item's difference in the direction it leans, its interval in that direction, adjusted p and support."""
    up = r.diff > 0
    low, high = (r.diff_low, r.diff_high) if up else (-r.diff_high, -r.diff_low)
    k = items.scale
    return SEPARATION_ITEM.format(frame=quoted(getattr(r, items.column)), direction="higher" if up else "lower",
                                  group=group_name(a), amount=unit.format(abs(r.diff) * k),
                                  interval=interval_text(low * k, high * k, number),
                                  p=p_equals(r.p_adjusted, "adjusted p"), support=r.support)


def _separation_paragraph(part: pd.DataFrame, alpha: float, unit: str, number: str, seed,
                          items: SeparationItems = FRAMES) -> str:
    noun, column = items.noun, items.column
    n_tested = len(part)
    unused = part[(part["docs_a"] == 0) & (part["docs_b"] == 0)] if items.set_apart_unused else part.iloc[0:0]
    if len(unused) == n_tested:  # nothing is used at all: "no frame reaches ..." says it
        unused = unused.iloc[0:0]
    part = part.drop(index=unused.index)
    first = part.iloc[0]
    a, b = first["group_a"], first["group_b"]
    floor = float(part["min_p"].min())
    how = (f"is exact, over all {int(first['n_relabelings']):,} relabelings" if first["exact"]
           else f"draws {int(first['n_relabelings']):,} random relabelings (seed {seed})")
    text = SEPARATION_TEST.format(n_a=f"{int(first['n_a']):,} {quoted(a)}",
                                  n_b=f"{int(first['n_b']):,} " + ("other" if b == REST else quoted(b)),
                                  how=how, floor=p_text(floor), noun=noun)
    raised = part[part["min_p"] > floor + 1e-12]
    if len(raised):
        text += SEPARATION_TIES.format(frames=capped([f"{quoted(f)} ({p_text(p)})" for f, p in raised[[column, "min_p"]].itertuples(index=False)]))
    if floor > alpha:
        text += SEPARATION_UNTESTABLE.format(alpha=alpha, noun=noun)
        listed, target = part[part["p_value"] <= floor + 1e-12], f"the smallest possible {p_equals(floor)}"
        lead = ""
    else:
        text += ". "
        listed, target = part[part["p_adjusted"] <= alpha], f"p ≤ {alpha}"
        lead = SEPARATION_TESTABLE.format(n_frames=plural(n_tested, noun)) if n_tested > 1 else ""
    if len(listed):
        n = len(listed)
        text += first_upper(f"{lead}{plural(n, noun)} {verb(n, 'reaches', 'reach', none_singular=False)} {target}: ") + capped([
            _separation_item(r, a, unit, number, items) for r in listed.itertuples()
        ])
        stable = int(listed["stable_sign"].sum())
        if n == 1 and listed["loo_min"].isna().all():
            text += ". "  # no document can be left out: said below
        elif n == 1:
            text += "; its difference " + ("keeps its sign" if stable else "does not keep its sign") + " when any one document is left out. "
        else:
            text += f"; the difference keeps its sign when any one document is left out for {stable:,} of them. "
    else:
        text += first_upper(f"{lead}no {noun} reaches {target} (smallest adjusted p-value: {p_text(part['p_adjusted'].min())}). ")
    unchecked = part[part["loo_min"].isna()]
    fragile = part[~part["stable_sign"] & part["loo_min"].notna()]
    if len(fragile):
        text += SEPARATION_FRAGILE.format(frames=capped([quoted(f) for f in fragile[column]]))
    if len(unchecked):
        text += SEPARATION_UNCHECKED.format(frames=capped([quoted(f) for f in unchecked[column]]))
    if len(part) == 1:
        text += SEPARATION_SUPPORT_ONE.format(frame=items.article + quoted(first[column]), level=first["support"])
    else:
        text += SEPARATION_SUPPORT.format(n=f"{len(part):,}", noun=noun, breakdown=support_breakdown(
            part["support"], [quoted(f) for f in part[column]]))
    if len(unused):
        n = len(unused)
        text += SEPARATION_UNUSED.format(frames=first_upper(capped([quoted(f) for f in unused[column]])),
                                         verb=verb(n, "is", "are", none_singular=False), pronoun=verb(n, "it", "they", none_singular=False), has=verb(n, "has", "have", none_singular=False))
    return text


def separation_paragraphs(separation: pd.DataFrame, alpha: float, max_comparisons: int, unit: str, number: str,
                          items: SeparationItems = FRAMES) -> str:
    """The paragraphs of a separation table, one per comparison (at most ``max_comparisons``): the test and its floor,
    the items that reach ``alpha`` (or the floor) with their differences, intervals, adjusted p-values and support,
    those whose sign rests on one document, and how many are consistent, unstable or carried by one document.

    Shared by :func:`frame_separation` and :func:`corpus_utils.narrate.themes.theme_differences`; ``unit`` writes an
    amount ("{:.1f} per 1,000 tokens"), ``number`` an interval's ends, ``items`` names the items. ``separation`` must
    not be empty.
    """
    seed = separation.attrs.get("seed", 0)
    parts = [part for _, part in separation.groupby(["group_a", "group_b"], sort=False)]
    paragraphs = [_separation_paragraph(part, alpha, unit, number, seed, items) for part in parts[:max_comparisons]]
    if len(parts) > max_comparisons:
        paragraphs.append(f"(The first {max_comparisons} of {len(parts)} comparisons; the table lists them all.) ")
    return "\n\n".join(paragraphs)


def frame_separation(separation: pd.DataFrame, alpha: float = 0.05, max_comparisons: int = 4) -> str:
    """Which frames separate the groups, with the test's floor, each difference's interval, leave-one-out stability and
    support.

    Each listed difference is said in the direction it leans ("lower in *a* by 4.9"), with its 95%
    bootstrap interval in that direction, its adjusted p-value and its support; every comparison ends
    with how many frame differences are consistent, unstable or carried by one document. The support
    is read from the ``support`` column, never worked out here.

    Parameters
    ----------
    separation : pandas.DataFrame
        From :func:`corpus_utils.frame.separation` (``diff_low``, ``diff_high``, ``support``;
        ``attrs``: ``value``, ``seed``).
    alpha : float, default 0.05
    max_comparisons : int, default 4
        Comparisons worded (one-vs-rest gives one per group); the table holds them all.

    Examples
    --------
    See ``tests/test_narrate_framing.py``: a 2-vs-3 exact test whose floor 0.1 is above 0.05 gives
    "No frame can reach the conventional 0.05 however large its difference ...".
    """
    if separation.empty:
        return "No frame could be tested."
    value = separation.attrs.get("value", "per_1000")
    unit, number = _UNITS.get(value, _UNITS["per_1000"]), _NUMBERS.get(value, _NUMBERS["per_1000"])
    return separation_paragraphs(separation, alpha, max_comparisons, unit, number) + SEPARATION_END


def separation_rows(separation: pd.DataFrame) -> pd.DataFrame:
    """The separation table with the side each difference leans to, for the table shown to readers.

    ``group_a`` is the first group of a comparison whatever the sign of ``diff``; ``leans_to``
    names the group with the higher mean rate: ``group_a`` when ``diff`` is positive,
    ``group_b`` when negative ("the rest (not a)" in a one-vs-rest comparison), "neither" when
    the difference is 0 or missing.

    Parameters
    ----------
    separation : pandas.DataFrame
        From :func:`corpus_utils.frame.separation` (``group_a, group_b, diff``).

    Returns
    -------
    pandas.DataFrame
        A copy with a ``leans_to`` column added (``attrs`` kept).

    Examples
    --------
    >>> table = pd.DataFrame({"group_a": ["a", "a"], "group_b": ["b", "b"], "diff": [1.0, -2.0]})
    >>> separation_rows(table)["leans_to"].tolist()
    ['a', 'b']
    """
    rows = separation.copy()
    leans = []
    for a, b, d in rows[["group_a", "group_b", "diff"]].itertuples(index=False):
        if pd.isna(d) or d == 0:
            leans.append("neither")
        elif d > 0:
            leans.append(a)
        else:
            leans.append(f"the rest (not {a})" if b == REST else b)
    rows["leans_to"] = pd.Series(leans, index=rows.index, dtype=object)
    return rows


def frame_evidence(evidence: list, entries: pd.DataFrame, concentration: pd.DataFrame, n_entries: int = 3) -> str:
    """Who uses the frames whose evidence is shown, and through which entries.

    Parameters
    ----------
    evidence : list of pandas.DataFrame
        From :func:`corpus_utils.frame.evidence` (one per frame; ``attrs["frame"]``).
    entries : pandas.DataFrame
        From :func:`corpus_utils.frame.entry_counts` with ``by_group=True``.
    concentration : pandas.DataFrame
        From :func:`corpus_utils.frame.concentration` (hits, documents and group sizes;
        ``attrs["frame_labels"]`` names the frames).
    n_entries : int, default 3

    Examples
    --------
    >>> conc = pd.DataFrame({"frame": ["f"], "group": ["a"], "n_docs": [3], "docs": [1], "hits": [1]})
    >>> entries = pd.DataFrame({"frame": ["f"], "group": ["a"], "match": ["victims"], "hits": [1], "docs": [1]})
    >>> ev = pd.DataFrame(); ev.attrs["frame"] = "f"
    >>> frame_evidence([ev], entries, conc)
    '*f*: *a* has one hit, *victims*, in 1 of 3 documents.'
    """
    labels = concentration.attrs.get("frame_labels", {}) or {}
    paragraphs = []
    for f in dict.fromkeys(ev.attrs["frame"] for ev in evidence):
        parts = []
        for r in concentration[concentration["frame"] == f].itertuples(index=False):
            g, hits, docs, of = r.group, int(r.hits), int(r.docs), plural(int(r.n_docs), "document")
            common = entries[(entries["frame"] == f) & (entries["group"] == g)]
            listed = join_words((f"{quoted(m)} ({h:,})" for m, h in common[["match", "hits"]].head(n_entries).itertuples(index=False)),
                                escape=False)
            if hits == 0:
                parts.append(f"no {quoted(g)} document uses it")
            elif hits == 1:
                parts.append(f"{quoted(g)} has one hit, {quoted(common['match'].iloc[0])}, in 1 of {of}")
            else:
                more = len(common) > n_entries
                parts.append(f"{quoted(g)} has {plural(hits, 'hit')} in {docs:,} of {of}"
                             + (f", most often {listed}" if more else f": {listed}"))
        head = f"{quoted(labels[f], '**')} ({quoted(f)})" if f in labels and labels[f] != f else quoted(f)
        paragraphs.append(f"{head}: " + "; ".join(parts) + ".")
    return "\n\n".join(paragraphs)


FRAME_COVERAGE = ("Frame words make up {tokens:.1%} of all tokens, and {sentences:.0%} of sentences hold at least one. "
                  "Per document, the share of framed sentences {ranges}. A sentence with no match is not frameless: it "
                  "may frame through words the lexicon lacks.")


def frame_coverage(by_group: pd.DataFrame) -> str:
    """How much of the texts the frames touch, overall and per group.

    Parameters
    ----------
    by_group : pandas.DataFrame
        From :func:`corpus_utils.frame.coverage_by_group` (``attrs``: the corpus-wide
        ``token_share`` and ``sentence_share``).

    Examples
    --------
    >>> table = pd.DataFrame({"group": ["a"], "n_docs": [1], "sentence_min": [0.5], "sentence_max": [0.5]})
    >>> table.attrs.update(token_share=0.1, sentence_share=0.5)
    >>> frame_coverage(table)[:110]
    'Frame words make up 10.0% of all tokens, and 50% of sentences hold at least one. Per document, the share of fr'
    """
    ranges = join_words(
        (f"{lo:.0%} in the one {quoted(g)} document" if n == 1 else f"from {lo:.0%} to {hi:.0%} in {quoted(g)}"
         for g, n, lo, hi in by_group[["group", "n_docs", "sentence_min", "sentence_max"]].itertuples(index=False)),
        escape=False,
    )
    verb = "ranges" if (by_group["n_docs"] > 1).any() else "is"
    return FRAME_COVERAGE.format(tokens=by_group.attrs["token_share"], sentences=by_group.attrs["sentence_share"],
                                 ranges=f"{verb} {ranges}")


UNFRAMED = "The most frequent words no frame claims are {words}."
SCOPED_USES = " Of the {total} occurrences of scoped words, {inside} inside a frame phrase and {left} left unassigned{most}."
SCOPED_MOST = "; {word} alone occurs {times}, {in_phrases}"
SCOPED_ONE = " The one occurrence of a scoped word, {word}, {where}."


def _inside_phrases(k: int, n: int) -> str:
    """How many of a word's ``n`` occurrences sit inside a phrase, after "occurs n times, "."""
    if n == 1:
        return "inside a phrase" if k else "outside any phrase"
    return "none of them inside a phrase" if k == 0 else "all of them inside a phrase" if k == n else f"{k:,} of them inside a phrase"
EXTEND_LEXICON = (" To extend the lexicon, copy `frames.yml`, add words or phrases, and give the copy's path as the "
                  "`lexicon` parameter.")


def unframed_words_note(unframed: pd.DataFrame, scoped: pd.DataFrame, n_words: int = 8) -> str:
    """The frequent words no frame claims, and what became of the scoped words.

    Parameters
    ----------
    unframed : pandas.DataFrame
        From :func:`corpus_utils.frame.unframed_words`.
    scoped : pandas.DataFrame
        From :func:`corpus_utils.frame.scoped_uses`.
    n_words : int, default 8

    Examples
    --------
    >>> scoped = pd.DataFrame({"word": ["rights"], "occurrences": [1], "in_phrases": [1], "unassigned": [0]})
    >>> print(unframed_words_note(pd.DataFrame({"term": ["rent"]}), scoped))
    The most frequent words no frame claims are *rent*. The one occurrence of a scoped word, *rights*, sits inside a frame phrase. To extend the lexicon, copy `frames.yml`, add words or phrases, and give the copy's path as the `lexicon` parameter.
    """
    text = (UNFRAMED.format(words=join_words(unframed["term"].head(n_words), quote="*")) if len(unframed)
            else "Every content word of the corpus is claimed by a frame.")
    used = scoped[scoped["occurrences"] > 0] if len(scoped) else scoped
    total = int(used["occurrences"].sum()) if len(used) else 0
    if total == 1:
        word, inside = used["word"].iloc[0], int(used["in_phrases"].iloc[0])
        text += SCOPED_ONE.format(word=quoted(word), where="sits inside a frame phrase" if inside else
                                  "is outside any phrase, so it counts for no frame")
    elif total:
        inside, left = int(used["in_phrases"].sum()), int(used["unassigned"].sum())
        most = used.iloc[0]
        k, n = int(most["in_phrases"]), int(most["occurrences"])
        text += SCOPED_USES.format(
            total=f"{total:,}", inside="none sits" if inside == 0 else f"{inside:,} {verb(inside, 'sits', 'sit', none_singular=False)}",
            left="none is" if left == 0 else f"{left:,} {verb(left, 'is', 'are', none_singular=False)}",
            most=SCOPED_MOST.format(word=quoted(most["word"]), times=_times(n), in_phrases=_inside_phrases(k, n))
            if len(used) > 1 else "",
        )
    return text + EXTEND_LEXICON


FRAME_CONTESTED = ("Words used by at least {min_docs} of each group{lowered}, whose frame company differs most between {a} and "
             "{b}: {words}. The next table shows the company of the first {n_shown} in detail.")
FRAME_CONTESTED_NONE = "No word is used by at least {min_docs} of both {a} and {b} near two or more different frames{lowered}."
LOWERED = (" (`contested_min_docs` was lowered to {used} because a group has only {docs}, so one author's usage can decide a row)")


def _company(frame, k: int, n: int) -> str:
    if n == 1:
        return f"near {quoted(frame)} (its one framed use)"
    how = "always" if k == n else "mostly" if 2 * k > n else "most often"
    return f"{how} near {quoted(frame)} ({k:,} of {n:,})"


def contested_frames_summary(contested: pd.DataFrame, min_docs_asked: int, n_words: int = 3, n_shown: int = 2) -> str:
    """The words whose frame company differs most between the groups, with the uses behind each distance.

    Parameters
    ----------
    contested : pandas.DataFrame
        From :func:`corpus_utils.frame.contested_words` (``attrs``: ``group_a``, ``group_b``,
        ``min_docs``).
    min_docs_asked : int
        The ``min_docs`` parameter before it was lowered to the smallest group (if it was).
    n_words, n_shown : int, default 3 and 2
        Words worded here; words shown in the detail table.

    Examples
    --------
    >>> table = pd.DataFrame(columns=["word"])
    >>> table.attrs.update(group_a="a", group_b="b", min_docs=1)
    >>> contested_frames_summary(table, 1)
    'No word is used by at least 1 document of both *a* and *b* near two or more different frames.'
    """
    a, b, used = contested.attrs["group_a"], contested.attrs["group_b"], int(contested.attrs["min_docs"])
    lowered = LOWERED.format(used=used, docs=plural(used, "document")) if used < min_docs_asked else ""
    if contested.empty:
        return FRAME_CONTESTED_NONE.format(min_docs=plural(used, "document"), a=group_name(a), b=group_name(b), lowered=lowered)
    words = [
        f"{quoted(w)} (distance {d:.2f}, from {plural(int(na), 'framed use')} in {group_name(a)} and {int(nb):,} in {group_name(b)}; "
        f"in {group_name(a)} {_company(fa, int(ka), int(na))}, in {group_name(b)} {_company(fb, int(kb), int(nb))})"
        for w, d, na, nb, fa, fb, ka, kb in contested[
            ["word", "distance", "framed_a", "framed_b", "top_frame_a", "top_frame_b", "top_count_a", "top_count_b"]
        ].head(n_words).itertuples(index=False)
    ]
    shown = min(n_shown, len(contested))
    return FRAME_CONTESTED.format(min_docs=plural(used, "document"), lowered=lowered, a=group_name(a), b=group_name(b),
                            words=join_words(words, escape=False), n_shown="word" if shown == 1 else f"{shown}")


def word_company(company: pd.DataFrame, groups) -> str:
    """For each word of the detail table: in each group, the frame most often near it.

    Parameters
    ----------
    company : pandas.DataFrame
        From :func:`corpus_utils.frame.word_frames` (one or several words).
    groups : list of str

    Examples
    --------
    >>> company = pd.DataFrame({"word": ["legal"], "group": ["a"], "frame": ["fairness"], "occurrences": [1],
    ...                         "total": [3], "share": [1 / 3], "nearby": ["fear (2)"]})
    >>> word_company(company, ["a"])
    '*legal*: in *a*, 1 of its 3 uses (33%) is near *fairness* words (fear (2)).'
    """
    sentences = []
    for w in company["word"].drop_duplicates():
        parts = []
        for g in groups:
            rows = company[(company["word"] == w) & (company["group"] == g) & (company["frame"] != NONE_FRAME)]
            if rows.empty:
                continue
            top = rows.iloc[0]
            k, n = int(top["occurrences"]), int(top["total"])
            parts.append(f"in {quoted(g)}, {_part_of(k, n, 'use')}{_share_of_total(k, n, top['share'])} "
                         f"{verb(k, 'is', 'are', none_singular=False)} near {quoted(top['frame'])} words ({escape_markdown(top['nearby'])})")
        if parts:
            sentences.append(f"{quoted(w)}: " + "; ".join(parts) + ".")
    return "\n\n".join(sentences)


