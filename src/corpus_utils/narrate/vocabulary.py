"""Chapter 02 · vocabulary: the word and phrase matrices, the words and phrases each group leans on,
how far the statistics agree, how the lists survive resampling and the permutation test, the contested
words and the company they keep, and what the chapter rests on.
"""

from __future__ import annotations

import pandas as pd

from ..report import escape_markdown, join_words, plain_text, plural, quoted
from .wording import (FEW_DOCUMENTS, capped, count_or_none, first_upper, group_rows, interval_text,
                      own_side, p_equals, p_text, support_breakdown, verb)

__all__ = [
    "collocate_readings",
    "contested_summary",
    "keyness_top_terms",
    "leaning_terms",
    "methods_agreement",
    "permutation_summary",
    "phrase_keyness",
    "side_headers",
    "stability_summary",
    "vocabulary_limits",
    "vocabulary_opening",
    "worked_idf",
]


#: |z| at or above which a log-odds score is two standard errors from no difference.
Z_TWO_SE = 1.96


WORKED_IDF = (
    "A worked idf: {term} is used in {docs} of {documents}, so its idf is {formula} = {idf:.3f}; a term used "
    "in every document has idf {every}."
)


def worked_idf(idf: pd.DataFrame, top: pd.DataFrame) -> str:
    """The idf formula worked through for one listed term of this corpus.

    The example is the most frequent term of ``top`` that some document does not use (the
    most frequent term of the corpus if every listed term is in every document).

    Parameters
    ----------
    idf : pandas.DataFrame
        From :func:`corpus_utils.count.idf_table` (sorted by count; ``attrs``: ``n_docs``,
        ``smooth_idf``).
    top : pandas.DataFrame
        The listed terms (a ``term`` column), for example :func:`corpus_utils.keyness.top_terms`.

    Examples
    --------
    >>> idf = pd.DataFrame({"term": ["law", "trust"], "count": [3, 2], "docs": [2, 1], "idf": [1.0, 1.405]})
    >>> idf.attrs = {"n_docs": 2, "smooth_idf": True}
    >>> print(worked_idf(idf, pd.DataFrame({"term": ["trust"]})))
    A worked idf: *trust* is used in 1 of 2 documents, so its idf is ln((1 + 2) / (1 + 1)) + 1 = 1.405; a term used in every document has idf ln(1) + 1 = 1.
    """
    n = idf.attrs["n_docs"]
    candidates = idf[idf["term"].isin(set(top["term"])) & (idf["docs"] < n)]
    example = candidates.iloc[0] if len(candidates) else idf.iloc[0]
    docs = int(example["docs"])
    smooth = idf.attrs.get("smooth_idf", True)
    formula = f"ln((1 + {n}) / (1 + {docs})) + 1" if smooth else f"ln({n} / {docs}) + 1"
    return WORKED_IDF.format(term=quoted(example["term"]), docs=docs, documents=plural(n, "document"),
                             formula=formula, idf=float(example["idf"]), every="ln(1) + 1 = 1")


LEANING = "By {method}, {group} leans most on {terms}."
LEANING_NONE = "By {method}, no word of {group} passes the dispersion filter."


def leaning_terms(top: pd.DataFrame, method: str, n: int = 5) -> str:
    """The first ``n`` terms each group leans on most, by one statistic.

    Parameters
    ----------
    top : pandas.DataFrame
        From :func:`corpus_utils.keyness.top_terms` (its ``attrs["groups"]`` gives the order).
    method : str
        The statistic's name as prose ("mean TF-IDF").
    n : int, default 5

    Examples
    --------
    >>> top = pd.DataFrame({"term": ["trust", "fear", "crime"], "group": ["a", "a", "b"]})
    >>> top.attrs = {"groups": ["a", "b", "c"]}
    >>> print(leaning_terms(top, "mean TF-IDF"))
    By mean TF-IDF, *a* leans most on *trust* and *fear*. By mean TF-IDF, *b* leans most on *crime*. By mean TF-IDF, no word of *c* passes the dispersion filter.
    """
    sentences = []
    for g in top.attrs["groups"]:
        terms = group_rows(top, g)["term"].head(n)
        template = LEANING if len(terms) else LEANING_NONE
        sentences.append(template.format(method=method, group=quoted(g), terms=join_words(terms, quote="*")))
    return " ".join(sentences)


