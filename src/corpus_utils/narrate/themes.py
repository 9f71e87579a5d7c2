"""Chapter 03 · themes: the themes found in the texts themselves, how many and why, which lean to which group and how
sure, which frames of the lexicon they overlap, the sentences that show them, and what few documents can show.

The tables are those of :mod:`corpus_utils.themes`: ``theme_table`` (the themes), ``choose_n_themes`` (the
choice of their number), ``compare_themes`` (the differences between the groups: the columns of
:func:`corpus_utils.frame.separation` with ``theme`` and ``label``), ``typical_sentences`` and
``frame_overlap``. A theme is named by its label, its three top terms: "the theme *police, crime, safety*".
A difference is one of mean shares of the documents' text (0 to 1), written in percentage points
(0.12 is "12.0 points"). The paragraphs on the test are the frames' (:func:`~.framing.separation_paragraphs`),
so both speak the same evidence vocabulary (carried by one document, unstable, consistent).
"""

from __future__ import annotations

import pandas as pd

from ..frame import LOW_COVERAGE
from ..groups import REST
from ..methods import THEME_POINTS as POINTS
from ..report import MAX_COLUMNS, escape_markdown, join_words, plural, quoted
from .framing import OPENING_MORE_GROUPS, SeparationItems, separation_paragraphs, separation_rows
from .wording import capped, documents_by_group, first_upper, group_name, interval_text, p_equals, p_text, range_text, verb

__all__ = [
    "framing_lead",
    "FEW_THEME_DOCUMENTS",
    "sentence_rows",
    "sentences_note",
    "theme_choice",
    "theme_differences",
    "theme_frames",
    "theme_limits",
    "theme_list_note",
    "theme_rows",
    "themes_opening",
]

#: Fewer documents than this in the smallest group: a theme mostly describes the few documents that carry it.
FEW_THEME_DOCUMENTS = 20
#: How the separation paragraphs name themes (by label) and write their differences (in points).
THEMES = SeparationItems(column="label", noun="theme", article="the theme ", set_apart_unused=False, scale=POINTS)
_POINTS = "{:.1f} points"
_NUMBER = "{:.1f}"


def _theme(label) -> str:
    """``the theme *police, crime, safety*``: a theme as a reader names it (its label escaped, in italics)."""
    return f"the theme {quoted(label)}"


def _labels(themes: pd.DataFrame | None) -> dict:
    """Theme id -> label, from a theme table (empty without one)."""
    if themes is None or themes.empty:
        return {}
    return dict(zip(themes["theme"], themes["label"]))


def _carriers(k: int, n: int, group) -> str:
    """How many of a group's ``n`` documents carry a theme: "3 of the 5 *a* documents carry it", "both ...",
    "the one other document carries it"."""
    docs = "other document" if group == REST else f"{quoted(group)} document"
    if n == 1:
        return f"the one {docs} {'carries' if k else 'does not carry'} it"
    if k == 0:
        return f"no {docs} carries it"
    if k == n:
        return f"both {docs}s carry it" if n == 2 else f"all {n:,} {docs}s carry it"
    return f"{k:,} of the {n:,} {docs}s {verb(k, 'carries', 'carry')} it"


# ======================================================================================== the opening

OPENING_LEAD = (
    "**The themes lead this chapter.** The frame lexicon covers {share:.1%} of the tokens, under {threshold:.0%}, so in "
    "its place the chapter reads {themes} found in the texts themselves: sets of words that tend to occur together, "
    "each taking a share of every document's text."
)
OPENING_LEAD_NONE = (
    "**The themes lead this chapter.** The frame lexicon covers {share:.1%} of the tokens, under {threshold:.0%}, so in "
    "its place the chapter looks for themes in the texts themselves: sets of words that tend to occur together."
)
OPENING_NO_COMPARISON = "No theme could be compared between the groups: {why}."
NO_THEME_FOUND = "no theme could be found (too few documents, or too few words that several documents share)"
NO_THEME_COMPARED = "the groups hold too few documents to compare"
OPENING_CROSS_CHECK = (
    "The frame lexicon covers {share:.1%} of the tokens, so its frames lead this chapter; {themes} found in the texts "
    "themselves are a cross-check of them, and the section on themes says which frames each one overlaps."
)
OPENING_CROSS_CHECK_NONE = (
    "The frame lexicon covers {share:.1%} of the tokens, so its frames lead this chapter; no theme could be found in the "
    "texts themselves to cross-check them."
)
OPENING_LEANS = "{group} texts give more room{than} to {items}."
OPENING_LEANS_NONE = "{group} texts give no theme more room{than}."
OPENING_ITEM = "{theme} ({amount} more of their text, {interval}; {carriers}{p}; {support})"
OPENING_AT_FLOOR = "adjusted p at the test's floor"
OPENING_UNTESTABLE = (
    "How sure can we be? With {sizes}, no theme's test can reach p ≤ {alpha}: the smallest p-value the relabelings of "
    "these documents can give is {floor}. These differences describe these texts, not yet the groups."
)
OPENING_PASSING = ("How sure can we be? Adjusted for testing every theme, {passing} {reach} p ≤ {alpha}{floor}. The table "
                   "below lists every theme.")
