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
    CONVENTION_CROSS,
    CONVENTION_EVIDENCE,
    CONVENTION_LENGTHS,
    CONVENTION_MAIN,
    CONVENTION_VERDICTS,
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
    UNCOVERED_CROSS,
    UNCOVERED_EVIDENCE,
    UNCOVERED_MAIN,
    UNCOVERED_VERDICTS,
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
            "floor is 0.1); 1 of them is unstable."
        )
        assert narrate.chapter_line(SEED_EVIDENCE, SEED_VERDICTS, "framing") == (
            "2 frames compared between *anti* and *pro*; with these documents no test can reach p ≤ 0.05 "
            "(the floor is 0.1); 1 frame difference is carried by one document."
        )
        assert narrate.chapter_line(SEED_EVIDENCE, SEED_VERDICTS, "clustering") == (
            "The clusters against the labels: ARI 0.17, p = 0.4, floor 0.1, mean ARI between the partitions of 5 "
            "seeds 1.00; the test cannot tell."
        )

    def test_frames_no_document_matches_are_counted_apart(self):
        evidence = SEED_EVIDENCE.copy()
        evidence.attrs.update(unused_frames=["federalism", "politics"])
        assert narrate.chapter_line(evidence, SEED_VERDICTS, "framing").endswith(
            "1 frame difference is carried by one document. 2 more frames of the lexicon match no document."
        )

    def test_design_line(self):
        # crime never reaches 80 %, so the line quotes the largest size and how many reach it there
        assert narrate.design_line(4, SEED_POWER) == (
            "A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; in simulation, "
            "even with 50 documents per group only 1 of the 2 main differences would be detected at least 80% of the "
            "time."
        )

    def test_abstract(self):
        text = narrate.abstract(SEED_LENGTHS, SEED_EVIDENCE, SEED_MAIN, SEED_VERDICTS, SEED_CROSS, 4, SEED_POWER)
        assert text == (
            "5 documents and 2,897 tokens: 2 documents labelled *anti* (998 tokens) and 3 documents labelled *pro* "
            "(1,899 tokens). In the word lists, *local* leans most to *anti* (|z| = 2.64, 95% interval 1.10 to 4.00; "
            "used by both its documents, consistent; adjusted p = 0.7) and *sanctuary* leans most to *pro* (|z| = "
            "3.10, 95% interval 1.50 to 4.40; used by all 3 of its documents, consistent; adjusted p = 0.4). Among the "
            "frames, the strongest evidence is for *community* between *anti* and *pro*, 22.0 per 1,000 tokens higher "
            "in *anti* (95% interval 5.1 to 40.2; with hits in both its documents, consistent; adjusted p = 0.5). The "
            "clusters agree with the labels with an adjusted Rand index of 0.17 (0 is chance, 1 a perfect match; "
            "p = 0.4); the partition comes back with other seeds (mean ARI between them 1.00).\n\n"
            "For *anti* and *pro*, no method can reach p ≤ 0.05 with these documents (the floor is 0.1): all of the "
            "above describes these documents, and none of it yet speaks for the groups they stand for. Of the 5 "
            "listed findings, 1 is carried by one document and 1 is unstable.\n\n"
            "A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; in simulation, "
            "even with 50 documents per group only 1 of the 2 main differences would be detected at least 80% of the "
            "time."
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
        assert ("In the word lists, *ice* leans most to *b* (|z| = 2.27; used by all 3 of its documents, but carried "
                "by one document, which supplies most of its uses; adjusted p = 0.9).") in text
        assert "Of the 1 listed findings, 1 is carried by one document." in text


    def test_a_frame_one_document_supplies_and_an_interval_that_reaches_zero(self):
        evidence = table([finding("framing", "a", "b", "crime", "b", -15.24, 0.1, 0.5, 0.1, 3, 3, one=True, low=-30.0,
                                  high=0.001)], alpha=0.05)
        verdicts = table([verdict("framing", "a", "b", 1, 0, 0, 1, 0.5, 0.1, "untestable")], alpha=0.05)
        text = narrate.abstract(lengths_of(a=(2, 10), b=(3, 20)), evidence, evidence, verdicts,
                                table([cross("a", "b", None, "untestable", None)]), 4, SEED_POWER.iloc[:0])
        # the interval turned toward b: 0.001 below 0 at its low end reads 0.0, not -0.0
        assert ("*crime* between *a* and *b*, 15.2 per 1,000 tokens higher in *b* (95% interval 0.0 to 30.0; with hits "
                "in all 3 of its documents, but carried by one document, which supplies most of its hits; adjusted "
                "p = 0.5)") in text


class TestLargeCorpus:
    def test_chapter_lines_count_what_passes(self):
        assert narrate.chapter_line(LARGE_EVIDENCE, LARGE_VERDICTS, "vocabulary") == (
            "2 words listed as leaning to *a* or *b*; 2 pass the permutation test at p ≤ 0.05 once adjusted for the "
            "choice; none is carried by one document or unstable."
        )
        assert narrate.chapter_line(LARGE_EVIDENCE, LARGE_VERDICTS, "clustering") == (
            "The clusters against the labels: ARI 0.04, p = 0.31, floor 0.005, mean ARI between the partitions of 5 "
            "seeds 0.97; no agreement beyond chance."
        )

    def test_abstract_counts_what_passes(self):
        main = LARGE_EVIDENCE.iloc[[0, 1, 2, 3]]
        power = table(power_rows("a", "b", "rent", "term", 2.0, [0.9, 1, 1, 1], docs=(200, 200)), alpha=0.05)
        text = narrate.abstract(lengths_of(a=(200, 90_000), b=(200, 85_000)), LARGE_EVIDENCE, main, LARGE_VERDICTS,
                                LARGE_CROSS, 4, power)
        assert ("*supply* leans most to *b* (|z| = 7.40, 95% interval 5.00 to 9.90; used by 150 of its 200 documents, "
                "consistent; adjusted p = 0.005); 2 of the 2 listed words pass the permutation test at p ≤ 0.05 once "
                "adjusted for the choice.") in text
        assert ("the strongest evidence is for *economy* between *a* and *b*, 3.2 per 1,000 tokens higher in *b* (95% "
                "interval 1.6 to 4.8; with hits in 160 of its 200 documents, consistent; adjusted p = 0.02)") in text
        assert ("For *a* and *b*, the methods part: the word lists and the frames separate the groups and the clusters "
                "find no difference beyond chance. Of the 3 listed findings, none is carried by one document or "
                "unstable.") in text
        assert text.endswith("in simulation, the main difference would be detected at least 80% of the time from 5 "
                             "documents per group.")

    @pytest.mark.parametrize("powers, said", [
        ([[0.9, 0.95], [1, 1]], "in simulation, both main differences would be detected at least 80% of the time from "
                                "10 documents per group."),
        ([[0.5, 0.9], [0.85, 1]], "in simulation, both main differences would be detected at least 80% of the time "
                                  "from 20 documents per group."),
        ([[0.1, 0.2], [0.5, 0.79]], "in simulation, neither main difference would be detected at least 80% "
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
            "passes the permutation test at p ≤ 0.05 once adjusted for the choice; none is carried by one document or "
            "unstable."
        )
        assert narrate.chapter_line(THREE_EVIDENCE, THREE_VERDICTS, "framing") == (
            "1 frame compared in 2 comparisons (each group against the rest): 2 frame differences; none passes the "
            "permutation test at p ≤ 0.05 once adjusted for the choice; none is carried by one document or unstable."
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
                "its documents, consistent; adjusted p = 0.7)") in text
        assert "*zoning* leans most to *c*" in text


# ------------------------------------------------------------------------------------------ each route counted once

NO_POWER = (" A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; how likely a study "
            "would be to detect the differences cannot be simulated here (no difference to simulate).")


class TestEchoesAndUnstableClusters:
    def test_the_abstract_says_the_frame_echoes_and_the_partition_changes(self):
        text = narrate.abstract(CONVENTION_LENGTHS, CONVENTION_EVIDENCE, CONVENTION_MAIN, CONVENTION_VERDICTS,
                                CONVENTION_CROSS, 4, SEED_POWER.iloc[:0])
        assert text == (
            "138 documents and 610,000 tokens: 68 documents labelled *dem* (300,000 tokens) and 70 documents labelled "
            "*rep* (310,000 tokens). In the word lists, *obama* leans most to *dem* (|z| = 9.90, 95% interval 6.40 to "
            "12.70; used by 60 of its 68 documents, consistent; adjusted p = 0.005); 2 of the 2 listed words pass the "
            "permutation test at p ≤ 0.05 once adjusted for the choice. Among the frames, the strongest evidence is "
            "for *politics* between *dem* and *rep*, 1.2 per 1,000 tokens higher in *dem* (95% interval 0.4 to 2.0; "
            "with hits in all 68 of its documents, consistent; adjusted p = 0.01), but 60% of its hits are the listed "
            "words *president* and *obama*, without which the difference is 0.0 per 1,000 tokens (adjusted p = "
            "0.995); 1 of the 2 frame tests passes the permutation test at p ≤ 0.05 once adjusted for the choice. The "
            "clusters agree with the labels with an adjusted Rand index of 0.11 (0 is chance, 1 a perfect match; "
            "p = 0.005); but the partition changes with the seed (mean ARI between seeds 0.45).\n\n"
            "For *dem* and *rep*, the methods part: the word lists separate the groups, the frames only echo the "
            "listed words and the clusters follow the labels with a partition that changes with the seed. Of the 4 "
            "listed findings, 1 is unstable.\n\n" + NO_POWER.strip()
        )

    def test_chapter_lines(self):
        assert narrate.chapter_line(CONVENTION_EVIDENCE, CONVENTION_VERDICTS, "framing") == (
            "2 frames compared between *dem* and *rep*; 1 passes the permutation test at p ≤ 0.05 once adjusted for "
            "the choice; 1 frame difference is unstable."
        )
        assert narrate.chapter_line(CONVENTION_EVIDENCE, CONVENTION_VERDICTS, "clustering") == (
            "The clusters against the labels: ARI 0.11, p = 0.005, floor 0.005, mean ARI between the partitions of 5 "
            "seeds 0.45; they follow the labels beyond chance, but the partition changes with the seed (under 0.8)."
        )

    def test_a_weak_agreement_on_its_own_chapter_line(self):
        evidence = table([finding("clustering", None, None, "clusters and labels", None, 0.3, 0.001, 0.001, 0.001, 60,
                                  60, stability=1.0)], alpha=0.05, weak_ari=0.65)
        verdicts = table([verdict("clustering", None, None, 1, 1, 1, 0, 0.001, 0.001, "weak", best_effect=0.3,
                                  stability=1.0)], alpha=0.05)
        assert narrate.chapter_line(evidence, verdicts, "clustering") == (
            "The clusters against the labels: ARI 0.30, p = 0.001, floor 0.001, mean ARI between the partitions of "
            "several seeds 1.00; they follow the labels beyond chance, but weakly (an ARI under 0.65)."
        )

    def test_three_groups_count_the_unstable_findings_of_every_comparison(self):
        verdicts = THREE_VERDICTS.assign(n_unstable=[0, 2, 1, 0, 1], n_one_document=[1, 0, 0, 0, 0])
        verdicts.attrs = dict(THREE_VERDICTS.attrs)
        assert narrate.chapter_line(THREE_EVIDENCE, verdicts, "vocabulary").endswith(
            "; 1 of them is carried by one document and 3 are unstable.")
        assert narrate.chapter_line(THREE_EVIDENCE, verdicts, "framing").endswith("; 1 of them is unstable.")


class TestLexiconThatDoesNotApply:
    def test_the_abstract_reports_no_frame_finding(self):
        text = narrate.abstract(CONVENTION_LENGTHS, UNCOVERED_EVIDENCE, UNCOVERED_MAIN, UNCOVERED_VERDICTS,
                                UNCOVERED_CROSS, 4, SEED_POWER.iloc[:0])
        assert "politics" not in text and "Among the frames" not in text
        assert ("The frame lexicon covers 2.9% of the tokens, under 5%, so no frame finding is reported and the frames "
                "are not counted as a route.") in text
        assert ("For *dem* and *rep*, every method separates the groups at p ≤ 0.05, once adjusted across the "
                "methods: the methods agree, each by its own route. The frames do not apply. Of the 2 listed findings, "
                "none is carried by one document or unstable.") in text

    def test_the_framing_line_says_the_frames_do_not_count(self):
        assert narrate.chapter_line(UNCOVERED_EVIDENCE, UNCOVERED_VERDICTS, "framing") == (
            "2 frames compared between *dem* and *rep*; 1 passes the permutation test at p ≤ 0.05 once adjusted for "
            "the choice; 1 frame difference is unstable. The lexicon covers 2.9% of the tokens, under 5%: the frames "
            "are not counted as a route of their own."
        )

    def test_a_one_document_group_and_no_frame(self):
        evidence = table([finding("vocabulary", "a", "b", "alone", "a", 1.5, 1 / 3, 1.0, 1 / 3, 1, 1, one=True),
                          finding("framing", "a", "b", "cost", "a", 4.0, 1 / 3, 1.0, 1 / 3, 1, 1, one=True)],
                         alpha=0.05, framing_applicable=False, lexicon_coverage=0.02)
        verdicts = table([verdict("vocabulary", "a", "b", 1, 0, 0, 1, 1.0, 1 / 3, "untestable"),
                          verdict("framing", "a", "b", 1, 0, 0, 1, 1.0, 1 / 3, "not applicable")], alpha=0.05,
                         framing_applicable=False, lexicon_coverage=0.02)
        text = narrate.abstract(lengths_of(a=(1, 300), b=(2, 700)), evidence, evidence, verdicts,
                                table([cross("a", "b", "untestable", "not applicable", None)]), 4, SEED_POWER.iloc[:0])
        assert ("In the word lists, *alone* leans most to *a* (|z| = 1.50; used by its only document, carried by one "
                "document; adjusted p = 1). The frame lexicon covers 2.0% of the tokens, under 5%, so no frame finding "
                "is reported and the frames are not counted as a route.") in text
        assert ("For *a* and *b*, the word lists cannot be tested with so few documents and the frames do not apply. "
                "Of the 1 listed findings, 1 is carried by one document.") in text
