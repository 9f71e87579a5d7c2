"""Tests for corpus_utils.narrate: each finding's sentence, written out in full, from small hand-made tables.

The tables have the columns and ``attrs`` the analysis functions return (see their docstrings); the
cases are two groups, three groups (one-vs-rest), a group of one document, empty results, a large
corpus (200 documents per group) and a label full of Markdown, which must come out escaped.
"""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils import narrate

#: A label full of Markdown, and how it reads once escaped and put in italics.
MD = "*x* [a](b) <i>"
MD_QUOTED = r"*\*x\* \[a\](b) &lt;i&gt;*"


def table(attrs: dict | None = None, **columns) -> pd.DataFrame:
    out = pd.DataFrame(columns)
    out.attrs = dict(attrs or {})
    return out


def lengths_of(**documents: int) -> pd.DataFrame:
    return table(group=list(documents), documents=list(documents.values()))


# --------------------------------------------------------------------------------------------
# chapter 01


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


class TestSeedCommentaryOfChapter01:
    def test_the_question_names_the_debate(self):
        text = narrate.seed_question()
        assert text.startswith("**Reading the seed corpus.** The seed texts take sides on one question: when "
                               "local police are asked to help federal immigration enforcement (ICE), should they?")

    def test_stance_and_genre_lists_each_stance_genres_escaped(self):
        documents = table(label=["b", "a", "a", MD], genre=["news", "blog", "news", "<b>op-ed</b>"])
        assert narrate.seed_stance_and_genre(documents) == (
            f"**Reading the seed corpus.** Stance and genre are tangled here: {MD_QUOTED}: &lt;b&gt;op-ed&lt;/b&gt;; "
            "*a*: blog, news; *b*: news. The news report is pro-cooperation by its sourcing (it quotes only ICE "
            "officials), not because its reporter argues a side, so any contrast between the camps is partly a "
            "contrast between genres and authors. Chapter 04 asks directly whether unsupervised clusters follow "
            "stance or genre."
        )


class TestCleaningSummary:
    def test_nothing_removed(self):
        assert narrate.cleaning_summary(table(doc_id=[], rule=[]), 4) == (
            "No cleaning rule matched any line of this corpus: the texts are used as they are."
        )

    def test_rules_by_lines_then_name(self):
        removed = table(doc_id=["d1", "d1", "d2", "d3"], rule=["teaser", "paywall", "paywall", "bio"])
        assert narrate.cleaning_summary(removed, 5) == (
            "Cleaning removed 4 lines from 3 of 5 documents, by rule: 2 by *paywall* (in 2 documents), "
            "1 by *bio* (in 1 document) and 1 by *teaser* (in 1 document). 2 documents needed no cleaning."
        )

    def test_one_line_from_the_only_document_with_a_markdown_rule_name(self):
        assert narrate.cleaning_summary(table(doc_id=["d1"], rule=[MD]), 1) == (
            f"Cleaning removed 1 line from 1 of 1 document, by rule: 1 by {MD_QUOTED} (in 1 document). "
            "Every document needed some cleaning."
        )


def group_lengths(**rows: tuple[int, int, float, int, int]) -> pd.DataFrame:
    """``group=(documents, tokens, share, shortest, longest)``."""
    values = list(zip(*rows.values()))
    return table(group=list(rows), documents=values[0], tokens=values[1], share=values[2], shortest=values[3],
                 longest=values[4])


class TestLengthBalance:
    def test_the_largest_share_and_the_range(self):
        lengths = group_lengths(a=(1, 100, 0.25, 100, 100), b=(2, 300, 0.75, 120, 180))
        assert narrate.length_balance(lengths) == (
            "The *b* group supplies 75% of all tokens (300 of 400). Document lengths range from 100 tokens to "
            "180 tokens, so raw counts would mix what a group says with how much it says: the following "
            "chapters use rates and per-document statistics."
        )

    def test_documents_of_one_length_and_three_groups(self):
        lengths = group_lengths(a=(2, 2, 1 / 3, 1, 1), b=(2, 2, 1 / 3, 1, 1), c=(2, 2, 1 / 3, 1, 1))
        assert narrate.length_balance(lengths).startswith(
            "The *a* group supplies 33% of all tokens (2 of 6). Every document is 1 token long, so raw counts"
        )

    def test_large_corpus_thousands_separators(self):
        lengths = group_lengths(no=(200, 8200, 0.5, 41, 41), yes=(200, 8200, 0.5, 41, 1041))
        assert narrate.length_balance(lengths).startswith(
            "The *no* group supplies 50% of all tokens (8,200 of 16,400). Document lengths range from 41 tokens "
            "to 1,041 tokens"
        )


