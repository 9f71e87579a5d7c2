"""Tests for corpus_utils.narrate.corpus (chapter 01): each sentence, written out in full, from small hand-made tables.

The tables have the columns and ``attrs`` the analysis functions return (see their docstrings); the
cases are two groups, three groups (one-vs-rest), a group of one document, empty results, a large
corpus (200 documents per group) and a label full of Markdown, which must come out escaped.
"""

from __future__ import annotations

import pandas as pd

from corpus_utils import narrate
from narrate_tables import MD, MD_QUOTED, columns_table, lengths_of


class TestCorpusOverview:
    def test_two_groups(self):
        assert narrate.corpus_overview(lengths_of(a=2, b=3), ["a", "b"]) == (
            "The corpus holds 5 documents in 2 groups: 2 documents labelled *a* and 3 documents labelled *b*. "
            "The comparison chapters compare *a* and *b*."
        )

    def test_three_groups_one_vs_rest_and_a_one_document_group(self):
        assert narrate.corpus_overview(lengths_of(a=2, b=1, c=3), ["a", "b", "c"]) == (
            "The corpus holds 6 documents in 3 groups: 2 documents labelled *a*, 1 document labelled *b* and "
            "3 documents labelled *c*. The comparison chapters compare each of *a*, *b* and *c* with the rest "
            "of the documents (one-vs-rest)."
        )

    def test_a_pair_of_three_labels(self):
        assert narrate.corpus_overview(lengths_of(a=2, b=1, c=3), ["a", "c"]).endswith(
            "The comparison chapters compare *a* and *c* (the documents of other groups take no part)."
        )

    def test_three_of_four_labels(self):
        assert narrate.corpus_overview(lengths_of(a=1, b=1, c=1, d=1), ["a", "b", "c"]).endswith(
            "The comparison chapters compare each of *a*, *b* and *c* with the rest of these groups' documents "
            "(one-vs-rest)."
        )

    def test_one_named_group_against_every_other_document(self):
        assert narrate.corpus_overview(lengths_of(a=2, b=1, c=3), ["b"]).endswith(
            "The comparison chapters compare *b* with every other document."
        )

    def test_large_corpus(self):
        assert narrate.corpus_overview(lengths_of(no=200, yes=200), ["no", "yes"]) == (
            "The corpus holds 400 documents in 2 groups: 200 documents labelled *no* and 200 documents "
            "labelled *yes*. The comparison chapters compare *no* and *yes*."
        )

    def test_markdown_in_a_label_is_escaped(self):
        assert narrate.corpus_overview(lengths_of(**{MD: 1, "y": 1}), [MD, "y"]) == (
            f"The corpus holds 2 documents in 2 groups: 1 document labelled {MD_QUOTED} and 1 document "
            f"labelled *y*. The comparison chapters compare {MD_QUOTED} and *y*."
        )


class TestCleaningSummary:
    def test_nothing_removed(self):
        assert narrate.cleaning_summary(columns_table(doc_id=[], rule=[]), 4) == (
            "No cleaning rule matched any line of this corpus: the texts are used as they are."
        )

    def test_rules_by_lines_then_name(self):
        removed = columns_table(doc_id=["d1", "d1", "d2", "d3"], rule=["teaser", "paywall", "paywall", "bio"])
        assert narrate.cleaning_summary(removed, 5) == (
            "Cleaning removed 4 lines from 3 of 5 documents, by rule: 2 by *paywall* (in 2 documents), "
            "1 by *bio* (in 1 document) and 1 by *teaser* (in 1 document). 2 documents needed no cleaning."
        )

    def test_more_than_four_rules_are_counted_not_named(self):
        rules = ["a", "a", "b", "b", "c", "d", "e", "f"]
        removed = columns_table(doc_id=["d1"] * len(rules), rule=rules)
        assert narrate.cleaning_summary(removed, 1) == (
            "Cleaning removed 8 lines from 1 of 1 document, by rule: 2 by *a* (in 1 document), 2 by *b* (in 1 "
            "document), 1 by *c* (in 1 document), 1 by *d* (in 1 document) and 2 more rules. Every document needed "
            "some cleaning."
        )

    def test_one_line_from_the_only_document_with_a_markdown_rule_name(self):
        assert narrate.cleaning_summary(columns_table(doc_id=["d1"], rule=[MD]), 1) == (
            f"Cleaning removed 1 line from 1 of 1 document, by rule: 1 by {MD_QUOTED} (in 1 document). "
            "Every document needed some cleaning."
        )


def group_lengths(**rows: tuple[int, int, float, int, int]) -> pd.DataFrame:
    """``group=(documents, tokens, share, shortest, longest)``."""
    values = list(zip(*rows.values()))
    return columns_table(group=list(rows), documents=values[0], tokens=values[1], share=values[2], shortest=values[3],
                 longest=values[4])


