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
    CONVENTION_ATTRS,
    CONVENTION_EVIDENCE,
    CONVENTION_LENGTHS,
    CONVENTION_MAIN,
    CONVENTION_VERDICTS,
    HOLM_EVIDENCE,
    HOLM_MAIN,
    HOLM_VERDICTS,
    LARGE_EVIDENCE,
    LARGE_VERDICTS,
    MD,
    MD_QUOTED,
    SEED_EVIDENCE,
    SEED_LENGTHS,
    SEED_MAIN,
    SEED_POWER,
    SEED_VERDICTS,
    THREE_EVIDENCE,
    THREE_VERDICTS,
    UNCOVERED_EVIDENCE,
    UNCOVERED_VERDICTS,
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
            "The clusters against the labels: an agreement of 0.17, where 0 is chance and 1 the labels themselves "
            "(p = 0.4, floor 0.1); 5 random starts agree with one another at 1.00 on average; the test cannot tell."
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



# ------------------------------------------------------------------------------------------ a large corpus



class TestLargeCorpus:
    def test_chapter_lines_count_what_passes(self):
        assert narrate.chapter_line(LARGE_EVIDENCE, LARGE_VERDICTS, "vocabulary") == (
            "2 words listed as leaning to *a* or *b*; 2 pass the permutation test at p ≤ 0.05 once adjusted for the "
            "choice; none is carried by one document or unstable."
        )
        assert narrate.chapter_line(LARGE_EVIDENCE, LARGE_VERDICTS, "clustering") == (
            "The clusters against the labels: an agreement of 0.04, where 0 is chance and 1 the labels themselves "
            "(p = 0.31, floor 0.005); 5 random starts agree with one another at 0.97 on average; no agreement beyond "
            "chance."
        )


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



# ------------------------------------------------------------------------------------------ each route counted once

NO_POWER = (" A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; how likely a study "
            "would be to detect the differences cannot be simulated here (no difference to simulate).")


class TestEchoesAndUnstableClusters:

    def test_chapter_lines(self):
        assert narrate.chapter_line(CONVENTION_EVIDENCE, CONVENTION_VERDICTS, "framing") == (
            "2 frames compared between *dem* and *rep*; 1 passes the permutation test at p ≤ 0.05 once adjusted for "
            "the choice; 1 frame difference is unstable."
        )
        assert narrate.chapter_line(CONVENTION_EVIDENCE, CONVENTION_VERDICTS, "clustering") == (
            "The clusters against the labels: an agreement of 0.11, where 0 is chance and 1 the labels themselves "
            "(p = 0.005, floor 0.005); 5 random starts agree with one another at 0.45 on average; they follow the "
            "labels beyond chance, but the partition changes with the seed (under 0.8)."
        )

    def test_a_weak_agreement_on_its_own_chapter_line(self):
        evidence = table([finding("clustering", None, None, "clusters and labels", None, 0.3, 0.001, 0.001, 0.001, 60,
                                  60, stability=1.0)], alpha=0.05, weak_ari=0.65)
        verdicts = table([verdict("clustering", None, None, 1, 1, 1, 0, 0.001, 0.001, "weak", best_effect=0.3,
                                  stability=1.0)], alpha=0.05)
        assert narrate.chapter_line(evidence, verdicts, "clustering") == (
            "The clusters against the labels: an agreement of 0.30, where 0 is chance and 1 the labels themselves "
            "(p = 0.001, floor 0.001); several random starts agree with one another at 1.00 on average; they follow "
            "the labels beyond chance, but weakly (an agreement under 0.65)."
        )

    def test_three_groups_count_the_unstable_findings_of_every_comparison(self):
        verdicts = THREE_VERDICTS.assign(n_unstable=[0, 2, 1, 0, 1], n_one_document=[1, 0, 0, 0, 0])
        verdicts.attrs = dict(THREE_VERDICTS.attrs)
        assert narrate.chapter_line(THREE_EVIDENCE, verdicts, "vocabulary").endswith(
            "; 1 of them is carried by one document and 3 are unstable.")
        assert narrate.chapter_line(THREE_EVIDENCE, verdicts, "framing").endswith("; 1 of them is unstable.")