class TestVocabularyOverview:
    def spread(self, terms, n_terms):
        n = len(terms)
        return table({"n_docs": n, "n_terms": n_terms}, docs=list(range(1, n + 1)), terms=terms,
                     share=[t / n_terms for t in terms])

    def test_mostly_one_document_words(self):
        vocabulary = table(group=["a", "b"], terms=[3, 2], only_in_group=[2, 1])
        assert narrate.vocabulary_overview(vocabulary, self.spread([3, 1, 0], 4)) == (
            "After stop words, the corpus uses 4 distinct words. 3 of them (75%) occur in a single document, "
            "and none occurs in every document. By group: *a* uses 3 distinct words, 2 of them in no other "
            "group; *b* uses 2 distinct words, 1 of them in no other group. Most of this corpus's vocabulary is "
            "one document's: a word that only one document uses says something about that document, not about "
            "its group, which is why every term table in this essay shows how many documents carry the term."
        )

    def test_no_one_document_word_and_one_word_in_every_document(self):
        vocabulary = table(group=[MD, "b"], terms=[1, 1], only_in_group=[0, 0])
        assert narrate.vocabulary_overview(vocabulary, self.spread([0, 1], 1)) == (
            "After stop words, the corpus uses 1 distinct word. None of them occurs in a single document, and 1 "
            f"occurs in every document. By group: {MD_QUOTED} uses 1 distinct word, 0 of them in no other group; "
            "*b* uses 1 distinct word, 0 of them in no other group. A word that only one document uses says "
            "something about that document, not about its group, which is why every term table in this essay "
            "shows how many documents carry the term."
        )


def floors_of(rows, comparison="pair", n_resamples=200):
    columns = ["group_a", "group_b", "n_a", "n_b", "n_relabelings", "exact", "min_p"]
    out = pd.DataFrame(rows, columns=columns)
    out.attrs = {"n_resamples": n_resamples, "max_exact": 5000, "comparison": comparison}
    return out


FLOOR_CAVEAT = (
    "(the best case: when other relabelings tie with the observed one, a test's floor is higher; each chapter "
    "reports the floor of its own tests as `min_p`). "
)
HIGH_FLOOR = (
    "That is not small: no difference between the groups in this corpus can reach the conventional p ≤ 0.05, "
    "and the following chapters report effect sizes, document counts and resampling stability instead of "
    "leaning on p-values."
)
LOW_FLOOR = (
    "A p-value at or below the conventional 0.05 is possible here, but effect sizes, document counts and "
    "stability still matter more than stars."
)


class TestRelabelingFloor:
    def test_two_groups_exact(self):
        floors = floors_of([("a", "b", 2, 3, 10, True, 0.1)])
        assert narrate.relabeling_floor(floors) == (
            "With 2 *a* and 3 *b* documents there are 10 ways to split the documents into groups of these sizes, "
            "so an exact two-sided relabeling test can give at best p = 0.1 " + FLOOR_CAVEAT + HIGH_FLOOR
        )

    def test_three_groups_the_hardest_case_with_a_one_document_group(self):
        floors = floors_of([("a", "rest", 2, 4, 15, True, 1 / 15), ("b", "rest", 1, 5, 6, True, 1 / 6),
                            ("c", "rest", 3, 3, 20, True, 0.1)], comparison="one-vs-rest")
        assert narrate.relabeling_floor(floors) == (
            "Each group is compared with the rest of the documents, and the fewest relabelings belong to *b*, "
            "with 1 document against 5 others: there are 6 ways to split the documents into groups of these "
            "sizes, so an exact two-sided relabeling test can give at best p = 0.167 " + FLOOR_CAVEAT + HIGH_FLOOR
        )

    def test_three_groups_where_only_the_smallest_cannot_reach_005(self):
        floors = floors_of([("a", "rest", 5, 6, 462, True, 1 / 462), ("b", "rest", 5, 6, 462, True, 1 / 462),
                            ("c", "rest", 1, 10, 11, True, 1 / 11)], comparison="one-vs-rest")
        assert narrate.relabeling_floor(floors) == (
            "Each group is compared with the rest of the documents, and the fewest relabelings belong to *c*, "
            "with 1 document against 10 others: there are 11 ways to split the documents into groups of these "
            "sizes, so an exact two-sided relabeling test can give at best p = 0.0909 " + FLOOR_CAVEAT
            + "That is not small: no difference between *c* and the rest can reach the conventional p ≤ 0.05 (the "
            "tests of the larger groups can), so for *c* the following chapters lean on effect sizes, document "
            "counts and resampling stability rather than on p-values."
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


# --------------------------------------------------------------------------------------------
# chapter 02


def term_counts(rows, **attrs) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["term", "count", "docs"])
    out.attrs = attrs
    return out