KEYNESS_GROUP = "The {words} that {lean} most to {group} {are} {terms} ({first}z = {z:.2f}, {interval}). {spread}"
KEYNESS_SUPPORT = "Of its top {n}, {breakdown}."
KEYNESS_ONE_DOC = "{group} has a single document, so {these} that document's {words}, not a group's."
KEYNESS_NONE = "No word passes the dispersion filter for {group}."
KEYNESS_ACROSS = "Across the table, {words} {verb} |z| ≥ {z}; {reading}"
KEYNESS_FEW = "with documents this few, read z as a ranking, not as a significance test."
KEYNESS_MANY = (
    "z counts words as independent draws, which words in an argument are not, so read it as a ranking; the "
    "permutation test below asks the question of whole documents."
)
KEYNESS_EMPTY = (
    "No word passes the dispersion filter: none is used by at least {min_docs} of the group it leans to, so "
    "every difference in this corpus is one document's habit and there is no group vocabulary to list. "
    "Lower `min_docs` to see those words anyway, knowing what they rest on."
)


def keyness_top_terms(stable: pd.DataFrame, table: pd.DataFrame) -> str:
    """Each group's strongest words by log-odds with the interval of the strongest, their support, and how to read z.

    The support of each word (carried by one document, unstable, consistent) is read from the
    ``support`` column, never worked out here, so this sentence and every other chapter agree on it.

    Parameters
    ----------
    stable : pandas.DataFrame
        :func:`corpus_utils.keyness.stability` of ``table``'s statistic: the top words with
        ``score_low``, ``score_high`` and ``support``.
    table : pandas.DataFrame
        :func:`corpus_utils.keyness.log_odds` (``attrs``: ``groups``, ``group_sizes``, ``comparison``,
        ``min_docs``).

    Examples
    --------
    >>> table = pd.DataFrame({"term": ["trust", "crime"], "group": ["a", "b"], "score": [2.5, -1.2],
    ...                       "score_low": [1.1, -2.0], "score_high": [3.0, -0.4],
    ...                       "support": ["consistent", "carried by one document"]})
    >>> table.attrs = {"groups": ["a", "b"], "group_sizes": {"a": 2, "b": 1}, "comparison": "pair", "min_docs": 2}
    >>> print(keyness_top_terms(table, table))
    The word that leans most to *a* is *trust* (z = 2.50, 95% interval 1.10 to 3.00). It is consistent. The word that leans most to *b* is *crime* (z = -1.20, 95% interval -2.00 to -0.40). *b* has a single document, so this is that document's word, not a group's. Across the table, 1 word reaches |z| ≥ 1.96; with documents this few, read z as a ranking, not as a significance test.
    """
    if table.empty:
        return KEYNESS_EMPTY.format(min_docs=plural(table.attrs.get("min_docs", 2), "document"))
    sizes = table.attrs["group_sizes"]
    sentences = []
    for g in stable.attrs["groups"]:
        part = group_rows(stable, g)
        if part.empty:
            sentences.append(KEYNESS_NONE.format(group=quoted(g)))
            continue
        size, n = int(sizes[g]), len(part)
        if size == 1:
            spread = KEYNESS_ONE_DOC.format(group=quoted(g), these=verb(n, "this is", "these are"),
                                            words=verb(n, "word", "words"))
        else:
            breakdown = support_breakdown(part["support"], [quoted(t) for t in part["term"]])
            spread = first_upper(breakdown) + "." if n == 1 else KEYNESS_SUPPORT.format(n=n, breakdown=breakdown)
        first = part.iloc[0]
        sentences.append(KEYNESS_GROUP.format(
            group=quoted(g), words=verb(n, "word", "words"), lean=verb(n, "leans", "lean"), are=verb(n, "is", "are"),
            terms=join_words(part["term"].head(5), quote="*"), first="" if n == 1 else f"{quoted(first['term'])}: ",
            z=float(first["score"]),
            interval=interval_text(first["score_low"], first["score_high"]), spread=spread,
        ))
    n_strong = int((table["score"].abs() >= Z_TWO_SE).sum())
    smallest = min(int(v) for v in sizes.values())
    sentences.append(KEYNESS_ACROSS.format(
        words=plural(n_strong, "word") if n_strong else "no word", verb=verb(n_strong, "reaches", "reach"), z=Z_TWO_SE,
        reading=KEYNESS_FEW if smallest < FEW_DOCUMENTS else KEYNESS_MANY,
    ))
    return " ".join(sentences)


PHRASES_NONE = (
    "{phrases} {verb} the collocation test, and there is no phrase table to compare: {why}. The words above "
    "carry the comparison; {advice}."
)
PHRASES_TOO_FEW = "log-odds weighs each phrase against the others, so it needs at least two"
PHRASES_TOO_FEW_ADVICE = "lower `phrase_min_count` or `phrase_min_g2` to admit more pairs"
PHRASES_NOT_DISPERSED = "none is used by at least {min_docs} of the group it leans to (`min_docs`)"
PHRASES_NOT_DISPERSED_ADVICE = "lower `min_docs` to see the phrases one document carries"
PHRASES = (
    "By log-odds, the strongest phrases (top |z| = {z:.2f}) are, {by_group}. The phrase prior of "
    "{phrase_alpha0:g} is {phrase_share:.0%} of the {phrase_uses:,} phrase uses, the word prior of {word_alpha0:g} "
    "{word_share:.0%} of the {word_uses:,} word uses. Like the words' z, the phrases' z counts uses, not "
    "documents: it ranks the phrases, it does not test them."
)
PHRASE_ITEM = "{phrase} ({uses} in {where})"


