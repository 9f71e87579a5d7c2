"""Tests for the synthesis chapter's sentences and the abstract (corpus_utils.narrate), from hand-made tables.

The tables have the columns that :mod:`corpus_utils.synthesis` and :mod:`corpus_utils.design`
return. The cases: two groups, three groups (one-vs-rest), a group of one document, empty
results, a large corpus whose tests can pass, and a label full of Markdown, which must come
out escaped. Every expected sentence is written out in full.
"""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils import narrate
from corpus_utils.groups import REST
from corpus_utils.narrate.synthesis import LINKS_NONE, ONE_DOCUMENT_NONE, POWER_NONE

MD = "*x* [a](b) <i>"
MD_QUOTED = r"*\*x\* \[a\](b) &lt;i&gt;*"
NAMES = {"vocabulary": "z", "framing": "difference in mean per 1,000 tokens", "clustering": "ARI"}


def table(rows, **attrs) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    out.attrs.update(attrs)
    return out


def finding(method, a, b, item, leans, effect, p, p_adj, floor, docs, n_own, one=False, alpha=0.05):
    return dict(method=method, group_a=a, group_b=b, item=item, leans_to=leans, effect=effect,
                effect_name=NAMES[method], p_value=p, p_adjusted=p_adj, min_p=floor, n_relabelings=10,
                docs_own=docs, n_own=n_own, stability=float("nan"), one_document=one, testable=floor <= alpha,
                passes=p_adj <= alpha)


def verdict(method, a, b, n_items, n_testable, n_passing, n_one, best, floor, word):
    return dict(method=method, group_a=a, group_b=b, n_items=n_items, n_testable=n_testable, n_passing=n_passing,
                n_one_document=n_one, best_p_adjusted=best, floor=floor, verdict=word)


def cross(a, b, vocabulary="untestable", framing="untestable", clustering="untestable"):
    present = [v for v in (vocabulary, framing, clustering) if v is not None]
    return dict(group_a=a, group_b=b, vocabulary=vocabulary, framing=framing, clustering=clustering,
                agree=len(set(present)) == 1, n_methods=len(present))


def lengths_of(**groups) -> pd.DataFrame:
    return table([{"group": g, "documents": d, "tokens": t} for g, (d, t) in groups.items()])


def power_rows(a, b, feature, kind, diff, powers, docs=(2, 3), sizes=(5, 10, 20, 50), status="simulated"):
    return [dict(group_a=a, group_b=b, kind=kind, feature=feature, n_per_group=n, docs_a=docs[0], docs_b=docs[1],
                 diff=diff, power=p, power_low=max(0.0, p - 0.05), power_high=min(1.0, p + 0.05), n_simulations=200,
                 status=status) for n, p in zip(sizes, powers)]


# ------------------------------------------------------------------------------------------ two groups, seed-like

SEED_EVIDENCE = table([
    finding("vocabulary", "anti", "pro", "local", "anti", 2.64, 0.1, 0.7, 0.1, 2, 2),
    finding("vocabulary", "anti", "pro", "community", "anti", 2.03, 0.1, 0.9, 0.1, 2, 2, one=True),
    finding("vocabulary", "anti", "pro", "sanctuary", "pro", 3.1, 0.1, 0.4, 0.1, 3, 3),
    finding("framing", "anti", "pro", "community", "anti", 22.0, 0.1, 0.5, 0.1, 2, 2),
    finding("framing", "anti", "pro", "crime", "pro", -15.24, 0.1, 0.5, 0.1, 1, 3, one=True),
    finding("clustering", None, None, "clusters and labels", None, 0.1667, 0.4, 0.4, 0.1, 5, 5),
], alpha=0.05)
SEED_MAIN = SEED_EVIDENCE.iloc[[0, 2, 3, 5]].reset_index(drop=True)
SEED_VERDICTS = table([
    verdict("vocabulary", "anti", "pro", 3, 0, 0, 1, 0.4, 0.1, "untestable"),
    verdict("framing", "anti", "pro", 2, 0, 0, 1, 0.5, 0.1, "untestable"),
    verdict("clustering", None, None, 1, 0, 0, 0, 0.4, 0.1, "untestable"),
], alpha=0.05)
SEED_CROSS = table([cross("anti", "pro")])
SEED_LENGTHS = lengths_of(anti=(2, 998), pro=(3, 1899))
SEED_POWER = table(power_rows("anti", "pro", "local", "term", 3.0, [0.3, 0.6, 0.85, 0.99])
                   + power_rows("anti", "pro", "crime", "frame", -15.2, [0.1, 0.2, 0.4, 0.7]), alpha=0.05, n_simulations=200)


