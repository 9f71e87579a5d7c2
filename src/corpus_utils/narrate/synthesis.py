"""Chapter 05 · what the evidence supports: whether the methods agree, where words and frames meet, the
findings that rest on one document, what this corpus cannot test, and the design of the next study. The
tables come from :mod:`corpus_utils.synthesis` (``evidence``, ``verdicts``, ``cross_check``,
``term_frame_links``) and :mod:`corpus_utils.design` (``floors``, ``power``); a method is named by what it
looks at, never by a chapter number, so the sentences hold for any set of chapters.
"""

from __future__ import annotations

import pandas as pd

from ..report import join_words, plural, quoted
from .wording import MAX_LISTED, capped, documents_by_group, first_upper, group_name, p_text, pair_name, verb

__all__ = [
    "cannot_test",
    "methods_compared",
    "pair_verdicts",
    "single_document_findings",
    "term_frame_agreement",
]


#: What each method looks at, as prose.
METHOD = {"vocabulary": "the word lists", "framing": "the frames", "clustering": "the clusters"}


VERDICT_GROUPS = {
    "separates": "{methods} {verb} the groups at p ≤ {alpha} once adjusted for the choice ({details})",
    "no evidence": "{methods} {verb} no difference beyond chance, although p ≤ {alpha} was possible ({details})",
    "untestable": "{methods} cannot reach p ≤ {alpha} with these documents, however large a difference ({details})",
    "not tested": "{methods} {verb} not tested ({details})",
}
#: The methods are named in the plural ("the word lists"), so their verbs are plural too.
VERDICT_VERBS = {"separates": "separate", "no evidence": "find", "untestable": "", "not tested": "were"}
VERDICT_DETAILS = {"separates": "{n_passing} of {n_items} {pass_}, best adjusted p = {best}",
                   "no evidence": "best adjusted p = {best}", "untestable": "the floor is {floor}",
                   "not tested": "no permutation test was run"}
METHODS_FOR_PAIR = "For {pair}, {groups}."
METHODS_AGREE = {
    "untestable": ("The methods agree only in this: the corpus is too small to test any of them, so what they show "
                   "describes these documents, not the groups they stand for."),
    "separates": "Every method finds the groups apart, each by its own route: the strongest agreement a corpus can give.",
    "no evidence": "No method finds a difference beyond chance, although each could have.",
    "not tested": "No method was tested.",
}
METHODS_DISAGREE = "The methods disagree: {separating} set the groups apart and {others} do not."
READING_FEW_ITEMS = (" Word lists and frames test chosen items one at a time, while the clusters weigh every word at once: "
                     "a difference carried by a few words can show in the former and drown in the latter.")
READING_FRAMES_ONLY = (" A frame pools many words into one rate, so it can show a difference that no single word carries "
                       "strongly enough to survive the adjustment for choosing it among the whole vocabulary.")
READING_WORDS_ONLY = (" The frames see only the words of the lexicon: a difference in other words shows in the word lists "
                      "alone.")
READING_CLUSTERS_ONLY = (" The clusters weigh every word at once: many small differences can add up to a split that no "
                         "single word or frame carries.")
#: How the clusters are named when several comparisons share their one verdict.
CLUSTERS_ALONE = "the clusters, which take all the groups at once,"
READING_UNTESTABLE_MIX = " Where a method cannot reach p ≤ {alpha} at all, its silence is not disagreement: it could not speak."


def _verdict_group(rows: list, verdict: str, alpha: float, subject: str | None = None) -> str:
    """One clause for the methods that reached ``verdict``: ``the word lists and the frames cannot reach ...``.

    ``subject`` names the methods instead of their usual names (see :data:`CLUSTERS_ALONE`).
    """
    details = []
    for method, row in rows:
        detail = VERDICT_DETAILS[verdict].format(n_passing=f"{int(row.n_passing):,}", n_items=f"{int(row.n_items):,}",
                                                 pass_=verb(int(row.n_passing), "passes", "pass"),
                                                 best=p_text(row.best_p_adjusted), floor=p_text(row.floor))
        details.append(detail if len(rows) == 1 else f"{METHOD[method]}: {detail}")
    if len(rows) > 1 and len(set(details_ := [d.split(": ", 1)[1] for d in details])) == 1:
        details = details_[:1]  # the same floor (or p) for all: say it once
    methods = subject or join_words([METHOD[m] for m, _ in rows], escape=False)
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


