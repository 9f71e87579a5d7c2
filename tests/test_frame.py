"""Tests for corpus_utils.frame: matching rules, rates, permutation test, coverage.

Every expected value is worked out by hand on toy documents; the working is in the comments.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import frame
from corpus_utils.errors import ParameterError

TOY_LEXICON = {
    "scoped_words": ["cooperation"],
    "frames": {
        "security": {"definition": "Safety.", "words": ["safety", "danger"], "phrases": ["public safety"]},
        "community": {"definition": "Trust.", "words": ["trust", "fear"], "phrases": ["trust and cooperation", "come forward"]},
        "agency": {"definition": "Agencies.", "phrases": ["cooperation with ICE", "law enforcement"]},
        "legal": {"definition": "Law.", "words": ["287(g)", "warrant"], "phrases": ["enforcement agencies", "states' rights"]},
        "crime": {"definition": "Crime.", "words": ["crime", "crimes"]},
    },
}


def corpus_of(*texts, labels=None):
    labels = labels or ["x"] * len(texts)
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "group": labels, "text": list(texts)})


def matches_of(*texts, labels=None, lexicon=TOY_LEXICON, context=3):
    tokens = cu.index_tokens(corpus_of(*texts, labels=labels))
    return frame.match_frames(tokens, lexicon, context=context), tokens


def pairs(matches):
    return list(zip(matches["frame"], matches["match"]))


def rates_table(values: dict[str, list[float]], frame_name="f"):
    """A frame_rates-shaped table: one frame, one row per document, per_1000 = the value."""
    rows = []
    for label, vals in values.items():
        for i, v in enumerate(vals):
            rows.append({"doc_id": f"{label}{i}", "group": label, "frame": frame_name, "hits": int(v > 0),
                         "n_tokens": 1000, "per_1000": float(v), "share": 1.0 if v > 0 else np.nan})
    table = pd.DataFrame(rows)
    table.attrs["frames"] = [frame_name]
    return table


class TestMatchFrames:
    def test_longest_match_wins_and_each_token_counts_once(self):
        # "public safety" (2 tokens) beats "safety" (1); "trust and cooperation" beats "trust"
        matches, _ = matches_of("Public safety needs trust and cooperation.")
        assert pairs(matches) == [("security", "public safety"), ("community", "trust and cooperation")]

    def test_overlapping_phrases_of_equal_length_keep_the_leftmost(self):
        # "law enforcement" and "enforcement agencies" share "enforcement": the leftmost wins
        matches, _ = matches_of("Local law enforcement agencies agree.")
        assert pairs(matches) == [("agency", "law enforcement")]

    def test_a_longer_phrase_beats_an_earlier_shorter_one(self):
        # "come forward" starts first, but is only checked after the (here absent) longer ones;
        # with both "safety" and "public safety" available, the phrase takes "safety"
        matches, _ = matches_of("Safety, public safety, safety.")
        assert pairs(matches) == [("security", "safety"), ("security", "public safety"), ("security", "safety")]

    def test_case_is_ignored(self):
        matches, _ = matches_of("PUBLIC SAFETY and Fear")
        assert pairs(matches) == [("security", "public safety"), ("community", "fear")]
        assert matches["text"].tolist() == ["PUBLIC SAFETY", "Fear"]

    def test_a_sentence_break_splits_a_phrase_but_a_comma_does_not(self):
        matches, _ = matches_of("They fear the public. Safety first; public, safety.")
        assert pairs(matches) == [("community", "fear"), ("security", "safety"), ("security", "public safety")]

    def test_a_phrase_never_spans_two_documents(self):
        matches, _ = matches_of("We want public", "safety now")
        assert pairs(matches) == [("security", "safety")]
        assert matches["doc_id"].tolist() == ["d1"]

    def test_the_287g_token(self):
        matches, _ = matches_of("Sign a 287(g) agreement, or 287(G), not 287 (g).")
        assert pairs(matches) == [("legal", "287(g)"), ("legal", "287(g)")]

    def test_a_scoped_word_counts_only_inside_a_phrase(self):
        matches, _ = matches_of("Cooperation matters. Cooperation with I.C.E. and trust and cooperation.")
        assert pairs(matches) == [("agency", "cooperation with ice"), ("community", "trust and cooperation")]

    def test_possessives_are_folded(self):
        matches, _ = matches_of("A question of states' rights and of a state's warrant.")
        assert pairs(matches) == [("legal", "states rights"), ("legal", "warrant")]

    def test_context_stays_in_the_document(self):
        matches, _ = matches_of("Crime is down.", "They come forward when they trust us.", context=2)
        first, second, third = matches.to_dict("records")
        assert (first["left"], first["text"], first["right"]) == ("", "Crime", "is down")
        assert (second["left"], second["right"]) == ("They", "when they")
        assert (third["left"], third["right"]) == ("when they", "us")

    def test_positions_and_attrs(self):
        matches, tokens = matches_of("No frame here.", "Crimes and danger.")
        assert matches["position"].tolist() == [3, 5]  # tokens: no frame here | crimes and danger
        assert matches["length"].tolist() == [1, 1]
        assert matches.attrs["frames"] == ["security", "community", "agency", "legal", "crime"]
        assert matches.attrs["lexicon"] == "<dict>"
        assert tokens.tokens(1)[0] == "crimes"

    def test_no_match_gives_an_empty_table_with_the_columns(self):
        matches, _ = matches_of("Nothing to see.")
        assert matches.empty
        assert list(matches.columns) == ["doc_id", "group", "frame", "match", "text", "left", "right",
                                         "position", "length", "sentence"]

    def test_negative_context_is_refused(self):
        tokens = cu.index_tokens(corpus_of("Crime."))
        with pytest.raises(ParameterError, match=r"context must be 0 or more tokens \(got -1\)"):
            frame.match_frames(tokens, TOY_LEXICON, context=-1)


class TestFrameRates:
    def test_rates_per_1000_tokens_worked_by_hand(self):
        # d0: "crime and crimes rise in fear" = 6 tokens; crime 2 hits, community 1 hit
        #     crime per 1,000 = 1000 * 2 / 6 = 333.33; share = 2 / 3
        # d1: "no frame words at all" = 5 tokens; every rate 0, shares NaN
        matches, tokens = matches_of("Crime and crimes rise in fear.", "No frame words at all.")
        rates = frame.frame_rates(matches, tokens).set_index(["doc_id", "frame"])
        assert rates.loc[("d0", "crime"), "hits"] == 2
        assert rates.loc[("d0", "crime"), "n_tokens"] == 6
        assert rates.loc[("d0", "crime"), "per_1000"] == pytest.approx(1000 * 2 / 6)
        assert rates.loc[("d0", "crime"), "share"] == pytest.approx(2 / 3)
        assert rates.loc[("d0", "community"), "per_1000"] == pytest.approx(1000 / 6)
        assert rates.loc[("d0", "security"), "per_1000"] == 0.0
        assert rates.loc[("d1", "crime"), "per_1000"] == 0.0
        assert np.isnan(rates.loc[("d1", "crime"), "share"])

    def test_stop_words_count_in_the_denominator_and_a_phrase_is_one_hit(self):
        # "the public safety of the town" = 6 tokens, one phrase hit: 1000 / 6
        matches, tokens = matches_of("The public safety of the town.")
        rates = frame.frame_rates(matches, tokens).set_index("frame")
        assert rates.loc["security", "hits"] == 1
        assert rates.loc["security", "per_1000"] == pytest.approx(1000 / 6)

    def test_the_token_index_is_required(self):
        matches, _ = matches_of("Crime.")
        with pytest.raises(ParameterError, match=r"needs the token index the matches came from \(got dict\)"):
            frame.frame_rates(matches, {})

    def test_one_row_per_document_and_frame_in_lexicon_order(self):
        matches, tokens = matches_of("Crime.", "Fear.")
        rates = frame.frame_rates(matches, tokens)
        assert len(rates) == 2 * 5
        assert rates["frame"].tolist()[:5] == ["security", "community", "agency", "legal", "crime"]
        assert rates["doc_id"].tolist() == ["d0"] * 5 + ["d1"] * 5


class TestGroupSummary:
    def test_mean_and_sample_sd_over_documents(self):
        # group a: 10, 20 -> mean 15, sd sqrt(((-5)^2 + 5^2) / 1) = 7.071; group b: 4 -> sd NaN
        table = frame.group_summary(rates_table({"a": [10, 20], "b": [4]})).set_index("group")
        assert table.loc["a", "mean"] == pytest.approx(15.0)
        assert table.loc["a", "sd"] == pytest.approx(50 ** 0.5)
        assert table.loc["a", "n_docs"] == 2
        assert table.loc["a", "docs_with_hits"] == 2
        assert np.isnan(table.loc["b", "sd"])

    def test_unknown_value_is_refused(self):
        with pytest.raises(ParameterError, match=r"value must be one of per_1000, share, hits \(got 'rate'\)"):
            frame.group_summary(rates_table({"a": [1], "b": [2]}), value="rate")


class TestSeparation:
    def test_exact_p_value_for_a_3_vs_2_split_worked_by_hand(self):
        # a = 5, 4, 3 and b = 0, 1: diff = 4 - 0.5 = 3.5. Of the C(5, 3) = 10 ways to choose
        # three documents as "a", the next most extreme are {5, 4, 1}: 10/3 - 3/2 = 1.83 and
        # {0, 1, 3}: 4/3 - 9/2 = -3.17, so only the observed split reaches |3.5|: p = 1/10.
        table = frame.separation(rates_table({"a": [5, 4, 3], "b": [0, 1]}))
        row = table.iloc[0]
        assert (row["group_a"], row["group_b"], row["n_a"], row["n_b"]) == ("a", "b", 3, 2)
        assert row["diff"] == pytest.approx(3.5)
        assert row["p_value"] == pytest.approx(0.1)
        assert row["min_p"] == pytest.approx(0.1)
        assert (row["exact"], row["n_relabelings"]) == (True, 10)

    def test_exact_p_value_counts_relabelings_more_extreme_in_either_direction(self):
        # a = 3, 2, 1 and b = 0, 0: diff = 2 - 0 = 2; the relabeling a = {1, 0, 0} gives
        # 1/3 - 5/2 = -2.17, |-2.17| >= 2, so two of ten relabelings count: p = 0.2
        table = frame.separation(rates_table({"a": [3, 2, 1], "b": [0, 0]}))
        assert table.loc[0, "diff"] == pytest.approx(2.0)
        assert table.loc[0, "p_value"] == pytest.approx(0.2)

    def test_exact_p_value_matches_brute_force(self):
        values = {"a": [7.0, 1.5, 3.0, 2.0], "b": [0.5, 4.0, 1.0]}
        pooled = values["a"] + values["b"]
        observed = np.mean(values["a"]) - np.mean(values["b"])
        diffs = []
        for pick in itertools.combinations(range(7), 4):
            rest = [i for i in range(7) if i not in pick]
            diffs.append(np.mean([pooled[i] for i in pick]) - np.mean([pooled[i] for i in rest]))
        expected = np.mean(np.abs(diffs) >= abs(observed) - 1e-12)
        table = frame.separation(rates_table(values))
        assert table.loc[0, "p_value"] == pytest.approx(expected)
        assert table.loc[0, "n_relabelings"] == 35

    def test_equal_groups_have_a_smallest_p_of_two_over_c(self):
        # 2 vs 2: C(4, 2) = 6 relabelings, and swapping the groups gives the same |diff|
        table = frame.separation(rates_table({"a": [9, 8], "b": [0, 1]}))
        assert table.loc[0, "p_value"] == pytest.approx(2 / 6)
        assert table.loc[0, "min_p"] == pytest.approx(2 / 6)

    def test_leave_one_out_range_worked_by_hand(self):
        # a = 5, 4, 3; b = 0, 1. Dropping 5: 3.5 - 0.5 = 3; 4: 4 - 0.5 = 3.5; 3: 4.5 - 0.5 = 4;
        # dropping 0: 4 - 1 = 3; dropping 1: 4 - 0 = 4. Range [3, 4], sign stable.
        row = frame.separation(rates_table({"a": [5, 4, 3], "b": [0, 1]})).iloc[0]
        assert (row["loo_min"], row["loo_max"]) == (pytest.approx(3.0), pytest.approx(4.0))
        assert row["stable_sign"]

    def test_monte_carlo_when_there_are_too_many_relabelings(self):
        # 12 vs 12 documents: C(24, 12) = 2,704,156 > exact_max; the groups do not overlap, so
        # no random relabeling is as extreme: p = (1 + 0) / (1 + 99) = 0.01
        values = {"a": list(range(100, 112)), "b": list(range(12))}
        table = frame.separation(rates_table(values), max_exact=1000, n_resamples=99, seed=3)
        assert not table.loc[0, "exact"] and table.loc[0, "n_relabelings"] == 99
        assert table.loc[0, "p_value"] == pytest.approx(0.01)
        assert table.loc[0, "min_p"] == pytest.approx(0.01)

    def test_monte_carlo_is_seeded(self):
        rng = np.random.default_rng(1)
        values = {"a": rng.random(15).tolist(), "b": rng.random(15).tolist()}
        one = frame.separation(rates_table(values), max_exact=10, n_resamples=199, seed=7)
        two = frame.separation(rates_table(values), max_exact=10, n_resamples=199, seed=7)
        assert one.loc[0, "p_value"] == two.loc[0, "p_value"]
        assert (one.loc[0, "p_value"] * 200) == pytest.approx(round(one.loc[0, "p_value"] * 200))

    def test_three_groups_are_compared_one_against_the_rest(self):
        table = frame.separation(rates_table({"a": [5, 4], "b": [0, 1], "c": [2, 2]}))
        assert sorted(table["group_a"]) == ["a", "b", "c"]
        assert set(table["group_b"]) == {"rest"}
        row = table.set_index("group_a").loc["a"]
        assert row["diff"] == pytest.approx(4.5 - 1.25)

    def test_a_named_pair_leaves_the_other_documents_out(self):
        table = frame.separation(rates_table({"a": [5, 4], "b": [0, 1], "c": [2, 2]}), groups=["c", "a"])
        assert (table.loc[0, "group_a"], table.loc[0, "group_b"]) == ("c", "a")
        assert table.loc[0, "diff"] == pytest.approx(2 - 4.5)

    def test_an_unknown_group_is_refused(self):
        with pytest.raises(cu.LabelError, match=r"unknown group\(s\) 'z' \(the labels are: a, b\)"):
            frame.separation(rates_table({"a": [1], "b": [2]}), groups=["a", "z"])

    def test_a_single_label_is_one_group_not_letters(self):
        # "ab" is one label compared with every other document, never the groups "a" and "b"
        table = frame.separation(rates_table({"ab": [5, 4], "c": [0, 1], "d": [2, 2]}), groups="ab")
        assert (table.loc[0, "group_a"], table.loc[0, "group_b"]) == ("ab", "rest")
        assert table.loc[0, "diff"] == pytest.approx(4.5 - 1.25)

    def test_ties_raise_the_floor(self):
        # a = 1, 0, 0 and b = 0, 0: a relabeling puts the one 1 in a (6 of the 10: diff 1/3) or
        # in b (4 of 10: diff -1/2), so the largest |diff|, 1/2, is reached by 4 of the 10
        # relabelings: min_p = 0.4, not 0.1. The observed |diff| 1/3 is reached by all: p = 1
        row = frame.separation(rates_table({"a": [1, 0, 0], "b": [0, 0]})).iloc[0]
        assert row["min_p"] == pytest.approx(0.4)
        assert row["p_value"] == pytest.approx(1.0)

    def test_p_adjusted_is_max_t_over_the_standardized_frames(self):
        # two frames on very different scales; brute force over the C(5, 2) = 10 relabelings:
        # each frame's |diff| divided by its standard deviation over the relabelings, then
        # adjusted p = share of relabelings whose larger standardized |diff| reaches the frame's
        big = rates_table({"a": [50, 40, 60], "b": [10, 20]}, frame_name="big")
        small = rates_table({"a": [0.3, 0.2, 0.0], "b": [0.0, 0.1]}, frame_name="small")
        rates = pd.concat([big, small], ignore_index=True)
        rates.attrs["frames"] = ["big", "small"]
        table = frame.separation(rates).set_index("frame")
        values = np.array([[50, 40, 60, 10, 20], [0.3, 0.2, 0.0, 0.0, 0.1]])
        diffs = []
        for pick in itertools.combinations(range(5), 3):
            inside = np.isin(np.arange(5), pick)
            diffs.append(values[:, inside].mean(axis=1) - values[:, ~inside].mean(axis=1))
        diffs = np.array(diffs)
        assert diffs.mean(axis=0) == pytest.approx([0, 0], abs=1e-12)  # over all relabelings
        standardized = np.abs(diffs) / np.sqrt((diffs**2).mean(axis=0))
        observed = standardized[0]  # (0, 1, 2) is the observed split
        for j, name in enumerate(["big", "small"]):
            p = np.mean(standardized[:, j] >= observed[j] - 1e-9)
            adjusted = np.mean(standardized.max(axis=1) >= observed[j] - 1e-9)
            assert table.loc[name, "p_value"] == pytest.approx(p)
            assert table.loc[name, "p_adjusted"] == pytest.approx(max(p, adjusted))
        # small: p = 0.5, adjusted 0.7; without the standardization the big frame's |diff| would
        # always be the larger, and the small frame's adjusted p would be 1
        assert table.loc["small", ["p_value", "p_adjusted"]].tolist() == pytest.approx([0.5, 0.7])

    def test_sorted_by_p_value_then_size_of_difference(self):
        matches, tokens = matches_of("Crime crime fear.", "Crime crime crime fear.", "Fear fear.", "Fear fear fear safety.",
                                     labels=["p", "p", "q", "q"])
        table = frame.separation(frame.frame_rates(matches, tokens))
        keys = list(zip(table["p_value"], -table["diff"].abs()))
        assert keys == sorted(keys)


def counted_rates(hits: dict[str, list[int]], frame_name="f"):
    """A frame_rates-shaped table of one frame from hit counts: every document 1,000 tokens long, so
    per_1000 = hits."""
    table = rates_table({g: [float(h) for h in hs] for g, hs in hits.items()}, frame_name)
    table["hits"] = [h for hs in hits.values() for h in hs]
    return table


class TestSeparationIntervalsAndSupport:
    def test_every_resample_enumerated_two_plus_two(self):
        # a = 6, 2 and b = 1, 1. Group b's resamples all have mean 1; group a's are {6, 6}, {6, 2}, {2, 2}
        # (chances 1/4, 1/2, 1/4), means 6, 4, 2. Among 200 resamples each extreme is drawn far more than the 5
        # the 2.5th percentile passes over, so the interval of the difference is [2 - 1, 6 - 1] = [1, 5]
        row = frame.separation(counted_rates({"a": [6, 2], "b": [1, 1]})).iloc[0]
        assert row["diff"] == pytest.approx(4 - 1)
        assert (row["diff_low"], row["diff_high"]) == (pytest.approx(1.0), pytest.approx(5.0))

    def test_documents_alike_within_each_group_give_a_single_point(self):
        row = frame.separation(counted_rates({"a": [3, 3, 3], "b": [1, 1]})).iloc[0]
        assert row["diff_low"] == row["diff_high"] == pytest.approx(2.0)
        # 3 of a's 9 hits from one document (1/3), every resample keeps the sign, interval excludes 0
        assert (row["top_share"], row["support"]) == (pytest.approx(1 / 3), "consistent")

    def test_top_share_of_the_leaning_side_worked_by_hand(self):
        # a = 6, 1, 1 leans above b = 1, 1: one document supplies 6 of a's 8 hits (0.75 > max(0.5, 2/3))
        row = frame.separation(counted_rates({"a": [6, 1, 1], "b": [1, 1]})).iloc[0]
        assert (row["top_share"], row["support"]) == (0.75, "carried by one document")
        # a = 6, 2: the same share, but both of a's documents hold hits: not one document's (0.75 is not above 2/2)
        row = frame.separation(counted_rates({"a": [6, 2], "b": [1, 1]})).iloc[0]
        assert row["top_share"] == 0.75 and row["support"] != "carried by one document"
        # a = 1, 1 leans below b = 2, 3, 3: the leaning side is b, whose largest document supplies 3 of 8
        row = frame.separation(counted_rates({"a": [1, 1], "b": [2, 3, 3]})).iloc[0]
        assert row["diff"] < 0 and row["top_share"] == pytest.approx(3 / 8)

    def test_an_interval_that_includes_0_is_unstable(self):
        # a = 5, 1, 5, 1, 5, 1 (mean 3) against b = 2, 2, 2: leaving out any one document keeps a's mean above 2
        # (at worst (5 + 5 + 1 + 1 + 1) / 5 = 2.6), but a resample of a with five or six 1s (chance 7/64, far
        # above 2.5%) has a mean of at most 10 / 6 < 2: the interval includes 0. One document supplies 5 of 18.
        row = frame.separation(counted_rates({"a": [5, 1, 5, 1, 5, 1], "b": [2, 2, 2]})).iloc[0]
        assert row["diff"] == pytest.approx(1.0) and row["stable_sign"]
        assert row["diff_low"] < 0 < row["diff_high"]
        assert row["top_share"] == pytest.approx(5 / 18)
        assert row["support"] == "unstable"

    def test_a_one_document_side_carries_its_frame_alone(self):
        # b has one document with 5 hits: the frame leans to b and rests on that document; b's resample is
        # always that document, a's are {0, 0}, {0, 1}, {1, 1}: the difference runs from 0 - 5 to 1 - 5
        row = frame.separation(counted_rates({"a": [0, 1], "b": [5]})).iloc[0]
        assert (row["top_share"], row["support"]) == (1.0, "carried by one document")
        assert (row["diff_low"], row["diff_high"]) == (pytest.approx(-5.0), pytest.approx(-4.0))

    def test_a_frame_no_document_uses_is_unstable(self):
        row = frame.separation(counted_rates({"a": [0, 0], "b": [0, 0]})).iloc[0]
        assert (row["diff"], row["diff_low"], row["diff_high"]) == (0.0, 0.0, 0.0)
        assert np.isnan(row["top_share"]) and row["support"] == "unstable"

    def test_three_groups_each_against_the_rest_keep_the_rest_s_groups(self):
        # values alike within each group: every stratified resample (each group keeps its size, also within
        # the rest) is the corpus, so each interval is a point. a: 4 - (1 + 1 + 2 + 2) / 4 = 2.5
        table = frame.separation(counted_rates({"a": [4, 4], "b": [1, 1], "c": [2, 2]})).set_index("group_a")
        for g, diff in (("a", 4 - 1.5), ("b", 1 - 3.0), ("c", 2 - 2.5)):
            assert table.loc[g, ["diff", "diff_low", "diff_high"]].tolist() == pytest.approx([diff] * 3)
        # c leans below the rest: the rest (a and b, 10 hits) is its leaning side; one document supplies 4
        assert table.loc["c", "top_share"] == pytest.approx(4 / 10)
        assert table.loc["a", "support"] == "consistent"

    def test_the_method_is_stated_in_attrs(self):
        table = frame.separation(counted_rates({"a": [6, 2], "b": [1, 1]}), n_resamples=50, seed=2)
        assert table.attrs["interval"] == ("95% percentile bootstrap interval: 50 resamples of the documents, drawn "
                                           "with replacement within each group (seed 2)")
        assert (table.attrs["interval_level"], table.attrs["interval_resamples"]) == (0.95, 50)


class TestEvidence:
    def test_lines_are_spread_over_documents(self):
        # d0 has three crime hits, d1 one: with n=2 the lines are d0's first and d1's first
        matches, _ = matches_of("Crime, crime, crimes.", "One crime.", "Fear.", labels=["p", "p", "q"])
        table = frame.evidence_lines(matches, "crime", n=2)
        assert table[["group", "doc_id", "text"]].values.tolist() == [["p", "d0", "Crime"], ["p", "d1", "crime"]]
        assert table.attrs["docs"] == {"p": 2, "q": 0}
        assert table.attrs["hits"] == {"p": 4, "q": 0}

    def test_lines_keep_the_punctuation_between_the_match_and_its_context(self):
        # one token either side: the left runs from "One" to "crime", the right from "Crime" to the end of "crime"
        matches, _ = matches_of("Crime, crime.", "One  crime.", context=1)
        table = frame.evidence_lines(matches, "crime")
        assert table[["doc_id", "left", "text", "right"]].values.tolist() == [
            ["d0", "", "Crime", ", crime"],
            ["d1", "One", "crime", ""],
            ["d0", "Crime,", "crime", ""],
        ]

    def test_an_unknown_frame_is_refused(self):
        matches, _ = matches_of("Crime.")
        with pytest.raises(ParameterError, match=r"unknown frame 'crimes' \(the frames are: security, community"):
            frame.evidence_lines(matches, "crimes")


class TestCoverage:
    def test_token_and_sentence_shares_worked_by_hand(self):
        # d0: "public safety first. nothing here." 5 tokens, 2 framed ("public safety"),
        #     2 sentences, 1 framed; d1: "crime." 1 token, 1 framed, 1 sentence, 1 framed
        matches, tokens = matches_of("Public safety first. Nothing here.", "Crime.")
        table = frame.coverage(matches, tokens).set_index("doc_id")
        assert table.loc["d0", "framed_tokens"] == 2
        assert table.loc["d0", "token_share"] == pytest.approx(2 / 5)
        assert table.loc["d0", "n_sentences"] == 2
        assert table.loc["d0", "sentence_share"] == pytest.approx(1 / 2)
        assert table.loc["d1", "token_share"] == 1.0
        assert table.attrs["token_share"] == pytest.approx(3 / 6)
        assert table.attrs["sentence_share"] == pytest.approx(2 / 3)


class TestUnframedWords:
    def test_content_words_outside_matches_by_count(self):
        # "sanctuary" x3 (2 docs), "policy" x1; "the" is a stop word; "safety" is matched;
        # "cooperation" is left alone (scoped) and flagged
        matches, tokens = matches_of("The sanctuary policy and safety.", "Sanctuary, sanctuary, cooperation 2020.")
        table = frame.unframed_words(matches, tokens)
        assert table["term"].tolist() == ["sanctuary", "cooperation", "policy"]
        assert table["count"].tolist() == [3, 1, 1]
        assert table["docs"].tolist() == [2, 1, 1]
        assert table["scoped"].tolist() == [False, True, False]


class TestScopedUses:
    def test_counts_inside_phrases_and_unassigned(self):
        matches, tokens = matches_of("Cooperation with ICE. Cooperation.", "Trust and cooperation.")
        table = frame.scoped_uses(matches, tokens)
        assert table.to_dict("records") == [
            {"word": "cooperation", "occurrences": 3, "in_phrases": 2, "unassigned": 1, "docs": 2}
        ]


class TestWordFrames:
    def test_frames_near_a_word_per_group(self):
        # group p: "cooperation with ice" (agency), and "crime" 4 tokens after "cooperation";
        # group q: inside "trust and cooperation" (community), and once with no frame nearby
        matches, tokens = matches_of(
            "Cooperation with ICE stops crime.", "We need trust and cooperation here.", "Cooperation, far from anything.",
            labels=["p", "q", "q"],
        )
        table = frame.word_frames(matches, tokens, "Cooperation", window=4)
        got = [(r["group"], r["frame"], r["occurrences"], r["docs"]) for r in table.to_dict("records")]
        # ties in occurrences: frames in lexicon order, (none) last
        assert got == [("p", "agency", 1, 1), ("p", "crime", 1, 1), ("q", "community", 1, 1), ("q", "(none)", 1, 1)]
        assert table.set_index(["group", "frame"]).loc[("q", "community"), "share"] == pytest.approx(0.5)
        assert table.set_index(["group", "frame"]).loc[("p", "agency"), "nearby"] == "cooperation with ice (1)"

    def test_a_window_of_zero_keeps_only_matches_containing_the_word(self):
        matches, tokens = matches_of("Cooperation with ICE stops crime.")
        table = frame.word_frames(matches, tokens, "cooperation", window=0)
        assert table["frame"].tolist() == ["agency"]

    def test_an_absent_word_gives_an_empty_table(self):
        matches, tokens = matches_of("Crime.")
        assert frame.word_frames(matches, tokens, "zebra").empty


class TestContestedWords:
    def test_a_word_in_different_frames_scores_one(self):
        # "officers" sits next to crime in group p and next to trust in group q (twice each)
        matches, tokens = matches_of(
            "Officers fight crime. Officers fight crime.", "Officers earn trust. Officers earn trust.",
            labels=["p", "q"],
        )
        table = frame.contested_words(matches, tokens, window=2, min_count=2).set_index("word")
        row = table.loc["officers"]
        assert (row["count_a"], row["count_b"], row["docs_a"], row["docs_b"]) == (2, 2, 1, 1)
        assert (row["framed_a"], row["framed_b"]) == (2, 2)
        assert (row["top_frame_a"], row["top_frame_b"]) == ("crime", "community")
        assert (row["top_count_a"], row["top_count_b"]) == (2, 2)
        assert row["distance"] == pytest.approx(1.0)
        assert table.attrs["group_a"] == "p"

    def test_min_count_counts_only_occurrences_with_a_frame_nearby(self):
        # group p uses "officers" twice but only once within 2 tokens of a frame word
        matches, tokens = matches_of(
            "Officers fight crime. We all know it. Officers play chess.", "Officers earn trust. Officers earn trust.",
            labels=["p", "q"],
        )
        assert "officers" not in set(frame.contested_words(matches, tokens, window=2, min_count=2)["word"])
        kept = frame.contested_words(matches, tokens, window=2, min_count=1).set_index("word")
        assert (kept.loc["officers", "count_a"], kept.loc["officers", "framed_a"]) == (2, 1)

    def test_min_docs_drops_one_authors_words(self):
        matches, tokens = matches_of(
            "Officers fight crime. Officers fight crime.", "Officers earn trust. Officers earn trust.",
            labels=["p", "q"],
        )
        assert frame.contested_words(matches, tokens, window=2, min_docs=2).empty


class TestTopFrameAgreement:
    def test_summary_and_detail_break_ties_by_lexicon_order(self):
        # In group p, "officers" is once within 2 tokens of "crime" and once of "safety": a tie
        # (1 and 1). The lexicon lists security before crime, so both tables must name security
        # (alphabetically, crime would come first).
        matches, tokens = matches_of(
            "Officers fight crime. We rest now. Officers ensure safety.", "Officers earn trust. Officers earn trust.",
            labels=["p", "q"],
        )
        contested = frame.contested_words(matches, tokens, window=2, min_count=1).set_index("word")
        detail = frame.word_frames(matches, tokens, "officers", window=2)
        first_p = detail[detail["group"] == "p"].iloc[0]
        assert contested.loc["officers", "top_frame_a"] == "security"
        assert (contested.loc["officers", "top_count_a"], contested.loc["officers", "framed_a"]) == (1, 2)
        assert (first_p["frame"], first_p["occurrences"]) == ("security", 1)


class TestLexiconTable:
    def test_examples_are_the_first_words_then_the_shortest_phrases(self):
        table = frame.lexicon_table(TOY_LEXICON, n_words=1, n_phrases=1).set_index("frame")
        # security: words danger, safety (alphabetical), phrase "public safety"
        assert table.loc["security", "examples"] == "danger, public safety"
        assert table.loc["agency", "examples"] == "law enforcement"  # no word; 2 tokens before 3
        assert table.index.tolist() == ["security", "community", "agency", "legal", "crime"]
        assert table.attrs["scoped_words"] == ["cooperation"]

    def test_scoped_frames_lists_the_frames_whose_phrases_hold_the_word(self):
        # "cooperation" is in "trust and cooperation" (community) and "cooperation with ICE" (agency)
        assert frame.scoped_frames(TOY_LEXICON).to_dict("records") == [
            {"word": "cooperation", "n_frames": 2, "frames": ("community", "agency")}
        ]


class TestEntryCounts:
    def test_hits_and_documents_per_entry(self):
        matches, _ = matches_of("Crime and crime. Trust.", "Crime.", labels=["p", "q"])
        table = frame.entry_counts(matches)
        assert table.values.tolist() == [["crime", "crime", 3, 2], ["community", "trust", 1, 1]]
        assert (table.attrs["n_matches"], table.attrs["docs_with_hits"]) == (4, 2)

    def test_by_label(self):
        matches, _ = matches_of("Crime and crime. Trust.", "Crime.", labels=["p", "q"])
        table = frame.entry_counts(matches, by_group=True)
        assert table.values.tolist() == [
            ["crime", "p", "crime", 2, 1], ["community", "p", "trust", 1, 1], ["crime", "q", "crime", 1, 1]
        ]

    def test_no_match_gives_an_empty_table_with_the_columns(self):
        matches, _ = matches_of("Nothing here.")
        table = frame.entry_counts(matches)
        assert table.empty and table.columns.tolist() == ["frame", "match", "hits", "docs"]
        assert table.attrs["docs_with_hits"] == 0


class TestLeadingFrames:
    def test_strongest_frame_per_document_counted_per_group(self):
        # d0: crime 2, trust 1 -> crime; d1: trust 2 -> community; d2: no hit -> (none);
        # d3: safety 1, crime 1, a tie -> security (listed before crime in the lexicon)
        matches, tokens = matches_of("Crime, crime, trust.", "Trust, trust.", "Nothing here.", "Safety, crime.",
                                     labels=["p", "p", "q", "q"])
        table = frame.leading_frames(frame.frame_rates(matches, tokens))
        # ties in docs: lexicon order (community before crime), (none) last
        assert table.values.tolist() == [
            ["p", "community", 1, 2], ["p", "crime", 1, 2], ["q", "security", 1, 2], ["q", "(none)", 1, 2]
        ]


class TestConcentration:
    def test_share_of_a_groups_hits_from_its_top_document(self):
        # crime in p: 3 hits in d0 and 1 in d1 -> 4 hits, top d0, 3 / 4; trust only in q
        matches, tokens = matches_of("Crime, crime, crime.", "Crime.", "Trust.", labels=["p", "p", "q"])
        table = frame.concentration(frame.frame_rates(matches, tokens)).set_index(["frame", "group"])
        row = table.loc[("crime", "p")]
        assert (row["n_docs"], row["docs"], row["hits"], row["top_doc"], row["top_hits"]) == (2, 2, 4, "d0", 3)
        assert row["top_share"] == pytest.approx(0.75)
        assert table.loc[("community", "q"), "top_share"] == pytest.approx(1.0)
        empty = table.loc[("crime", "q")]
        assert (empty["hits"], empty["top_doc"]) == (0, None) and np.isnan(empty["top_share"])
        assert table.index.get_level_values("frame").unique().tolist() == ["security", "community", "agency", "legal", "crime"]

    def test_a_tie_goes_to_the_first_document(self):
        matches, tokens = matches_of("Crime.", "Crime.", labels=["p", "p"])
        row = frame.concentration(frame.frame_rates(matches, tokens)).set_index("frame").loc["crime"]
        assert (row["top_doc"], row["top_share"]) == ("d0", 0.5)


class TestCoverageByGroup:
    def test_pooled_shares_and_the_range_over_documents(self):
        covered = pd.DataFrame({
            "doc_id": ["a", "b", "c"], "group": ["p", "p", "q"], "n_tokens": [100, 300, 50],
            "framed_tokens": [10, 2, 0], "token_share": [0.1, 2 / 300, 0.0], "n_sentences": [10, 40, 5],
            "framed_sentences": [2, 1, 0], "sentence_share": [0.2, 0.025, 0.0],
        })
        table = frame.coverage_by_group(covered).set_index("group")
        # p: tokens 12 / 400 = 0.03; sentences 3 / 50 = 0.06, from 0.025 to 0.2
        assert table.loc["p", "n_docs"] == 2
        assert table.loc["p", "token_share"] == pytest.approx(0.03)
        assert table.loc["p", "sentence_share"] == pytest.approx(0.06)
        assert (table.loc["p", "sentence_min"], table.loc["p", "sentence_max"]) == (0.025, 0.2)
        assert table.loc["q", "sentence_share"] == 0.0


class TestWordFramesTotals:
    def test_total_is_the_groups_occurrences_of_the_word(self):
        matches, tokens = matches_of(
            "Cooperation with ICE stops crime.", "We need trust and cooperation here.", "Cooperation, far from anything.",
            labels=["p", "q", "q"],
        )
        table = frame.word_frames(matches, tokens, "cooperation", window=4)
        assert table.set_index(["group", "frame"])["total"].to_dict() == {
            ("p", "agency"): 1, ("p", "crime"): 1, ("q", "community"): 2, ("q", "(none)"): 2
        }

    def test_several_words_are_stacked_and_an_absent_one_is_left_out(self):
        matches, tokens = matches_of("Cooperation with ICE stops crime.")
        table = frame.word_frames(matches, tokens, ["cooperation", "zebra", "stops"], window=4)
        assert table["word"].unique().tolist() == ["cooperation", "stops"]
        assert frame.word_frames(matches, tokens, []).columns.tolist() == [
            "word", "group", "frame", "occurrences", "total", "share", "docs", "nearby"
        ]