class TestLengthBalance:
    def test_the_largest_share_and_the_range(self):
        lengths = group_lengths(a=(1, 100, 0.25, 100, 100), b=(2, 300, 0.75, 120, 180))
        assert narrate.length_balance(lengths) == (
            "The *b* group supplies 75% of all words (300 of 400). Document lengths range from 100 words to "
            "180 words, so raw counts would mix what a group says with how much it says: the following "
            "chapters use rates and per-document statistics."
        )

    def test_documents_of_one_length_and_three_groups(self):
        lengths = group_lengths(a=(2, 2, 1 / 3, 1, 1), b=(2, 2, 1 / 3, 1, 1), c=(2, 2, 1 / 3, 1, 1))
        assert narrate.length_balance(lengths).startswith(
            "The *a* group supplies 33% of all words (2 of 6). Every document is 1 word long, so raw counts"
        )

    def test_large_corpus_thousands_separators(self):
        lengths = group_lengths(no=(200, 8200, 0.5, 41, 41), yes=(200, 8200, 0.5, 41, 1041))
        assert narrate.length_balance(lengths).startswith(
            "The *no* group supplies 50% of all words (8,200 of 16,400). Document lengths range from 41 words "
            "to 1,041 words"
        )


class TestVocabularyOverview:
    def spread(self, terms, n_terms):
        n = len(terms)
        return columns_table({"n_docs": n, "n_terms": n_terms}, docs=list(range(1, n + 1)), terms=terms,
                     share=[t / n_terms for t in terms])

    def test_mostly_one_document_words(self):
        vocabulary = columns_table(group=["a", "b"], terms=[3, 2], only_in_group=[2, 1])
        assert narrate.vocabulary_overview(vocabulary, self.spread([3, 1, 0], 4)) == (
            "After stop words, the corpus uses 4 distinct words. 3 of them (75%) occur in a single document, "
            "and none occurs in every document. By group: *a* uses 3 distinct words, 2 of them in no other "
            "group; *b* uses 2 distinct words, 1 of them in no other group."
        )

    def test_no_one_document_word_and_one_word_in_every_document(self):
        vocabulary = columns_table(group=[MD, "b"], terms=[1, 1], only_in_group=[0, 0])
        assert narrate.vocabulary_overview(vocabulary, self.spread([0, 1], 1)) == (
            "After stop words, the corpus uses 1 distinct word. None of them occurs in a single document, and 1 "
            f"occurs in every document. By group: {MD_QUOTED} uses 1 distinct word, 0 of them in no other group; "
            "*b* uses 1 distinct word, 0 of them in no other group."
        )


def floors_of(rows, comparison="pair", n_resamples=200):
    columns = ["group_a", "group_b", "n_a", "n_b", "n_relabelings", "exact", "min_p"]
    out = pd.DataFrame(rows, columns=columns)
    out.attrs = {"n_resamples": n_resamples, "max_exact": 5000, "comparison": comparison}
    return out


FLOOR_CAVEAT = ". "
HIGH_FLOOR = "No difference between the groups in this corpus can reach p ≤ 0.05."
LOW_FLOOR = "A p-value at or below 0.05 is possible here."


class TestRelabelingFloor:
    def test_two_groups_exact(self):
        floors = floors_of([("a", "b", 2, 3, 10, True, 0.1)])
        assert narrate.relabeling_floor(floors) == (
            "With 2 *a* and 3 *b* documents there are 10 ways to split the documents into groups of these sizes, "
            "so an exact two-sided relabeling test can give at best p = 0.1" + FLOOR_CAVEAT + HIGH_FLOOR
        )

    def test_three_groups_the_hardest_case_with_a_one_document_group(self):
        floors = floors_of([("a", "rest", 2, 4, 15, True, 1 / 15), ("b", "rest", 1, 5, 6, True, 1 / 6),
                            ("c", "rest", 3, 3, 20, True, 0.1)], comparison="one-vs-rest")
        assert narrate.relabeling_floor(floors) == (
            "Each group is compared with the rest of the documents, and the fewest relabelings belong to *b*, "
            "with 1 document against 5 others: there are 6 ways to split the documents into groups of these "
            "sizes, so an exact two-sided relabeling test can give at best p = 0.167" + FLOOR_CAVEAT + HIGH_FLOOR
        )

    def test_three_groups_where_only_the_smallest_cannot_reach_005(self):
        floors = floors_of([("a", "rest", 5, 6, 462, True, 1 / 462), ("b", "rest", 5, 6, 462, True, 1 / 462),
                            ("c", "rest", 1, 10, 11, True, 1 / 11)], comparison="one-vs-rest")
        assert narrate.relabeling_floor(floors) == (
            "Each group is compared with the rest of the documents, and the fewest relabelings belong to *c*, "
            "with 1 document against 10 others: there are 11 ways to split the documents into groups of these "
            "sizes, so an exact two-sided relabeling test can give at best p = 0.0909" + FLOOR_CAVEAT
            + "No difference between *c* and the rest can reach p ≤ 0.05 (the tests of the larger groups can)."
        )

    def test_large_corpus_draws(self):
        floors = floors_of([("no", "yes", 200, 200, 200, False, 1 / 201)])
        assert narrate.relabeling_floor(floors) == (
            "With 200 *no* and 200 *yes* documents there are more than 5,000 ways to split the documents into "
            "groups of these sizes, too many to try: the tests draw `n_resamples` seeded random relabelings "
            "(here 200), so the smallest p-value they report is 1/(200 + 1) = 0.00498, whatever the data. "
            + LOW_FLOOR
        )

    def test_markdown_label(self):
        floors = floors_of([(MD, "b", 5, 5, 252, True, 2 / 252)])
        assert narrate.relabeling_floor(floors).startswith(f"With 5 {MD_QUOTED} and 5 *b* documents there are 252 ways")
        assert narrate.relabeling_floor(floors).endswith(LOW_FLOOR)


