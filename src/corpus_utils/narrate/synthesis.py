"""Chapter 05 · what the evidence supports: whether the methods agree (each piece of evidence counted once),
where words and frames meet, the frames that echo the word lists, the findings carried by one document or
unstable, and what this corpus cannot test. The tables come from :mod:`corpus_utils.synthesis`
(``evidence``, ``verdicts``, ``cross_check``, ``term_frame_links``); a method is named by what it looks at,
never by a chapter number, so the sentences hold for any set of chapters.
"""

from __future__ import annotations

import math

import pandas as pd

from ..methods import THEME_SHARE
from ..report import join_words, plural, quoted
from ..support import ONE_DOCUMENT, UNSTABLE
from ..synthesis import NOT_COUNTED
from .wording import (MAX_LISTED, capped, documents_by_group, first_upper, group_name, interval_text, p_text,
                      pair_name, verb)

__all__ = [
    "amount_text",
    "cannot_test",
    "echo_reading",
    "echo_rows",
    "effect_text",
    "method_names",
    "methods_compared",
    "oriented",
    "pair_verdicts",
    "single_document_findings",
    "support_text",
    "term_frame_agreement",
]


#: What each method looks at, as prose.
METHOD = {"vocabulary": "the word lists", "framing": "the frames", "clustering": "the clusters"}
#: The framing route's name when the themes found in the texts stand in for the lexicon.
THEMES = "the themes"


def method_names(attrs: dict) -> dict:
    """:data:`METHOD`, with the framing route named :data:`THEMES` when the themes stand in for the lexicon.

    Examples
    --------
    >>> method_names({"framing_source": "themes"})["framing"]
    'the themes'
    """
    return {**METHOD, "framing": THEMES} if attrs.get("framing_source") == "themes" else dict(METHOD)

#: The confidence of the bootstrap intervals the chapters compute.


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def oriented(row) -> tuple[float, float, float]:
    """A finding's effect and interval turned toward the side it leans to: ``(size, low, high)``.

    A word or frame leaning to ``group_b`` has a negative effect; its size is ``-effect`` and its
    interval ``(-high, -low)``, so a low end below 0 means the finding could lean the other way.
    """
    effect, low, high = float(row.effect), float(row.effect_low), float(row.effect_high)
    if effect < 0:
        return -effect, -high, -low
    return effect, low, high


def amount_text(row, size: float) -> str:
    """A frame's or theme's difference of ``size`` in the unit of its ``effect_name``: ``22.0 per 1,000 tokens``,
    ``4.0 points of the documents' text`` (a theme's share, in percentage points)."""
    name = str(row.effect_name)
    if name == THEME_SHARE.effect:
        return f"{100 * size:.1f} points of the documents' text"
    if "per 1,000" in name:
        return f"{size:.1f} per 1,000 tokens"
    if "share" in name:
        return f"{size:.2f} of the frame hits"
    return f"{size:.1f} hits per document"


def effect_text(row) -> str:
    """A finding's size with its interval, toward its side: ``|z| = 2.64, 95% interval 1.20 to 3.90``;
    ``22.0 per 1,000 tokens, 95% interval 5.1 to 40.2``; ``ARI 0.17``."""
    if row.method == "clustering":
        return f"ARI {float(row.effect):.2f}"
    size, low, high = oriented(row)
    if row.method == "vocabulary":
        text = f"|z| = {size:.2f}" if str(row.effect_name) == "z" else f"{row.effect_name} {size:.2f}"
    else:
        text = amount_text(row, size)
    if str(row.effect_name) == THEME_SHARE.effect:  # in points, as the difference
        low, high = 100 * low, 100 * high
    interval = interval_text(low, high, "{:.2f}" if row.method == "vocabulary" or (
        "share" in str(row.effect_name) and str(row.effect_name) != THEME_SHARE.effect) else "{:.1f}", missing="")
    return f"{text}, {interval}" if interval else text


def support_text(row) -> str | None:
    """The finding's support label as prose (the labels of :mod:`corpus_utils.support` read as they are), or None
    when the table has none."""
    label = getattr(row, "support", None)
    return None if _missing(label) else str(label)