class TestLexiconThatDoesNotApply:

    def test_the_framing_line_says_the_frames_do_not_count(self):
        assert narrate.chapter_line(UNCOVERED_EVIDENCE, UNCOVERED_VERDICTS, "framing") == (
            "2 frames compared between *dem* and *rep*; 1 passes the permutation test at p ≤ 0.05 once adjusted for "
            "the choice; 1 frame difference is unstable. The lexicon covers 2.9% of the tokens, under 5%: the frames "
            "are not counted as a route of their own."
        )



# ------------------------------------------------------------------------------------------ the abstract, in words

def terms_of(rows, groups, sizes):
    """A synthesis.distinctive_terms table from (group, term, label, docs, kind) rows."""
    out = table([dict(group=g, term=t, label=label, score=2.0, score_low=1.0, score_high=3.0, docs=docs,
                      n_docs=sizes[g], support="consistent", kind=kind, rank=1) for g, t, label, docs, kind in rows],
                groups=list(groups), group_sizes=dict(sizes))
    return out.reindex(columns=["group", "term", "label", "score", "score_low", "score_high", "docs", "n_docs",
                                "support", "kind", "rank"])


def words_in(text: str) -> int:
    return len(text.split())


NO_DESIGN = ("A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; how likely a study "
             "would be to detect the differences cannot be simulated here (no difference to simulate).")
SEED_TERMS = terms_of([("pro", "jurisdictions", "jurisdictions", 3, "word"),
                       ("pro", "sanctuary policies", "sanctuary policies", 3, "phrase"),
                       ("pro", "aliens", "aliens", 3, "word"), ("pro", "agency", "agency", 3, "word")],
                      ["anti", "pro"], {"anti": 2, "pro": 3})