class TestTwoGroups:
    def test_corpus_line(self):
        assert narrate.corpus_line(SEED_LENGTHS) == (
            "5 documents and 2,897 tokens: 2 documents labelled *anti* (998 tokens) and 3 documents labelled *pro* "
            "(1,899 tokens)."
        )

    def test_chapter_lines(self):
        assert narrate.chapter_line(SEED_EVIDENCE, SEED_VERDICTS, "vocabulary") == (
            "3 words listed as leaning to *anti* or *pro*; with these documents no test can reach p ≤ 0.05 (the "
            "floor is 0.1); 1 of them rests on a single document."
        )
        assert narrate.chapter_line(SEED_EVIDENCE, SEED_VERDICTS, "framing") == (
            "2 frames compared between *anti* and *pro*; with these documents no test can reach p ≤ 0.05 "
            "(the floor is 0.1); 1 frame difference rests on a single document."
        )
        assert narrate.chapter_line(SEED_EVIDENCE, SEED_VERDICTS, "clustering") == (
            "The clusters against the labels: ARI 0.17, p = 0.4, floor 0.1; the test cannot tell."
        )

    def test_frames_no_document_matches_are_counted_apart(self):
        evidence = SEED_EVIDENCE.copy()
        evidence.attrs.update(unused_frames=["federalism", "politics"])
        assert narrate.chapter_line(evidence, SEED_VERDICTS, "framing").endswith(
            "1 frame difference rests on a single document. 2 more frames of the lexicon match no document."
        )
        assert narrate.cannot_test(SEED_VERDICTS, SEED_LENGTHS, ["federalism", "politics"]).splitlines()[1] == (
            "- *federalism* and *politics* of the lexicon match no document, so nothing can be said of them here; a "
            "lexicon written for these texts (`--lexicon`) would."
        )

    def test_methods_that_cannot_be_tested_agree_only_in_that(self):
        assert narrate.methods_compared(SEED_VERDICTS, SEED_CROSS) == (
            "For *anti* and *pro*, the word lists, the frames and the clusters cannot reach p ≤ 0.05 with these "
            "documents, however large a difference (the floor is 0.1). The methods agree only in this: the corpus is "
            "too small to test any of them, so what they show describes these documents, not the groups they stand for."
        )

    def test_findings_on_one_document(self):
        assert narrate.single_document_findings(SEED_EVIDENCE, SEED_LENGTHS) == (
            "Resting on a single document:\n\n"
            "- 1 of the 3 listed words: *community* (leaning to *anti*)\n"
            "- 1 of the 2 frame differences: *crime* (leaning to *pro*)\n\n"
            "Each of these says something about one text, not about its group. (A word counts as resting on one "
            "document when only one document of its side uses it or when leaving one document out drops it from its "
            "side's top list; a frame, when one document of its side has all its hits or when leaving one out reverses "
            "or erases the difference.)"
        )

    def test_what_cannot_be_tested(self):
        assert narrate.cannot_test(SEED_VERDICTS, SEED_LENGTHS) == (
            "- No test of the word lists, the frames or the clusters can reach p ≤ 0.05 with 2 documents labelled "
            "*anti* and 3 documents labelled *pro*: however large a difference, the relabellings of so few documents "
            "cannot make it rare enough (the floor is 0.1).\n"
            "- Whether any difference belongs to the groups at large or to the 5 documents that happen to be here: "
            "every test above treats the documents as given and asks only whether their labels matter among them."
        )

    def test_power_reading(self):
        assert narrate.power_reading(SEED_POWER) == (
            "Simulating 200 studies per size, each drawing its documents from this corpus's documents of each side "
            "(so keeping their observed spread and difference) and testing each difference as this essay does "
            "(two-sided permutation test, p ≤ 0.05):\n\n"
            "- *local* (word, higher in *anti* than in *pro*): detected at least 80% of the time from 20 documents per "
            "group (85%; 95% interval 80% to 90%)\n"
            "- *crime* (frame, higher in *pro* than in *anti*): below 80% even with 50 documents per group (70%; 95% "
            "interval 65% to 75%)\n\n"
            "Read these sizes as the least a study needs. The differences simulated are the largest this corpus "
            "showed, and the largest of many estimates tends to overstate the truth; and the spread comes from 2 and 3 "
            "documents only, so a simulated study of 50 documents repeats those few texts and cannot show how much "
            "more varied a real sample would be."
        )

    def test_design(self):
        floors = table([{"n_per_group": n, "n_relabelings": c, "min_p": 2 / c, "reaches": 2 / c <= 0.05}
                        for n, c in [(2, 6), (3, 20), (4, 70), (5, 252)]], alpha=0.05)
        assert narrate.design_floor(floors, 4, SEED_LENGTHS) == (
            "An exact permutation test of two groups of n documents each has C(2n, n) relabellings, and a two-sided "
            "difference ties with its mirror image, so the smallest p-value it can give is 2 / C(2n, n): 3 per group "
            "give 20 relabellings and a floor of 0.1; 4 per group give 70 relabellings and a floor of 0.0286; 5 per "
            "group give 252 relabellings and a floor of 0.00794. **A study needs at least 4 documents per group** "
            "before p ≤ 0.05 is possible at all; this corpus has 2 documents labelled *anti* and 3 documents "
            "labelled *pro*."
        )
        # crime never reaches 80 %, so the line quotes the largest size and how many reach it there
        assert narrate.design_line(4, SEED_POWER) == (
            "A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; in simulation, "
            "even with 50 documents per group only 1 of the 2 main differences would be detected at least 80% of the "
            "time, an optimistic figure: the spread between documents is estimated from only 2 and 3 of them."
        )

    def test_abstract(self):
        text = narrate.abstract(SEED_LENGTHS, SEED_EVIDENCE, SEED_MAIN, SEED_VERDICTS, SEED_CROSS, 4, SEED_POWER)
        assert text == (
            "5 documents and 2,897 tokens: 2 documents labelled *anti* (998 tokens) and 3 documents labelled *pro* "
            "(1,899 tokens). In the word lists, *local* leans most to *anti* (|z| = 2.64, used by both its documents, "
            "adjusted p = 0.7) and *sanctuary* leans most to *pro* (|z| = 3.10, used by all 3 of its documents, "
            "adjusted p = 0.4). Among the frames, the strongest evidence is for *community* between *anti* and *pro*, "
            "22.0 per 1,000 tokens higher in *anti* (with hits in both its documents, adjusted p = 0.5). The clusters "
            "agree with the labels with an adjusted Rand index of 0.17 (0 is chance, 1 a perfect match; p = 0.4).\n\n"
            "For *anti* and *pro*, no method can reach p ≤ 0.05 with these documents (the floor is 0.1): all of the "
            "above describes these documents, and none of it yet speaks for the groups they stand for. 2 of the 5 "
            "listed findings rest on a single document.\n\n"
            "A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; in simulation, "
            "even with 50 documents per group only 1 of the 2 main differences would be detected at least 80% of the "
            "time, an optimistic figure: the spread between documents is estimated from only 2 and 3 of them."
        )
        assert "sanctuary" not in narrate.abstract(SEED_LENGTHS, SEED_EVIDENCE.iloc[:0], SEED_MAIN.iloc[:0],
                                                    SEED_VERDICTS.iloc[:0], SEED_CROSS.iloc[:0], 4, SEED_POWER.iloc[:0])