VERDICT_GROUPS = {
    "separates": "{methods} {verb} the groups at p ≤ {alpha} once adjusted for the choice and across the methods "
                 "({details})",
    "weak": "{methods} {verb} the labels beyond chance, but weakly ({details})",
    "unstable": "{methods} {verb} the labels beyond chance, but the partition changes with the seed ({details})",
    "echo": "{methods} {verb} only where they echo the listed words, which are no second route ({details})",
    "no evidence": "{methods} {verb} no difference beyond chance, although p ≤ {alpha} was possible ({details})",
    "untestable": "{methods} cannot reach p ≤ {alpha} with these documents, however large a difference ({details})",
    "not tested": "{methods} {verb} not tested ({details})",
    "not applicable": "{methods} {verb} not counted: {details}",
}
#: The methods are named in the plural ("the word lists"), so their verbs are plural too.
VERDICT_VERBS = {"separates": "separate", "weak": "follow", "unstable": "follow", "echo": "pass", "no evidence": "find",
                 "untestable": "", "not tested": "were", "not applicable": "are"}
VERDICT_DETAILS = {"separates": "{n_passing} of {n_items} {pass_}, best adjusted p = {best}{holm}",
                   "weak": "ARI {effect:.2f}, below {weak}; adjusted p = {best}{holm}",
                   "unstable": "mean ARI between the partitions of different seeds {stability:.2f}, below {stable}; "
                               "adjusted p = {best}{holm}",
                   "echo": "{n_echo} of {n_items} {echo_}; {others}",
                   "no evidence": "best adjusted p = {best}{holm}", "untestable": "the floor is {floor}",
                   "not tested": "no permutation test was run",
                   "not applicable": "the lexicon covers {coverage} of the tokens, under {low}, so its frames describe "
                                     "too little of the texts to be a route of their own"}
HOLM = ", or {p} across all {n} method tests"
ECHO_OTHERS = "best adjusted p of the others = {best}{holm}"
ECHO_NO_OTHERS = "no other frame"
METHODS_FOR_PAIR = "For {pair}, {groups}."
METHODS_AGREE = {
    "untestable": ("The methods agree only in this: the corpus is too small to test any of them, so what they show "
                   "describes these documents, not the groups they stand for."),
    "separates": "Every method finds the groups apart, each by its own route: the strongest agreement a corpus can give.",
    "no evidence": "No method finds a difference beyond chance, although each could have.",
    "not tested": "No method was tested.",
    "weak": "No method separates the groups clearly.",
    "unstable": "No method separates the groups steadily.",
}
METHODS_DISAGREE = "The methods disagree: {separating} set the groups apart and {others}."
#: How a method that does not separate the groups falls short, beside one that does.
SHORTFALL = {"no evidence": "{methods} do not", "untestable": "{methods} cannot be tested here",
             "not tested": "{methods} were not tested", "weak": "{methods} follow the labels only weakly",
             "unstable": "{methods} follow the labels only on a partition that changes with the seed"}
READING_FEW_ITEMS = (" Word lists and frames test chosen items one at a time, while the clusters weigh every word at once: "
                     "a difference carried by a few words can show in the former and drown in the latter.")
READING_FRAMES_ONLY = (" A frame pools many words into one rate, so it can show a difference that no single word carries "
                       "strongly enough to survive the adjustment for choosing it among the whole vocabulary.")
READING_THEMES_ONLY = (" A theme pools many words into one share of each document, so it can show a difference that no "
                       "single word carries strongly enough to survive the adjustment for choosing it among the whole "
                       "vocabulary.")
READING_WORDS_NOT_THEMES = (" A theme is a broad share of each document: a difference in a few words can show in the word "
                            "lists and be too small a part of any theme to show there.")
READING_WORDS_ONLY = (" The frames see only the words of the lexicon: a difference in other words shows in the word lists "
                      "alone.")
READING_CLUSTERS_ONLY = (" The clusters weigh every word at once: many small differences can add up to a split that no "
                         "single word or frame carries.")
#: How the clusters are named when several comparisons share their one verdict.
CLUSTERS_ALONE = "the clusters, which take all the groups at once,"
READING_UNTESTABLE_MIX = " Where a method cannot reach p ≤ {alpha} at all, its silence is not disagreement: it could not speak."


def _holm(row, attrs: dict) -> str:
    """``, or 0.09 across all 3 method tests`` (Holm's adjustment), or nothing when it changes nothing."""
    n = int(attrs.get("n_family", 1))
    p_holm = getattr(row, "p_holm", float("nan"))
    if n <= 1 or _missing(p_holm) or _missing(row.best_p_adjusted) or p_text(p_holm) == p_text(row.best_p_adjusted):
        return ""
    return HOLM.format(p=p_text(p_holm), n=n)


