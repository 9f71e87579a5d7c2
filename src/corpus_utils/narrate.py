"""Narrate: the findings of each chapter, worded from the tables the analysis returns.

Every sentence in the essay that states a finding is written here, never in a notebook cell.
Each function takes the tidy tables (or a few numbers) that an analysis function returned and
gives Markdown; it computes no statistic of its own. Each sentence is kept visible as one
template with named fields (module constants in capitals), filled through the helpers of
:mod:`corpus_utils.report`, which escape every value that comes from the user's data
(:func:`~corpus_utils.report.quoted`, :func:`~corpus_utils.report.join_words`,
:func:`~corpus_utils.report.escape_markdown`) and agree numbers with nouns
(:func:`~corpus_utils.report.plural`).

Commentary written for the seed texts ("Reading the seed corpus") is given only when
:func:`seed_reading_applies` is true: the seed texts, with their ``stance`` labels.
"""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd

from .cluster import LARGE_CORPUS
from .frame import LOW_COVERAGE, NONE_FRAME
from .groups import REST
from .load import is_seed_corpus
from .report import escape_markdown, join_words, plural, quoted

__all__ = [
    "abstract",
    "agreement_verdict",
    "cannot_test",
    "chapter_line",
    "cleaning_summary",
    "cluster_agreement",
    "cluster_makeup",
    "clustering_setup",
    "collocate_readings",
    "contested_frames_summary",
    "contested_summary",
    "corpus_line",
    "corpus_overview",
    "dendrogram_reading",
    "design_floor",
    "design_line",
    "frame_concentration",
    "frame_coverage",
    "frame_evidence",
    "frame_limits",
    "frame_matches",
    "frame_separation",
    "frames_by_camp",
    "groups_compared",
    "keyness_top_terms",
    "kmeans_starts_reading",
    "leading_frames",
    "leaning_terms",
    "length_balance",
    "lexicon_contents",
    "lexicon_fit",
    "map_reading",
    "matrix_overview",
    "methods_agreement",
    "methods_compared",
    "neighbors_reading",
    "permutation_summary",
    "phrase_keyness",
    "power_reading",
    "relabeling_floor",
    "seed_cluster_split",
    "seed_community_concentration",
    "seed_cooperation",
    "seed_cooperation_frames",
    "seed_keyness_lists",
    "seed_question",
    "seed_reading_applies",
    "seed_stance_and_genre",
    "silhouette_reading",
    "single_document_findings",
    "stability_summary",
    "term_frame_agreement",
    "unframed_words_note",
    "vector_space",
    "vocabulary_overview",
    "vocabulary_summary",
    "word_company",
    "worked_idf",
]


def seed_reading_applies(corpus: pd.DataFrame, label_column: str) -> bool:
    """Whether the commentary written for the seed texts may be shown.

    Only for the bundled seed texts (by content) grouped by their ``stance`` labels: the same
    texts grouped by another column are another comparison, which that commentary does not describe.

    Examples
    --------
    >>> from pathlib import Path
    >>> import corpus_utils as cu
    >>> seed = cu.load_corpus(Path(cu.__file__).parents[2] / "data" / "seed")
    >>> seed_reading_applies(seed, "stance"), seed_reading_applies(seed, "genre")
    (True, False)
    """
    return label_column == "stance" and is_seed_corpus(corpus)


# ============================================================================================
# Shared wording helpers (no statistics: agreement, lists and group names)

#: |z| at or above which a log-odds score is two standard errors from no difference.
Z_TWO_SE = 1.96
#: Fewer documents than this in the smallest group: z is read as a ranking only.
FEW_DOCUMENTS = 10


def _verb(n: int, singular: str, plural_form: str, *, none_singular: bool = True) -> str:
    """The verb that agrees with a count: 1 takes the singular; so does 0 when the sentence writes it
    "none" (``none_singular``), and the plural when it writes "0 frames" (``none_singular=False``)."""
    return singular if n == 1 or (n == 0 and none_singular) else plural_form


def _count_or_none(n: int) -> str:
    return f"{n:,}" if n else "none"


def _by_group(lengths: pd.DataFrame) -> str:
    """``2 documents labelled *a* and 3 documents labelled *b*`` from a group_lengths table."""
    return join_words(
        (f"{plural(int(r.documents), 'document')} labelled {quoted(r.group)}" for r in lengths.itertuples()),
        escape=False,
    )


def _sizes(lengths: pd.DataFrame) -> dict:
    return dict(zip(lengths["group"], lengths["documents"].astype(int)))


def _own_side(table: pd.DataFrame, group) -> str:
    """``"a"`` or ``"b"``: the columns (``count_``, ``docs_``, ``rate_``) that hold ``group``'s values."""
    groups = table.attrs.get("groups", [])
    if table.attrs.get("comparison") == "pair" and len(groups) == 2 and group == groups[1]:
        return "b"
    return "a"


def _part(table: pd.DataFrame, group) -> pd.DataFrame:
    return table[table["group"] == group]


# ============================================================================================
# Chapter 01 · the corpus

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
        by_group=_by_group(lengths),
        comparison=_comparison_sentence(list(groups), lengths["group"].tolist()),
    )


SEED_QUESTION = (
    "**Reading the seed corpus.** The seed texts take sides on one question: when local police are asked "
    "to help federal immigration enforcement (ICE), should they? Some argue that they should: sanctuary "
    "policies, in this view, release criminals and endanger the public (*pro-cooperation*). Others argue "
    "that police should stay out: cooperation, in this view, makes immigrants afraid to report crimes and "
    "erodes community trust (*anti-cooperation*). The essay asks whether the two camps use different "
    "*words*, and whether they foreground different *considerations*."
)


def seed_question() -> str:
    """The debate the seed texts take part in, and the question the essay asks of it.

    Examples
    --------
    >>> seed_question().startswith("**Reading the seed corpus.**")
    True
    """
    return SEED_QUESTION


SEED_STANCE_AND_GENRE = (
    "**Reading the seed corpus.** Stance and genre are tangled here: {genres}. The news report is "
    "pro-cooperation by its sourcing (it quotes only ICE officials), not because its reporter argues a side, "
    "so any contrast between the camps is partly a contrast between genres and authors. Chapter 04 asks "
    "directly whether unsupervised clusters follow stance or genre."
)


def seed_stance_and_genre(documents: pd.DataFrame) -> str:
    """Which genres each stance of the seed corpus holds (seed commentary).

    Parameters
    ----------
    documents : pandas.DataFrame
        One row per document with ``label`` and ``genre``.

    Examples
    --------
    >>> docs = pd.DataFrame({"label": ["a", "a", "b"], "genre": ["news", "blog", "news"]})
    >>> print(seed_stance_and_genre(docs))
    **Reading the seed corpus.** Stance and genre are tangled here: *a*: blog, news; *b*: news. The news report is pro-cooperation by its sourcing (it quotes only ICE officials), not because its reporter argues a side, so any contrast between the camps is partly a contrast between genres and authors. Chapter 04 asks directly whether unsupervised clusters follow stance or genre.
    """
    genres = "; ".join(
        f"{quoted(label)}: {escape_markdown(', '.join(sorted(set(part['genre'].astype(str)))))}"
        for label, part in documents.groupby("label", sort=True)
    )
    return SEED_STANCE_AND_GENRE.format(genres=genres)


CLEANING_NONE = "No cleaning rule matched any line of this corpus: the texts are used as they are."
CLEANING = "Cleaning removed {lines} from {touched} of {documents}, by rule: {rules}. {untouched}"
CLEANING_RULE = "{lines} by {rule} (in {documents})"
CLEANING_UNTOUCHED = "{documents} needed no cleaning."
CLEANING_ALL = "Every document needed some cleaning."


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
    rules = join_words(
        (CLEANING_RULE.format(lines=f"{int(r.lines):,}", rule=quoted(r.rule), documents=plural(int(r.documents), "document"))
         for r in by_rule.itertuples()),
        escape=False,
    )
    untouched = CLEANING_UNTOUCHED.format(documents=plural(n_docs - touched, "document")) if n_docs > touched else CLEANING_ALL
    return CLEANING.format(lines=plural(len(removed), "line"), touched=f"{touched:,}",
                           documents=plural(n_docs, "document"), rules=rules, untouched=untouched)