OPENING_FLOOR = " (the test's floor, the smallest p-value it can give here, is {floor})"
OPENING_NONE_PASS = "How sure can we be? Adjusted for testing every theme, {said}."


def _at_floor(r) -> bool:
    """Whether a row's adjusted p is the smallest its test can give (its floor): said once, not as a measurement."""
    return float(r.p_adjusted) <= float(r.min_p) + 1e-12


def _opening_item(r, with_p: bool) -> str:
    """One theme's lean, said from the group it leans to: its difference and interval in that direction, how many of
    that group's documents carry it, its adjusted p (``with_p``; "at the test's floor" there) and its support."""
    up = r.diff > 0
    low, high = (r.diff_low, r.diff_high) if up else (-r.diff_high, -r.diff_low)
    group, k, n = (r.group_a, r.docs_a, r.n_a) if up else (r.group_b, r.docs_b, r.n_b)
    p = ""
    if with_p:
        p = "; " + (OPENING_AT_FLOOR if _at_floor(r) else p_equals(r.p_adjusted, "adjusted p"))
    return OPENING_ITEM.format(theme=_theme(r.label), amount=_POINTS.format(abs(r.diff) * POINTS),
                               interval=interval_text(low * POINTS, high * POINTS, _NUMBER),
                               carriers=_carriers(int(k), int(n), group), p=p, support=r.support)


def _leans(part: pd.DataFrame, n_themes: int, with_p: bool, describe: bool) -> list[str]:
    """The sentences of one comparison: the themes each group gives more room to (one-vs-rest: more than the rest).
    ``describe``: a group with no such theme gets a sentence too; otherwise only groups with a theme are worded."""
    a, b = part["group_a"].iloc[0], part["group_b"].iloc[0]
    sides = [(a, part[part["diff"] > 0])] if b == REST else [(a, part[part["diff"] > 0]), (b, part[part["diff"] < 0])]
    than = " than the rest" if b == REST else ""
    sentences = []
    for group, rows in sides:
        items = [_opening_item(r, with_p) for r in rows.itertuples()]
        if items:
            sentences.append(first_upper(OPENING_LEANS.format(group=group_name(group), than=than,
                                                              items=capped(items, n_themes))))
        elif describe:
            sentences.append(first_upper(OPENING_LEANS_NONE.format(group=group_name(group), than=than)))
    return sentences


def _sizes(compared: pd.DataFrame, n_comparisons: int) -> str:
    """``2 *a* and 3 *b* documents`` (one comparison), or ``groups this small``."""
    if n_comparisons > 1:
        return "groups this small"
    first = compared.iloc[0]
    other = "other" if first["group_b"] == REST else group_name(first["group_b"])
    return (f"{int(first['n_a']):,} {group_name(first['group_a'])} and {int(first['n_b']):,} {other} "
            + ("document" if int(first["n_b"]) == 1 else "documents"))