def _detail(method: str, row, verdict: str, attrs: dict) -> str:
    holm = _holm(row, attrs)
    best = "" if _missing(row.best_p_adjusted) else p_text(row.best_p_adjusted)
    others = ECHO_OTHERS.format(best=best, holm=holm) if best else ECHO_NO_OTHERS
    coverage = attrs.get("lexicon_coverage", float("nan"))
    return VERDICT_DETAILS[verdict].format(
        n_passing=f"{int(row.n_passing):,}", n_items=f"{int(row.n_items):,}",
        pass_=verb(int(row.n_passing), "passes", "pass"), best=best, holm=holm, floor=p_text(row.floor),
        effect=float(getattr(row, "best_effect", float("nan"))), stability=float(getattr(row, "stability", float("nan"))),
        weak=attrs.get("weak_ari", 0.65), stable=attrs.get("stable_ari", 0.8), n_echo=f"{int(getattr(row, 'n_echo', 0)):,}",
        echo_=verb(int(getattr(row, "n_echo", 0)), "echoes them", "echo them"), others=others,
        coverage="an unknown share" if _missing(coverage) else f"{float(coverage):.1%}",
        low=f"{float(attrs.get('low_coverage', 0.05)):.0%}",
    )


def _verdict_group(rows: list, verdict: str, alpha: float, subject: str | None = None, attrs: dict | None = None) -> str:
    """One clause for the methods that reached ``verdict``: ``the word lists and the frames cannot reach ...``.

    ``subject`` names the methods instead of their usual names (see :data:`CLUSTERS_ALONE`).
    """
    attrs = attrs or {}
    names = method_names(attrs)
    details = []
    for method, row in rows:
        detail = _detail(method, row, verdict, attrs)
        details.append(detail if len(rows) == 1 else f"{names[method]}: {detail}")
    if len(rows) > 1 and len(set(details_ := [d.split(": ", 1)[1] for d in details])) == 1:
        details = details_[:1]  # the same floor (or p) for all: say it once
    methods = subject or join_words([names[m] for m, _ in rows], escape=False)
    return VERDICT_GROUPS[verdict].format(methods=methods, alpha=alpha, verb=VERDICT_VERBS[verdict],
                                          details="; ".join(details))


def pair_verdicts(verdicts: pd.DataFrame, pair) -> dict:
    """``{method: its verdict row}`` for one comparison of :func:`corpus_utils.synthesis.cross_check`."""
    found = {}
    for method in ("vocabulary", "framing", "clustering"):
        if not isinstance(getattr(pair, method), str):
            continue
        rows = verdicts[verdicts["method"] == method]
        if method != "clustering":
            rows = rows[(rows["group_a"] == pair.group_a) & (rows["group_b"] == pair.group_b)]
        if len(rows):
            found[method] = next(rows.itertuples())
    return found


def _readings(present: dict, alpha: float, themes: bool = False) -> str:
    """Why methods that part can part: one reason for each pattern of verdicts."""
    separating = {m for m, v in present.items() if v == "separates"}
    text = ""
    if separating and present.get("clustering") == "no evidence":
        text += READING_FEW_ITEMS
    if "framing" in separating and present.get("vocabulary") not in (None, "separates"):
        text += READING_THEMES_ONLY if themes else READING_FRAMES_ONLY
    if "vocabulary" in separating and present.get("framing") not in (None, "separates"):
        text += READING_WORDS_NOT_THEMES if themes else READING_WORDS_ONLY
    if separating == {"clustering"}:
        text += READING_CLUSTERS_ONLY
    if "untestable" in present.values():
        text += READING_UNTESTABLE_MIX.format(alpha=alpha)
    return text