LENGTH_BALANCE = (
    "The {group} group supplies {share:.0%} of all tokens ({tokens:,} of {total:,}). {lengths}, so raw counts "
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
    The *b* group supplies 75% of all tokens (300 of 400). Document lengths range from 100 tokens to 180 tokens, so raw counts would mix what a group says with how much it says: the following chapters use rates and per-document statistics.
    """
    top = lengths.loc[lengths["share"].idxmax()]
    shortest, longest = int(lengths["shortest"].min()), int(lengths["longest"].max())
    template = LENGTH_RANGE if shortest < longest else LENGTH_EQUAL
    return LENGTH_BALANCE.format(
        group=quoted(top["group"]), share=float(top["share"]), tokens=int(top["tokens"]),
        total=int(lengths["tokens"].sum()),
        lengths=template.format(shortest=plural(shortest, "token"), longest=plural(longest, "token")),
    )


VOCABULARY_OVERVIEW = (
    "After stop words, the corpus uses {terms}. {single}, and {every} {every_verb} in every document. By group: "
    "{by_group}. {reading}"
)
VOCABULARY_SINGLE = "{n:,} of them ({share:.0%}) occur in a single document"
VOCABULARY_NO_SINGLE = "None of them occurs in a single document"
VOCABULARY_GROUP = "{group} uses {terms}, {own:,} of them in no other group"
VOCABULARY_MOSTLY_ONE = "Most of this corpus's vocabulary is one document's: a word"
VOCABULARY_READING = (
    "{opening} that only one document uses says something about that document, not about its group, which "
    "is why every term table in this essay shows how many documents carry the term."
)


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
    After stop words, the corpus uses 4 distinct words. 3 of them (75%) occur in a single document, and 1 occurs in every document. By group: *a* uses 3 distinct words, 2 of them in no other group; *b* uses 2 distinct words, 1 of them in no other group. Most of this corpus's vocabulary is one document's: a word that only one document uses says something about that document, not about its group, which is why every term table in this essay shows how many documents carry the term.
    """
    n_docs = spread.attrs["n_docs"]
    single = spread.loc[spread["docs"] == 1].iloc[0]
    every = int(spread.loc[spread["docs"] == n_docs, "terms"].iloc[0])
    by_group = "; ".join(
        VOCABULARY_GROUP.format(group=quoted(r.group), terms=plural(int(r.terms), "distinct word"),
                                own=int(r.only_in_group))
        for r in vocabulary.itertuples()
    )
    opening = VOCABULARY_MOSTLY_ONE if single["share"] > 0.5 else "A word"
    n_single = int(single["terms"])
    single_text = (VOCABULARY_SINGLE.format(n=n_single, share=float(single["share"])) if n_single
                   else VOCABULARY_NO_SINGLE)
    return VOCABULARY_OVERVIEW.format(
        terms=plural(spread.attrs["n_terms"], "distinct word"), single=single_text,
        every=_count_or_none(every), every_verb=_verb(every, "occurs", "occur"),
        by_group=by_group, reading=VOCABULARY_READING.format(opening=opening),
    )


FLOOR_PAIR = "With {n_a:,} {a} and {n_b:,} {b} documents there are "
FLOOR_REST = (
    "Each group is compared with the rest of the documents, and the fewest relabelings belong to {a}, "
    "with {docs_a} against {n_b:,} others: there are "
)
FLOOR_EXACT = (
    "{n:,} ways to split the documents into groups of these sizes, so an exact two-sided relabeling test can "
    "give at best p = {floor:.3g} (the best case: when other relabelings tie with the observed one, a test's "
    "floor is higher; each chapter reports the floor of its own tests as `min_p`). "
)
FLOOR_DRAWN = (
    "more than {max_exact:,} ways to split the documents into groups of these sizes, too many to try: the "
    "tests draw `n_resamples` seeded random relabelings (here {draws:,}), so the smallest p-value they "
    "report is 1/({draws:,} + 1) = {floor:.3g}, whatever the data. "
)
FLOOR_ABOVE_005 = (
    "That is not small: no difference between the groups in this corpus can reach the conventional p ≤ 0.05, "
    "and the following chapters report effect sizes, document counts and resampling stability instead of "
    "leaning on p-values."
)
FLOOR_ABOVE_005_ONE_GROUP = (
    "That is not small: no difference between {a} and the rest can reach the conventional p ≤ 0.05 (the tests "
    "of the larger groups can), so for {a} the following chapters lean on effect sizes, document counts and "
    "resampling stability rather than on p-values."
)
FLOOR_BELOW_005 = (
    "A p-value at or below the conventional 0.05 is possible here, but effect sizes, document counts and "
    "stability still matter more than stars."
)


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
    With 2 *a* and 3 *b* documents there are 10 ways to split the documents into groups of these sizes, so an exact two-sided relabeling test can give at best p = 0.1 (the best case: when other relabelings tie with the observed one, a test's floor is higher; each chapter reports the floor of its own tests as `min_p`). That is not small: no difference between the groups in this corpus can reach the conventional p ≤ 0.05, and the following chapters report effect sizes, document counts and resampling stability instead of leaning on p-values.
    """
    row = floors.loc[floors["min_p"].idxmax()]
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


# ============================================================================================
# Chapter 02 · vocabulary

MATRIX_OVERVIEW = (
    "The word matrix has {documents} and {words} ({uses:,} uses, {stops}). Of {pairs} of adjacent content "
    "words, {phrases} the collocation test{phrase_uses}. {comparison} The most frequent word overall is "
    "{top} ({top_count} in {top_docs})."
)
MATRIX_PAIR = (
    "The groups compared are {a} (group a, {docs_a}) and {b} (group b, {docs_b}); in every table a positive "
    "score means the term leans to {a}, a negative one to {b}."
)
MATRIX_REST = (
    "{who} compared with {rest} (one-vs-rest); a positive score means the term leans to the group named in "
    "the `group` column."
)


def matrix_overview(counts: pd.DataFrame, phrase_counts: pd.DataFrame, lengths: pd.DataFrame, groups) -> str:
    """The sizes of the word and phrase matrices, the comparison and its sign convention.

    Parameters
    ----------
    counts, phrase_counts : pandas.DataFrame
        :func:`corpus_utils.count.term_table` of the word and of the phrase matrix (their
        ``attrs`` hold ``n_docs``, ``n_uses``, ``n_stop_words`` and, for phrases,
        ``n_candidates``).
    lengths : pandas.DataFrame
        From :func:`corpus_utils.count.group_lengths` (documents per group).
    groups : list of str
        From :func:`corpus_utils.load.check_groups`.

    Examples
    --------
    >>> counts = pd.DataFrame({"term": ["law", "trust"], "count": [3, 1], "docs": [2, 1]})
    >>> counts.attrs = {"n_docs": 2, "n_uses": 4, "n_stop_words": 100}
    >>> phrases = pd.DataFrame({"term": [], "count": [], "docs": []})
    >>> phrases.attrs = {"n_docs": 2, "n_uses": 0, "n_candidates": 3}
    >>> lengths = pd.DataFrame({"group": ["a", "b"], "documents": [1, 1]})
    >>> print(matrix_overview(counts, phrases, lengths, ["a", "b"]))
    The word matrix has 2 documents and 2 distinct words (4 uses, stop words removed). Of 3 distinct pairs of adjacent content words, none passes the collocation test. The groups compared are *a* (group a, 1 document) and *b* (group b, 1 document); in every table a positive score means the term leans to *a*, a negative one to *b*. The most frequent word overall is *law* (3 uses in 2 documents).
    """
    sizes = _sizes(lengths)
    names = list(groups)
    if len(names) == 2:
        comparison = MATRIX_PAIR.format(a=quoted(names[0]), b=quoted(names[1]),
                                        docs_a=plural(sizes[names[0]], "document"), docs_b=plural(sizes[names[1]], "document"))
    elif len(names) == 1:
        comparison = MATRIX_REST.format(who=f"{quoted(names[0])} is", rest="every other document")
    else:
        rest = "the rest of the documents" if set(names) == set(sizes) else "the rest of these groups' documents"
        comparison = MATRIX_REST.format(who=f"Each of {join_words(names, quote='*')} is", rest=rest)
    n_phrases = len(phrase_counts)
    top = counts.iloc[0]
    return MATRIX_OVERVIEW.format(
        documents=plural(counts.attrs["n_docs"], "document"), words=plural(len(counts), "distinct word"),
        uses=counts.attrs["n_uses"], stops="stop words removed" if counts.attrs.get("n_stop_words") else "every word kept",
        pairs=plural(phrase_counts.attrs["n_candidates"], "distinct pair"),
        phrases=f"{n_phrases:,} {_verb(n_phrases, 'passes', 'pass')}" if n_phrases else "none passes",
        phrase_uses=(f" ({phrase_counts.attrs['n_uses']:,} uses); {_verb(n_phrases, 'it makes', 'they make')} up the "
                     "phrase matrix" if n_phrases else ""),
        comparison=comparison, top=quoted(top["term"]), top_count=plural(int(top["count"]), "use"),
        top_docs=plural(int(top["docs"]), "document"),
    )


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
        terms = _part(top, g)["term"].head(n)
        template = LEANING if len(terms) else LEANING_NONE
        sentences.append(template.format(method=method, group=quoted(g), terms=join_words(terms, quote="*")))
    return " ".join(sentences)


KEYNESS_GROUP = "For {group}, the strongest {words} {are} {terms} (top |z| = {z:.2f}). {spread}"
KEYNESS_EVERY_DOC = "{k} of its top {n} {verb} used by every one of its {documents}."
KEYNESS_ONLY_WORD = "It {verb} used by every one of its {documents}."
KEYNESS_ONE_DOC = "{group} has a single document, so {these} that document's {words}, not a camp's."
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


def keyness_top_terms(top: pd.DataFrame, table: pd.DataFrame) -> str:
    """Each group's strongest words by log-odds, how widely its documents share them, and how to read z.

    Parameters
    ----------
    top : pandas.DataFrame
        :func:`corpus_utils.keyness.top_terms` of ``table``.
    table : pandas.DataFrame
        :func:`corpus_utils.keyness.log_odds` (``attrs``: ``groups``, ``group_sizes``, ``comparison``,
        ``min_docs``).

    Examples
    --------
    >>> table = pd.DataFrame({"term": ["trust", "crime"], "group": ["a", "b"], "score": [2.5, -1.2],
    ...                       "docs_a": [2, 0], "docs_b": [0, 1]})
    >>> table.attrs = {"groups": ["a", "b"], "group_sizes": {"a": 2, "b": 1}, "comparison": "pair", "min_docs": 2}
    >>> print(keyness_top_terms(table, table))
    For *a*, the strongest word is *trust* (top |z| = 2.50). It is used by every one of its 2 documents. For *b*, the strongest word is *crime* (top |z| = 1.20). *b* has a single document, so this is that document's word, not a camp's. Across the table, 1 word reaches |z| ≥ 1.96; with documents this few, read z as a ranking, not as a significance test.
    """
    if table.empty:
        return KEYNESS_EMPTY.format(min_docs=plural(table.attrs.get("min_docs", 2), "document"))
    sizes = table.attrs["group_sizes"]
    sentences = []
    for g in top.attrs["groups"]:
        part = _part(top, g)
        if part.empty:
            sentences.append(KEYNESS_NONE.format(group=quoted(g)))
            continue
        size, n = int(sizes[g]), len(part)
        if size == 1:
            spread = KEYNESS_ONE_DOC.format(group=quoted(g), these=_verb(n, "this is", "these are"),
                                            words=_verb(n, "word", "words"))
        else:
            k = int((part[f"docs_{_own_side(table, g)}"] == size).sum())
            if n == 1:
                spread = KEYNESS_ONLY_WORD.format(verb="is" if k else "is not", documents=plural(size, "document"))
            else:
                spread = KEYNESS_EVERY_DOC.format(k=_count_or_none(k).capitalize(), n=n, verb=_verb(k, "is", "are"),
                                                  documents=plural(size, "document"))
        sentences.append(KEYNESS_GROUP.format(
            group=quoted(g), words=_verb(n, "word", "words"), are=_verb(n, "is", "are"),
            terms=join_words(part["term"].head(5), quote="*"), z=float(part["score"].abs().max()), spread=spread,
        ))
    n_strong = int((table["score"].abs() >= Z_TWO_SE).sum())
    smallest = min(int(v) for v in sizes.values())
    sentences.append(KEYNESS_ACROSS.format(
        words=plural(n_strong, "word") if n_strong else "no word", verb=_verb(n_strong, "reaches", "reach"), z=Z_TWO_SE,
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
                                   verb=_verb(n_phrases, "passes", "pass"),
                                   why=why, advice=advice)
    sizes = top_phrases.attrs["group_sizes"]
    found = []
    for g in top_phrases.attrs["groups"]:
        part, side = _part(top_phrases, g), _own_side(top_phrases, g)
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


SEED_KEYNESS_PRO = (
    "the pro-cooperation lists name the targets and the machinery of enforcement ({words} {verb} among its "
    "top {n}{phrases})"
)
SEED_KEYNESS_PRO_PHRASES = ", and {phrases} {verb} among its top phrases"
SEED_KEYNESS_ANTI = (
    "the anti-cooperation list talks about local government and the people policing depends on ({words} "
    "{verb} among its top {n})"
)
SEED_KEYNESS_BOTH_DOCS = (
    "Each of these anti-cooperation words is used by both anti-cooperation documents, the ACLU letter and "
    "the Bozeman police statement, so none is one author's habit; but two documents are still two voices, "
    "and the stability check below shows how quickly such lists change."
)
SEED_KEYNESS_ONE_DOC = (
    "Of these anti-cooperation words, {words} {verb} used by only one of the two anti-cooperation documents: "
    "one author's habit, not yet a camp's. The stability check below shows how quickly such lists change."
)
SEED_KEYNESS_NONE = (
    "**Reading the seed corpus.** With these settings, none of the words the seed commentary discusses is "
    "among the camps' top lists."
)
_SEED_PRO_WORDS = ("aliens", "custody", "sanctuary")
_SEED_PRO_PHRASES = ("criminal aliens", "sanctuary policies")
_SEED_ANTI_WORDS = ("trust", "fear", "community", "civil")
_ANTI, _PRO = "anti-cooperation", "pro-cooperation"


def _listed(top: pd.DataFrame, group, terms) -> pd.DataFrame:
    part = _part(top, group)
    return part[part["term"].isin(terms)].set_index("term").reindex([t for t in terms if t in set(part["term"])])


def seed_keyness_lists(top_words: pd.DataFrame, top_phrases: pd.DataFrame) -> str:
    """What the seed camps' top lists name (seed commentary), said only of the words that are listed.

    Parameters
    ----------
    top_words, top_phrases : pandas.DataFrame
        :func:`corpus_utils.keyness.top_terms` of the words' and the phrases' log-odds tables
        of the seed corpus by stance.

    Examples
    --------
    >>> top = pd.DataFrame({"term": ["sanctuary"], "group": ["pro-cooperation"], "docs_b": [3]})
    >>> top.attrs = {"groups": ["anti-cooperation", "pro-cooperation"], "comparison": "pair"}
    >>> print(seed_keyness_lists(top, top.head(0)))
    **Reading the seed corpus.** The pro-cooperation lists name the targets and the machinery of enforcement (*sanctuary* is among its top 1 word).
    """
    pro = _listed(top_words, _PRO, _SEED_PRO_WORDS)
    pro_phrases = _listed(top_phrases, _PRO, _SEED_PRO_PHRASES)
    anti = _listed(top_words, _ANTI, _SEED_ANTI_WORDS)
    clauses = []
    if len(pro):
        phrases = ""
        if len(pro_phrases):
            phrases = SEED_KEYNESS_PRO_PHRASES.format(phrases=join_words(pro_phrases.index, quote="*"),
                                                      verb=_verb(len(pro_phrases), "is", "are"))
        clauses.append(SEED_KEYNESS_PRO.format(words=join_words(pro.index, quote="*"), verb=_verb(len(pro), "is", "are"),
                                               n=plural(len(_part(top_words, _PRO)), "word"), phrases=phrases))
    if len(anti):
        clauses.append(SEED_KEYNESS_ANTI.format(words=join_words(anti.index, quote="*"),
                                                verb=_verb(len(anti), "is", "are"), n=len(_part(top_words, _ANTI))))
    if not clauses:
        return SEED_KEYNESS_NONE
    opening = ", while ".join(clauses)
    text = "**Reading the seed corpus.** " + opening[0].upper() + opening[1:] + "."
    if len(anti):
        side = _own_side(top_words, _ANTI)
        n_anti_docs = top_words.attrs["group_sizes"][_ANTI]
        one_doc = anti.index[anti[f"docs_{side}"] < n_anti_docs].tolist()
        if one_doc:
            text += " " + SEED_KEYNESS_ONE_DOC.format(words=join_words(one_doc, quote="*"), verb=_verb(len(one_doc), "is", "are"))
        else:
            text += " " + SEED_KEYNESS_BOTH_DOCS
    return text


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
        :func:`corpus_utils.keyness.log_likelihood` (its ``p_value`` column).

    Examples
    --------
    >>> a = pd.DataFrame({"term": ["trust", "fear"], "group": ["x", "x"]})
    >>> a.attrs = {"groups": ["x", "y"]}
    >>> b = a.head(1)
    >>> print(methods_agreement(a, b, pd.DataFrame({"p_value": [0.01]})))
    G² and log-odds agree on only some of the top terms: for *x*, 1 of its top 2 terms is the same. The chi-square p-values beside G² assume every token is an independent draw, which words in an argument are not, so they are far too small; the smallest here is 1.0e-02. The document-level checks below are the honest measure.
    """
    parts, shared_all, listed_all = [], 0, 0
    for g in top_g2.attrs["groups"]:
        a_terms, b_terms = set(_part(top_g2, g)["term"]), set(_part(top_log_odds, g)["term"])
        if not (a_terms or b_terms):
            continue
        shared, listed = len(a_terms & b_terms), max(len(a_terms), len(b_terms))
        shared_all, listed_all = shared_all + shared, listed_all + listed
        parts.append(AGREEMENT_GROUP.format(group=quoted(g), shared=_count_or_none(shared), listed=plural(listed, "term"),
                                            verb=_verb(shared, "is", "are")))
    if not parts:
        return AGREEMENT_NONE
    smallest = f"; the smallest here is {float(g2_table['p_value'].min()):.1e}" if len(g2_table) else ""
    return AGREEMENT.format(extent="most" if shared_all > listed_all / 2 else "only some",
                            by_group="; ".join(parts), smallest=smallest)


STABILITY = "Resampling: {resampling}, {resamples}. {by_group}"
STABILITY_GROUP = "Of {group}'s top {n}, {solid} in the top {top_n} in every resample{solid_terms}{shaky}."
STABILITY_SHAKY = ", and {k} {verb} out in more than half of them ({terms})"
STABILITY_EMPTY = "No word passes the dispersion filter, so there is no top list to resample."


def _first_terms(terms: list, most: int = 6) -> str:
    return join_words(terms[:most], quote="*") + (", …" if len(terms) > most else "")


def stability_summary(stable: pd.DataFrame) -> str:
    """How many of each group's top words survive resampling the documents, and which do not.

    Parameters
    ----------
    stable : pandas.DataFrame
        From :func:`corpus_utils.keyness.stability` (``attrs``: ``groups``, ``top_n``,
        ``resampling``, ``n_resamples``).

    Examples
    --------
    >>> stable = pd.DataFrame({"term": ["trust", "fear"], "group": ["a", "a"], "stability": [1.0, 0.25]})
    >>> stable.attrs = {"groups": ["a", "b"], "top_n": 2, "resampling": "leave-one-out", "n_resamples": 4}
    >>> print(stability_summary(stable))
    Resampling: leave-one-out, 4 resamples. Of *a*'s top 2, 1 stays in the top 2 in every resample (*trust*), and 1 drops out in more than half of them (*fear*).
    """
    if stable.empty:
        return STABILITY_EMPTY
    lines = []
    for g in stable.attrs["groups"]:
        part = _part(stable, g)
        if part.empty:
            continue
        solid = part.loc[part["stability"] == 1.0, "term"].tolist()
        shaky = part.loc[part["stability"] < 0.5, "term"].tolist()
        lines.append(STABILITY_GROUP.format(
            group=quoted(g), n=len(part), top_n=stable.attrs["top_n"],
            solid=f"{len(solid)} {_verb(len(solid), 'stays', 'stay')}" if solid else "none stays",
            solid_terms=f" ({_first_terms(solid)})" if solid else "",
            shaky=STABILITY_SHAKY.format(k=len(shaky), verb=_verb(len(shaky), "drops", "drop"),
                                         terms=_first_terms(shaky)) if shaky else "",
        ))
    return STABILITY.format(resampling=escape_markdown(stable.attrs["resampling"]),
                            resamples=plural(stable.attrs["n_resamples"], "resample"), by_group=" ".join(lines))


PERMUTATION = "The permutation test {how}, so no p-value can be below {floor:.3g}{per_group}{reading}"
PERMUTATION_ALL = "enumerates all {n:,} relabellings of the documents"
PERMUTATION_ALL_RANGE = "enumerates every relabelling of the documents ({low:,} to {high:,}, depending on the group)"
PERMUTATION_DRAWN = "draws {n:,} random relabellings of the documents"
PERMUTATION_MIXED = (
    "enumerates every relabelling of the documents where there are at most {max_exact:,} and draws {n:,} "
    "random ones elsewhere"
)
PERMUTATION_HIGHEST = " (for {group}, with the fewest, not below {floor:.3g})"
PERMUTATION_HIGH_FLOOR = (
    ": no word's difference can reach p ≤ 0.05 here, however large its z (the smallest `p_adjusted` is "
    "{smallest:.3g}). "
)
PERMUTATION_LOW_FLOOR = (
    ". Once adjusted for choosing them from the whole vocabulary (`p_adjusted`), {n_adj} of the {n_words} "
    "top words {verb} p ≤ 0.05; on the raw `p_value`, which ignores that choice, {n_raw} would. "
)
PERMUTATION_END = "Claims about a group's vocabulary below are only as firm as these numbers."
PERMUTATION_EMPTY = "No word was tested: no group has a listed word that passes the dispersion filter."


def _tested(perm: pd.DataFrame, stable: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``perm`` for a word in its group's top list (a row of ``stable``)."""
    if perm.empty or stable.empty:
        return perm.head(0)
    return stable[["term", "group"]].merge(perm, on=["term", "group"], how="inner")


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
    """The floor of the permutation test and how many top words pass p ≤ 0.05, adjusted and raw.

    Only the rows of ``perm`` for a word in its group's top list (the rows of ``stable``)
    are counted: a word of one group's list may also be tested for another group it leans to.

    Parameters
    ----------
    perm : pandas.DataFrame
        From :func:`corpus_utils.keyness.permutation_test` of the top words.
    stable : pandas.DataFrame
        From :func:`corpus_utils.keyness.stability`: the top words (``term``, ``group``).

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
        per_group = PERMUTATION_HIGHEST.format(group=quoted(floors.idxmax()), floor=float(floors.max()))
    if floor > 0.05:
        reading = PERMUTATION_HIGH_FLOOR.format(smallest=float(tested["p_adjusted"].min()))
    else:
        n_adj, n_raw = int((tested["p_adjusted"] <= 0.05).sum()), int((tested["p_value"] <= 0.05).sum())
        reading = PERMUTATION_LOW_FLOOR.format(n_adj=_count_or_none(n_adj), n_words=len(tested),
                                               verb=_verb(n_adj, "reaches", "reach"), n_raw=_count_or_none(n_raw))
    how = _how_relabelled(tested, perm.attrs.get("max_exact", 5000))
    return PERMUTATION.format(how=how, floor=floor, per_group=per_group, reading=reading) + PERMUTATION_END


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
    return CONTESTED.format(terms=plural(len(terms), "term"), verb=_verb(len(terms), "is", "are"),
                            are=_verb(len(items), "is", "are"), items=join_words(items, escape=False))


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


SEED_COOPERATION = (
    "**Reading the seed corpus.** The anti-cooperation documents use *cooperation* {uses_anti} and the "
    "pro-cooperation documents {uses_pro}; for their length, the anti-cooperation documents use it {more} "
    "({rate_anti:.1f} against {rate_pro:.1f} uses per 1,000 words counted, {stops}). Its z of "
    "{z:.2f} does not set it apart: it is shared ground, but not about the same thing. {sides} The "
    "concordance lines below let you check."
)
SEED_COOPERATION_ANTI = "On the anti-cooperation side its closest neighbours are {neighbours}{reading}."
SEED_COOPERATION_ANTI_READING = ": the cooperation of immigrant residents with the police, which enforcement would cost"
SEED_COOPERATION_PRO = "On the pro-cooperation side {which} {neighbours}{reading}."
SEED_COOPERATION_PRO_READING = ": the cooperation of local jurisdictions with ICE, which sanctuary policies prevent"
SEED_COOPERATION_ABSENT = (
    "**Reading the seed corpus.** With these settings *cooperation* is not among the contested terms, so its "
    "two meanings are not compared here."
)


def seed_cooperation(contested: pd.DataFrame, company: pd.DataFrame) -> str:
    """*cooperation* in the two seed camps: its rates and the company it keeps (seed commentary).

    Parameters
    ----------
    contested : pandas.DataFrame
        :func:`corpus_utils.keyness.contested_terms` of the seed corpus by stance (``rate_a``,
        ``rate_b``).
    company : pandas.DataFrame
        :func:`corpus_utils.context.collocates` of the contested words.

    Examples
    --------
    >>> print(seed_cooperation(pd.DataFrame({"term": []}), pd.DataFrame({"term": []})))
    **Reading the seed corpus.** With these settings *cooperation* is not among the contested terms, so its two meanings are not compared here.
    """
    rows = contested[contested["term"] == "cooperation"]
    if rows.empty:
        return SEED_COOPERATION_ABSENT
    row = rows.iloc[0]
    if contested.attrs.get("comparison") == "pair":
        side = {g: s for g, s in zip(contested.attrs["groups"], "ab")}
    else:  # one camp against the rest, which in the seed corpus is the other camp
        side = {row["group"]: "a", ({_ANTI, _PRO} - {row["group"]}).pop(): "b"}
    uses = {g: int(row[f"count_{s}"]) for g, s in side.items()}
    rate = {g: float(row[f"rate_{s}"]) for g, s in side.items()}
    near = {g: company.loc[(company["term"] == "cooperation") & (company["group"] == g), "collocate"].head(5).tolist()
            for g in (_ANTI, _PRO)}
    sides = []
    if near[_ANTI]:
        reading = SEED_COOPERATION_ANTI_READING if {"trust", "immigrant"} & set(near[_ANTI]) else ""
        sides.append(SEED_COOPERATION_ANTI.format(neighbours=join_words(near[_ANTI], quote="*"), reading=reading))
    if near[_PRO]:
        reading = SEED_COOPERATION_PRO_READING if {"jurisdictions", "ice"} & set(near[_PRO]) else ""
        which = "they are" if near[_ANTI] else "its closest neighbours are"
        sides.append(SEED_COOPERATION_PRO.format(which=which, neighbours=join_words(near[_PRO], quote="*"),
                                                 reading=reading))
    more = "more often" if rate[_ANTI] > rate[_PRO] else ("less often" if rate[_ANTI] < rate[_PRO] else "as often")
    return SEED_COOPERATION.format(
        uses_anti=plural(uses[_ANTI], "time"), uses_pro=plural(uses[_PRO], "time"), more=more,
        rate_anti=rate[_ANTI], rate_pro=rate[_PRO], z=abs(float(row["score"])), sides=" ".join(sides),
        stops="every word counted" if contested.attrs.get("dtm_settings", {}).get("n_stop_words") == 0
        else "stop words left out",
    )


CHAPTER_SUMMARY = (
    "This chapter rests on {documents} ({by_group}). {evidence} The framing chapter next asks the same "
    "questions of whole considerations rather than single words."
)
CHAPTER_EVIDENCE = (
    "The smallest p-value its permutation test can give is {floor:.3g}, {n_adj} of its {n_words} top words "
    "{verb} p ≤ 0.05 once adjusted for how the words were chosen, and the stability column says which listed "
    "words survive resampling the documents, by {resampling}."
)
CHAPTER_NO_EVIDENCE = "No word passed the dispersion filter, so it lists no group vocabulary to test."


def vocabulary_summary(lengths: pd.DataFrame, perm: pd.DataFrame, stable: pd.DataFrame) -> str:
    """What chapter 02's word lists rest on: documents, the test's floor, adjusted p, resampling.

    Parameters
    ----------
    lengths : pandas.DataFrame
        From :func:`corpus_utils.count.group_lengths`.
    perm : pandas.DataFrame
        From :func:`corpus_utils.keyness.permutation_test` of the top words.
    stable : pandas.DataFrame
        From :func:`corpus_utils.keyness.stability` (``attrs["resampling"]``).

    Examples
    --------
    >>> lengths = pd.DataFrame({"group": ["a", "b"], "documents": [1, 1]})
    >>> print(vocabulary_summary(lengths, pd.DataFrame(), pd.DataFrame()))
    This chapter rests on 2 documents (1 document labelled *a* and 1 document labelled *b*). No word passed the dispersion filter, so it lists no group vocabulary to test. The framing chapter next asks the same questions of whole considerations rather than single words.
    """
    tested = _tested(perm, stable)
    if tested.empty:
        evidence = CHAPTER_NO_EVIDENCE
    else:
        n_adj = int((tested["p_adjusted"] <= 0.05).sum())
        evidence = CHAPTER_EVIDENCE.format(floor=float(tested["min_p"].min()), n_adj=_count_or_none(n_adj),
                                           n_words=len(tested), verb=_verb(n_adj, "reaches", "reach"),
                                           resampling=escape_markdown(stable.attrs["resampling"]))
    return CHAPTER_SUMMARY.format(documents=plural(int(lengths["documents"].sum()), "document"),
                                  by_group=_by_group(lengths), evidence=evidence)


# ---------------------------------------------------------------- chapters 03 (framing) and 04 (clustering)

#: A frame whose hits in a group come this much or more from one document is that document's,
#: not the group's (said when the group has two or more documents using the frame).
CONCENTRATED = 0.75
#: Below this relative difference in inertia, two partitions are called nearly as compact.
NEARLY_AS_COMPACT = 0.05
#: Lists in a sentence stop after this many items ("... and 4 more").
MAX_LISTED = 6

_UNITS = {"per_1000": "{:.1f} per 1,000 tokens", "share": "{:.2f} of the share of frame hits", "hits": "{:.1f} hits"}


# --------------------------------------------------------------------------------- wording helpers


def _times(n: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return {1: "once", 2: "twice"}.get(n, f"{n:,} times")


def _first_upper(text: str) -> str:
    """The text with its first character in upper case (the rest unchanged)."""
    return text[:1].upper() + text[1:]


def _name(group) -> str:
    """A group as prose: its escaped label in italics, or "the rest" in a one-vs-rest comparison."""
    return "the rest" if group == REST else quoted(group)


def _capped(items: list[str], limit: int = MAX_LISTED) -> str:
    """Join prose items (already Markdown), the first ``limit`` of them, then "and N more"."""
    if len(items) <= limit:
        return join_words(items, escape=False)
    return ", ".join(items[:limit]) + f" and {len(items) - limit:,} more"


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


# =================================================================================== chapter 03

GROUPS_COMPARED = "{n_docs}: {by_group}{tail}"


def groups_compared(corpus: pd.DataFrame, groups) -> str:
    """The documents and groups the chapter compares.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The loaded corpus (its ``label`` column).
    groups : list of str
        From :func:`corpus_utils.check_groups`.

    Examples
    --------
    >>> corpus = pd.DataFrame({"label": ["a", "a", "b"]})
    >>> groups_compared(corpus, ["a", "b"])
    '3 documents: 2 documents labelled *a* and 1 document labelled *b*.'
    """
    sizes = corpus["label"].value_counts()
    in_scope = int(corpus["label"].isin(groups).sum()) if len(groups) > 1 else len(corpus)
    by_group = join_words((f"{plural(int(sizes.get(g, 0)), 'document')} labelled {quoted(g)}" for g in groups), escape=False)
    if len(groups) == 2:
        tail = "."
    elif len(groups) == 1:
        tail = f"; {quoted(groups[0])} is compared with the other {plural(int((corpus['label'] != groups[0]).sum()), 'document')}."
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
            text += LEXICON_UNUSED.format(words=join_words(unused["word"], quote="*"), verb=_verb(n, "is", "are", none_singular=False),
                                          pronoun=_verb(n, "it", "they", none_singular=False), count=_verb(n, "counts", "count", none_singular=False))
    return text


LEXICON_FITS = ("The lexicon's entries cover {share:.1%} of this corpus's tokens (stop words included), {relation} the "
                "{threshold:.0%} below which this chapter would first warn that the frames see too little of the texts.")
LEXICON_LOW = (
    "**The lexicon sees little of this corpus.** Its entries cover {share:.1%} of the tokens (stop words included), "
    "below {threshold:.0%}; {docs} of {n_docs} {hold} any entry at all. The frame counts below then describe a handful "
    "of words, not the texts: read them as a check of the lexicon, and write a lexicon for this corpus first.\n\n"
    "How to write one:\n\n"
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
    return LEXICON_LOW.format(share=share, threshold=threshold, docs=f"{docs:,}", hold=_verb(docs, "holds", "hold", none_singular=False),
                              n_docs=plural(len(coverage), "document"), words=words or "(none: no content word is left)")


FRAME_MATCHES = ("The lexicon matches {times} in {docs} of {n_docs}; {entries} {verb} at all. The most frequent "
                 "{are} {top}. {single}. A frame's total "
                 "is a sum over its entries and its documents; how much of it one document supplies is measured below "
                 "(`frame.concentration`).")
NO_MATCH = "No lexicon entry occurs in this corpus: check that the lexicon fits its language and topic (see above)."


def frame_matches(entries: pd.DataFrame, n_docs: int, n_top: int = 5) -> str:
    """How often the lexicon matched, its most frequent entries, and how many rest on one document.

    Parameters
    ----------
    entries : pandas.DataFrame
        From :func:`corpus_utils.frame.entry_counts` (``attrs["n_matches"]``, ``attrs["docs_with_hits"]``).
    n_docs : int
        Documents in the corpus.
    n_top : int, default 5

    Examples
    --------
    >>> entries = pd.DataFrame({"frame": ["crime"], "match": ["crime"], "hits": [1], "docs": [1]})
    >>> entries.attrs.update(n_matches=1, docs_with_hits=1)
    >>> frame_matches(entries, 2)[:78]
    'The lexicon matches once in 1 of 2 documents; 1 distinct entry matches at all.'
    """
    if entries.empty:
        return NO_MATCH
    top = entries.head(n_top)
    listed = join_words(
        (f"{quoted(m)} ({escape_markdown(f)}, {plural(int(h), 'hit')} in {plural(int(d), 'document')})"
         for m, f, h, d in top[["match", "frame", "hits", "docs"]].itertuples(index=False)),
        escape=False,
    )
    n_entries, single = len(entries), int((entries["docs"] == 1).sum())
    return FRAME_MATCHES.format(
        times=_times(int(entries.attrs["n_matches"])), docs=f"{int(entries.attrs['docs_with_hits']):,}",
        n_docs=plural(n_docs, "document"), entries=plural(n_entries, "distinct entry", "distinct entries"),
        verb=_verb(n_entries, "matches", "match", none_singular=False), are=_verb(len(top), "is", "are", none_singular=False), top=listed,
        single=(f"{single:,} of the {n_entries:,} matched entries {_verb(single, 'occurs', 'occur', none_singular=False)} in a single document"
                if n_entries > 1 else f"It occurs in {'a single document' if single else 'more than one document'}"),
    )


def leading_frames(leading: pd.DataFrame, groups, n_listed: int = 3) -> str:
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
    >>> leading = pd.DataFrame({"label": ["a", "a"], "frame": ["crime", "trust"], "docs": [2, 1], "n_docs": [3, 3]})
    >>> leading_frames(leading, ["a"])
    'Reading the rows one document at a time: in *a*, the strongest frame is *crime* in 2 of 3 documents and *trust* in 1.'
    """
    parts = []
    for g in groups:
        rows = leading[leading["label"] == g]
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
            tail = f"; the other {plural(n_rest, 'document')} {_verb(n_rest, 'is', 'are', none_singular=False)} led by {led}"
        parts.append(f"in {quoted(g)}, the strongest frame is {join_words(said, escape=False)}{tail}")
    if not parts:
        return "No document has a frame to read."
    return "Reading the rows one document at a time: " + "; ".join(parts) + "."


FRAMES_BY_CAMP = "The {n} with the highest mean rate in each camp:\n\n{lines}"
ONE_DOCUMENT_FRAMES = ("\n\nSome frames rest on a single document of their camp, so they describe that document, not "
                       "the camp: {pairs}.")


def frames_by_camp(summary: pd.DataFrame, n_top: int = 3) -> str:
    """Each group's strongest frames by mean rate, and the frames that rest on one of its documents.

    Parameters
    ----------
    summary : pandas.DataFrame
        From :func:`corpus_utils.frame.group_summary` with ``value="per_1000"``.
    n_top : int, default 3

    Examples
    --------
    >>> summary = pd.DataFrame({"frame": ["crime"], "label": ["a"], "mean": [2.0], "docs_with_hits": [1], "n_docs": [1]})
    >>> frames_by_camp(summary)
    'The frame with the highest mean rate in each camp:\\n\\n* *a* foregrounds *crime* (2.0 per 1,000 tokens, in 1 of 1 document)'
    """
    lines = []
    for g in summary["label"].drop_duplicates():
        part = summary[summary["label"] == g].sort_values(["mean", "frame"], ascending=[False, True], kind="stable")
        part = part[part["mean"] > 0].head(n_top)
        said = join_words(
            (f"{quoted(f)} ({m:.1f} per 1,000 tokens, in {d:,} of {plural(int(n), 'document')})"
             for f, m, d, n in part[["frame", "mean", "docs_with_hits", "n_docs"]].itertuples(index=False)),
            escape=False,
        )
        lines.append(f"* {quoted(g)} foregrounds {said}" if len(part) else
                     f"* {quoted(g)} foregrounds no frame of the lexicon (none matched in this camp)")
    n_frames = min(n_top, summary["frame"].nunique())
    text = FRAMES_BY_CAMP.format(n="frame" if n_frames == 1 else f"{n_frames} frames", lines="\n".join(lines))
    one_doc = summary[(summary["docs_with_hits"] == 1) & (summary["n_docs"] > 1)]
    if len(one_doc):
        text += ONE_DOCUMENT_FRAMES.format(
            pairs=_capped([f"{quoted(f)} in {quoted(g)}" for f, g in one_doc[["frame", "label"]].itertuples(index=False)]))
    return text


CONCENTRATION = "In {group}, one document supplies {threshold:.0%} or more of the hits of {frames}: {listed}."
CONCENTRATION_END = " For {these}, the camp's mean rate is mostly one document's usage, whatever its other documents do."
CONCENTRATION_NONE = ("In no camp does one document supply {threshold:.0%} or more of a frame's hits (among frames that "
                      "two or more of the camp's documents use); the largest share is {top_share:.0%}: {top}.")
CONCENTRATION_ONE_DOC = " {groups} {verb} a single document, so all {pronoun} hits come from it."


def frame_concentration(concentration: pd.DataFrame, threshold: float = CONCENTRATED) -> str:
    """Which frames' hits in a group come mostly from one of its documents.

    Parameters
    ----------
    concentration : pandas.DataFrame
        From :func:`corpus_utils.frame.concentration`.
    threshold : float, default CONCENTRATED (0.75)
        Shares at or above this are named (frames that only one document of the group uses
        are left to :func:`frames_by_camp`).

    Examples
    --------
    >>> table = pd.DataFrame({"frame": ["trust"], "label": ["a"], "n_docs": [2], "docs": [2], "hits": [24],
    ...                       "top_doc": ["d1"], "top_hits": [19], "top_share": [19 / 24]})
    >>> print(frame_concentration(table))
    In *a*, one document supplies 75% or more of the hits of one frame: *trust* (19 of 24 hits, from *d1*). For this frame, the camp's mean rate is mostly one document's usage, whatever its other documents do.
    """
    shared = concentration[(concentration["docs"] >= 2)]
    high = shared[shared["top_share"] >= threshold].sort_values(["top_share", "hits"], ascending=[False, False], kind="stable")
    parts = []
    for g in high["label"].drop_duplicates():
        rows = high[high["label"] == g]
        frames = "one frame" if len(rows) == 1 else plural(len(rows), "frame")
        parts.append(CONCENTRATION.format(group=quoted(g), threshold=threshold, frames=frames, listed=_capped([
            f"{quoted(f)} ({h:,} of {plural(t, 'hit')}, from {quoted(d)})"
            for f, t, d, h in rows[["frame", "hits", "top_doc", "top_hits"]].itertuples(index=False)
        ])))
    if parts:
        text = " ".join(parts) + CONCENTRATION_END.format(these=_verb(len(high), "this frame", "these frames", none_singular=False))
    elif len(shared):
        top = shared.sort_values(["top_share", "hits"], ascending=[False, False], kind="stable").iloc[0]
        text = CONCENTRATION_NONE.format(
            threshold=threshold, top_share=top["top_share"],
            top=f"{int(top['top_hits']):,} of {int(top['hits']):,} {quoted(top['frame'])} hits in {quoted(top['label'])} "
                f"come from {quoted(top['top_doc'])}")
    elif int(concentration["hits"].sum()) == 0:
        text = "No frame has a hit in this corpus, so no frame total rests on any document."
    else:
        text = "No frame is used by two or more documents of the same camp, so every frame total is one document's."
    single = concentration.loc[concentration["n_docs"] == 1, "label"].drop_duplicates().tolist()
    if single:
        text += CONCENTRATION_ONE_DOC.format(groups=join_words(single, quote="*"), verb=_verb(len(single), "is", "are each", none_singular=False),
                                             pronoun=_verb(len(single), "its", "their", none_singular=False))
    return text


SEPARATION_TEST = "With {n_a} and {n_b} documents, each frame's test {how}, and the smallest p-value a frame can reach is {floor:.3g}"
SEPARATION_TIES = "; ties among the relabelings raise it for {frames}"
SEPARATION_UNTESTABLE = (". No frame can reach the conventional {alpha} however large its difference, so these p-values rank "
                         "how unusual each split is among the possible ones; they prove nothing. ")
SEPARATION_TESTABLE = "Adjusted for testing all {n_frames} at once, "
SEPARATION_FRAGILE = ("For {frames} the difference changes sign (or vanishes) when one document is left out: too fragile to "
                      "read as a difference between the groups. ")
SEPARATION_UNUSED = "{frames} {verb} used by no document of either side, so {pronoun} {has} nothing to test. "
SEPARATION_UNCHECKED = "For {frames} no document can be left out (each side has one), so the difference rests on single documents. "
SEPARATION_END = "The evidence sections below read the sentences behind the numbers."


def _separation_paragraph(part: pd.DataFrame, alpha: float, unit: str, seed) -> str:
    n_tested = len(part)
    unused = part[(part["docs_a"] == 0) & (part["docs_b"] == 0)]
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
                                  how=how, floor=floor)
    raised = part[part["min_p"] > floor + 1e-12]
    if len(raised):
        text += SEPARATION_TIES.format(frames=_capped([f"{quoted(f)} ({p:.3g})" for f, p in raised[["frame", "min_p"]].itertuples(index=False)]))
    if floor > alpha:
        text += SEPARATION_UNTESTABLE.format(alpha=alpha)
        listed, target = part[part["p_value"] <= floor + 1e-12], f"the smallest possible p = {floor:.3g}"
        lead = ""
    else:
        text += ". "
        listed, target = part[part["p_adjusted"] <= alpha], f"p ≤ {alpha}"
        lead = SEPARATION_TESTABLE.format(n_frames=plural(n_tested, "frame")) if n_tested > 1 else ""
    if len(listed):
        n = len(listed)
        text += _first_upper(f"{lead}{plural(n, 'frame')} {_verb(n, 'reaches', 'reach', none_singular=False)} {target}: ") + _capped([
            f"{quoted(f)} ({'higher' if d > 0 else 'lower'} in {_name(a)} by {unit.format(abs(d))}; adjusted p = {pa:.2g})"
            for f, d, pa in listed[["frame", "diff", "p_adjusted"]].itertuples(index=False)
        ])
        stable = int(listed["stable_sign"].sum())
        if n == 1 and listed["loo_min"].isna().all():
            text += ". "  # no document can be left out: said below
        elif n == 1:
            text += "; its difference " + ("keeps its sign" if stable else "does not keep its sign") + " when any one document is left out. "
        else:
            text += f"; the difference keeps its sign when any one document is left out for {stable:,} of them. "
    else:
        text += _first_upper(f"{lead}no frame reaches {target} (smallest adjusted p-value: {part['p_adjusted'].min():.2g}). ")
    unchecked = part[part["loo_min"].isna()]
    fragile = part[~part["stable_sign"] & part["loo_min"].notna()]
    if len(fragile):
        text += SEPARATION_FRAGILE.format(frames=_capped([quoted(f) for f in fragile["frame"]]))
    if len(unchecked):
        text += SEPARATION_UNCHECKED.format(frames=_capped([quoted(f) for f in unchecked["frame"]]))
    if len(unused):
        n = len(unused)
        text += SEPARATION_UNUSED.format(frames=_first_upper(_capped([quoted(f) for f in unused["frame"]])),
                                         verb=_verb(n, "is", "are", none_singular=False), pronoun=_verb(n, "it", "they", none_singular=False), has=_verb(n, "has", "have", none_singular=False))
    return text


def frame_separation(separation: pd.DataFrame, alpha: float = 0.05, max_comparisons: int = 4) -> str:
    """Which frames separate the groups, with the test's floor and leave-one-out stability.

    Parameters
    ----------
    separation : pandas.DataFrame
        From :func:`corpus_utils.frame.separation` (``attrs``: ``value``, ``seed``).
    alpha : float, default 0.05
    max_comparisons : int, default 4
        Comparisons worded (one-vs-rest gives one per group); the table holds them all.

    Examples
    --------
    See ``tests/test_narrate_chapters_3_4.py``: a 2-vs-3 exact test whose floor 0.1 is above 0.05 gives
    "No frame can reach the conventional 0.05 however large its difference ...".
    """
    if separation.empty:
        return "No frame could be tested."
    unit = _UNITS.get(separation.attrs.get("value", "per_1000"), _UNITS["per_1000"])
    seed = separation.attrs.get("seed", 0)
    parts = [part for _, part in separation.groupby(["group_a", "group_b"], sort=False)]
    paragraphs = [_separation_paragraph(part, alpha, unit, seed) for part in parts[:max_comparisons]]
    if len(parts) > max_comparisons:
        paragraphs.append(f"(The first {max_comparisons} of {len(parts)} comparisons; the table lists them all.) ")
    return "\n\n".join(paragraphs) + SEPARATION_END


def frame_evidence(evidence: list, entries: pd.DataFrame, concentration: pd.DataFrame, n_entries: int = 3) -> str:
    """Who uses the frames whose evidence is shown, and through which entries.

    Parameters
    ----------
    evidence : list of pandas.DataFrame
        From :func:`corpus_utils.frame.evidence` (one per frame; ``attrs["frame"]``).
    entries : pandas.DataFrame
        From :func:`corpus_utils.frame.entry_counts` with ``by_label=True``.
    concentration : pandas.DataFrame
        From :func:`corpus_utils.frame.concentration` (hits, documents and group sizes;
        ``attrs["frame_labels"]`` names the frames).
    n_entries : int, default 3

    Examples
    --------
    >>> conc = pd.DataFrame({"frame": ["f"], "label": ["a"], "n_docs": [3], "docs": [1], "hits": [1]})
    >>> entries = pd.DataFrame({"frame": ["f"], "label": ["a"], "match": ["victims"], "hits": [1], "docs": [1]})
    >>> ev = pd.DataFrame(); ev.attrs["frame"] = "f"
    >>> frame_evidence([ev], entries, conc)
    '*f*: *a* has one hit, *victims*, in 1 of 3 documents.'
    """
    labels = concentration.attrs.get("frame_labels", {}) or {}
    paragraphs = []
    for f in dict.fromkeys(ev.attrs["frame"] for ev in evidence):
        parts = []
        for r in concentration[concentration["frame"] == f].itertuples(index=False):
            g, hits, docs, of = r.label, int(r.hits), int(r.docs), plural(int(r.n_docs), "document")
            common = entries[(entries["frame"] == f) & (entries["label"] == g)]
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


SEED_COMMUNITY = (
    "**Reading the seed corpus.** Of the {hits} anti-cooperation community-trust hits, {top} come from one text, {who} "
    "(*{doc}*){why}. {other}A camp-level contrast built on two documents, one of which supplies most of the hits, is a "
    "contrast between two authors as much as between two camps."
)
_SEED_DOCS = {
    "000-klaassen": ("the U.S. Attorney's guest column", ""),
    "001-malone": ("the ACLU column", ", which urges sheriffs to decline detainer requests and 287(g) agreements"),
    "002-ice-news": ("the news report on ICE's enforcement action", ""),
    "003-arie": ("the commentary praising ICE's new program", ""),
    "004-police": ("the police position statement",
                   ", which argues that immigrants who fear deportation will not come forward as victims or witnesses"),
}


def seed_community_concentration(concentration: pd.DataFrame, rates: pd.DataFrame) -> str:
    """Seed commentary: the anti-cooperation community-trust hits and the one text behind most of them.

    Parameters
    ----------
    concentration : pandas.DataFrame
        From :func:`corpus_utils.frame.concentration` on the seed corpus.
    rates : pandas.DataFrame
        From :func:`corpus_utils.frame.frame_rates` (the other document's hits).

    Returns
    -------
    str
        Empty when the table has no anti-cooperation community-trust hit (another lexicon).
    """
    row = concentration[(concentration["frame"] == "community") & (concentration["label"] == "anti-cooperation")]
    if row.empty or int(row["hits"].iloc[0]) == 0:
        return ""
    row = row.iloc[0]
    who, why = _SEED_DOCS.get(row["top_doc"], ("a text of the camp", ""))
    others = rates[(rates["frame"] == "community") & (rates["label"] == "anti-cooperation") & (rates["doc_id"] != row["top_doc"])]
    other = "".join(
        f"{_first_upper(_SEED_DOCS.get(d, ('the other text', ''))[0])} (*{d}*) contributes {int(h):,}. "
        for d, h in others[["doc_id", "hits"]].itertuples(index=False)
    )
    return SEED_COMMUNITY.format(hits=int(row["hits"]), top=int(row["top_hits"]), who=who, doc=row["top_doc"], why=why, other=other)


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
    >>> table = pd.DataFrame({"label": ["a"], "n_docs": [1], "sentence_min": [0.5], "sentence_max": [0.5]})
    >>> table.attrs.update(token_share=0.1, sentence_share=0.5)
    >>> frame_coverage(table)[:110]
    'Frame words make up 10.0% of all tokens, and 50% of sentences hold at least one. Per document, the share of fr'
    """
    ranges = join_words(
        (f"{lo:.0%} in the one {quoted(g)} document" if n == 1 else f"from {lo:.0%} to {hi:.0%} in {quoted(g)}"
         for g, n, lo, hi in by_group[["label", "n_docs", "sentence_min", "sentence_max"]].itertuples(index=False)),
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
            total=f"{total:,}", inside="none sits" if inside == 0 else f"{inside:,} {_verb(inside, 'sits', 'sit', none_singular=False)}",
            left="none is" if left == 0 else f"{left:,} {_verb(left, 'is', 'are', none_singular=False)}",
            most=SCOPED_MOST.format(word=quoted(most["word"]), times=_times(n), in_phrases=_inside_phrases(k, n))
            if len(used) > 1 else "",
        )
    return text + EXTEND_LEXICON


FRAME_CONTESTED = ("Words used by at least {min_docs} of each camp{lowered}, whose frame company differs most between {a} and "
             "{b}: {words}. The next table shows the company of the first {n_shown} in detail.")
FRAME_CONTESTED_NONE = "No word is used by at least {min_docs} of both {a} and {b} near two or more different frames{lowered}."
LOWERED = (" (`min_docs` was lowered to {used} because a camp has only {docs}, so one author's usage can decide a row)")


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
        return FRAME_CONTESTED_NONE.format(min_docs=plural(used, "document"), a=_name(a), b=_name(b), lowered=lowered)
    words = [
        f"{quoted(w)} (distance {d:.2f}, from {plural(int(na), 'framed use')} in {_name(a)} and {int(nb):,} in {_name(b)}; "
        f"in {_name(a)} {_company(fa, int(ka), int(na))}, in {_name(b)} {_company(fb, int(kb), int(nb))})"
        for w, d, na, nb, fa, fb, ka, kb in contested[
            ["word", "distance", "framed_a", "framed_b", "top_frame_a", "top_frame_b", "top_count_a", "top_count_b"]
        ].head(n_words).itertuples(index=False)
    ]
    shown = min(n_shown, len(contested))
    return FRAME_CONTESTED.format(min_docs=plural(used, "document"), lowered=lowered, a=_name(a), b=_name(b),
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
    >>> company = pd.DataFrame({"word": ["legal"], "label": ["a"], "frame": ["fairness"], "occurrences": [1],
    ...                         "total": [3], "share": [1 / 3], "nearby": ["fear (2)"]})
    >>> word_company(company, ["a"])
    '*legal*: in *a*, 1 of its 3 uses (33%) is near *fairness* words (fear (2)).'
    """
    sentences = []
    for w in company["word"].drop_duplicates():
        parts = []
        for g in groups:
            rows = company[(company["word"] == w) & (company["label"] == g) & (company["frame"] != NONE_FRAME)]
            if rows.empty:
                continue
            top = rows.iloc[0]
            k, n = int(top["occurrences"]), int(top["total"])
            parts.append(f"in {quoted(g)}, {_part_of(k, n, 'use')}{_share_of_total(k, n, top['share'])} "
                         f"{_verb(k, 'is', 'are', none_singular=False)} near {quoted(top['frame'])} words ({escape_markdown(top['nearby'])})")
        if parts:
            sentences.append(f"{quoted(w)}: " + "; ".join(parts) + ".")
    return "\n\n".join(sentences)


SEED_COOPERATION_FRAMES = (
    "**Reading the seed corpus.** The word the camps are named after makes the point most plainly. In the "
    "anti-cooperation texts, {anti} of *cooperation* {anti_verb} near community-trust words ({anti_nearby}): the "
    "cooperation of immigrant residents with the police. In the pro-cooperation texts, {pro} {pro_verb} near inter-agency "
    "words ({pro_nearby}): the cooperation of local police with ICE. Both camps say they want cooperation; they mean "
    "cooperation between different parties, which a count of the word alone cannot show."
)


def _uses(k: int, n: int) -> tuple[str, str]:
    """("all 8 uses", "sit"), ("4 of 8 uses", "sit"), ("1 of 8 uses", "sits"), ("its one use", "sits")."""
    if n == 1:
        return "its one use", "sits"
    if k == n:
        return f"all {n:,} uses", "sit"
    return f"{k:,} of {n:,} uses", _verb(k, "sits", "sit", none_singular=False)


def seed_cooperation_frames(cooperation: pd.DataFrame) -> str:
    """Seed commentary: *cooperation* near community-trust words in one camp, inter-agency words in the other.

    Parameters
    ----------
    cooperation : pandas.DataFrame
        :func:`corpus_utils.frame.word_frames` of ``"cooperation"`` on the seed corpus.

    Returns
    -------
    str
        Empty if either camp lacks the row (another lexicon or window).
    """
    anti = cooperation[(cooperation["label"] == "anti-cooperation") & (cooperation["frame"] == "community")]
    pro = cooperation[(cooperation["label"] == "pro-cooperation") & (cooperation["frame"] == "interagency")]
    if anti.empty or pro.empty:
        return ""
    (anti_n, anti_verb), (pro_n, pro_verb) = (_uses(int(t["occurrences"].iloc[0]), int(t["total"].iloc[0])) for t in (anti, pro))
    return SEED_COOPERATION_FRAMES.format(anti=anti_n, anti_verb=anti_verb, anti_nearby=escape_markdown(anti["nearby"].iloc[0]),
                                   pro=pro_n, pro_verb=pro_verb, pro_nearby=escape_markdown(pro["nearby"].iloc[0]))


FRAME_LIMITS = "In this corpus the smallest camp has {smallest}, and the smallest p-value any frame's test can give is {floor:.3g}. "
LIMITS_UNTESTABLE = ("So no frame contrast can reach p ≤ {alpha}: the differences above describe these texts and their "
                     "authors; whether they hold for the camps at large needs more documents of each kind.")
LIMITS_TESTABLE = ("A frame contrast can reach p ≤ {alpha} here ({n_passing} of {n_tests} frame tests {reach} it, adjusted "
                   "for testing every frame), but it still rests on {n_docs}, and it speaks for the camps at large only if the documents were "
                   "sampled without regard to the words they use.")


def frame_limits(separation: pd.DataFrame, alpha: float = 0.05) -> str:
    """What the corpus size allows the frame tests to say.

    Parameters
    ----------
    separation : pandas.DataFrame
        From :func:`corpus_utils.frame.separation`.
    alpha : float, default 0.05

    Examples
    --------
    >>> sep = pd.DataFrame({"group_a": ["a"], "group_b": ["b"], "n_a": [2], "n_b": [3], "min_p": [0.1], "p_adjusted": [0.5]})
    >>> print(frame_limits(sep))
    In this corpus the smallest camp has 2 documents, and the smallest p-value any frame's test can give is 0.1. So no frame contrast can reach p ≤ 0.05: the differences above describe these texts and their authors; whether they hold for the camps at large needs more documents of each kind.
    """
    if separation.empty:
        return "No frame was tested."
    smallest = int(min(separation["n_a"].min(), separation["n_b"].min()))
    floor = float(separation["min_p"].min())
    text = FRAME_LIMITS.format(smallest=plural(smallest, "document"), floor=floor)
    if floor > alpha:
        return text + LIMITS_UNTESTABLE.format(alpha=alpha)
    first = separation.iloc[0]
    n_docs = int(first["n_a"]) + int(first["n_b"])
    passing = int((separation["p_adjusted"] <= alpha).sum())
    return text + LIMITS_TESTABLE.format(alpha=alpha, n_passing=f"{passing:,}", reach=_verb(passing, "reaches", "reach", none_singular=False),
                                         n_tests=f"{len(separation):,}", n_docs=plural(n_docs, "document"))


# =================================================================================== chapter 04

CLUSTERING_SETUP = "This chapter clusters {n_docs} ({by_group}) into k = {k} clusters{why}.{large}"
CLUSTERING_LARGE = (" The corpus is larger than {limit:,} documents, so k-means runs in mini-batches, the n × n similarity "
                    "heatmap, the dendrogram and agglomerative clustering are skipped, and neighbours and silhouettes are "
                    "computed on a seeded sample.")


def clustering_setup(corpus: pd.DataFrame, k: int, n_clusters=None) -> str:
    """What the chapter clusters, into how many clusters, and what a large corpus changes.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The documents clustered (its ``label`` column).
    k : int
        The number of clusters.
    n_clusters : int or None
        The parameter: None means k is the number of groups.

    Examples
    --------
    >>> clustering_setup(pd.DataFrame({"label": ["a", "a", "b"]}), 2)
    'This chapter clusters 3 documents (2 *a* and 1 *b*) into k = 2 clusters (the number of groups).'
    """
    sizes = corpus["label"].value_counts().sort_index()
    return CLUSTERING_SETUP.format(
        n_docs=plural(len(corpus), "document"),
        by_group=join_words((f"{n:,} {quoted(g)}" for g, n in sizes.items()), escape=False),
        k=k, why=" (the number of groups)" if n_clusters is None else " (set by `n_clusters`)",
        large=CLUSTERING_LARGE.format(limit=LARGE_CORPUS) if len(corpus) > LARGE_CORPUS else "",
    )


VECTOR_SPACE = ("Each document is a vector over {n_terms} (used by at least {min_df}); a document uses between {low:,} and "
                "{high:,} of them. Clustering reads: {representation}{how}.{empty}")
VECTORS_EMPTY = (" **{n} kept no term** after `min_df`: such a document is similar to nothing and lands in a cluster "
                 "arbitrarily; lower `min_df` or check those texts.")


def vector_space(terms: pd.DataFrame, settings: dict) -> str:
    """The space the documents are clustered in: terms, terms per document, reduction.

    Parameters
    ----------
    terms : pandas.DataFrame
        From :func:`corpus_utils.cluster.terms_per_document` (``attrs["n_terms"]``).
    settings : dict
        ``DocumentVectors.settings`` (``representation``, ``lsa_components``,
        ``explained_variance``, ``n_empty``, ``min_df``).

    Examples
    --------
    >>> terms = pd.DataFrame({"terms": [3, 5]}); terms.attrs["n_terms"] = 6
    >>> vector_space(terms, {"representation": "L2-normalized TF-IDF", "lsa_components": 100, "min_df": 1, "n_empty": 0})
    'Each document is a vector over 6 terms (used by at least 1 document); a document uses between 3 and 5 of them. Clustering reads: L2-normalized TF-IDF (no reduction: with 2 documents, no more than `lsa_components` = 100).'
    """
    representation = str(settings.get("representation", ""))
    lsa = settings.get("lsa_components")
    if representation.startswith("LSA"):
        how = f", whose {lsa} dimensions keep {settings['explained_variance']:.0%} of the TF-IDF variance"
    else:
        how = f" (no reduction: with {plural(len(terms), 'document')}, no more than `lsa_components` = {lsa})"
    n_empty = int(settings.get("n_empty", 0))
    return VECTOR_SPACE.format(
        n_terms=plural(int(terms.attrs["n_terms"]), "term"), min_df=plural(int(settings.get("min_df", 1)), "document"),
        low=int(terms["terms"].min()), high=int(terms["terms"].max()), representation=escape_markdown(representation),
        how=how, empty=VECTORS_EMPTY.format(n=plural(n_empty, "document")) if n_empty else "",
    )


NEIGHBORS = ("For {same:,} of {n_docs}{sampled} the most similar other document carries the same label ({share:.0%}); a "
             "document drawn at random from the rest would share the label {chance:.0%} of the time. The most similar "
             "pair is {best} and {neighbor} (cosine {best_sim:.2f}); the median similarity to the nearest neighbour is "
             "{median:.2f}{reading}")


def neighbors_reading(summary: pd.DataFrame) -> str:
    """Whether nearest neighbours share their document's label more often than chance.

    Parameters
    ----------
    summary : pandas.DataFrame
        From :func:`corpus_utils.cluster.neighbor_summary` (one row).

    Examples
    --------
    >>> row = dict(n_queried=3, same_label=2, same_share=2 / 3, chance=1 / 3, median_similarity=0.5,
    ...            best_doc="d0", best_neighbor="d1", best_similarity=0.5, sampled=False)
    >>> neighbors_reading(pd.DataFrame([row]))[:88]
    'For 2 of 3 documents the most similar other document carries the same label (67%); a doc'
    """
    r = summary.iloc[0]
    return NEIGHBORS.format(
        same=int(r["same_label"]), n_docs=plural(int(r["n_queried"]), "document"),
        sampled=" (a seeded sample)" if r["sampled"] else "", share=r["same_share"], chance=r["chance"],
        best=quoted(r["best_doc"]), neighbor=quoted(r["best_neighbor"]), best_sim=r["best_similarity"],
        median=r["median_similarity"],
        reading=(", so even the closest documents share only a small part of their weighted vocabulary."
                 if r["median_similarity"] < 0.5 else "."),
    )


SILHOUETTE = ("The mean silhouette peaks at k = {top_k} ({top:.3f}){at_k}. Values range from {low:.3f} to {high:.3f}{weak}. "
              "Silhouettes near 0 are usual for text, whose documents share a common vocabulary and differ in details; "
              "with {n_docs}, {noise}{sampled}")
SILHOUETTE_NONE = "k-means found fewer than two distinct clusters for every k: the documents are too alike to cluster."


def silhouette_reading(silhouette: pd.DataFrame, k: int, n_docs: int) -> str:
    """Where the silhouette peaks, its value at the k used, and how much its differences mean.

    Parameters
    ----------
    silhouette : pandas.DataFrame
        From :func:`corpus_utils.cluster.silhouette_by_k` (``attrs["sampled"]``).
    k : int
        The k the chapter uses.
    n_docs : int
        Documents clustered.

    Examples
    --------
    >>> table = pd.DataFrame({"k": [2, 3], "silhouette": [0.07, 0.01], "n_scored": [5, 5]})
    >>> silhouette_reading(table, 2, 5)[:62]
    'The mean silhouette peaks at k = 2 (0.070); at the k used here'
    """
    scored = silhouette.dropna(subset=["silhouette"])
    if scored.empty:
        return SILHOUETTE_NONE
    top = scored.sort_values(["silhouette", "k"], ascending=[False, True], kind="stable").iloc[0]
    at_k = scored.loc[scored["k"] == k, "silhouette"]
    return SILHOUETTE.format(
        top_k=int(top["k"]), top=top["silhouette"],
        at_k=f"; at the k used here, {k}, it is {at_k.iloc[0]:.3f}" if len(at_k) else "",
        low=scored["silhouette"].min(), high=scored["silhouette"].max(),
        weak="; all are below 0.25, i.e. no k gives well-separated clusters" if scored["silhouette"].max() < 0.25 else "",
        n_docs=plural(n_docs, "document"),
        noise="a difference in the third decimal is noise." if n_docs < 30 else "small differences between k are not decisive.",
        sampled=(f" (Scored on a seeded sample of {int(scored['n_scored'].iloc[0]):,} documents.)"
                 if silhouette.attrs.get("sampled") else ""),
    )


KMEANS_STARTS = ("{starts} in {partitions} ({inertia}); with "
                 "{n_init} starts the most compact partition has inertia {kept:.3f} and cluster sizes {sizes}, with an ARI "
                 "of {ari:.2f} against the labels.")
BETTER_MATCH = (" A single start (seed {seed}) found a partition that matches the labels better (ARI {ari:.2f}), with "
                "inertia {inertia:.3f}: {comparison}")
NEARLY_AS_COMPACT_TEXT = ("{gap:.1%} more than the {kept:.3f} of the partition kept. k-means keeps the more compact "
                          "partition, but the split that follows the labels is nearly as compact: by inertia, the vectors "
                          "favour the partition kept only slightly, not decisively.")
LESS_COMPACT_TEXT = ("{gap:.1%} more than the {kept:.3f} of the partition kept: the documents group more compactly in "
                     "another way than by label, and k-means reports that grouping.")
AS_COMPACT_TEXT = ("no more than the partition kept ({kept:.3f}): the {n_init} starts missed a partition at least as compact "
                   "that follows the labels better; more starts (`n_init`) would settle which is more compact.")
FEWER_FOUND = " Only {n_found} found (some documents are identical)."


def kmeans_starts_reading(starts: pd.DataFrame, kept: pd.DataFrame) -> str:
    """How much k-means depends on its start, and the inertia of a start that follows the labels better.

    Parameters
    ----------
    starts : pandas.DataFrame
        From :func:`corpus_utils.cluster.kmeans_starts` (``attrs``: ``n_partitions``,
        ``kept_inertia``, ``kept_ari``, ``kept_sizes``, ``kept_n_init``).
    kept : pandas.DataFrame
        The many-start :func:`corpus_utils.cluster.kmeans` result (``attrs``: ``n_found``,
        ``n_clusters``).

    Examples
    --------
    See ``tests/test_narrate_chapters_3_4.py``: a start 0.9 % above the partition kept is worded "nearly
    as compact ... favour the partition kept only slightly", never "does not prefer".
    """
    a = starts.attrs
    n_part = int(a["n_partitions"])
    one = len(starts) == 1
    text = KMEANS_STARTS.format(
        starts="The single start ends" if one else f"The {len(starts)} single starts end",
        partitions="one partition" if one else "the same partition" if n_part == 1 else f"{n_part} different partitions",
        inertia=(f"inertia {starts['inertia'].iloc[0]:.3f}" if one or n_part == 1 else
                 f"their inertia ranges from {starts['inertia'].min():.3f} to {starts['inertia'].max():.3f}"),
        n_init=a["kept_n_init"], kept=a["kept_inertia"], sizes=a["kept_sizes"], ari=a["kept_ari"],
    )
    better = starts[starts["ari_labels"] > a["kept_ari"] + 1e-9]
    if len(better):
        row = better.sort_values(["ari_labels", "seed"], ascending=[False, True], kind="stable").iloc[0]
        gap = float(row["inertia_gap"])
        if gap <= 1e-9:
            comparison = AS_COMPACT_TEXT.format(kept=a["kept_inertia"], n_init=a["kept_n_init"])
        elif gap < NEARLY_AS_COMPACT:
            comparison = NEARLY_AS_COMPACT_TEXT.format(gap=gap, kept=a["kept_inertia"])
        else:
            comparison = LESS_COMPACT_TEXT.format(gap=gap, kept=a["kept_inertia"])
        text += BETTER_MATCH.format(seed=int(row["seed"]), ari=row["ari_labels"], inertia=row["inertia"], comparison=comparison)
    if int(kept.attrs.get("n_found", kept.attrs.get("n_clusters", 0))) < int(kept.attrs.get("n_clusters", 0)):
        n_found = int(kept.attrs["n_found"])
        text += FEWER_FOUND.format(n_found=f"{plural(n_found, 'distinct cluster')} {_verb(n_found, 'was', 'were', none_singular=False)}")
    return text


DENDROGRAM_SKIPPED = ("Agglomerative clustering and its dendrogram are skipped above {limit:,} documents: they need the "
                      "full n × n distance matrix.")
DENDROGRAM = "Merges happen at cosine distances from {low:.2f} to {high:.2f}. {narrow}Cut into {k} clusters, the tree agrees with k-means with an ARI of {ari:.2f}{same}."


def dendrogram_reading(tree: pd.DataFrame | None, ari: float | None, k: int) -> str:
    """Where the merges of the tree happen, and how well its cut agrees with k-means.

    Parameters
    ----------
    tree : pandas.DataFrame or None
        From :func:`corpus_utils.cluster.linkage`; None when the corpus is too large for it.
    ari : float or None
        :func:`corpus_utils.cluster.agreement_scores` of the k-means and agglomerative clusters.
    k : int

    Examples
    --------
    >>> dendrogram_reading(pd.DataFrame({"distance": [0.2, 0.6]}), 1.0, 2)
    'Merges happen at cosine distances from 0.20 to 0.60. Cut into 2 clusters, the tree agrees with k-means with an ARI of 1.00 (the same partition).'
    """
    if tree is None:
        return DENDROGRAM_SKIPPED.format(limit=LARGE_CORPUS)
    low, high = float(tree["distance"].min()), float(tree["distance"].max())
    narrow = ("The whole tree sits high and in a narrow band: every document is far from every other, and the order of "
              "merges rests on small differences. " if low > 0.5 and high - low < 0.2 else "")
    return DENDROGRAM.format(low=low, high=high, narrow=narrow, k=k, ari=ari,
                             same=" (the same partition)" if ari > 1 - 1e-9 else "")


def _column_name(column, label_column: str) -> str:
    return f"the labels ({quoted(label_column)})" if column == "label" else quoted(column)


def cluster_agreement(agreement: pd.DataFrame, label_column: str) -> str:
    """The agreement of the clusters with each metadata column, as a list.

    Parameters
    ----------
    agreement : pandas.DataFrame
        From :func:`corpus_utils.cluster.agreement` (``attrs["method"]``).
    label_column : str
        What the labels are called in the corpus.

    Examples
    --------
    >>> table = pd.DataFrame({"column": ["label"], "status": ["compared"], "ari": [1.0], "purity": [1.0],
    ...                       "p_value": [0.1], "exact": [True], "n_relabelings": [10], "min_p": [0.1]})
    >>> table.attrs["method"] = "KMeans"
    >>> print(cluster_agreement(table, "stance"))
    How the KMeans clusters agree with the metadata:
    <BLANKLINE>
    - the labels (*stance*): ARI 1.00, purity 1.00, p = 0.1 (exact, over all 10 distinct relabelings; smallest possible p = 0.1)
    """
    compared = agreement[agreement["status"] == "compared"]
    if compared.empty:
        return "No metadata column could be compared with the clusters."
    lines = [
        f"- {_column_name(r.column, label_column)}: ARI {r.ari:.2f}, purity {r.purity:.2f}, p = {r.p_value:.3g} "
        f"({'exact, over all' if r.exact else 'Monte Carlo, from'} {int(r.n_relabelings):,} "
        f"{'distinct' if r.exact else 'random'} relabelings; smallest possible p = {r.min_p:.3g})"
        for r in compared.itertuples()
    ]
    return f"How the {escape_markdown(agreement.attrs.get('method', ''))} clusters agree with the metadata:\n\n" + "\n".join(lines)


FOLLOWS = "**The clusters follow** {columns} more closely than random relabelings do (p ≤ {alpha})."
ENTANGLED = "Several columns pass: they are entangled in this corpus, and clustering cannot say which one drives the split."
CHANCE = ("**No agreement beyond chance** for {columns}: the real values agree with the clusters no better than many random "
          "relabelings do (p > {alpha}), although the test could have gone below {alpha}.")
CANNOT_TELL = ("**The test cannot tell**: even the best agreement these cluster sizes allow would give p = {floors}, above "
               "{alpha} (too few documents, or many relabelings tied at that best agreement). A large p here means *not "
               "testable*, not *no relation*.")
DESCRIPTIVE = "Descriptively, the ARI is highest for {column} ({ari:.2f})."


def agreement_verdict(agreement: pd.DataFrame, label_column: str, alpha: float = 0.05) -> str:
    """Whether the clusters follow each column beyond chance, or the test cannot tell.

    Parameters
    ----------
    agreement : pandas.DataFrame
        From :func:`corpus_utils.cluster.agreement`.
    label_column : str
    alpha : float, default 0.05

    Examples
    --------
    >>> table = pd.DataFrame({"column": ["label"], "status": ["compared"], "ari": [1.0], "p_value": [0.1], "min_p": [0.1]})
    >>> agreement_verdict(table, "stance")[:60]
    '**The test cannot tell**: even the best agreement these clus'
    """
    compared = agreement[agreement["status"] == "compared"]
    skipped = agreement[agreement["status"] != "compared"]
    untestable = compared[compared["min_p"] > alpha]
    testable = compared[compared["min_p"] <= alpha]
    follows = testable[(testable["p_value"] <= alpha) & (testable["ari"] > 0)]
    chance = testable[testable["p_value"] > alpha]
    said = []
    if len(follows):
        said.append(FOLLOWS.format(columns=join_words((_column_name(c, label_column) for c in follows["column"]), escape=False), alpha=alpha))
        if len(follows) > 1:
            said.append(ENTANGLED)
    if len(chance):
        said.append(CHANCE.format(columns=join_words((_column_name(c, label_column) for c in chance["column"]), escape=False), alpha=alpha))
    if len(untestable):
        said.append(CANNOT_TELL.format(alpha=alpha, floors=join_words(
            (f"{p:.3g} for {_column_name(c, label_column)}" for c, p in untestable[["column", "min_p"]].itertuples(index=False)),
            escape=False)))
    if len(compared) > 1 and not len(follows):
        top = compared.sort_values(["ari", "column"], ascending=[False, True], kind="stable").iloc[0]
        said.append(DESCRIPTIVE.format(column=_column_name(top["column"], label_column), ari=top["ari"]))
    if compared.empty:
        said.append("No column could be compared.")
    if len(skipped):
        said.append("Skipped: " + join_words(
            (f"{_column_name(c, label_column)} ({escape_markdown(s)})" for c, s in skipped[["column", "status"]].itertuples(index=False)),
            escape=False) + ".")
    return " ".join(said)


SEED_CLUSTER_SPLIT = (
    "**Reading the seed corpus.** The news report on ICE's enforcement action (*002-ice-news*) and the commentary praising "
    "ICE's new program (*003-arie*) form a cluster of their own; the other cluster holds {rest}: two guest opinion columns, "
    "one from each camp, and the police position statement. So the split runs between texts about one ICE operation or "
    "program and texts that argue about local policing policy, across stance. With five documents that is a description "
    "of five texts, not a finding about the camps."
)
_ICE_PAIR = {"002-ice-news", "003-arie"}


def seed_cluster_split(assignments: pd.DataFrame) -> str:
    """Seed commentary: the two texts about ICE's operation and program cluster apart, across stance.

    Parameters
    ----------
    assignments : pandas.DataFrame
        The chosen clustering of the seed corpus (``doc_id, cluster``).

    Returns
    -------
    str
        Empty unless the two ICE texts form a cluster of their own.
    """
    members = assignments.groupby("cluster")["doc_id"].agg(lambda s: frozenset(s))
    if not any(m == _ICE_PAIR for m in members):
        return ""
    rest = sorted(set(assignments["doc_id"]) - _ICE_PAIR)
    return SEED_CLUSTER_SPLIT.format(rest=join_words(rest, quote="*"))


CLUSTER_MAKEUP = "The {n} heaviest terms of each cluster (documents using it / documents in the cluster):\n\n{lines}"


def cluster_makeup(top_terms: pd.DataFrame, labels: pd.DataFrame, n_terms: int = 5) -> str:
    """What each cluster is made of: its labels and its heaviest terms, flagging one-document terms.

    Parameters
    ----------
    top_terms : pandas.DataFrame
        From :func:`corpus_utils.cluster.cluster_terms`.
    labels : pandas.DataFrame
        :func:`corpus_utils.cluster.contingency` of the clusters and the labels.
    n_terms : int, default 5

    Examples
    --------
    >>> terms = pd.DataFrame({"cluster": [1], "rank": [1], "term": ["ice"], "docs": [2], "cluster_docs": [2]})
    >>> labels = pd.DataFrame({"cluster 1": [2], "documents": [2]}, index=pd.Index(["b"], name="label"))
    >>> cluster_makeup(terms, labels)
    'The 5 heaviest terms of each cluster (documents using it / documents in the cluster):\\n\\n- cluster 1 (2 documents: 2 *b*): *ice* (2/2)'
    """
    lines = []
    for c, part in top_terms.groupby("cluster", sort=True):
        part = part.sort_values("rank").head(n_terms)
        size = int(part["cluster_docs"].iloc[0])
        column = labels[f"cluster {c}"]
        held = join_words((f"{int(n):,} {quoted(g)}" for g, n in column[column > 0].items()), escape=False)
        alone = part.loc[part["docs"] <= 1, "term"]
        lines.append(
            f"- cluster {c} ({plural(size, 'document')}: {held}): "
            + join_words((f"{quoted(t)} ({int(d)}/{size})" for t, d in zip(part["term"], part["docs"])), escape=False)
            + (f"; resting on one document: {join_words(alone, quote='*')}" if size > 1 and len(alone) else "")
        )
    return CLUSTER_MAKEUP.format(n=n_terms, lines="\n".join(lines))


MAP_READING = ("The map is {method}; its two axes hold {held:.0%} of the spread, so {off}two points close on the map may "
               "still be far apart, and the contingency table above, not the picture, is the evidence.")


def map_reading(points: pd.DataFrame) -> str:
    """How much of the distances the two-dimensional map holds.

    Parameters
    ----------
    points : pandas.DataFrame
        From :func:`corpus_utils.cluster.map_2d` (``attrs``: ``method``, ``held``).

    Examples
    --------
    >>> points = pd.DataFrame(); points.attrs.update(method="mds", held=0.58)
    >>> map_reading(points)[:80]
    'The map is classical MDS of the cosine distances; its two axes hold 58% of the s'
    """
    held = float(points.attrs["held"])
    method = "classical MDS of the cosine distances" if points.attrs["method"] == "mds" else "the first two TruncatedSVD components"
    off = ("most of the distance between documents is not on the page: " if held < 0.5 else
           "part of the distance is off the page: " if held < 1 - 1e-9 else "")
    return MAP_READING.format(method=method, held=held, off=off)


# ============================================================================================
# Chapter 05 · what the evidence supports, and the front page
#
# The tables come from :mod:`corpus_utils.synthesis` (``evidence``, ``main_findings``,
# ``verdicts``, ``cross_check``, ``term_frame_links``) and :mod:`corpus_utils.design`
# (``floors``, ``power``). A method is named by what it looks at, never by a chapter number, so
# the sentences hold for any set of chapters.

#: What each method looks at, as prose.
_METHOD = {"vocabulary": "the word lists", "framing": "the frames", "clustering": "the clusters"}
#: A design reaches "likely" detection at this probability (the conventional target power).
TARGET_POWER = 0.8
#: The size the abstract quotes when it asks what a study of that size would detect.
QUOTED_SIZE = 20


def _p(value: float) -> str:
    return f"{float(value):.3g}"


def _pair(group_a, group_b) -> str:
    """``*a* and *b*``, or ``*a* and the rest``."""
    return f"{_name(group_a)} and {_name(group_b)}"


def _other(row) -> str:
    """The side a finding does not lean to."""
    return _name(row.group_b if row.leans_to == row.group_a else row.group_a)


def _uncertainty(row) -> str:
    """``p = 0.1, adjusted 0.7; no p-value can be below 0.1 here`` for one finding."""
    text = f"p = {_p(row.p_value)}"
    if row.method != "clustering":
        text += f", adjusted for the choice {_p(row.p_adjusted)}"
    return text + f"; the floor here is {_p(row.min_p)}"


def _carried(row) -> str:
    """``used by both its documents`` (vocabulary), ``with hits in 1 of its 3 documents`` (framing)."""
    what = "used by" if row.method == "vocabulary" else "with hits in"
    k, n = int(row.docs_own), int(row.n_own)
    if n == 1:
        return f"{what} its only document"
    if k == n:
        return f"{what} {'both' if n == 2 else f'all {n:,} of'} its documents"
    return f"{what} {k:,} of its {n:,} documents"


CORPUS_LINE = "{documents} and {tokens}: {by_group}."
CORPUS_LINE_GROUP = "{documents} labelled {group} ({tokens})"


def corpus_line(lengths: pd.DataFrame, max_groups: int = MAX_LISTED) -> str:
    """The corpus in one line: documents and tokens, in all and per group.

    Parameters
    ----------
    lengths : pandas.DataFrame
        From :func:`corpus_utils.count.group_lengths`.
    max_groups : int, default 6
        Groups named before "and N more".

    Examples
    --------
    >>> lengths = pd.DataFrame({"group": ["a", "b"], "documents": [2, 1], "tokens": [1200, 1]})
    >>> print(corpus_line(lengths))
    3 documents and 1,201 tokens: 2 documents labelled *a* (1,200 tokens) and 1 document labelled *b* (1 token).
    """
    if lengths.empty:
        return "The corpus holds no document."
    items = [CORPUS_LINE_GROUP.format(documents=plural(int(r.documents), "document"), group=quoted(r.group),
                                      tokens=plural(int(r.tokens), "token")) for r in lengths.itertuples()]
    return CORPUS_LINE.format(documents=plural(int(lengths["documents"].sum()), "document"),
                              tokens=plural(int(lengths["tokens"].sum()), "token"), by_group=_capped(items, max_groups))


LINE_VOCABULARY = "{listed} listed as leaning to {sides}; {passing}; {fragile}."
LINE_FRAMING = "{listed} compared {between}; {passing}; {fragile}.{unused}"
LINE_SIDES_PAIR = "{a} or {b}"
LINE_SIDES_REST = "a group or the rest, over {k} comparisons (each group against the rest)"
LINE_BETWEEN_PAIR = "between {a} and {b}"
LINE_BETWEEN_REST = "in {k} comparisons (each group against the rest): {n} frame differences"
LINE_PASSING = "{n} {verb} the permutation test at p ≤ {alpha} once adjusted for the choice"
LINE_UNTESTABLE = "with these documents no test can reach p ≤ {alpha} (the floor is {floor})"
LINE_FRAGILE = "{n} {verb} on a single document"
LINE_UNUSED = " {k} more {frames} of the lexicon {match} no document."
LINE_CLUSTERING = "The clusters against the labels: ARI {ari:.2f}, p = {p}, floor {floor}; {verdict}."
LINE_NOTHING = {"vocabulary": "No word passes the dispersion filter, so no group vocabulary is listed.",
                "framing": "No frame was compared: no frame of the lexicon matches any document.",
                "clustering": "The clusters could not be compared with the labels."}
VERDICT_WORDS = {"separates": "they follow the labels beyond chance", "no evidence": "no agreement beyond chance",
                 "untestable": "the test cannot tell", "not tested": "not tested"}


def _passing(part: pd.DataFrame, alpha: float) -> str:
    n_testable, n_passing = int(part["n_testable"].sum()), int(part["n_passing"].sum())
    if part["floor"].isna().all():
        return "no permutation test was run"
    if n_testable == 0:
        return LINE_UNTESTABLE.format(alpha=alpha, floor=_p(part["floor"].min()))
    return LINE_PASSING.format(n=_count_or_none(n_passing), verb=_verb(n_passing, "passes", "pass"), alpha=alpha)


def chapter_line(evidence: pd.DataFrame, verdicts: pd.DataFrame, method: str) -> str:
    """One chapter's result in one line, for the front page: how much of what it lists holds up.

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`corpus_utils.synthesis.evidence` (``attrs["unused_frames"]``).
    verdicts : pandas.DataFrame
        From :func:`corpus_utils.synthesis.verdicts` of that table (``attrs["alpha"]``).
    method : {"vocabulary", "framing", "clustering"}

    Examples
    --------
    >>> v = pd.DataFrame({"method": ["framing"], "group_a": ["a"], "group_b": ["b"], "n_items": [4], "n_testable": [0],
    ...                   "n_passing": [0], "n_one_document": [1], "best_p_adjusted": [0.5], "floor": [0.1],
    ...                   "verdict": ["untestable"]})
    >>> v.attrs["alpha"] = 0.05
    >>> print(chapter_line(pd.DataFrame({"method": []}), v, "framing"))
    4 frames compared between *a* and *b*; with these documents no test can reach p ≤ 0.05 (the floor is 0.1); 1 frame difference rests on a single document.
    """
    alpha = verdicts.attrs.get("alpha", evidence.attrs.get("alpha", 0.05))
    part = verdicts[verdicts["method"] == method] if len(verdicts) else verdicts
    if part.empty:
        return LINE_NOTHING[method]
    if method == "clustering":
        row = evidence[evidence["method"] == "clustering"].iloc[0]
        return LINE_CLUSTERING.format(ari=float(row["effect"]), p=_p(row["p_value"]), floor=_p(row["min_p"]),
                                      verdict=VERDICT_WORDS[part.iloc[0]["verdict"]])
    n_fragile, k = int(part["n_one_document"].sum()), len(part)
    first = part.iloc[0]
    if method == "vocabulary":
        n = int(part["n_items"].sum())
        sides = (LINE_SIDES_PAIR.format(a=_name(first["group_a"]), b=_name(first["group_b"])) if k == 1
                 else LINE_SIDES_REST.format(k=k))
        noun = "of them" if n_fragile else ""
        return LINE_VOCABULARY.format(listed=_first_upper(plural(n, "word")), sides=sides,
                                      passing=_passing(part, alpha),
                                      fragile=LINE_FRAGILE.format(n=_count_or_none(n_fragile) + (f" {noun}" if noun else ""),
                                                                  verb=_verb(n_fragile, "rests", "rest")))
    n_frames, n_tests = int(part["n_items"].max()), int(part["n_items"].sum())
    between_ = (LINE_BETWEEN_PAIR.format(a=_name(first["group_a"]), b=_name(first["group_b"])) if k == 1
                else LINE_BETWEEN_REST.format(k=k, n=f"{n_tests:,}"))
    fragile = (plural(n_fragile, "frame difference") if k == 1 or not n_fragile else f"{n_fragile:,} of them")
    if not n_fragile:
        fragile = "none"
    unused = evidence.attrs.get("unused_frames", [])
    return LINE_FRAMING.format(
        listed=_first_upper(plural(n_frames, "frame")), between=between_, passing=_passing(part, alpha),
        fragile=LINE_FRAGILE.format(n=fragile, verb=_verb(n_fragile, "rests", "rest")),
        unused=LINE_UNUSED.format(k=len(unused), frames=_verb(len(unused), "frame", "frames"),
                                  match=_verb(len(unused), "matches", "match")) if unused else "")


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
                                                 pass_=_verb(int(row.n_passing), "passes", "pass"),
                                                 best=_p(row.best_p_adjusted), floor=_p(row.floor))
        details.append(detail if len(rows) == 1 else f"{_METHOD[method]}: {detail}")
    if len(rows) > 1 and len(set(details_ := [d.split(": ", 1)[1] for d in details])) == 1:
        details = details_[:1]  # the same floor (or p) for all: say it once
    methods = subject or join_words([_METHOD[m] for m, _ in rows], escape=False)
    return VERDICT_GROUPS[verdict].format(methods=methods, alpha=alpha, verb=VERDICT_VERBS[verdict],
                                          details="; ".join(details))


def _pair_verdicts(verdicts: pd.DataFrame, pair) -> dict:
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
        found = _pair_verdicts(verdicts, pair)
        if several:
            found.pop("clustering", None)
        by_verdict: dict[str, list] = {}
        for method, row in found.items():
            by_verdict.setdefault(row.verdict, []).append((method, row))
        clauses = [_verdict_group(rows, verdict, alpha) for verdict, rows in by_verdict.items()]
        text = METHODS_FOR_PAIR.format(pair=_pair(pair.group_a, pair.group_b), groups="; ".join(clauses))
        present = {m: row.verdict for m, row in found.items()}
        if len(by_verdict) == 1 and len(present) > 1:
            text += " " + METHODS_AGREE[next(iter(by_verdict))]
        elif len(present) > 1:
            separating = [_METHOD[m] for m, v in present.items() if v == "separates"]
            others = [_METHOD[m] for m, v in present.items() if v != "separates"]
            if separating:
                text += " " + METHODS_DISAGREE.format(separating=join_words(separating, escape=False),
                                                      others=join_words(others, escape=False))
            text += _readings(present, alpha)
        said.append(text)
    clusters = verdicts[verdicts["method"] == "clustering"]
    if several and len(clusters):
        row = next(clusters.itertuples())
        said.append(_first_upper(_verdict_group([("clustering", row)], row.verdict, alpha, subject=CLUSTERS_ALONE)) + ".")
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
        groups.append(f"{_capped([quoted(v) for v in rows[items]], max_items)} ({label(key)})")
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
        n=f"{n:,}", are=_verb(n, "is a single-word entry", "are single-word entries"),
        same=LINKS_SAME.format(k=f"{len(same):,}", lean=_verb(len(same), "leans", "lean"),
                               its=_verb(len(same), "its", "their"), items=items(same)) if len(same) else "",
        opposite=LINKS_OPPOSITE.format(k=f"{len(opposite):,}", lean=_verb(len(opposite), "leans", "lean"),
                                       its=_verb(len(opposite), "its", "their"), items=items(opposite)) if len(opposite) else "",
    ).rstrip()


