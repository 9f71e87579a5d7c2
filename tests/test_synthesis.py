"""Tests for corpus_utils.synthesis: the chapters' findings side by side, from small hand-made tables.

The tables have the columns and ``attrs`` that keyness.stability, keyness.permutation_test,
frame.separation and cluster.agreement return (see their docstrings); the cases are two groups,
three groups (one-vs-rest), a group of one document, empty or missing inputs and a large corpus
(200 documents per group). The last class runs the real chain on the seed corpus.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import corpus_utils as cu
from conftest import SEED
from corpus_utils import synthesis
from corpus_utils.errors import LexiconError, ParameterError
from corpus_utils.groups import REST

LOO = "leave-one-out"
BOOT = "bootstrap (seed 0)"


def stable_table(rows, groups, n_docs, comparison="pair", resampling=LOO, statistic="log_odds") -> pd.DataFrame:
    """A keyness.stability table from rows (term, group, score, docs_a, docs_b, stability)."""
    records = []
    rank: dict[str, int] = {}
    for term, group, score, docs_a, docs_b, stability in rows:
        rank[group] = rank.get(group, 0) + 1
        records.append({"term": term, "group": group, "score": float(score), "count_a": 3 * docs_a,
                        "count_b": 3 * docs_b, "docs_a": docs_a, "docs_b": docs_b, "rate_a": 1.0, "rate_b": 1.0,
                        "rank": rank[group], "stability": float(stability), "n_resamples": 5, "resampling": resampling})
    columns = ["term", "group", "score", "count_a", "count_b", "docs_a", "docs_b", "rate_a", "rate_b", "rank",
               "stability", "n_resamples", "resampling"]
    out = pd.DataFrame(records, columns=columns)
    out.attrs = {"statistic": statistic, "comparison": comparison, "groups": list(groups), "group_sizes": dict(n_docs),
                 "min_docs": 2, "alpha0": 500.0, "n_uses": 1000, "prior_share": 0.5, "dtm_settings": {},
                 "top_n": 10, "seed": 0, "loo_max_docs": 30, "resampling": resampling, "n_resamples": 5}
    return out


def perm_table(rows, comparison="pair") -> pd.DataFrame:
    """A keyness.permutation_test table from rows (term, group, score, p_value, min_p, p_adjusted, n_relabelings)."""
    columns = ["term", "group", "score", "p_value", "min_p", "p_adjusted", "n_relabelings", "exact"]
    out = pd.DataFrame([(*r, True) for r in rows], columns=columns)
    out.attrs = {"statistic": "log_odds", "comparison": comparison, "min_docs": 2, "n_resamples": 200,
                 "max_exact": 5000, "seed": 0, "alpha0": 500.0}
    return out


def separation_table(rows, value="per_1000") -> pd.DataFrame:
    """A frame.separation table from rows
    (frame, group_a, group_b, n_a, n_b, docs_a, docs_b, mean_a, mean_b, p_value, min_p, p_adjusted, loo_min, loo_max).

    ``stable_sign`` follows the definition of frame.separation: both ends of the leave-one-out
    range have the same sign, not 0 (False when there is no range).
    """
    records = []
    for frame, ga, gb, n_a, n_b, docs_a, docs_b, mean_a, mean_b, p, min_p, p_adj, lo, hi in rows:
        stable = bool(np.sign(lo) == np.sign(hi) != 0) if np.isfinite(lo) else False
        records.append({"frame": frame, "group_a": ga, "group_b": gb, "n_a": n_a, "n_b": n_b, "docs_a": docs_a,
                        "docs_b": docs_b, "mean_a": float(mean_a), "mean_b": float(mean_b),
                        "diff": float(mean_a - mean_b), "p_value": p, "min_p": min_p, "p_adjusted": p_adj,
                        "n_relabelings": 10, "exact": True, "loo_min": lo, "loo_max": hi, "stable_sign": stable})
    columns = ["frame", "group_a", "group_b", "n_a", "n_b", "docs_a", "docs_b", "mean_a", "mean_b", "diff", "p_value",
               "min_p", "p_adjusted", "n_relabelings", "exact", "loo_min", "loo_max", "stable_sign"]
    out = pd.DataFrame(records, columns=columns)
    out.attrs = {"frames": [], "lexicon": "frames.yml", "value": value, "max_exact": 5000, "n_resamples": 200, "seed": 0}
    return out


def agreement_table(rows) -> pd.DataFrame:
    """A cluster.agreement table from rows (column, status, n_docs, ari, p_value, min_p, n_relabelings)."""
    records = []
    for column, status, n_docs, ari, p, min_p, n_rel in rows:
        records.append({"column": column, "status": status, "n_docs": n_docs, "n_values": 2, "ari": ari,
                        "p_value": p, "min_p": min_p, "n_relabelings": n_rel, "exact": True, "nmi": ari,
                        "v_measure": ari, "homogeneity": ari, "completeness": ari, "purity": 1.0})
    columns = ["column", "status", "n_docs", "n_values", "ari", "p_value", "min_p", "n_relabelings", "exact", "nmi",
               "v_measure", "homogeneity", "completeness", "purity"]
    out = pd.DataFrame(records, columns=columns)
    out.attrs = {"method": "KMeans", "max_exact": 5000, "n_resamples": 200, "seed": 0}
    return out


def by_item(table: pd.DataFrame, method: str, item: str, group_a=None) -> pd.Series:
    rows = table[(table["method"] == method) & (table["item"] == item)]
    if group_a is not None:
        rows = rows[rows["group_a"] == group_a]
    assert len(rows) == 1, f"{item!r} should appear once"
    return rows.iloc[0]


NAN = float("nan")

# Two groups: a (2 documents), b (3 documents); 10 relabellings, floor 0.1.
PAIR_STABLE = stable_table(
    [("trust", "a", 2.5, 2, 0, 1.0), ("fear", "a", 1.0, 2, 1, 1.0), ("crime", "b", -3.0, 1, 3, 0.6)],
    ["a", "b"], {"a": 2, "b": 3},
)
PAIR_PERM = perm_table([("trust", "a", 2.5, 0.1, 0.1, 0.3, 10), ("fear", "a", 1.0, 0.2, 0.1, 0.9, 10),
                        ("crime", "b", -3.0, 0.1, 0.1, 0.2, 10)])
PAIR_SEPARATION = separation_table([
    # diff 20 - 5 = 15 > 0: leans to a; range [10, 18] keeps its sign
    ("community", "a", "b", 2, 3, 2, 1, 20.0, 5.0, 0.1, 0.1, 0.5, 10.0, 18.0),
    # diff 2 - 9 = -7 < 0: leans to b; leaving one document out gives [-12, 1]: the sign can change
    ("crime", "a", "b", 2, 3, 2, 3, 2.0, 9.0, 0.2, 0.1, 0.6, -12.0, 1.0),
    # used by both sides at the same mean rate: no difference
    ("fairness", "a", "b", 2, 3, 1, 2, 3.0, 3.0, 1.0, 1.0, 1.0, 0.0, 0.0),
    # used by no document: not a finding (the lexicon does not reach these texts)
    ("federalism", "a", "b", 2, 3, 0, 0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0),
])
PAIR_AGREEMENT = agreement_table([("group", "compared", 5, 0.5, 0.3, 0.1, 10),
                                  ("genre", "compared", 5, 0.2, 0.4, 0.4, 60)])


class TestEvidenceVocabulary:
    def test_two_groups(self):
        ev = synthesis.evidence(PAIR_STABLE, PAIR_PERM)
        # sorted by p_adjusted: crime (0.2), trust (0.3), fear (0.9)
        assert ev["item"].tolist() == ["crime", "trust", "fear"]
        assert ev["method"].tolist() == ["vocabulary"] * 3
        assert ev["group_a"].tolist() == ["a"] * 3 and ev["group_b"].tolist() == ["b"] * 3
        assert ev["leans_to"].tolist() == ["b", "a", "a"]
        assert ev["effect"].tolist() == [-3.0, 2.5, 1.0]
        assert ev["effect_name"].tolist() == ["z"] * 3
        assert ev["p_value"].tolist() == [0.1, 0.1, 0.2]
        assert ev["p_adjusted"].tolist() == [0.2, 0.3, 0.9]
        assert ev["n_relabelings"].tolist() == [10, 10, 10]
        # crime leans to b: the b documents using it (docs_b 3) of b's 3; trust and fear: docs_a of a's 2
        assert ev["docs_own"].tolist() == [3, 2, 2]
        assert ev["n_own"].tolist() == [3, 2, 2]
        assert ev["stability"].tolist() == [0.6, 1.0, 1.0]
        # crime drops out of b's top list when one document is left out (stability 0.6 < 1)
        assert ev["one_document"].tolist() == [True, False, False]
        assert ev["testable"].tolist() == [False] * 3  # floor 0.1 > 0.05
        assert ev["passes"].tolist() == [False] * 3

    def test_a_term_carried_by_one_document(self):
        stable = stable_table([("trust", "a", 2.0, 1, 0, 1.0)], ["a", "b"], {"a": 2, "b": 3})
        row = synthesis.evidence(stable).iloc[0]
        assert (row["docs_own"], row["n_own"], bool(row["one_document"])) == (1, 2, True)

    def test_three_groups_one_vs_rest(self):
        n_docs = {"a": 2, "b": 2, "c": 1}
        stable = stable_table([("law", "a", 2.6, 2, 3, 1.0), ("ice", "b", 4.0, 2, 3, 1.0),
                               ("police", "c", 3.3, 1, 2, 0.8)], ["a", "b", "c"], n_docs, comparison="one-vs-rest")
        perm = perm_table([("law", "a", 2.6, 0.1, 0.1, 0.5, 10), ("ice", "b", 4.0, 0.1, 0.1, 0.1, 10),
                           ("police", "c", 3.3, 0.2, 0.2, 0.6, 5)], comparison="one-vs-rest")
        ev = synthesis.evidence(stable, perm)
        assert ev["group_a"].tolist() == ["a", "b", "c"]
        assert ev["group_b"].tolist() == [REST] * 3
        assert ev["leans_to"].tolist() == ["a", "b", "c"]
        # in one-vs-rest, docs_a counts the group's documents using the term
        assert ev["docs_own"].tolist() == [2, 2, 1]
        assert ev["n_own"].tolist() == [2, 2, 1]
        assert ev["n_relabelings"].tolist() == [10, 10, 5]
        # c has one document: its term rests on it
        assert ev["one_document"].tolist() == [False, False, True]

    def test_p_values_are_matched_on_term_and_group(self):
        # one-vs-rest: "local" is in the top list of a and of b, with a p-value for each
        stable = stable_table([("local", "a", 2.0, 2, 1, 1.0), ("local", "b", 1.5, 2, 1, 1.0)], ["a", "b", "c"],
                              {"a": 2, "b": 2, "c": 2}, comparison="one-vs-rest")
        perm = perm_table([("local", "b", 1.5, 0.3, 0.1, 0.7, 15), ("local", "a", 2.0, 0.2, 0.1, 0.4, 15)],
                          comparison="one-vs-rest")
        ev = synthesis.evidence(stable, perm)
        assert ev[["group_a", "p_value", "p_adjusted"]].values.tolist() == [["a", 0.2, 0.4], ["b", 0.3, 0.7]]

    def test_one_document_group(self):
        # a holds one document: leaving it out leaves nothing to compare, so every top term drops out once
        stable = stable_table([("trust", "a", 2.0, 1, 0, 0.75), ("crime", "b", -2.0, 0, 3, 0.75)], ["a", "b"],
                              {"a": 1, "b": 3})
        ev = synthesis.evidence(stable)
        assert ev.set_index("item")["one_document"].to_dict() == {"trust": True, "crime": True}
        assert ev.set_index("item")["n_own"].to_dict() == {"trust": 1, "crime": 3}

    def test_a_single_document_side_is_flagged_whatever_the_stability(self):
        stable = stable_table([("trust", "a", 2.0, 1, 0, 1.0)], ["a", "b"], {"a": 1, "b": 40}, resampling=BOOT)
        assert synthesis.evidence(stable)["one_document"].tolist() == [True]

    def test_large_corpus_bootstrap_stability_is_not_a_one_document_flag(self):
        # 200 documents per group: bootstrap stability 0.55 is a share of resamples, not a leave-one-out drop
        stable = stable_table([("trust", "a", 9.0, 150, 20, 0.55), ("crime", "b", -8.0, 30, 170, 1.0)], ["a", "b"],
                              {"a": 200, "b": 200}, resampling=BOOT)
        perm = perm_table([("trust", "a", 9.0, 1 / 201, 1 / 201, 1 / 201, 200),
                           ("crime", "b", -8.0, 1 / 201, 1 / 201, 0.03, 200)])
        ev = synthesis.evidence(stable, perm)
        assert ev["item"].tolist() == ["trust", "crime"]
        assert ev["docs_own"].tolist() == [150, 170]
        assert ev["n_own"].tolist() == [200, 200]
        assert ev["one_document"].tolist() == [False, False]
        assert ev["testable"].tolist() == [True, True]
        assert ev["passes"].tolist() == [True, True]

    def test_without_a_permutation_test(self):
        ev = synthesis.evidence(PAIR_STABLE)
        assert ev["p_value"].isna().all() and ev["p_adjusted"].isna().all() and ev["min_p"].isna().all()
        assert ev["n_relabelings"].tolist() == [0, 0, 0]
        assert not ev["testable"].any() and not ev["passes"].any()
        # no p-value: ordered by |effect|
        assert ev["item"].tolist() == ["crime", "trust", "fear"]

    def test_other_statistics_name_their_effect(self):
        stable = stable_table([("trust", "a", 2.0, 2, 0, 1.0)], ["a", "b"], {"a": 2, "b": 2}, statistic="log_likelihood")
        assert synthesis.evidence(stable)["effect_name"].tolist() == ["signed G²"]


class TestEvidenceFraming:
    def test_sides_effects_and_documents(self):
        ev = synthesis.evidence(separation=PAIR_SEPARATION)
        assert ev["item"].tolist() == ["community", "crime", "fairness"]  # p_adjusted 0.5, 0.6, 1.0
        assert ev["leans_to"].tolist() == ["a", "b", None]
        assert ev["effect"].tolist() == [15.0, -7.0, 0.0]
        assert ev["effect_name"].tolist() == ["difference in mean per 1,000 tokens"] * 3
        # community leans to a: docs_a 2 of n_a 2; crime to b: docs_b 3 of n_b 3; fairness: both sides, 1 + 2 of 5
        assert ev["docs_own"].tolist() == [2, 3, 3]
        assert ev["n_own"].tolist() == [2, 3, 5]
        assert ev["stability"].isna().all()
        # crime's difference changes sign when one document is left out; fairness leans nowhere
        assert ev["one_document"].tolist() == [False, True, False]
        # federalism, used by no document, is no finding: it is listed apart
        assert ev.attrs["unused_frames"] == ["federalism"]

    def test_a_frame_carried_by_one_document(self):
        sep = separation_table([("fairness", "a", "b", 2, 3, 1, 0, 6.0, 0.0, 0.4, 0.4, 0.8, 3.0, 9.0)])
        row = synthesis.evidence(separation=sep).iloc[0]
        assert (row["docs_own"], bool(row["one_document"])) == (1, True)

    @pytest.mark.parametrize("value, name", [("per_1000", "difference in mean per 1,000 tokens"),
                                             ("share", "difference in mean share of frame hits"),
                                             ("hits", "difference in mean hits")])
    def test_the_effect_is_named_after_the_value_compared(self, value, name):
        sep = separation_table([("crime", "a", "b", 2, 2, 2, 2, 2.0, 1.0, 0.3, 0.3, 0.3, 0.5, 1.5)], value=value)
        assert synthesis.evidence(separation=sep)["effect_name"].tolist() == [name]

    def test_three_groups_and_a_one_document_group(self):
        sep = separation_table([
            # c (1 document) vs rest (4): leans to c, the only document of its side
            ("community", "c", REST, 1, 4, 1, 2, 30.0, 3.0, 0.2, 0.2, 0.4, 28.0, 32.0),
            # leans to rest; dropping one of the rest's documents can turn it around: [-2, 0.5]
            ("crime", "c", REST, 1, 4, 1, 4, 5.0, 6.0, 1.0, 0.2, 1.0, -2.0, 0.5),
            # a (2) vs rest (3): leans to rest, stable: not on one document
            ("security", "a", REST, 2, 3, 2, 3, 9.0, 15.0, 0.2, 0.1, 0.3, -7.0, -5.0),
        ])
        ev = synthesis.evidence(separation=sep)
        assert ev[["group_a", "item", "leans_to"]].values.tolist() == [
            ["a", "security", REST], ["c", "community", "c"], ["c", "crime", REST]]
        assert ev["group_b"].tolist() == [REST] * 3
        assert ev["docs_own"].tolist() == [3, 1, 4]
        assert ev["n_own"].tolist() == [3, 1, 4]
        assert ev["one_document"].tolist() == [False, True, True]

    def test_two_single_documents(self):
        # one document per side: no leave-one-out range (NaN), every finding rests on one document
        sep = separation_table([("crime", "a", "b", 1, 1, 1, 1, 5.0, 1.0, 1.0, 1.0, 1.0, NAN, NAN)])
        assert synthesis.evidence(separation=sep)["one_document"].tolist() == [True]


class TestEvidenceClustering:
    def test_the_label_row(self):
        ev = synthesis.evidence(agreement=PAIR_AGREEMENT)
        assert len(ev) == 1
        row = ev.iloc[0]
        assert row["method"] == "clustering" and row["item"] == "clusters and labels"
        assert row["group_a"] is None and row["group_b"] is None and row["leans_to"] is None
        assert (row["effect"], row["effect_name"]) == (0.5, "ARI")
        assert (row["p_value"], row["p_adjusted"], row["min_p"], row["n_relabelings"]) == (0.3, 0.3, 0.1, 10)
        assert (row["docs_own"], row["n_own"]) == (5, 5)
        assert math.isnan(row["stability"])
        assert not row["one_document"]

    @pytest.mark.parametrize("rows", [
        [("group", "one value only", 5, NAN, NAN, NAN, NAN)],
        [("genre", "compared", 5, 0.2, 0.4, 0.4, 60)],
    ])
    def test_no_row_unless_the_labels_were_compared(self, rows):
        assert synthesis.evidence(agreement=agreement_table(rows)).empty


class TestEvidenceTable:
    def test_all_methods_in_chapter_order(self):
        ev = synthesis.evidence(PAIR_STABLE, PAIR_PERM, PAIR_SEPARATION, PAIR_AGREEMENT)
        assert list(ev.columns) == synthesis.COLUMNS
        assert ev["method"].tolist() == ["vocabulary"] * 3 + ["framing"] * 3 + ["clustering"]

    def test_ties_go_by_effect_then_item(self):
        stable = stable_table([("beta", "a", 2.0, 2, 0, 1.0), ("alpha", "a", 2.0, 2, 0, 1.0),
                               ("gamma", "a", 3.0, 2, 0, 1.0)], ["a", "b"], {"a": 2, "b": 2})
        perm = perm_table([(t, "a", s, 0.3, 0.3, 0.6, 6) for t, s in (("beta", 2.0), ("alpha", 2.0), ("gamma", 3.0))])
        assert synthesis.evidence(stable, perm)["item"].tolist() == ["gamma", "alpha", "beta"]

    def test_attrs_record_alpha_and_the_settings(self):
        ev = synthesis.evidence(PAIR_STABLE, PAIR_PERM, PAIR_SEPARATION, PAIR_AGREEMENT, alpha=0.1)
        assert ev.attrs["alpha"] == 0.1
        assert ev.attrs["vocabulary"]["resampling"] == LOO
        assert ev.attrs["vocabulary"]["group_sizes"] == {"a": 2, "b": 3}
        assert ev.attrs["vocabulary"]["test"]["max_exact"] == 5000
        assert ev.attrs["framing"]["value"] == "per_1000"
        assert ev.attrs["clustering"]["method"] == "KMeans"
        ev.attrs["vocabulary"]["group_sizes"]["a"] = 99  # a copy: the input keeps its settings
        assert PAIR_STABLE.attrs["group_sizes"]["a"] == 2

    def test_alpha_changes_testable_and_passes(self):
        ev = synthesis.evidence(PAIR_STABLE, PAIR_PERM, alpha=0.2)
        assert ev["testable"].tolist() == [True, True, True]  # floors 0.1
        assert ev["passes"].tolist() == [True, False, False]  # p_adjusted 0.2, 0.3, 0.9

    def test_nothing_given(self):
        ev = synthesis.evidence()
        assert ev.empty and list(ev.columns) == synthesis.COLUMNS
        assert ev.attrs == {"alpha": 0.05}
        assert ev["one_document"].dtype == bool and ev["n_own"].dtype == np.int64

    def test_empty_inputs(self):
        empty_stable = stable_table([], ["a", "b"], {"a": 2, "b": 3})
        empty_perm = perm_table([])
        empty_sep = separation_table([])
        ev = synthesis.evidence(empty_stable, empty_perm, empty_sep, agreement_table([]))
        assert ev.empty and list(ev.columns) == synthesis.COLUMNS
        assert set(ev.attrs) == {"alpha", "vocabulary", "framing", "clustering", "unused_frames"}

    def test_one_method_missing(self):
        ev = synthesis.evidence(separation=PAIR_SEPARATION, agreement=PAIR_AGREEMENT)
        assert ev["method"].tolist() == ["framing"] * 3 + ["clustering"]

    def test_a_table_without_its_columns_is_refused(self):
        with pytest.raises(ParameterError, match=r"the separation table lacks the column\(s\) stable_sign"):
            synthesis.evidence(separation=PAIR_SEPARATION.drop(columns="stable_sign"))

    def test_a_stability_table_without_its_attrs_is_refused(self):
        bare = PAIR_STABLE.copy()
        bare.attrs = {}
        with pytest.raises(ParameterError, match="attrs lack statistic, comparison, groups, group_sizes"):
            synthesis.evidence(bare)

    @pytest.mark.parametrize("alpha", [0, 1, -0.1, "0.05", True])
    def test_alpha_must_be_between_0_and_1(self, alpha):
        with pytest.raises(ParameterError, match="alpha must be a number between 0 and 1"):
            synthesis.evidence(alpha=alpha)


def evidence_of(rows, alpha=0.05) -> pd.DataFrame:
    """A synthesis.evidence table from rows (method, group_a, group_b, item, leans_to, effect, p_adjusted, min_p,
    one_document), through evidence's own column types."""
    records = [{"method": m, "group_a": a, "group_b": b, "item": item, "leans_to": lean, "effect": effect,
                "effect_name": "z", "p_value": p_adj, "p_adjusted": p_adj, "min_p": min_p, "n_relabelings": 10,
                "docs_own": 2, "n_own": 2, "stability": NAN, "one_document": one,
                "testable": min_p <= alpha, "passes": p_adj <= alpha}
               for m, a, b, item, lean, effect, p_adj, min_p, one in rows]
    out = pd.DataFrame(records, columns=synthesis.COLUMNS)
    for c in ("group_a", "group_b", "leans_to"):
        out[c] = pd.Series(out[c].tolist(), dtype=object)
    out.attrs = {"alpha": alpha}
    return out