class TestMatrixOverview:
    def test_two_groups(self):
        counts = term_counts([("law", 45, 5), ("trust", 10, 2), ("fear", 5, 1)], n_docs=5, n_uses=60, n_stop_words=188)
        phrases = term_counts([("rule law", 4, 2), ("due process", 3, 2)], n_docs=5, n_uses=7, n_candidates=10)
        assert narrate.matrix_overview(counts, phrases, lengths_of(a=2, b=3), ["a", "b"]) == (
            "The word matrix has 5 documents and 3 distinct words (60 uses, stop words removed). Of 10 distinct "
            "pairs of adjacent content words, 2 pass the collocation test (7 uses); they make up the phrase "
            "matrix. The groups compared are *a* (group a, 2 documents) and *b* (group b, 3 documents); in every "
            "table a positive score means the term leans to *a*, a negative one to *b*. The most frequent word "
            "overall is *law* (45 uses in 5 documents)."
        )

    def test_one_phrase(self):
        counts = term_counts([("law", 2, 2)], n_docs=2, n_uses=2, n_stop_words=188)
        phrases = term_counts([("rule law", 3, 2)], n_docs=2, n_uses=3, n_candidates=4)
        assert "4 distinct pairs of adjacent content words, 1 passes the collocation test (3 uses); it makes up " \
               "the phrase matrix." in narrate.matrix_overview(counts, phrases, lengths_of(a=1, b=1), ["a", "b"])

    def test_three_groups_no_phrase_no_stop_words(self):
        counts = term_counts([("law", 1, 1), ("fear", 1, 1)], n_docs=3, n_uses=2, n_stop_words=0)
        phrases = term_counts([], n_docs=3, n_uses=0, n_candidates=1)
        assert narrate.matrix_overview(counts, phrases, lengths_of(a=1, b=1, c=1), ["a", "b", "c"]) == (
            "The word matrix has 3 documents and 2 distinct words (2 uses, every word kept). Of 1 distinct pair "
            "of adjacent content words, none passes the collocation test. Each of *a*, *b* and *c* is compared "
            "with the rest of the documents (one-vs-rest); a positive score means the term leans to the group "
            "named in the `group` column. The most frequent word overall is *law* (1 use in 1 document)."
        )

    def test_one_named_group(self):
        counts = term_counts([("law", 3, 2)], n_docs=3, n_uses=3, n_stop_words=188)
        phrases = term_counts([], n_docs=3, n_uses=0, n_candidates=0)
        assert "*b* is compared with every other document (one-vs-rest)" in narrate.matrix_overview(
            counts, phrases, lengths_of(a=1, b=1, c=1), ["b"])

    def test_markdown_term_and_label(self):
        counts = term_counts([(MD, 3, 2)], n_docs=2, n_uses=3, n_stop_words=188)
        phrases = term_counts([], n_docs=2, n_uses=0, n_candidates=0)
        text = narrate.matrix_overview(counts, phrases, lengths_of(**{MD: 1, "b": 1}), [MD, "b"])
        assert f"The groups compared are {MD_QUOTED} (group a, 1 document) and *b* (group b, 1 document)" in text
        assert text.endswith(f"The most frequent word overall is {MD_QUOTED} (3 uses in 2 documents).")


class TestWorkedIdf:
    def idf(self, smooth=True):
        return table({"n_docs": 5, "smooth_idf": smooth}, term=["law", "trust", "fear"], count=[9, 4, 2],
                     docs=[5, 4, 1], idf=[1.0, 1.182, 2.099])

    def test_the_most_frequent_listed_term_that_some_document_lacks(self):
        top = table(term=["fear", "law", "trust"])
        assert narrate.worked_idf(self.idf(), top) == (
            "A worked idf: *trust* is used in 4 of 5 documents, so its idf is ln((1 + 5) / (1 + 4)) + 1 = 1.182; "
            "a term used in every document has idf ln(1) + 1 = 1."
        )

    def test_unsmoothed(self):
        assert "its idf is ln(5 / 1) + 1 = 2.099" in narrate.worked_idf(self.idf(smooth=False), table(term=["fear"]))

    def test_empty_top_list_falls_back_to_the_most_frequent_term(self):
        assert narrate.worked_idf(self.idf(), table(term=[])).startswith(
            "A worked idf: *law* is used in 5 of 5 documents, so its idf is ln((1 + 5) / (1 + 5)) + 1 = 1.000;"
        )


class TestLeaningTerms:
    def test_three_groups_one_without_a_listed_word(self):
        top = table({"groups": ["a", "b", MD]}, term=["trust", "fear", "law", "crime", "jail", "cost", "risk"],
                    group=["a", "a", "a", "a", "a", "a", "b"])
        assert narrate.leaning_terms(top, "mean TF-IDF") == (
            "By mean TF-IDF, *a* leans most on *trust*, *fear*, *law*, *crime* and *jail*. "
            "By mean TF-IDF, *b* leans most on *risk*. "
            f"By mean TF-IDF, no word of {MD_QUOTED} passes the dispersion filter."
        )


def keyness(rows, groups, n_docs, comparison="pair", min_docs=2, **attrs) -> pd.DataFrame:
    """A keyness table: rows of (term, group, score, docs_a, docs_b)."""
    out = pd.DataFrame(rows, columns=["term", "group", "score", "docs_a", "docs_b"])
    out.attrs = {"groups": groups, "group_sizes": n_docs, "comparison": comparison, "min_docs": min_docs, **attrs}
    return out


