"""Chapter 01 · the corpus: what it holds, what cleaning removed, how long its documents are, how much
of its vocabulary one document carries, and how small a p-value a test on its documents can give.
"""

from __future__ import annotations

import pandas as pd

from ..report import join_words, p_value_text, plural, quoted
from .wording import capped, count_or_none, documents_by_group, verb

__all__ = [
    "cleaning_summary",
    "corpus_opening",
    "corpus_overview",
    "length_balance",
    "relabeling_floor",
    "vocabulary_overview",
]


CORPUS_OVERVIEW = "The corpus holds {documents} in {groups}: {by_group}. {comparison}"
COMPARE_PAIR = "The comparison chapters compare {a} and {b}{others}."
COMPARE_ONE = "The comparison chapters compare {a} with every other document."
COMPARE_EACH = "The comparison chapters compare each of {names} with the rest of {scope} (one-vs-rest)."


def _comparison_sentence(groups: list, labels: list) -> str:
    names = list(groups)
    if len(names) == 2:
        others = " (the documents of other groups take no part)" if len(labels) > 2 else ""
        return COMPARE_PAIR.format(a=quoted(names[0]), b=quoted(names[1]), others=others)
    if len(names) == 1:
        return COMPARE_ONE.format(a=quoted(names[0]))
    scope = "the documents" if set(names) == set(labels) else "these groups' documents"
    return COMPARE_EACH.format(names=join_words(names, quote="*"), scope=scope)


def corpus_overview(lengths: pd.DataFrame, groups) -> str:
    """What the corpus holds, group by group, and which groups the later chapters compare.

    Parameters
    ----------
    lengths : pandas.DataFrame
        From :func:`corpus_utils.count.group_lengths` (``group``, ``documents``).
    groups : list of str
        From :func:`corpus_utils.load.check_groups`: two names compare a pair, one name that
        group with every other document, three or more each group with the rest.

    Examples
    --------
    >>> lengths = pd.DataFrame({"group": ["a", "b"], "documents": [2, 3]})
    >>> print(corpus_overview(lengths, ["a", "b"]))
    The corpus holds 5 documents in 2 groups: 2 documents labelled *a* and 3 documents labelled *b*. The comparison chapters compare *a* and *b*.
    """
    return CORPUS_OVERVIEW.format(
        documents=plural(int(lengths["documents"].sum()), "document"),
        groups=plural(len(lengths), "group"),
        by_group=documents_by_group(lengths),
        comparison=_comparison_sentence(list(groups), lengths["group"].tolist()),
    )


CLEANING_NONE = "No cleaning rule matched any line of this corpus: the texts are used as they are."
CLEANING = "Cleaning removed {lines} from {touched} of {documents}, by rule: {rules}. {untouched}"
CLEANING_RULE = "{lines} by {rule} (in {documents})"
CLEANING_UNTOUCHED = "{documents} needed no cleaning."
CLEANING_ALL = "Every document needed some cleaning."
#: Rules named in the cleaning sentence; the others are counted ("and 5 more rules").
CLEANING_RULES_LISTED = 4


def cleaning_summary(removed: pd.DataFrame, n_docs: int) -> str:
    """How many lines cleaning removed, from how many documents, by which rules.

    Parameters
    ----------
    removed : pandas.DataFrame
        From :func:`corpus_utils.clean.removed_lines` (``doc_id``, ``rule``; one row per line).
    n_docs : int
        Documents in the corpus.

    Examples
    --------
    >>> removed = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "rule": ["paywall", "teaser", "paywall"]})
    >>> print(cleaning_summary(removed, 3))
    Cleaning removed 3 lines from 2 of 3 documents, by rule: 2 by *paywall* (in 2 documents) and 1 by *teaser* (in 1 document). 1 document needed no cleaning.
    """
    if removed.empty:
        return CLEANING_NONE
    by_rule = removed.groupby("rule").agg(lines=("rule", "size"), documents=("doc_id", "nunique")).reset_index()
    by_rule = by_rule.sort_values(["lines", "rule"], ascending=[False, True], kind="stable")
    touched = int(removed["doc_id"].nunique())
    items = [CLEANING_RULE.format(lines=f"{int(r.lines):,}", rule=quoted(r.rule), documents=plural(int(r.documents), "document"))
             for r in by_rule.itertuples()]
    rules = capped(items, CLEANING_RULES_LISTED) + (" rules" if len(items) > CLEANING_RULES_LISTED else "")
    untouched = CLEANING_UNTOUCHED.format(documents=plural(n_docs - touched, "document")) if n_docs > touched else CLEANING_ALL
    return CLEANING.format(lines=plural(len(removed), "line"), touched=f"{touched:,}",
                           documents=plural(n_docs, "document"), rules=rules, untouched=untouched)


