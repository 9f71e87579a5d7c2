"""Tests for the findings of chapters 03 and 04 (corpus_utils.narrate, chapters 03 and 04).

Each test builds the small table an analysis function would return, by hand, and asserts the
whole sentence it must give: two groups, three groups (one-vs-rest), a camp of one document, empty
results, a large corpus, singular and plural, and values full of Markdown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_utils import narrate as n34

# A label full of Markdown and what every function must print for it (inside its italics).
MD = "*pro* [x](y) <b>$1</b>"
MD_ESC = '\\*pro\\* \\[x\\](y) &lt;b&gt;<span class="tex2jax_ignore">&#36;</span>1&lt;/b&gt;'


def table(rows: list[dict], **attrs) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.attrs.update(attrs)
    return frame


# =================================================================================== chapter 03


class TestGroupsCompared:
    def test_two_groups(self):
        corpus = pd.DataFrame({"label": ["a", "a", "b"]})
        assert n34.groups_compared(corpus, ["a", "b"]) == (
            "3 documents: 2 documents labelled *a* and 1 document labelled *b*."
        )

    def test_three_groups_are_each_compared_with_the_rest(self):
        corpus = pd.DataFrame({"label": ["a", "b", "b", "c"]})
        assert n34.groups_compared(corpus, ["a", "b", "c"]) == (
            "4 documents: 1 document labelled *a*, 2 documents labelled *b* and 1 document labelled *c*; "
            "with more than two groups, each is compared with the rest."
        )

    def test_one_named_group_against_every_other_document(self):
        corpus = pd.DataFrame({"label": ["a", "b", "c"]})
        assert n34.groups_compared(corpus, ["a"]) == (
            "3 documents: 1 document labelled *a*; *a* is compared with the other 2 documents."
        )

    def test_a_label_full_of_markdown_is_escaped(self):
        corpus = pd.DataFrame({"label": [MD, "b"]})
        assert n34.groups_compared(corpus, [MD, "b"]) == (
            f"2 documents: 1 document labelled *{MD_ESC}* and 1 document labelled *b*."
        )


class TestLexiconContents:
    def test_frames_scoped_words_a_split_word_and_words_in_no_phrase(self):
        lexicon = table([{"frame": "law", "n_words": 3, "n_phrases": 1}, {"frame": "cost", "n_words": 1, "n_phrases": 0}],
                        source="/home/someone/my_frames.yml")
        scoped = table([{"word": "rights", "n_frames": 2, "frames": ("fairness", "federalism")},
                        {"word": "illegal", "n_frames": 0, "frames": ()}])
        # only the file name is shown, never the folders it sits in
        assert n34.lexicon_contents(lexicon, scoped) == (
            "The lexicon (*my\\_frames.yml*) defines 2 frames with 4 words and 1 phrase. 2 scoped words count only "
            "inside phrases: *rights* and *illegal*. For example, *rights* appears in phrases of 2 frames (*fairness* "
            "and *federalism*): which frame it signals depends on its neighbours. *illegal* is in no phrase, so it "
            "never counts."
        )

    def test_no_scoped_words(self):
        lexicon = table([{"frame": "cost", "n_words": 1, "n_phrases": 1}], source="frames.yml")
        scoped = pd.DataFrame(columns=["word", "n_frames", "frames"])
        assert n34.lexicon_contents(lexicon, scoped) == "The lexicon (*frames.yml*) defines 1 frame with 1 word and 1 phrase."


class TestLexiconFit:
    def test_low_coverage_is_said_first_with_how_to_write_a_lexicon(self):
        # a corpus on another debate: 0.4 % of its tokens fall inside a match of the lexicon
        covered = table([{"framed_tokens": 3}, {"framed_tokens": 0}, {"framed_tokens": 0}], token_share=0.004)
        unframed = table([{"term": "rent", "count": 12}, {"term": "tenants", "count": 1}])
        assert n34.lexicon_fit(covered, unframed) == (
            "**The lexicon sees little of this corpus.** Its entries cover 0.4% of the tokens (stop words included), "
            "below 5%; 1 of 3 documents holds any entry at all. The frame counts below then describe a handful of "
            "words, not the texts: read them as a check of the lexicon, and write a lexicon for this corpus first.\n\n"
            "How to write one:\n\n"
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
        assert n34.lexicon_fit(covered, table([{"term": "x", "count": 1}])) == (
            f"The lexicon's entries cover {text} the 5% "
            "below which this chapter would first warn that the frames see too little of the texts."
        )

    def test_unframed_words_full_of_markdown_are_escaped(self):
        covered = table([{"framed_tokens": 0}], token_share=0.0)
        text = n34.lexicon_fit(covered, table([{"term": MD, "count": 2}]))
        assert f"The most frequent here are *{MD_ESC}* (2)." in text
        assert "0 of 1 document hold any entry" in text


class TestFrameMatches:
    def test_counts_most_frequent_entries_and_one_document_entries(self):
        entries = table([{"frame": "crime", "match": "crimes", "hits": 11, "docs": 3},
                         {"frame": "crime", "match": "arrests", "hits": 1, "docs": 1}], n_matches=12, docs_with_hits=3)
        text = n34.frame_matches(entries, 4)
        assert text == (
            "The lexicon matches 12 times in 3 of 4 documents; 2 distinct entries match at all. The most frequent are "
            "*crimes* (crime, 11 hits in 3 documents) and *arrests* (crime, 1 hit in 1 document). 1 of the 2 matched "
            "entries occurs in a single document. A frame's total is a sum over its entries and its documents; how much "
            "of it one document supplies is measured below (`frame.concentration`)."
        )
        assert "no single author" not in text

    def test_one_match(self):
        entries = table([{"frame": "crime", "match": MD, "hits": 1, "docs": 1}], n_matches=1, docs_with_hits=1)
        assert n34.frame_matches(entries, 1) == (
            f"The lexicon matches once in 1 of 1 document; 1 distinct entry matches at all. The most frequent is "
            f"*{MD_ESC}* (crime, 1 hit in 1 document). It occurs in a single document. A frame's "
            "total is a sum over its entries and its documents; how much of it one document supplies is measured below "
            "(`frame.concentration`)."
        )

    def test_no_match(self):
        entries = table([], n_matches=0, docs_with_hits=0)
        assert n34.frame_matches(entries, 3) == (
            "No lexicon entry occurs in this corpus: check that the lexicon fits its language and topic (see above)."
        )


class TestLeadingFrames:
    def test_two_groups_with_a_tie(self):
        leading = table([{"label": "a", "frame": "legality", "docs": 1, "n_docs": 2},
                         {"label": "a", "frame": "community", "docs": 1, "n_docs": 2},
                         {"label": "b", "frame": "crime", "docs": 3, "n_docs": 3}])
        assert n34.leading_frames(leading, ["a", "b"]) == (
            "Reading the rows one document at a time: in *a*, the strongest frame is *legality* in 1 of 2 documents and "
            "*community* in 1; in *b*, the strongest frame is *crime* in 3 of 3 documents."
        )

    def test_more_frames_than_listed_and_documents_with_no_frame(self):
        leading = table([{"label": "a", "frame": f, "docs": d, "n_docs": 8}
                         for f, d in [("crime", 3), ("trust", 2), ("law", 1), ("cost", 1), ("(none)", 1)]])
        assert n34.leading_frames(leading, ["a"]) == (
            "Reading the rows one document at a time: in *a*, the strongest frame is *crime* in 3 of 8 documents, "
            "*trust* in 2 and *law* in 1; the other 2 documents are led by 1 other frame, or by none."
        )

    def test_a_one_document_camp_with_no_frame(self):
        leading = table([{"label": "c", "frame": "(none)", "docs": 1, "n_docs": 1}])
        assert n34.leading_frames(leading, ["c"]) == (
            "Reading the rows one document at a time: in *c*, the strongest frame is no frame at all in 1 of 1 document."
        )

    def test_empty(self):
        assert n34.leading_frames(pd.DataFrame(columns=["label", "frame", "docs", "n_docs"]), ["a"]) == (
            "No document has a frame to read."
        )


class TestFramesByCamp:
    def test_top_frames_a_camp_without_hits_and_a_one_document_frame(self):
        summary = table([
            {"frame": "crime", "label": "a", "n_docs": 2, "docs_with_hits": 2, "mean": 3.0},
            {"frame": "crime", "label": "b", "n_docs": 1, "docs_with_hits": 0, "mean": 0.0},
            {"frame": "trust", "label": "a", "n_docs": 2, "docs_with_hits": 1, "mean": 1.3},
            {"frame": "trust", "label": "b", "n_docs": 1, "docs_with_hits": 0, "mean": 0.0},
        ])
        assert n34.frames_by_camp(summary) == (
            "The 2 frames with the highest mean rate in each camp:\n\n"
            "* *a* foregrounds *crime* (3.0 per 1,000 tokens, in 2 of 2 documents) and *trust* (1.3 per 1,000 tokens, "
            "in 1 of 2 documents)\n"
            "* *b* foregrounds no frame of the lexicon (none matched in this camp)\n\n"
            "Some frames rest on a single document of their camp, so they describe that document, not the camp: "
            "*trust* in *a*."
        )


def concentration_rows(*rows):
    columns = ["frame", "label", "n_docs", "docs", "hits", "top_doc", "top_hits"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame["top_share"] = np.where(frame["hits"] > 0, frame["top_hits"] / frame["hits"].clip(lower=1), np.nan)
    return frame


class TestFrameConcentration:
    def test_the_seed_case_one_document_behind_most_hits(self):
        conc = concentration_rows(
            ("crime", "anti", 2, 2, 20, "004-police", 16), ("crime", "pro", 3, 3, 66, "000-klaassen", 27),
            ("legality", "anti", 2, 2, 22, "001-malone", 14), ("community", "anti", 2, 2, 24, "004-police", 19),
            ("community", "pro", 3, 1, 1, "000-klaassen", 1),
        )
        text = n34.frame_concentration(conc)
        assert text == (
            "In *anti*, one document supplies 75% or more of the hits of 2 frames: *crime* (16 of 20 hits, from "
            "*004-police*) and *community* (19 of 24 hits, from *004-police*). For these frames, the camp's mean rate is "
            "mostly one document's usage, whatever its other documents do."
        )
        assert "no single author" not in text

    def test_no_frame_above_the_threshold_names_the_largest_share(self):
        conc = concentration_rows(("legality", "anti", 2, 2, 22, "001-malone", 14), ("crime", "pro", 3, 3, 66, "d0", 27))
        assert n34.frame_concentration(conc) == (
            "In no camp does one document supply 75% or more of a frame's hits (among frames that two or more of the "
            "camp's documents use); the largest share is 64%: 14 of 22 *legality* hits in *anti* come from *001-malone*."
        )

    def test_three_groups_and_a_one_document_camp(self):
        conc = concentration_rows(("crime", "a", 3, 2, 4, "d1", 3), ("crime", "b", 2, 2, 10, "d4", 5),
                                  ("crime", "c", 1, 1, 5, "d9", 5))
        assert n34.frame_concentration(conc) == (
            "In *a*, one document supplies 75% or more of the hits of one frame: *crime* (3 of 4 hits, from *d1*). For "
            "this frame, the camp's mean rate is mostly one document's usage, whatever its other documents do. *c* is a "
            "single document, so all its hits come from it."
        )

    def test_no_hits_at_all(self):
        conc = concentration_rows(("crime", "a", 2, 0, 0, None, 0), ("crime", "b", 2, 0, 0, None, 0))
        assert n34.frame_concentration(conc) == "No frame has a hit in this corpus, so no frame total rests on any document."

    def test_a_document_id_full_of_markdown(self):
        conc = concentration_rows(("crime", "a", 2, 2, 4, MD, 4))
        assert f"*crime* (4 of 4 hits, from *{MD_ESC}*)" in n34.frame_concentration(conc)


def separation_rows(rows, **attrs):
    defaults = {"p_value": 0.1, "min_p": 0.1, "p_adjusted": 0.5, "n_relabelings": 10, "exact": True,
                "loo_min": 1.0, "loo_max": 2.0, "stable_sign": True, "docs_a": 1, "docs_b": 1}
    frame = pd.DataFrame([{**defaults, **r} for r in rows])
    frame.attrs.update({"value": "per_1000", "seed": 0, **attrs})
    return frame


class TestFrameSeparation:
    def test_two_groups_whose_floor_is_above_alpha(self):
        sep = separation_rows([
            {"frame": "community", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 22.0},
            {"frame": "fairness", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 2.5, "p_value": 0.4,
             "min_p": 0.4, "p_adjusted": 0.9, "loo_min": -0.5, "stable_sign": False},
        ])
        assert n34.frame_separation(sep) == (
            "With 2 *a* and 3 *b* documents, each frame's test is exact, over all 10 relabelings, and the smallest "
            "p-value a frame can reach is 0.1; ties among the relabelings raise it for *fairness* (0.4). No frame can "
            "reach the conventional 0.05 however large its difference, so these p-values rank how unusual each split is "
            "among the possible ones; they prove nothing. 1 frame reaches the smallest possible p = 0.1: *community* "
            "(higher in *a* by 22.0 per 1,000 tokens; adjusted p = 0.5); its difference keeps its sign when any one "
            "document is left out. For *fairness* the difference changes sign (or vanishes) when one document is left "
            "out: too fragile to read as a difference between the groups. The evidence sections below read the "
            "sentences behind the numbers."
        )

    def test_three_groups_one_against_the_rest_by_monte_carlo(self):
        common = {"frame": "crime", "n_a": 40, "n_b": 80, "exact": False, "n_relabelings": 200, "min_p": 1 / 201,
                  "p_value": 1 / 201}
        sep = separation_rows([
            {**common, "group_a": "a", "group_b": "rest", "diff": 4.0, "p_adjusted": 0.01},
            {**common, "group_a": "b", "group_b": "rest", "diff": -1.0, "p_value": 0.3, "p_adjusted": 0.3},
            {**common, "group_a": "c", "group_b": "rest", "diff": 0.5, "p_value": 0.6, "p_adjusted": 0.6},
        ], seed=3)
        assert n34.frame_separation(sep, max_comparisons=2) == (
            "With 40 *a* and 80 other documents, each frame's test draws 200 random relabelings (seed 3), and the "
            "smallest p-value a frame can reach is 0.00498. 1 frame reaches p ≤ 0.05: *crime* (higher in *a* by 4.0 per "
            "1,000 tokens; adjusted p = 0.01); its difference keeps its sign when any one document is left out. \n\n"
            "With 40 *b* and 80 other documents, each frame's test draws 200 random relabelings (seed 3), and the "
            "smallest p-value a frame can reach is 0.00498. No frame reaches p ≤ 0.05 (smallest adjusted p-value: 0.3). "
            "\n\n(The first 2 of 3 comparisons; the table lists them all.) The evidence sections below read the "
            "sentences behind the numbers."
        )

    def test_several_frames_are_adjusted_for_and_listed(self):
        rows = [{"frame": f, "group_a": "a", "group_b": "b", "n_a": 30, "n_b": 30, "diff": d, "min_p": 0.005,
                 "p_value": 0.005, "p_adjusted": pa, "exact": False, "n_relabelings": 200}
                for f, d, pa in [("crime", 3.0, 0.01), ("cost", -2.0, 0.02), ("law", 0.1, 0.7)]]
        rows[1]["stable_sign"] = False
        assert n34.frame_separation(separation_rows(rows)) == (
            "With 30 *a* and 30 *b* documents, each frame's test draws 200 random relabelings (seed 0), and the smallest "
            "p-value a frame can reach is 0.005. Adjusted for testing all 3 frames at once, 2 frames reach p ≤ 0.05: "
            "*crime* (higher in *a* by 3.0 per 1,000 tokens; adjusted p = 0.01) and *cost* (lower in *a* by 2.0 per "
            "1,000 tokens; adjusted p = 0.02); the difference keeps its sign when any one document is left out for 1 of "
            "them. For *cost* the difference changes sign (or vanishes) when one document is left out: too fragile to "
            "read as a difference between the groups. The evidence sections below read the sentences behind the numbers."
        )

    def test_frames_no_document_uses_are_set_apart(self):
        rows = [{"frame": "community", "group_a": "a", "group_b": "b", "n_a": 5, "n_b": 5, "diff": -23.9,
                 "min_p": 0.00794, "p_value": 0.00794, "p_adjusted": 0.0079, "n_relabelings": 252, "docs_a": 0,
                 "docs_b": 5}]
        rows += [{"frame": f, "group_a": "a", "group_b": "b", "n_a": 5, "n_b": 5, "diff": 0.0, "min_p": 1.0,
                  "p_value": 1.0, "p_adjusted": 1.0, "n_relabelings": 252, "docs_a": 0, "docs_b": 0,
                  "loo_min": 0.0, "loo_max": 0.0, "stable_sign": False} for f in ("crime", "political")]
        assert n34.frame_separation(separation_rows(rows)) == (
            "With 5 *a* and 5 *b* documents, each frame's test is exact, over all 252 relabelings, and the smallest "
            "p-value a frame can reach is 0.00794. Adjusted for testing all 3 frames at once, 1 frame reaches p ≤ 0.05: "
            "*community* (lower in *a* by 23.9 per 1,000 tokens; adjusted p = 0.0079); its difference keeps its sign "
            "when any one document is left out. *crime* and *political* are used by no document of either side, so "
            "they have nothing to test. The evidence sections below read the sentences behind the numbers."
        )

    def test_one_document_each_cannot_leave_one_out(self):
        sep = separation_rows([{"frame": "crime", "group_a": "a", "group_b": "b", "n_a": 1, "n_b": 1, "diff": 1.0,
                                "min_p": 1.0, "p_value": 1.0, "p_adjusted": 1.0, "n_relabelings": 2,
                                "loo_min": np.nan, "loo_max": np.nan, "stable_sign": False}])
        assert n34.frame_separation(sep) == (
            "With 1 *a* and 1 *b* documents, each frame's test is exact, over all 2 relabelings, and the smallest "
            "p-value a frame can reach is 1. No frame can reach the conventional 0.05 however large its difference, so "
            "these p-values rank how unusual each split is among the possible ones; they prove nothing. 1 frame reaches "
            "the smallest possible p = 1: *crime* (higher in *a* by 1.0 per 1,000 tokens; adjusted p = 1). For *crime* "
            "no document can be left out (each side has one), so the difference rests on single documents. The evidence "
            "sections below read the sentences behind the numbers."
        )

    def test_empty(self):
        assert n34.frame_separation(pd.DataFrame()) == "No frame could be tested."


class TestFrameEvidence:
    def test_entries_per_group_one_hit_and_no_hit(self):
        conc = concentration_rows(("community", "a", 2, 2, 24, "d0", 19), ("community", "b", 3, 1, 1, "d3", 1),
                                  ("community", "c", 1, 0, 0, None, 0), ("community", "d", 1, 1, 2, "d9", 2))
        conc.attrs["frame_labels"] = {"community": "Community trust & cooperation"}
        entries = table([
            {"frame": "community", "label": "a", "match": "fear", "hits": 4, "docs": 1},
            {"frame": "community", "label": "a", "match": "trust", "hits": 3, "docs": 2},
            {"frame": "community", "label": "a", "match": "immigrant communities", "hits": 3, "docs": 1},
            {"frame": "community", "label": "a", "match": "witness", "hits": 1, "docs": 1},
            {"frame": "community", "label": "b", "match": "victims", "hits": 1, "docs": 1},
            {"frame": "community", "label": "d", "match": "trust", "hits": 2, "docs": 1},
        ])
        evidence = pd.DataFrame()
        evidence.attrs["frame"] = "community"
        assert n34.frame_evidence([evidence, evidence], entries, conc) == (
            "**Community trust &amp; cooperation** (*community*): *a* has 24 hits in 2 of 2 documents, most often "
            "*fear* (4), *trust* (3) and *immigrant communities* (3); *b* has one hit, *victims*, in 1 of 3 documents; "
            "no *c* document uses it; *d* has 2 hits in 1 of 1 document: *trust* (2)."
        )

    def test_markdown_in_a_frame_label_and_an_entry(self):
        conc = concentration_rows(("f", "a", 1, 1, 1, "d0", 1))
        conc.attrs["frame_labels"] = {"f": "<i>F</i>"}
        entries = table([{"frame": "f", "label": "a", "match": MD, "hits": 1, "docs": 1}])
        evidence = pd.DataFrame()
        evidence.attrs["frame"] = "f"
        assert n34.frame_evidence([evidence], entries, conc) == (
            f"**&lt;i&gt;F&lt;/i&gt;** (*f*): *a* has one hit, *{MD_ESC}*, in 1 of 1 document."
        )


class TestSeedCommunityConcentration:
    def test_the_text_behind_most_hits_and_the_other(self):
        conc = concentration_rows(("community", "anti-cooperation", 2, 2, 24, "004-police", 19))
        rates = table([{"doc_id": "004-police", "label": "anti-cooperation", "frame": "community", "hits": 19},
                       {"doc_id": "001-malone", "label": "anti-cooperation", "frame": "community", "hits": 5},
                       {"doc_id": "000-klaassen", "label": "pro-cooperation", "frame": "community", "hits": 1}])
        assert n34.seed_community_concentration(conc, rates) == (
            "**Reading the seed corpus.** Of the 24 anti-cooperation community-trust hits, 19 come from one text, the "
            "police position statement (*004-police*), which argues that immigrants who fear deportation will not come "
            "forward as victims or witnesses. The ACLU column (*001-malone*) contributes 5. A camp-level contrast built "
            "on two documents, one of which supplies most of the hits, is a contrast between two authors as much as "
            "between two camps."
        )

    def test_nothing_to_say_without_the_frame(self):
        conc = concentration_rows(("crime", "anti-cooperation", 2, 2, 4, "004-police", 3))
        assert n34.seed_community_concentration(conc, table([])) == ""


class TestFrameCoverage:
    def test_two_groups_one_of_a_single_document(self):
        by_group = table([{"label": "a", "n_docs": 2, "sentence_min": 0.78, "sentence_max": 0.9},
                          {"label": "b", "n_docs": 1, "sentence_min": 0.5, "sentence_max": 0.5}],
                         token_share=0.126, sentence_share=0.74)
        assert n34.frame_coverage(by_group) == (
            "Frame words make up 12.6% of all tokens, and 74% of sentences hold at least one. Per document, the share "
            "of framed sentences ranges from 78% to 90% in *a* and 50% in the one *b* document. A sentence with no "
            "match is not frameless: it may frame through words the lexicon lacks."
        )


class TestUnframedWordsNote:
    def test_unclaimed_words_and_scoped_words(self):
        unframed = table([{"term": t} for t in ["enforcement", "immigration", "ice"]])
        scoped = table([{"word": "enforcement", "occurrences": 45, "in_phrases": 0, "unassigned": 45},
                        {"word": "rights", "occurrences": 52, "in_phrases": 20, "unassigned": 32}])
        assert n34.unframed_words_note(unframed, scoped) == (
            "The most frequent words no frame claims are *enforcement*, *immigration* and *ice*. Of the 97 occurrences "
            "of scoped words, 20 sit inside a frame phrase and 77 are left unassigned; *enforcement* alone occurs 45 "
            "times, none of them inside a phrase. To extend the lexicon, copy `frames.yml`, add words or phrases, and "
            "give the copy's path as the `lexicon` parameter."
        )

    @pytest.mark.parametrize("in_phrases, said", [(1, "sits inside a frame phrase"),
                                                  (0, "is outside any phrase, so it counts for no frame")])
    def test_a_single_occurrence_of_a_single_word(self, in_phrases, said):
        scoped = table([{"word": "x", "occurrences": 1, "in_phrases": in_phrases, "unassigned": 1 - in_phrases}])
        assert n34.unframed_words_note(table([{"term": "rent"}]), scoped) == (
            f"The most frequent words no frame claims are *rent*. The one occurrence of a scoped word, *x*, {said}. To "
            "extend the lexicon, copy `frames.yml`, add words or phrases, and give the copy's path as the `lexicon` "
            "parameter."
        )

    def test_one_scoped_word_in_use_needs_no_alone(self):
        scoped = table([{"word": "x", "occurrences": 3, "in_phrases": 0, "unassigned": 3},
                        {"word": "y", "occurrences": 0, "in_phrases": 0, "unassigned": 0}])
        assert n34.unframed_words_note(table([{"term": "rent"}]), scoped) == (
            "The most frequent words no frame claims are *rent*. Of the 3 occurrences of scoped words, none sits inside "
            "a frame phrase and 3 are left unassigned. To extend the lexicon, copy `frames.yml`, add words or phrases, "
            "and give the copy's path as the `lexicon` parameter."
        )

    def test_nothing_unclaimed_and_no_scoped_word(self):
        empty = pd.DataFrame(columns=["word", "occurrences", "in_phrases", "unassigned"])
        assert n34.unframed_words_note(pd.DataFrame(columns=["term"]), empty) == (
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
        assert n34.contested_frames_summary(contested, 2) == (
            "Words used by at least 2 documents of each camp, whose frame company differs most between *a* and *b*: "
            "*agencies* (distance 0.81, from 10 framed uses in *a* and 4 in *b*; in *a* mostly near *legality* (6 of "
            "10), in *b* always near *interagency* (4 of 4)) and *legal* (distance 0.80, from 3 framed uses in *a* and 2 "
            "in *b*; in *a* most often near *community* (1 of 3), in *b* always near *legality* (2 of 2)). The next "
            "table shows the company of the first 2 in detail."
        )

    def test_one_framed_use_and_a_lowered_min_docs_against_the_rest(self):
        contested = contested_rows([("order", 1.0, 1, 3, "security", "crime", 1, 2)], group_b="rest", min_docs=1)
        assert n34.contested_frames_summary(contested, 2) == (
            "Words used by at least 1 document of each camp (`min_docs` was lowered to 1 because a camp has only 1 "
            "document, so one author's usage can decide a row), whose frame company differs most between *a* and the "
            "rest: *order* (distance 1.00, from 1 framed use in *a* and 3 in the rest; in *a* near *security* (its one "
            "framed use), in the rest mostly near *crime* (2 of 3)). The next table shows the company of the first word "
            "in detail."
        )

    def test_empty(self):
        contested = contested_rows([], group_a=MD, min_docs=2)
        assert n34.contested_frames_summary(contested, 2) == (
            f"No word is used by at least 2 documents of both *{MD_ESC}* and *b* near two or more different frames."
        )


def company_rows(rows):
    columns = ["word", "label", "frame", "occurrences", "total", "nearby"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame["share"] = frame["occurrences"] / frame["total"]  # as word_frames computes it
    return frame


class TestWordCompany:
    def test_some_all_both_and_one_uses(self):
        company = company_rows([
            ("agencies", "a", "legality", 6, 10, "immigration laws (3)"), ("agencies", "a", "(none)", 4, 10, ""),
            ("agencies", "b", "interagency", 4, 4, "partner (1)"),
            ("legal", "a", "community", 1, 3, "fear (2)"), ("legal", "b", "legality", 2, 2, "legal status (1)"),
            ("legal", "c", "crime", 1, 1, "crimes (1)"),
        ])
        assert n34.word_company(company, ["a", "b", "c"]) == (
            "*agencies*: in *a*, 6 of its 10 uses (60%) are near *legality* words (immigration laws (3)); in *b*, all 4 "
            "of its uses are near *interagency* words (partner (1)).\n\n"
            "*legal*: in *a*, 1 of its 3 uses (33%) is near *community* words (fear (2)); in *b*, both its uses are "
            "near *legality* words (legal status (1)); in *c*, its one use is near *crime* words (crimes (1))."
        )

    def test_a_word_only_near_no_frame_and_an_empty_table(self):
        company = company_rows([("x", "a", "(none)", 2, 2, "")])
        assert n34.word_company(company, ["a"]) == ""
        assert n34.word_company(company_rows([]), ["a"]) == ""

    def test_nearby_entries_full_of_markdown(self):
        company = company_rows([("x", "a", "crime", 1, 1, f"{MD} (1)")])
        assert n34.word_company(company, ["a"]) == f"*x*: in *a*, its one use is near *crime* words ({MD_ESC} (1))."


class TestSeedCooperation:
    def test_all_of_one_camp_and_some_of_the_other(self):
        coop = company_rows([("cooperation", "anti-cooperation", "community", 8, 8, "trust (4)"),
                             ("cooperation", "pro-cooperation", "interagency", 1, 8, "cooperation with ice (1)")])
        assert n34.seed_cooperation_frames(coop) == (
            "**Reading the seed corpus.** The word the camps are named after makes the point most plainly. In the "
            "anti-cooperation texts, all 8 uses of *cooperation* sit near community-trust words (trust (4)): the "
            "cooperation of immigrant residents with the police. In the pro-cooperation texts, 1 of 8 uses sits near "
            "inter-agency words (cooperation with ice (1)): the cooperation of local police with ICE. Both camps say "
            "they want cooperation; they mean cooperation between different parties, which a count of the word alone "
            "cannot show."
        )

    def test_nothing_to_say_when_a_camp_lacks_the_frame(self):
        coop = company_rows([("cooperation", "anti-cooperation", "community", 8, 8, "trust (4)")])
        assert n34.seed_cooperation_frames(coop) == ""


class TestFrameLimits:
    def test_a_small_corpus_cannot_reach_alpha(self):
        sep = separation_rows([{"frame": "f", "group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "diff": 1.0}])
        assert n34.frame_limits(sep) == (
            "In this corpus the smallest camp has 2 documents, and the smallest p-value any frame's test can give is "
            "0.1. So no frame contrast can reach p ≤ 0.05: the differences above describe these texts and their authors; "
            "whether they hold for the camps at large needs more documents of each kind."
        )

    def test_a_large_corpus(self):
        sep = separation_rows([
            {"frame": f, "group_a": "a", "group_b": "b", "n_a": 120, "n_b": 80, "diff": 1.0, "min_p": 1 / 201,
             "p_adjusted": pa} for f, pa in [("crime", 0.01), ("law", 0.4)]
        ])
        text = n34.frame_limits(sep)
        assert text == (
            "In this corpus the smallest camp has 80 documents, and the smallest p-value any frame's test can give is "
            "0.00498. A frame contrast can reach p ≤ 0.05 here (1 of 2 frame tests reaches it, adjusted for testing "
            "every frame), but it still rests on 200 documents, and it speaks for the camps at large only if the "
            "documents were sampled without regard to the words they use."
        )
        assert "this few" not in text

    def test_three_groups_the_smallest_is_a_group_not_the_rest(self):
        sep = separation_rows([
            {"frame": "f", "group_a": g, "group_b": "rest", "n_a": n, "n_b": 10 - n, "diff": 1.0} for g, n in
            [("a", 1), ("b", 4), ("c", 5)]
        ])
        assert n34.frame_limits(sep).startswith("In this corpus the smallest camp has 1 document, ")


# =================================================================================== chapter 04


class TestClusteringSetup:
    def test_two_groups_k_from_the_groups(self):
        corpus = pd.DataFrame({"label": ["b", "a", "b"]})
        assert n34.clustering_setup(corpus, 2) == (
            "This chapter clusters 3 documents (1 *a* and 2 *b*) into k = 2 clusters (the number of groups)."
        )

    def test_a_large_corpus_and_k_set_by_hand(self):
        corpus = pd.DataFrame({"label": ["a"] * 1500 + ["b"] * 501 + ["c"]})
        assert n34.clustering_setup(corpus, 4, n_clusters=4) == (
            "This chapter clusters 2,002 documents (1,500 *a*, 501 *b* and 1 *c*) into k = 4 clusters (set by "
            "`n_clusters`). The corpus is larger than 2,000 documents, so k-means runs in mini-batches, the n × n "
            "similarity heatmap, the dendrogram and agglomerative clustering are skipped, and neighbours and silhouettes "
            "are computed on a seeded sample."
        )


class TestVectorSpace:
    def test_lsa_and_documents_with_no_term(self):
        terms = table([{"terms": 3}, {"terms": 0}], n_terms=1200)
        settings = {"representation": "LSA (100 dimensions) of L2-normalized TF-IDF", "lsa_components": 100,
                    "explained_variance": 0.62, "n_empty": 1, "min_df": 2}
        assert n34.vector_space(terms, settings) == (
            "Each document is a vector over 1,200 terms (used by at least 2 documents); a document uses between 0 and 3 "
            "of them. Clustering reads: LSA (100 dimensions) of L2-normalized TF-IDF, whose 100 dimensions keep 62% of "
            "the TF-IDF variance. **1 document kept no term** after `min_df`: such a document is similar to nothing and "
            "lands in a cluster arbitrarily; lower `min_df` or check those texts."
        )


class TestNeighborsReading:
    def test_sampled_and_similar(self):
        summary = table([dict(n_queried=2000, same_label=1500, same_share=0.75, chance=0.5, median_similarity=0.6,
                              best_doc="d1", best_neighbor=MD, best_similarity=0.98, sampled=True)])
        assert n34.neighbors_reading(summary) == (
            "For 1,500 of 2,000 documents (a seeded sample) the most similar other document carries the same label "
            "(75%); a document drawn at random from the rest would share the label 50% of the time. The most similar "
            f"pair is *d1* and *{MD_ESC}* (cosine 0.98); the median similarity to the nearest neighbour is 0.60."
        )

    def test_one_document_and_little_in_common(self):
        summary = table([dict(n_queried=1, same_label=1, same_share=1.0, chance=0.0, median_similarity=0.2,
                              best_doc="d1", best_neighbor="d2", best_similarity=0.2, sampled=False)])
        assert n34.neighbors_reading(summary) == (
            "For 1 of 1 document the most similar other document carries the same label (100%); a document drawn at "
            "random from the rest would share the label 0% of the time. The most similar pair is *d1* and *d2* (cosine "
            "0.20); the median similarity to the nearest neighbour is 0.20, so even the closest documents share only a "
            "small part of their weighted vocabulary."
        )


class TestSilhouetteReading:
    def test_few_documents(self):
        sil = table([{"k": 2, "silhouette": 0.071, "n_scored": 5}, {"k": 3, "silhouette": 0.008, "n_scored": 5}],
                    sampled=False)
        assert n34.silhouette_reading(sil, 2, 5) == (
            "The mean silhouette peaks at k = 2 (0.071); at the k used here, 2, it is 0.071. Values range from 0.008 to "
            "0.071; all are below 0.25, i.e. no k gives well-separated clusters. Silhouettes near 0 are usual for text, "
            "whose documents share a common vocabulary and differ in details; with 5 documents, a difference in the "
            "third decimal is noise."
        )

    def test_a_large_sampled_corpus(self):
        sil = table([{"k": 2, "silhouette": 0.3, "n_scored": 2000}, {"k": 3, "silhouette": np.nan, "n_scored": 2000}],
                    sampled=True)
        text = n34.silhouette_reading(sil, 3, 5000)
        assert text == (
            "The mean silhouette peaks at k = 2 (0.300). Values range from 0.300 to 0.300. Silhouettes near 0 are usual "
            "for text, whose documents share a common vocabulary and differ in details; with 5,000 documents, small "
            "differences between k are not decisive. (Scored on a seeded sample of 2,000 documents.)"
        )
        assert "third decimal" not in text

    def test_no_k_found_two_clusters(self):
        sil = table([{"k": 2, "silhouette": np.nan, "n_scored": 3}], sampled=False)
        assert n34.silhouette_reading(sil, 2, 3) == (
            "k-means found fewer than two distinct clusters for every k: the documents are too alike to cluster."
        )


def starts_rows(rows, **attrs):
    columns = ["seed", "partition", "inertia", "inertia_gap", "ari_labels", "ari_kept"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame.attrs.update({"n_partitions": int(frame["partition"].max()) if len(frame) else 0, "kept_inertia": 2.362,
                        "kept_ari": 0.17, "kept_sizes": "3 / 2", "kept_n_init": 50, **attrs})
    return frame


def kept_table(n_found=2, n_clusters=2):
    frame = pd.DataFrame({"cluster": [1, 2]})
    frame.attrs.update(n_found=n_found, n_clusters=n_clusters)
    return frame


class TestKMeansStartsReading:
    SEED_LIKE = [(0, 1, 2.453, 0.0386, 0.17, -0.25), (1, 2, 2.362, 0.0, 0.17, 1.0), (2, 2, 2.362, 0.0, 0.17, 1.0),
                 (3, 2, 2.362, 0.0, 0.17, 1.0), (4, 3, 2.383, 0.0087, 1.0, 0.17)]

    def test_a_gap_under_one_percent_is_worded_from_the_numbers(self):
        text = n34.kmeans_starts_reading(starts_rows(self.SEED_LIKE), kept_table())
        assert text == (
            "The 5 single starts end in 3 different partitions (their inertia ranges from 2.362 to 2.453); with 50 "
            "starts the most compact partition has inertia 2.362 and cluster sizes 3 / 2, with an ARI of 0.17 against "
            "the labels. A single start (seed 4) found a partition that matches the labels better (ARI 1.00), with "
            "inertia 2.383: 0.9% more than the 2.362 of the partition kept. k-means keeps the more compact partition, "
            "but the split that follows the labels is nearly as compact: by inertia, the vectors favour the partition "
            "kept only slightly, not decisively."
        )
        assert "does not prefer" not in text and "cannot tell" not in text

    def test_a_large_gap(self):
        rows = [(0, 1, 2.362, 0.0, 0.17, 1.0), (1, 2, 2.65, 0.122, 0.6, 0.1)]
        assert n34.kmeans_starts_reading(starts_rows(rows), kept_table()).endswith(
            "A single start (seed 1) found a partition that matches the labels better (ARI 0.60), with inertia 2.650: "
            "12.2% more than the 2.362 of the partition kept: the documents group more compactly in another way than by "
            "label, and k-means reports that grouping."
        )

    def test_a_single_start_no_more_compact_than_the_kept_one(self):
        rows = [(7, 1, 2.362, 0.0, 0.5, 0.2)]
        assert n34.kmeans_starts_reading(starts_rows(rows), kept_table(n_found=1)) == (
            "The single start ends in one partition (inertia 2.362); with 50 starts the most compact partition has "
            "inertia 2.362 and cluster sizes 3 / 2, with an ARI of 0.17 against the labels. A single start (seed 7) "
            "found a partition that matches the labels better (ARI 0.50), with inertia 2.362: no more than the partition "
            "kept (2.362): the 50 starts missed a partition at least as compact that follows the labels better; more "
            "starts (`n_init`) would settle which is more compact. Only 1 distinct cluster was found (some documents "
            "are identical)."
        )

    def test_fewer_clusters_found_than_asked(self):
        rows = [(0, 1, 2.362, 0.0, 0.17, 1.0)]
        assert n34.kmeans_starts_reading(starts_rows(rows), kept_table(n_found=2, n_clusters=3)).endswith(
            " Only 2 distinct clusters were found (some documents are identical)."
        )

    def test_every_start_the_same_partition(self):
        rows = [(s, 1, 2.362, 0.0, 0.17, 1.0) for s in range(3)]
        assert n34.kmeans_starts_reading(starts_rows(rows), kept_table()) == (
            "The 3 single starts end in the same partition (inertia 2.362); with 50 starts "
            "the most compact partition has inertia 2.362 and cluster sizes 3 / 2, with an ARI of 0.17 against the "
            "labels."
        )


class TestDendrogramReading:
    def test_a_high_narrow_tree_that_agrees_with_kmeans(self):
        assert n34.dendrogram_reading(table([{"distance": 0.77}, {"distance": 0.85}]), 1.0, 2) == (
            "Merges happen at cosine distances from 0.77 to 0.85. The whole tree sits high and in a narrow band: every "
            "document is far from every other, and the order of merges rests on small differences. Cut into 2 "
            "clusters, the tree agrees with k-means with an ARI of 1.00 (the same partition)."
        )

    def test_skipped_on_a_large_corpus(self):
        assert n34.dendrogram_reading(None, None, 2) == (
            "Agglomerative clustering and its dendrogram are skipped above 2,000 documents: they need the full n × n "
            "distance matrix."
        )

    def test_a_spread_tree_that_disagrees(self):
        assert n34.dendrogram_reading(table([{"distance": 0.1}, {"distance": 0.9}]), 0.25, 3) == (
            "Merges happen at cosine distances from 0.10 to 0.90. Cut into 3 clusters, the tree agrees with k-means "
            "with an ARI of 0.25."
        )


def agreement_rows(rows, method="KMeans"):
    columns = ["column", "status", "ari", "purity", "p_value", "min_p", "n_relabelings", "exact"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame.attrs["method"] = method
    return frame


class TestClusterAgreement:
    def test_exact_and_monte_carlo_rows_and_a_skipped_column_left_out(self):
        agree = agreement_rows([("label", "compared", 0.17, 0.8, 0.4, 0.1, 10, True),
                                (MD, "compared", 0.5, 0.9, 0.004975, 0.004975, 200, False),
                                ("date", "every document has its own value", np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)])
        assert n34.cluster_agreement(agree, "stance") == (
            "How the KMeans clusters agree with the metadata:\n\n"
            "- the labels (*stance*): ARI 0.17, purity 0.80, p = 0.4 (exact, over all 10 distinct relabelings; smallest "
            "possible p = 0.1)\n"
            f"- *{MD_ESC}*: ARI 0.50, purity 0.90, p = 0.00498 (Monte Carlo, from 200 random relabelings; smallest "
            "possible p = 0.00498)"
        )

    def test_nothing_compared(self):
        agree = agreement_rows([("genre", "one value only", np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)])
        assert n34.cluster_agreement(agree, "stance") == "No metadata column could be compared with the clusters."


class TestAgreementVerdict:
    def test_untestable_columns_say_the_test_cannot_tell(self):
        agree = agreement_rows([("label", "compared", 0.17, 0.8, 0.4, 0.1, 10, True),
                                ("genre", "compared", 0.29, 0.6, 0.4, 0.4, 60, True)])
        assert n34.agreement_verdict(agree, "stance") == (
            "**The test cannot tell**: even the best agreement these cluster sizes allow would give p = 0.1 for the "
            "labels (*stance*) and 0.4 for *genre*, above 0.05 (too few documents, or many relabelings tied at that best "
            "agreement). A large p here means *not testable*, not *no relation*. Descriptively, the ARI is highest for "
            "*genre* (0.29)."
        )

    def test_follows_two_columns_chance_for_a_third_and_a_skipped_one(self):
        agree = agreement_rows([("label", "compared", 0.6, 0.9, 0.01, 0.005, 200, False),
                                ("genre", "compared", 0.5, 0.8, 0.02, 0.005, 200, False),
                                ("source", "compared", 0.01, 0.5, 0.6, 0.005, 200, False),
                                (MD, "not a column of the corpus", np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)])
        assert n34.agreement_verdict(agree, "side") == (
            "**The clusters follow** the labels (*side*) and *genre* more closely than random relabelings do (p ≤ 0.05). "
            "Several columns pass: they are entangled in this corpus, and clustering cannot say which one drives the "
            "split. **No agreement beyond chance** for *source*: the real values agree with the clusters no better than "
            "many random relabelings do (p > 0.05), although the test could have gone below 0.05. "
            f"Skipped: *{MD_ESC}* (not a column of the corpus)."
        )

    def test_nothing_compared(self):
        agree = agreement_rows([("genre", "one value only", np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)])
        assert n34.agreement_verdict(agree, "stance") == (
            "No column could be compared. Skipped: *genre* (one value only)."
        )


class TestSeedClusterSplit:
    def test_the_two_ice_texts_apart(self):
        chosen = table([{"doc_id": d, "cluster": c} for d, c in
                        [("000-klaassen", 1), ("001-malone", 1), ("002-ice-news", 2), ("003-arie", 2), ("004-police", 1)]])
        assert n34.seed_cluster_split(chosen) == (
            "**Reading the seed corpus.** The news report on ICE's enforcement action (*002-ice-news*) and the "
            "commentary praising ICE's new program (*003-arie*) form a cluster of their own; the other cluster holds "
            "*000-klaassen*, *001-malone* and *004-police*: two guest opinion columns, one from each camp, and the police "
            "position statement. So the split runs between texts about one ICE operation or program and texts that "
            "argue about local policing policy, across stance. With five documents that is a description of five texts, "
            "not a finding about the camps."
        )

    def test_nothing_to_say_for_another_split(self):
        chosen = table([{"doc_id": d, "cluster": c} for d, c in
                        [("000-klaassen", 2), ("001-malone", 1), ("002-ice-news", 2), ("003-arie", 2), ("004-police", 1)]])
        assert n34.seed_cluster_split(chosen) == ""


class TestClusterMakeup:
    def test_labels_terms_and_one_document_terms(self):
        terms = table([{"cluster": c, "rank": r, "term": t, "docs": d, "cluster_docs": n} for c, r, t, d, n in [
            (1, 1, "enforcement", 3, 3), (1, 2, "local", 3, 3), (2, 1, "ice", 2, 2), (2, 2, MD, 1, 2),
            (3, 1, "alone", 1, 1)]])
        labels = pd.DataFrame({"cluster 1": [2, 1], "cluster 2": [0, 2], "cluster 3": [1, 0], "documents": [3, 3]},
                              index=pd.Index(["anti", "pro"], name="label"))
        assert n34.cluster_makeup(terms, labels, n_terms=2) == (
            "The 2 heaviest terms of each cluster (documents using it / documents in the cluster):\n\n"
            "- cluster 1 (3 documents: 2 *anti* and 1 *pro*): *enforcement* (3/3) and *local* (3/3)\n"
            f"- cluster 2 (2 documents: 2 *pro*): *ice* (2/2) and *{MD_ESC}* (1/2); resting on one document: *{MD_ESC}*\n"
            "- cluster 3 (1 document: 1 *anti*): *alone* (1/1)"
        )


class TestMapReading:
    @pytest.mark.parametrize("held, method, said", [
        (0.58, "mds", "classical MDS of the cosine distances; its two axes hold 58% of the spread, so part of the "
                      "distance is off the page: "),
        (0.3, "svd", "the first two TruncatedSVD components; its two axes hold 30% of the spread, so most of the "
                     "distance between documents is not on the page: "),
        (1.0, "mds", "classical MDS of the cosine distances; its two axes hold 100% of the spread, so "),
    ])
    def test_how_much_the_plane_holds(self, held, method, said):
        points = pd.DataFrame()
        points.attrs.update(method=method, held=held)
        assert n34.map_reading(points) == (
            f"The map is {said}two points close on the map may still be far apart, and the contingency table above, not "
            "the picture, is the evidence."
        )