class TestMainFindings:
    def test_the_strongest_per_method_comparison_and_side(self):
        ev = synthesis.evidence(PAIR_STABLE, PAIR_PERM, PAIR_SEPARATION, PAIR_AGREEMENT)
        main = synthesis.main_findings(ev)
        # vocabulary: crime (b's first) and trust (a's first); framing: community; clustering
        assert main[["method", "item", "leans_to"]].values.tolist() == [
            ["vocabulary", "crime", "b"], ["vocabulary", "trust", "a"], ["framing", "community", "a"],
            ["clustering", "clusters and labels", None]]
        assert list(main.columns) == synthesis.COLUMNS
        assert main.attrs == ev.attrs

    def test_a_frame_without_difference_is_no_finding(self):
        ev = evidence_of([("framing", "a", "b", "fairness", None, 0.0, 1.0, 0.1, False),
                          ("framing", "a", "b", "crime", "b", -2.0, 1.0, 0.1, False)])
        assert synthesis.main_findings(ev)["item"].tolist() == ["crime"]
        assert synthesis.main_findings(ev.iloc[:1]).empty

    def test_three_groups(self):
        ev = evidence_of([("vocabulary", g, REST, f"{g}{i}", g, 3.0 - i, 0.5, 0.1, False)
                          for g in ("a", "b", "c") for i in range(2)]
                         + [("framing", g, REST, "crime", REST, -1.0, 0.4, 0.1, False) for g in ("a", "b", "c")])
        main = synthesis.main_findings(ev)
        assert main[["method", "group_a", "item"]].values.tolist() == [
            ["vocabulary", "a", "a0"], ["vocabulary", "b", "b0"], ["vocabulary", "c", "c0"],
            ["framing", "a", "crime"], ["framing", "b", "crime"], ["framing", "c", "crime"]]

    def test_empty(self):
        assert synthesis.main_findings(synthesis.evidence()).empty


