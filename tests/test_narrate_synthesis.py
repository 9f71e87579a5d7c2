"""Tests for the synthesis chapter's sentences (corpus_utils.narrate.synthesis), from hand-made tables.

The tables (``tests/narrate_tables.py``) have the columns that :mod:`corpus_utils.synthesis` and
:mod:`corpus_utils.design` return. The cases: two groups, three groups (one-vs-rest), a group of one
document, empty results, a large corpus whose tests can pass, and a label full of Markdown, which must
come out escaped. Every expected sentence is written out in full. A test that reads the same tables
on the front page too (the abstract, a chapter's line) stays here whole.
"""

from __future__ import annotations

import pandas as pd

from corpus_utils import narrate
from corpus_utils.narrate.synthesis import LINKS_NONE, ONE_DOCUMENT_NONE
from narrate_tables import (
    LARGE_CROSS,
    LARGE_EVIDENCE,
    LARGE_VERDICTS,
    MD,
    MD_QUOTED,
    SEED_CROSS,
    SEED_EVIDENCE,
    SEED_LENGTHS,
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
    def test_frames_no_document_matches_are_counted_apart(self):
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


# ------------------------------------------------------------------------------------------ a large corpus

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


class TestLargeCorpus:
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


# ------------------------------------------------------------------------------------------ three groups

class TestThreeGroups:
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


# ------------------------------------------------------------------------------------------ empty results, Markdown

class TestEmptyAndEscaped:
    def test_nothing_to_say(self):
        empty_v = table([], alpha=0.05).reindex(columns=list(SEED_VERDICTS.columns))
        assert narrate.chapter_line(SEED_EVIDENCE.iloc[:0], empty_v, "vocabulary") == (
            "No word passes the dispersion filter, so no group vocabulary is listed."
        )
        assert narrate.methods_compared(empty_v, SEED_CROSS.iloc[:0]) == "No method produced a finding to compare."
        assert narrate.term_frame_agreement(pd.DataFrame()) == LINKS_NONE
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
