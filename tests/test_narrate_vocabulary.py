"""Tests for corpus_utils.narrate.vocabulary (chapter 02): each sentence, written out in full, from small hand-made tables.

The tables have the columns and ``attrs`` the analysis functions return (see their docstrings); the
cases are two groups, three groups (one-vs-rest), a group of one document, empty results, a large
corpus (200 documents per group) and a label full of Markdown, which must come out escaped.
"""

from __future__ import annotations

import pandas as pd

from corpus_utils import narrate
from narrate_tables import MD, MD_QUOTED, columns_table, lengths_of


def term_counts(rows, **attrs) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["term", "count", "docs"])
    out.attrs = attrs
    return out


class TestWorkedIdf:
    def idf(self, smooth=True):
        return columns_table({"n_docs": 5, "smooth_idf": smooth}, term=["law", "trust", "fear"], count=[9, 4, 2],
                     docs=[5, 4, 1], idf=[1.0, 1.182, 2.099])

    def test_the_most_frequent_listed_term_that_some_document_lacks(self):
        top = columns_table(term=["fear", "law", "trust"])
        assert narrate.worked_idf(self.idf(), top) == (
            "A worked idf: *trust* is used in 4 of 5 documents, so its idf is ln((1 + 5) / (1 + 4)) + 1 = 1.182; "
            "a term used in every document has idf ln(1) + 1 = 1."
        )

    def test_unsmoothed(self):
        assert "its idf is ln(5 / 1) + 1 = 2.099" in narrate.worked_idf(self.idf(smooth=False), columns_table(term=["fear"]))

    def test_empty_top_list_falls_back_to_the_most_frequent_term(self):
        assert narrate.worked_idf(self.idf(), columns_table(term=[])).startswith(
            "A worked idf: *law* is used in 5 of 5 documents, so its idf is ln((1 + 5) / (1 + 5)) + 1 = 1.000;"
        )


class TestLeaningTerms:
    def test_three_groups_one_without_a_listed_word(self):
        top = columns_table({"groups": ["a", "b", MD]}, term=["trust", "fear", "law", "crime", "jail", "cost", "risk"],
                    group=["a", "a", "a", "a", "a", "a", "b"])
        assert narrate.leaning_terms(top, "mean TF-IDF") == (
            "By mean TF-IDF, *a* leans most on *trust*, *fear*, *law*, *crime* and *jail*. "
            "By mean TF-IDF, *b* leans most on *risk*. "
            f"By mean TF-IDF, no word of {MD_QUOTED} passes the dispersion filter."
        )


def keyness(rows, groups, n_docs, comparison="pair", min_docs=2, **attrs) -> pd.DataFrame:
    """A keyness table with its top words' intervals and support: rows of (term, group, score, docs_a, docs_b,
    score_low, score_high, support); the interval and support default to (score - 1, score + 1, "consistent")."""
    rows = [r if len(r) == 8 else (*r, r[2] - 1.0, r[2] + 1.0, "consistent") for r in rows]
    out = pd.DataFrame(rows, columns=["term", "group", "score", "docs_a", "docs_b", "score_low", "score_high", "support"])
    out.attrs = {"groups": groups, "group_sizes": n_docs, "comparison": comparison, "min_docs": min_docs, **attrs}
    return out


FEW = "with documents this few, read z as a ranking, not as a significance test."
MANY = ("z counts words as independent draws, which words in an argument are not, so read it as a ranking; the "
        "permutation test below asks the question of whole documents.")
ONE, SHAKY, FIRM = "carried by one document", "unstable", "consistent"


