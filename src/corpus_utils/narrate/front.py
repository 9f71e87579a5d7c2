"""The front page's sentences: the essay's question, the corpus in one line, each chapter's result in one
line, and the abstract (what sets each group apart, in words; how sure we can be; the next study), all
from the tables chapter 05 reads (:mod:`corpus_utils.synthesis` and :mod:`corpus_utils.design`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..groups import REST
from ..report import join_words, plural, quoted
from .design import design_line
from .wording import MAX_LISTED, capped, count_or_none, first_upper, group_name, p_text, pair_name, verb

__all__ = ["abstract", "chapter_line", "corpus_line", "essay_question"]


QUESTION_TWO = "What sets the language of {a} apart from that of {b}?"
QUESTION_MORE = "What sets the language of each group ({groups}) apart from the others?"
QUESTION_SEED = ("Should local police help federal immigration enforcement? The texts that say yes ({pro}) and those "
                 "that say no ({anti}): what sets their language apart?")


def essay_question(groups, seed: bool = False) -> str:
    """The essay's question, stated on the front page: a neutral one, or the seed essay's own.

    Parameters
    ----------
    groups : sequence of str
        The groups compared.
    seed : bool, default False
        The seed texts with their stance labels (:func:`corpus_utils.narrate.seed_reading_applies`):
        the question the seed debate asks. Any other corpus gets a neutral question.

    Examples
    --------
    >>> print(essay_question(["for", "against"]))
    What sets the language of *for* apart from that of *against*?
    >>> print(essay_question(["a", "b", "c"]))
    What sets the language of each group (*a*, *b* and *c*) apart from the others?
    """
    groups = [str(g) for g in groups]
    if seed and {"pro-cooperation", "anti-cooperation"} <= set(groups):
        return QUESTION_SEED.format(pro=quoted("pro-cooperation"), anti=quoted("anti-cooperation"))
    if len(groups) == 2:
        return QUESTION_TWO.format(a=quoted(groups[0]), b=quoted(groups[1]))
    return QUESTION_MORE.format(groups=capped([quoted(g) for g in groups]))


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
                              tokens=plural(int(lengths["tokens"].sum()), "token"), by_group=capped(items, max_groups))


LINE_VOCABULARY = "{listed} listed as leaning to {sides}; {passing}; {fragile}."
LINE_FRAMING = "{listed} compared {between}; {passing}; {fragile}.{unused}{applicable}"
LINE_SIDES_PAIR = "{a} or {b}"
LINE_SIDES_REST = "a group or the rest, over {k} comparisons (each group against the rest)"
LINE_BETWEEN_PAIR = "between {a} and {b}"
LINE_BETWEEN_REST = "in {k} comparisons (each group against the rest): {n} {noun} differences"
LINE_THEMES = (" The lexicon covers {coverage} of the tokens, under {low}, so these are themes found in the texts "
               "themselves, counted in the frames' place.")
LINE_PASSING = "{n} {verb} the permutation test at p ≤ {alpha} once adjusted for the choice"
LINE_UNTESTABLE = "with these documents no test can reach p ≤ {alpha} (the floor is {floor})"
LINE_CARRIED = "{n} {verb} carried by one document"
LINE_UNSTABLE = "{n} {verb} unstable"
LINE_STEADY = "none is carried by one document or unstable"
LINE_UNUSED = " {k} more {frames} of the lexicon {match} no document."
LINE_NOT_APPLICABLE = (" The lexicon covers {coverage} of the tokens, under {low}: the frames are not counted as a route "
                       "of their own.")
LINE_CLUSTERING = ("The clusters against the labels: an agreement of {ari:.2f}, where 0 is chance and 1 the labels "
                   "themselves (p = {p}, floor {floor}){seeds}; {verdict}.")
LINE_SEEDS = "; {n} random starts agree with one another at {ari:.2f} on average"
LINE_NOTHING = {"vocabulary": "No word passes the dispersion filter, so no group vocabulary is listed.",
                "framing": "No frame was compared: no frame of the lexicon matches any document.",
                "clustering": "The clusters could not be compared with the labels."}
VERDICT_WORDS = {"separates": "they follow the labels beyond chance", "no evidence": "no agreement beyond chance",
                 "untestable": "the test cannot tell", "not tested": "not tested",
                 "weak": "they follow the labels beyond chance, but weakly (an agreement under {weak})",
                 "unstable": "they follow the labels beyond chance, but the partition changes with the seed (under "
                             "{stable})"}


def _passing(part: pd.DataFrame, alpha: float) -> str:
    n_testable, n_passing = int(part["n_testable"].sum()), int(part["n_passing"].sum())
    if part["floor"].isna().all():
        return "no permutation test was run"
    if n_testable == 0:
        return LINE_UNTESTABLE.format(alpha=alpha, floor=p_text(part["floor"].min()))
    return LINE_PASSING.format(n=count_or_none(n_passing), verb=verb(n_passing, "passes", "pass"), alpha=alpha)


def _fragile_line(part: pd.DataFrame, noun: str | None = None) -> str:
    """``1 of them is carried by one document and 2 are unstable`` (or ``1 frame difference is ...`` with a
    ``noun``), from the verdict counts."""
    n_one = int(part["n_one_document"].sum())
    n_unstable = int(part["n_unstable"].sum()) if "n_unstable" in part else 0
    said = []
    for n, template in ((n_one, LINE_CARRIED), (n_unstable, LINE_UNSTABLE)):
        if n:
            count = (plural(n, noun) if noun else f"{n:,} of them") if not said else f"{n:,}"
            said.append(template.format(n=count, verb=verb(n, "is", "are")))
    return join_words(said, escape=False) if said else LINE_STEADY


def _coverage(attrs: dict) -> dict:
    coverage = attrs.get("lexicon_coverage", float("nan"))
    return {"coverage": "an unknown share" if pd.isna(coverage) else f"{float(coverage):.1%}",
            "low": f"{float(attrs.get('low_coverage', 0.05)):.0%}"}


def chapter_line(evidence: pd.DataFrame, verdicts: pd.DataFrame, method: str) -> str:
    """One chapter's result in one line, for the front page: how much of what it lists holds up.

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`corpus_utils.synthesis.evidence` (``attrs["unused_frames"]``,
        ``framing_applicable``, ``lexicon_coverage``; the clustering row's ``stability``).
    verdicts : pandas.DataFrame
        From :func:`corpus_utils.synthesis.verdicts` of that table (``attrs["alpha"]``; the counts
        ``n_one_document`` and ``n_unstable`` of the findings' support).
    method : {"vocabulary", "framing", "clustering"}

    Examples
    --------
    >>> v = pd.DataFrame({"method": ["framing"], "group_a": ["a"], "group_b": ["b"], "n_items": [4], "n_testable": [0],
    ...                   "n_passing": [0], "n_one_document": [1], "n_unstable": [2], "best_p_adjusted": [0.5],
    ...                   "floor": [0.1], "verdict": ["untestable"]})
    >>> v.attrs["alpha"] = 0.05
    >>> print(chapter_line(pd.DataFrame({"method": []}), v, "framing"))  # doctest: +NORMALIZE_WHITESPACE
    4 frames compared between *a* and *b*; with these documents no test can reach p ≤ 0.05 (the floor is 0.1); 1 frame
    difference is carried by one document and 2 are unstable.
    """
    alpha = verdicts.attrs.get("alpha", evidence.attrs.get("alpha", 0.05))
    part = verdicts[verdicts["method"] == method] if len(verdicts) else verdicts
    if part.empty:
        return LINE_NOTHING[method]
    if method == "clustering":
        row = evidence[evidence["method"] == "clustering"].iloc[0]
        n_seeds = evidence.attrs.get("clustering_seeds")
        seeds = ("" if pd.isna(row["stability"]) else
                 LINE_SEEDS.format(n=f"{int(n_seeds):,}" if n_seeds else "several", ari=float(row["stability"])))
        words = VERDICT_WORDS[part.iloc[0]["verdict"]].format(weak=evidence.attrs.get("weak_ari", 0.65),
                                                              stable=evidence.attrs.get("stable_ari", 0.8))
        return LINE_CLUSTERING.format(ari=float(row["effect"]), p=p_text(row["p_value"]), floor=p_text(row["min_p"]),
                                      seeds=seeds, verdict=words)
    k = len(part)
    first = part.iloc[0]
    if method == "vocabulary":
        n = int(part["n_items"].sum())
        sides = (LINE_SIDES_PAIR.format(a=group_name(first["group_a"]), b=group_name(first["group_b"])) if k == 1
                 else LINE_SIDES_REST.format(k=k))
        return LINE_VOCABULARY.format(listed=first_upper(plural(n, "word")), sides=sides, passing=_passing(part, alpha),
                                      fragile=_fragile_line(part))
    n_frames, n_tests = int(part["n_items"].max()), int(part["n_items"].sum())
    themes = evidence.attrs.get("framing_source") == "themes"
    noun = "theme" if themes else "frame"
    between_ = (LINE_BETWEEN_PAIR.format(a=group_name(first["group_a"]), b=group_name(first["group_b"])) if k == 1
                else LINE_BETWEEN_REST.format(k=k, n=f"{n_tests:,}", noun=noun))
    unused = evidence.attrs.get("unused_frames", [])
    applicable = bool(evidence.attrs.get("framing_applicable", True))
    if themes:
        return LINE_FRAMING.format(listed=first_upper(plural(n_frames, noun)), between=between_,
                                   passing=_passing(part, alpha),
                                   fragile=_fragile_line(part, None if k > 1 else "theme difference"), unused="",
                                   applicable=LINE_THEMES.format(**_coverage(evidence.attrs)))
    return LINE_FRAMING.format(
        listed=first_upper(plural(n_frames, noun)), between=between_, passing=_passing(part, alpha),
        fragile=_fragile_line(part, None if k > 1 else "frame difference"),
        unused=LINE_UNUSED.format(k=len(unused), frames=verb(len(unused), "frame", "frames"),
                                  match=verb(len(unused), "matches", "match")) if unused else "",
        applicable="" if applicable else LINE_NOT_APPLICABLE.format(**_coverage(evidence.attrs)))


ABSTRACT_CORPUS = "We compared {documents} in {k} groups{sizes}."
ABSTRACT_SIZE = "{group} ({n:,})"
ABSTRACT_TERMS = "What sets {group} apart: {the} {terms}, {each} by {used}."
ABSTRACT_NO_TERMS = "No word or phrase sets {group} apart consistently across its {n:,} documents."
ABSTRACT_ONE_DOCUMENT = "{group} has a single document, so no word can set it apart that is not one author's habit."
ABSTRACT_MORE_GROUPS = "The figure shows the other {k:,} groups."
ABSTRACT_ONE_MORE_GROUP = "The figure shows the other group."
ABSTRACT_NOTHING = "No word or phrase sets any group apart consistently."
SURE = {
    "separates": "the word differences of {pairs} are beyond chance ({p})",
    "no evidence": "the word differences of {pairs} could be chance ({p})",
    "untestable": ("with so few documents no test can tell the word differences of {pairs} from chance: they describe "
                   "these texts, not yet the groups they stand for"),
    "not tested": "the word differences of {pairs} were not tested",
}
SURE_FLOOR = "p = {p}, the smallest p-value the test can give with these documents"
SURE_P = "p = {p}"
SURE_AT_LEAST = "p of {p} or more"
SURE_FAMILY = " once the {family} are counted"
#: Holm's family in words: named in full the first time in a paragraph, by its count afterwards.
FAMILY_TESTS = "{tests} of the {methods}"
FAMILY_FULL = "{family} that looked for a difference"
FRAMES_ALSO = "Among the frames of the lexicon, {frames}."
FRAME_HIGHER = "{frame} is more frequent in {group}"
FRAMES_NONE = "No frame of the lexicon differs beyond chance."
THEMES_ALSO = "Among the themes found in the texts, {themes}."
THEME_HIGHER = "the theme {theme} takes more of the documents of {group}"
THEMES_NONE = "No theme found in the texts differs beyond chance."
#: Frames (or themes) that pass chapter 03's own test, but not the verdict across the methods.
FRAMES_ALONE = "{count} {passes} {its} own chapter's test, but not once the {family} are counted."
FRAMES_ECHO = "The only {count} that {passes} {echoes} the word lists, so {it} no second route."
FRAMES_ECHO_ALONE = ("{count} pass their own chapter's test, but those that echo the word lists are no second route, "
                     "and the others do not pass once the {family} are counted.")
CLUSTERS = {"separates": "Unlabelled, the documents fall into clusters that follow the groups.",
            "weak": "Unlabelled, the documents cluster only loosely by group.",
            "unstable": "Unlabelled, the documents cluster by group only with some random starts.",
            "no evidence": "Unlabelled, the documents do not cluster by group."}
CLUSTERS_ALONE = "Unlabelled, the documents cluster by group on their own test, but not once the {family} are counted."
FRAMES_AND_CLUSTERS_ALONE = ("{count} and the clusters of the unlabelled documents pass their own chapters' tests, but "
                             "not once the {family} are counted.")
REST_ONE = "{group} against the rest"
REST_SOME = "{groups} (each against the rest)"
REST_EVERY = "every group against the rest"


def _used(docs: int, n_docs: int) -> str:
    """``all 3 of its documents``, ``both its documents``, ``at least 12 of its 20 documents``."""
    if docs >= n_docs:
        return "both its documents" if n_docs == 2 else f"all {n_docs:,} of its documents"
    return f"at least {docs:,} of its {n_docs:,} documents"


def _group_sentence(group: str, rows: pd.DataFrame, n_docs: int, max_terms: int) -> str:
    if n_docs == 1:
        return first_upper(ABSTRACT_ONE_DOCUMENT.format(group=group_name(group)))
    if rows.empty:
        return ABSTRACT_NO_TERMS.format(group=group_name(group), n=n_docs)
    shown = rows.head(max_terms)
    kinds = set(shown["kind"]) if "kind" in shown else {"word"}
    noun = ("phrase" if kinds == {"phrase"} else "word") if len(shown) == 1 else (
        "phrases" if kinds == {"phrase"} else "words" if kinds == {"word"} else "words and phrases")
    return ABSTRACT_TERMS.format(group=group_name(group), the=f"the {noun}",
                                 terms=join_words([quoted(v) for v in shown["label"]], escape=False),
                                 each="used" if len(shown) == 1 else "each used",
                                 used=_used(int(shown["docs"].min()), n_docs))


def _found(terms: pd.DataFrame, lengths: pd.DataFrame, max_groups: int, max_terms: int) -> list[str]:
    sizes = {str(g): int(n) for g, n in zip(lengths["group"], lengths["documents"])} if len(lengths) else {}
    sizes.update({str(g): int(n) for g, n in (terms.attrs.get("group_sizes") or {}).items()})
    groups = [str(g) for g in terms.attrs.get("groups") or list(dict.fromkeys(terms["group"]))]
    if not groups:
        return [ABSTRACT_NOTHING]
    said = [_group_sentence(g, terms[terms["group"] == g], sizes.get(g, 0), max_terms) for g in groups[:max_groups]]
    if len(groups) == max_groups + 1:
        said.append(ABSTRACT_ONE_MORE_GROUP)
    elif len(groups) > max_groups:
        said.append(ABSTRACT_MORE_GROUPS.format(k=len(groups) - max_groups))
    return said


def _family_names(verdicts: pd.DataFrame) -> list[str]:
    """Holm's family in words, ``[in full, short]``: ``3 methods that looked for a difference`` and ``3 methods``
    when each method made one test; ``7 tests of the 3 methods that looked ...`` and ``7 tests`` when some made
    several (one per comparison); ``3 tests that looked ...`` and ``3 tests`` when one method made them all.
    ``attrs["n_family"]`` counts the tests (by default, the rows with a ``p_holm``); the methods are those with
    a p-value in the family (``p_holm`` not NaN)."""
    in_family = (verdicts["p_holm"].notna() if "p_holm" in verdicts else pd.Series(True, index=verdicts.index)
                 ) if len(verdicts) else pd.Series(dtype=bool)
    n = int(verdicts.attrs.get("n_family") or in_family.sum())
    k = int(verdicts.loc[in_family, "method"].nunique()) if len(verdicts) else 0
    if k in (0, n):
        short = full = plural(n, "method")
    else:
        short = plural(n, "test")
        full = short if k == 1 else FAMILY_TESTS.format(tests=short, methods=plural(k, "method"))
    return [FAMILY_FULL.format(family=full), short]


def _family_namer(verdicts: pd.DataFrame):
    """A function that names Holm's family: in full the first time it is called, short afterwards."""
    names = _family_names(verdicts)
    calls = []

    def name() -> str:
        calls.append(None)
        return names[0] if len(calls) == 1 else names[1]
    return name


def _p(row, n: int = 1, at_least: bool = False, family=None) -> str:
    """A verdict's p in words: at its floor, or adjusted across the ``n`` tests of Holm's family (named by
    ``family``, see :func:`_family_namer`)."""
    p, floor = float(row.p_holm), float(row.floor)
    if not pd.isna(floor) and p <= floor * (1 + 1e-9):
        return SURE_FLOOR.format(p=p_text(floor))
    said = (SURE_AT_LEAST if at_least else SURE_P).format(p=p_text(p))
    return said + (SURE_FAMILY.format(family=family()) if n > 1 and family is not None else "")


def _pairs(rows: pd.DataFrame, n_comparisons: int) -> str:
    """``*a* and *b*``; in one-vs-rest ``*a* against the rest``, ``*a* and *b* (each against the rest)``, or every group."""
    if not (rows["group_b"] == REST).all():
        return capped([pair_name(r.group_a, r.group_b) for r in rows.itertuples()], 3)
    if len(rows) == 1:
        return REST_ONE.format(group=group_name(rows["group_a"].iloc[0]))
    if len(rows) == n_comparisons:
        return REST_EVERY
    return REST_SOME.format(groups=capped([group_name(g) for g in rows["group_a"]], 3))


def _sure(verdicts: pd.DataFrame, family) -> list[str]:
    """How sure we can be of the word differences, one clause per verdict, comparisons grouped."""
    if verdicts.empty:
        return []
    words = verdicts[verdicts["method"] == "vocabulary"]
    clauses = []
    for verdict, template in SURE.items():
        rows = words[words["verdict"] == verdict]
        if rows.empty:
            continue
        pairs = _pairs(rows, len(words))
        # beyond chance: the largest p of them says it for all; could be chance: the smallest, "or more"
        chance = verdict == "no evidence"
        pick = (rows["p_holm"].fillna(1).idxmin() if chance else rows["p_holm"].fillna(1).idxmax()) if "p_holm" in rows else None
        row = rows.loc[pick] if pick is not None else None
        n = int(verdicts.attrs.get("n_family") or 1)
        p = (_p(row, n, at_least=chance and len(rows) > 1, family=family)
             if row is not None and not pd.isna(row["p_holm"]) else "")
        clauses.append(template.format(pairs=pairs, p=p))
    return [first_upper("; ".join(clauses)) + "."] if clauses else []


def _passes_alone(rows: pd.DataFrame, alpha: float) -> pd.Series:
    """Per verdict row: its best finding that counts passes its own chapter's test (``best_p_adjusted <= alpha``)."""
    best = rows["best_p_adjusted"] if "best_p_adjusted" in rows else pd.Series(np.nan, index=rows.index)
    return best.astype(float).le(alpha * (1 + 1e-9))


def _clusters_alone(verdicts: pd.DataFrame) -> bool:
    """The clusters follow the labels on chapter 04's own test, but not once Holm's family is counted."""
    clusters = verdicts[verdicts["method"] == "clustering"].iloc[:1] if len(verdicts) else verdicts
    alpha = float(verdicts.attrs.get("alpha", 0.05))
    return bool(len(clusters)) and clusters["verdict"].iloc[0] == "no evidence" and bool(
        _passes_alone(clusters, alpha).iloc[0])


def _frames_alone(framing: pd.DataFrame, alpha: float, themes: bool, family,
                  clusters_alone: bool = False) -> tuple[list[str], bool]:
    """Why frames that pass chapter 03's own test are no finding here: they echo the word lists (verdict
    "echo"), or they do not pass once Holm's family is counted ("no evidence" with some passing). With
    ``clusters_alone``, frames and clusters that both pass only their own test share one sentence; the
    second value says whether the clusters were said."""
    alone = _passes_alone(framing, alpha)
    echo = framing["verdict"] == "echo"
    holm = (framing["verdict"] == "no evidence") & (framing["n_passing"] > 0)
    noun = ("theme" if themes else "frame") + (" difference" if len(framing) > 1 else "")
    if (echo & alone).any() or (echo.any() and holm.any()):
        n = int(framing.loc[echo | holm, "n_passing"].sum())
        return [FRAMES_ECHO_ALONE.format(count=plural(n, noun), family=family())], False
    if holm.any():
        n = int(framing.loc[holm, "n_passing"].sum())
        count = f"a {noun}" if n == 1 else plural(n, noun)
        if clusters_alone:
            return [first_upper(FRAMES_AND_CLUSTERS_ALONE.format(count=count, family=family()))], True
        return [first_upper(FRAMES_ALONE.format(count=count, passes=verb(n, "passes", "pass"),
                                                its=verb(n, "its", "their"), family=family()))], False
    if echo.any():
        n = int(framing.loc[echo, "n_passing"].sum())
        return [FRAMES_ECHO.format(count=noun if n == 1 else plural(n, noun), passes=verb(n, "passes", "pass"),
                                   echoes=verb(n, "echoes", "echo"), it=verb(n, "it is", "they are"))], False
    return [], False


def _frames(main: pd.DataFrame, verdicts: pd.DataFrame, family=None,
            clusters_alone: bool = False) -> tuple[list[str], bool]:
    """The frames, only where the lexicon fits and a frame test could tell: what passes, why what passes its own
    chapter's test is no finding here, or that nothing passes. The second value: the clusters were said too
    (see :func:`_frames_alone`)."""
    if not bool(main.attrs.get("framing_applicable", True)) or verdicts.empty:
        return [], False
    framing = verdicts[verdicts["method"] == "framing"]
    separating = framing[framing["verdict"] == "separates"]
    if len(separating):
        keys = {(r.group_a, r.group_b) for r in separating.itertuples()}
        rows = main[(main["method"] == "framing") & main["passes"].astype(bool)
                    & np.array([(a, b) in keys for a, b in zip(main["group_a"], main["group_b"])], dtype=bool)]
        themes = main.attrs.get("framing_source") == "themes"
        higher, also = (THEME_HIGHER, THEMES_ALSO) if themes else (FRAME_HIGHER, FRAMES_ALSO)
        said = [higher.format(frame=quoted(r.item), theme=quoted(r.item), group=group_name(r.leans_to))
                for r in rows.itertuples() if r.leans_to is not None and r.leans_to != REST]
        return ([also.format(frames=capped(said, 3), themes=capped(said, 3))] if said else []), False
    themes = (main.attrs.get("framing_source") or verdicts.attrs.get("framing_source")) == "themes"
    alpha = float(verdicts.attrs.get("alpha", main.attrs.get("alpha", 0.05)))
    said, clusters_said = _frames_alone(framing, alpha, themes, family or _family_namer(verdicts), clusters_alone)
    if said:
        return said, clusters_said
    if (framing["verdict"] == "no evidence").any():
        return [THEMES_NONE if themes else FRAMES_NONE], False
    return [], False


def _clusters(verdicts: pd.DataFrame, family) -> list[str]:
    """The clusters in one sentence; "no evidence" that passed its own test says it does not once the family is
    counted."""
    clusters = verdicts[verdicts["method"] == "clustering"] if len(verdicts) else verdicts
    if clusters.empty or clusters.iloc[0]["verdict"] not in CLUSTERS:
        return []
    if _clusters_alone(verdicts):
        return [CLUSTERS_ALONE.format(family=family())]
    return [CLUSTERS[clusters.iloc[0]["verdict"]]]


def abstract(lengths: pd.DataFrame, terms: pd.DataFrame, main: pd.DataFrame, verdicts: pd.DataFrame, smallest: int,
             power: pd.DataFrame, max_groups: int = 3, max_terms: int = 3) -> str:
    """The essay's abstract, in words: what sets each group apart, how sure we can be, the next study.

    Written only from the tables chapter 05 computes, so it speaks of whatever groups the corpus
    has. The first paragraph names the corpus, then, for each group, its distinctive words and
    phrases as the texts write them (:func:`corpus_utils.synthesis.distinctive_terms`) and how
    many of its documents use them; a group without any says so (a one-document group: that
    nothing can set it apart that is not one author's habit). The second says how sure we can be
    of the word differences (the verdict of :func:`corpus_utils.synthesis.verdicts`, with its
    p-value: at the floor of the test, it says that this is the smallest p-value the test can
    give; adjusted across the methods, it names Holm's family: "the 3 methods that looked for a
    difference", or "the 7 tests of the 3 methods ..." when a method made one test per
    comparison), then one sentence on the frames only where the lexicon fits the corpus
    (``attrs["framing_applicable"]``) and a frame test can tell, and one on the clusters. What
    chapters 03 and 04 pass on their own test but the verdict does not is said with its reason:
    it does not pass once the methods are counted (``best_p_adjusted`` at most alpha, ``p_holm``
    above it), or the only frames that pass echo the word lists (verdict ``"echo"``). The last
    is :func:`corpus_utils.narrate.design.design_line`. No statistic symbol (no z, ARI or
    adjusted p): a reader who is no statistician reads it.

    Parameters
    ----------
    lengths : pandas.DataFrame
        From :func:`corpus_utils.count.group_lengths`.
    terms : pandas.DataFrame
        From :func:`corpus_utils.synthesis.distinctive_terms` (``attrs["groups"]``).
    main : pandas.DataFrame
        From :func:`corpus_utils.synthesis.main_findings` (its frames, and the evidence's ``attrs``).
    verdicts : pandas.DataFrame
        From :func:`corpus_utils.synthesis.verdicts`.
    smallest : int
        From :func:`corpus_utils.design.smallest_sample`.
    power : pandas.DataFrame
        From :func:`corpus_utils.design.power`.
    max_groups : int, default 3
        Groups given a sentence of their own; the others are left to chapter 2 and the figure.
    max_terms : int, default 3
        Terms named per group.

    Returns
    -------
    str
        Three short paragraphs of Markdown, separated by blank lines.

    Examples
    --------
    >>> lengths = pd.DataFrame({"group": ["a", "b"], "documents": [4, 1], "tokens": [900, 300]})
    >>> terms = pd.DataFrame({"group": ["a"], "term": ["obama"], "label": ["Obama"], "docs": [3], "n_docs": [4],
    ...                       "kind": ["word"]})
    >>> terms.attrs["groups"] = ["a", "b"]
    >>> print(abstract(lengths, terms, pd.DataFrame(), pd.DataFrame(), 4, pd.DataFrame()))
    We compared 5 documents in 2 groups: *a* (4) and *b* (1). What sets *a* apart: the word *Obama*, used by at least 3 of its 4 documents. *b* has a single document, so no word can set it apart that is not one author's habit.
    <BLANKLINE>
    A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; how likely a study would be to detect the differences cannot be simulated here (no difference to simulate).
    """
    alpha = verdicts.attrs.get("alpha", main.attrs.get("alpha", 0.05))
    n_groups = len(lengths)
    sizes = (": " + join_words([ABSTRACT_SIZE.format(group=quoted(r.group), n=int(r.documents))
                                for r in lengths.itertuples()], escape=False)) if 0 < n_groups <= max_groups else ""
    first = [ABSTRACT_CORPUS.format(documents=plural(int(lengths["documents"].sum()) if n_groups else 0, "document"),
                                    k=f"{n_groups:,}", sizes=sizes)]
    first += _found(terms, lengths, max_groups, max_terms)
    family = _family_namer(verdicts)
    second = _sure(verdicts, family)
    frames, clusters_said = _frames(main, verdicts, family, _clusters_alone(verdicts))
    second += frames + ([] if clusters_said else _clusters(verdicts, family))
    third = design_line(smallest, power, alpha)
    return "\n\n".join(" ".join(part) for part in (first, second, [third]) if part)