def themes_opening(compared: pd.DataFrame, themes: pd.DataFrame, coverage: pd.DataFrame, alpha: float = 0.05,
                   threshold: float = LOW_COVERAGE, n_themes: int = 3, max_comparisons: int = 4) -> str:
    """What the chapter found through the themes, when the lexicon covers too little of the texts; else one sentence.

    When the lexicon's entries cover less than ``threshold`` of the tokens (``coverage.attrs["token_share"]``), the
    themes lead the chapter: how many were found; then, for each comparison, the themes each group gives more room to
    (in one-vs-rest, more than the rest), each with its difference in points of the documents' text, its 95% interval
    in that direction, how many of the group's documents carry it and its support; then how sure we can be. When the
    test's floor is above ``alpha``, nothing can be shown: the leans are described without p-values, and the floor is
    said. Otherwise, when some theme reaches ``alpha`` once adjusted for testing every theme, only those are named,
    each with its adjusted p (an adjusted p at the test's floor is said so, and the floor once); when none does, the
    largest leans are described with theirs. When the lexicon covers enough, one sentence presents the themes as a
    cross-check of the frames.

    Parameters
    ----------
    compared : pandas.DataFrame
        From :func:`corpus_utils.themes.compare_themes`.
    themes : pandas.DataFrame
        From :func:`corpus_utils.themes.theme_table` (its rows are counted).
    coverage : pandas.DataFrame
        From :func:`corpus_utils.frame.coverage` (``attrs["token_share"]``).
    alpha : float, default 0.05
    threshold : float, default LOW_COVERAGE (0.05)
    n_themes : int, default 3
        Themes named per group; the others are counted ("and 2 more").
    max_comparisons : int, default 4
        Comparisons worded in one-vs-rest; the others are left to the table.

    Examples
    --------
    >>> covered = pd.DataFrame(); covered.attrs["token_share"] = 0.126
    >>> print(themes_opening(pd.DataFrame(), pd.DataFrame({"theme": ["theme 1", "theme 2"]}), covered))
    The frame lexicon covers 12.6% of the tokens, so its frames lead this chapter; the 2 themes found in the texts themselves are a cross-check of them, and the section on themes says which frames each one overlaps.
    """
    share = float(coverage.attrs["token_share"])
    found = len(themes)
    named = "the one theme" if found == 1 else f"the {found:,} themes"
    if share >= threshold:
        return (OPENING_CROSS_CHECK.format(share=share, themes=named) if found
                else OPENING_CROSS_CHECK_NONE.format(share=share))
    lead = (OPENING_LEAD.format(share=share, threshold=threshold, themes=named) if found
            else OPENING_LEAD_NONE.format(share=share, threshold=threshold))
    if compared.empty:
        return lead + " " + OPENING_NO_COMPARISON.format(why=NO_THEME_COMPARED if found else NO_THEME_FOUND)
    parts = [part for _, part in compared.groupby(["group_a", "group_b"], sort=False)]
    floor = float(compared["min_p"].min())
    passing = compared[compared["p_adjusted"] <= alpha]
    testable = floor <= alpha
    only_passing = testable and len(passing) > 0
    shown = [part[part["p_adjusted"] <= alpha] if only_passing else part for part in parts[:max_comparisons]]
    text = " ".join(s for part in shown if len(part) for s in _leans(part, n_themes, with_p=testable, describe=not only_passing))
    if len(parts) > max_comparisons:
        n_more = len(parts) - max_comparisons
        text += OPENING_MORE_GROUPS.format(others="The other group is" if n_more == 1 else f"The other {n_more:,} groups are")
    if not testable:
        sure = OPENING_UNTESTABLE.format(sizes=_sizes(compared, len(parts)), alpha=alpha, floor=p_text(floor))
    elif only_passing:
        k = len(passing)
        at_floor = [float(r.min_p) for r in passing.itertuples() if _at_floor(r)]
        n = len(compared)
        named = ("the one theme difference" if n == 1 else "both theme differences" if k == n == 2
                 else f"all {n:,} theme differences" if k == n else f"{k:,} of the {n:,} theme differences")
        sure = OPENING_PASSING.format(passing=named, reach=verb(k, "reaches", "reach"), alpha=alpha,
                                      floor=OPENING_FLOOR.format(floor=p_text(min(at_floor))) if at_floor else "")
    elif len(compared) == 1:
        sure = OPENING_NONE_PASS.format(said=f"the one theme difference does not reach p ≤ {alpha} "
                                             f"({p_equals(float(compared['p_adjusted'].iloc[0]), 'adjusted p')})")
    else:
        sure = OPENING_NONE_PASS.format(said=f"none of the {plural(len(compared), 'theme difference')} reaches p ≤ {alpha} "
                                             f"(the smallest adjusted p-value is {p_text(float(compared['p_adjusted'].min()))})")
    return "\n\n".join(t for t in (lead, text.strip(), sure) if t)


# ======================================================================================== how many themes

CHOICE = "**{n} themes.** {tried}{criterion}.{values}{sampled}"
CHOICE_TRIED = "The chapter tried {low:,} to {high:,} themes, each fitted with {seeds}"
CHOICE_TRIED_ONE = "Only {n:,} themes were tried (these documents allow no more), fitted with {seeds}"
CHOICE_CRITERION = ", and kept {criterion}"
CHOICE_VALUES = (" With {n:,} themes the stability across seeds is {stability} and the coherence {coherence} (over the "
                 "numbers tried, stability runs from {stability_low} to {stability_high} and coherence from "
                 "{coherence_low} to {coherence_high}).")