ONE_DOCUMENT = "Resting on a single document:\n\n{items}\n\nEach of these says something about one text, not about its group."
ONE_DOCUMENT_WORDS = "{n_words} ({terms})"
ONE_DOCUMENT_ITEM = "{item} ({leans})"
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
            names = _grouped(keyed, "item", "_key", lambda key: f"leaning to {_name(key[0])}"
                             + (f", in {_pair(key[1], key[2])}" if several else ""), max_items)
            parts.append(f"- {len(fragile):,} of the {plural(len(rows), noun)}: {names}")
    text = ONE_DOCUMENT.format(items="\n".join(parts)) + ONE_DOCUMENT_REASONS if parts else ONE_DOCUMENT_NONE
    if lengths is not None and len(lengths):
        single = lengths.loc[lengths["documents"] == 1, "group"].tolist()
        if single:
            text += ONE_DOCUMENT_GROUPS.format(groups=_first_upper(join_words(single, quote="*")),
                                               verb=_verb(len(single), "has", "have"),
                                               pronoun=_verb(len(single), "it", "them"))
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
        methods = [_METHOD[m] for m in ("vocabulary", "framing", "clustering") if m in set(rows["method"])]
        if rows["method"].eq("clustering").all() and len(pairs) > 1:
            where = "for the groups taken at once"
        elif len(pairs) <= 1:
            where = CANNOT_WHERE_ONE.format(sizes=_by_group(lengths))
        else:
            where = CANNOT_WHERE.format(pair=_pair(*key))
        floors = sorted({_p(f) for f in rows["floor"]}, key=float)
        items.append(CANNOT_UNTESTABLE.format(methods=join_words(methods, escape=False, conjunction="or"), alpha=alpha,
                                              where=where, floors=join_words(floors, conjunction="or")))
    single = lengths.loc[lengths["documents"] == 1, "group"].tolist()
    if single:
        items.append(CANNOT_SPREAD.format(groups=join_words(single, quote="*"), pronoun=_verb(len(single), "it", "them")))
    unused = list(unused_frames)
    if unused:
        items.append(CANNOT_UNUSED.format(frames=_first_upper(_capped([quoted(f) for f in unused])),
                                          match=_verb(len(unused), "matches", "match"),
                                          pronoun=_verb(len(unused), "it", "them")))
    if not items and len(lengths):
        items.append(CANNOT_NOTHING.format(alpha=alpha))
    items.append(CANNOT_SAMPLE.format(n_docs=plural(int(lengths["documents"].sum()), "document")))
    return "\n".join(f"- {item}" for item in items)