FEW = "with documents this few, read z as a ranking, not as a significance test."
MANY = ("z counts words as independent draws, which words in an argument are not, so read it as a ranking; the "
        "permutation test below asks the question of whole documents.")


class TestKeynessTopTerms:
    def test_two_groups_one_of_a_single_document(self):
        top = keyness([("trust", "a", 2.5, 2, 0), ("fear", "a", 2.0, 1, 0), ("crime", "b", -1.2, 0, 1)],
                      ["a", "b"], {"a": 2, "b": 1})
        assert narrate.keyness_top_terms(top, top) == (
            "For *a*, the strongest words are *trust* and *fear* (top |z| = 2.50). 1 of its top 2 is used by "
            "every one of its 2 documents. For *b*, the strongest word is *crime* (top |z| = 1.20). *b* has a "
            "single document, so this is that document's word, not a camp's. Across the table, 2 words reach "
            "|z| ≥ 1.96; " + FEW
        )

    def test_group_b_reads_its_own_document_counts(self):
        top = keyness([("trust", "a", 1.0, 1, 3), ("crime", "b", -3.0, 1, 3), ("jail", "b", -2.0, 0, 2)],
                      ["a", "b"], {"a": 3, "b": 3})
        assert "For *b*, the strongest words are *crime* and *jail* (top |z| = 3.00). 1 of its top 2 is used by " \
               "every one of its 3 documents." in narrate.keyness_top_terms(top, top)

    def test_three_groups_one_vs_rest_read_docs_a(self):
        top = keyness([("trust", "a", 2.1, 2, 0), ("crime", "b", 1.5, 1, 1), ("cost", "c", 1.0, 3, 4)],
                      ["a", "b", "c"], {"a": 2, "b": 2, "c": 3}, comparison="one-vs-rest")
        assert narrate.keyness_top_terms(top, top) == (
            "For *a*, the strongest word is *trust* (top |z| = 2.10). It is used by every one of its 2 documents. "
            "For *b*, the strongest word is *crime* (top |z| = 1.50). It is not used by every one of its 2 "
            "documents. For *c*, the strongest word is *cost* (top |z| = 1.00). It is used by every one of its "
            "3 documents. Across the table, 1 word reaches |z| ≥ 1.96; " + FEW
        )

    def test_a_group_without_listed_words_and_none_in_every_document(self):
        top = keyness([("trust", "a", 1.0, 1, 0), ("fear", "a", 0.5, 1, 0)], ["a", MD], {"a": 3, MD: 2})
        assert narrate.keyness_top_terms(top, top) == (
            "For *a*, the strongest words are *trust* and *fear* (top |z| = 1.00). None of its top 2 is used by "
            f"every one of its 3 documents. No word passes the dispersion filter for {MD_QUOTED}. Across the "
            "table, no word reaches |z| ≥ 1.96; " + FEW
        )

    def test_empty_table(self):
        empty = keyness([], ["a", "b"], {"a": 2, "b": 2})
        assert narrate.keyness_top_terms(empty, empty) == (
            "No word passes the dispersion filter: none is used by at least 2 documents of the group it leans "
            "to, so every difference in this corpus is one document's habit and there is no group vocabulary "
            "to list. Lower `min_docs` to see those words anyway, knowing what they rest on."
        )

    def test_large_corpus_is_not_called_few(self):
        top = keyness([("prices", "no", 8.97, 150, 20), ("eviction", "yes", -9.07, 10, 160)],
                      ["no", "yes"], {"no": 200, "yes": 200})
        text = narrate.keyness_top_terms(top, top)
        assert "this few" not in text
        assert text.endswith("Across the table, 2 words reach |z| ≥ 1.96; " + MANY)
        assert "None of its top 1 is used by every one of its 200 documents" not in text  # one word: "It is not"
        assert "For *no*, the strongest word is *prices* (top |z| = 8.97). It is not used by every one of its " \
               "200 documents." in text

    def test_the_smallest_group_decides_few(self):
        top = keyness([("x", "a", 3.0, 9, 0)], ["a", "b"], {"a": 9, "b": 300})
        assert narrate.keyness_top_terms(top, top).endswith(FEW)