class TestVerdicts:
    def test_counts_and_verdicts(self):
        ev = synthesis.evidence(PAIR_STABLE, PAIR_PERM, PAIR_SEPARATION, PAIR_AGREEMENT)
        v = synthesis.verdicts(ev)
        assert list(v.columns) == synthesis.VERDICT_COLUMNS
        assert v[["method", "group_a", "group_b"]].values.tolist() == [
            ["vocabulary", "a", "b"], ["framing", "a", "b"], ["clustering", None, None]]
        assert v["n_items"].tolist() == [3, 3, 1]
        assert v["n_testable"].tolist() == [0, 0, 0]
        assert v["n_passing"].tolist() == [0, 0, 0]
        assert v["n_one_document"].tolist() == [1, 1, 0]
        assert v["best_p_adjusted"].tolist() == [0.2, 0.5, 0.3]
        assert v["floor"].tolist() == [0.1, 0.1, 0.1]
        assert v["verdict"].tolist() == ["untestable"] * 3
        assert v.attrs == {"alpha": 0.05}

    @pytest.mark.parametrize("p_adjusted, min_p, verdict", [
        (0.05, 0.05, "separates"),     # p_adjusted exactly alpha passes
        (1 / 20, 1 / 20, "separates"),  # the same, as a share of 20 relabellings
        (0.5, 0.05, "no evidence"),    # a floor of exactly alpha can be reached
        (0.5, 0.01, "no evidence"),
        (0.5, 0.050001, "untestable"),
        (0.5, 0.1, "untestable"),
        (NAN, NAN, "not tested"),
    ])
    def test_boundaries(self, p_adjusted, min_p, verdict):
        ev = evidence_of([("framing", "a", "b", "crime", "a", 1.0, p_adjusted, min_p, False)])
        assert synthesis.verdicts(ev)["verdict"].tolist() == [verdict]

    def test_one_testable_item_is_enough_to_be_testable(self):
        ev = evidence_of([("framing", "a", "b", "crime", "a", 1.0, 0.9, 0.4, False),
                          ("framing", "a", "b", "law", "b", -1.0, 0.6, 0.02, False)])
        row = synthesis.verdicts(ev).iloc[0]
        assert (row["n_testable"], row["floor"], row["verdict"]) == (1, 0.02, "no evidence")

    def test_alpha_defaults_to_the_evidence_and_can_be_changed(self):
        ev = evidence_of([("framing", "a", "b", "crime", "a", 1.0, 0.08, 0.1, False)], alpha=0.1)
        assert synthesis.verdicts(ev)["verdict"].tolist() == ["separates"]
        assert synthesis.verdicts(ev, alpha=0.05)["verdict"].tolist() == ["untestable"]
        assert synthesis.verdicts(ev, alpha=0.05).attrs == {"alpha": 0.05}

    def test_three_groups_one_row_per_comparison(self):
        ev = evidence_of([("vocabulary", "a", REST, "x", "a", 2.0, 0.5, 0.1, False),
                          ("vocabulary", "a", REST, "y", "a", 1.0, 0.6, 0.1, True),
                          ("vocabulary", "c", REST, "z", "c", 2.0, 0.6, 0.2, True),
                          ("framing", "a", REST, "crime", REST, -1.0, 0.01, 0.01, False),
                          ("clustering", None, None, "clusters and labels", None, 0.3, 0.2, 0.2, False)])
        v = synthesis.verdicts(ev)
        assert v[["method", "group_a", "n_items", "n_one_document", "verdict"]].values.tolist() == [
            ["vocabulary", "a", 2, 1, "untestable"], ["vocabulary", "c", 1, 1, "untestable"],
            ["framing", "a", 1, 0, "separates"], ["clustering", None, 1, 0, "untestable"]]

    def test_large_corpus(self):
        ev = evidence_of([("vocabulary", "a", "b", "trust", "a", 9.0, 1 / 201, 1 / 201, False),
                          ("vocabulary", "a", "b", "crime", "b", -2.0, 0.3, 1 / 201, False)])
        row = synthesis.verdicts(ev).iloc[0]
        assert (row["n_testable"], row["n_passing"], row["verdict"]) == (2, 1, "separates")

    def test_empty(self):
        v = synthesis.verdicts(synthesis.evidence())
        assert v.empty and list(v.columns) == synthesis.VERDICT_COLUMNS

    def test_a_table_that_is_not_evidence_is_refused(self):
        with pytest.raises(ParameterError, match="the evidence table lacks the column"):
            synthesis.verdicts(pd.DataFrame({"method": ["framing"]}))
        with pytest.raises(ParameterError, match="the evidence table must be a DataFrame .got list."):
            synthesis.verdicts([])