DESIGN_FLOOR = ("An exact permutation test of two groups of n documents each has C(2n, n) relabellings, and a two-sided "
                "difference ties with its mirror image, so the smallest p-value it can give is 2 / C(2n, n): {examples}. "
                "**A study needs at least {n} documents per group** before p ≤ {alpha} is possible at all{here}.")
DESIGN_FLOOR_ITEM = "{n} per group give {c} relabellings and a floor of {floor}"
DESIGN_HERE = "; this corpus has {sizes}"


def design_floor(floors: pd.DataFrame, smallest: int, lengths: pd.DataFrame | None = None) -> str:
    """The smallest balanced study in which the exact test can reach significance.

    Parameters
    ----------
    floors : pandas.DataFrame
        From :func:`corpus_utils.design.floors` (``attrs["alpha"]``).
    smallest : int
        From :func:`corpus_utils.design.smallest_sample`.
    lengths : pandas.DataFrame, optional
        From :func:`corpus_utils.count.group_lengths`, to set this corpus beside it.

    Examples
    --------
    >>> floors = pd.DataFrame({"n_per_group": [3, 4], "n_relabelings": [20, 70], "min_p": [0.1, 2 / 70],
    ...                        "reaches": [False, True]})
    >>> floors.attrs["alpha"] = 0.05
    >>> print(design_floor(floors, 4))  # doctest: +NORMALIZE_WHITESPACE
    An exact permutation test of two groups of n documents each has C(2n, n) relabellings, and a two-sided difference
    ties with its mirror image, so the smallest p-value it can give is 2 / C(2n, n): 3 per group give 20 relabellings
    and a floor of 0.1; 4 per group give 70 relabellings and a floor of 0.0286. **A study needs at least 4
    documents per group** before p ≤ 0.05 is possible at all.
    """
    alpha = floors.attrs.get("alpha", 0.05)
    shown = floors[floors["n_per_group"].between(smallest - 1, smallest + 1)]
    examples = "; ".join(DESIGN_FLOOR_ITEM.format(n=int(r.n_per_group), c=f"{int(r.n_relabelings):,}", floor=_p(r.min_p))
                         for r in shown.itertuples())
    here = DESIGN_HERE.format(sizes=_by_group(lengths)) if lengths is not None and len(lengths) else ""
    return DESIGN_FLOOR.format(examples=examples, n=smallest, alpha=alpha, here=here)