class TestKeynessTopTerms:
    def test_two_groups_one_of_a_single_document(self):
        top = keyness([("trust", "a", 2.5, 2, 0, 1.2, 3.1, FIRM), ("fear", "a", 2.0, 1, 0, 0.4, 2.6, ONE),
                       ("crime", "b", -1.2, 0, 1, -2.0, -0.3, ONE)], ["a", "b"], {"a": 2, "b": 1})
        assert narrate.keyness_top_terms(top, top) == (
            "The words that lean most to *a* are *trust* and *fear* (*trust*: z = 2.50, 95% interval 1.20 to 3.10). Of "
            "its top 2, 1 is consistent (*trust*) and 1 carried by one document (*fear*). The word that leans most "
            "to *b* is *crime* (z = -1.20, 95% interval -2.00 to -0.30). *b* has a single document, so this is that "
            "document's word, not a group's. Across the table, 2 words reach |z| ≥ 1.96; " + FEW
        )

    def test_a_word_every_document_uses_is_still_said_to_be_carried_by_one_when_its_support_says_so(self):
        # both documents of a use trust, but one supplies most of its uses: the sentence follows the support
        # column and never says the word rests on several documents
        top = keyness([("trust", "a", 1.8, 2, 0, 1.3, 2.2, ONE), ("fear", "a", 1.8, 2, 0, 1.3, 2.2, ONE)],
                      ["a", "b"], {"a": 2, "b": 3})
        text = narrate.keyness_top_terms(top, top)
        assert "Of its top 2, both are carried by one document (*trust* and *fear*)." in text
        assert "every one of its" not in text and "both documents" not in text

    def test_group_b_reads_its_own_rows(self):
        top = keyness([("trust", "a", 1.0, 1, 3), ("crime", "b", -3.0, 1, 3, -4.0, -2.5, FIRM),
                       ("jail", "b", -2.0, 0, 2, -3.0, 0.5, SHAKY)], ["a", "b"], {"a": 3, "b": 3})
        assert ("The words that lean most to *b* are *crime* and *jail* (*crime*: z = -3.00, 95% interval -4.00 to "
                "-2.50). Of its top 2, 1 is consistent (*crime*) and 1 unstable (*jail*).") in narrate.keyness_top_terms(top, top)

    def test_three_groups_one_vs_rest(self):
        top = keyness([("trust", "a", 2.1, 2, 0), ("crime", "b", 1.5, 1, 1, 0.2, 2.0, ONE),
                       ("cost", "c", 1.0, 3, 4, -0.1, 1.9, SHAKY)],
                      ["a", "b", "c"], {"a": 2, "b": 2, "c": 3}, comparison="one-vs-rest")
        assert narrate.keyness_top_terms(top, top) == (
            "The word that leans most to *a* is *trust* (z = 2.10, 95% interval 1.10 to 3.10). It is consistent. The word "
            "that leans most to *b* is *crime* (z = 1.50, 95% interval 0.20 to 2.00). It is carried by one document. "
            "The word that leans most to *c* is *cost* (z = 1.00, 95% interval -0.10 to 1.90). It is unstable. Across the "
            "table, 1 word reaches |z| ≥ 1.96; " + FEW
        )

    def test_a_group_without_listed_words_and_a_long_list(self):
        rows = [(f"w{i}", "a", 3.0 - 0.1 * i, 2, 0, 1.0, 2.0, ONE if i < 6 else FIRM) for i in range(8)]
        top = keyness(rows, ["a", MD], {"a": 3, MD: 2})
        assert narrate.keyness_top_terms(top, top) == (
            "The words that lean most to *a* are *w0*, *w1*, *w2*, *w3* and *w4* (*w0*: z = 3.00, 95% interval 1.00 to "
            "2.00). Of its top 8, 2 are consistent (*w6* and *w7*) and 6 carried by one document (*w0*, *w1*, *w2*, "
            f"*w3* and 2 more). No word passes the dispersion filter for {MD_QUOTED}. Across the table, 8 words reach "
            "|z| ≥ 1.96; " + FEW
        )

    def test_empty_table(self):
        empty = keyness([], ["a", "b"], {"a": 2, "b": 2})
        assert narrate.keyness_top_terms(empty, empty) == (
            "No word passes the dispersion filter: none is used by at least 2 documents of the group it leans "
            "to, so every difference in this corpus is one document's habit and there is no group vocabulary "
            "to list. Lower `min_docs` to see those words anyway, knowing what they rest on."
        )

    def test_large_corpus_is_not_called_few(self):
        top = keyness([("prices", "no", 8.97, 150, 20, 6.4, 12.7, FIRM), ("eviction", "yes", -9.07, 10, 160)],
                      ["no", "yes"], {"no": 200, "yes": 200})
        text = narrate.keyness_top_terms(top, top)
        assert "this few" not in text
        assert text.endswith("Across the table, 2 words reach |z| ≥ 1.96; " + MANY)
        assert "The word that leans most to *no* is *prices* (z = 8.97, 95% interval 6.40 to 12.70). It is consistent." in text

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