# ------------------------------------------------------------------------------------------ a large corpus

LARGE_EVIDENCE = table([
    finding("vocabulary", "a", "b", "rent", "a", 9.1, 0.005, 0.005, 0.005, 180, 200),
    finding("vocabulary", "a", "b", "supply", "b", 7.4, 0.005, 0.005, 0.005, 150, 200),
    finding("framing", "a", "b", "economy", "b", -3.25, 0.005, 0.02, 0.005, 160, 200),
    finding("clustering", None, None, "clusters and labels", None, 0.04, 0.31, 0.31, 0.005, 400, 400),
], alpha=0.05)
LARGE_VERDICTS = table([
    verdict("vocabulary", "a", "b", 2, 2, 2, 0, 0.005, 0.005, "separates"),
    verdict("framing", "a", "b", 1, 1, 1, 0, 0.02, 0.005, "separates"),
    verdict("clustering", None, None, 1, 1, 0, 0, 0.31, 0.005, "no evidence"),
], alpha=0.05)
LARGE_CROSS = table([cross("a", "b", "separates", "separates", "no evidence")])


class TestWordsAndFrames:
    def test_links_grouped_by_frame_both_ways(self):
        links = table([dict(group_a="a", group_b="b", term=t, term_leans_to=g, frame=f, frame_leans_to=fg,
                            same_direction=g == fg)
                       for t, g, f, fg in [("fear", "a", "community", "a"), ("trust", "a", "community", "a"),
                                           ("arrests", "b", "crime", "b"), ("cost", "b", "economy", None)]])
        assert narrate.term_frame_agreement(links) == (
            "Where words and frames meet: 4 of the listed words are single-word entries of the lexicon. 3 lean the "
            "same way as their frame: *fear* and *trust* (*community*); *arrests* (*crime*). 1 leans the other way, "
            "or its frame leans to neither side: *cost* (*economy*). The frame as a whole is carried by other words."
        )

    def test_the_abstract_flags_a_main_word_that_rests_on_one_document(self):
        evidence = table([finding("vocabulary", "a", "b", "ice", "b", -2.27, 0.5, 0.9, 0.1, 3, 3, one=True)], alpha=0.05)
        verdicts = table([verdict("vocabulary", "a", "b", 1, 0, 0, 1, 0.9, 0.1, "untestable")], alpha=0.05)
        text = narrate.abstract(lengths_of(a=(2, 10), b=(3, 20)), evidence, evidence, verdicts,
                                table([cross("a", "b", "untestable", None, None)]), 4, SEED_POWER.iloc[:0])
        assert ("In the word lists, *ice* leans most to *b* (|z| = 2.27, used by all 3 of its documents, but leaving "
                "one of them out drops it from the top list, adjusted p = 0.9).") in text
        assert "1 of the 1 listed findings rests on a single document." in text