def methods_compared(verdicts: pd.DataFrame, cross: pd.DataFrame) -> str:
    """Where the word lists, the frames and the clusters agree and where they disagree, each route counted once.

    A method that does not apply (framing on a lexicon that covers too little) or that only echoes
    another (frames whose passing hits are listed words) is named with its reason and left out of
    the agreement. With several comparisons (each group against the rest), the clusters, which
    take all groups at once, are spoken of once, after the comparisons.

    Parameters
    ----------
    verdicts : pandas.DataFrame
        From :func:`corpus_utils.synthesis.verdicts` (``attrs``: ``alpha``, ``n_family`` and the
        thresholds).
    cross : pandas.DataFrame
        From :func:`corpus_utils.synthesis.cross_check` of that table.

    Examples
    --------
    >>> v = pd.DataFrame({"method": ["vocabulary", "clustering"], "group_a": ["a", None], "group_b": ["b", None],
    ...                   "n_items": [4, 1], "n_testable": [0, 0], "n_passing": [0, 0], "n_one_document": [0, 0],
    ...                   "best_p_adjusted": [0.5, 0.4], "floor": [0.1, 0.1], "verdict": ["untestable", "untestable"]})
    >>> c = pd.DataFrame({"group_a": ["a"], "group_b": ["b"], "vocabulary": ["untestable"], "framing": [None],
    ...                   "clustering": ["untestable"], "agree": [True], "n_methods": [2]})
    >>> print(methods_compared(v, c))  # doctest: +NORMALIZE_WHITESPACE
    For *a* and *b*, the word lists and the clusters cannot reach p ≤ 0.05 with these documents, however large a
    difference (the floor is 0.1). The methods agree only in this: the corpus is too small to test any of them, so
    what they show describes these documents, not the groups they stand for.
    """
    attrs = verdicts.attrs
    alpha = attrs.get("alpha", 0.05)
    if cross.empty:
        return "No method produced a finding to compare."
    several = len(cross) > 1
    said = []
    for pair in cross.itertuples():
        found = pair_verdicts(verdicts, pair)
        if several:
            found.pop("clustering", None)
        by_verdict: dict[str, list] = {}
        for method, row in found.items():
            by_verdict.setdefault(row.verdict, []).append((method, row))
        clauses = [_verdict_group(rows, verdict, alpha, attrs=attrs) for verdict, rows in by_verdict.items()]
        text = METHODS_FOR_PAIR.format(pair=pair_name(pair.group_a, pair.group_b), groups="; ".join(clauses))
        present = {m: row.verdict for m, row in found.items() if row.verdict not in NOT_COUNTED}
        kinds = set(present.values())
        if len(kinds) == 1 and len(present) > 1:
            text += " " + METHODS_AGREE[kinds.pop()]
        elif len(present) > 1:
            names = method_names(attrs)
            separating = [names[m] for m, v in present.items() if v == "separates"]
            short: dict[str, list] = {}
            for m, v in present.items():
                if v != "separates":
                    short.setdefault(v, []).append(names[m])
            if separating:
                others = [SHORTFALL[v].format(methods=join_words(ms, escape=False)) for v, ms in short.items()]
                text += " " + METHODS_DISAGREE.format(separating=join_words(separating, escape=False),
                                                      others=join_words(others, escape=False))
            text += _readings(present, alpha, attrs.get("framing_source") == "themes")
        said.append(text)
    clusters = verdicts[verdicts["method"] == "clustering"]
    if several and len(clusters):
        row = next(clusters.itertuples())
        said.append(first_upper(_verdict_group([("clustering", row)], row.verdict, alpha, subject=CLUSTERS_ALONE,
                                               attrs=attrs)) + ".")
    return "\n\n".join(said)


ECHO = ("{frame} ({pair}) echoes the listed {words}: {share:.0%} of its hits are {these}. Without {them}, its "
        "difference of {effect} becomes {without} (adjusted p = {p}); it is not counted as a second route.")
ECHO_NONE = ("No frame echoes the word lists: in every frame, at most half of the hits are words the word lists "
             "already list.")
ECHO_NOT_CHECKED = "The frames were not checked against the listed words."
THEME_ECHO = ("The theme {theme} ({pair}) echoes the word lists: {share:.0%} of its top words' weight is on listed words "
              "({words}); it is not counted as a second route.")
THEME_ECHO_NONE = ("No theme echoes the word lists: in every theme, at most half of its top words' weight is on words the "
                   "word lists already list.")
THEME_ECHO_NOT_CHECKED = "The themes were not checked against the listed words."


def echo_rows(evidence: pd.DataFrame) -> pd.DataFrame:
    """The framing route's findings with their echo of the word lists, for a reader's table.

    One row per frame (or theme, when the themes stand in for the frames) and comparison of the
    evidence: ``item, group_a, group_b, listed_share, echo, echo_terms, effect_without,
    p_adjusted_without`` (the difference and adjusted p without the listed words; themes have no
    recount, so these are empty for them).

    Examples
    --------
    >>> ev = pd.DataFrame({"method": ["vocabulary", "framing"], "group_a": "a", "group_b": "b", "item": ["x", "law"],
    ...                    "listed_share": [None, 0.25], "echo": [False, False], "echo_terms": [None, "x"],
    ...                    "effect_without": [None, 1.5], "p_adjusted_without": [None, 0.2]})
    >>> echo_rows(ev).values.tolist()
    [['law', 'a', 'b', 0.25, False, 'x', 1.5, 0.2]]
    """
    columns = ["item", "group_a", "group_b", "listed_share", "echo", "echo_terms", "effect_without", "p_adjusted_without"]
    rows = evidence[evidence["method"] == "framing"] if len(evidence) else evidence
    return rows.reindex(columns=columns).reset_index(drop=True)


