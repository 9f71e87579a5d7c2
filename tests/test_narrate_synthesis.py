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
from corpus_utils.groups import REST
from corpus_utils.narrate.synthesis import LINKS_NONE, SUPPORT_NONE
from narrate_tables import (
    CONVENTION_CROSS,
    CONVENTION_EVIDENCE,
    CONVENTION_LENGTHS,
    CONVENTION_VERDICTS,
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
    UNCOVERED_CROSS,
    UNCOVERED_EVIDENCE,
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

    def test_findings_carried_by_one_document_and_unstable(self):
        # chapter 02 calls *community* unstable: so does this list, and it quotes the interval that includes 0
        assert narrate.single_document_findings(SEED_EVIDENCE, SEED_LENGTHS) == (
            "**Carried by one document** (one document supplies most of the finding, or its side has a single "
            "document):\n\n"
            "- 1 of the 2 frame differences, leaning to *pro*: *crime* (15.2 per 1,000 tokens, 95% interval 2.5 to "
            "30.0)\n\n"
            "**Unstable** (the finding leaves its list when one document is left out or in the bootstrap, a frame's "
            "difference changes sign or vanishes when one document is left out, its 95% interval includes 0, or a "
            "partition changes with the seed):\n\n"
            "- 1 of the 3 listed words, leaning to *anti*: *community* (|z| = 2.03, 95% interval -0.50 to 3.90)\n\n"
            "A finding carried by one document says something about one text, not about its group; an unstable one "
            "may not come back in another sample of documents. The other 4 are consistent."
        )

    def test_what_cannot_be_tested(self):
        assert narrate.cannot_test(SEED_VERDICTS, SEED_LENGTHS) == (
            "- No test of the word lists, the frames or the clusters can reach p ≤ 0.05 with 2 documents labelled "
            "*anti* and 3 documents labelled *pro*: however large a difference, the relabellings of these documents "
            "cannot make it rare enough, with so few documents or so many tied values (the floor is 0.1).\n"
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
        # the family holds three tests (one per method): Holm's adjusted p is quoted beside each method's own
        assert narrate.methods_compared(LARGE_VERDICTS, LARGE_CROSS) == (
            "For *a* and *b*, the word lists and the frames separate the groups at p ≤ 0.05 once adjusted for the "
            "choice and across the methods (the word lists: 2 of 2 pass, best adjusted p = 0.005, or 0.015 across all "
            "3 method tests; the frames: 1 of 1 passes, best adjusted p = 0.02, or 0.04 across all 3 method tests); "
            "the clusters find no difference beyond chance, although p ≤ 0.05 was possible (best adjusted p = 0.31). "
            "The methods disagree: the word lists and the frames set the groups apart and the clusters do not. Word "
            "lists and frames test chosen items one at a time, while the clusters weigh every word at once: a "
            "difference carried by a few words can show in the former and drown in the latter."
        )

    def test_nothing_on_one_document_and_everything_testable(self):
        lengths = lengths_of(a=(200, 90_000), b=(200, 85_000))
        assert narrate.single_document_findings(LARGE_EVIDENCE, lengths) == SUPPORT_NONE
        assert narrate.cannot_test(LARGE_VERDICTS, lengths).splitlines()[0] == (
            "- Each method has tests that can reach p ≤ 0.05 here, and every group has two or more documents."
        )


# ------------------------------------------------------------------------------------------ three groups

class TestThreeGroups:
    def test_methods_per_comparison(self):
        # five tests in the family (three comparisons of words, two of frames): Holm takes every p to 1 here
        text = narrate.methods_compared(THREE_VERDICTS, THREE_CROSS)
        assert text.split("\n\n") == [
            "For *a* and the rest, the word lists and the frames find no difference beyond chance, although p ≤ 0.05 "
            "was possible (best adjusted p = 0.2, or 1 across all 5 method tests). No method finds a difference beyond "
            "chance, although each could have.",
            "For *b* and the rest, the word lists and the frames find no difference beyond chance, although p ≤ 0.05 "
            "was possible (the word lists: best adjusted p = 0.3, or 1 across all 5 method tests; the frames: best "
            "adjusted p = 0.7, or 1 across all 5 method tests). No method finds a difference beyond chance, although "
            "each could have.",
            "For *c* and the rest, the word lists find no difference beyond chance, although p ≤ 0.05 was possible "
            "(best adjusted p = 0.4, or 1 across all 5 method tests).",
        ]

    def test_findings_of_several_comparisons_name_their_comparison(self):
        evidence = table([
            finding("vocabulary", "a", REST, "tenants", "a", 3.0, 0.01, 0.2, 0.01, 4, 4, support="unstable", low=0.5,
                    high=4.1),
            finding("vocabulary", "b", REST, "supply", REST, -2.5, 0.02, 0.3, 0.01, 3, 8, support="unstable", low=-3.9,
                    high=0.2),
            finding("vocabulary", "c", REST, "zoning", "c", 2.1, 0.02, 0.4, 0.01, 4, 4),
        ], alpha=0.05)
        assert narrate.single_document_findings(evidence, lengths_of(a=4, b=4, c=4)).split("\n\n")[1] == (
            "- 2 of the 3 listed words, leaning to *a*, in *a* and the rest: *tenants* (|z| = 3.00, 95% interval 0.50 "
            "to 4.10); leaning to the rest, in *b* and the rest: *supply* (|z| = 2.50, 95% interval -0.20 to 3.90)"
        )

    def test_the_clusters_are_spoken_of_once_for_all_comparisons(self):
        verdicts = pd.concat([THREE_VERDICTS, table([verdict("clustering", None, None, 1, 1, 1, 0, 0.01, 0.005,
                                                             "separates", best_effect=0.9, stability=1.0)])],
                             ignore_index=True)
        verdicts.attrs.update(alpha=0.05, n_family=1)
        crossed = THREE_CROSS.assign(clustering="separates", agree=False)
        text = narrate.methods_compared(verdicts, crossed)
        assert text.count("clusters") == 1
        assert text.endswith("The clusters, which take all the groups at once, separate the groups at p ≤ 0.05 once "
                             "adjusted for the choice and across the methods (1 of 1 passes, best adjusted p = 0.01).")
        terms = table([], groups=["a", "b", "c"]).reindex(columns=["group", "term", "label", "docs", "kind"])
        abstract = narrate.abstract(lengths_of(a=(4, 400), b=(4, 500), c=(4, 600)), terms, THREE_EVIDENCE,
                                    verdicts, 4, SEED_POWER.iloc[:0])
        assert abstract.count("clusters") == 1
        assert "Unlabelled, the documents fall into clusters that follow the groups." in abstract


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
        assert narrate.single_document_findings(self.EVIDENCE, self.LENGTHS) == (
            "**Carried by one document** (one document supplies most of the finding, or its side has a single "
            "document):\n\n"
            "- 1 of the 1 listed word, leaning to *a*: *alone* (|z| = 1.50)\n"
            "- 1 of the 1 frame difference, leaning to *a*: *cost* (4.0 per 1,000 tokens)\n\n"
            "A finding carried by one document says something about one text, not about its group; an unstable one "
            "may not come back in another sample of documents. *a* has a single document, so whatever leans to it is "
            "that document's."
        )
        assert narrate.cannot_test(self.VERDICTS, self.LENGTHS).splitlines()[1] == (
            "- The spread between the documents of *a* cannot be estimated from a single document: no leave-one-out "
            "check can drop it, and a simulated study borrows the spread of the other side."
        )
        terms = table([], groups=["a", "b"]).reindex(columns=["group", "term", "label", "docs", "kind"])
        assert narrate.abstract(self.LENGTHS, terms, self.EVIDENCE, self.VERDICTS, 4,
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
            "**Carried by one document** (one document supplies most of the finding, or its side has a single "
            f"document):\n\n- 1 of the 1 listed word, leaning to {MD_QUOTED}: {MD_QUOTED} (|z| = 2.00)\n\n"
        )
        assert narrate.corpus_line(lengths).startswith(f"3 documents and 30 tokens: 1 document labelled {MD_QUOTED}")
        links = table([dict(group_a=MD, group_b="b", term=MD, term_leans_to=MD, frame=MD, frame_leans_to="b",
                            same_direction=False)])
        assert narrate.term_frame_agreement(links) == (
            f"Where words and frames meet: 1 of the listed words is a single-word entry of the lexicon. 1 leans the "
            f"other way, or its frame leans to neither side: {MD_QUOTED} ({MD_QUOTED}). The frame as a whole is "
            "carried by other words."
        )


# ------------------------------------------------------------------------------------------ each route counted once

class TestEchoesAndUnstableClusters:
    """The issue's convention speeches: a frame that is mostly the top words, clusters that change with the seed."""

    def test_an_echo_and_an_unstable_partition_are_no_second_route(self):
        assert narrate.methods_compared(CONVENTION_VERDICTS, CONVENTION_CROSS) == (
            "For *dem* and *rep*, the word lists separate the groups at p ≤ 0.05 once adjusted for the choice and "
            "across the methods (2 of 2 pass, best adjusted p = 0.005, or 0.01 across all 3 method tests); the frames "
            "pass only where they echo the listed words, which are no second route (1 of 2 echoes them; best adjusted "
            "p of the others = 0.7); the clusters follow the labels beyond chance, but the partition changes with the "
            "seed (mean ARI between the partitions of different seeds 0.45, below 0.8; adjusted p = 0.005, or 0.01 "
            "across all 3 method tests). The methods disagree: the word lists set the groups apart and the clusters "
            "follow the labels only on a partition that changes with the seed."
        )

    def test_the_echo_with_its_difference_without_the_listed_words(self):
        assert narrate.echo_reading(CONVENTION_EVIDENCE) == (
            "*politics* (*dem* and *rep*) echoes the listed words *president* and *obama*: 60% of its hits are these "
            "words. Without them, its difference of 1.2 per 1,000 tokens higher in *dem* becomes 0.0 per 1,000 tokens "
            "(adjusted p = 0.995); it is not counted as a second route."
        )

    def test_unstable_findings_are_listed_as_such_with_their_intervals(self):
        assert narrate.single_document_findings(CONVENTION_EVIDENCE, CONVENTION_LENGTHS) == (
            "**Unstable** (the finding leaves its list when one document is left out or in the bootstrap, a frame's "
            "difference changes sign or vanishes when one document is left out, its 95% interval includes 0, or a "
            "partition changes with the seed):\n\n"
            "- 1 of the 2 frame differences, leaning to *rep*: *crime* (0.4 per 1,000 tokens, 95% interval -0.2 to "
            "1.0)\n"
            "- the clusters against the labels (ARI 0.11; mean ARI between the partitions of different seeds 0.45)\n\n"
            "A finding carried by one document says something about one text, not about its group; an unstable one "
            "may not come back in another sample of documents. The other 3 are consistent."
        )

    def test_a_weak_agreement_beside_words_that_separate(self):
        verdicts = table([verdict("vocabulary", "a", "b", 2, 2, 2, 0, 0.005, 0.005, "separates", p_holm=0.01),
                          verdict("clustering", None, None, 1, 1, 1, 0, 0.005, 0.005, "weak", p_holm=0.01,
                                  best_effect=0.3, stability=0.9)], alpha=0.05, n_family=2, weak_ari=0.65)
        assert narrate.methods_compared(verdicts, table([cross("a", "b", "separates", None, "weak")])) == (
            "For *a* and *b*, the word lists separate the groups at p ≤ 0.05 once adjusted for the choice and across "
            "the methods (2 of 2 pass, best adjusted p = 0.005, or 0.01 across all 2 method tests); the clusters "
            "follow the labels beyond chance, but weakly (ARI 0.30, below 0.65; adjusted p = 0.005, or 0.01 across all "
            "2 method tests). The methods disagree: the word lists set the groups apart and the clusters follow the "
            "labels only weakly."
        )

    def test_methods_that_pass_alone_but_not_together(self):
        # three methods at 0.03 each: 0.09 once counted together
        verdicts = table([verdict(m, a, a and "b", 1, 1, 1, 0, 0.03, 0.005, "no evidence", p_holm=0.09)
                          for m, a in (("vocabulary", "a"), ("framing", "a"), ("clustering", None))],
                         alpha=0.05, n_family=3)
        assert narrate.methods_compared(verdicts, table([cross("a", "b", *["no evidence"] * 3)])) == (
            "For *a* and *b*, the word lists, the frames and the clusters find no difference beyond chance, although "
            "p ≤ 0.05 was possible (best adjusted p = 0.03, or 0.09 across all 3 method tests). No method finds a "
            "difference beyond chance, although each could have."
        )

    def test_no_echo_and_no_check(self):
        assert narrate.echo_reading(CONVENTION_EVIDENCE.assign(echo=False)) == (
            "No frame echoes the word lists: in every frame, at most half of the hits are words the word lists "
            "already list.")
        assert narrate.echo_reading(SEED_EVIDENCE) == "The frames were not checked against the listed words."
        assert narrate.echo_reading(SEED_EVIDENCE.iloc[:0]) == "The frames were not checked against the listed words."

    def test_three_groups_an_echo_in_each_comparison_with_the_rest(self):
        evidence = table([finding("framing", g, REST, "politics", g, 2.0, 0.01, 0.02, 0.01, 4, 4,
                                  echo=(0.75, "obama", -0.5, 0.6)) for g in ("a", "b")], alpha=0.05)
        assert narrate.echo_reading(evidence).split("\n\n") == [
            f"*politics* (*{g}* and the rest) echoes the listed word *obama*: 75% of its hits are this word. Without it, "
            f"its difference of 2.0 per 1,000 tokens higher in *{g}* becomes 0.5 per 1,000 tokens, the other way "
            "(adjusted p = 0.6); it is not counted as a second route." for g in ("a", "b")]

    def test_an_echo_of_a_one_document_group_with_markdown(self):
        evidence = table([finding("framing", MD, "b", MD, MD, 3.0, 1 / 3, 1.0, 1 / 3, 1, 1,
                                  echo=(1.0, MD, 0.0, 1.0))], alpha=0.05)
        assert narrate.echo_reading(evidence) == (
            f"{MD_QUOTED} ({MD_QUOTED} and *b*) echoes the listed word {MD_QUOTED}: 100% of its hits are this word. "
            f"Without it, its difference of 3.0 per 1,000 tokens higher in {MD_QUOTED} becomes 0.0 per 1,000 tokens "
            "(adjusted p = 1); it is not counted as a second route."
        )


class TestLexiconThatDoesNotApply:
    def test_the_frames_are_named_apart_from_the_agreement(self):
        assert narrate.methods_compared(UNCOVERED_VERDICTS, UNCOVERED_CROSS) == (
            "For *dem* and *rep*, the word lists and the clusters separate the groups at p ≤ 0.05 once adjusted for the "
            "choice and across the methods (the word lists: 2 of 2 pass, best adjusted p = 0.005, or 0.01 across all 2 "
            "method tests; the clusters: 1 of 1 passes, best adjusted p = 0.005, or 0.01 across all 2 method tests); "
            "the frames are not counted: the lexicon covers 2.9% of the tokens, under 5%, so its frames describe too "
            "little of the texts to be a route of their own. Every method finds the groups apart, each by its own "
            "route: the strongest agreement a corpus can give."
        )

    def test_what_cannot_be_tested_names_the_lexicon(self):
        assert narrate.cannot_test(UNCOVERED_VERDICTS, CONVENTION_LENGTHS).splitlines()[0] == (
            "- The frames are no route of their own here: the lexicon covers 2.9% of the tokens, under 5%, so its "
            "frame counts describe too little of the texts; a lexicon written for these texts (`--lexicon`) would."
        )

    def test_no_frame_is_listed_as_a_finding(self):
        assert narrate.single_document_findings(UNCOVERED_EVIDENCE, CONVENTION_LENGTHS) == SUPPORT_NONE

    def test_three_groups_with_nothing_left(self):
        evidence = table([finding("framing", "a", REST, "crime", "a", 2.0, 0.01, 0.02, 0.01, 1, 4, one=True)],
                         alpha=0.05, framing_applicable=False, lexicon_coverage=0.01)
        assert narrate.single_document_findings(evidence, lengths_of(a=4, b=4, c=4)) == "There is no finding to weigh."


# ------------------------------------------------------------------------------------------ themes in the frames' place

from test_narrate_front import THEMED_ATTRS, THEMED_EVIDENCE, THEMED_VERDICTS  # noqa: E402

THEMED_CROSS = pd.DataFrame([cross("dem", "rep", "separates", "no evidence", None)])


class TestThemesInTheFramesPlace:
    def test_the_route_is_named_the_themes(self):
        verdicts = THEMED_VERDICTS.copy()
        verdicts.loc[1, ["verdict", "best_p_adjusted", "p_holm"]] = ["no evidence", 0.6, 0.6]
        verdicts.attrs = dict(THEMED_VERDICTS.attrs)
        text = narrate.methods_compared(verdicts, THEMED_CROSS)
        assert text.startswith("For *dem* and *rep*, the word lists separate the groups")
        assert "the themes find no difference beyond chance" in text
        assert "The methods disagree: the word lists set the groups apart and the themes do not." in text
        assert "A theme is a broad share of each document" in text and "frame" not in text

    def test_a_theme_that_echoes_the_word_lists(self):
        evidence = THEMED_EVIDENCE.copy()
        evidence.loc[1, ["echo", "listed_share", "echo_terms"]] = [True, 0.7, "jobs, workers"]
        evidence.loc[2, ["listed_share"]] = [0.1]
        evidence.attrs = dict(THEMED_EVIDENCE.attrs)
        assert narrate.echo_reading(evidence) == (
            "The theme *jobs, workers, economy* (*dem* and *rep*) echoes the word lists: 70% of its top words' weight "
            "is on listed words (*jobs* and *workers*); it is not counted as a second route.")
        evidence.loc[1, ["echo", "listed_share"]] = [False, 0.2]
        assert narrate.echo_reading(evidence).startswith("No theme echoes the word lists")

    def test_fragile_findings_are_theme_differences(self):
        lines = narrate.single_document_findings(THEMED_EVIDENCE, CONVENTION_LENGTHS)
        assert "1 of the 2 theme differences" in lines and "frame" not in lines

    def test_words_are_not_matched_to_frames_that_are_not_the_route(self):
        from corpus_utils import synthesis
        from corpus_utils.narrate.synthesis import LINKS_THEMES
        lexicon = {"frames": {"economy": {"definition": "Jobs.", "words": ["obama"]}}}
        links = synthesis.term_frame_links(THEMED_EVIDENCE, lexicon)
        assert links.empty and links.attrs["framing_source"] == "themes"
        assert narrate.term_frame_agreement(links) == LINKS_THEMES

    def test_the_echo_table_lists_themes_without_a_recount(self):
        rows = narrate.echo_rows(THEMED_EVIDENCE)
        assert rows["item"].tolist() == ["jobs, workers, economy", "faith, family, god"]
        assert rows["effect_without"].isna().all()

    def test_a_theme_that_echoes_in_every_comparison_is_said_once(self):
        rows = []
        for group in ("a", "b", "c"):
            row = THEMED_EVIDENCE.iloc[1].to_dict()
            rows.append({**row, "group_a": group, "group_b": REST, "echo": True, "listed_share": 0.7,
                         "echo_terms": "jobs, workers"})
        evidence = pd.DataFrame(rows)
        evidence.attrs = dict(THEMED_EVIDENCE.attrs)
        assert narrate.echo_reading(evidence) == (
            "The theme *jobs, workers, economy* (in 3 comparisons) echoes the word lists: 70% of its top words' weight "
            "is on listed words (*jobs* and *workers*); it is not counted as a second route.")