class TestMethodsAgreement:
    def tops(self):
        g2 = columns_table({"groups": ["a", "b"]}, term=["trust", "fear", "law", "crime"], group=["a", "a", "a", "b"])
        lo = columns_table({"groups": ["a", "b"]}, term=["trust", "risk", "jail"], group=["a", "a", "b"])
        return g2, lo

    def test_two_groups(self):
        g2, lo = self.tops()
        assert narrate.methods_agreement(g2, lo, columns_table(p_value=[0.5, 1.9e-4])) == (
            "G² and log-odds agree on only some of the top terms: for *a*, 1 of its top 3 terms is the same; for "
            "*b*, none of its top 1 term is the same. The chi-square p-values beside G² assume every token is an "
            "independent draw, which words in an argument are not, so they are far too small; the smallest here "
            "is p = 0.00019. The document-level checks below are the honest measure."
        )

    def test_a_p_value_that_underflowed_is_written_as_a_bound(self):
        # the chi-square p-value of a large G² underflows to 0: it is below the printable range, never 0
        g2, lo = self.tops()
        text = narrate.methods_agreement(g2, lo, columns_table(p_value=[0.0, 0.3]))
        assert "the smallest here is p < 10⁻³⁰⁰." in text and "0.0e+00" not in text

    def test_most(self):
        g2 = columns_table({"groups": ["a", "b", "c"]}, term=["x", "y", "z"], group=["a", "a", "c"])
        assert narrate.methods_agreement(g2, g2, columns_table(p_value=[0.01])).startswith(
            "G² and log-odds agree on most of the top terms: for *a*, 2 of its top 2 terms are the same; for *c*, "
            "1 of its top 1 term is the same."
        )

    def test_empty(self):
        empty = columns_table({"groups": ["a", "b"]}, term=[], group=[])
        assert narrate.methods_agreement(empty, empty, columns_table(p_value=[])) == (
            "Neither G² nor log-odds lists a word that passes the dispersion filter, so there is nothing to compare."
        )


def stability_table(rows, groups, resampling="leave-one-out", n_resamples=5, top_n=10, seed=0) -> pd.DataFrame:
    """A keyness.stability table: rows of (term, group, stability), or (term, group, stability, score, score_low,
    score_high, support); the score defaults to 2 with the interval (1, 3), consistent."""
    rows = [r if len(r) == 7 else (*r, 2.0, 1.0, 3.0, FIRM) for r in rows]
    out = pd.DataFrame(rows, columns=["term", "group", "stability", "score", "score_low", "score_high", "support"])
    out.attrs = {"groups": groups, "top_n": top_n, "resampling": resampling, "n_resamples": n_resamples,
                 "interval_level": 0.95, "interval_resamples": 200, "interval_seed": seed}
    return out


INTERVALS = "The 95% intervals of z come from 200 bootstrap resamples of the documents, drawn within each group"