def echo_reading(evidence: pd.DataFrame, max_items: int = MAX_LISTED) -> str:
    """The frames whose hits are mostly listed words, with their difference without those words.

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`corpus_utils.synthesis.evidence` with its ``echoes`` (the columns ``echo``,
        ``listed_share``, ``echo_terms``, ``effect_without``, ``p_adjusted_without``).
    max_items : int, default 6
        Frames described before "and N more".

    Examples
    --------
    >>> ev = pd.DataFrame({"method": ["framing"], "group_a": ["a"], "group_b": ["b"], "item": ["politics"],
    ...                    "leans_to": ["a"], "effect": [1.2], "effect_name": ["difference in mean per 1,000 tokens"],
    ...                    "echo": [True], "listed_share": [0.6], "echo_terms": ["president, obama"],
    ...                    "effect_without": [0.005], "p_adjusted_without": [0.995]})
    >>> print(echo_reading(ev))  # doctest: +NORMALIZE_WHITESPACE
    *politics* (*a* and *b*) echoes the listed words *president* and *obama*: 60% of its hits are these words.
    Without them, its difference of 1.2 per 1,000 tokens higher in *a* becomes 0.0 per 1,000 tokens (adjusted
    p = 0.995); it is not counted as a second route.
    """
    frames = evidence[evidence["method"] == "framing"] if len(evidence) else evidence
    themes = evidence.attrs.get("framing_source") == "themes"
    if frames.empty or frames["listed_share"].isna().all():
        return THEME_ECHO_NOT_CHECKED if themes else ECHO_NOT_CHECKED
    echoes = frames[frames["echo"].fillna(False).astype(bool)]
    if echoes.empty:
        return THEME_ECHO_NONE if themes else ECHO_NONE
    if themes:  # a theme's top words are the same in every comparison: one sentence per theme
        n_pairs = echoes.groupby("item", sort=False).size()
        lines = [THEME_ECHO.format(theme=first_upper(quoted(r.item)),
                                   pair=(pair_name(r.group_a, r.group_b) if n_pairs[r.item] == 1
                                         else f"in {n_pairs[r.item]:,} comparisons"),
                                   share=float(r.listed_share), words=join_words(
                                       [w for w in str(r.echo_terms).split(", ") if w] if not _missing(r.echo_terms)
                                       else [], quote="*"))
                 for r in echoes.drop_duplicates("item").head(max_items).itertuples()]
        echoes = echoes.drop_duplicates("item")
        if len(echoes) > max_items:
            lines.append(f"And {len(echoes) - max_items:,} more.")
        return "\n\n".join(lines)
    lines = []
    for r in echoes.head(max_items).itertuples():
        words = [w for w in str(r.echo_terms).split(", ") if w] if not _missing(r.echo_terms) else []
        size = abs(float(r.effect))
        effect = amount_text(r, size) + (f" higher in {group_name(r.leans_to)}" if not _missing(r.leans_to) else "")
        without = float(r.effect_without)
        direction = "" if without == 0 or _missing(r.leans_to) or (without > 0) == (float(r.effect) > 0) else \
            ", the other way"
        lines.append(ECHO.format(
            frame=first_upper(quoted(r.item)), pair=pair_name(r.group_a, r.group_b),
            words=f"{verb(len(words), 'word', 'words')} {join_words(words, quote='*')}", share=float(r.listed_share),
            these=verb(len(words), "this word", "these words"), them=verb(len(words), "it", "them"), effect=effect,
            without=amount_text(r, abs(without)) + direction, p=p_text(r.p_adjusted_without)))
    if len(echoes) > max_items:
        lines.append(f"And {len(echoes) - max_items:,} more.")
    return "\n\n".join(lines)


LINKS = "Where words and frames meet: {n} of the listed words {are} of the lexicon. {same}{opposite}"
LINKS_SAME = "{k} {lean} the same way as {its} frame: {items}. "
LINKS_OPPOSITE = ("{k} {lean} the other way, or {its} frame leans to neither side: {items}. The frame as a whole is "
                  "carried by other words.")
LINKS_THEMES = ("The lexicon covers too little of these texts to be a route, so the words are not matched to its "
                "frames; the themes that stand in for them are built from the words themselves, and a theme made "
                "mostly of listed words is an echo (above).")
LINKS_NONE = ("None of the listed words is a single-word entry of the lexicon, so the word lists and the frames rest on "
              "different words here: they can agree in direction, not in detail.")


