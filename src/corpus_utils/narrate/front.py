"""The front page's sentences: the corpus in one line, each chapter's result in one line, the design for
the next study in one line, and the abstract, all from the tables chapter 05 reads
(:mod:`corpus_utils.synthesis` and :mod:`corpus_utils.design`).
"""

from __future__ import annotations

import pandas as pd

from ..report import join_words, plural, quoted
from .design import design_line
from ..support import CONSISTENT, ONE_DOCUMENT, UNSTABLE
from ..synthesis import NOT_COUNTED
from .synthesis import (CLUSTERS_ALONE, METHOD, SUPPORT_WORDS, amount_text, effect_text, oriented,
                        pair_verdicts, support_text)
from .wording import (FEW_DOCUMENTS, MAX_LISTED, capped, count_or_none, first_upper, group_name, interval_text, p_text,
                      pair_name, verb)

__all__ = ["abstract", "chapter_line", "corpus_line"]


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
                              tokens=plural(int(lengths["tokens"].sum()), "token"), by_group=capped(items, max_groups))


LINE_VOCABULARY = "{listed} listed as leaning to {sides}; {passing}; {fragile}."
LINE_FRAMING = "{listed} compared {between}; {passing}; {fragile}.{unused}{applicable}"
LINE_SIDES_PAIR = "{a} or {b}"
LINE_SIDES_REST = "a group or the rest, over {k} comparisons (each group against the rest)"
LINE_BETWEEN_PAIR = "between {a} and {b}"
LINE_BETWEEN_REST = "in {k} comparisons (each group against the rest): {n} frame differences"
LINE_PASSING = "{n} {verb} the permutation test at p ≤ {alpha} once adjusted for the choice"
LINE_UNTESTABLE = "with these documents no test can reach p ≤ {alpha} (the floor is {floor})"
LINE_CARRIED = "{n} {verb} carried by one document"
LINE_UNSTABLE = "{n} {verb} unstable"
LINE_STEADY = "none is carried by one document or unstable"
LINE_UNUSED = " {k} more {frames} of the lexicon {match} no document."
LINE_NOT_APPLICABLE = (" The lexicon covers {coverage} of the tokens, under {low}: the frames are not counted as a route "
                       "of their own.")
LINE_CLUSTERING = "The clusters against the labels: ARI {ari:.2f}, p = {p}, floor {floor}{seeds}; {verdict}."
LINE_SEEDS = ", mean ARI between the partitions of {n} seeds {ari:.2f}"
LINE_NOTHING = {"vocabulary": "No word passes the dispersion filter, so no group vocabulary is listed.",
                "framing": "No frame was compared: no frame of the lexicon matches any document.",
                "clustering": "The clusters could not be compared with the labels."}