LENGTH_BALANCE = (
    "The {group} group supplies {share:.0%} of all words ({tokens:,} of {total:,}). {lengths}, so raw counts "
    "would mix what a group says with how much it says: the following chapters use rates and per-document "
    "statistics."
)
LENGTH_RANGE = "Document lengths range from {shortest} to {longest}"
LENGTH_EQUAL = "Every document is {shortest} long"


def length_balance(lengths: pd.DataFrame) -> str:
    """Which group supplies the most tokens, and how far document lengths range.

    Parameters
    ----------
    lengths : pandas.DataFrame
        From :func:`corpus_utils.count.group_lengths`.

    Examples
    --------
    >>> lengths = pd.DataFrame({"group": ["a", "b"], "documents": [1, 2], "tokens": [100, 300],
    ...                         "share": [0.25, 0.75], "shortest": [100, 120], "longest": [100, 180]})
    >>> print(length_balance(lengths))
    The *b* group supplies 75% of all words (300 of 400). Document lengths range from 100 words to 180 words, so raw counts would mix what a group says with how much it says: the following chapters use rates and per-document statistics.
    """
    top = lengths.loc[lengths["share"].idxmax()]
    shortest, longest = int(lengths["shortest"].min()), int(lengths["longest"].max())
    template = LENGTH_RANGE if shortest < longest else LENGTH_EQUAL
    return LENGTH_BALANCE.format(
        group=quoted(top["group"]), share=float(top["share"]), tokens=int(top["tokens"]),
        total=int(lengths["tokens"].sum()),
        lengths=template.format(shortest=plural(shortest, "word"), longest=plural(longest, "word")),
    )


VOCABULARY_OVERVIEW = (
    "After stop words, the corpus uses {terms}. {single}, and {every} {every_verb} in every document. By group: "
    "{by_group}."
)
VOCABULARY_SINGLE = "{n:,} of them ({share:.0%}) occur in a single document"
VOCABULARY_NO_SINGLE = "None of them occurs in a single document"
VOCABULARY_GROUP = "{group} uses {terms}, {own:,} of them in no other group"


def vocabulary_overview(vocabulary: pd.DataFrame, spread: pd.DataFrame) -> str:
    """How much of the vocabulary one document carries, and how much each group has of its own.

    Parameters
    ----------
    vocabulary : pandas.DataFrame
        From :func:`corpus_utils.count.group_vocabulary`.
    spread : pandas.DataFrame
        From :func:`corpus_utils.count.vocabulary_spread` (``attrs``: ``n_docs``, ``n_terms``).

    Examples
    --------
    >>> vocabulary = pd.DataFrame({"group": ["a", "b"], "terms": [3, 2], "only_in_group": [2, 1]})
    >>> spread = pd.DataFrame({"docs": [1, 2], "terms": [3, 1], "share": [0.75, 0.25]})
    >>> spread.attrs = {"n_docs": 2, "n_terms": 4}
    >>> print(vocabulary_overview(vocabulary, spread))
    After stop words, the corpus uses 4 distinct words. 3 of them (75%) occur in a single document, and 1 occurs in every document. By group: *a* uses 3 distinct words, 2 of them in no other group; *b* uses 2 distinct words, 1 of them in no other group.
    """
    n_docs = spread.attrs["n_docs"]
    single = spread.loc[spread["docs"] == 1].iloc[0]
    every = int(spread.loc[spread["docs"] == n_docs, "terms"].iloc[0])
    by_group = "; ".join(
        VOCABULARY_GROUP.format(group=quoted(r.group), terms=plural(int(r.terms), "distinct word"),
                                own=int(r.only_in_group))
        for r in vocabulary.itertuples()
    )
    n_single = int(single["terms"])
    single_text = (VOCABULARY_SINGLE.format(n=n_single, share=float(single["share"])) if n_single
                   else VOCABULARY_NO_SINGLE)
    return VOCABULARY_OVERVIEW.format(
        terms=plural(spread.attrs["n_terms"], "distinct word"), single=single_text,
        every=count_or_none(every), every_verb=verb(every, "occurs", "occur"),
        by_group=by_group,
    )