class TestStabilitySummary:
    def test_two_groups(self):
        stable = stability_table([("local", "a", 1.0), ("without", "a", 0.4), ("federal", "a", 0.4, 1.73, -0.05, 3.27, ONE),
                                  ("ice", "b", 0.8, -2.27, -4.75, 0.21, ONE), ("commit", "b", 0.2)], ["a", "b"])
        assert narrate.stability_summary(stable) == (
            "Resampling: leave-one-out, 5 resamples. Of *a*'s top 3, 1 stays in the top 10 in every resample "
            "(*local*), and 2 drop out in more than half of them (*without* and *federal*). Of *b*'s top 2, none "
            "stays in the top 10 in every resample, and 1 drops out in more than half of them (*commit*). "
            + INTERVALS + " (seed 0): 3 of the 5 listed words' intervals exclude 0; 2 include 0: *federal* (z = 1.73, "
            "95% interval -0.05 to 3.27) and *ice* (z = -2.27, 95% interval -4.75 to 0.21)."
        )

    def test_three_groups_bootstrap_and_long_lists(self):
        rows = [(f"w{i}", "a", 1.0) for i in range(7)] + [("x", MD, 0.6, 0.9, 0.0, 1.8, SHAKY)]
        stable = stability_table(rows, ["a", "b", MD], resampling="bootstrap (seed 4)", n_resamples=200, top_n=7, seed=4)
        assert narrate.stability_summary(stable) == (
            "Resampling: bootstrap (seed 4), 200 resamples. Of *a*'s top 7, 7 stay in the top 7 in every "
            "resample (*w0*, *w1*, *w2*, *w3*, *w4* and *w5*, …). "
            f"Of {MD_QUOTED}'s top 1, none stays in the top 7 in every resample. " + INTERVALS + " (seed 4): 7 of the "
            "8 listed words' intervals exclude 0; *x*'s includes 0: *x* (z = 0.90, 95% interval 0.00 to 1.80)."
        )

    def test_every_interval_excludes_0(self):
        stable = stability_table([("rent", "a", 1.0), ("lease", "b", 1.0, -2.5, -3.0, -1.5, FIRM)], ["a", "b"])
        assert narrate.stability_summary(stable).endswith(INTERVALS + " (seed 0): every listed word's interval excludes 0.")

    def test_every_interval_includes_0(self):
        stable = stability_table([("rent", "a", 1.0, 0.5, -0.5, 1.5, SHAKY), ("lease", "b", 1.0, -0.5, -1.5, 0.5, SHAKY)],
                                 ["a", "b"])
        assert narrate.stability_summary(stable).endswith(
            INTERVALS + " (seed 0): none of the 2 listed words' intervals exclude 0; 2 include 0: *rent* (z = 0.50, "
            "95% interval -0.50 to 1.50) and *lease* (z = -0.50, 95% interval -1.50 to 0.50).")

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

    def test_the_support_of_the_words_that_reach_it(self):
        perm = perm_table([("a1", "no", 0.005, 0.005, 0.005, 200, False), ("a2", "no", 0.005, 0.005, 0.01, 200, False),
                           ("a3", "no", 0.005, 0.005, 0.03, 200, False), ("b1", "yes", 0.5, 0.005, 0.9, 200, False)])
        stable = columns_table(term=["a1", "a2", "a3", "b1"], group=["no", "no", "no", "yes"],
                               support=[FIRM, ONE, FIRM, SHAKY])
        assert narrate.permutation_summary(perm, stable) == (
            "The permutation test draws 200 random relabellings of the documents, so no p-value can be below "
            "0.005. Once adjusted for choosing them from the whole vocabulary (`p_adjusted`), 3 of the 4 top "
            "words reach p ≤ 0.05; on the raw `p_value`, which ignores that choice, 3 would. Of the words that "
            "reach it, 2 are consistent (*a1* and *a3*) and 1 carried by one document (*a2*). " + END
        )

    def test_the_one_word_that_reaches_it_is_named_with_its_support(self):
        perm = perm_table([("a1", "no", 0.005, 0.005, 0.005, 200, False), ("b1", "yes", 0.5, 0.005, 0.9, 200, False)])
        stable = columns_table(term=["a1", "b1"], group=["no", "yes"], support=[ONE, FIRM])
        assert ("1 of the 2 top words reaches p ≤ 0.05; on the raw `p_value`, which ignores that choice, 1 would. The "
                "word that reaches it, *a1*, is carried by one document. " + END) in narrate.permutation_summary(perm, stable)

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
        stable = columns_table(term=["rent", "tenants", "studies"], group=["a", "b", "c"])
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
        assert narrate.permutation_summary(perm_table([]), columns_table(term=[], group=[])) == (
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
        company = columns_table(term=["law"] * 5 + ["rent"] * 2 + ["city", "tax"],
                        group=["a", "a", "a", "a", "b", "a", "b", "a", "a"],
                        collocate=["order", "court", "judge", "jury", "enforcement", "control", "control", "hall", "cut"])
        assert narrate.collocate_readings(company, ["law", "rent", "city", "tax"]) == (
            "Strongest neighbours per group. *law*: with *a* it keeps company with *order*, *court* and *judge*; "
            "with *b* it keeps company with *enforcement*. *rent*: with *a* it keeps company with *control*; with "
            "*b* it keeps company with *control*. *city*: with *a* it keeps company with *hall*. " + CAVEAT
        )

    def test_a_term_without_neighbours_is_left_out(self):
        company = columns_table(term=["rent"], group=[MD], collocate=["<b>"])
        assert narrate.collocate_readings(company, ["law", "rent"]) == (
            f"Strongest neighbours per group. *rent*: with {MD_QUOTED} it keeps company with *&lt;b&gt;*. " + CAVEAT
        )

    def test_no_contested_terms(self):
        assert narrate.collocate_readings(columns_table(term=[], group=[], collocate=[]), []) == (
            "With no contested terms, there are no collocates to compare."
        )

    def test_no_neighbours_at_all(self):
        assert narrate.collocate_readings(columns_table(term=[], group=[], collocate=[]), ["law"]) == (
            "None of these words has a neighbour seen often enough within its window to list, in any group."
        )


class TestKeynessGroupNamedFor:
    def test_a_group_whose_name_starts_with_for_never_reads_for_for(self):
        top = keyness([("tenants", "for-rent-control", -1.3, 0, 5)], ["against-rent-control", "for-rent-control"],
                      {"against-rent-control": 5, "for-rent-control": 5})
        text = narrate.keyness_top_terms(top, top)
        assert "For *for" not in text
        assert text.startswith("No word passes the dispersion filter for *against-rent-control*. The word that leans "
                               "most to *for-rent-control* is *tenants* (z = -1.30, 95% interval -2.30 to -0.30).")


def opening_tables(rows, groups, n_docs, perm_rows, comparison="pair"):
    """(stable, perm) for vocabulary_opening: rows of (term, group, support); perm_rows of (min_p, p_adjusted)."""
    stable = pd.DataFrame(rows, columns=["term", "group", "support"])
    stable.attrs = {"groups": groups, "group_sizes": n_docs, "comparison": comparison, "min_docs": 2}
    perm = pd.DataFrame([(t, g, floor, floor, adj) for (t, g, _), (floor, adj) in zip(rows, perm_rows)],
                        columns=["term", "group", "p_value", "min_p", "p_adjusted"])
    return stable, perm


def phrases_of(rows, groups):
    out = pd.DataFrame(rows, columns=["term", "group"])
    out.attrs = {"groups": groups}
    return out


class TestVocabularyOpening:
    def test_two_groups_with_phrases_at_a_high_floor(self):
        stable, perm = opening_tables([("local", "a", ONE), ("trust", "a", FIRM), ("ice", "b", SHAKY)], ["a", "b"],
                                      {"a": 2, "b": 3}, [(0.1, 0.7), (0.1, 0.9), (0.1, 0.9)])
        phrases = phrases_of([("local law", "a"), ("federal government", "a"), ("criminal aliens", "b")], ["a", "b"])
        assert narrate.vocabulary_opening(stable, perm, phrases) == (
            "The words that lean most to *a* are *local* and *trust*; the word that leans most to *b* is *ice*. "
            "Among two-word phrases, *local law* leans most to *a* and *criminal aliens* leans most to *b*. Of the 3 "
            "listed words, 1 is consistent (*trust*), 1 unstable (*ice*) and 1 carried by one document (*local*) "
            "(judged by how much of a word one document supplies and by resampling the documents). No word's "
            "difference can reach p ≤ 0.05 in a test that shuffles the group labels among the documents: the "
            "smallest p-value it can give here is 0.1."
        )

    def test_three_groups_one_without_words_and_a_one_document_group(self):
        stable, perm = opening_tables([("crime", "a", FIRM), ("trust", "b", ONE)], ["a", "b", "c"],
                                      {"a": 3, "b": 1, "c": 4}, [(1 / 35, 0.2), (1 / 8, 0.5)], comparison="one-vs-rest")
        assert narrate.vocabulary_opening(stable, perm, phrases_of([], ["a", "b", "c"])) == (
            "The word that leans most to *a* is *crime*; the word that leans most to *b* is *trust*; no word that "
            "leans to *c* passes the dispersion filter. Of the 2 listed words, 1 is consistent (*crime*) and 1 "
            "carried by one document (*trust*) (judged by how much of a word one document supplies and by "
            "resampling the documents). In a test that shuffles the group labels among the documents, none of the 2 "
            "top words reaches p ≤ 0.05 once adjusted for choosing them from the whole vocabulary (the smallest "
            "p-value the test can give is 0.0286)."
        )

    def test_large_corpus_names_five_words_and_counts_those_that_pass(self):
        words = [(f"w{i}", "no", FIRM) for i in range(7)] + [("yes1", "yes", FIRM)]
        stable, perm = opening_tables(words, ["no", "yes"], {"no": 200, "yes": 200},
                                      [(1 / 201, 1 / 201)] * 3 + [(1 / 201, 0.3)] * 5)
        text = narrate.vocabulary_opening(stable, perm, phrases_of([], ["no", "yes"]))
        assert text.startswith("The words that lean most to *no* are *w0*, *w1*, *w2*, *w3* and *w4*; ")
        assert text.endswith("3 of the 8 top words reach p ≤ 0.05 once adjusted for choosing them from the whole "
                             "vocabulary (the smallest p-value the test can give is 0.00498).")
        assert "all 8 are consistent" in text

    def test_empty(self):
        stable, perm = opening_tables([], ["a", "b"], {"a": 1, "b": 1}, [])
        assert narrate.vocabulary_opening(stable, perm, phrases_of([], ["a", "b"])) == (
            "No word passes the dispersion filter: none is used by at least 2 documents of the group it leans to, "
            "so this corpus shows no group vocabulary, only single documents' habits."
        )

    def test_markdown_in_labels_and_terms(self):
        stable, perm = opening_tables([(MD, MD, FIRM)], [MD, "b"], {MD: 2, "b": 2}, [(0.1, 0.3)])
        text = narrate.vocabulary_opening(stable, perm, phrases_of([], [MD, "b"]))
        assert text.startswith(f"The word that leans most to {MD_QUOTED} is {MD_QUOTED}; no word that leans to *b*")


class TestVocabularyLimits:
    def test_without_metadata_names_no_author_or_genre(self):
        text = narrate.vocabulary_limits(["doc_id", "group", "text", "raw_text"])
        assert "author" not in text and "genre" not in text
        assert text.splitlines()[-1] == (
            "- The tests treat the groups as fixed and the documents as the evidence: whatever else the documents "
            "of a group share (who wrote them, where, when) is counted as the group's.")
        assert len(text.splitlines()) == 3

    def test_author_and_genre_named_when_recorded(self):
        assert narrate.vocabulary_limits(["doc_id", "group", "author", "genre"]).splitlines()[-1] == (
            "- The tests treat the groups as fixed and the documents as the evidence. This corpus records author "
            "and genre for its documents: where one group's documents share an author or a genre (see Chapter 1), "
            "no test can tell the group's words from the author's or the genre's.")


class TestSideHeaders:
    def test_pair_names_the_groups_as_plain_text(self):
        t = pd.DataFrame(columns=["count_a", "count_b"])
        t.attrs = {"comparison": "pair", "groups": ["against", "for\u202e"]}
        assert narrate.side_headers(t, "count", "uses by") == {"count_a": "uses by against", "count_b": "uses by for"}

    def test_one_vs_rest(self):
        t = pd.DataFrame(columns=["docs_a", "docs_b"])
        t.attrs = {"comparison": "one-vs-rest", "groups": ["a", "b", "c"]}
        assert narrate.side_headers(t, "docs", "documents of") == {"docs_a": "documents of its group",
                                                                   "docs_b": "documents of the rest"}