def _grouped(part: pd.DataFrame, items: str, by: str, label, max_items: int) -> str:
    """``*a* and *b* (label of x); *c* (label of y)``: the ``items`` column grouped by the ``by`` column."""
    groups = []
    for key, rows in part.groupby(by, sort=False):
        groups.append(f"{capped([quoted(v) for v in rows[items]], max_items)} ({label(key)})")
    return "; ".join(groups)


def term_frame_agreement(links: pd.DataFrame, max_items: int = MAX_LISTED) -> str:
    """Whether the words that lean to a group belong to frames that lean the same way.

    Parameters
    ----------
    links : pandas.DataFrame
        From :func:`corpus_utils.synthesis.term_frame_links`.
    max_items : int, default 6

    Examples
    --------
    >>> links = pd.DataFrame({"group_a": ["a"] * 2, "group_b": ["b"] * 2, "term": ["trust", "fear"],
    ...                       "term_leans_to": ["a"] * 2, "frame": ["community"] * 2, "frame_leans_to": ["a"] * 2,
    ...                       "same_direction": [True] * 2})
    >>> print(term_frame_agreement(links))
    Where words and frames meet: 2 of the listed words are single-word entries of the lexicon. 2 lean the same way as their frame: *trust* and *fear* (*community*).
    """
    if links.attrs.get("framing_source") == "themes":
        return LINKS_THEMES
    if links.empty:
        return LINKS_NONE
    n = int(links["term"].nunique())
    same, opposite = links[links["same_direction"]], links[~links["same_direction"]]

    def items(part):
        return _grouped(part, "term", "frame", quoted, max_items)

    return LINKS.format(
        n=f"{n:,}", are=verb(n, "is a single-word entry", "are single-word entries"),
        same=LINKS_SAME.format(k=f"{len(same):,}", lean=verb(len(same), "leans", "lean"),
                               its=verb(len(same), "its", "their"), items=items(same)) if len(same) else "",
        opposite=LINKS_OPPOSITE.format(k=f"{len(opposite):,}", lean=verb(len(opposite), "leans", "lean"),
                                       its=verb(len(opposite), "its", "their"), items=items(opposite)) if len(opposite) else "",
    ).rstrip()


SUPPORT_CARRIED = ("**Carried by one document** (one document supplies most of the finding, or its side has a "
                   "single document):\n\n{items}")
SUPPORT_UNSTABLE = ("**Unstable** (the finding leaves its list when one document is left out or in the bootstrap, a "
                    "{noun}'s difference changes sign or vanishes when one document is left out, its 95% interval "
                    "includes 0, or a partition changes with the seed):\n\n{items}")
SUPPORT_CLOSE = ("A finding carried by one document says something about one text, not about its group; an unstable one "
                 "may not come back in another sample of documents. {rest}")
SUPPORT_REST = "The other {n} {are} consistent."
SUPPORT_NONE = ("No finding is carried by one document or unstable: each is consistent, supplied by several documents "
                "of its side and steady when documents are left out or resampled.")
SUPPORT_EMPTY = "There is no finding to weigh."
SUPPORT_GROUPS = " {groups} {verb} a single document, so whatever leans to {pronoun} is that document's."
SUPPORT_CLUSTERS = "- the clusters against the labels ({effect}; mean ARI between the partitions of different seeds {ari:.2f})"
_NOUNS = (("vocabulary", "listed word"), ("framing", "frame difference"))


def _label(row):
    """The support label of a row; a table without ``support`` falls back on ``one_document``."""
    label = getattr(row, "support", None)
    if _missing(label):
        return ONE_DOCUMENT if bool(row.one_document) else None
    return label


def _support_lines(evidence: pd.DataFrame, label: str, max_items: int) -> list[str]:
    """One line per method: the findings with ``label``, grouped by the side they lean to, with their effect."""
    lines = []
    labels = [_label(r) for r in evidence.itertuples()] if len(evidence) else []
    marked = evidence.assign(_label=labels) if len(evidence) else evidence
    nouns = dict(_NOUNS)
    if evidence.attrs.get("framing_source") == "themes":
        nouns["framing"] = "theme difference"
    for method, noun in nouns.items():
        rows = marked[marked["method"] == method] if len(marked) else marked
        chosen = rows[rows["_label"] == label] if len(rows) else rows
        if chosen.empty:
            continue
        several = chosen[["group_a", "group_b"]].drop_duplicates().shape[0] > 1
        sides = []
        for (lean, a, b), part in chosen.groupby(["leans_to", "group_a", "group_b"], sort=False, dropna=False):
            items = [f"{quoted(r.item)} ({effect_text(r)})" for r in part.itertuples()]
            where = f", in {pair_name(a, b)}" if several else ""
            sides.append(f"leaning to {group_name(lean)}{where}: {capped(items, max_items)}")
        lines.append(f"- {len(chosen):,} of the {plural(len(rows), noun)}, " + "; ".join(sides))
    clusters = marked[(marked["method"] == "clustering") & (marked["_label"] == label)] if len(marked) else marked
    for r in clusters.itertuples():
        lines.append(SUPPORT_CLUSTERS.format(effect=effect_text(r), ari=float(r.stability)))
    return lines