def verdicts_of(rows) -> pd.DataFrame:
    """A synthesis.verdicts table from rows (method, group_a, group_b, verdict)."""
    out = pd.DataFrame([{"method": m, "group_a": a, "group_b": b, "n_items": 1, "n_testable": 0, "n_passing": 0,
                         "n_one_document": 0, "best_p_adjusted": 0.5, "floor": 0.1, "verdict": v}
                        for m, a, b, v in rows], columns=synthesis.VERDICT_COLUMNS)
    for c in ("group_a", "group_b"):
        out[c] = pd.Series(out[c].tolist(), dtype=object)
    out.attrs = {"alpha": 0.05}
    return out


class TestCrossCheck:
    def test_agreement(self):
        v = verdicts_of([("vocabulary", "a", "b", "untestable"), ("framing", "a", "b", "untestable"),
                         ("clustering", None, None, "untestable")])
        cc = synthesis.cross_check(v)
        assert list(cc.columns) == synthesis.CROSS_CHECK_COLUMNS
        assert cc.values.tolist() == [["a", "b", "untestable", "untestable", "untestable", True, 3]]
        assert cc.attrs == {"alpha": 0.05}

    def test_disagreement(self):
        v = verdicts_of([("vocabulary", "a", "b", "separates"), ("framing", "a", "b", "no evidence"),
                         ("clustering", None, None, "separates")])
        cc = synthesis.cross_check(v)
        assert cc[["agree", "n_methods"]].values.tolist() == [[False, 3]]

    def test_a_missing_method_is_none_and_not_counted(self):
        v = verdicts_of([("framing", "a", "b", "separates"), ("clustering", None, None, "separates")])
        cc = synthesis.cross_check(v)
        assert cc.values.tolist() == [["a", "b", None, "separates", "separates", True, 2]]

    def test_three_groups_share_the_clustering_verdict(self):
        v = verdicts_of([("vocabulary", "a", REST, "untestable"), ("vocabulary", "c", REST, "untestable"),
                         ("framing", "a", REST, "separates"), ("framing", "b", REST, "untestable"),
                         ("framing", "c", REST, "untestable"), ("clustering", None, None, "untestable")])
        cc = synthesis.cross_check(v)
        assert cc.values.tolist() == [
            ["a", REST, "untestable", "separates", "untestable", False, 3],
            ["b", REST, None, "untestable", "untestable", True, 2],
            ["c", REST, "untestable", "untestable", "untestable", True, 3],
        ]

    def test_without_clustering(self):
        v = verdicts_of([("vocabulary", "a", "b", "separates"), ("framing", "a", "b", "separates")])
        assert synthesis.cross_check(v).values.tolist() == [["a", "b", "separates", "separates", None, True, 2]]

    def test_only_clustering_or_nothing_gives_no_comparison(self):
        assert synthesis.cross_check(verdicts_of([("clustering", None, None, "separates")])).empty
        empty = synthesis.cross_check(synthesis.verdicts(synthesis.evidence()))
        assert empty.empty and list(empty.columns) == synthesis.CROSS_CHECK_COLUMNS