class TestLargeCorpus:
    def test_chapter_lines_count_what_passes(self):
        assert narrate.chapter_line(LARGE_EVIDENCE, LARGE_VERDICTS, "vocabulary") == (
            "2 words listed as leaning to *a* or *b*; 2 pass the permutation test at p ≤ 0.05 once adjusted for the "
            "choice; none rests on a single document."
        )
        assert narrate.chapter_line(LARGE_EVIDENCE, LARGE_VERDICTS, "clustering") == (
            "The clusters against the labels: ARI 0.04, p = 0.31, floor 0.005; no agreement beyond chance."
        )

    def test_methods_that_disagree_say_why_they_can(self):
        assert narrate.methods_compared(LARGE_VERDICTS, LARGE_CROSS) == (
            "For *a* and *b*, the word lists and the frames separate the groups at p ≤ 0.05 once adjusted for the "
            "choice (the word lists: 2 of 2 pass, best adjusted p = 0.005; the frames: 1 of 1 passes, best adjusted "
            "p = 0.02); the clusters find no difference beyond chance, although p ≤ 0.05 was possible (best adjusted "
            "p = 0.31). The methods disagree: the word lists and the frames set the groups apart and the clusters "
            "do not. Word lists and frames test chosen items one at a time, while the clusters weigh every word at "
            "once: a difference carried by a few words can show in the former and drown in the latter."
        )

    def test_nothing_on_one_document_and_everything_testable(self):
        lengths = lengths_of(a=(200, 90_000), b=(200, 85_000))
        assert narrate.single_document_findings(LARGE_EVIDENCE, lengths) == ONE_DOCUMENT_NONE
        assert narrate.cannot_test(LARGE_VERDICTS, lengths).splitlines()[0] == (
            "- Each method has tests that can reach p ≤ 0.05 here, and every group has two or more documents."
        )

    def test_abstract_counts_what_passes(self):
        main = LARGE_EVIDENCE.iloc[[0, 1, 2, 3]]
        power = table(power_rows("a", "b", "rent", "term", 2.0, [0.9, 1, 1, 1], docs=(200, 200)), alpha=0.05)
        text = narrate.abstract(lengths_of(a=(200, 90_000), b=(200, 85_000)), LARGE_EVIDENCE, main, LARGE_VERDICTS,
                                LARGE_CROSS, 4, power)
        assert "*supply* leans most to *b* (|z| = 7.40, used by 150 of its 200 documents, adjusted p = 0.005); 2 of the " \
               "2 listed words pass the permutation test at p ≤ 0.05 once adjusted for the choice." in text
        assert ("the strongest evidence is for *economy* between *a* and *b*, 3.2 per 1,000 tokens higher in *b* (with "
                "hits in 160 of its 200 documents, adjusted p = 0.02)") in text
        assert ("For *a* and *b*, the methods part: the word lists and the frames separate the groups and the clusters "
                "find no difference beyond chance. None of the 3 listed findings rests on a single document.") in text
        assert text.endswith("in simulation, the main difference would be detected at least 80% of the time from 5 "
                             "documents per group.")

    @pytest.mark.parametrize("powers, said", [
        ([[0.9, 0.95], [1, 1]], "in simulation, both main differences would be detected at least 80% of the time from "
                                "10 documents per group."),
        ([[0.5, 0.9], [0.85, 1]], "in simulation, both main differences would be detected at least 80% of the time "
                                  "from 20 documents per group."),
        ([[0.1, 0.2], [0.5, 0.79]], "in simulation, none of the 2 main differences would be detected at least 80% "
                                    "of the time, even with 20 documents per group."),
        ([[0.79], [0.99]], "in simulation, the main difference would be detected at least 80% of the time from 20 "
                           "documents per group."),
    ])
    def test_design_line_quotes_the_smallest_size_that_detects_every_difference(self, powers, said):
        power = table([dict(group_a="a", group_b="b", kind="term", feature=f"w{j}", n_per_group=n, power=p,
                            status="simulated")
                       for n, row in zip((10, 20), powers) for j, p in enumerate(row)])
        assert narrate.design_line(4, power) == (
            "A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; " + said
        )