def single_document_findings(evidence: pd.DataFrame, lengths: pd.DataFrame | None = None,
                             max_items: int = MAX_LISTED) -> str:
    """Which of the chapters' findings are carried by one document, and which are unstable, with their effects.

    The labels are those of the chapters' ``support`` column (:mod:`corpus_utils.support`), so
    a word is called here what the word lists call it; a finding that is unstable is listed as
    such, not as resting on one document. Each finding is quoted with its effect and 95%
    bootstrap interval, turned toward the side it leans to.

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`corpus_utils.synthesis.evidence` (``support``, ``one_document``, the
        effects and intervals). Framing is left out when ``attrs["framing_applicable"]`` is False.
    lengths : pandas.DataFrame, optional
        From :func:`corpus_utils.count.group_lengths`: groups of a single document are named.
    max_items : int, default 6
        Items named per side before "and N more".

    Examples
    --------
    >>> ev = pd.DataFrame({"method": ["vocabulary", "framing"], "group_a": "a", "group_b": "b", "item": ["local", "crime"],
    ...                    "leans_to": ["a", "b"], "effect": [2.0, -3.0], "effect_low": [1.0, -5.0],
    ...                    "effect_high": [3.0, -1.0], "effect_name": ["z", "difference in mean per 1,000 tokens"],
    ...                    "stability": [0.8, float("nan")], "support": ["carried by one document", "consistent"],
    ...                    "one_document": [True, False]})
    >>> print(single_document_findings(ev))  # doctest: +NORMALIZE_WHITESPACE
    **Carried by one document** (one document supplies most of the finding, or its side has a single document):
    <BLANKLINE>
    - 1 of the 1 listed word, leaning to *a*: *local* (|z| = 2.00, 95% interval 1.00 to 3.00)
    <BLANKLINE>
    A finding carried by one document says something about one text, not about its group; an unstable one may not
    come back in another sample of documents. The other 1 is consistent.
    """
    if len(evidence) and not evidence.attrs.get("framing_applicable", True):
        evidence = evidence[evidence["method"] != "framing"]
    if evidence.empty:
        text = SUPPORT_EMPTY
    else:
        carried = _support_lines(evidence, ONE_DOCUMENT, max_items)
        unstable = _support_lines(evidence, UNSTABLE, max_items)
        parts = [SUPPORT_CARRIED.format(items="\n".join(carried))] if carried else []
        noun = "theme" if evidence.attrs.get("framing_source") == "themes" else "frame"
        parts += [SUPPORT_UNSTABLE.format(items="\n".join(unstable), noun=noun)] if unstable else []
        if parts:
            labels = [_label(r) for r in evidence.itertuples()]
            n_rest = sum(label not in (ONE_DOCUMENT, UNSTABLE) for label in labels)
            rest = SUPPORT_REST.format(n=f"{n_rest:,}", are=verb(n_rest, "is", "are")) if n_rest else ""
            text = "\n\n".join(parts) + "\n\n" + SUPPORT_CLOSE.format(rest=rest).rstrip()
        else:
            text = SUPPORT_NONE
    if lengths is not None and len(lengths):
        single = lengths.loc[lengths["documents"] == 1, "group"].tolist()
        if single:
            text += SUPPORT_GROUPS.format(groups=first_upper(join_words(single, quote="*")),
                                          verb=verb(len(single), "has", "have"), pronoun=verb(len(single), "it", "them"))
    return text


CANNOT_UNTESTABLE = ("No test of {methods} can reach p ≤ {alpha} {where}: however large a difference, the "
                     "relabellings of these documents cannot make it rare enough, with so few documents or so many "
                     "tied values (the floor is {floors}).")
CANNOT_NOT_APPLICABLE = ("The frames are no route of their own here: the lexicon covers {coverage} of the tokens, under "
                         "{low}, so its frame counts describe too little of the texts; a lexicon written for these "
                         "texts (`--lexicon`) would.")
CANNOT_WHERE_ONE = "with {sizes}"
CANNOT_WHERE = "for {pair}"
CANNOT_SPREAD = ("The spread between the documents of {groups} cannot be estimated from a single document: no "
                 "leave-one-out check can drop {pronoun}, and a simulated study borrows the spread of the other side.")