POWER = ("Simulating {n_sim} studies per size, each drawing its documents from this corpus's documents of each side "
         "(so keeping their observed spread and difference) and testing each difference as this essay does "
         "(two-sided permutation test, p ≤ {alpha}):\n\n{lines}")
POWER_LINE = "- {feature} ({kind}, higher in {group}{versus}): {reach}"
POWER_REACHES = "detected at least {target:.0%} of the time from {n} documents per group ({power:.0%}{band})"
POWER_NEVER = "below {target:.0%} even with {n} documents per group ({power:.0%}{band})"
POWER_OPTIMISTIC = ("\n\nRead these sizes as the least a study needs. The differences simulated are the largest this "
                    "corpus showed, and the largest of many estimates tends to overstate the truth; and the spread "
                    "comes from {sizes} only, so a simulated study of 50 documents repeats those few texts and "
                    "cannot show how much more varied a real sample would be.")
POWER_ONE_DOCUMENT = ("\n\nFor {pairs} no study can be simulated: {groups} {has} a single document, whose spread "
                      "cannot be estimated.")
POWER_NONE = "No difference was chosen to simulate: no listed word, and no frame whose rate differs between the sides."
_KIND = {"term": "word", "frame": "frame"}


def _simulated(power: pd.DataFrame) -> pd.DataFrame:
    return power[power["status"] == "simulated"] if len(power) else power