def phrase_keyness(top_phrases: pd.DataFrame, phrase_counts: pd.DataFrame, words: pd.DataFrame) -> str:
    """The strongest phrases of each group, with their documents, and the weight of each prior.

    Parameters
    ----------
    top_phrases : pandas.DataFrame
        :func:`corpus_utils.keyness.top_terms` of the phrases' :func:`~corpus_utils.keyness.log_odds`
        (empty when there was no phrase table to compute).
    phrase_counts : pandas.DataFrame
        :func:`corpus_utils.count.term_table` of the phrase matrix.
    words : pandas.DataFrame
        The words' :func:`~corpus_utils.keyness.log_odds` (``attrs``: ``alpha0``, ``n_uses``,
        ``prior_share``).

    Examples
    --------
    >>> none = pd.DataFrame({"term": [], "group": []})
    >>> print(phrase_keyness(none, pd.DataFrame({"term": ["public safety"]}), none))
    1 phrase passes the collocation test, and there is no phrase table to compare: log-odds weighs each phrase against the others, so it needs at least two. The words above carry the comparison; lower `phrase_min_count` or `phrase_min_g2` to admit more pairs.
    """
    n_phrases = len(phrase_counts)
    if top_phrases.empty:
        if n_phrases < 2:
            why, advice = PHRASES_TOO_FEW, PHRASES_TOO_FEW_ADVICE
        else:
            min_docs = plural(top_phrases.attrs.get("min_docs", 2), "document")
            why, advice = PHRASES_NOT_DISPERSED.format(min_docs=min_docs), PHRASES_NOT_DISPERSED_ADVICE
        return PHRASES_NONE.format(phrases=plural(n_phrases, "phrase") if n_phrases else "No phrase",
                                   verb=verb(n_phrases, "passes", "pass"),
                                   why=why, advice=advice)
    sizes = top_phrases.attrs["group_sizes"]
    found = []
    for g in top_phrases.attrs["groups"]:
        part, side = group_rows(top_phrases, g), own_side(top_phrases, g)
        size = int(sizes[g])
        items = [
            PHRASE_ITEM.format(phrase=quoted(r["term"]), uses=plural(int(r[f"count_{side}"]), "use"),
                               where=(f"{int(r[f'docs_{side}'])} of its {size} documents" if size > 1
                                      else "its single document"))
            for _, r in part.head(3).iterrows()
        ]
        found.append(f"for {quoted(g)}, " + (join_words(items, escape=False) if items else "none passes the dispersion filter"))
    return PHRASES.format(
        z=float(top_phrases["score"].abs().max()), by_group="; ".join(found),
        phrase_alpha0=top_phrases.attrs["alpha0"], phrase_share=top_phrases.attrs["prior_share"],
        phrase_uses=top_phrases.attrs["n_uses"], word_alpha0=words.attrs["alpha0"],
        word_share=words.attrs["prior_share"], word_uses=words.attrs["n_uses"],
    )


AGREEMENT = (
    "G² and log-odds agree on {extent} of the top terms: {by_group}. The chi-square p-values beside G² assume "
    "every token is an independent draw, which words in an argument are not, so they are far too small{smallest}. "
    "The document-level checks below are the honest measure."
)
AGREEMENT_GROUP = "for {group}, {shared} of its top {listed} {verb} the same"
AGREEMENT_NONE = "Neither G² nor log-odds lists a word that passes the dispersion filter, so there is nothing to compare."


def methods_agreement(top_g2: pd.DataFrame, top_log_odds: pd.DataFrame, g2_table: pd.DataFrame) -> str:
    """Whether G² and log-odds put the same terms at the top of each group's list.

    Parameters
    ----------
    top_g2, top_log_odds : pandas.DataFrame
        :func:`corpus_utils.keyness.top_terms` of the two statistics' tables.
    g2_table : pandas.DataFrame
        :func:`corpus_utils.keyness.log_likelihood` (its ``p_value`` column; a p-value that underflowed to
        0 is written "p < 10⁻³⁰⁰").

    Examples
    --------
    >>> a = pd.DataFrame({"term": ["trust", "fear"], "group": ["x", "x"]})
    >>> a.attrs = {"groups": ["x", "y"]}
    >>> b = a.head(1)
    >>> print(methods_agreement(a, b, pd.DataFrame({"p_value": [0.01]})))
    G² and log-odds agree on only some of the top terms: for *x*, 1 of its top 2 terms is the same. The chi-square p-values beside G² assume every token is an independent draw, which words in an argument are not, so they are far too small; the smallest here is p = 0.01. The document-level checks below are the honest measure.
    """
    parts, shared_all, listed_all = [], 0, 0
    for g in top_g2.attrs["groups"]:
        a_terms, b_terms = set(group_rows(top_g2, g)["term"]), set(group_rows(top_log_odds, g)["term"])
        if not (a_terms or b_terms):
            continue
        shared, listed = len(a_terms & b_terms), max(len(a_terms), len(b_terms))
        shared_all, listed_all = shared_all + shared, listed_all + listed
        parts.append(AGREEMENT_GROUP.format(group=quoted(g), shared=count_or_none(shared), listed=plural(listed, "term"),
                                            verb=verb(shared, "is", "are")))
    if not parts:
        return AGREEMENT_NONE
    smallest = f"; the smallest here is {p_equals(g2_table['p_value'].min())}" if len(g2_table) else ""
    return AGREEMENT.format(extent="most" if shared_all > listed_all / 2 else "only some",
                            by_group="; ".join(parts), smallest=smallest)