CANNOT_UNUSED = ("{frames} of the lexicon {match} no document, so nothing can be said of {pronoun} here; a lexicon "
                 "written for these texts (`--lexicon`) would.")
CANNOT_SAMPLE = ("Whether any difference belongs to the groups at large or to the {n_docs} that happen to be here: every "
                 "test above treats the documents as given and asks only whether their labels matter among them.")
CANNOT_NOTHING = ("Each method has tests that can reach p ≤ {alpha} here, and every group has two or more documents.")


def cannot_test(verdicts: pd.DataFrame, lengths: pd.DataFrame, unused_frames=()) -> str:
    """What this corpus cannot test: floors above alpha, a lexicon that does not apply, groups of one document,
    frames never matched, sampling.

    Parameters
    ----------
    verdicts : pandas.DataFrame
        From :func:`corpus_utils.synthesis.verdicts` (``attrs["alpha"]``).
    lengths : pandas.DataFrame
        From :func:`corpus_utils.count.group_lengths`.
    unused_frames : sequence of str, optional
        Frames no document matches (``attrs["unused_frames"]`` of the evidence table).

    Examples
    --------
    >>> v = pd.DataFrame({"method": ["framing"], "group_a": ["a"], "group_b": ["b"], "floor": [0.1],
    ...                   "verdict": ["untestable"]})
    >>> v.attrs["alpha"] = 0.05
    >>> lengths = pd.DataFrame({"group": ["a", "b"], "documents": [2, 3]})
    >>> print(cannot_test(v, lengths))  # doctest: +NORMALIZE_WHITESPACE
    - No test of the frames can reach p ≤ 0.05 with 2 documents labelled *a* and 3 documents labelled *b*: however
      large a difference, the relabellings of these documents cannot make it rare enough, with so few documents or
      so many tied values (the floor is 0.1).
    - Whether any difference belongs to the groups at large or to the 5 documents that happen to be here: every test
      above treats the documents as given and asks only whether their labels matter among them.
    """
    alpha = verdicts.attrs.get("alpha", 0.05)
    items = []
    untestable = verdicts[verdicts["verdict"] == "untestable"] if len(verdicts) else verdicts
    pairs = verdicts[verdicts["method"] != "clustering"][["group_a", "group_b"]].drop_duplicates() if len(verdicts) else []
    # one comparison: every untestable method in one sentence; several: one sentence per comparison
    by_pair = (untestable.groupby(["group_a", "group_b"], sort=False, dropna=False) if len(pairs) > 1
               else [((None, None), untestable)] if len(untestable) else [])
    for key, rows in by_pair:
        names = method_names(verdicts.attrs)
        methods = [names[m] for m in ("vocabulary", "framing", "clustering") if m in set(rows["method"])]
        if rows["method"].eq("clustering").all() and len(pairs) > 1:
            where = "for the groups taken at once"
        elif len(pairs) <= 1:
            where = CANNOT_WHERE_ONE.format(sizes=documents_by_group(lengths))
        else:
            where = CANNOT_WHERE.format(pair=pair_name(*key))
        floors = sorted({p_text(f) for f in rows["floor"]}, key=float)
        items.append(CANNOT_UNTESTABLE.format(methods=join_words(methods, escape=False, conjunction="or"), alpha=alpha,
                                              where=where, floors=join_words(floors, conjunction="or")))
    if len(verdicts) and (verdicts["verdict"] == "not applicable").any():
        coverage = verdicts.attrs.get("lexicon_coverage", float("nan"))
        items.append(CANNOT_NOT_APPLICABLE.format(
            coverage="an unknown share" if _missing(coverage) else f"{float(coverage):.1%}",
            low=f"{float(verdicts.attrs.get('low_coverage', 0.05)):.0%}"))
    single = lengths.loc[lengths["documents"] == 1, "group"].tolist()
    if single:
        items.append(CANNOT_SPREAD.format(groups=join_words(single, quote="*"), pronoun=verb(len(single), "it", "them")))
    unused = list(unused_frames)
    if unused:
        items.append(CANNOT_UNUSED.format(frames=first_upper(capped([quoted(f) for f in unused])),
                                          match=verb(len(unused), "matches", "match"),
                                          pronoun=verb(len(unused), "it", "them")))
    if not items and len(lengths):
        items.append(CANNOT_NOTHING.format(alpha=alpha))
    items.append(CANNOT_SAMPLE.format(n_docs=plural(int(lengths["documents"].sum()), "document")))
    return "\n".join(f"- {item}" for item in items)