CHOICE_VALUES_ONE = " The stability across seeds is {stability} and the coherence {coherence}."
CHOICE_SAMPLED = " The number was chosen on a random sample of {used:,} of the {n_docs:,} documents, to keep the choice quick."
#: Below this stability (the share of top words two fits agree on), the themes are said to change with the start.
WEAK_STABILITY = 0.6
CHOICE_UNSTABLE = ("A stability of {stability} means that fits from other random starts keep fewer than 6 of a theme's "
                   "top 10 words: these themes are one possible split of the texts, not the only one; read them with "
                   "their sentences, and compare the groups only on those that recur.")
CHOICE_INCOHERENT = ("A coherence below 0 means that a theme's top words meet in the same document less often than "
                     "chance would have it, as happens with very short texts: a theme here gathers words that play "
                     "the same part in different documents more than words that occur together.")
CHOICE_SET = "The number of themes was set in the parameters, not chosen from the texts."


def _two(value) -> str:
    """A stability or coherence: two decimals, or "not measurable" when missing."""
    return "not measurable" if pd.isna(value) else f"{float(value):.2f}"


def theme_choice(choice: pd.DataFrame | None) -> str:
    """How many themes the chapter reads, and why that number: the numbers tried, the criterion, the chosen number's
    stability across seeds and coherence beside their range, and the sample it was chosen on (when sampled).

    Parameters
    ----------
    choice : pandas.DataFrame or None
        From :func:`corpus_utils.themes.choose_n_themes` (a model's ``choice``): ``n_themes, stability, coherence,
        chosen``; ``attrs``: ``criterion`` (in words, after "kept": "the number of themes whose ..."), ``n_seeds``,
        ``n_docs_used``, ``n_docs``, ``sampled``. None (the number was given) or no chosen row: it was set by hand.

    Examples
    --------
    >>> choice = pd.DataFrame({"n_themes": [2, 3], "stability": [0.9, 0.7], "coherence": [0.3, 0.4],
    ...                        "chosen": [True, False]})
    >>> choice.attrs.update(criterion="the most stable number", n_seeds=3, n_docs_used=5, n_docs=5, sampled=False)
    >>> print(theme_choice(choice))
    **2 themes.** The chapter tried 2 to 3 themes, each fitted with 3 seeds, and kept the most stable number. With 2 themes the stability across seeds is 0.90 and the coherence 0.30 (over the numbers tried, stability runs from 0.70 to 0.90 and coherence from 0.30 to 0.40).
    """
    if choice is None or choice.empty or not choice["chosen"].astype(bool).any():
        return CHOICE_SET
    row = choice[choice["chosen"].astype(bool)].iloc[0]
    n = int(row["n_themes"])
    attrs = choice.attrs
    seeds = plural(int(attrs.get("n_seeds", 1)), "seed")
    if len(choice) == 1:
        tried = CHOICE_TRIED_ONE.format(n=n, seeds=seeds)
        values = CHOICE_VALUES_ONE.format(stability=_two(row["stability"]), coherence=_two(row["coherence"]))
    else:
        tried = CHOICE_TRIED.format(low=int(choice["n_themes"].min()), high=int(choice["n_themes"].max()), seeds=seeds)
        values = CHOICE_VALUES.format(
            n=n, stability=_two(row["stability"]), coherence=_two(row["coherence"]),
            stability_low=_two(choice["stability"].min()), stability_high=_two(choice["stability"].max()),
            coherence_low=_two(choice["coherence"].min()), coherence_high=_two(choice["coherence"].max()))
    sampled = (CHOICE_SAMPLED.format(used=int(attrs["n_docs_used"]), n_docs=int(attrs["n_docs"]))
               if attrs.get("sampled") else "")
    criterion = str(attrs.get("criterion", "") or "").strip().rstrip(".") if len(choice) > 1 else ""
    text = CHOICE.format(n=f"{n:,}", tried=tried, values=values, sampled=sampled,
                         criterion=CHOICE_CRITERION.format(criterion=escape_markdown(criterion)) if criterion else "")
    caveats = []
    if pd.notna(row["stability"]) and float(row["stability"]) < WEAK_STABILITY:
        caveats.append(CHOICE_UNSTABLE.format(stability=_two(row["stability"])))
    if pd.notna(row["coherence"]) and float(row["coherence"]) < 0:
        caveats.append(CHOICE_INCOHERENT)
    return text + "".join(" " + c for c in caveats)


# ======================================================================================== the theme table

THEME_LIST = ("{themes}, each named by its three top terms (its top words and phrases follow in the table); the "
              "largest, {largest}, takes {share:.0%} of a document's text on average.")
THEME_LIST_ONE = "One theme, named by its three top terms: {largest}, which takes {share:.0%} of a document's text on average."