STABILITY = "Resampling: {resampling}, {resamples}. {by_group} {intervals}"
STABILITY_GROUP = "Of {group}'s top {n}, {solid} in the top {top_n} in every resample{solid_terms}{shaky}."
STABILITY_SHAKY = ", and {k} {verb} out in more than half of them ({terms})"
STABILITY_EMPTY = "No word passes the dispersion filter, so there is no top list to resample."
STABILITY_INTERVALS = ("The {level:.0%} intervals of z come from {n} bootstrap resamples of the documents, drawn within "
                       "each group (seed {seed}): {result}")
INTERVALS_EXCLUDE = "every listed word's interval excludes 0."
INTERVALS_INCLUDE = "{k} of the {n} listed words' intervals exclude 0; {these} {verb} 0: {listed}."


def _first_terms(terms: list, most: int = 6) -> str:
    return join_words(terms[:most], quote="*") + (", …" if len(terms) > most else "")


def stability_summary(stable: pd.DataFrame) -> str:
    """How many of each group's top words survive resampling the documents, which do not, and which intervals include 0.

    Parameters
    ----------
    stable : pandas.DataFrame
        From :func:`corpus_utils.keyness.stability` (``score``, ``score_low``, ``score_high``,
        ``stability``; ``attrs``: ``groups``, ``top_n``, ``resampling``, ``n_resamples``,
        ``interval_level``, ``interval_resamples``, ``interval_seed``).

    Examples
    --------
    >>> stable = pd.DataFrame({"term": ["trust", "fear"], "group": ["a", "a"], "score": [2.0, 1.5],
    ...                        "score_low": [1.0, -0.5], "score_high": [3.0, 2.5], "stability": [1.0, 0.25]})
    >>> stable.attrs = {"groups": ["a", "b"], "top_n": 2, "resampling": "leave-one-out", "n_resamples": 4,
    ...                 "interval_level": 0.95, "interval_resamples": 200, "interval_seed": 0}
    >>> print(stability_summary(stable))
    Resampling: leave-one-out, 4 resamples. Of *a*'s top 2, 1 stays in the top 2 in every resample (*trust*), and 1 drops out in more than half of them (*fear*). The 95% intervals of z come from 200 bootstrap resamples of the documents, drawn within each group (seed 0): 1 of the 2 listed words' intervals exclude 0; *fear*'s includes 0: *fear* (z = 1.50, 95% interval -0.50 to 2.50).
    """
    if stable.empty:
        return STABILITY_EMPTY
    lines = []
    for g in stable.attrs["groups"]:
        part = group_rows(stable, g)
        if part.empty:
            continue
        solid = part.loc[part["stability"] == 1.0, "term"].tolist()
        shaky = part.loc[part["stability"] < 0.5, "term"].tolist()
        lines.append(STABILITY_GROUP.format(
            group=quoted(g), n=len(part), top_n=stable.attrs["top_n"],
            solid=f"{len(solid)} {verb(len(solid), 'stays', 'stay')}" if solid else "none stays",
            solid_terms=f" ({_first_terms(solid)})" if solid else "",
            shaky=STABILITY_SHAKY.format(k=len(shaky), verb=verb(len(shaky), "drops", "drop"),
                                         terms=_first_terms(shaky)) if shaky else "",
        ))
    across = (stable["score_low"] <= 0) & (stable["score_high"] >= 0)
    if across.any():
        rows = stable[across]
        n_in = len(rows)
        result = INTERVALS_INCLUDE.format(
            k=count_or_none(len(stable) - n_in),
            n=len(stable), these=f"{quoted(rows['term'].iloc[0])}'s" if n_in == 1 else f"{n_in:,}",
            verb=verb(n_in, "includes", "include"),
            listed=capped([f"{quoted(r.term)} (z = {r.score:.2f}, {interval_text(r.score_low, r.score_high)})"
                           for r in rows.itertuples()], limit=4),
        )
    else:
        result = INTERVALS_EXCLUDE
    intervals = STABILITY_INTERVALS.format(level=stable.attrs.get("interval_level", 0.95),
                                           n=f"{int(stable.attrs['interval_resamples']):,}",
                                           seed=stable.attrs["interval_seed"], result=result)
    return STABILITY.format(resampling=escape_markdown(stable.attrs["resampling"]),
                            resamples=plural(stable.attrs["n_resamples"], "resample"), by_group=" ".join(lines),
                            intervals=intervals)