class TestPhraseKeyness:
    WORDS = keyness([], ["a", "b"], {"a": 2, "b": 1}, alpha0=500.0, n_uses=1673, prior_share=500 / 1673)

    def test_too_few_phrases(self):
        for n, opening in [(0, "No phrase passes"), (1, "1 phrase passes")]:
            phrase_counts = term_counts([("p", 3, 2)] * n)
            assert narrate.phrase_keyness(self.WORDS.head(0), phrase_counts, self.WORDS) == (
                f"{opening} the collocation test, and there is no phrase table to compare: log-odds weighs each "
                "phrase against the others, so it needs at least two. The words above carry the comparison; "
                "lower `phrase_min_count` or `phrase_min_g2` to admit more pairs."
            )

    def test_phrases_not_dispersed(self):
        empty = keyness([], ["a", "b"], {"a": 2, "b": 2}, min_docs=2)
        assert narrate.phrase_keyness(empty, term_counts([("p", 3, 1), ("q", 3, 1)]), self.WORDS) == (
            "2 phrases pass the collocation test, and there is no phrase table to compare: none is used by at "
            "least 2 documents of the group it leans to (`min_docs`). The words above carry the comparison; "
            "lower `min_docs` to see the phrases one document carries."
        )

    def test_two_groups_one_of_a_single_document(self):
        top = pd.DataFrame(
            [("local law", "a", 1.989, 9, 1, 2, 1), ("trust cooperation", "a", 1.263, 3, 0, 2, 0),
             ("criminal aliens", "b", -2.302, 0, 9, 0, 1)],
            columns=["term", "group", "score", "count_a", "count_b", "docs_a", "docs_b"],
        )
        top.attrs = {"groups": ["a", "b"], "group_sizes": {"a": 2, "b": 1}, "comparison": "pair", "alpha0": 50.0,
                     "n_uses": 170, "prior_share": 50 / 170}
        assert narrate.phrase_keyness(top, term_counts([("p", 1, 1)] * 3), self.WORDS) == (
            "By log-odds, the strongest phrases (top |z| = 2.30) are, for *a*, *local law* (9 uses in 2 of its 2 "
            "documents) and *trust cooperation* (3 uses in 2 of its 2 documents); for *b*, *criminal aliens* "
            "(9 uses in its single document). The phrase prior of 50 is 29% of the 170 phrase uses, the word "
            "prior of 500 30% of the 1,673 word uses. Like the words' z, the phrases' z counts uses, not "
            "documents: it ranks the phrases, it does not test them."
        )

    def test_three_groups_one_without_phrases(self):
        top = pd.DataFrame([("city council", "c", 0.56, 2, 0, 2, 0)],
                           columns=["term", "group", "score", "count_a", "count_b", "docs_a", "docs_b"])
        top.attrs = {"groups": ["a", "b", "c"], "group_sizes": {"a": 5, "b": 5, "c": 2}, "comparison": "one-vs-rest",
                     "alpha0": 50.0, "n_uses": 21, "prior_share": 50 / 21}
        assert narrate.phrase_keyness(top, term_counts([("p", 1, 1)] * 4), self.WORDS).startswith(
            "By log-odds, the strongest phrases (top |z| = 0.56) are, for *a*, none passes the dispersion filter; "
            "for *b*, none passes the dispersion filter; for *c*, *city council* (2 uses in 2 of its 2 documents). "
            "The phrase prior of 50 is 238% of the 21 phrase uses"
        )


def seed_top(rows, groups=("anti-cooperation", "pro-cooperation"), n_docs=(2, 3)) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["term", "group", "docs_a", "docs_b"])
    out.attrs = {"groups": list(groups), "comparison": "pair", "group_sizes": dict(zip(groups, n_docs))}
    return out


ANTI, PRO = "anti-cooperation", "pro-cooperation"


class TestSeedKeynessLists:
    def test_both_lists(self):
        words = seed_top([("local", ANTI, 2, 3), ("trust", ANTI, 2, 0), ("fear", ANTI, 2, 0),
                          ("ice", PRO, 2, 3), ("aliens", PRO, 0, 3), ("sanctuary", PRO, 1, 3)])
        phrases = seed_top([("criminal aliens", PRO, 0, 3), ("commit crimes", PRO, 0, 2)])
        assert narrate.seed_keyness_lists(words, phrases) == (
            "**Reading the seed corpus.** The pro-cooperation lists name the targets and the machinery of "
            "enforcement (*aliens* and *sanctuary* are among its top 3 words, and *criminal aliens* is among its "
            "top phrases), while the anti-cooperation list talks about local government and the people policing "
            "depends on (*trust* and *fear* are among its top 3). Each of these anti-cooperation words is used "
            "by both anti-cooperation documents, the ACLU letter and the Bozeman police statement, so none is "
            "one author's habit; but two documents are still two voices, and the stability check below shows "
            "how quickly such lists change."
        )

    def test_a_word_of_one_anti_document_is_said_to_be_one(self):
        words = seed_top([("trust", ANTI, 2, 0), ("civil", ANTI, 1, 0)])
        assert narrate.seed_keyness_lists(words, words.head(0)) == (
            "**Reading the seed corpus.** The anti-cooperation list talks about local government and the people "
            "policing depends on (*trust* and *civil* are among its top 2). Of these anti-cooperation words, "
            "*civil* is used by only one of the two anti-cooperation documents: one author's habit, not yet a "
            "camp's. The stability check below shows how quickly such lists change."
        )

    def test_none_of_the_words_listed(self):
        assert narrate.seed_keyness_lists(seed_top([("x", ANTI, 2, 0)]), seed_top([])) == (
            "**Reading the seed corpus.** With these settings, none of the words the seed commentary discusses "
            "is among the camps' top lists."
        )