def theme_list_note(themes: pd.DataFrame) -> str:
    """One sentence before the theme table: how many themes, and the largest by mean share.

    Parameters
    ----------
    themes : pandas.DataFrame
        From :func:`corpus_utils.themes.theme_table` (``label``, ``mean_share``).

    Examples
    --------
    >>> themes = pd.DataFrame({"theme": ["theme 1", "theme 2"], "label": ["rent, tenants, housing", "crime, police, safety"],
    ...                        "mean_share": [0.3, 0.7]})
    >>> print(theme_list_note(themes))
    2 themes, each named by its three top terms (its top words and phrases follow in the table); the largest, *crime, police, safety*, takes 70% of a document's text on average.
    """
    if themes.empty:
        return "No theme was found."
    largest = themes.sort_values("mean_share", ascending=False, kind="stable").iloc[0]
    if len(themes) == 1:
        return THEME_LIST_ONE.format(largest=quoted(largest["label"]), share=float(largest["mean_share"]))
    return THEME_LIST.format(themes=plural(len(themes), "theme"), largest=quoted(largest["label"]),
                             share=float(largest["mean_share"]))


# ======================================================================================== the differences

DIFFERENCES_INTRO = ("A theme's difference is the gap between the groups' mean share of the documents' text that it takes, "
                     "in percentage points. ")
DIFFERENCES_END = "The sentences below show each theme in each group's own words."


def theme_differences(compared: pd.DataFrame, alpha: float = 0.05, max_comparisons: int = 4) -> str:
    """Which themes separate the groups, worded as :func:`~corpus_utils.narrate.framing.frame_separation` words frames.

    Per comparison (two groups, or each group against the rest): the test and the smallest p-value it can reach; the
    themes that reach ``alpha`` once adjusted for testing every theme (or, when the floor is above ``alpha``, those at
    the floor), each in the direction it leans, in points, with its 95% interval, adjusted p and support; the themes
    whose difference changes sign when one document is left out, or rests on single documents; and how many are
    consistent, unstable or carried by one document (read from the ``support`` column).

    Parameters
    ----------
    compared : pandas.DataFrame
        From :func:`corpus_utils.themes.compare_themes` (``label``, ``diff_low``, ``diff_high``, ``support``;
        ``attrs["seed"]``).
    alpha : float, default 0.05
    max_comparisons : int, default 4
        Comparisons worded; the table holds them all.

    Examples
    --------
    See ``tests/test_narrate_themes.py``: with 2 and 3 documents the exact test's floor is 0.1, and the paragraph
    says that no theme can reach 0.05 however large its difference.
    """
    if compared.empty:
        return "No theme could be compared between the groups."
    return DIFFERENCES_INTRO + separation_paragraphs(compared, alpha, max_comparisons, _POINTS, _NUMBER, THEMES) + DIFFERENCES_END


def theme_rows(compared: pd.DataFrame) -> pd.DataFrame:
    """The rows of the theme differences for the table shown to readers.

    A copy of ``compared`` with ``leans_to`` (as :func:`~corpus_utils.narrate.framing.separation_rows` names it) and:

    * ``points``: the difference in the direction it leans, in percentage points of the documents' text (one
      decimal; 0 when it leans to neither side);
    * ``interval``: its 95% interval in that direction, "1.9 to 6.5" (empty when missing);
    * ``carried_by``: the documents of each side that carry the theme, "3 of 5 a, 1 of 4 b" ("of the rest" in
      one-vs-rest).

    Labels stay as written: :func:`corpus_utils.report.reader_table` escapes every cell.

    Parameters
    ----------
    compared : pandas.DataFrame
        From :func:`corpus_utils.themes.compare_themes`.

    Returns
    -------
    pandas.DataFrame
        ``attrs`` kept. Shown with ``{"label": "theme", "leans_to": "leans to", "points": "difference (points)",
        "interval": "95% interval", "p_adjusted": "adjusted p", "support": "support", "carried_by": "documents
        carrying it"}``.

    Examples
    --------
    >>> t = pd.DataFrame({"label": ["x, y, z"], "group_a": ["a"], "group_b": ["b"], "n_a": [5], "n_b": [4],
    ...                   "docs_a": [3], "docs_b": [1], "diff": [-0.042], "diff_low": [-0.065], "diff_high": [-0.019]})
    >>> theme_rows(t)[["leans_to", "points", "interval", "carried_by"]].values.tolist()
    [['b', 4.2, '1.9 to 6.5', '3 of 5 a, 1 of 4 b']]
    """
    rows = separation_rows(compared)
    points, intervals, carried = [], [], []
    for r in rows.itertuples():
        up = not (r.diff < 0)  # NaN and 0 keep the first group's direction
        low, high = (r.diff_low, r.diff_high) if up else (-r.diff_high, -r.diff_low)
        points.append(round(abs(float(r.diff)) * POINTS, 1) if pd.notna(r.diff) else float("nan"))
        intervals.append(range_text(low * POINTS, high * POINTS, _NUMBER))
        other = "the rest" if r.group_b == REST else r.group_b
        carried.append(f"{int(r.docs_a):,} of {int(r.n_a):,} {r.group_a}, {int(r.docs_b):,} of {int(r.n_b):,} {other}")
    rows["points"] = pd.Series(points, index=rows.index, dtype=float)
    rows["interval"] = pd.Series(intervals, index=rows.index, dtype=object)
    rows["carried_by"] = pd.Series(carried, index=rows.index, dtype=object)
    return rows