PERMUTATION = "The permutation test {how}, so no p-value can be below {floor}{per_group}{reading}"
PERMUTATION_ALL = "enumerates all {n:,} relabellings of the documents"
PERMUTATION_ALL_RANGE = "enumerates every relabelling of the documents ({low:,} to {high:,}, depending on the group)"
PERMUTATION_DRAWN = "draws {n:,} random relabellings of the documents"
PERMUTATION_MIXED = (
    "enumerates every relabelling of the documents where there are at most {max_exact:,} and draws {n:,} "
    "random ones elsewhere"
)
PERMUTATION_HIGHEST = " (for {group}, with the fewest, not below {floor})"
PERMUTATION_HIGH_FLOOR = (
    ": no word's difference can reach p ≤ 0.05 here, however large its z (the smallest `p_adjusted` is "
    "{smallest}). "
)
PERMUTATION_LOW_FLOOR = (
    ". Once adjusted for choosing them from the whole vocabulary (`p_adjusted`), {n_adj} of the {n_words} "
    "top words {verb} p ≤ 0.05; on the raw `p_value`, which ignores that choice, {n_raw} would. {support}"
)
PERMUTATION_SUPPORT_ONE = "The word that reaches it, {term}, is {level}. "
PERMUTATION_SUPPORT = "Of the words that reach it, {breakdown}. "
PERMUTATION_END = "Claims about a group's vocabulary below are only as firm as these numbers."
PERMUTATION_EMPTY = "No word was tested: no group has a listed word that passes the dispersion filter."