def _first_reaching(rows: pd.DataFrame, target: float):
    """The first row (by size) whose power reaches ``target``, else None."""
    reached = rows[rows["power"] >= target]
    return reached.iloc[0] if len(reached) else None


def power_reading(power: pd.DataFrame, target: float = TARGET_POWER) -> str:
    """How likely a study of each size would be to detect the main differences, by simulation.

    Parameters
    ----------
    power : pandas.DataFrame
        From :func:`corpus_utils.design.power` (``attrs["alpha"]``, ``attrs["n_simulations"]``).
    target : float, default 0.8
        The conventional target probability of detection.

    Examples
    --------
    >>> power = pd.DataFrame({"group_a": ["a"] * 2, "group_b": ["b"] * 2, "kind": ["frame"] * 2,
    ...                       "feature": ["crime"] * 2, "n_per_group": [5, 10], "docs_a": [2] * 2, "docs_b": [3] * 2,
    ...                       "diff": [-4.0] * 2, "power": [0.4, 0.9], "power_low": [0.33, 0.85],
    ...                       "power_high": [0.47, 0.93], "status": ["simulated"] * 2})
    >>> power.attrs.update(alpha=0.05, n_simulations=200)
    >>> print(power_reading(power).split("\\n\\n")[1])
    - *crime* (frame, higher in *b* than in *a*): detected at least 80% of the time from 10 documents per group (90%; 95% interval 85% to 93%)
    """
    if power.empty:
        return POWER_NONE
    alpha = power.attrs.get("alpha", 0.05)
    simulated = _simulated(power)
    lines = []
    for _, rows in simulated.groupby(["group_a", "group_b", "kind", "feature"], sort=False):
        first = rows.iloc[0]
        higher, lower = (first["group_a"], first["group_b"]) if first["diff"] > 0 else (first["group_b"], first["group_a"])
        row = _first_reaching(rows, target)
        template = POWER_REACHES
        if row is None:
            row, template = rows.iloc[-1], POWER_NEVER
        band = f"; 95% interval {row['power_low']:.0%} to {row['power_high']:.0%}"
        reach = template.format(target=target, n=int(row["n_per_group"]), power=row["power"], band=band)
        lines.append(POWER_LINE.format(feature=quoted(first["feature"]), kind=_KIND.get(first["kind"], first["kind"]),
                                       group=_name(higher), versus=f" than in {_name(lower)}", reach=reach))
    text = ""
    if lines:
        text = POWER.format(n_sim=f"{int(power.attrs.get('n_simulations', simulated['n_simulations'].iloc[0] if 'n_simulations' in simulated else 0)):,}",
                            alpha=alpha, lines="\n".join(lines))
        sides = simulated.drop_duplicates(["group_a", "group_b"])
        sizes = join_words(list(dict.fromkeys(f"{int(r.docs_a):,} and {int(r.docs_b):,} documents"
                                              for r in sides.itertuples())), escape=False, conjunction="or")
        text += POWER_OPTIMISTIC.format(sizes=sizes)
    skipped = power[power["status"] != "simulated"].drop_duplicates(["group_a", "group_b"])
    if len(skipped):
        single = [g for r in skipped.itertuples() for g, n in ((r.group_a, r.docs_a), (r.group_b, r.docs_b)) if n == 1]
        single = list(dict.fromkeys(single))
        text += POWER_ONE_DOCUMENT.format(pairs=join_words([_pair(r.group_a, r.group_b) for r in skipped.itertuples()],
                                                           escape=False),
                                          groups=join_words([_name(g) for g in single], escape=False),
                                          has=_verb(len(single), "has", "have"))
    return text.strip()