# ======================================================================================== themes and frames

THEME_FRAMES = "{theme} overlaps {frames}."
THEME_FRAME_FIRST = "the frame {frame} ({overlap:.0%} of its top words' weight: {entries})"
THEME_FRAME_MORE = "{frame} ({overlap:.0%}: {entries})"
THEME_FRAMES_NONE = "{themes} {share} no top word with the lexicon."
THEME_FRAMES_READING = (" A theme that overlaps a frame found it in the texts without being told; a theme that overlaps "
                        "none is a subject the lexicon does not name.")
NO_OVERLAP = ("No theme's top words are in the lexicon: the themes and the frames see different parts of these texts, and "
              "the themes are a subject the lexicon does not name.")


def theme_frames(overlap: pd.DataFrame, themes: pd.DataFrame, n_frames: int = 3, n_entries: int = 5) -> str:
    """The cross-check of themes and frames: which frames each theme's top words overlap, and by how much.

    Parameters
    ----------
    overlap : pandas.DataFrame
        From :func:`corpus_utils.themes.frame_overlap` (``theme, frame, frame_label, overlap, entries``: rows with an
        overlap only, sorted by theme then overlap, largest first).
    themes : pandas.DataFrame
        From :func:`corpus_utils.themes.theme_table`: the themes' order and labels.
    n_frames, n_entries : int, default 3 and 5
        Frames named per theme; lexicon words named per frame.

    Examples
    --------
    >>> themes = pd.DataFrame({"theme": ["theme 1"], "label": ["police, crime, safety"]})
    >>> overlap = pd.DataFrame({"theme": ["theme 1"], "frame": ["crime"], "frame_label": ["Crime"], "overlap": [0.4],
    ...                         "entries": ["crime, criminal"]})
    >>> print(theme_frames(overlap, themes))
    The theme *police, crime, safety* overlaps the frame *Crime* (40% of its top words' weight: *crime* and *criminal*). A theme that overlaps a frame found it in the texts without being told; a theme that overlaps none is a subject the lexicon does not name.
    """
    if themes.empty:
        return "No theme was found to compare with the frames."
    if overlap.empty:
        return NO_OVERLAP
    sentences, alone = [], []
    for theme, label in zip(themes["theme"], themes["label"]):
        rows = overlap[overlap["theme"] == theme]
        if rows.empty:
            alone.append(quoted(label))
            continue
        frames = []
        for i, r in enumerate(rows.itertuples()):
            name = r.frame_label if isinstance(r.frame_label, str) and r.frame_label.strip() else r.frame
            entries = capped([quoted(e) for e in str(r.entries).split(", ") if e], n_entries)
            frames.append((THEME_FRAME_FIRST if i == 0 else THEME_FRAME_MORE).format(frame=quoted(name), overlap=r.overlap,
                                                                                      entries=entries))
        sentences.append(first_upper(THEME_FRAMES.format(theme=_theme(label), frames=capped(frames, n_frames))))
    if alone:
        one = len(alone) == 1
        sentences.append(THEME_FRAMES_NONE.format(
            themes=f"The theme {alone[0]}" if one else f"The other {len(alone):,} themes ({capped(alone)})",
            share="shares" if one else "share"))
    return " ".join(sentences) + THEME_FRAMES_READING


# ======================================================================================== limits

LIMITS_FEW = (
    "**What {title} can show about themes.** With {sizes}, a theme is often the vocabulary of the one or two "
    "documents that carry it: on so few texts the factorization separates documents before it finds a way of writing "
    "that a group shares.{single} Read the themes as a map of these texts. A difference between the groups rests on a "
    "few documents (the support column says which){floor}; under about {few} documents per group, themes describe "
    "documents rather than groups."
)
LIMITS_SINGLE = " Here {k} of the {n} {verb} carried by a single document."
LIMITS_FLOOR = ", and the smallest p-value its test can give here is {floor}"
LIMITS_LARGE = ("A theme is a pattern of words that occur together, found without the labels: it shows what the documents "
                "talk about, and a difference says that one group's documents give it more room, not why.")