# ------------------------------------------------------------------------------------------ three groups

THREE_EVIDENCE = table([
    finding("vocabulary", "a", REST, "tenants", "a", 3.0, 0.01, 0.2, 0.01, 4, 4),
    finding("vocabulary", "b", REST, "supply", "b", 2.5, 0.02, 0.3, 0.01, 3, 4),
    finding("vocabulary", "c", REST, "zoning", "c", 2.1, 0.02, 0.4, 0.01, 4, 4),
    finding("framing", "a", REST, "housing", "a", 5.0, 0.02, 0.2, 0.01, 4, 4),
    finding("framing", "b", REST, "housing", REST, -1.0, 0.4, 0.7, 0.01, 8, 8),
], alpha=0.05)
THREE_VERDICTS = table([
    verdict("vocabulary", g, REST, 1, 1, 0, 0, p, 0.01, "no evidence") for g, p in (("a", 0.2), ("b", 0.3), ("c", 0.4))
] + [verdict("framing", "a", REST, 1, 1, 0, 0, 0.2, 0.01, "no evidence"),
     verdict("framing", "b", REST, 1, 1, 0, 0, 0.7, 0.01, "no evidence")], alpha=0.05)
THREE_CROSS = table([cross("a", REST, "no evidence", "no evidence", None), cross("b", REST, "no evidence", "no evidence", None),
                     cross("c", REST, "no evidence", None, None)])