class TestMethodsAgreement:
    def tops(self):
        g2 = table({"groups": ["a", "b"]}, term=["trust", "fear", "law", "crime"], group=["a", "a", "a", "b"])
        lo = table({"groups": ["a", "b"]}, term=["trust", "risk", "jail"], group=["a", "a", "b"])
        return g2, lo

    def test_two_groups(self):
        g2, lo = self.tops()
        assert narrate.methods_agreement(g2, lo, table(p_value=[0.5, 1.9e-4])) == (
            "G² and log-odds agree on only some of the top terms: for *a*, 1 of its top 3 terms is the same; for "
            "*b*, none of its top 1 term is the same. The chi-square p-values beside G² assume every token is an "
            "independent draw, which words in an argument are not, so they are far too small; the smallest here "
            "is 1.9e-04. The document-level checks below are the honest measure."
        )

    def test_most(self):
        g2 = table({"groups": ["a", "b", "c"]}, term=["x", "y", "z"], group=["a", "a", "c"])
        assert narrate.methods_agreement(g2, g2, table(p_value=[0.01])).startswith(
            "G² and log-odds agree on most of the top terms: for *a*, 2 of its top 2 terms are the same; for *c*, "
            "1 of its top 1 term is the same."
        )

    def test_empty(self):
        empty = table({"groups": ["a", "b"]}, term=[], group=[])
        assert narrate.methods_agreement(empty, empty, table(p_value=[])) == (
            "Neither G² nor log-odds lists a word that passes the dispersion filter, so there is nothing to compare."
        )


def stability_table(rows, groups, resampling="leave-one-out", n_resamples=5, top_n=10) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["term", "group", "stability"])
    out.attrs = {"groups": groups, "top_n": top_n, "resampling": resampling, "n_resamples": n_resamples}
    return out


class TestStabilitySummary:
    def test_two_groups(self):
        stable = stability_table([("local", "a", 1.0), ("without", "a", 0.4), ("federal", "a", 0.4),
                                  ("ice", "b", 0.8), ("commit", "b", 0.2)], ["a", "b"])
        assert narrate.stability_summary(stable) == (
            "Resampling: leave-one-out, 5 resamples. Of *a*'s top 3, 1 stays in the top 10 in every resample "
            "(*local*), and 2 drop out in more than half of them (*without* and *federal*). Of *b*'s top 2, none "
            "stays in the top 10 in every resample, and 1 drops out in more than half of them (*commit*)."
        )

    def test_three_groups_bootstrap_and_long_lists(self):
        rows = [(f"w{i}", "a", 1.0) for i in range(7)] + [("x", MD, 0.6)]
        stable = stability_table(rows, ["a", "b", MD], resampling="bootstrap (seed 0)", n_resamples=200, top_n=7)
        assert narrate.stability_summary(stable) == (
            "Resampling: bootstrap (seed 0), 200 resamples. Of *a*'s top 7, 7 stay in the top 7 in every "
            "resample (*w0*, *w1*, *w2*, *w3*, *w4* and *w5*, …). "
            f"Of {MD_QUOTED}'s top 1, none stays in the top 7 in every resample."
        )

    def test_empty(self):
        assert narrate.stability_summary(stability_table([], ["a", "b"])) == (
            "No word passes the dispersion filter, so there is no top list to resample."
        )


def perm_table(rows, max_exact=5000) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["term", "group", "p_value", "min_p", "p_adjusted", "n_relabelings", "exact"])
    out.attrs = {"max_exact": max_exact}
    return out


END = "Claims about a group's vocabulary below are only as firm as these numbers."