LEXICON = {
    "scoped_words": ["cooperation"],
    "frames": {
        "community": {"definition": "Trust.", "words": ["trust", "fear"], "phrases": ["come forward"]},
        "agency": {"definition": "Agencies.", "phrases": ["cooperation with ICE"]},
        "crime": {"definition": "Crime.", "words": ["crime", "criminals"]},
        "cost": {"definition": "Money.", "words": ["budget"]},
    },
}


class TestTermFrameLinks:
    def evidence(self):
        return evidence_of([
            ("vocabulary", "a", "b", "trust", "a", 3.0, 0.2, 0.1, False),
            ("vocabulary", "a", "b", "cooperation", "a", 2.5, 0.3, 0.1, False),  # scoped: phrases only
            ("vocabulary", "a", "b", "forward", "b", -2.4, 0.3, 0.1, False),     # only part of a phrase
            ("vocabulary", "a", "b", "ice", "b", -2.3, 0.3, 0.1, False),         # only part of a phrase
            ("vocabulary", "a", "b", "fear", "b", -2.2, 0.4, 0.1, False),
            ("vocabulary", "a", "b", "crime", "b", -2.0, 0.5, 0.1, False),
            ("vocabulary", "a", "b", "budget", "a", 1.5, 0.6, 0.1, False),
            ("vocabulary", "a", "b", "safety", "a", 1.0, 0.7, 0.1, False),       # in no frame
            ("framing", "a", "b", "community", "a", 5.0, 0.5, 0.1, False),
            ("framing", "a", "b", "cost", None, 0.0, 1.0, 0.1, False),
        ])

    def test_words_of_a_frame_only(self):
        links = synthesis.term_frame_links(self.evidence(), LEXICON)
        assert list(links.columns) == synthesis.LINK_COLUMNS
        assert links.values.tolist() == [
            ["a", "b", "trust", "a", "community", "a", True],
            ["a", "b", "fear", "b", "community", "a", False],
            ["a", "b", "crime", "b", "crime", None, False],    # no framing row for crime
            ["a", "b", "budget", "a", "cost", None, False],    # cost leans nowhere
        ]

    def test_a_lexicon_file(self, tmp_path):
        path = tmp_path / "frames.yml"
        path.write_text("scoped_words: [cooperation]\nframes:\n  community:\n    definition: Trust.\n"
                        "    words: [trust]\n    phrases: [trust and cooperation]\n", encoding="utf-8")
        links = synthesis.term_frame_links(self.evidence(), path)
        assert links[["term", "frame", "same_direction"]].values.tolist() == [["trust", "community", True]]
        assert links.attrs == {"lexicon": str(path)}

    def test_three_groups(self):
        ev = evidence_of([("vocabulary", "a", REST, "trust", "a", 3.0, 0.2, 0.1, False),
                          ("vocabulary", "b", REST, "crime", "b", 2.0, 0.2, 0.1, False),
                          ("framing", "a", REST, "community", "a", 4.0, 0.3, 0.1, False),
                          ("framing", "b", REST, "crime", REST, -1.0, 0.6, 0.1, False),
                          ("framing", "b", REST, "community", "b", 1.0, 0.6, 0.1, False)])
        links = synthesis.term_frame_links(ev, LEXICON)
        assert links.values.tolist() == [["a", REST, "trust", "a", "community", "a", True],
                                         ["b", REST, "crime", "b", "crime", REST, False]]

    def test_no_vocabulary(self):
        links = synthesis.term_frame_links(synthesis.evidence(separation=PAIR_SEPARATION), LEXICON)
        assert links.empty and list(links.columns) == synthesis.LINK_COLUMNS

    def test_a_broken_lexicon_is_a_lexicon_error(self):
        with pytest.raises(LexiconError):
            synthesis.term_frame_links(self.evidence(), {"frames": {}})