class TestAbstract:
    def test_two_groups_in_words_with_a_test_that_cannot_tell(self):
        text = narrate.abstract(SEED_LENGTHS, SEED_TERMS, SEED_MAIN, SEED_VERDICTS, 4, SEED_POWER)
        assert text == (
            "We compared 5 documents in 2 groups: *anti* (2) and *pro* (3). No word or phrase sets *anti* apart "
            "consistently across its 2 documents. What sets *pro* apart: the words and phrases "
            "*jurisdictions*, *sanctuary policies* and *aliens*, each used by all 3 of its documents.\n\n"
            "With so few documents no test can tell the word differences of *anti* and *pro* from chance: they "
            "describe these texts, not yet the groups they stand for.\n\n"
            "A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; in simulation, "
            "even with 50 documents per group only 1 of the 2 main differences would be detected at least 80% of the "
            "time."
        )
        assert words_in(text) <= 150

    def test_proper_names_and_a_word_that_shares_a_group_name(self):
        # the word Clinton leans to trump: the sentence names the group as a group and the word as a word
        lengths = lengths_of(clinton=(20, 60_000), trump=(20, 58_000))
        terms = terms_of([("clinton", "middle class", "middle class", 12, "phrase"),
                          ("trump", "clinton", "Clinton", 18, "word"), ("trump", "mitt romney", "Mitt Romney", 11, "phrase")],
                         ["clinton", "trump"], {"clinton": 20, "trump": 20})
        verdicts = table([verdict("vocabulary", "clinton", "trump", 20, 20, 6, 0, 0.00498, 0.00498, "separates")],
                         alpha=0.05)
        text = narrate.abstract(lengths, terms, SEED_MAIN.iloc[:0], verdicts, 4, SEED_POWER.iloc[:0])
        assert ("What sets *clinton* apart: the phrase *middle class*, used by at least 12 of its 20 documents. What "
                "sets *trump* apart: the words and phrases *Clinton* and *Mitt Romney*, each used by at least 11 of "
                "its 20 documents.") in text
        # a p-value at the floor of its test is said once, as the smallest the test can give
        assert ("The word differences of *clinton* and *trump* are beyond chance (p = 0.00498, the smallest p-value "
                "the test can give with these documents).") in text
        assert "leans most to" not in text and "|z|" not in text and "adjusted p" not in text and "ARI" not in text

    def test_three_groups_against_the_rest_and_frames_that_fit(self):
        lengths = lengths_of(a=(4, 400), b=(4, 500), c=(4, 600))
        terms = terms_of([("a", "rent", "rent", 3, "word"), ("b", "zoning", "zoning", 4, "word")], ["a", "b", "c"],
                         {"a": 4, "b": 4, "c": 4})
        verdicts = table([verdict("vocabulary", "a", REST, 3, 3, 1, 0, 0.01, 0.005, "separates", p_holm=0.03),
                          verdict("vocabulary", "b", REST, 3, 3, 0, 0, 0.3, 0.005, "no evidence", p_holm=0.6),
                          verdict("vocabulary", "c", REST, 3, 3, 0, 0, 0.4, 0.005, "no evidence", p_holm=0.8),
                          verdict("framing", "a", REST, 1, 1, 1, 0, 0.01, 0.005, "separates"),
                          verdict("clustering", None, None, 1, 1, 0, 0, 0.5, 0.005, "no evidence")], alpha=0.05)
        main = table([finding("framing", "a", REST, "housing", "a", 3.0, 0.01, 0.01, 0.005, 4, 4)],
                     alpha=0.05, framing_applicable=True)
        text = narrate.abstract(lengths, terms, main, verdicts, 4, SEED_POWER.iloc[:0])
        assert text == (
            "We compared 12 documents in 3 groups: *a* (4), *b* (4) and *c* (4). What sets *a* apart: the word "
            "*rent*, used by at least 3 of its 4 documents. What sets *b* apart: the word *zoning*, used by all 4 of "
            "its documents. No word or phrase sets *c* apart consistently across its 4 documents.\n\n"
            "The word differences of *a* against the rest are beyond chance (p = 0.03); the word differences of *b* "
            "and *c* (each against the rest) could be chance (p of 0.6 or more). Among the frames of the lexicon, *housing* is "
            "more frequent in *a*. Unlabelled, the documents do not cluster by group.\n\n" + NO_DESIGN
        )
        assert words_in(text) <= 150

    def test_a_p_adjusted_across_the_methods_says_so(self):
        # chapter 02's adjusted p is 0.035; Holm across the 3 methods (0.01, 0.035, 0.5) makes it 2 x 0.035 = 0.07
        verdicts = table([verdict("vocabulary", "fresh", "rotten", 5, 5, 1, 0, 0.035, 0.005, "no evidence",
                                  p_holm=0.07),
                          verdict("framing", "fresh", "rotten", 2, 2, 1, 0, 0.01, 0.005, "separates", p_holm=0.03),
                          verdict("clustering", None, None, 1, 1, 0, 0, 0.5, 0.005, "no evidence", p_holm=0.5)],
                         alpha=0.05, n_family=3)
        text = narrate.abstract(lengths_of(fresh=(75, 1300), rotten=(75, 1400)), SEED_TERMS.iloc[:0],
                                SEED_MAIN.iloc[:0], verdicts, 4, SEED_POWER.iloc[:0])
        assert ("The word differences of *fresh* and *rotten* could be chance (p = 0.07 once the 3 methods that "
                "looked for a difference are counted).") in text

    def test_a_one_document_group_and_a_lexicon_that_does_not_fit(self):
        terms = terms_of([("b", "cost", "cost", 2, "word")], ["a", "b"], {"a": 1, "b": 2})
        verdicts = table([verdict("vocabulary", "a", "b", 1, 0, 0, 1, 1.0, 1 / 3, "untestable"),
                          verdict("framing", "a", "b", 1, 0, 0, 1, 1.0, 1 / 3, "not applicable")], alpha=0.05)
        main = table([finding("framing", "a", "b", "cost", "a", 4.0, 1 / 3, 1.0, 1 / 3, 1, 1, one=True)],
                     alpha=0.05, framing_applicable=False, lexicon_coverage=0.02)
        text = narrate.abstract(lengths_of(a=(1, 300), b=(2, 700)), terms, main, verdicts, 4, SEED_POWER.iloc[:0])
        assert text.startswith(
            "We compared 3 documents in 2 groups: *a* (1) and *b* (2). *a* has a single document, so no word can set "
            "it apart that is not one author's habit. What sets *b* apart: the word *cost*, used by both its "
            "documents.")
        assert "frame" not in text  # the lexicon does not fit: nothing is said of frames
        assert words_in(text) <= 150

    def test_markdown_in_labels_and_groups_is_escaped(self):
        terms = terms_of([(MD, "x", MD, 2, "word")], [MD, "b"], {MD: 2, "b": 2})
        text = narrate.abstract(lengths_of(**{MD: (2, 10), "b": (2, 10)}), terms, SEED_MAIN.iloc[:0],
                                SEED_VERDICTS.iloc[:0], 4, SEED_POWER.iloc[:0])
        assert f"What sets {MD_QUOTED} apart: the word {MD_QUOTED}, used by both its documents." in text
        assert "[a](b)" not in text.replace(r"\[a\](b)", "")

    def test_empty_results(self):
        empty = terms_of([], [], {})
        text = narrate.abstract(lengths_of(a=(2, 10), b=(2, 10)), empty, SEED_MAIN.iloc[:0], SEED_VERDICTS.iloc[:0], 4,
                                SEED_POWER.iloc[:0])
        assert text == ("We compared 4 documents in 2 groups: *a* (2) and *b* (2). No word or phrase sets any group "
                        "apart consistently.\n\n" + NO_DESIGN)

    def test_a_large_corpus_of_many_groups_stays_short(self):
        groups = {f"g{i}": 500 for i in range(12)}
        terms = terms_of([(g, f"w{j}", f"Word{j}", 400, "word") for g in groups for j in range(5)], groups, groups)
        verdicts = table([verdict("vocabulary", g, REST, 10, 10, 10, 0, 0.001, 0.001, "separates") for g in groups]
                         + [verdict("clustering", None, None, 1, 1, 1, 0, 0.001, 0.001, "separates")], alpha=0.05)
        power = table(power_rows("g0", REST, "w0", "term", 2.0, [0.9, 1, 1, 1], docs=(500, 5500)), alpha=0.05)
        text = narrate.abstract(lengths_of(**{g: (n, 100_000) for g, n in groups.items()}), terms, SEED_MAIN.iloc[:0],
                                verdicts, 4, power)
        assert text.startswith("We compared 6,000 documents in 12 groups. What sets *g0* apart: the words *Word0*, "
                               "*Word1* and *Word2*, each used by at least 400 of its 500 documents.")
        assert "The figure shows the other 9 groups." in text
        assert "The word differences of every group against the rest are beyond chance (p = 0.001, the smallest" in text
        assert "the documents fall into clusters that follow the groups" in text
        assert words_in(text) <= 150

    def test_one_group_left_to_the_figure_is_one_group(self):
        groups = {g: 5 for g in "abcd"}
        terms = terms_of([], groups, groups)
        text = narrate.abstract(lengths_of(**{g: (n, 1000) for g, n in groups.items()}), terms, SEED_MAIN.iloc[:0],
                                SEED_VERDICTS.iloc[:0], 4, SEED_POWER.iloc[:0])
        assert "The figure shows the other group." in text
        assert "other 1" not in text