class TestPermutationSummary:
    def test_a_floor_above_005(self):
        perm = perm_table([("local", "a", 0.1, 0.1, 0.7, 10, True), ("ice", "b", 0.5, 0.1, 0.9, 10, True)])
        assert narrate.permutation_summary(perm, perm[["term", "group"]]) == (
            "The permutation test enumerates all 10 relabellings of the documents, so no p-value can be below "
            "0.1: no word's difference can reach p ≤ 0.05 here, however large its z (the smallest `p_adjusted` "
            "is 0.7). " + END
        )

    def test_large_corpus_counts_adjusted_and_raw(self):
        perm = perm_table([("a1", "no", 0.005, 0.005, 0.005, 200, False), ("a2", "no", 0.01, 0.005, 0.2, 200, False),
                           ("b1", "yes", 0.5, 0.005, 0.9, 200, False)])
        assert narrate.permutation_summary(perm, perm[["term", "group"]]) == (
            "The permutation test draws 200 random relabellings of the documents, so no p-value can be below "
            "0.005. Once adjusted for choosing them from the whole vocabulary (`p_adjusted`), 1 of the 3 top "
            "words reaches p ≤ 0.05; on the raw `p_value`, which ignores that choice, 2 would. " + END
        )

    def test_none_reaches(self):
        perm = perm_table([("a1", "a", 0.3, 0.008, 0.9, 252, True)])
        assert "none of the 1 top words reaches p ≤ 0.05; on the raw `p_value`, which ignores that choice, none " \
               "would." in narrate.permutation_summary(perm, perm[["term", "group"]])

    def test_three_groups_counts_only_each_groups_own_top_words(self):
        # "tenants" is in b's top list; it also leans to c and was tested there: that row is not counted
        perm = perm_table([("rent", "a", 0.01, 1 / 792, 0.04, 792, True),
                           ("tenants", "b", 0.02, 1 / 792, 0.3, 792, True),
                           ("tenants", "c", 0.01, 1 / 66, 0.01, 66, True),
                           ("studies", "c", 0.03, 1 / 66, 0.2, 66, True)])
        stable = table(term=["rent", "tenants", "studies"], group=["a", "b", "c"])
        assert narrate.permutation_summary(perm, stable) == (
            "The permutation test enumerates every relabelling of the documents (66 to 792, depending on the "
            "group), so no p-value can be below 0.00126 (for *c*, with the fewest, not below 0.0152). Once "
            "adjusted for choosing them from the whole vocabulary (`p_adjusted`), 1 of the 3 top words reaches "
            "p ≤ 0.05; on the raw `p_value`, which ignores that choice, 3 would. " + END
        )

    def test_some_groups_exact_some_drawn(self):
        perm = perm_table([("x", "a", 0.3, 0.005, 0.9, 200, False), ("y", "b", 0.3, 0.001, 0.9, 1000, True)])
        assert narrate.permutation_summary(perm, perm[["term", "group"]]).startswith(
            "The permutation test enumerates every relabelling of the documents where there are at most 5,000 and "
            "draws 200 random ones elsewhere, so no p-value can be below 0.001 (for *a*, with the fewest, not "
            "below 0.005)."
        )

    def test_empty(self):
        assert narrate.permutation_summary(perm_table([]), table(term=[], group=[])) == (
            "No word was tested: no group has a listed word that passes the dispersion filter."
        )


def contested_table(rows, comparison="pair") -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["term", "group", "score", "count_a", "count_b"])
    out.attrs = {"min_count": 3, "max_abs_z": 1.96, "comparison": comparison}
    return out


class TestContestedSummary:
    def test_two_groups_names_the_five_most_shared(self):
        rows = [(t, "a", z, ca, cb) for t, z, ca, cb in [("enforcement", 1.499, 22, 23), ("immigration", 1.846, 23, 21),
                                                         ("law", 1.069, 15, 17), ("federal", 1.733, 16, 13),
                                                         ("cooperation", 0.949, 8, 8), ("public", 0.747, 5, 5)]]
        assert narrate.contested_summary(contested_table(rows)) == (
            "6 terms are contested in this sense; the most used on both sides are *enforcement* (22 vs 23 uses, "
            "z = 1.50), *immigration* (23 vs 21 uses, z = 1.85), *law* (15 vs 17 uses, z = 1.07), *federal* (16 vs "
            "13 uses, z = 1.73) and *cooperation* (8 vs 8 uses, z = 0.95)."
        )

    def test_three_groups_name_each_term_once(self):
        rows = [("rent", "b", 0.42, 8, 11), ("rent", MD, -0.09, 6, 13), ("control", "a", 0.37, 5, 7)]
        assert narrate.contested_summary(contested_table(rows, "one-vs-rest")) == (
            "2 terms are contested in this sense; the most used on both sides are *rent* (*b* vs the rest: 8 vs "
            f"11 uses, z = 0.42; {MD_QUOTED} vs the rest: 6 vs 13 uses, z = -0.09) and *control* (*a* vs the "
            "rest: 5 vs 7 uses, z = 0.37)."
        )

    def test_empty(self):
        assert narrate.contested_summary(contested_table([])) == (
            "No term is used at least 3 times by each side with |z| below 1.96."
        )


CAVEAT = ("Each list rests on the term's uses in that group (column `hits` of the collocates table), so a "
          "neighbour seen twice in one document is a lead to read, not a finding.")