class TestThreeGroups:
    def test_chapter_line_names_each_comparison_with_the_rest(self):
        assert narrate.chapter_line(THREE_EVIDENCE, THREE_VERDICTS, "vocabulary") == (
            "3 words listed as leaning to a group or the rest, over 3 comparisons (each group against the rest); none "
            "passes the permutation test at p ≤ 0.05 once adjusted for the choice; none rests on a single document."
        )
        assert narrate.chapter_line(THREE_EVIDENCE, THREE_VERDICTS, "framing") == (
            "1 frame compared in 2 comparisons (each group against the rest): 2 frame differences; none passes the "
            "permutation test at p ≤ 0.05 once adjusted for the choice; none rests on a single document."
        )
        assert narrate.chapter_line(THREE_EVIDENCE, THREE_VERDICTS, "clustering") == (
            "The clusters could not be compared with the labels."
        )

    def test_methods_per_comparison(self):
        text = narrate.methods_compared(THREE_VERDICTS, THREE_CROSS)
        assert text.split("\n\n") == [
            "For *a* and the rest, the word lists and the frames find no difference beyond chance, although p ≤ 0.05 "
            "was possible (best adjusted p = 0.2). No method finds "
            "a difference beyond chance, although each could have.",
            "For *b* and the rest, the word lists and the frames find no difference beyond chance, although p ≤ 0.05 "
            "was possible (the word lists: best adjusted p = 0.3; the frames: best adjusted p = 0.7). No method finds "
            "a difference beyond chance, although each could have.",
            "For *c* and the rest, the word lists find no difference beyond chance, although p ≤ 0.05 was possible "
            "(best adjusted p = 0.4).",
        ]

    def test_the_clusters_are_spoken_of_once_for_all_comparisons(self):
        verdicts = pd.concat([THREE_VERDICTS, table([verdict("clustering", None, None, 1, 1, 1, 0, 0.01, 0.005,
                                                             "separates")])], ignore_index=True)
        verdicts.attrs.update(alpha=0.05)
        crossed = THREE_CROSS.assign(clustering="separates", agree=False)
        text = narrate.methods_compared(verdicts, crossed)
        assert text.count("clusters") == 1
        assert text.endswith("The clusters, which take all the groups at once, separate the groups at p ≤ 0.05 once "
                             "adjusted for the choice (1 of 1 passes, best adjusted p = 0.01).")
        abstract = narrate.abstract(lengths_of(a=(4, 400), b=(4, 500), c=(4, 600)), THREE_EVIDENCE, THREE_EVIDENCE,
                                    verdicts, crossed, 4, SEED_POWER.iloc[:0])
        assert ("For *a* and the rest, no method finds a difference beyond chance, although each could have. For *b* "
                "and the rest, no method finds a difference beyond chance, although each could have. The clusters, "
                "which take all the groups at once, separate the groups.") in abstract

    def test_abstract_leans_to_the_rest(self):
        main = THREE_EVIDENCE.iloc[[0, 1, 2, 3, 4]]
        text = narrate.abstract(lengths_of(a=(4, 400), b=(4, 500), c=(4, 600)), THREE_EVIDENCE, main, THREE_VERDICTS,
                                THREE_CROSS, 4, table(power_rows("a", REST, "tenants", "term", 1.0, [0.5, 0.7, 0.9, 1]),
                                                      alpha=0.05))
        assert ("*housing* between *b* and the rest, 1.0 per 1,000 tokens higher in the rest (with hits in all 8 of "
                "its documents, adjusted p = 0.7)") in text
        assert "*zoning* leans most to *c*" in text


# ------------------------------------------------------------------------------------------ a group of one document