def _readings(present: dict, alpha: float) -> str:
    """Why methods that part can part: one reason for each pattern of verdicts."""
    separating = {m for m, v in present.items() if v == "separates"}
    text = ""
    if separating and "clustering" in present and "clustering" not in separating:
        text += READING_FEW_ITEMS
    if "framing" in separating and present.get("vocabulary") not in (None, "separates"):
        text += READING_FRAMES_ONLY
    if "vocabulary" in separating and present.get("framing") not in (None, "separates"):
        text += READING_WORDS_ONLY
    if separating == {"clustering"}:
        text += READING_CLUSTERS_ONLY
    if "untestable" in present.values():
        text += READING_UNTESTABLE_MIX.format(alpha=alpha)
    return text


def methods_compared(verdicts: pd.DataFrame, cross: pd.DataFrame) -> str:
    """Where the word lists, the frames and the clusters agree and where they disagree.

    With several comparisons (each group against the rest), the clusters, which take all
    groups at once, are spoken of once, after the comparisons.

    Parameters
    ----------
    verdicts : pandas.DataFrame
        From :func:`corpus_utils.synthesis.verdicts` (``attrs["alpha"]``).
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
    alpha = verdicts.attrs.get("alpha", 0.05)
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
        clauses = [_verdict_group(rows, verdict, alpha) for verdict, rows in by_verdict.items()]
        text = METHODS_FOR_PAIR.format(pair=pair_name(pair.group_a, pair.group_b), groups="; ".join(clauses))
        present = {m: row.verdict for m, row in found.items()}
        if len(by_verdict) == 1 and len(present) > 1:
            text += " " + METHODS_AGREE[next(iter(by_verdict))]
        elif len(present) > 1:
            separating = [METHOD[m] for m, v in present.items() if v == "separates"]
            others = [METHOD[m] for m, v in present.items() if v != "separates"]
            if separating:
                text += " " + METHODS_DISAGREE.format(separating=join_words(separating, escape=False),
                                                      others=join_words(others, escape=False))
            text += _readings(present, alpha)
        said.append(text)
    clusters = verdicts[verdicts["method"] == "clustering"]
    if several and len(clusters):
        row = next(clusters.itertuples())
        said.append(first_upper(_verdict_group([("clustering", row)], row.verdict, alpha, subject=CLUSTERS_ALONE)) + ".")
    return "\n\n".join(said)


LINKS = "Where words and frames meet: {n} of the listed words {are} of the lexicon. {same}{opposite}"
LINKS_SAME = "{k} {lean} the same way as {its} frame: {items}. "
LINKS_OPPOSITE = ("{k} {lean} the other way, or {its} frame leans to neither side: {items}. The frame as a whole is "
                  "carried by other words.")
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


ONE_DOCUMENT = "Resting on a single document:\n\n{items}\n\nEach of these says something about one text, not about its group."
ONE_DOCUMENT_NONE = ("No listed finding rests on a single document: each is carried by two or more documents of its "
                     "side and survives leaving any one of them out.")
ONE_DOCUMENT_GROUPS = " {groups} {verb} a single document, so whatever leans to {pronoun} is that document's."
ONE_DOCUMENT_REASONS = (" (A word counts as resting on one document when only one document of its side uses it or "
                        "when leaving one document out drops it from its side's top list; a frame, when one document "
                        "of its side has all its hits or when leaving one out reverses or erases the difference.)")


def single_document_findings(evidence: pd.DataFrame, lengths: pd.DataFrame | None = None,
                             max_items: int = MAX_LISTED) -> str:
    """Which of the chapters' findings rest on one document.

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`corpus_utils.synthesis.evidence` (its ``one_document`` column).
    lengths : pandas.DataFrame, optional
        From :func:`corpus_utils.count.group_lengths`: groups of a single document are named.
    max_items : int, default 6
        Items named per method before "and N more".

    Examples
    --------
    >>> ev = pd.DataFrame({"method": ["vocabulary", "framing"], "group_a": "a", "group_b": "b", "item": ["local", "crime"],
    ...                    "leans_to": ["a", "b"], "one_document": [True, False]})
    >>> print(single_document_findings(ev))  # doctest: +NORMALIZE_WHITESPACE
    Resting on a single document:
    <BLANKLINE>
    - 1 of the 1 listed word: *local* (leaning to *a*)
    <BLANKLINE>
    Each of these says something about one text, not about its group. (A word counts as resting on one document when only one document of its side uses it or when
    leaving one document out drops it from its side's top list; a frame, when one document of its side has all its
    hits or when leaving one out reverses or erases the difference.)
    """
    parts = []
    for method, noun in (("vocabulary", "listed word"), ("framing", "frame difference")):
        rows = evidence[evidence["method"] == method] if len(evidence) else evidence
        fragile = rows[rows["one_document"].astype(bool)] if len(rows) else rows
        if len(fragile):
            several = fragile[["group_a", "group_b"]].drop_duplicates().shape[0] > 1
            keyed = fragile.assign(_key=list(zip(fragile["leans_to"], fragile["group_a"], fragile["group_b"])))
            names = _grouped(keyed, "item", "_key", lambda key: f"leaning to {group_name(key[0])}"
                             + (f", in {pair_name(key[1], key[2])}" if several else ""), max_items)
            parts.append(f"- {len(fragile):,} of the {plural(len(rows), noun)}: {names}")
    text = ONE_DOCUMENT.format(items="\n".join(parts)) + ONE_DOCUMENT_REASONS if parts else ONE_DOCUMENT_NONE
    if lengths is not None and len(lengths):
        single = lengths.loc[lengths["documents"] == 1, "group"].tolist()
        if single:
            text += ONE_DOCUMENT_GROUPS.format(groups=first_upper(join_words(single, quote="*")),
                                               verb=verb(len(single), "has", "have"),
                                               pronoun=verb(len(single), "it", "them"))
    return text


CANNOT_UNTESTABLE = ("No test of {methods} can reach p ≤ {alpha} {where}: however large a difference, the "
                     "relabellings of so few documents cannot make it rare enough (the floor is {floors}).")
CANNOT_WHERE_ONE = "with {sizes}"
CANNOT_WHERE = "for {pair}"
CANNOT_SPREAD = ("The spread between the documents of {groups} cannot be estimated from a single document: no "
                 "leave-one-out check can drop {pronoun}, and no study of {pronoun} alone against another group can be "
                 "simulated.")
CANNOT_UNUSED = ("{frames} of the lexicon {match} no document, so nothing can be said of {pronoun} here; a lexicon "
                 "written for these texts (`--lexicon`) would.")
CANNOT_SAMPLE = ("Whether any difference belongs to the groups at large or to the {n_docs} that happen to be here: every "
                 "test above treats the documents as given and asks only whether their labels matter among them.")
CANNOT_NOTHING = ("Each method has tests that can reach p ≤ {alpha} here, and every group has two or more documents.")


def cannot_test(verdicts: pd.DataFrame, lengths: pd.DataFrame, unused_frames=()) -> str:
    """What this corpus cannot test: floors above alpha, groups of one document, frames never matched, sampling.

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
      large a difference, the relabellings of so few documents cannot make it rare enough (the floor is 0.1).
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
        methods = [METHOD[m] for m in ("vocabulary", "framing", "clustering") if m in set(rows["method"])]
        if rows["method"].eq("clustering").all() and len(pairs) > 1:
            where = "for the groups taken at once"
        elif len(pairs) <= 1:
            where = CANNOT_WHERE_ONE.format(sizes=documents_by_group(lengths))
        else:
            where = CANNOT_WHERE.format(pair=pair_name(*key))
        floors = sorted({p_text(f) for f in rows["floor"]}, key=float)
        items.append(CANNOT_UNTESTABLE.format(methods=join_words(methods, escape=False, conjunction="or"), alpha=alpha,
                                              where=where, floors=join_words(floors, conjunction="or")))
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