DESIGN_LINE = "A study needs at least {n} documents per group before an exact test can reach p ≤ {alpha}; {power}."
DESIGN_LINE_ALL = ("in simulation, {which} would be detected at least {target:.0%} of the time from {size} documents per "
                   "group")
DESIGN_LINE_SOME = ("in simulation, even with {size} documents per group only {k} of the {m} main differences would be "
                    "detected at least {target:.0%} of the time")
DESIGN_LINE_NO_ONE = ("in simulation, none of the {m} main differences would be detected at least {target:.0%} of the time, "
                      "even with {size} documents per group")
DESIGN_LINE_NONE = "how likely a study would be to detect the differences cannot be simulated here ({why})"
DESIGN_LINE_FEW = ", an optimistic figure: the spread between documents is estimated from only {sizes} of them"


def design_line(smallest: int, power: pd.DataFrame, alpha: float = 0.05, target: float = TARGET_POWER) -> str:
    """The design for the next study in one line (the synthesis chapter's summary).

    The smallest simulated size at which every main difference is detected at least
    ``target`` of the time; if none, how many are at the largest size.

    Parameters
    ----------
    smallest : int
        From :func:`corpus_utils.design.smallest_sample`.
    power : pandas.DataFrame
        From :func:`corpus_utils.design.power`.
    alpha, target : float

    Examples
    --------
    >>> power = pd.DataFrame({"group_a": ["a"] * 4, "group_b": ["b"] * 4, "kind": ["frame", "term"] * 2,
    ...                       "feature": ["crime", "local"] * 2, "n_per_group": [10, 10, 20, 20],
    ...                       "power": [0.9, 0.5, 1.0, 0.85], "status": ["simulated"] * 4})
    >>> print(design_line(4, power))
    A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; in simulation, both main differences would be detected at least 80% of the time from 20 documents per group.
    """
    simulated = _simulated(power)
    if simulated.empty:
        why = "no difference to simulate" if power.empty else "a group has a single document"
        return DESIGN_LINE.format(n=smallest, alpha=alpha, power=DESIGN_LINE_NONE.format(why=why))
    m = simulated.drop_duplicates(["group_a", "group_b", "kind", "feature"]).shape[0]
    reached = simulated.assign(_ok=simulated["power"] >= target).groupby("n_per_group", sort=True)["_ok"].sum()
    every = reached[reached == m]
    which = "the main difference" if m == 1 else "both main differences" if m == 2 else f"all {m:,} main differences"
    if len(every):
        text = DESIGN_LINE_ALL.format(which=which, target=target, size=int(every.index[0]))
    else:
        k = int(reached.iloc[-1])
        template = DESIGN_LINE_SOME if k else DESIGN_LINE_NO_ONE
        text = template.format(size=int(reached.index[-1]), k=f"{k:,}", m=f"{m:,}", target=target)
    if {"docs_a", "docs_b"} <= set(simulated.columns):
        sides = simulated.drop_duplicates(["group_a", "group_b"])
        if int(sides[["docs_a", "docs_b"]].min().min()) < FEW_DOCUMENTS:
            text += DESIGN_LINE_FEW.format(sizes=join_words(list(dict.fromkeys(
                f"{int(r.docs_a):,} and {int(r.docs_b):,}" for r in sides.itertuples())), escape=False, conjunction="or"))
    return DESIGN_LINE.format(n=smallest, alpha=alpha, power=text)