FLOOR_PAIR = "With {n_a:,} {a} and {n_b:,} {b} documents there are "
FLOOR_REST = (
    "Each group is compared with the rest of the documents, and the fewest relabelings belong to {a}, "
    "with {docs_a} against {n_b:,} others: there are "
)
FLOOR_EXACT = (
    "{n:,} ways to split the documents into groups of these sizes, so an exact two-sided relabeling test can "
    "give at best p = {floor:.3g}. "
)
FLOOR_DRAWN = (
    "more than {max_exact:,} ways to split the documents into groups of these sizes, too many to try: the "
    "tests draw `n_resamples` seeded random relabelings (here {draws:,}), so the smallest p-value they "
    "report is 1/({draws:,} + 1) = {floor:.3g}, whatever the data. "
)
FLOOR_ABOVE_005 = "No difference between the groups in this corpus can reach p ≤ 0.05."
FLOOR_ABOVE_005_ONE_GROUP = (
    "No difference between {a} and the rest can reach p ≤ 0.05 (the tests of the larger groups can)."
)
FLOOR_BELOW_005 = "A p-value at or below 0.05 is possible here."


def relabeling_floor(floors: pd.DataFrame) -> str:
    """How small a p-value a test on whole documents can give here, and what follows.

    Parameters
    ----------
    floors : pandas.DataFrame
        From :func:`corpus_utils.keyness.permutation_floor`. With several comparisons
        (one-vs-rest), the one with the highest floor is described: the hardest case.

    Examples
    --------
    >>> floors = pd.DataFrame({"group_a": ["a"], "group_b": ["b"], "n_a": [2], "n_b": [3],
    ...                        "n_relabelings": [10], "exact": [True], "min_p": [0.1]})
    >>> floors.attrs = {"n_resamples": 200, "max_exact": 5000, "comparison": "pair"}
    >>> print(relabeling_floor(floors))
    With 2 *a* and 3 *b* documents there are 10 ways to split the documents into groups of these sizes, so an exact two-sided relabeling test can give at best p = 0.1. No difference between the groups in this corpus can reach p ≤ 0.05.
    """
    row = _hardest(floors)
    if floors.attrs.get("comparison") == "pair":
        opening = FLOOR_PAIR.format(n_a=int(row["n_a"]), a=quoted(row["group_a"]), n_b=int(row["n_b"]), b=quoted(row["group_b"]))
    else:
        opening = FLOOR_REST.format(a=quoted(row["group_a"]), docs_a=plural(int(row["n_a"]), "document"), n_b=int(row["n_b"]))
    floor = float(row["min_p"])
    if row["exact"]:
        ways = FLOOR_EXACT.format(n=int(row["n_relabelings"]), floor=floor)
    else:
        ways = FLOOR_DRAWN.format(max_exact=floors.attrs["max_exact"], draws=int(row["n_relabelings"]), floor=floor)
    if floor <= 0.05:
        reading = FLOOR_BELOW_005
    elif (floors["min_p"] > 0.05).all():
        reading = FLOOR_ABOVE_005
    else:
        reading = FLOOR_ABOVE_005_ONE_GROUP.format(a=quoted(row["group_a"]))
    return opening + ways + reading