def _tested(perm: pd.DataFrame, stable: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``perm`` for a word in its group's top list (a row of ``stable``)."""
    if perm.empty or stable.empty:
        return perm.head(0)
    keys = ["term", "group", "support"] if "support" in stable.columns else ["term", "group"]
    return stable[keys].merge(perm, on=["term", "group"], how="inner")


def _how_relabelled(tested: pd.DataFrame, max_exact: int) -> str:
    exact = tested["exact"]
    if exact.all():
        low, high = int(tested["n_relabelings"].min()), int(tested["n_relabelings"].max())
        return PERMUTATION_ALL.format(n=high) if low == high else PERMUTATION_ALL_RANGE.format(low=low, high=high)
    drawn = int(tested.loc[~exact, "n_relabelings"].max())
    if not exact.any():
        return PERMUTATION_DRAWN.format(n=drawn)
    return PERMUTATION_MIXED.format(max_exact=max_exact, n=drawn)


def permutation_summary(perm: pd.DataFrame, stable: pd.DataFrame) -> str:
    """The floor of the permutation test, how many top words pass p ≤ 0.05 (adjusted and raw), and the support of those that do.

    Only the rows of ``perm`` for a word in its group's top list (the rows of ``stable``)
    are counted: a word of one group's list may also be tested for another group it leans to.
    The support of the words that pass (carried by one document, unstable, consistent) is read
    from the ``support`` column of ``stable``: passing the test does not make a word a group's
    when one document supplies most of it.

    Parameters
    ----------
    perm : pandas.DataFrame
        From :func:`corpus_utils.keyness.permutation_test` of the top words.
    stable : pandas.DataFrame
        From :func:`corpus_utils.keyness.stability`: the top words (``term``, ``group``, ``support``).

    Examples
    --------
    >>> perm = pd.DataFrame({"term": ["trust", "crime"], "group": ["a", "b"], "p_value": [0.1, 0.2],
    ...                      "min_p": [0.1, 0.1], "p_adjusted": [0.7, 0.9], "n_relabelings": [10, 10],
    ...                      "exact": [True, True]})
    >>> print(permutation_summary(perm, perm[["term", "group"]]))
    The permutation test enumerates all 10 relabellings of the documents, so no p-value can be below 0.1: no word's difference can reach p ≤ 0.05 here, however large its z (the smallest `p_adjusted` is 0.7). Claims about a group's vocabulary below are only as firm as these numbers.
    """
    tested = _tested(perm, stable)
    if tested.empty:
        return PERMUTATION_EMPTY
    floors = tested.groupby("group", sort=False)["min_p"].min()
    floor = float(floors.min())
    per_group = ""
    if floors.max() > floor:
        per_group = PERMUTATION_HIGHEST.format(group=quoted(floors.idxmax()), floor=p_text(floors.max()))
    if floor > 0.05:
        reading = PERMUTATION_HIGH_FLOOR.format(smallest=p_text(tested["p_adjusted"].min()))
    else:
        passing = tested[tested["p_adjusted"] <= 0.05]
        n_adj, n_raw = len(passing), int((tested["p_value"] <= 0.05).sum())
        support = ""
        if n_adj == 1 and "support" in passing.columns:
            support = PERMUTATION_SUPPORT_ONE.format(term=quoted(passing["term"].iloc[0]), level=passing["support"].iloc[0])
        elif n_adj and "support" in passing.columns:
            support = PERMUTATION_SUPPORT.format(breakdown=support_breakdown(passing["support"],
                                                                             [quoted(t) for t in passing["term"]]))
        reading = PERMUTATION_LOW_FLOOR.format(n_adj=count_or_none(n_adj), n_words=len(tested),
                                               verb=verb(n_adj, "reaches", "reach"), n_raw=count_or_none(n_raw),
                                               support=support)
    how = _how_relabelled(tested, perm.attrs.get("max_exact", 5000))
    return PERMUTATION.format(how=how, floor=p_text(floor), per_group=per_group, reading=reading) + PERMUTATION_END


CONTESTED = "{terms} {verb} contested in this sense; the most used on both sides {are} {items}."
CONTESTED_ITEM = "{term} ({details})"
CONTESTED_PAIR = "{count_a:,} vs {count_b:,} uses, z = {z:.2f}"
CONTESTED_REST = "{group} vs the rest: {count_a:,} vs {count_b:,} uses, z = {z:.2f}"
CONTESTED_NONE = "No term is used at least {min_count} times by each side with |z| below {max_z:g}."


def contested_summary(contested: pd.DataFrame, n: int = 5) -> str:
    """How many terms both sides use often without either owning them, and the most used.

    Parameters
    ----------
    contested : pandas.DataFrame
        From :func:`corpus_utils.keyness.contested_terms` (``attrs``: ``min_count``,
        ``max_abs_z``, ``comparison``). In one-vs-rest a term may be contested for several
        groups: it is named once, with each of them.
    n : int, default 5
        Terms named.

    Examples
    --------
    >>> contested = pd.DataFrame({"term": ["law"], "group": ["a"], "score": [0.5], "count_a": [4], "count_b": [5]})
    >>> contested.attrs = {"min_count": 3, "max_abs_z": 1.96, "comparison": "pair"}
    >>> print(contested_summary(contested))
    1 term is contested in this sense; the most used on both sides is *law* (4 vs 5 uses, z = 0.50).
    """
    if contested.empty:
        return CONTESTED_NONE.format(min_count=contested.attrs["min_count"], max_z=contested.attrs["max_abs_z"])
    pair = contested.attrs.get("comparison") == "pair"
    terms = contested["term"].drop_duplicates().tolist()
    items = []
    for term in terms[:n]:
        rows = contested[contested["term"] == term]
        template = CONTESTED_PAIR if pair else CONTESTED_REST
        details = "; ".join(template.format(group=quoted(r.group), count_a=int(r.count_a), count_b=int(r.count_b),
                                            z=float(r.score)) for r in rows.itertuples())
        items.append(CONTESTED_ITEM.format(term=quoted(term), details=details))
    return CONTESTED.format(terms=plural(len(terms), "term"), verb=verb(len(terms), "is", "are"),
                            are=verb(len(items), "is", "are"), items=join_words(items, escape=False))


COLLOCATES = "Strongest neighbours per group. {readings}. {caveat}"
COLLOCATES_TERM = "{term}: {by_group}"
COLLOCATES_GROUP = "with {group} it keeps company with {neighbours}"
COLLOCATES_CAVEAT = (
    "Each list rests on the term's uses in that group (column `hits` of the collocates table), so a neighbour "
    "seen twice in one document is a lead to read, not a finding."
)
COLLOCATES_NO_TERMS = "With no contested terms, there are no collocates to compare."
COLLOCATES_NONE = "None of these words has a neighbour seen often enough within its window to list, in any group."


def collocate_readings(company: pd.DataFrame, focus, n_terms: int = 3, n_neighbours: int = 3) -> str:
    """The strongest neighbours of the first few contested words, group by group.

    Parameters
    ----------
    company : pandas.DataFrame
        From :func:`corpus_utils.context.collocates` (sorted by term, group, score).
    focus : list of str
        The contested words looked up, in order.
    n_terms, n_neighbours : int, default 3

    Examples
    --------
    >>> company = pd.DataFrame({"term": ["law", "law"], "group": ["a", "b"], "collocate": ["order", "court"]})
    >>> print(collocate_readings(company, ["law"]))
    Strongest neighbours per group. *law*: with *a* it keeps company with *order*; with *b* it keeps company with *court*. Each list rests on the term's uses in that group (column `hits` of the collocates table), so a neighbour seen twice in one document is a lead to read, not a finding.
    """
    focus = list(focus)
    if not focus:
        return COLLOCATES_NO_TERMS
    readings = []
    for term in focus[:n_terms]:
        rows = company[company["term"] == term]
        by_group = [
            COLLOCATES_GROUP.format(group=quoted(g), neighbours=join_words(part["collocate"].head(n_neighbours), quote="*"))
            for g, part in rows.groupby("group", sort=False)
        ]
        if by_group:
            readings.append(COLLOCATES_TERM.format(term=quoted(term), by_group="; ".join(by_group)))
    if not readings:
        return COLLOCATES_NONE
    return COLLOCATES.format(readings=". ".join(readings), caveat=COLLOCATES_CAVEAT)


OPENING = "{lists}{phrases} {evidence}"
OPENING_GROUP = "the {words} that {lean} most to {group} {are} {terms}"
OPENING_GROUP_NONE = "no word that leans to {group} passes the dispersion filter"
OPENING_PHRASES = " Among two-word phrases, {items}."
OPENING_PHRASE = "{phrase} leans most to {group}"
OPENING_EVIDENCE = (
    "Of the {n_listed} listed words, {breakdown} (judged by how much of a word one document supplies and by "
    "resampling the documents). {test}"
)
OPENING_TEST_FLOOR = (
    "No word's difference can reach p ≤ 0.05 in a test that shuffles the group labels among the documents: "
    "the smallest p-value it can give here is {floor}."
)
OPENING_TEST = (
    "In a test that shuffles the group labels among the documents, {n_adj} of the {n_words} top words {verb} "
    "p ≤ 0.05 once adjusted for choosing them from the whole vocabulary (the smallest p-value the test can give "
    "is {floor})."
)
OPENING_EMPTY = (
    "No word passes the dispersion filter: none is used by at least {min_docs} of the group it leans to, so "
    "this corpus shows no group vocabulary, only single documents' habits."
)


def vocabulary_opening(stable: pd.DataFrame, perm: pd.DataFrame, top_phrases: pd.DataFrame, n: int = 5) -> str:
    """What chapter 02 found, in a few sentences: the words (and phrase) that lean most to each group,
    how many of them rest on more than one document, and what the permutation test can say.

    Parameters
    ----------
    stable : pandas.DataFrame
        From :func:`corpus_utils.keyness.stability`: each group's top words by log-odds, in rank
        order, with ``support`` (``attrs``: ``groups``, ``min_docs``).
    perm : pandas.DataFrame
        From :func:`corpus_utils.keyness.permutation_test` of the top words.
    top_phrases : pandas.DataFrame
        :func:`corpus_utils.keyness.top_terms` of the phrases' log-odds table (may be empty).
    n : int, default 5
        Words named per group.

    Examples
    --------
    >>> stable = pd.DataFrame({"term": ["trust", "fear", "crime"], "group": ["a", "a", "b"],
    ...                        "support": ["consistent", "unstable", "consistent"]})
    >>> stable.attrs = {"groups": ["a", "b"], "min_docs": 2}
    >>> perm = pd.DataFrame({"term": ["trust", "fear", "crime"], "group": ["a", "a", "b"],
    ...                      "p_value": [0.1] * 3, "min_p": [0.1] * 3, "p_adjusted": [0.7, 0.9, 0.8]})
    >>> print(vocabulary_opening(stable, perm, pd.DataFrame()))
    The words that lean most to *a* are *trust* and *fear*; the word that leans most to *b* is *crime*. Of the 3 listed words, 2 are consistent (*trust* and *crime*) and 1 unstable (*fear*) (judged by how much of a word one document supplies and by resampling the documents). No word's difference can reach p ≤ 0.05 in a test that shuffles the group labels among the documents: the smallest p-value it can give here is 0.1.
    """
    if stable.empty:
        return OPENING_EMPTY.format(min_docs=plural(stable.attrs.get("min_docs", 2), "document"))
    lists = []
    for g in stable.attrs["groups"]:
        terms = group_rows(stable, g)["term"].head(n)
        k = len(terms)
        template = OPENING_GROUP if k else OPENING_GROUP_NONE
        lists.append(template.format(words=verb(k, "word", "words"), lean=verb(k, "leans", "lean"), group=quoted(g),
                                     are=verb(k, "is", "are"), terms=join_words(terms, quote="*")))
    phrases = ""
    if len(top_phrases):
        items = [OPENING_PHRASE.format(phrase=quoted(part["term"].iloc[0]), group=quoted(g))
                 for g in top_phrases.attrs["groups"] if len(part := group_rows(top_phrases, g))]
        phrases = OPENING_PHRASES.format(items=join_words(items, escape=False))
    tested = _tested(perm, stable)
    if tested.empty:
        test = ""
    elif float(tested["min_p"].min()) > 0.05:
        test = OPENING_TEST_FLOOR.format(floor=p_text(tested["min_p"].min()))
    else:
        n_adj = int((tested["p_adjusted"] <= 0.05).sum())
        test = OPENING_TEST.format(n_adj=count_or_none(n_adj), n_words=len(tested), verb=verb(n_adj, "reaches", "reach"),
                                   floor=p_text(tested["min_p"].min()))
    evidence = OPENING_EVIDENCE.format(n_listed=len(stable), test=test,
                                       breakdown=support_breakdown(stable["support"], [quoted(t) for t in stable["term"]]))
    return OPENING.format(lists=first_upper("; ".join(lists)) + ".", phrases=phrases, evidence=evidence.strip())


#: Metadata columns whose values may be tangled with the groups (author, outlet, genre...).
TANGLED_COLUMNS = ("author", "genre", "source", "outlet", "publisher")

LIMITS = (
    "- The counts are a bag of words: \"not a risk\" counts *risk*. The lines in context are the corrective.\n"
    "- Phrases are counted after stop words are removed (\"rule of law\" is counted as *rule law*), and only pairs "
    "that pass the collocation test are phrases; the others count only as words.\n"
    "- {tangled}"
)
LIMITS_TANGLED = (
    "The tests treat the groups as fixed and the documents as the evidence. This corpus records {columns} for "
    "its documents: where one group's documents share {pronoun} (see Chapter 1), no test can tell the group's "
    "words from {whose}."
)
LIMITS_PLAIN = (
    "The tests treat the groups as fixed and the documents as the evidence: whatever else the documents of a "
    "group share (who wrote them, where, when) is counted as the group's."
)


def vocabulary_limits(columns) -> str:
    """What the word lists of chapter 02 cannot tell, as a Markdown list; the authors and genres are named
    only when the corpus records them.

    Parameters
    ----------
    columns : iterable of str
        The corpus's columns (its metadata among them).

    Examples
    --------
    >>> print(vocabulary_limits(["doc_id", "group", "text"]).splitlines()[-1])
    - The tests treat the groups as fixed and the documents as the evidence: whatever else the documents of a group share (who wrote them, where, when) is counted as the group's.
    >>> print(vocabulary_limits(["doc_id", "group", "genre"]).splitlines()[-1])
    - The tests treat the groups as fixed and the documents as the evidence. This corpus records genre for its documents: where one group's documents share a genre (see Chapter 1), no test can tell the group's words from the genre's.
    """
    present = [c for c in TANGLED_COLUMNS if c in set(columns)]
    if present:
        names = {"author": "an author", "genre": "a genre", "source": "a source", "outlet": "an outlet",
                 "publisher": "a publisher"}
        whose = {"author": "the author's", "genre": "the genre's", "source": "the source's", "outlet": "the outlet's",
                 "publisher": "the publisher's"}
        tangled = LIMITS_TANGLED.format(columns=join_words(present), pronoun=join_words([names[c] for c in present],
                                                                                          conjunction="or"),
                                        whose=join_words([whose[c] for c in present], conjunction="or"))
    else:
        tangled = LIMITS_PLAIN
    return LIMITS.format(tangled=tangled)


def side_headers(table: pd.DataFrame, column: str, noun: str) -> dict:
    """Plain headers for the two sides of a keyness table's paired columns (``count_a``/``count_b``,
    ``docs_a``/``docs_b``), named after the groups: for :func:`corpus_utils.report.reader_table`.

    In a pair comparison side a is the first group and side b the second; one-vs-rest, side a is the
    row's own group and side b the rest.

    Parameters
    ----------
    table : pandas.DataFrame
        A keyness table (``attrs``: ``comparison``, ``groups``).
    column : str
        ``"count"``, ``"docs"`` or ``"rate"``.
    noun : str
        What the column counts, as a header starts: ``"uses by"``, ``"documents of"``.

    Examples
    --------
    >>> t = pd.DataFrame(columns=["docs_a", "docs_b"])
    >>> t.attrs = {"comparison": "pair", "groups": ["yes", "no"]}
    >>> side_headers(t, "docs", "documents of")
    {'docs_a': 'documents of yes', 'docs_b': 'documents of no'}
    >>> t.attrs = {"comparison": "one-vs-rest", "groups": ["a", "b", "c"]}
    >>> side_headers(t, "docs", "documents of")
    {'docs_a': 'documents of its group', 'docs_b': 'documents of the rest'}
    """
    groups = list(table.attrs.get("groups", []))
    if table.attrs.get("comparison") == "pair" and len(groups) == 2:
        a, b = (plain_text(g) for g in groups)
    else:
        a, b = "its group", "the rest"
    return {f"{column}_a": f"{noun} {a}", f"{column}_b": f"{noun} {b}"}