def theme_limits(themes: pd.DataFrame, lengths_or_n_docs, compared: pd.DataFrame | None = None) -> str:
    """What the corpus's size lets the themes show.

    With fewer than :data:`FEW_THEME_DOCUMENTS` documents in the smallest group, a paragraph: themes then mostly
    describe single documents (how many of them one document carries, from the theme table), a difference rests on a
    few documents, and (with ``compared``) the smallest p-value the test can give. Otherwise one neutral sentence on
    what a theme is.

    Parameters
    ----------
    themes : pandas.DataFrame
        From :func:`corpus_utils.themes.theme_table` (``docs``: how many documents carry each theme).
    lengths_or_n_docs : pandas.DataFrame or int
        A :func:`corpus_utils.count.group_lengths` table (``group, documents``), or the number of documents (read as
        the size of the smallest group when the groups are not given).
    compared : pandas.DataFrame, optional
        From :func:`corpus_utils.themes.compare_themes`: its floor (``min_p``) is said.

    Examples
    --------
    >>> themes = pd.DataFrame({"theme": ["theme 1", "theme 2"], "docs": [1, 2]})
    >>> print(theme_limits(themes, 5).split("**")[1])
    What 5 documents can show about themes.
    """
    if isinstance(lengths_or_n_docs, pd.DataFrame):
        lengths = lengths_or_n_docs
        n_docs = int(lengths["documents"].sum())
        smallest = int(lengths["documents"].min()) if len(lengths) else 0
        sizes = documents_by_group(lengths)
    else:
        n_docs = smallest = int(lengths_or_n_docs)
        sizes = plural(n_docs, "document")
    if smallest >= FEW_THEME_DOCUMENTS:
        return LIMITS_LARGE
    single = ""
    if len(themes):
        k = int((themes["docs"] == 1).sum())
        if k:
            single = LIMITS_SINGLE.format(k=f"{k:,}", n=plural(len(themes), "theme"), verb=verb(k, "is", "are"))
            if len(themes) == 1:
                single = " Here the one theme is carried by a single document."
    floor = ""
    if compared is not None and len(compared):
        floor = LIMITS_FLOOR.format(floor=p_text(float(compared["min_p"].min())))
    title = plural(n_docs, "document") if n_docs < FEW_THEME_DOCUMENTS else "groups this small"
    return LIMITS_FEW.format(title=title, sizes=sizes, single=single, floor=floor, few=FEW_THEME_DOCUMENTS)


# ======================================================================================== sentences

SENTENCES = ("For each theme, the sentences in which it takes the largest share, at most one per document and {n} per "
             "group, side by side for {groups}. A theme's top words say what it counts; its sentences show what it is about.")
SENTENCES_MISSING = " {group} has no sentence for {themes}."


def sentences_note(sentences: pd.DataFrame, themes: pd.DataFrame | None = None) -> str:
    """One short paragraph before the table of typical sentences: what it shows, and which group lacks a sentence for
    which theme.

    Parameters
    ----------
    sentences : pandas.DataFrame
        From :func:`corpus_utils.themes.typical_sentences` with ``per_group=True`` (``theme, group, doc_id, sentence,
        share``).
    themes : pandas.DataFrame, optional
        From :func:`corpus_utils.themes.theme_table`: themes are named by their labels (else by their ids), and a
        theme with no sentence in a group is named.

    Examples
    --------
    >>> s = pd.DataFrame({"theme": ["theme 1", "theme 1"], "group": ["a", "b"], "doc_id": ["d1", "d2"],
    ...                   "sentence": ["Rents rose.", "Crime fell."], "share": [0.9, 0.8]})
    >>> sentences_note(s)[:95]
    'For each theme, the sentences in which it takes the largest share, at most one per document and'
    """
    if sentences.empty:
        return "No sentence could be quoted for any theme."
    labels = _labels(themes)
    groups = pd.unique(sentences["group"]).tolist()
    order = list(themes["theme"]) if themes is not None and len(themes) else pd.unique(sentences["theme"]).tolist()
    per = int(sentences.groupby(["theme", "group"], sort=False).size().max())
    text = SENTENCES.format(n=f"{per:,}", groups=join_words([group_name(g) for g in groups], escape=False))
    for g in groups:
        has = set(sentences.loc[sentences["group"] == g, "theme"])
        missing = [labels.get(t, t) for t in order if t not in has]
        if missing:
            named = _theme(missing[0]) if len(missing) == 1 else "the themes " + capped([quoted(m) for m in missing])
            text += first_upper(SENTENCES_MISSING.format(group=group_name(g), themes=named))
    return text