@pytest.fixture(scope="module")
def chain():
    data = cu.load_corpus(SEED, label_column="stance")
    groups = cu.check_groups(data, None)
    tokens = cu.index_tokens(data)
    dtm = cu.count_terms(tokens, min_df=1, stop_words="default")
    stable = cu.keyness.stability(dtm, "log_odds", groups=groups, top_n=10, seed=0, alpha0=500.0)
    perm = cu.keyness.permutation_test(dtm, stable["term"].unique(), "log_odds", groups=groups, seed=0,
                                       alpha0=500.0)
    lexicon = cu.lexicon.load_lexicon(None)
    rates = cu.frame.frame_rates(cu.frame.match_frames(tokens, lexicon), tokens)
    separation = cu.frame.separation(rates, groups, seed=0)
    vectors = cu.cluster.document_vectors(cu.count_terms(tokens, ngram_range=(1, 2), min_df=1,
                                                         stop_words="default"), seed=0)
    clusters = cu.cluster.kmeans(vectors, 2, n_init=50, seed=0)
    agreement = cu.cluster.agreement(clusters, data, ["group"], seed=0)
    ev = synthesis.evidence(stable, perm, separation, agreement)
    return {"data": data, "stable": stable, "lexicon": lexicon, "evidence": ev}


class TestSeedCorpus:
    """The chain of chapters 02-04 on the seed corpus: 2 anti-cooperation and 3 pro-cooperation texts."""

    def test_every_vocabulary_floor_is_one_in_ten(self, chain):
        ev = chain["evidence"]
        vocabulary = ev[ev["method"] == "vocabulary"]
        assert len(vocabulary) == len(chain["stable"])
        # 2 + 3 documents: C(5, 2) = 10 relabellings, the observed one among them
        assert (vocabulary["n_relabelings"] == math.comb(5, 2)).all()
        assert (vocabulary["min_p"] == 1 / math.comb(5, 2)).all()
        assert not vocabulary["testable"].any()

    def test_group_sizes(self, chain):
        ev = chain["evidence"]
        sizes = chain["data"]["group"].value_counts().to_dict()
        assert sizes == {"pro-cooperation": 3, "anti-cooperation": 2}
        sided = ev[ev["leans_to"].notna()]
        assert (sided["n_own"] == sided["leans_to"].map(sizes)).all()
        assert (sided["docs_own"] <= sided["n_own"]).all()
        assert ev[ev["method"] == "clustering"][["docs_own", "n_own"]].values.tolist() == [[5, 5]]

    def test_one_row_per_frame_and_the_clusters(self, chain):
        ev = chain["evidence"]
        # every frame of the shipped lexicon has a hit in the seed texts, so every one is a finding
        assert sorted(ev.loc[ev["method"] == "framing", "item"]) == sorted(chain["lexicon"].names)
        assert ev.attrs["unused_frames"] == []
        assert (ev["method"] == "clustering").sum() == 1

    def test_nothing_can_be_tested_on_five_documents(self, chain):
        v = synthesis.verdicts(chain["evidence"])
        assert v["method"].tolist() == ["vocabulary", "framing", "clustering"]
        assert v["verdict"].tolist() == ["untestable"] * 3
        cc = synthesis.cross_check(v)
        assert cc[["group_a", "group_b", "agree", "n_methods"]].values.tolist() == [
            ["anti-cooperation", "pro-cooperation", True, 3]]

    def test_linked_terms_are_words_of_their_frame(self, chain):
        links = synthesis.term_frame_links(chain["evidence"], chain["lexicon"])
        entries = chain["lexicon"].entries
        words = set(zip(entries.loc[entries["kind"] == "word", "entry"], entries.loc[entries["kind"] == "word", "frame"]))
        assert set(zip(links["term"], links["frame"])) <= words
        assert not set(links["term"]) & set(chain["lexicon"].scoped_words)