class TestEssayQuestion:
    def test_neutral_questions(self):
        assert narrate.essay_question(["against", "for"]) == "What sets the language of *against* apart from that of *for*?"
        assert narrate.essay_question([MD, "b", "c"]) == (
            f"What sets the language of each group ({MD_QUOTED}, *b* and *c*) apart from the others?")

    def test_the_seed_question_only_for_the_seed_reading(self):
        groups = ["anti-cooperation", "pro-cooperation"]
        assert narrate.essay_question(groups, seed=True).startswith(
            "Should local police help federal immigration enforcement?")
        assert "police" not in narrate.essay_question(groups)
        assert "police" not in narrate.essay_question(["a", "b"], seed=True)


# ------------------------------------------------------------------------------------------ themes in the frames' place

#: The convention corpus with a lexicon that covers 2.9 % of its tokens: the themes found in the texts are the route.
THEMED_ATTRS = dict(alpha=0.05, framing_applicable=True, framing_source="themes", lexicon_coverage=0.029,
                    low_coverage=0.05, stable_ari=0.8, weak_ari=0.65)
THEMED_EVIDENCE = table([
    finding("vocabulary", "dem", "rep", "obama", "dem", 9.9, 0.005, 0.005, 0.005, 60, 68, low=6.4, high=12.7),
    {**finding("framing", "dem", "rep", "jobs, workers, economy", "dem", 0.08, 0.005, 0.01, 0.005, 30, 68, low=0.04,
               high=0.12), "effect_name": "difference in mean share of the documents"},
    {**finding("framing", "dem", "rep", "faith, family, god", "rep", -0.02, 0.3, 0.6, 0.005, 20, 70, low=-0.05,
               high=0.01, support="unstable"), "effect_name": "difference in mean share of the documents"},
], **THEMED_ATTRS)
THEMED_VERDICTS = table([
    verdict("vocabulary", "dem", "rep", 1, 1, 1, 0, 0.005, 0.005, "separates", p_holm=0.01, best_effect=9.9),
    verdict("framing", "dem", "rep", 2, 2, 1, 0, 0.01, 0.005, "separates", n_unstable=1, p_holm=0.01,
            best_effect=0.08),
], alpha=0.05, n_family=2, **{k: v for k, v in THEMED_ATTRS.items() if k != "alpha"})