class TestCollocateReadings:
    def test_two_groups_first_three_terms_three_neighbours(self):
        company = table(term=["law"] * 5 + ["rent"] * 2 + ["city", "tax"],
                        group=["a", "a", "a", "a", "b", "a", "b", "a", "a"],
                        collocate=["order", "court", "judge", "jury", "enforcement", "control", "control", "hall", "cut"])
        assert narrate.collocate_readings(company, ["law", "rent", "city", "tax"]) == (
            "Strongest neighbours per group. *law*: with *a* it keeps company with *order*, *court* and *judge*; "
            "with *b* it keeps company with *enforcement*. *rent*: with *a* it keeps company with *control*; with "
            "*b* it keeps company with *control*. *city*: with *a* it keeps company with *hall*. " + CAVEAT
        )

    def test_a_term_without_neighbours_is_left_out(self):
        company = table(term=["rent"], group=[MD], collocate=["<b>"])
        assert narrate.collocate_readings(company, ["law", "rent"]) == (
            f"Strongest neighbours per group. *rent*: with {MD_QUOTED} it keeps company with *&lt;b&gt;*. " + CAVEAT
        )

    def test_no_contested_terms(self):
        assert narrate.collocate_readings(table(term=[], group=[], collocate=[]), []) == (
            "With no contested terms, there are no collocates to compare."
        )

    def test_no_neighbours_at_all(self):
        assert narrate.collocate_readings(table(term=[], group=[], collocate=[]), ["law"]) == (
            "None of these words has a neighbour seen often enough within its window to list, in any group."
        )


class TestSeedCooperation:
    def contested(self):
        out = pd.DataFrame([("cooperation", ANTI, 0.949, 8, 8, 13.5, 7.4)],
                           columns=["term", "group", "score", "count_a", "count_b", "rate_a", "rate_b"])
        out.attrs = {"groups": [ANTI, PRO], "comparison": "pair"}
        return out

    def test_rates_and_neighbours(self):
        company = table(term=["cooperation"] * 4, group=[ANTI, ANTI, PRO, PRO],
                        collocate=["trust", "immigrant", "prevent", "jurisdictions"])
        assert narrate.seed_cooperation(self.contested(), company) == (
            "**Reading the seed corpus.** The anti-cooperation documents use *cooperation* 8 times and the "
            "pro-cooperation documents 8 times; for their length, the anti-cooperation documents use it more "
            "often (13.5 against 7.4 uses per 1,000 words counted, stop words left out). Its z of 0.95 does not "
            "set it apart: it is shared ground, but not about the same thing. On the anti-cooperation side its "
            "closest neighbours are *trust* and *immigrant*: the cooperation of immigrant residents with the "
            "police, which enforcement would cost. On the pro-cooperation side they are *prevent* and "
            "*jurisdictions*: the cooperation of local jurisdictions with ICE, which sanctuary policies prevent. "
            "The concordance lines below let you check."
        )

    def test_no_reading_without_the_neighbours_it_rests_on(self):
        company = table(term=["cooperation"], group=[PRO], collocate=["program"])
        text = narrate.seed_cooperation(self.contested(), company)
        assert "On the pro-cooperation side its closest neighbours are *program*. The concordance" in text
        assert "anti-cooperation side" not in text

    def test_absent(self):
        assert narrate.seed_cooperation(self.contested().head(0), table(term=[])) == (
            "**Reading the seed corpus.** With these settings *cooperation* is not among the contested terms, so "
            "its two meanings are not compared here."
        )


class TestVocabularySummary:
    def test_with_tested_words(self):
        perm = perm_table([("local", "a", 0.1, 0.1, 0.7, 10, True), ("ice", "b", 0.5, 0.1, 0.9, 10, True)])
        stable = stability_table([("local", "a", 1.0), ("ice", "b", 0.8)], ["a", "b"])
        assert narrate.vocabulary_summary(lengths_of(a=2, b=3), perm, stable) == (
            "This chapter rests on 5 documents (2 documents labelled *a* and 3 documents labelled *b*). The "
            "smallest p-value its permutation test can give is 0.1, none of its 2 top words reaches p ≤ 0.05 once "
            "adjusted for how the words were chosen, and the stability column says which listed words survive "
            "resampling the documents, by leave-one-out. The framing chapter next asks the same questions of "
            "whole considerations rather than single words."
        )

    def test_nothing_tested(self):
        empty = stability_table([], ["a", "b"])
        assert narrate.vocabulary_summary(lengths_of(a=1, b=1), perm_table([]), empty) == (
            "This chapter rests on 2 documents (1 document labelled *a* and 1 document labelled *b*). No word "
            "passed the dispersion filter, so it lists no group vocabulary to test. The framing chapter next asks "
            "the same questions of whole considerations rather than single words."
        )


@pytest.mark.parametrize("name", ["seed_question", "seed_stance_and_genre", "seed_keyness_lists", "seed_cooperation"])
def test_seed_commentary_is_marked_as_such(name):
    """Every seed_* sentence opens with the marker the notebooks gate it under."""
    function = getattr(narrate, name)
    examples = {
        "seed_question": (),
        "seed_stance_and_genre": (table(label=["a"], genre=["news"]),),
        "seed_keyness_lists": (seed_top([]), seed_top([])),
        "seed_cooperation": (table(term=[]), table(term=[])),
    }
    assert function(*examples[name]).startswith("**Reading the seed corpus.**")
