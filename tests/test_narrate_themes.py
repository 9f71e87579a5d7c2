"""Tests for corpus_utils.narrate.themes (chapter 03's themes).

Each test builds by hand the small table a function of :mod:`corpus_utils.themes` returns and asserts the whole
sentence it must give: two groups and three (one-vs-rest), a one-document group, empty results, a large corpus
(numbers with thousands separators), a lexicon that fits and one that does not, and labels, sentences and document
ids full of markup, which stay text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_utils import narrate
from corpus_utils.report import reader_table
from narrate_tables import (CONSISTENT, MD, MD_DOLLAR, MD_DOLLAR_ESC, MD_QUOTED, ONE, UNSTABLE, compared_rows,
                            coverage_of, lengths_of, table, theme_rows_table)

SEED_THEMES = theme_rows_table(("police, crime, safety", 0.55, 1), ("rent, tenants, housing", 0.45, 3))


def seed_compared(**attrs):
    """Two seed-like themes: 2 *anti* and 3 *pro* documents, an exact test whose floor 0.1 is above 0.05."""
    return compared_rows([
        {"theme": "theme 1", "label": "police, crime, safety", "group_a": "anti", "group_b": "pro", "n_a": 2, "n_b": 3,
         "diff": 0.22, "diff_low": 0.108, "diff_high": 0.332, "docs_a": 1, "docs_b": 0, "support": ONE},
        {"theme": "theme 2", "label": "rent, tenants, housing", "group_a": "anti", "group_b": "pro", "n_a": 2, "n_b": 3,
         "diff": -0.169, "diff_low": -0.321, "diff_high": 0.022, "docs_a": 0, "docs_b": 3, "p_value": 0.4,
         "p_adjusted": 0.9, "loo_min": -0.2, "stable_sign": False, "support": UNSTABLE},
    ], **attrs)


LARGE = {"group_a": "fresh", "group_b": "rotten", "n_a": 6500, "n_b": 6400, "exact": False, "n_relabelings": 200,
         "min_p": 1 / 201, "p_value": 1 / 201}
LARGE_THEMES = theme_rows_table(("film, story, character", 0.3, 2034), ("bad, boring, plot", 0.25, 2400),
                                ("music, score, song", 0.1, 580), n_docs=12900)


def large_compared(**attrs):
    """Three themes of 12,900 reviews (Monte Carlo test, seed 3): two pass (the first at the test's floor, 1/201), the
    third does not."""
    return compared_rows([
        {**LARGE, "theme": "theme 1", "label": "film, story, character", "diff": 0.042, "diff_low": 0.019,
         "diff_high": 0.065, "docs_a": 1234, "docs_b": 800, "p_adjusted": 1 / 201},
        {**LARGE, "theme": "theme 2", "label": "bad, boring, plot", "diff": -0.031, "diff_low": -0.041, "diff_high": -0.021,
         "docs_a": 300, "docs_b": 2100, "p_adjusted": 3 / 201},
        {**LARGE, "theme": "theme 3", "label": "music, score, song", "diff": 0.002, "diff_low": -0.004, "diff_high": 0.008,
         "docs_a": 300, "docs_b": 280, "p_value": 0.4, "p_adjusted": 0.6, "support": UNSTABLE},
    ], seed=3, **attrs)


THREE = {"n_a": 40, "n_b": 80, "exact": False, "n_relabelings": 200, "min_p": 1 / 201, "p_value": 1 / 201}


def three_compared():
    """Each of three groups against the rest (40 documents against 80), one theme each passing."""
    return compared_rows([
        {**THREE, "theme": "theme 1", "label": "rent, tenants", "group_a": "a", "group_b": "rest", "diff": 0.05,
         "docs_a": 30, "docs_b": 20, "p_adjusted": 0.01},
        {**THREE, "theme": "theme 2", "label": "supply, zoning", "group_a": "b", "group_b": "rest", "diff": -0.04,
         "docs_a": 2, "docs_b": 50, "p_adjusted": 0.02},
        {**THREE, "theme": "theme 1", "label": "rent, tenants", "group_a": "c", "group_b": "rest", "diff": 0.01,
         "docs_a": 12, "docs_b": 38, "p_value": 0.5, "p_adjusted": 0.7, "support": UNSTABLE},
    ], seed=3)


class TestThemesOpening:
    def test_two_groups_whose_floor_is_above_alpha_describe_without_p_values(self):
        assert narrate.themes_opening(seed_compared(), SEED_THEMES, coverage_of(0.029)) == (
            "**The themes lead this chapter.** The frame lexicon covers 2.9% of the tokens, under 5%, so in its place the "
            "chapter reads the 2 themes found in the texts themselves: sets of words that tend to occur together, each "
            "taking a share of every document's text.\n\n"
            "*anti* texts give more room to the theme *police, crime, safety* (22.0 points more of their text, 95% "
            "interval 10.8 to 33.2; 1 of the 2 *anti* documents carries it; carried by one document). *pro* texts give "
            "more room to the theme *rent, tenants, housing* (16.9 points more of their text, 95% interval -2.2 to 32.1; "
            "all 3 *pro* documents carry it; unstable).\n\n"
            "How sure can we be? With 2 *anti* and 3 *pro* documents, no theme's test can reach p ≤ 0.05: the smallest "
            "p-value the relabelings of these documents can give is 0.1. These differences describe these texts, not yet "
            "the groups."
        )

    def test_a_large_corpus_names_the_themes_that_pass_with_their_adjusted_p_and_the_floor_once(self):
        assert narrate.themes_opening(large_compared(), LARGE_THEMES, coverage_of(0.019)) == (
            "**The themes lead this chapter.** The frame lexicon covers 1.9% of the tokens, under 5%, so in its place the "
            "chapter reads the 3 themes found in the texts themselves: sets of words that tend to occur together, each "
            "taking a share of every document's text.\n\n"
            "*fresh* texts give more room to the theme *film, story, character* (4.2 points more of their text, 95% "
            "interval 1.9 to 6.5; 1,234 of the 6,500 *fresh* documents carry it; adjusted p at the test's floor; "
            "consistent). *rotten* texts give more room to the theme *bad, boring, plot* (3.1 points more of their text, "
            "95% interval 2.1 to 4.1; 2,100 of the 6,400 *rotten* documents carry it; adjusted p = 0.0149; consistent)."
            "\n\nHow sure can we be? Adjusted for testing every theme, 2 of the 3 theme differences reach p ≤ 0.05 (the "
            "test's floor, the smallest p-value it can give here, is 0.00498). The table below lists every theme."
        )

    def test_three_groups_each_against_the_rest_more_room_only(self):
        assert narrate.themes_opening(three_compared(), LARGE_THEMES, coverage_of(0.01), max_comparisons=2) == (
            "**The themes lead this chapter.** The frame lexicon covers 1.0% of the tokens, under 5%, so in its place the "
            "chapter reads the 3 themes found in the texts themselves: sets of words that tend to occur together, each "
            "taking a share of every document's text.\n\n"
            "*a* texts give more room than the rest to the theme *rent, tenants* (5.0 points more of their text, 95% "
            "interval 4.0 to 6.0; 30 of the 40 *a* documents carry it; adjusted p = 0.01; consistent). (The other group "
            "is in the table below.)\n\n"
            "How sure can we be? Adjusted for testing every theme, 2 of the 3 theme differences reach p ≤ 0.05. The "
            "table below lists every theme."
        )

    def test_a_one_document_group_and_no_theme_that_passes(self):
        compared = compared_rows([{"label": "trust, fear", "group_a": "solo", "group_b": "many", "n_a": 1, "n_b": 30,
                                   "diff": 0.03, "docs_a": 1, "docs_b": 4, "min_p": 1 / 31, "p_value": 0.2,
                                   "p_adjusted": 0.4, "loo_min": np.nan, "stable_sign": False, "support": ONE}])
        themes = theme_rows_table(("trust, fear", 1.0, 5), n_docs=31)
        assert narrate.themes_opening(compared, themes, coverage_of(0.0)) == (
            "**The themes lead this chapter.** The frame lexicon covers 0.0% of the tokens, under 5%, so in its place the "
            "chapter reads the one theme found in the texts themselves: sets of words that tend to occur together, each "
            "taking a share of every document's text.\n\n"
            "*solo* texts give more room to the theme *trust, fear* (3.0 points more of their text, 95% interval 2.0 to "
            "4.0; the one *solo* document carries it; adjusted p = 0.4; carried by one document). *many* texts give no "
            "theme more room.\n\n"
            "How sure can we be? Adjusted for testing every theme, the one theme difference does not reach p ≤ 0.05 "
            "(adjusted p = 0.4)."
        )

    @pytest.mark.parametrize(("passing", "said"), [
        ([0.01], "the one theme difference reaches"), ([0.01, 0.02], "both theme differences reach"),
        ([0.01, 0.02, 0.03], "all 3 theme differences reach"), ([0.01, 0.6, 0.7], "1 of the 3 theme differences reaches"),
    ])
    def test_how_many_differences_pass(self, passing, said):
        compared = large_compared().head(len(passing))
        compared["p_adjusted"] = passing
        text = narrate.themes_opening(compared, LARGE_THEMES, coverage_of(0.01))
        assert text.endswith(f"Adjusted for testing every theme, {said} p ≤ 0.05. The table below lists every theme.")

    def test_several_themes_none_of_which_passes(self):
        compared = large_compared()
        compared["p_adjusted"] = [0.21, 0.3, 0.6]
        text = narrate.themes_opening(compared, LARGE_THEMES, coverage_of(0.01), n_themes=1)
        assert "*fresh* texts give more room to the theme *film, story, character* (4.2 points more of their text, " in text
        assert "carry it; adjusted p = 0.21; consistent) and 1 more. *rotten* texts" in text
        assert text.endswith("How sure can we be? Adjusted for testing every theme, none of the 3 theme differences "
                             "reaches p ≤ 0.05 (the smallest adjusted p-value is 0.21).")

    def test_a_lexicon_that_fits_makes_the_themes_a_cross_check(self):
        assert narrate.themes_opening(seed_compared(), SEED_THEMES, coverage_of(0.126)) == (
            "The frame lexicon covers 12.6% of the tokens, so its frames lead this chapter; the 2 themes found in the "
            "texts themselves are a cross-check of them, and the section on themes says which frames each one overlaps."
        )
        assert narrate.themes_opening(seed_compared().iloc[0:0], SEED_THEMES.iloc[0:0], coverage_of(0.05)) == (
            "The frame lexicon covers 5.0% of the tokens, so its frames lead this chapter; no theme could be found in the "
            "texts themselves to cross-check them."
        )

    def test_nothing_to_compare_says_why(self):
        lead = ("**The themes lead this chapter.** The frame lexicon covers 2.9% of the tokens, under 5%, so in its place "
                "the chapter ")
        assert narrate.themes_opening(seed_compared().iloc[0:0], SEED_THEMES, coverage_of(0.029)) == (
            lead + "reads the 2 themes found in the texts themselves: sets of words that tend to occur together, each "
            "taking a share of every document's text. No theme could be compared between the groups: the groups hold too "
            "few documents to compare."
        )
        assert narrate.themes_opening(pd.DataFrame(), SEED_THEMES.iloc[0:0], coverage_of(0.029)) == (
            lead + "looks for themes in the texts themselves: sets of words that tend to occur together. No theme could "
            "be compared between the groups: no theme could be found (too few documents, or too few words that several "
            "documents share)."
        )

    def test_markup_in_a_label_and_a_group_stays_text(self):
        compared = compared_rows([{"label": MD_DOLLAR, "group_a": MD, "group_b": "b", "n_a": 2, "n_b": 3, "diff": 0.1}])
        text = narrate.themes_opening(compared, theme_rows_table((MD_DOLLAR, 1.0, 1)), coverage_of(0.01))
        assert f"{MD_QUOTED} texts give more room to the theme *{MD_DOLLAR_ESC}* (10.0 points more" in text
        assert f"1 of the 2 {MD_QUOTED} documents carries it" in text
        assert f"With 2 {MD_QUOTED} and 3 *b* documents" in text


class TestThemeChoice:
    def choice(self, **attrs):
        table_ = table([{"n_themes": k, "stability": s, "coherence": c, "chosen": k == 4}
                        for k, s, c in [(3, 0.71, 0.35), (4, 0.86, 0.41), (5, 0.64, 0.38), (6, 0.55, 0.3)]])
        table_.attrs.update({"criterion": "the number of themes whose top 10 words agree most across 5 fits from "
                                          "different seeds (stability); among the numbers within 0.05 of the most "
                                          "stable, the one whose top words most often occur in the same documents "
                                          "(coherence, NPMI)",
                             "n_seeds": 5, "n_docs_used": 5, "n_docs": 5, "sampled": False, **attrs})
        return table_

    def test_the_numbers_tried_the_criterion_and_the_chosen_values(self):
        assert narrate.theme_choice(self.choice()) == (
            "**4 themes.** The chapter tried 3 to 6 themes, each fitted with 5 seeds, and kept the number of themes whose "
            "top 10 words agree most across 5 fits from different seeds (stability); among the numbers within 0.05 of the "
            "most stable, the one whose top words most often occur in the same documents (coherence, NPMI). With 4 "
            "themes the "
            "stability across seeds is 0.86 and the coherence 0.41 (over the numbers tried, stability runs from 0.55 to "
            "0.86 and coherence from 0.30 to 0.41)."
        )

    def test_a_large_corpus_says_the_sample_the_number_was_chosen_on(self):
        text = narrate.theme_choice(self.choice(n_docs_used=2000, n_docs=100_000, sampled=True))
        assert text.endswith(" The number was chosen on a random sample of 2,000 of the 100,000 documents, to keep the "
                             "choice quick.")

    def test_one_number_tried_and_a_stability_that_cannot_be_measured(self):
        choice = table([{"n_themes": 2, "stability": np.nan, "coherence": 0.2, "chosen": True}], n_seeds=1,
                       criterion="the most stable number", n_docs=3, n_docs_used=3, sampled=False)
        assert narrate.theme_choice(choice) == (
            "**2 themes.** Only 2 themes were tried (these documents allow no more), fitted with 1 seed. The stability "
            "across seeds is not measurable and the coherence 0.20."
        )

    def test_an_unstable_or_incoherent_choice_is_said_for_what_it_is(self):
        choice = table([{"n_themes": k, "stability": s, "coherence": c, "chosen": k == 3}
                        for k, s, c in [(3, 0.42, -0.3), (4, 0.33, -0.5)]], n_seeds=3, criterion="the rule",
                       n_docs=22, n_docs_used=22, sampled=False)
        text = narrate.theme_choice(choice)
        assert text.endswith(
            " A stability of 0.42 means that fits from other random starts keep fewer than 6 of a theme's top 10 "
            "words: these themes are one possible split of the texts, not the only one; read them with their "
            "sentences, and compare the groups only on those that recur. A coherence below 0 means that a theme's top "
            "words meet in the same document less often than chance would have it, as happens with very short texts: "
            "a theme here gathers words that play the same part in different documents more than words that occur "
            "together.")
        steady = narrate.theme_choice(self.choice())  # 0.86 and 0.41: nothing to add
        assert "possible split" not in steady and "below 0" not in steady

    def test_a_number_set_by_hand_or_no_number_that_could_be_tried(self):
        said = "The number of themes was set in the parameters, not chosen from the texts."
        assert narrate.theme_choice(None) == said
        assert narrate.theme_choice(pd.DataFrame(columns=["n_themes", "stability", "coherence", "chosen"])) == said

    def test_markup_in_the_criterion_stays_text(self):
        assert "<b>" not in narrate.theme_choice(self.choice(criterion="<b>most</b> *stable*"))
        assert "&lt;b&gt;most&lt;/b&gt; \\*stable\\*" in narrate.theme_choice(self.choice(criterion="<b>most</b> *stable*"))


class TestThemeListNote:
    def test_several_themes_the_largest_by_mean_share(self):
        assert narrate.theme_list_note(LARGE_THEMES) == (
            "3 themes, each named by its three top terms (its top words and phrases follow in the table); the largest, "
            "*film, story, character*, takes 30% of a document's text on average."
        )

    def test_one_theme_empty_and_markup(self):
        assert narrate.theme_list_note(theme_rows_table((MD_DOLLAR, 1.0, 5))) == (
            f"One theme, named by its three top terms: *{MD_DOLLAR_ESC}*, which takes 100% of a document's text on "
            "average.")
        assert narrate.theme_list_note(SEED_THEMES.iloc[0:0]) == "No theme was found."


INTRO = ("A theme's difference is the gap between the groups' mean share of the documents' text that it takes, in "
         "percentage points. ")
END = "The sentences below show each theme in each group's own words."


class TestThemeDifferences:
    def test_two_groups_whose_floor_is_above_alpha(self):
        assert narrate.theme_differences(seed_compared()) == INTRO + (
            "With 2 *anti* and 3 *pro* documents, each theme's test is exact, over all 10 relabelings, and the smallest "
            "p-value a theme can reach is 0.1. No theme can reach the conventional 0.05 however large its difference, so "
            "these p-values rank how unusual each split is among the possible ones; they prove nothing. 1 theme reaches "
            "the smallest possible p = 0.1: *police, crime, safety* (higher in *anti* by 22.0 points, 95% interval 10.8 "
            "to 33.2; adjusted p = 0.5; carried by one document); its difference keeps its sign when any one document is "
            "left out. For *rent, tenants, housing* the difference changes sign (or vanishes) when one document is left "
            "out: too fragile to read as a difference between the groups. Of the 2 theme differences, 1 is unstable "
            "(*rent, tenants, housing*) and 1 carried by one document (*police, crime, safety*). "
        ) + END

    def test_a_large_corpus_with_thousands_separators(self):
        assert narrate.theme_differences(large_compared()) == INTRO + (
            "With 6,500 *fresh* and 6,400 *rotten* documents, each theme's test draws 200 random relabelings (seed 3), "
            "and the smallest p-value a theme can reach is 0.00498. Adjusted for testing all 3 themes at once, 2 themes "
            "reach p ≤ 0.05: *film, story, character* (higher in *fresh* by 4.2 points, 95% interval 1.9 to 6.5; "
            "adjusted p = 0.00498; consistent) and *bad, boring, plot* (lower in *fresh* by 3.1 points, 95% interval 2.1 "
            "to 4.1; adjusted p = 0.0149; consistent); the difference keeps its sign when any one document is left out "
            "for 2 of them. Of the 3 theme differences, 2 are consistent (*film, story, character* and *bad, boring, "
            "plot*) and 1 unstable (*music, score, song*). "
        ) + END

    def test_three_groups_one_against_the_rest(self):
        assert narrate.theme_differences(three_compared(), max_comparisons=2) == INTRO + (
            "With 40 *a* and 80 other documents, each theme's test draws 200 random relabelings (seed 3), and the "
            "smallest p-value a theme can reach is 0.00498. 1 theme reaches p ≤ 0.05: *rent, tenants* (higher in *a* by "
            "5.0 points, 95% interval 4.0 to 6.0; adjusted p = 0.01; consistent); its difference keeps its sign when any "
            "one document is left out. The difference of the theme *rent, tenants* is consistent. \n\n"
            "With 40 *b* and 80 other documents, each theme's test draws 200 random relabelings (seed 3), and the "
            "smallest p-value a theme can reach is 0.00498. 1 theme reaches p ≤ 0.05: *supply, zoning* (lower in *b* by "
            "4.0 points, 95% interval 3.0 to 5.0; adjusted p = 0.02; consistent); its difference keeps its sign when any "
            "one document is left out. The difference of the theme *supply, zoning* is consistent. \n\n"
            "(The first 2 of 3 comparisons; the table lists them all.) "
        ) + END

    def test_one_document_each_side_rests_on_single_documents(self):
        compared = compared_rows([{"label": "crime, police", "group_a": "a", "group_b": "b", "n_a": 1, "n_b": 1,
                                   "diff": 0.5, "diff_low": 0.5, "diff_high": 0.5, "min_p": 1.0, "p_value": 1.0,
                                   "p_adjusted": 1.0, "n_relabelings": 2, "loo_min": np.nan, "loo_max": np.nan,
                                   "stable_sign": False, "docs_a": 1, "docs_b": 0, "support": ONE}])
        assert narrate.theme_differences(compared) == INTRO + (
            "With 1 *a* and 1 *b* documents, each theme's test is exact, over all 2 relabelings, and the smallest p-value "
            "a theme can reach is 1. No theme can reach the conventional 0.05 however large its difference, so these "
            "p-values rank how unusual each split is among the possible ones; they prove nothing. 1 theme reaches the "
            "smallest possible p = 1: *crime, police* (higher in *a* by 50.0 points, 95% interval 50.0 to 50.0; adjusted "
            "p = 1; carried by one document). For *crime, police* no document can be left out (each side has one), so "
            "the difference rests on single documents. The difference of the theme *crime, police* is carried by one "
            "document. "
        ) + END

    def test_a_theme_no_document_carries_is_still_tested(self):
        compared = seed_compared()
        compared["docs_a"], compared["docs_b"] = 0, 0
        assert "nothing to test" not in narrate.theme_differences(compared)
        assert "Of the 2 theme differences" in narrate.theme_differences(compared)

    def test_empty_and_markup(self):
        assert narrate.theme_differences(pd.DataFrame()) == "No theme could be compared between the groups."
        compared = compared_rows([{"label": MD_DOLLAR, "group_a": MD, "group_b": "b", "n_a": 2, "n_b": 3, "diff": 0.1}])
        text = narrate.theme_differences(compared)
        assert f"*{MD_DOLLAR_ESC}* (higher in {MD_QUOTED} by 10.0 points" in text
        assert f"The difference of the theme *{MD_DOLLAR_ESC}* is consistent." in text


class TestThemeRows:
    def test_two_groups_each_row_in_the_direction_it_leans(self):
        compared = large_compared()
        compared.loc[2, ["diff", "diff_low", "diff_high"]] = [0.0, np.nan, np.nan]
        rows = narrate.theme_rows(compared)
        assert rows["leans_to"].tolist() == ["fresh", "rotten", "neither"]
        assert rows["points"].tolist() == [4.2, 3.1, 0.0]
        assert rows["interval"].tolist() == ["1.9 to 6.5", "2.1 to 4.1", ""]
        assert rows["carried_by"].tolist() == ["1,234 of 6,500 fresh, 800 of 6,400 rotten",
                                               "300 of 6,500 fresh, 2,100 of 6,400 rotten",
                                               "300 of 6,500 fresh, 280 of 6,400 rotten"]
        assert rows.attrs["seed"] == 3 and "points" not in compared.columns

    def test_one_against_the_rest(self):
        rows = narrate.theme_rows(three_compared())
        assert rows["leans_to"].tolist() == ["a", "the rest (not b)", "c"]
        assert rows["carried_by"].tolist() == ["30 of 40 a, 20 of 80 the rest", "2 of 40 b, 50 of 80 the rest",
                                               "12 of 40 c, 38 of 80 the rest"]

    def test_empty(self):
        rows = narrate.theme_rows(seed_compared().iloc[0:0])
        assert rows.empty and {"leans_to", "points", "interval", "carried_by"} <= set(rows.columns)

    def test_a_label_full_of_markup_stays_text_in_the_reader_table(self):
        compared = compared_rows([{"label": "<b>x</b>, *y*", "group_a": "<i>a</i>", "group_b": "b", "n_a": 2, "n_b": 3,
                                   "diff": 0.1}])
        shown = reader_table(narrate.theme_rows(compared), {"label": "theme", "leans_to": "leans to",
                                                            "points": "difference (points)", "interval": "95% interval",
                                                            "p_adjusted": "adjusted p", "support": "support",
                                                            "carried_by": "documents carrying it"})
        html = shown._repr_html_()
        assert "&lt;b&gt;x&lt;/b&gt;, *y*" in html and "1 of 2 &lt;i&gt;a&lt;/i&gt;, 1 of 3 b" in html
        assert "<b>" not in html and "<i>" not in html
        assert shown.shown.iloc[0].tolist() == ["<b>x</b>, *y*", "<i>a</i>", "10", "9.0 to 11.0", "0.5", CONSISTENT,
                                                "1 of 2 <i>a</i>, 1 of 3 b"]


OVERLAP_COLUMNS = ["theme", "frame", "frame_label", "overlap", "entries"]


class TestThemeFrames:
    def test_each_theme_its_frames_and_the_themes_that_overlap_none(self):
        themes = theme_rows_table(("police, crime, safety", 0.4, 2), ("rent, tenants", 0.3, 2), ("music, song", 0.2, 1),
                                  ("film, story", 0.1, 1))
        overlap = pd.DataFrame([
            ("theme 1", "crime", "Crime & punishment", 0.4, "crime, criminal, criminals, police, arrest, jail"),
            ("theme 1", "security", "Security", 0.12, "safety"),
            ("theme 2", "cost", "", 0.05, "rent"),
        ], columns=OVERLAP_COLUMNS)
        assert narrate.theme_frames(overlap, themes, n_entries=5) == (
            "The theme *police, crime, safety* overlaps the frame *Crime &amp; punishment* (40% of its top words' "
            "weight: *crime*, *criminal*, *criminals*, *police*, *arrest* and 1 more) and *Security* (12%: *safety*). "
            "The theme *rent, tenants* overlaps the frame *cost* (5% of its top words' weight: *rent*). The other 2 "
            "themes (*music, song* and *film, story*) share no top word with the lexicon. A theme that overlaps a frame "
            "found it in the texts without being told; a theme that overlaps none is a subject the lexicon does not name."
        )

    def test_one_theme_alone_and_the_number_of_frames_named(self):
        themes = theme_rows_table(("a, b", 0.5, 1), ("c, d", 0.5, 1))
        overlap = pd.DataFrame([("theme 1", f"f{i}", f"F{i}", 0.1, "a") for i in range(4)], columns=OVERLAP_COLUMNS)
        text = narrate.theme_frames(overlap, themes, n_frames=2)
        assert text.startswith("The theme *a, b* overlaps the frame *F0* (10% of its top words' weight: *a*), *F1* "
                               "(10%: *a*) and 2 more. The theme *c, d* shares no top word with the lexicon.")

    def test_no_overlap_or_no_theme(self):
        themes = theme_rows_table(("a, b", 1.0, 1))
        assert narrate.theme_frames(pd.DataFrame(columns=OVERLAP_COLUMNS), themes) == (
            "No theme's top words are in the lexicon: the themes and the frames see different parts of these texts, and "
            "the themes are a subject the lexicon does not name.")
        assert narrate.theme_frames(pd.DataFrame(columns=OVERLAP_COLUMNS), themes.iloc[0:0]) == (
            "No theme was found to compare with the frames.")

    def test_markup_in_labels_and_entries_stays_text(self):
        themes = theme_rows_table((MD_DOLLAR, 1.0, 1))
        overlap = pd.DataFrame([("theme 1", "f", MD, 0.5, "<b>x</b>, $y$")], columns=OVERLAP_COLUMNS)
        text = narrate.theme_frames(overlap, themes)
        assert text.startswith(f"The theme *{MD_DOLLAR_ESC}* overlaps the frame {MD_QUOTED} (50% of its top words' "
                               "weight: *&lt;b&gt;x&lt;/b&gt;* and *<span class=\"tex2jax_ignore\">&#36;</span>y"
                               "<span class=\"tex2jax_ignore\">&#36;</span>*).")


class TestThemeLimits:
    def test_the_seed_corpus_five_documents_with_the_floor(self):
        assert narrate.theme_limits(SEED_THEMES, lengths_of(anti=2, pro=3), seed_compared()) == (
            "**What 5 documents can show about themes.** With 2 documents labelled *anti* and 3 documents labelled "
            "*pro*, a theme is often the vocabulary of the one or two documents that carry it: on so few texts the "
            "factorization separates documents before it finds a way of writing that a group shares. Here 1 of the 2 "
            "themes is carried by a single document. Read the themes as a map of these texts. A difference between the "
            "groups rests on a few documents (the support column says which), and the smallest p-value its test can give "
            "here is 0.1; under about 20 documents per group, themes describe documents rather than groups."
        )

    def test_a_number_of_documents_and_no_theme_carried_by_one(self):
        themes = theme_rows_table(("a, b", 0.5, 2), ("c, d", 0.5, 3))
        assert narrate.theme_limits(themes, 5) == (
            "**What 5 documents can show about themes.** With 5 documents, a theme is often the vocabulary of the one or "
            "two documents that carry it: on so few texts the factorization separates documents before it finds a way of "
            "writing that a group shares. Read the themes as a map of these texts. A difference between the groups rests "
            "on a few documents (the support column says which); under about 20 documents per group, themes describe "
            "documents rather than groups."
        )

    def test_a_one_document_group_in_a_large_corpus(self):
        themes = theme_rows_table(("a, b", 1.0, 1))
        text = narrate.theme_limits(themes, lengths_of(solo=1, many=300))
        assert text.startswith("**What groups this small can show about themes.** With 1 document labelled *solo* and "
                               "300 documents labelled *many*, a theme")
        assert "Here the one theme is carried by a single document." in text

    def test_a_large_corpus_gets_one_neutral_sentence(self):
        expected = ("A theme is a pattern of words that occur together, found without the labels: it shows what the "
                    "documents talk about, and a difference says that one group's documents give it more room, not why.")
        assert narrate.theme_limits(LARGE_THEMES, lengths_of(fresh=6500, rotten=6400), large_compared()) == expected
        assert narrate.theme_limits(LARGE_THEMES, 12_900) == expected

    def test_three_groups_one_small_and_no_theme(self):
        text = narrate.theme_limits(SEED_THEMES.iloc[0:0], lengths_of(a=12, b=30, c=30))
        assert text.startswith("**What groups this small can show about themes.** With 12 documents labelled *a*, 30 "
                               "documents labelled *b* and 30 documents labelled *c*, a theme")
        assert "Here" not in text


def sentences_table(rows):
    return pd.DataFrame(rows, columns=["theme", "group", "doc_id", "sentence", "share"])


SENTENCES = sentences_table([
    ("theme 1", "anti", "004-police", "Crime fell when officers walked the beat.", 0.9),
    ("theme 1", "pro", "000-klaassen", "Police need the trust of residents.", 0.7),
    ("theme 1", "pro", "002-ward", "Safety depends on cooperation.", 0.6),
    ("theme 2", "pro", "002-ward", "Rents rose across the city.", 0.8),
])


class TestSentences:
    def test_the_note_names_the_groups_and_the_themes_a_group_lacks(self):
        assert narrate.sentences_note(SENTENCES, SEED_THEMES) == (
            "For each theme, the sentences in which it takes the largest share, at most one per document and 2 per group, "
            "side by side for *anti* and *pro*. A theme's top words say what it counts; its sentences show what it is "
            "about. *anti* has no sentence for the theme *rent, tenants, housing*."
        )

    def test_three_groups_without_the_theme_table(self):
        sentences = sentences_table([("theme 1", g, f"d{i}", "x.", 0.5) for i, g in enumerate(["a", "b", "c"])]
                                    + [("theme 2", "a", "d0", "y.", 0.5)])
        assert narrate.sentences_note(sentences).endswith(
            "side by side for *a*, *b* and *c*. A theme's top words say what it counts; its sentences show what it is "
            "about. *b* has no sentence for the theme *theme 2*. *c* has no sentence for the theme *theme 2*.")

    def test_empty(self):
        assert narrate.sentences_note(sentences_table([])) == "No sentence could be quoted for any theme."
        rows = narrate.sentence_rows(sentences_table([]))
        assert rows.empty and rows.columns.tolist() == ["theme"]

    def test_rows_put_each_groups_sentences_side_by_side(self):
        rows = narrate.sentence_rows(SENTENCES, SEED_THEMES)
        assert rows.columns.tolist() == ["theme", "anti", "pro"]
        assert rows.values.tolist() == [
            ["police, crime, safety", "Crime fell when officers walked the beat. (004-police)",
             "Police need the trust of residents. (000-klaassen)"],
            ["police, crime, safety", "", "Safety depends on cooperation. (002-ward)"],
            ["rent, tenants, housing", "", "Rents rose across the city. (002-ward)"],
        ]
        assert rows.attrs["groups"] == ["anti", "pro"]

    def test_a_group_called_theme_keeps_its_own_column(self):
        sentences = sentences_table([("theme 1", "theme", "d1", "x.", 0.5), ("theme 1", "b", "d2", "y.", 0.5)])
        assert narrate.sentence_rows(sentences).columns.tolist() == ["theme", "theme (group)", "b"]

    def test_markup_in_sentences_labels_and_ids_stays_text(self):
        sentences = sentences_table([("theme 1", MD, "<i>d</i>", "<script>alert(1)</script> $x$ *y*", 0.5)])
        themes = theme_rows_table(("<b>x</b>", 1.0, 1))
        assert f"side by side for {MD_QUOTED}." in narrate.sentences_note(sentences, themes)
        rows = narrate.sentence_rows(sentences, themes)
        html = reader_table(rows, {c: c for c in rows.columns})._repr_html_()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; $x$ *y* (&lt;i&gt;d&lt;/i&gt;)" in html
        assert "&lt;b&gt;x&lt;/b&gt;" in html and "<script>" not in html and "<b>x" not in html


@pytest.mark.parametrize("name", ["sentence_rows", "sentences_note", "theme_choice", "theme_differences", "theme_frames",
                                  "theme_limits", "theme_list_note", "theme_rows", "themes_opening"])
def test_every_function_is_exported(name):
    assert name in narrate.__all__ and callable(getattr(narrate, name))