class TestThemesInTheFramesPlace:

    def test_the_framing_line_speaks_of_themes(self):
        assert narrate.chapter_line(THEMED_EVIDENCE, THEMED_VERDICTS, "framing") == (
            "2 themes compared between *dem* and *rep*; 1 passes the permutation test at p ≤ 0.05 once adjusted for "
            "the choice; 1 theme difference is unstable. The lexicon covers 2.9% of the tokens, under 5%, so these are "
            "themes found in the texts themselves, counted in the frames' place."
        )

    def test_three_groups_count_theme_differences(self):
        evidence = table([{**r, "group_b": REST} for r in THEMED_EVIDENCE.to_dict("records")], **THEMED_ATTRS)
        verdicts = table([{**r, "group_b": REST} for r in THEMED_VERDICTS.to_dict("records")] * 1,
                         alpha=0.05, n_family=2, **{k: v for k, v in THEMED_ATTRS.items() if k != "alpha"})
        verdicts = table([*verdicts.to_dict("records"), {**verdicts.to_dict("records")[1], "group_a": "rep"}],
                         **verdicts.attrs)
        assert "in 2 comparisons (each group against the rest): 4 theme differences" in narrate.chapter_line(
            evidence, verdicts, "framing")

    def test_the_abstract_names_the_theme_that_passes(self):
        main = THEMED_EVIDENCE.iloc[[0, 1]].reset_index(drop=True)
        main.attrs = dict(THEMED_EVIDENCE.attrs)
        terms = terms_of([("dem", "obama", "Obama", 60, "word")], ["dem", "rep"], {"dem": 68, "rep": 70})
        text = narrate.abstract(lengths_of(dem=(68, 300_000), rep=(70, 310_000)), terms, main, THEMED_VERDICTS, 4,
                                SEED_POWER.iloc[:0])
        assert ("Among the themes found in the texts, the theme *jobs, workers, economy* takes more of the documents "
                "of *dem*.") in text
        assert "frame" not in text

    def test_no_theme_beyond_chance(self):
        # no theme passes chapter 03's test (its best adjusted p is 0.3), so none can pass across the methods
        verdicts = THEMED_VERDICTS.copy()
        verdicts.loc[1, ["n_passing", "best_p_adjusted", "p_holm", "verdict"]] = [0, 0.3, 0.3, "no evidence"]
        main = THEMED_EVIDENCE.iloc[[0]].reset_index(drop=True)
        main.attrs = dict(THEMED_EVIDENCE.attrs)
        terms = terms_of([("dem", "obama", "Obama", 60, "word")], ["dem", "rep"], {"dem": 68, "rep": 70})
        text = narrate.abstract(lengths_of(dem=(68, 300_000), rep=(70, 310_000)), terms, main, verdicts, 4,
                                SEED_POWER.iloc[:0])
        assert "No theme found in the texts differs beyond chance." in text

    def test_a_hostile_theme_label_stays_text(self):
        evidence = THEMED_EVIDENCE.copy()
        evidence.loc[1, "item"] = MD
        evidence.attrs = dict(THEMED_EVIDENCE.attrs)
        main = evidence.iloc[[0, 1]].reset_index(drop=True)
        main.attrs = dict(evidence.attrs)
        terms = terms_of([("dem", "obama", "Obama", 60, "word")], ["dem", "rep"], {"dem": 68, "rep": 70})
        text = narrate.abstract(lengths_of(dem=(68, 300_000), rep=(70, 310_000)), terms, main, THEMED_VERDICTS, 4,
                                SEED_POWER.iloc[:0])
        assert f"the theme {MD_QUOTED} takes more" in text and "<i>" not in text


