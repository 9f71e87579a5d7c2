"""Tests for corpus_utils.narrate.framing (chapter 03).

Each test builds the small table an analysis function of :mod:`corpus_utils.frame` would return, by
hand, and asserts the whole sentence it must give: a lexicon that fits and one that does not, two
groups and three (one-vs-rest), a camp of one document, frames no document uses, tests that can and
cannot reach 0.05, singular and plural, and values full of Markdown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_utils import narrate
from narrate_tables import MD, MD_DOLLAR, MD_DOLLAR_ESC, MD_QUOTED, company_rows, concentration_rows, table


class TestGroupsCompared:
    def test_two_groups(self):
        corpus = pd.DataFrame({"group": ["a", "a", "b"]})
        assert narrate.groups_compared(corpus, ["a", "b"]) == (
            "3 documents: 2 documents labelled *a* and 1 document labelled *b*."
        )

    def test_three_groups_are_each_compared_with_the_rest(self):
        corpus = pd.DataFrame({"group": ["a", "b", "b", "c"]})
        assert narrate.groups_compared(corpus, ["a", "b", "c"]) == (
            "4 documents: 1 document labelled *a*, 2 documents labelled *b* and 1 document labelled *c*; "
            "with more than two groups, each is compared with the rest."
        )

    def test_one_named_group_against_every_other_document(self):
        corpus = pd.DataFrame({"group": ["a", "b", "c"]})
        assert narrate.groups_compared(corpus, ["a"]) == (
            "3 documents: 1 document labelled *a*; *a* is compared with the other 2 documents."
        )

    def test_a_label_full_of_markdown_is_escaped(self):
        corpus = pd.DataFrame({"group": [MD_DOLLAR, "b"]})
        assert narrate.groups_compared(corpus, [MD_DOLLAR, "b"]) == (
            f"2 documents: 1 document labelled *{MD_DOLLAR_ESC}* and 1 document labelled *b*."
        )


class TestLexiconContents:
    def test_frames_scoped_words_a_split_word_and_words_in_no_phrase(self):
        lexicon = table([{"frame": "law", "n_words": 3, "n_phrases": 1}, {"frame": "cost", "n_words": 1, "n_phrases": 0}],
                        source="/home/someone/my_frames.yml")
        scoped = table([{"word": "rights", "n_frames": 2, "frames": ("fairness", "federalism")},
                        {"word": "illegal", "n_frames": 0, "frames": ()}])
        # only the file name is shown, never the folders it sits in
        assert narrate.lexicon_contents(lexicon, scoped) == (
            "The lexicon (*my\\_frames.yml*) defines 2 frames with 4 words and 1 phrase. 2 scoped words count only "
            "inside phrases: *rights* and *illegal*. For example, *rights* appears in phrases of 2 frames (*fairness* "
            "and *federalism*): which frame it signals depends on its neighbours. *illegal* is in no phrase, so it "
            "never counts."
        )

    def test_no_scoped_words(self):
        lexicon = table([{"frame": "cost", "n_words": 1, "n_phrases": 1}], source="frames.yml")
        scoped = pd.DataFrame(columns=["word", "n_frames", "frames"])
        assert narrate.lexicon_contents(lexicon, scoped) == "The lexicon (*frames.yml*) defines 1 frame with 1 word and 1 phrase."


class TestLexiconFit:
    def test_low_coverage_is_said_first_with_how_to_write_a_lexicon(self):
        # a corpus on another debate: 0.4 % of its tokens fall inside a match of the lexicon
        covered = table([{"framed_tokens": 3}, {"framed_tokens": 0}, {"framed_tokens": 0}], token_share=0.004)
        unframed = table([{"term": "rent", "count": 12}, {"term": "tenants", "count": 1}])
        assert narrate.lexicon_fit(covered, unframed) == (
            "**The lexicon sees little of this corpus.** Its entries cover 0.4% of the tokens (stop words included), "
            "below 5%; 1 of 3 documents holds any entry at all. The frame counts below then describe a handful of "
            "words, not the texts: read them as a check of the lexicon, and write a lexicon for this corpus first. "
            "Until then, the themes found in the texts (next section) stand in for the frames.\n\n"
            "The quickest start is a draft made of those themes: `corpus-essay lexicon-draft CORPUS --out frames.yml` "
            "writes one frame per theme, with its top words and phrases, to rename and edit. Or write one by hand:\n\n"
            "1. Copy the shipped `frames.yml` (the comments at its top explain the format) and give the copy's path as "
            "the `lexicon` parameter.\n"
            "2. Start from the words no frame claims. The most frequent here are *rent* (12) and *tenants* (1). For "
            "each, ask which consideration it signals; a word that only names the subject frames nothing and stays out.\n"
            "3. Put the words that signal one consideration under one frame key, with a one-line definition; an "
            "expression of two or more words goes under `phrases`:\n\n"
            "   ```yaml\n"
            "   frames:\n"
            "     my_frame:\n"
            "       label: My frame\n"
            "       definition: One line saying which consideration these words signal.\n"
            "       words: [word, another]\n"
            "       phrases: [a phrase of several words]\n"
            "   ```\n\n"
            "4. Run the chapter again: this check comes first, and every frame hit below can be read in its context."
        )

    @pytest.mark.parametrize("share, text", [(0.126, "12.6% of this corpus's tokens (stop words included), above"),
                                             (0.05, "5.0% of this corpus's tokens (stop words included), at")])
    def test_at_or_above_the_threshold_it_says_so_and_no_more(self, share, text):
        covered = table([{"framed_tokens": 5}], token_share=share)
        assert narrate.lexicon_fit(covered, table([{"term": "x", "count": 1}])) == (
            f"The lexicon's entries cover {text} the 5% "
            "below which this chapter would first warn that the frames see too little of the texts."
        )

    def test_unframed_words_full_of_markdown_are_escaped(self):
        covered = table([{"framed_tokens": 0}], token_share=0.0)
        text = narrate.lexicon_fit(covered, table([{"term": MD_DOLLAR, "count": 2}]))
        assert f"The most frequent here are *{MD_DOLLAR_ESC}* (2)." in text
        assert "0 of 1 document hold any entry" in text


class TestLeadingFrames:
    def test_two_groups_with_a_tie(self):
        leading = table([{"group": "a", "frame": "legality", "docs": 1, "n_docs": 2},
                         {"group": "a", "frame": "community", "docs": 1, "n_docs": 2},
                         {"group": "b", "frame": "crime", "docs": 3, "n_docs": 3}])
        assert narrate.leading_frames_reading(leading, ["a", "b"]) == (
            "Reading the rows one document at a time: in *a*, the strongest frame is *legality* in 1 of 2 documents and "
            "*community* in 1; in *b*, the strongest frame is *crime* in 3 of 3 documents."
        )

    def test_more_frames_than_listed_and_documents_with_no_frame(self):
        leading = table([{"group": "a", "frame": f, "docs": d, "n_docs": 8}
                         for f, d in [("crime", 3), ("trust", 2), ("law", 1), ("cost", 1), ("(none)", 1)]])
        assert narrate.leading_frames_reading(leading, ["a"]) == (
            "Reading the rows one document at a time: in *a*, the strongest frame is *crime* in 3 of 8 documents, "
            "*trust* in 2 and *law* in 1; the other 2 documents are led by 1 other frame, or by none."
        )

    def test_a_one_document_camp_with_no_frame(self):
        leading = table([{"group": "c", "frame": "(none)", "docs": 1, "n_docs": 1}])
        assert narrate.leading_frames_reading(leading, ["c"]) == (
            "Reading the rows one document at a time: in *c*, the strongest frame is no frame at all in 1 of 1 document."
        )

    def test_empty(self):
        assert narrate.leading_frames_reading(pd.DataFrame(columns=["group", "frame", "docs", "n_docs"]), ["a"]) == (
            "No document has a frame to read."
        )


class TestFramesByCamp:
    def test_top_frames_a_camp_without_hits_and_a_one_document_frame(self):
        summary = table([
            {"frame": "crime", "group": "a", "n_docs": 2, "docs_with_hits": 2, "mean": 3.0},
            {"frame": "crime", "group": "b", "n_docs": 1, "docs_with_hits": 0, "mean": 0.0},
            {"frame": "trust", "group": "a", "n_docs": 2, "docs_with_hits": 1, "mean": 1.3},
            {"frame": "trust", "group": "b", "n_docs": 1, "docs_with_hits": 0, "mean": 0.0},
        ])
        assert narrate.frames_by_camp(summary) == (
            "The 2 frames with the highest mean rate in each group:\n\n"
            "* *a* foregrounds *crime* (3.0 per 1,000 tokens, in 2 of 2 documents) and *trust* (1.3 per 1,000 tokens, "
            "in 1 of 2 documents)\n"
            "* *b* foregrounds no frame of the lexicon (none matched in this group)\n\n"
            "Some frames rest on a single document of their group, so they describe that document, not the group: "
            "*trust* in *a*."
        )


class TestFrameConcentration:
    def test_the_seed_case_one_document_behind_most_hits(self):
        conc = concentration_rows(
            ("crime", "anti", 2, 2, 20, "004-police", 16), ("crime", "pro", 3, 3, 66, "000-klaassen", 27),
            ("legality", "anti", 2, 2, 22, "001-malone", 14), ("community", "anti", 2, 2, 24, "004-police", 19),
            ("community", "pro", 3, 1, 1, "000-klaassen", 1),
        )
        text = narrate.frame_concentration(conc)
        assert text == (
            "In *anti*, one document supplies more than half of the hits of 3 frames: *crime* (16 of 20 hits, from "
            "*004-police*), *community* (19 of 24 hits, from *004-police*) and *legality* (14 of 22 hits, from "
            "*001-malone*). For these frames, the group's mean rate is mostly one document's usage, whatever its other "
            "documents do."
        )
        assert "no single author" not in text

    def test_exactly_half_is_not_most(self):
        # 10 of 20 hits: half, not more than half (the support rule's "most")
        conc = concentration_rows(("legality", "anti", 2, 2, 20, "001-malone", 10), ("crime", "pro", 3, 3, 66, "d0", 27))
        assert narrate.frame_concentration(conc) == (
            "In no group does one document supply more than half of a frame's hits (among frames that two or more of "
            "the group's documents use); the largest share is 50%: 10 of 20 *legality* hits in *anti* come from "
            "*001-malone*."
        )

    def test_three_groups_and_a_one_document_camp(self):
        conc = concentration_rows(("crime", "a", 3, 2, 4, "d1", 3), ("crime", "b", 2, 2, 10, "d4", 5),
                                  ("crime", "c", 1, 1, 5, "d9", 5))
        assert narrate.frame_concentration(conc) == (
            "In *a*, one document supplies more than half of the hits of one frame: *crime* (3 of 4 hits, from *d1*). "
            "For this frame, the group's mean rate is mostly one document's usage, whatever its other documents do. *c* "
            "is a single document, so all its hits come from it."
        )

    def test_the_differences_carried_by_one_document_are_read_from_the_support_column(self):
        conc = concentration_rows(("crime", "a", 2, 2, 20, "d0", 16), ("crime", "b", 3, 3, 9, "d3", 3),
                                  ("cost", "a", 2, 2, 4, "d0", 2), ("cost", "b", 3, 2, 6, "d4", 3))
        sep = separation_rows([
            {"frame": "crime", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 5.0, "support": ONE},
            {"frame": "cost", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": -1.0, "support": SHAKY},
            {"frame": "law", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 0.0, "docs_a": 0, "docs_b": 0,
             "support": SHAKY},
        ])
        assert narrate.frame_concentration(conc, sep).endswith(
            "As findings, 1 of the 2 frame differences is carried by one document (the `support` column of the "
            "separation table): *crime* (leaning to *a*)."
        )
        sep.loc[0, "support"] = FIRM
        assert narrate.frame_concentration(conc, sep).endswith(
            "As findings, none of the 2 frame differences is carried by one document (the `support` column of the "
            "separation table)."
        )

    def test_one_vs_rest_names_the_comparison(self):
        conc = concentration_rows(("crime", "a", 2, 2, 20, "d0", 16))
        sep = separation_rows([
            {"frame": "crime", "group_a": "a", "group_b": "rest", "n_a": 2, "n_b": 4, "diff": 5.0, "support": ONE},
            {"frame": "crime", "group_a": MD, "group_b": "rest", "n_a": 4, "n_b": 2, "diff": -5.0, "support": ONE},
        ])
        assert narrate.frame_concentration(conc, sep).endswith(
            "As findings, 2 of the 2 frame differences are carried by one document (the `support` column of the "
            "separation table): *crime* (leaning to *a*, *a* against the rest) and *crime* (leaning to the rest, "
            f"{MD_QUOTED} against the rest)."
        )

    def test_no_hits_at_all(self):
        conc = concentration_rows(("crime", "a", 2, 0, 0, None, 0), ("crime", "b", 2, 0, 0, None, 0))
        assert narrate.frame_concentration(conc) == "No frame has a hit in this corpus, so no frame total rests on any document."

    def test_a_document_id_full_of_markdown(self):
        conc = concentration_rows(("crime", "a", 2, 2, 4, MD_DOLLAR, 4))
        assert f"*crime* (4 of 4 hits, from *{MD_DOLLAR_ESC}*)" in narrate.frame_concentration(conc)


ONE, SHAKY, FIRM = "carried by one document", "unstable", "consistent"


def separation_rows(rows, **attrs):
    """A frame.separation table; the interval defaults to (diff - 1, diff + 1) and the support to consistent."""
    defaults = {"p_value": 0.1, "min_p": 0.1, "p_adjusted": 0.5, "n_relabelings": 10, "exact": True,
                "loo_min": 1.0, "loo_max": 2.0, "stable_sign": True, "docs_a": 1, "docs_b": 1, "support": FIRM}
    frame = pd.DataFrame([{**defaults, "diff_low": r["diff"] - 1.0, "diff_high": r["diff"] + 1.0, **r} for r in rows])
    frame.attrs.update({"value": "per_1000", "seed": 0, **attrs})
    return frame


class TestFrameSeparation:
    def test_two_groups_whose_floor_is_above_alpha(self):
        sep = separation_rows([
            {"frame": "community", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 22.0, "diff_low": 10.8,
             "diff_high": 33.2, "support": ONE},
            {"frame": "fairness", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 2.5, "p_value": 0.4,
             "min_p": 0.4, "p_adjusted": 0.9, "loo_min": -0.5, "stable_sign": False, "support": ONE},
        ])
        assert narrate.frame_separation(sep) == (
            "With 2 *a* and 3 *b* documents, each frame's test is exact, over all 10 relabelings, and the smallest "
            "p-value a frame can reach is 0.1; ties among the relabelings raise it for *fairness* (0.4). No frame can "
            "reach the conventional 0.05 however large its difference, so these p-values rank how unusual each split is "
            "among the possible ones; they prove nothing. 1 frame reaches the smallest possible p = 0.1: *community* "
            "(higher in *a* by 22.0 per 1,000 tokens, 95% interval 10.8 to 33.2; adjusted p = 0.5; carried by one "
            "document); its difference keeps its sign when any one document is left out. For *fairness* the difference "
            "changes sign (or vanishes) when one document is left out: too fragile to read as a difference between the "
            "groups. Of the 2 frame differences, both are carried by one document (*community* and *fairness*). The "
            "evidence sections below read the sentences behind the numbers."
        )

    def test_three_groups_one_against_the_rest_by_monte_carlo(self):
        common = {"frame": "crime", "n_a": 40, "n_b": 80, "exact": False, "n_relabelings": 200, "min_p": 1 / 201,
                  "p_value": 1 / 201}
        sep = separation_rows([
            {**common, "group_a": "a", "group_b": "rest", "diff": 4.0, "diff_low": 2.5, "diff_high": 5.5, "p_adjusted": 0.01},
            {**common, "group_a": "b", "group_b": "rest", "diff": -1.0, "p_value": 0.3, "p_adjusted": 0.3,
             "support": SHAKY},
            {**common, "group_a": "c", "group_b": "rest", "diff": 0.5, "p_value": 0.6, "p_adjusted": 0.6},
        ], seed=3)
        assert narrate.frame_separation(sep, max_comparisons=2) == (
            "With 40 *a* and 80 other documents, each frame's test draws 200 random relabelings (seed 3), and the "
            "smallest p-value a frame can reach is 0.00498. 1 frame reaches p ≤ 0.05: *crime* (higher in *a* by 4.0 per "
            "1,000 tokens, 95% interval 2.5 to 5.5; adjusted p = 0.01; consistent); its difference keeps its sign when "
            "any one document is left out. The difference of *crime* is consistent. \n\n"
            "With 40 *b* and 80 other documents, each frame's test draws 200 random relabelings (seed 3), and the "
            "smallest p-value a frame can reach is 0.00498. No frame reaches p ≤ 0.05 (smallest adjusted p-value: 0.3). "
            "The difference of *crime* is unstable. \n\n(The first 2 of 3 comparisons; the table lists them all.) The "
            "evidence sections below read the sentences behind the numbers."
        )

    def test_several_frames_are_adjusted_for_and_listed(self):
        rows = [{"frame": f, "group_a": "a", "group_b": "b", "n_a": 30, "n_b": 30, "diff": d, "diff_low": lo,
                 "diff_high": hi, "min_p": 0.005, "p_value": 0.005, "p_adjusted": pa, "exact": False,
                 "n_relabelings": 200, "support": sup}
                for f, d, lo, hi, pa, sup in [("crime", 3.0, 1.2, 4.4, 0.01, FIRM), ("cost", -2.0, -3.9, 0.3, 0.02, SHAKY),
                                              ("law", 0.1, -0.5, 0.6, 0.7, SHAKY)]]
        rows[1]["stable_sign"] = False
        assert narrate.frame_separation(separation_rows(rows)) == (
            "With 30 *a* and 30 *b* documents, each frame's test draws 200 random relabelings (seed 0), and the smallest "
            "p-value a frame can reach is 0.005. Adjusted for testing all 3 frames at once, 2 frames reach p ≤ 0.05: "
            "*crime* (higher in *a* by 3.0 per 1,000 tokens, 95% interval 1.2 to 4.4; adjusted p = 0.01; consistent) "
            "and *cost* (lower in *a* by 2.0 per 1,000 tokens, 95% interval -0.3 to 3.9; adjusted p = 0.02; unstable); "
            "the difference keeps its sign when any one document is left out for 1 of them. For *cost* the difference "
            "changes sign (or vanishes) when one document is left out: too fragile to read as a difference between the "
            "groups. Of the 3 frame differences, 1 is consistent (*crime*) and 2 unstable (*cost* and *law*). The "
            "evidence sections below read the sentences behind the numbers."
        )

    def test_frames_no_document_uses_are_set_apart(self):
        rows = [{"frame": "community", "group_a": "a", "group_b": "b", "n_a": 5, "n_b": 5, "diff": -23.9,
                 "diff_low": -31.0, "diff_high": -17.5, "min_p": 0.00794, "p_value": 0.00794, "p_adjusted": 0.0079,
                 "n_relabelings": 252, "docs_a": 0, "docs_b": 5}]
        rows += [{"frame": f, "group_a": "a", "group_b": "b", "n_a": 5, "n_b": 5, "diff": 0.0, "diff_low": 0.0,
                  "diff_high": 0.0, "min_p": 1.0, "p_value": 1.0, "p_adjusted": 1.0, "n_relabelings": 252, "docs_a": 0,
                  "docs_b": 0, "loo_min": 0.0, "loo_max": 0.0, "stable_sign": False, "support": SHAKY}
                 for f in ("crime", "political")]
        assert narrate.frame_separation(separation_rows(rows)) == (
            "With 5 *a* and 5 *b* documents, each frame's test is exact, over all 252 relabelings, and the smallest "
            "p-value a frame can reach is 0.00794. Adjusted for testing all 3 frames at once, 1 frame reaches p ≤ 0.05: "
            "*community* (lower in *a* by 23.9 per 1,000 tokens, 95% interval 17.5 to 31.0; adjusted p = 0.0079; "
            "consistent); its difference keeps its sign when any one document is left out. The difference of "
            "*community* is consistent. *crime* and *political* are used by no document of either side, so they have "
            "nothing to test. The evidence sections below read the sentences behind the numbers."
        )

    def test_one_document_each_cannot_leave_one_out(self):
        sep = separation_rows([{"frame": "crime", "group_a": "a", "group_b": "b", "n_a": 1, "n_b": 1, "diff": 1.0,
                                "diff_low": 1.0, "diff_high": 1.0, "min_p": 1.0, "p_value": 1.0, "p_adjusted": 1.0,
                                "n_relabelings": 2, "loo_min": np.nan, "loo_max": np.nan, "stable_sign": False,
                                "support": ONE}])
        assert narrate.frame_separation(sep) == (
            "With 1 *a* and 1 *b* documents, each frame's test is exact, over all 2 relabelings, and the smallest "
            "p-value a frame can reach is 1. No frame can reach the conventional 0.05 however large its difference, so "
            "these p-values rank how unusual each split is among the possible ones; they prove nothing. 1 frame reaches "
            "the smallest possible p = 1: *crime* (higher in *a* by 1.0 per 1,000 tokens, 95% interval 1.0 to 1.0; "
            "adjusted p = 1; carried by one document). For *crime* no document can be left out (each side has one), so "
            "the difference rests on single documents. The difference of *crime* is carried by one document. The "
            "evidence sections below read the sentences behind the numbers."
        )

    def test_shares_are_written_with_their_own_number_format(self):
        sep = separation_rows([{"frame": "crime", "group_a": "a", "group_b": "b", "n_a": 3, "n_b": 3, "diff": 0.25,
                                "diff_low": 0.125, "diff_high": 0.375}], value="share")
        assert ("*crime* (higher in *a* by 0.25 of the share of frame hits, 95% interval 0.12 to 0.38; adjusted p = 0.5; "
                "consistent)") in narrate.frame_separation(sep)

    def test_empty(self):
        assert narrate.frame_separation(pd.DataFrame()) == "No frame could be tested."


class TestFrameEvidence:
    def test_entries_per_group_one_hit_and_no_hit(self):
        conc = concentration_rows(("community", "a", 2, 2, 24, "d0", 19), ("community", "b", 3, 1, 1, "d3", 1),
                                  ("community", "c", 1, 0, 0, None, 0), ("community", "d", 1, 1, 2, "d9", 2))
        conc.attrs["frame_labels"] = {"community": "Community trust & cooperation"}
        entries = table([
            {"frame": "community", "group": "a", "match": "fear", "hits": 4, "docs": 1},
            {"frame": "community", "group": "a", "match": "trust", "hits": 3, "docs": 2},
            {"frame": "community", "group": "a", "match": "immigrant communities", "hits": 3, "docs": 1},
            {"frame": "community", "group": "a", "match": "witness", "hits": 1, "docs": 1},
            {"frame": "community", "group": "b", "match": "victims", "hits": 1, "docs": 1},
            {"frame": "community", "group": "d", "match": "trust", "hits": 2, "docs": 1},
        ])
        evidence = pd.DataFrame()
        evidence.attrs["frame"] = "community"
        assert narrate.frame_evidence([evidence, evidence], entries, conc) == (
            "**Community trust &amp; cooperation** (*community*): *a* has 24 hits in 2 of 2 documents, most often "
            "*fear* (4), *trust* (3) and *immigrant communities* (3); *b* has one hit, *victims*, in 1 of 3 documents; "
            "no *c* document uses it; *d* has 2 hits in 1 of 1 document: *trust* (2)."
        )

    def test_markdown_in_a_frame_label_and_an_entry(self):
        conc = concentration_rows(("f", "a", 1, 1, 1, "d0", 1))
        conc.attrs["frame_labels"] = {"f": "<i>F</i>"}
        entries = table([{"frame": "f", "group": "a", "match": MD_DOLLAR, "hits": 1, "docs": 1}])
        evidence = pd.DataFrame()
        evidence.attrs["frame"] = "f"
        assert narrate.frame_evidence([evidence], entries, conc) == (
            f"**&lt;i&gt;F&lt;/i&gt;** (*f*): *a* has one hit, *{MD_DOLLAR_ESC}*, in 1 of 1 document."
        )


class TestFrameCoverage:
    def test_two_groups_one_of_a_single_document(self):
        by_group = table([{"group": "a", "n_docs": 2, "sentence_min": 0.78, "sentence_max": 0.9},
                          {"group": "b", "n_docs": 1, "sentence_min": 0.5, "sentence_max": 0.5}],
                         token_share=0.126, sentence_share=0.74)
        assert narrate.frame_coverage(by_group) == (
            "Frame words make up 12.6% of all tokens, and 74% of sentences hold at least one. Per document, the share "
            "of framed sentences ranges from 78% to 90% in *a* and 50% in the one *b* document. A sentence with no "
            "match is not frameless: it may frame through words the lexicon lacks."
        )


class TestUnframedWordsNote:
    def test_unclaimed_words_and_scoped_words(self):
        unframed = table([{"term": t} for t in ["enforcement", "immigration", "ice"]])
        scoped = table([{"word": "enforcement", "occurrences": 45, "in_phrases": 0, "unassigned": 45},
                        {"word": "rights", "occurrences": 52, "in_phrases": 20, "unassigned": 32}])
        assert narrate.unframed_words_note(unframed, scoped) == (
            "The most frequent words no frame claims are *enforcement*, *immigration* and *ice*. Of the 97 occurrences "
            "of scoped words, 20 sit inside a frame phrase and 77 are left unassigned; *enforcement* alone occurs 45 "
            "times, none of them inside a phrase. To extend the lexicon, copy `frames.yml`, add words or phrases, and "
            "give the copy's path as the `lexicon` parameter."
        )

    @pytest.mark.parametrize("in_phrases, said", [(1, "sits inside a frame phrase"),
                                                  (0, "is outside any phrase, so it counts for no frame")])
    def test_a_single_occurrence_of_a_single_word(self, in_phrases, said):
        scoped = table([{"word": "x", "occurrences": 1, "in_phrases": in_phrases, "unassigned": 1 - in_phrases}])
        assert narrate.unframed_words_note(table([{"term": "rent"}]), scoped) == (
            f"The most frequent words no frame claims are *rent*. The one occurrence of a scoped word, *x*, {said}. To "
            "extend the lexicon, copy `frames.yml`, add words or phrases, and give the copy's path as the `lexicon` "
            "parameter."
        )

    def test_one_scoped_word_in_use_needs_no_alone(self):
        scoped = table([{"word": "x", "occurrences": 3, "in_phrases": 0, "unassigned": 3},
                        {"word": "y", "occurrences": 0, "in_phrases": 0, "unassigned": 0}])
        assert narrate.unframed_words_note(table([{"term": "rent"}]), scoped) == (
            "The most frequent words no frame claims are *rent*. Of the 3 occurrences of scoped words, none sits inside "
            "a frame phrase and 3 are left unassigned. To extend the lexicon, copy `frames.yml`, add words or phrases, "
            "and give the copy's path as the `lexicon` parameter."
        )

    def test_nothing_unclaimed_and_no_scoped_word(self):
        empty = pd.DataFrame(columns=["word", "occurrences", "in_phrases", "unassigned"])
        assert narrate.unframed_words_note(pd.DataFrame(columns=["term"]), empty) == (
            "Every content word of the corpus is claimed by a frame. To extend the lexicon, copy `frames.yml`, add words "
            "or phrases, and give the copy's path as the `lexicon` parameter."
        )


def contested_rows(rows, **attrs):
    columns = ["word", "distance", "framed_a", "framed_b", "top_frame_a", "top_frame_b", "top_count_a", "top_count_b"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame.attrs.update({"group_a": "a", "group_b": "b", "min_docs": 2, **attrs})
    return frame


class TestContestedSummary:
    def test_distances_with_their_counts_and_top_frames(self):
        contested = contested_rows([("agencies", 0.8125, 10, 4, "legality", "interagency", 6, 4),
                                    ("legal", 0.8, 3, 2, "community", "legality", 1, 2)])
        assert narrate.contested_frames_summary(contested, 2) == (
            "Words used by at least 2 documents of each group, whose frame company differs most between *a* and *b*: "
            "*agencies* (distance 0.81, from 10 framed uses in *a* and 4 in *b*; in *a* mostly near *legality* (6 of "
            "10), in *b* always near *interagency* (4 of 4)) and *legal* (distance 0.80, from 3 framed uses in *a* and 2 "
            "in *b*; in *a* most often near *community* (1 of 3), in *b* always near *legality* (2 of 2)). The next "
            "table shows the company of the first 2 in detail."
        )

    def test_one_framed_use_and_a_lowered_min_docs_against_the_rest(self):
        contested = contested_rows([("order", 1.0, 1, 3, "security", "crime", 1, 2)], group_b="rest", min_docs=1)
        assert narrate.contested_frames_summary(contested, 2) == (
            "Words used by at least 1 document of each group (`contested_min_docs` was lowered to 1 because a group has only 1 "
            "document, so one author's usage can decide a row), whose frame company differs most between *a* and the "
            "rest: *order* (distance 1.00, from 1 framed use in *a* and 3 in the rest; in *a* near *security* (its one "
            "framed use), in the rest mostly near *crime* (2 of 3)). The next table shows the company of the first word "
            "in detail."
        )

    def test_empty(self):
        contested = contested_rows([], group_a=MD_DOLLAR, min_docs=2)
        assert narrate.contested_frames_summary(contested, 2) == (
            f"No word is used by at least 2 documents of both *{MD_DOLLAR_ESC}* and *b* near two or more different frames."
        )


class TestWordCompany:
    def test_some_all_both_and_one_uses(self):
        company = company_rows([
            ("agencies", "a", "legality", 6, 10, "immigration laws (3)"), ("agencies", "a", "(none)", 4, 10, ""),
            ("agencies", "b", "interagency", 4, 4, "partner (1)"),
            ("legal", "a", "community", 1, 3, "fear (2)"), ("legal", "b", "legality", 2, 2, "legal status (1)"),
            ("legal", "c", "crime", 1, 1, "crimes (1)"),
        ])
        assert narrate.word_company(company, ["a", "b", "c"]) == (
            "*agencies*: in *a*, 6 of its 10 uses (60%) are near *legality* words (immigration laws (3)); in *b*, all 4 "
            "of its uses are near *interagency* words (partner (1)).\n\n"
            "*legal*: in *a*, 1 of its 3 uses (33%) is near *community* words (fear (2)); in *b*, both its uses are "
            "near *legality* words (legal status (1)); in *c*, its one use is near *crime* words (crimes (1))."
        )

    def test_a_word_only_near_no_frame_and_an_empty_table(self):
        company = company_rows([("x", "a", "(none)", 2, 2, "")])
        assert narrate.word_company(company, ["a"]) == ""
        assert narrate.word_company(company_rows([]), ["a"]) == ""

    def test_nearby_entries_full_of_markdown(self):
        company = company_rows([("x", "a", "crime", 1, 1, f"{MD_DOLLAR} (1)")])
        assert narrate.word_company(company, ["a"]) == f"*x*: in *a*, its one use is near *crime* words ({MD_DOLLAR_ESC} (1))."


def covered(share: float) -> pd.DataFrame:
    """A frame.coverage table: only its corpus-wide token share is read by the opening."""
    frame = pd.DataFrame({"framed_tokens": [1]})
    frame.attrs["token_share"] = share
    return frame


class TestFramingOpening:
    def test_two_groups_each_side_its_frames_then_how_sure(self):
        sep = separation_rows([
            {"frame": "community", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 22.0, "diff_low": 10.8,
             "diff_high": 33.2, "support": ONE},
            {"frame": "crime", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": -16.9, "diff_low": -32.1,
             "diff_high": 2.2, "support": SHAKY},
            {"frame": "cost", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 0.0, "docs_a": 0, "docs_b": 0},
        ], frame_labels={"community": "Community trust", "crime": "Crime"})
        assert narrate.framing_opening(sep, covered(0.126)) == (
            "*a* texts give more room to *Community trust* (22.0 more hits per 1,000 tokens, 95% interval 10.8 to 33.2; "
            "carried by one document). *b* texts give more room to *Crime* (16.9 more hits per 1,000 tokens, 95% "
            "interval -2.2 to 32.1; unstable).\n\n"
            "How sure can we be? With 2 *a* and 3 *b* documents, no frame's test can reach p ≤ 0.05: the smallest "
            "p-value the relabelings of these documents can give is 0.1. These differences describe these texts, not "
            "yet the groups."
        )

    def test_three_groups_each_against_the_rest_in_a_large_corpus(self):
        common = {"n_a": 400, "n_b": 800, "exact": False, "n_relabelings": 200, "min_p": 1 / 201, "p_value": 1 / 201}
        sep = separation_rows([
            {**common, "frame": "crime", "group_a": "a", "group_b": "rest", "diff": 4.0, "p_adjusted": 0.01},
            {**common, "frame": "cost", "group_a": "a", "group_b": "rest", "diff": -1.0, "p_adjusted": 0.2},
            {**common, "frame": "crime", "group_a": "b", "group_b": "rest", "diff": -2.0, "p_adjusted": 0.03},
            {**common, "frame": "cost", "group_a": "c", "group_b": "rest", "diff": 0.5, "p_adjusted": 0.6},
        ])
        assert narrate.framing_opening(sep, covered(0.2), max_comparisons=2) == (
            "*a* texts give more room than the rest to *crime* (4.0 more hits per 1,000 tokens, 95% interval 3.0 to "
            "5.0; consistent). *b* texts give no frame more room than the rest. (The other group is in the table below.)\n\n"
            "How sure can we be? Adjusted for testing every frame, 2 of the 4 frame differences reach p ≤ 0.05: *crime* "
            "(*a* against the rest) and *crime* (*b* against the rest)."
        )

    def test_a_one_document_group_and_no_difference_that_passes(self):
        common = {"group_a": "solo", "group_b": "many", "n_a": 1, "n_b": 30, "min_p": 0.001, "p_value": 0.2,
                  "p_adjusted": 0.4, "loo_min": np.nan, "stable_sign": False, "support": ONE}
        sep = separation_rows([{**common, "frame": "trust", "diff": 3.0}])
        assert narrate.framing_opening(sep, covered(0.3)) == (
            "*solo* texts give more room to *trust* (3.0 more hits per 1,000 tokens, 95% interval 2.0 to 4.0; carried "
            "by one document). *many* texts give no frame more room.\n\n"
            "How sure can we be? Adjusted for testing every frame, the one frame difference does not reach p ≤ 0.05 "
            "(adjusted p = 0.4)."
        )

    def test_the_lexicon_that_sees_little_is_said_first_and_alone(self):
        sep = separation_rows([{"frame": "crime", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 5.0}])
        assert narrate.framing_opening(sep, covered(0.012)) == (
            "**The frame lexicon sees little of these texts.** Its entries cover 1.2% of the tokens, below the 5% at "
            "which frame counts can describe a text, so this chapter states no finding about frames: its counts are kept "
            "below as a note on the lexicon, and the next section says how to write a lexicon for these texts."
        )
        assert narrate.lexicon_note(covered(0.012)) == (
            "*A note on the lexicon, not a finding: it covers 1.2% of the tokens of these texts.*")
        assert narrate.lexicon_note(covered(0.05)) == ""

    def test_no_frame_is_used_or_nothing_was_tested(self):
        sep = separation_rows([{"frame": "crime", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 0.0,
                                "docs_a": 0, "docs_b": 0}])
        assert narrate.framing_opening(sep, covered(0.2)) == (
            "No frame of the lexicon occurs in these texts, so no frame could be compared between the groups.")
        assert narrate.framing_opening(sep.iloc[0:0], covered(0.2)) == narrate.framing_opening(sep, covered(0.2))

    def test_markdown_in_labels_and_frame_names_is_escaped(self):
        sep = separation_rows([{"frame": "f", "group_a": MD, "group_b": "b", "n_a": 2, "n_b": 3, "diff": 1.0}],
                              frame_labels={"f": MD_DOLLAR})
        text = narrate.framing_opening(sep, covered(0.2))
        assert text.startswith(f"{MD_QUOTED} texts give more room to *{MD_DOLLAR_ESC}* (1.0 more hits")
        assert f"With 2 {MD_QUOTED} and 3 *b* documents" in text


class TestSeparationRows:
    def test_two_groups_each_row_names_the_group_it_leans_to(self):
        separation = pd.DataFrame({"frame": ["f", "g", "h", "i"], "group_a": ["fresh"] * 4, "group_b": ["rotten"] * 4,
                                   "diff": [1.5, -0.7, 0.0, np.nan]})
        rows = narrate.separation_rows(separation)
        assert rows["leans_to"].tolist() == ["fresh", "rotten", "neither", "neither"]
        assert "leans_to" not in separation.columns

    def test_one_against_the_rest(self):
        separation = pd.DataFrame({"frame": ["f", "f", "f"], "group_a": ["a", "b", MD], "group_b": ["rest"] * 3,
                                   "diff": [2.0, -1.0, 0.5]})
        rows = narrate.separation_rows(separation)
        assert rows["leans_to"].tolist() == ["a", "the rest (not b)", MD]

    def test_empty(self):
        separation = pd.DataFrame({"frame": [], "group_a": [], "group_b": [], "diff": []})
        rows = narrate.separation_rows(separation)
        assert rows.empty and "leans_to" in rows.columns
