"""Tests for the front page's sentences (corpus_utils.narrate.front): the corpus line, each chapter's
line, the design line and the abstract, from the hand-made tables of ``tests/narrate_tables.py``.

The cases: two groups, three groups (one-vs-rest), a large corpus whose tests can pass, and a main word
that rests on one document. Every expected sentence is written out in full.
"""

from __future__ import annotations

import pytest

from corpus_utils import narrate
from corpus_utils.groups import REST
from narrate_tables import (
    LARGE_CROSS,
    LARGE_EVIDENCE,
    LARGE_VERDICTS,
    SEED_CROSS,
    SEED_EVIDENCE,
    SEED_LENGTHS,
    SEED_MAIN,
    SEED_POWER,
    SEED_VERDICTS,
    THREE_CROSS,
    THREE_EVIDENCE,
    THREE_VERDICTS,
    cross,
    finding,
    lengths_of,
    power_rows,
    table,
    verdict,
)


# ------------------------------------------------------------------------------------------ two groups, seed-like

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

    def test_design_line(self):
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

class TestWordsAndFrames:
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

    def test_abstract_leans_to_the_rest(self):
        main = THREE_EVIDENCE.iloc[[0, 1, 2, 3, 4]]
        text = narrate.abstract(lengths_of(a=(4, 400), b=(4, 500), c=(4, 600)), THREE_EVIDENCE, main, THREE_VERDICTS,
                                THREE_CROSS, 4, table(power_rows("a", REST, "tenants", "term", 1.0, [0.5, 0.7, 0.9, 1]),
                                                      alpha=0.05))
        assert ("*housing* between *b* and the rest, 1.0 per 1,000 tokens higher in the rest (with hits in all 8 of "
                "its documents, adjusted p = 0.7)") in text
        assert "*zoning* leans most to *c*" in text