def opening_spread(single_share, n_terms):
    return columns_table({"n_docs": 5, "n_terms": n_terms}, docs=[1, 2], terms=[0, 0], share=[single_share, 0.1])


class TestCorpusOpening:
    def test_two_groups_at_a_high_floor(self):
        floors = floors_of([("a", "b", 2, 3, 10, True, 0.1)])
        assert narrate.corpus_opening(lengths_of(a=(2, 998), b=(3, 1899)), ["a", "b"], floors,
                                      opening_spread(0.78, 799)) == (
            "The corpus holds 5 documents in 2 groups: 2 documents labelled *a* and 3 documents labelled *b*. The "
            "comparison chapters compare *a* and *b*. After cleaning they hold 2,897 words. No difference between "
            "the groups can reach p ≤ 0.05 here: 5 documents can be split into groups of these sizes in only 10 "
            "ways, so the smallest p-value a test that shuffles the group labels among the documents can give is "
            "0.1. The chapters weigh effect sizes, document counts and stability instead. 78% of their 799 distinct "
            "words occur in a single document, which is why every term table in this essay says how many documents "
            "use a term."
        )

    def test_three_groups_where_only_a_one_document_group_cannot_reach_005(self):
        floors = floors_of([("a", "rest", 5, 6, 462, True, 1 / 462), ("b", "rest", 5, 6, 462, True, 1 / 462),
                            ("c", "rest", 1, 10, 11, True, 1 / 11)], comparison="one-vs-rest")
        text = narrate.corpus_opening(lengths_of(a=(5, 500), b=(5, 500), c=(1, 90)), ["a", "b", "c"], floors,
                                      opening_spread(0.4, 300))
        assert ("No difference between *c* and the rest can reach p ≤ 0.05 here: 11 documents can be split into "
                "groups of these sizes in only 11 ways, so the smallest p-value a test that shuffles the group labels "
                "among the documents can give it is 0.0909 (the larger groups' tests can reach 0.05).") in text
        assert text.endswith("40% of their 300 distinct words occur in a single document, which is why every term "
                             "table in this essay says how many documents use a term.")

    def test_exact_below_005(self):
        floors = floors_of([("a", "b", 5, 5, 252, True, 2 / 252)])
        text = narrate.corpus_opening(lengths_of(a=(5, 300), b=(5, 270)), ["a", "b"], floors, opening_spread(0.8, 228))
        assert ("A test that shuffles the group labels among the documents can give p-values as small as 0.00794 "
                "(every one of the 252 ways to split 10 documents into groups of these sizes is tried), so a "
                "difference can reach p ≤ 0.05.") in text

    def test_large_corpus_draws(self):
        floors = floors_of([("no", "yes", 200, 191, 200, False, 1 / 201)])
        text = narrate.corpus_opening(lengths_of(no=(200, 4000), yes=(191, 3900)), ["no", "yes"], floors,
                                      opening_spread(0.55, 5000))
        assert "The corpus holds 391 documents in 2 groups" in text and "After cleaning they hold 7,900 words." in text
        assert ("A test that shuffles the group labels among the documents can give p-values as small as 0.00498 "
                "(200 random shuffles are drawn), so a difference can reach p ≤ 0.05.") in text

    def test_markdown_label(self):
        floors = floors_of([(MD, "b", 1, 1, 2, True, 1.0)])
        text = narrate.corpus_opening(lengths_of(**{MD: (1, 10), "b": (1, 12)}), [MD, "b"], floors,
                                      opening_spread(1.0, 20))
        assert text.startswith(f"The corpus holds 2 documents in 2 groups: 1 document labelled {MD_QUOTED} and")
        assert "the smallest p-value a test that shuffles the group labels among the documents can give is 1." in text