def sentence_rows(sentences: pd.DataFrame, themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each theme's typical sentences from each group side by side, for :func:`corpus_utils.report.reader_table`.

    One row per theme and rank: the column ``theme`` (its label, with ``themes``; else its id), then one column per
    group (in the order of ``sentences``) holding that group's sentence of this rank, "sentence (doc id)", or "" when the
    group has fewer. The text stays as written: the reader table escapes every cell, so markup in a sentence, a label or a
    document id is shown as text.

    Parameters
    ----------
    sentences : pandas.DataFrame
        From :func:`corpus_utils.themes.typical_sentences` with ``per_group=True``.
    themes : pandas.DataFrame, optional
        From :func:`corpus_utils.themes.theme_table`: the themes' order and labels.

    Returns
    -------
    pandas.DataFrame
        Columns ``theme`` and the groups (a group called "theme" is shown as "theme (group)"); ``attrs["groups"]``,
        and ``attrs["columns"]``, the headers for :func:`corpus_utils.report.reader_table` (at most
        :data:`corpus_utils.report.MAX_COLUMNS`).

    Examples
    --------
    >>> s = pd.DataFrame({"theme": ["theme 1"] * 3, "group": ["a", "b", "a"], "doc_id": ["d1", "d2", "d3"],
    ...                   "sentence": ["Rents rose.", "Crime fell.", "Rent is high."], "share": [0.9, 0.8, 0.7]})
    >>> sentence_rows(s).values.tolist()
    [['theme 1', 'Rents rose. (d1)', 'Crime fell. (d2)'], ['theme 1', 'Rent is high. (d3)', '']]
    """
    groups = pd.unique(sentences["group"]).tolist() if len(sentences) else []
    columns = {g: ("theme (group)" if g == "theme" else g) for g in groups}
    labels = _labels(themes)
    order = list(themes["theme"]) if themes is not None and len(themes) else pd.unique(sentences["theme"]).tolist()
    rows = []
    for t in order:
        part = sentences[sentences["theme"] == t]
        if part.empty:
            continue
        cells = {g: [f"{s} ({d})" for s, d in part.loc[part["group"] == g, ["sentence", "doc_id"]].itertuples(index=False)]
                 for g in groups}
        for i in range(max(len(c) for c in cells.values())):
            rows.append({"theme": labels.get(t, t), **{columns[g]: c[i] if i < len(c) else "" for g, c in cells.items()}})
    out = pd.DataFrame(rows, columns=["theme", *columns.values()])
    out.attrs["groups"] = groups
    # the headers a reader table shows: the theme and the first groups (the others under "All columns")
    out.attrs["columns"] = {c: c for c in list(out.columns)[:MAX_COLUMNS]}
    return out


# ======================================================================================== the chapter's lead


def framing_lead(separation: pd.DataFrame, compared: pd.DataFrame, themes: pd.DataFrame, coverage: pd.DataFrame,
                 alpha: float = 0.05, threshold: float = LOW_COVERAGE) -> str:
    """Chapter 03's opening: the frames and the themes as a cross-check when the lexicon fits, else the themes.

    When the lexicon's entries cover at least ``threshold`` of the tokens, the opening of
    :func:`corpus_utils.narrate.framing.framing_opening` comes first, then the sentence of
    :func:`themes_opening` that presents the themes as a cross-check; otherwise the themes' finding
    alone (:func:`themes_opening`), which says why the frames do not lead.

    Examples
    --------
    >>> covered = pd.DataFrame(); covered.attrs["token_share"] = 0.02
    >>> print(framing_lead(pd.DataFrame(), pd.DataFrame(), pd.DataFrame({"theme": []}), covered))
    **The themes lead this chapter.** The frame lexicon covers 2.0% of the tokens, under 5%, so in its place the chapter looks for themes in the texts themselves: sets of words that tend to occur together. No theme could be compared between the groups: no theme could be found (too few documents, or too few words that several documents share).
    """
    from .framing import framing_opening

    themes_text = themes_opening(compared, themes, coverage, alpha=alpha, threshold=threshold)
    if float(coverage.attrs["token_share"]) >= threshold:
        return framing_opening(separation, coverage, alpha=alpha, threshold=threshold) + "\n\n" + themes_text
    return themes_text