VERDICT_WORDS = {"separates": "they follow the labels beyond chance", "no evidence": "no agreement beyond chance",
                 "untestable": "the test cannot tell", "not tested": "not tested",
                 "weak": "they follow the labels beyond chance, but weakly (an ARI under {weak})",
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
    between_ = (LINE_BETWEEN_PAIR.format(a=group_name(first["group_a"]), b=group_name(first["group_b"])) if k == 1
                else LINE_BETWEEN_REST.format(k=k, n=f"{n_tests:,}"))
    unused = evidence.attrs.get("unused_frames", [])
    applicable = bool(evidence.attrs.get("framing_applicable", True))
    return LINE_FRAMING.format(
        listed=first_upper(plural(n_frames, "frame")), between=between_, passing=_passing(part, alpha),
        fragile=_fragile_line(part, None if k > 1 else "frame difference"),
        unused=LINE_UNUSED.format(k=len(unused), frames=verb(len(unused), "frame", "frames"),
                                  match=verb(len(unused), "matches", "match")) if unused else "",
        applicable="" if applicable else LINE_NOT_APPLICABLE.format(**_coverage(evidence.attrs)))


ABSTRACT_WORDS = "In the word lists, {clauses}{test}."
ABSTRACT_WORD = "{term} leans most to {group} ({effect}; {carried}{support}; adjusted p = {p})"
ABSTRACT_FRAGILE = {"vocabulary": ", but leaving one of them out drops it from the top list",
                    "framing": ", but leaving one of them out reverses or erases it"}
ABSTRACT_SUPPORT = {ONE_DOCUMENT: ", carried by one document", UNSTABLE: ", unstable", CONSISTENT: ", consistent"}
ABSTRACT_ONE_SUPPLIES = {"vocabulary": ", but carried by one document, which supplies most of its uses",
                         "framing": ", but carried by one document, which supplies most of its hits"}
ABSTRACT_FRAMES = "Among the frames, the strongest evidence is for {clauses}{test}."
ABSTRACT_FRAME = ("{frame} between {pair}, {amount} higher in {group} ({interval}{carried}{support}; adjusted p = {p})"
                  "{echo}")
ABSTRACT_ECHO = (", but {share:.0%} of its hits are the listed {words}, without which the difference is {without} "
                 "(adjusted p = {p_without})")
ABSTRACT_NO_FRAMES = ("The frame lexicon covers {coverage} of the tokens, under {low}, so no frame finding is reported "
                      "and the frames are not counted as a route.")
ABSTRACT_CLUSTERS = ("The clusters agree with the labels with an adjusted Rand index of {ari:.2f} (0 is chance, 1 a "
                     "perfect match; p = {p}){seeds}.")
ABSTRACT_SEEDS = {True: "; the partition comes back with other seeds (mean ARI between them {ari:.2f})",
                  False: "; but the partition changes with the seed (mean ARI between seeds {ari:.2f})"}
ABSTRACT_TEST = "; {n} of the {m} {pass_} the permutation test at p ≤ {alpha} once adjusted for the choice"
ABSTRACT_AGREE = {
    "untestable": ("For {pair}, no method can reach p ≤ {alpha} with these documents (the floor is {floor}): all of the "
                   "above describes these documents, and none of it yet speaks for the groups they stand for."),
    "separates": ("For {pair}, every method separates the groups at p ≤ {alpha}, once adjusted across the methods: the "
                  "methods agree, each by its own route."),
    "no evidence": "For {pair}, no method finds a difference beyond chance, although each could have.",
    "not tested": "For {pair}, no method was tested.",
    "weak": "For {pair}, no method separates the groups clearly.",
    "unstable": "For {pair}, no method separates the groups steadily.",
}
ABSTRACT_DISAGREE = "For {pair}, the methods part: {verdicts}."
ABSTRACT_ALONE = "For {pair}, {verdicts}."
ABSTRACT_SHORT = {"separates": "{method} separate the groups", "no evidence": "{method} find no difference beyond chance",
                  "untestable": "{method} cannot be tested with so few documents", "not tested": "{method} were not tested",
                  "weak": "{method} follow the labels only weakly",
                  "unstable": "{method} follow the labels with a partition that changes with the seed",
                  "echo": "{method} only echo the listed words", "not applicable": "{method} do not apply"}
ABSTRACT_ONE_DOCUMENT = "{k} of the {n} listed findings {rest} on a single document."
ABSTRACT_SUPPORT_COUNTS = "Of the {n} listed findings, {counts}."
ABSTRACT_NOTHING = "The chapters found nothing to report: no word, frame or cluster comparison could be made."


def _support(row) -> str:
    """How a quoted finding is supported, after its documents: the support label, or the older reading."""
    label = support_text(row)
    if label is None:
        if not row.one_document or int(row.n_own) <= 1 or int(row.docs_own) <= 1:
            return ""
        return ABSTRACT_FRAGILE.get(row.method, "")
    if label == SUPPORT_WORDS[ONE_DOCUMENT] and int(row.docs_own) > 1:
        return ABSTRACT_ONE_SUPPLIES[row.method]
    return ABSTRACT_SUPPORT.get(getattr(row, "support"), "")


def _amount(row) -> str:
    return amount_text(row, abs(float(row.effect)))


def _frame_interval(row) -> str:
    """``95% interval 5.1 to 40.2, `` toward the frame's side, or nothing."""
    _, low, high = oriented(row)
    text = interval_text(low, high, "{:.2f}" if "share" in str(row.effect_name) else "{:.1f}", missing="")
    return f"{text}; " if text else ""


def _echo(row) -> str:
    if not bool(getattr(row, "echo", False)) or pd.isna(row.effect_without):
        return ""
    words = [w for w in str(row.echo_terms).split(", ") if w] if isinstance(row.echo_terms, str) else []
    without = abs(float(row.effect_without))
    other_way = float(row.effect_without) * float(row.effect) < 0
    return ABSTRACT_ECHO.format(share=float(row.listed_share),
                                words=f"{verb(len(words), 'word', 'words')} {join_words(words, quote='*')}".rstrip(),
                                without=amount_text(row, without) + (", the other way" if other_way else ""),
                                p_without=p_text(row.p_adjusted_without))


def _test_clause(verdicts: pd.DataFrame, method: str, noun: str, alpha: float) -> str:
    """How many of a method's findings pass, or nothing when none can (the agreement sentence says so)."""
    part = verdicts[verdicts["method"] == method]
    if int(part["n_testable"].sum()) == 0:
        return ""
    n, m = int(part["n_passing"].sum()), int(part["n_items"].sum())
    return ABSTRACT_TEST.format(n=count_or_none(n), m=plural(m, noun), pass_=verb(n, "passes", "pass"), alpha=alpha)


def _agreement_sentence(verdicts: pd.DataFrame, pair, alpha: float, several: bool = False) -> str | None:
    """One sentence on whether the methods agree for a comparison, or None with fewer than two methods.

    The methods that do not count (framing that does not apply, frames that echo the word lists)
    are named after the agreement of the others, never as a part of it.
    """
    found = pair_verdicts(verdicts, pair)
    if several:
        found.pop("clustering", None)
    if len(found) < 2:
        return None
    name = pair_name(pair.group_a, pair.group_b)

    def shorts(rows: dict) -> str:
        by_verdict: dict[str, list] = {}
        for method, row in rows.items():
            by_verdict.setdefault(row.verdict, []).append(METHOD[method])
        return join_words([ABSTRACT_SHORT[v].format(method=join_words(m, escape=False)) for v, m in by_verdict.items()],
                          escape=False)

    counted = {m: row for m, row in found.items() if row.verdict not in NOT_COUNTED}
    apart = {m: row for m, row in found.items() if row.verdict in NOT_COUNTED}
    kinds = {row.verdict for row in counted.values()}
    if len(kinds) == 1 and len(counted) > 1:
        floor = min(float(row.floor) for row in counted.values())
        text = ABSTRACT_AGREE[kinds.pop()].format(pair=name, alpha=alpha, floor=p_text(floor))
        return text + (f" {first_upper(shorts(apart))}." if apart else "")
    if len(kinds) > 1:
        return ABSTRACT_DISAGREE.format(pair=name, verdicts=shorts(found))
    return ABSTRACT_ALONE.format(pair=name, verdicts=shorts(found))


def _support_counts(listed: pd.DataFrame) -> str:
    """``Of the 5 listed findings, 2 are carried by one document and 1 is unstable.`` (or the older sentence)."""
    k = int(listed["one_document"].astype(bool).sum())
    if "support" not in listed or listed["support"].isna().all():
        return ABSTRACT_ONE_DOCUMENT.format(k=first_upper(count_or_none(k)), n=f"{len(listed):,}",
                                            rest=verb(k, "rests", "rest"))
    u = int((listed["support"] == UNSTABLE).sum())
    counts = []
    if k:
        counts.append(f"{k:,} {verb(k, 'is', 'are')} carried by one document")
    if u:
        counts.append(f"{u:,} {verb(u, 'is', 'are')} unstable")
    return ABSTRACT_SUPPORT_COUNTS.format(n=f"{len(listed):,}",
                                          counts=join_words(counts, escape=False) if counts else
                                          "none is carried by one document or unstable")


def abstract(lengths: pd.DataFrame, evidence: pd.DataFrame, main: pd.DataFrame, verdicts: pd.DataFrame,
             cross: pd.DataFrame, smallest: int, power: pd.DataFrame, max_groups: int = 3) -> str:
    """The essay's abstract: the corpus, each method's main finding with its interval, their agreement, the design.

    Written only from the tables the chapters compute, so it speaks of whatever groups the
    corpus has. It is shown at the end of the synthesis chapter and on the report's front page.
    Each quoted word and frame carries its 95% bootstrap interval and its support (carried by one
    document, unstable); a frame that echoes the listed words says so, with its difference
    without them; no frame finding is reported when the lexicon covers too little of the texts
    (``attrs["framing_applicable"]`` of the evidence). The last paragraph is
    :func:`corpus_utils.narrate.design.design_line`.

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
    applicable = bool(evidence.attrs.get("framing_applicable", True))
    first = [corpus_line(lengths, max_groups)]
    words = main[main["method"] == "vocabulary"] if len(main) else main
    if len(words):
        clauses = [ABSTRACT_WORD.format(term=quoted(r.item), group=group_name(r.leans_to), effect=effect_text(r),
                                        carried=_carried(r), p=p_text(r.p_adjusted), support=_support(r))
                   for r in words.itertuples()]
        first.append(ABSTRACT_WORDS.format(clauses=capped(clauses, max_groups),
                                           test=_test_clause(verdicts, "vocabulary", "listed word", alpha)))
    frames = main[main["method"] == "framing"] if len(main) else main
    if len(frames) and applicable:
        clauses = [ABSTRACT_FRAME.format(frame=quoted(r.item), pair=pair_name(r.group_a, r.group_b), amount=_amount(r),
                                         group=group_name(r.leans_to), interval=_frame_interval(r), carried=_carried(r),
                                         p=p_text(r.p_adjusted), support=_support(r), echo=_echo(r))
                   for r in frames.itertuples()]
        first.append(ABSTRACT_FRAMES.format(clauses=capped(clauses, max_groups),
                                            test=_test_clause(verdicts, "framing", "frame test", alpha)))
    elif not applicable and (evidence["method"] == "framing").any():
        first.append(ABSTRACT_NO_FRAMES.format(**_coverage(evidence.attrs)))
    clusters = main[main["method"] == "clustering"] if len(main) else main
    if len(clusters):
        r = next(clusters.itertuples())
        seeds = ("" if pd.isna(r.stability) else
                 ABSTRACT_SEEDS[bool(r.stability >= evidence.attrs.get("stable_ari", 0.8) - 1e-12)].format(ari=r.stability))
        first.append(ABSTRACT_CLUSTERS.format(ari=float(r.effect), p=p_text(r.p_value), seeds=seeds))
    if len(first) == 1:
        first.append(ABSTRACT_NOTHING)
    several = len(cross) > 1
    second = [text for pair in cross.head(max_groups).itertuples()
              if (text := _agreement_sentence(verdicts, pair, alpha, several)) is not None]
    clusters = verdicts[verdicts["method"] == "clustering"] if len(verdicts) else verdicts
    if several and len(clusters):
        second.append(first_upper(ABSTRACT_SHORT[clusters.iloc[0]["verdict"]].format(method=CLUSTERS_ALONE)) + ".")
    listed = evidence[evidence["method"] != "clustering"] if len(evidence) else evidence
    if len(listed) and not applicable:
        listed = listed[listed["method"] != "framing"]
    if len(listed):
        second.append(_support_counts(listed))
    third = design_line(smallest, power, alpha)
    return "\n\n".join(" ".join(part) for part in (first, second) if part) + "\n\n" + third