ABSTRACT_WORDS = "In the word lists, {clauses}{test}."
ABSTRACT_WORD = "{term} leans most to {group} (|z| = {z:.2f}, {carried}{fragile}, adjusted p = {p})"
ABSTRACT_FRAGILE = {"vocabulary": ", but leaving one of them out drops it from the top list",
                    "framing": ", but leaving one of them out reverses or erases it"}
ABSTRACT_FRAMES = "Among the frames, the strongest evidence is for {clauses}{test}."
ABSTRACT_FRAME = "{frame} between {pair}, {amount} higher in {group} ({carried}{fragile}, adjusted p = {p})"
ABSTRACT_CLUSTERS = ("The clusters agree with the labels with an adjusted Rand index of {ari:.2f} (0 is chance, 1 a "
                     "perfect match; p = {p}).")
ABSTRACT_TEST = "; {n} of the {m} {pass_} the permutation test at p ≤ {alpha} once adjusted for the choice"
ABSTRACT_AGREE = {
    "untestable": ("For {pair}, no method can reach p ≤ {alpha} with these documents (the floor is {floor}): all of the "
                   "above describes these documents, and none of it yet speaks for the groups they stand for."),
    "separates": "For {pair}, every method separates the groups at p ≤ {alpha}: the methods agree.",
    "no evidence": "For {pair}, no method finds a difference beyond chance, although each could have.",
    "not tested": "For {pair}, no method was tested.",
}
ABSTRACT_DISAGREE = "For {pair}, the methods part: {verdicts}."
ABSTRACT_SHORT = {"separates": "{method} separate the groups", "no evidence": "{method} find no difference beyond chance",
                  "untestable": "{method} cannot be tested with so few documents", "not tested": "{method} were not tested"}
ABSTRACT_ONE_DOCUMENT = "{k} of the {n} listed findings {rest} on a single document."
ABSTRACT_NOTHING = "The chapters found nothing to report: no word, frame or cluster comparison could be made."


def _fragile(row) -> str:
    """Why a finding carried by several documents still rests on one (nothing when it does not)."""
    if not row.one_document or int(row.n_own) <= 1 or int(row.docs_own) <= 1:
        return ""
    return ABSTRACT_FRAGILE.get(row.method, "")


def _amount(row) -> str:
    size = abs(float(row.effect))
    name = str(row.effect_name)
    if "per 1,000" in name:
        return f"{size:.1f} per 1,000 tokens"
    if "share" in name:
        return f"{size:.2f} of the frame hits"
    return f"{size:.1f} hits per document"


def _test_clause(verdicts: pd.DataFrame, method: str, noun: str, alpha: float) -> str:
    """How many of a method's findings pass, or nothing when none can (the agreement sentence says so)."""
    part = verdicts[verdicts["method"] == method]
    if int(part["n_testable"].sum()) == 0:
        return ""
    n, m = int(part["n_passing"].sum()), int(part["n_items"].sum())
    return ABSTRACT_TEST.format(n=_count_or_none(n), m=plural(m, noun), pass_=_verb(n, "passes", "pass"), alpha=alpha)


def _agreement_sentence(verdicts: pd.DataFrame, pair, alpha: float, several: bool = False) -> str | None:
    """One sentence on whether the methods agree for a comparison, or None with fewer than two methods."""
    found = _pair_verdicts(verdicts, pair)
    if several:
        found.pop("clustering", None)
    if len(found) < 2:
        return None
    kinds = {row.verdict for row in found.values()}
    if len(kinds) == 1:
        floor = min(float(row.floor) for row in found.values())
        return ABSTRACT_AGREE[kinds.pop()].format(pair=_pair(pair.group_a, pair.group_b), alpha=alpha, floor=_p(floor))
    by_verdict: dict[str, list] = {}
    for method, row in found.items():
        by_verdict.setdefault(row.verdict, []).append(_METHOD[method])
    said = join_words([ABSTRACT_SHORT[v].format(method=join_words(m, escape=False)) for v, m in by_verdict.items()],
                      escape=False)
    return ABSTRACT_DISAGREE.format(pair=_pair(pair.group_a, pair.group_b), verdicts=said)


def abstract(lengths: pd.DataFrame, evidence: pd.DataFrame, main: pd.DataFrame, verdicts: pd.DataFrame,
             cross: pd.DataFrame, smallest: int, power: pd.DataFrame, max_groups: int = 3) -> str:
    """The essay's abstract: the corpus, each method's main finding with its uncertainty, their agreement, the design.

    Written only from the tables the chapters compute, so it speaks of whatever groups the
    corpus has. It is shown at the end of the synthesis chapter and on the report's front page.

    Parameters
    ----------
    lengths : pandas.DataFrame
        From :func:`corpus_utils.count.group_lengths`.
    evidence, main, verdicts, cross : pandas.DataFrame
        From :func:`corpus_utils.synthesis.evidence`, ``main_findings``, ``verdicts`` and
        ``cross_check``.
    smallest : int
        From :func:`corpus_utils.design.smallest_sample`.
    power : pandas.DataFrame
        From :func:`corpus_utils.design.power`.
    max_groups : int, default 3
        Groups (or comparisons) named before "and N more".

    Returns
    -------
    str
        Three short paragraphs of Markdown, separated by blank lines.
    """
    alpha = verdicts.attrs.get("alpha", evidence.attrs.get("alpha", 0.05))
    first = [corpus_line(lengths, max_groups)]
    words = main[main["method"] == "vocabulary"] if len(main) else main
    if len(words):
        clauses = [ABSTRACT_WORD.format(term=quoted(r.item), group=_name(r.leans_to), z=abs(float(r.effect)),
                                        carried=_carried(r), p=_p(r.p_adjusted), fragile=_fragile(r))
                   for r in words.itertuples()]
        first.append(ABSTRACT_WORDS.format(clauses=_capped(clauses, max_groups),
                                           test=_test_clause(verdicts, "vocabulary", "listed word", alpha)))
    frames = main[main["method"] == "framing"] if len(main) else main
    if len(frames):
        clauses = [ABSTRACT_FRAME.format(frame=quoted(r.item), pair=_pair(r.group_a, r.group_b), amount=_amount(r),
                                         group=_name(r.leans_to), carried=_carried(r), p=_p(r.p_adjusted),
                                         fragile=_fragile(r))
                   for r in frames.itertuples()]
        first.append(ABSTRACT_FRAMES.format(clauses=_capped(clauses, max_groups),
                                            test=_test_clause(verdicts, "framing", "frame test", alpha)))
    clusters = main[main["method"] == "clustering"] if len(main) else main
    if len(clusters):
        r = next(clusters.itertuples())
        first.append(ABSTRACT_CLUSTERS.format(ari=float(r.effect), p=_p(r.p_value)))
    if len(first) == 1:
        first.append(ABSTRACT_NOTHING)
    several = len(cross) > 1
    second = [text for pair in cross.head(max_groups).itertuples()
              if (text := _agreement_sentence(verdicts, pair, alpha, several)) is not None]
    clusters = verdicts[verdicts["method"] == "clustering"] if len(verdicts) else verdicts
    if several and len(clusters):
        second.append(_first_upper(ABSTRACT_SHORT[clusters.iloc[0]["verdict"]].format(method=CLUSTERS_ALONE)) + ".")
    listed = evidence[evidence["method"] != "clustering"] if len(evidence) else evidence
    if len(listed):
        k = int(listed["one_document"].astype(bool).sum())
        second.append(ABSTRACT_ONE_DOCUMENT.format(k=_first_upper(_count_or_none(k)), n=f"{len(listed):,}",
                                                   rest=_verb(k, "rests", "rest")))
    third = design_line(smallest, power, alpha)
    return "\n\n".join(" ".join(part) for part in (first, second) if part) + "\n\n" + third