OPENING = "{overview} After cleaning they hold {words}. {floor} {vocabulary}"
OPENING_HIGH = (
    "No difference between the groups can reach p ≤ 0.05 here: {ways}, so the smallest p-value a test that "
    "shuffles the group labels among the documents can give is {floor}. The chapters weigh effect sizes, "
    "document counts and stability instead."
)
OPENING_HIGH_ONE = (
    "No difference between {a} and the rest can reach p ≤ 0.05 here: {ways}, so the smallest p-value a test "
    "that shuffles the group labels among the documents can give it is {floor} (the larger groups' tests can "
    "reach 0.05)."
)
OPENING_LOW = (
    "A test that shuffles the group labels among the documents can give p-values as small as {floor} ({ways}), "
    "so a difference can reach p ≤ 0.05."
)
OPENING_WAYS_EXACT = "{docs} can be split into groups of these sizes in only {n:,} ways"
OPENING_WAYS_EXACT_LOW = "every one of the {n:,} ways to split {docs} into groups of these sizes is tried"
OPENING_WAYS_DRAWN = "{n:,} random shuffles are drawn"
OPENING_VOCABULARY = (
    "{share:.0%} of their {terms} occur in a single document, which is why every term table in this essay "
    "says how many documents use a term."
)


def _hardest(floors: pd.DataFrame) -> pd.Series:
    """The comparison with the highest floor (the fewest relabelings): the hardest case."""
    return floors.loc[floors["min_p"].idxmax()]


def corpus_opening(lengths: pd.DataFrame, groups, floors: pd.DataFrame, spread: pd.DataFrame) -> str:
    """What chapter 01 found, in a few sentences: the groups, their size, how small a p-value they allow,
    and how much of the vocabulary rests on one document.

    Parameters
    ----------
    lengths : pandas.DataFrame
        From :func:`corpus_utils.count.group_lengths` (``group``, ``documents``, ``tokens``).
    groups : list of str
        From :func:`corpus_utils.load.check_groups`.
    floors : pandas.DataFrame
        From :func:`corpus_utils.keyness.permutation_floor`; the comparison with the highest floor
        is the one described.
    spread : pandas.DataFrame
        From :func:`corpus_utils.count.vocabulary_spread` (``docs``, ``share``; ``attrs``: ``n_terms``).

    Examples
    --------
    >>> lengths = pd.DataFrame({"group": ["a", "b"], "documents": [2, 3], "tokens": [900, 1100]})
    >>> floors = pd.DataFrame({"group_a": ["a"], "group_b": ["b"], "n_a": [2], "n_b": [3],
    ...                        "n_relabelings": [10], "exact": [True], "min_p": [0.1]})
    >>> spread = pd.DataFrame({"docs": [1, 2], "terms": [30, 10], "share": [0.75, 0.25]})
    >>> spread.attrs = {"n_docs": 5, "n_terms": 40}
    >>> print(corpus_opening(lengths, ["a", "b"], floors, spread))
    The corpus holds 5 documents in 2 groups: 2 documents labelled *a* and 3 documents labelled *b*. The comparison chapters compare *a* and *b*. After cleaning they hold 2,000 words. No difference between the groups can reach p ≤ 0.05 here: 5 documents can be split into groups of these sizes in only 10 ways, so the smallest p-value a test that shuffles the group labels among the documents can give is 0.1. The chapters weigh effect sizes, document counts and stability instead. 75% of their 40 distinct words occur in a single document, which is why every term table in this essay says how many documents use a term.
    """
    row = _hardest(floors)
    n = int(row["n_relabelings"])
    docs = plural(int(row["n_a"]) + int(row["n_b"]), "document")
    floor = p_value_text(float(row["min_p"]))
    if not row["exact"]:
        ways = OPENING_WAYS_DRAWN.format(n=n)
    elif float(row["min_p"]) > 0.05:
        ways = OPENING_WAYS_EXACT.format(docs=docs, n=n)
    else:
        ways = OPENING_WAYS_EXACT_LOW.format(docs=docs, n=n)
    if float(row["min_p"]) <= 0.05:
        floor_text = OPENING_LOW.format(floor=floor, ways=ways)
    elif (floors["min_p"] > 0.05).all():
        floor_text = OPENING_HIGH.format(ways=ways, floor=floor)
    else:
        floor_text = OPENING_HIGH_ONE.format(a=quoted(row["group_a"]), ways=ways, floor=floor)
    single = spread.loc[spread["docs"] == 1, "share"]
    share = float(single.iloc[0]) if len(single) else 0.0
    vocabulary = OPENING_VOCABULARY.format(share=share, terms=plural(int(spread.attrs["n_terms"]), "distinct word"))
    return OPENING.format(overview=corpus_overview(lengths, groups), words=plural(int(lengths["tokens"].sum()), "word"),
                          floor=floor_text, vocabulary=vocabulary)