# ------------------------------------------------------------------------------------------ the abstract and the chapters agree

HOLM_TERMS = terms_of([("dem", "obama", "Obama", 40, "word")], ["dem", "rep"], {"dem": 68, "rep": 70})


def themed(frame):
    """The table with its framing rows read as themes found in the texts."""
    out = frame.copy()
    out.attrs = {**frame.attrs, "framing_source": "themes"}
    return out


def second_paragraph(text: str) -> str:
    return text.split("\n\n")[1]


class TestAbstractAgreesWithTheChapters:
    """Chapters 03 and 04 count what passes their own test; the abstract reads the verdict across the methods, and
    says why a finding a chapter passes is not one here."""

    def test_each_method_passes_its_own_test_but_none_once_the_methods_are_counted(self):
        text = narrate.abstract(CONVENTION_LENGTHS, HOLM_TERMS, HOLM_MAIN, HOLM_VERDICTS, 4, SEED_POWER.iloc[:0])
        assert second_paragraph(text) == (
            "The word differences of *dem* and *rep* could be chance (p = 0.06 once the 3 methods that looked for a "
            "difference are counted). A frame and the clusters of the unlabelled documents pass their own chapters' "
            "tests, but not once the 3 methods are counted."
        )
        assert "differs beyond chance" not in text and "do not cluster" not in text
        assert words_in(text) <= 150

    def test_a_theme_that_passes_its_own_test_but_not_once_the_methods_are_counted(self):
        text = narrate.abstract(CONVENTION_LENGTHS, HOLM_TERMS, themed(HOLM_MAIN), themed(HOLM_VERDICTS), 4,
                                SEED_POWER.iloc[:0])
        assert ("A theme and the clusters of the unlabelled documents pass their own chapters' tests, but not once the 3 "
                "methods are counted.") in text
        assert "No theme" not in text

    def test_a_frame_alone_and_clusters_that_fail_their_own_test(self):
        verdicts = HOLM_VERDICTS.copy()
        verdicts.attrs = dict(HOLM_VERDICTS.attrs)
        verdicts.loc[2, ["n_passing", "best_p_adjusted", "p_holm", "verdict"]] = [0, 0.4, 0.4, "no evidence"]
        text = narrate.abstract(CONVENTION_LENGTHS, HOLM_TERMS, HOLM_MAIN, verdicts, 4, SEED_POWER.iloc[:0])
        assert ("A frame passes its own chapter's test, but not once the 3 methods are counted. Unlabelled, the "
                "documents do not cluster by group.") in text

    def test_the_family_is_named_in_full_where_the_words_say_nothing_of_it(self):
        # no word test can pass (its floor is 0.1): the frames' sentence is the first to name the family. Holm of
        # 0.02 (frames), 0.04 (clusters), 0.1 (words): 3 x 0.02 = 0.06, 2 x 0.04 = 0.08, 0.1
        verdicts = HOLM_VERDICTS.copy()
        verdicts.attrs = dict(HOLM_VERDICTS.attrs)
        verdicts.loc[0, ["n_testable", "n_passing", "best_p_adjusted", "p_holm", "floor", "verdict"]] = [
            0, 0, 0.1, 0.1, 0.1, "untestable"]
        verdicts.loc[2, "p_holm"] = 0.08
        text = narrate.abstract(CONVENTION_LENGTHS, HOLM_TERMS, HOLM_MAIN, verdicts, 4, SEED_POWER.iloc[:0])
        assert ("A frame and the clusters of the unlabelled documents pass their own chapters' tests, but not once the "
                "3 methods that looked for a difference are counted.") in text

    def test_the_only_frame_that_passes_echoes_the_word_lists(self):
        text = narrate.abstract(CONVENTION_LENGTHS, HOLM_TERMS, CONVENTION_MAIN, CONVENTION_VERDICTS, 4,
                                SEED_POWER.iloc[:0])
        assert "The only frame that passes echoes the word lists, so it is no second route." in text
        themes = narrate.abstract(CONVENTION_LENGTHS, HOLM_TERMS, themed(CONVENTION_MAIN), themed(CONVENTION_VERDICTS),
                                  4, SEED_POWER.iloc[:0])
        assert "The only theme that passes echoes the word lists, so it is no second route." in themes

    def test_two_frames_that_echo(self):
        verdicts = CONVENTION_VERDICTS.copy()
        verdicts.attrs = dict(CONVENTION_VERDICTS.attrs)
        verdicts.loc[1, ["n_passing", "n_echo"]] = [2, 2]
        text = narrate.abstract(CONVENTION_LENGTHS, HOLM_TERMS, CONVENTION_MAIN, verdicts, 4, SEED_POWER.iloc[:0])
        assert "The only 2 frames that pass echo the word lists, so they are no second route." in text

    def test_an_echo_and_a_frame_that_passes_alone(self):
        # politics passes its own test (0.02, counted); a third frame that echoes the word lists passes too
        verdicts = HOLM_VERDICTS.copy()
        verdicts.attrs = dict(HOLM_VERDICTS.attrs)
        verdicts.loc[1, ["n_items", "n_testable", "n_passing", "n_echo", "verdict"]] = [3, 3, 2, 1, "echo"]
        text = narrate.abstract(CONVENTION_LENGTHS, HOLM_TERMS, HOLM_MAIN, verdicts, 4, SEED_POWER.iloc[:0])
        assert ("2 frames pass their own chapter's test, but those that echo the word lists are no second route, and "
                "the others do not pass once the 3 methods are counted.") in text

    def test_clusters_that_follow_the_labels_and_pass_across_the_methods(self):
        verdicts = HOLM_VERDICTS.copy()
        verdicts.attrs = dict(HOLM_VERDICTS.attrs)
        verdicts.loc[2, ["p_holm", "verdict"]] = [0.04, "unstable"]
        text = narrate.abstract(CONVENTION_LENGTHS, HOLM_TERMS, HOLM_MAIN, verdicts, 4, SEED_POWER.iloc[:0])
        assert "Unlabelled, the documents cluster by group only with some random starts." in text

    def test_clusters_that_fail_their_own_test(self):
        verdicts = LARGE_VERDICTS
        text = narrate.abstract(lengths_of(a=(200, 9000), b=(200, 9000)), SEED_TERMS.iloc[:0], SEED_MAIN.iloc[:0],
                                verdicts, 4, SEED_POWER.iloc[:0])
        assert "Unlabelled, the documents do not cluster by group." in text

    def test_seven_tests_of_three_methods(self):
        # three groups, each against the rest: 3 word tests, 3 frame tests and the clusters. Holm of the 7 best
        # adjusted p-values 0.02, 0.03, 0.05 (words), 0.04, 0.3, 0.5 (frames), 0.01 (clusters): 7 x 0.01 = 0.07,
        # 6 x 0.02 = 0.12, 5 x 0.03 = 0.15, 4 x 0.04 = 0.16, 3 x 0.05 = 0.15 -> 0.16, 2 x 0.3 = 0.6, 0.5 -> 0.6
        rows = [verdict("vocabulary", g, REST, 2, 2, 1, 0, p, 0.005, "no evidence", p_holm=h)
                for g, p, h in (("a", 0.02, 0.12), ("b", 0.03, 0.15), ("c", 0.05, 0.16))]
        rows += [verdict("framing", g, REST, 1, 1, int(p <= 0.05), 0, p, 0.005, "no evidence", p_holm=h)
                 for g, p, h in (("a", 0.04, 0.16), ("b", 0.3, 0.6), ("c", 0.5, 0.6))]
        rows += [verdict("clustering", None, None, 1, 1, 1, 0, 0.01, 0.005, "no evidence", p_holm=0.07)]
        verdicts = table(rows, alpha=0.05, n_family=7, **{k: v for k, v in CONVENTION_ATTRS.items() if k != "alpha"})
        main = table([finding("framing", "a", REST, "housing", "a", 3.0, 0.01, 0.04, 0.005, 4, 4)], **CONVENTION_ATTRS)
        lengths = lengths_of(a=(20, 4000), b=(20, 5000), c=(20, 6000))
        terms = terms_of([("a", "rent", "rent", 12, "word")], "abc", {"a": 20, "b": 20, "c": 20})
        text = narrate.abstract(lengths, terms, main, verdicts, 4, SEED_POWER.iloc[:0])
        assert second_paragraph(text) == (
            "The word differences of every group against the rest could be chance (p of 0.12 or more once the 7 "
            "tests of the 3 methods that looked for a difference are counted). A frame difference and the clusters of "
            "the unlabelled documents pass their own chapters' tests, but not once the 7 tests are counted."
        )
        assert words_in(text) <= 150

    def test_several_tests_of_one_method(self):
        verdicts = table([verdict("vocabulary", g, REST, 2, 2, 1, 0, p, 0.005, "no evidence", p_holm=h)
                          for g, p, h in (("a", 0.02, 0.06), ("b", 0.03, 0.06), ("c", 0.05, 0.06))],
                         alpha=0.05, n_family=3)
        text = narrate.abstract(lengths_of(a=(20, 4000), b=(20, 5000), c=(20, 6000)),
                                terms_of([], "abc", {"a": 20, "b": 20, "c": 20}), SEED_MAIN.iloc[:0], verdicts, 4,
                                SEED_POWER.iloc[:0])
        assert ("could be chance (p of 0.06 or more once the 3 tests that looked for a difference are counted)."
                in text)

    def test_framing_out_of_the_family_is_not_a_method_counted(self):
        # the lexicon does not apply: framing takes no part in Holm's family (its p_holm is NaN)
        verdicts = table([verdict("vocabulary", "dem", "rep", 1, 1, 1, 0, 0.03, 0.005, "no evidence", p_holm=0.06),
                          verdict("framing", "dem", "rep", 2, 2, 1, 0, 0.02, 0.005, "not applicable",
                                  p_holm=float("nan")),
                          verdict("clustering", None, None, 1, 1, 1, 0, 0.03, 0.005, "no evidence", p_holm=0.06)],
                         alpha=0.05, n_family=2, framing_applicable=False)
        text = narrate.abstract(CONVENTION_LENGTHS, HOLM_TERMS, HOLM_MAIN, verdicts, 4, SEED_POWER.iloc[:0])
        assert "(p = 0.06 once the 2 methods that looked for a difference are counted)" in text


def test_the_seed_shaped_abstract_with_a_design_the_pilot_cannot_pin_down_stays_within_150_words():
    """Five documents, three distinctive terms a side, and a design whose interval spans 0 to 100 %: the abstract the
    seed corpus gets, which once ran to 153 words."""
    terms = terms_of([("anti", "trust cooperation", "trust and cooperation", 2, "phrase"),
                      ("anti", "federal government", "federal government", 2, "phrase"),
                      ("anti", "immigration enforcement", "immigration enforcement", 2, "phrase"),
                      ("pro", "criminal aliens", "criminal aliens", 3, "phrase"),
                      ("pro", "sanctuary policies", "sanctuary policies", 3, "phrase"),
                      ("pro", "jurisdictions", "jurisdictions", 3, "word")], ["anti", "pro"], {"anti": 2, "pro": 3})
    power = power_rows("anti", "pro", "local", "term", 3.0, [0.1, 0.2, 0.4, 0.6], width=0.5)
    text = narrate.abstract(SEED_LENGTHS, terms, SEED_MAIN, SEED_VERDICTS, 4, table(power))
    assert "cannot tell: anywhere between" in text
    assert words_in(text) <= 150, words_in(text)