class TestOneDocumentGroup:
    EVIDENCE = table([
        finding("vocabulary", "a", "b", "alone", "a", 1.5, 1 / 3, 1.0, 1 / 3, 1, 1, one=True),
        finding("framing", "a", "b", "cost", "a", 4.0, 1 / 3, 1.0, 1 / 3, 1, 1, one=True),
    ], alpha=0.05)
    VERDICTS = table([verdict("vocabulary", "a", "b", 1, 0, 0, 1, 1.0, 1 / 3, "untestable"),
                      verdict("framing", "a", "b", 1, 0, 0, 1, 1.0, 1 / 3, "untestable")], alpha=0.05)
    LENGTHS = lengths_of(a=(1, 300), b=(2, 700))

    def test_the_single_document_is_named_with_what_cannot_be_estimated(self):
        assert narrate.single_document_findings(self.EVIDENCE, self.LENGTHS).endswith(
            " *a* has a single document, so whatever leans to it is that document's."
        )
        assert narrate.cannot_test(self.VERDICTS, self.LENGTHS).splitlines()[1] == (
            "- The spread between the documents of *a* cannot be estimated from a single document: no leave-one-out "
            "check can drop it, and no study of it alone against another group can be simulated."
        )
        assert narrate.abstract(self.LENGTHS, self.EVIDENCE, self.EVIDENCE, self.VERDICTS,
                                table([cross("a", "b", "untestable", "untestable", None)]), 4,
                                table(power_rows("a", "b", "alone", "term", 1.5, [float("nan")] * 4, docs=(1, 2),
                                                 status="one document"))).endswith(
            "A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; how likely a study "
            "would be to detect the differences cannot be simulated here (a group has a single document)."
        )

    def test_no_simulation_for_a_single_document(self):
        power = table(power_rows("a", "b", "alone", "term", 1.5, [float("nan")] * 4, docs=(1, 2), status="one document"))
        assert narrate.power_reading(power) == (
            "For *a* and *b* no study can be simulated: *a* has a single document, whose spread cannot be estimated."
        )


# ------------------------------------------------------------------------------------------ empty results, Markdown

class TestEmptyAndEscaped:
    def test_nothing_to_say(self):
        empty_v = table([], alpha=0.05).reindex(columns=list(SEED_VERDICTS.columns))
        assert narrate.chapter_line(SEED_EVIDENCE.iloc[:0], empty_v, "vocabulary") == (
            "No word passes the dispersion filter, so no group vocabulary is listed."
        )
        assert narrate.methods_compared(empty_v, SEED_CROSS.iloc[:0]) == "No method produced a finding to compare."
        assert narrate.term_frame_agreement(pd.DataFrame()) == LINKS_NONE
        assert narrate.power_reading(SEED_POWER.iloc[:0]) == POWER_NONE
        assert narrate.corpus_line(SEED_LENGTHS.iloc[:0]) == "The corpus holds no document."

    def test_labels_and_items_full_of_markdown_are_escaped(self):
        evidence = table([finding("vocabulary", MD, "b", MD, MD, 2.0, 0.1, 0.5, 0.1, 1, 1, one=True)], alpha=0.05)
        lengths = lengths_of(**{MD: (1, 10), "b": (2, 20)})
        assert narrate.single_document_findings(evidence, lengths).startswith(
            f"Resting on a single document:\n\n- 1 of the 1 listed word: {MD_QUOTED} (leaning to {MD_QUOTED})\n\n"
        )
        assert narrate.corpus_line(lengths).startswith(f"3 documents and 30 tokens: 1 document labelled {MD_QUOTED}")
        links = table([dict(group_a=MD, group_b="b", term=MD, term_leans_to=MD, frame=MD, frame_leans_to="b",
                            same_direction=False)])
        assert narrate.term_frame_agreement(links) == (
            f"Where words and frames meet: 1 of the listed words is a single-word entry of the lexicon. 1 leans the "
            f"other way, or its frame leans to neither side: {MD_QUOTED} ({MD_QUOTED}). The frame as a whole is "
            "carried by other words."
        )
        power = table(power_rows(MD, "b", MD, "frame", 1.0, [0.9, 1, 1, 1]), alpha=0.05, n_simulations=200)
        assert f"- {MD_QUOTED} (frame, higher in {MD_QUOTED} than in *b*)" in narrate.power_reading(power)
