"""Tests for corpus_utils.support: the support rule case by case, the percentile interval and the bootstrap
weights, on inputs small enough to check by hand."""

from __future__ import annotations

import numpy as np
import pytest

from corpus_utils import resample, support
from corpus_utils.support import CONSISTENT, ONE_DOCUMENT, UNSTABLE


class TestLabels:
    def test_three_labels_from_the_weakest_to_the_strongest(self):
        assert support.SUPPORT_LEVELS == ("carried by one document", "unstable", "consistent")
        assert (ONE_DOCUMENT, UNSTABLE, CONSISTENT) == support.SUPPORT_LEVELS
        assert support.MOST == 0.5


# a word of a group of 4 documents that passes every check: 3 of the 4 use it, the largest document supplies
# 40% of its uses, it stays in its list in every leave-one-out resample, and its interval is [0.8, 2.9]
SOLID = dict(top_share=0.4, n_docs=4, docs_using=3, stability=1.0, leave_one_out=True, low=0.8, high=2.9,
             stable_sign=True)


class TestSupportLevel:
    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            ({}, CONSISTENT),
            # carried by one document: the leaning group has one document ...
            ({"n_docs": 1, "docs_using": 1, "top_share": 1.0}, ONE_DOCUMENT),
            # ... or only one of its documents uses the term (it then supplies all its uses) ...
            ({"docs_using": 1, "top_share": 1.0}, ONE_DOCUMENT),
            # ... or one document supplies more than half of its uses and more than twice its even share among
            # the documents that use it: 4 documents use it, so more than max(0.5, 2/4) = 0.5: 3 of 5 = 0.6
            ({"top_share": 3 / 5, "docs_using": 4}, ONE_DOCUMENT),
            # with 3 documents using it, more than max(0.5, 2/3): 3 of 5 is not, 7 of 10 is
            ({"top_share": 3 / 5}, CONSISTENT),
            ({"top_share": 7 / 10}, ONE_DOCUMENT),
            # with 2 documents using it, an uneven split (3 and 2 uses, 3 and 1) is never one document's:
            # both use it; whether it survives leaving one out is the stability's question
            ({"top_share": 3 / 5, "docs_using": 2, "n_docs": 2}, CONSISTENT),
            ({"top_share": 3 / 4, "docs_using": 2, "n_docs": 2, "stability": 0.5}, UNSTABLE),
            # exactly half is not "most": 2 of 4 uses
            ({"top_share": 2 / 4}, CONSISTENT),
            # unstable: out of the list when one document is left out (4 of 5 leave-one-out resamples)
            ({"stability": 0.8}, UNSTABLE),
            # under the bootstrap, stability must fall below BOOTSTRAP_SHARE (0.5)
            ({"stability": 0.6, "leave_one_out": False}, CONSISTENT),
            ({"stability": 0.45, "leave_one_out": False}, UNSTABLE),
            # the difference changes sign or vanishes when one document is left out
            ({"stable_sign": False}, UNSTABLE),
            # the interval includes 0 (an end at 0 includes it)
            ({"low": -0.1}, UNSTABLE),
            ({"low": 0.0}, UNSTABLE),
            # an interval wholly below 0 (a word leaning to group b) excludes 0
            ({"low": -3.0, "high": -1.0}, CONSISTENT),
            # no stability (a frame) and no interval: not evidence either way
            ({"stability": np.nan, "low": np.nan, "high": np.nan}, CONSISTENT),
            # nothing leans (a difference of 0, no document uses it): unstable, even in a group of one
            ({"docs_using": 0, "top_share": np.nan}, UNSTABLE),
            ({"docs_using": 0, "top_share": np.nan, "n_docs": 1}, UNSTABLE),
            # carried by one document wins over unstable when both hold
            ({"top_share": 0.9, "stability": 0.2, "low": -1.0}, ONE_DOCUMENT),
        ],
    )
    def test_each_rule_worked_by_hand(self, change, expected):
        assert support.support_level(**{**SOLID, **change}).tolist() == [expected]

    def test_arguments_broadcast_one_label_per_finding(self):
        levels = support.support_level(top_share=[0.4, 0.7, 0.3], n_docs=[4, 4, 1], docs_using=[3, 4, 1],
                                       low=[0.5, 0.5, 0.5], high=2.0)
        assert levels.tolist() == [CONSISTENT, ONE_DOCUMENT, ONE_DOCUMENT]
        assert levels.dtype == object

    def test_no_findings_give_an_empty_array(self):
        assert support.support_level(top_share=[], n_docs=[], docs_using=[]).tolist() == []


class TestPercentileInterval:
    def test_the_2_5th_and_97_5th_percentiles_of_0_to_100(self):
        # 101 values 0, 1, ..., 100: the p-th percentile (linear interpolation) is p itself
        low, high = support.percentile_interval(np.arange(101.0)[:, None])
        assert (low[0], high[0]) == (pytest.approx(2.5), pytest.approx(97.5))

    def test_linear_interpolation_between_order_statistics(self):
        # 5 values 1..5 at level 0.9: the 5th percentile sits at rank 0.05 * 4 = 0.2 -> 1.2; the 95th at 3.8 -> 4.8
        low, high = support.percentile_interval([[1.0], [2.0], [3.0], [4.0], [5.0]], level=0.9)
        assert (low[0], high[0]) == (pytest.approx(1.2), pytest.approx(4.8))

    def test_every_resample_alike_gives_a_single_point(self):
        low, high = support.percentile_interval(np.full((200, 2), 1.5))
        assert low.tolist() == high.tolist() == [1.5, 1.5]

    def test_no_resamples_give_nan(self):
        low, high = support.percentile_interval(np.empty((0, 3)))
        assert np.isnan(low).all() and np.isnan(high).all() and len(low) == 3


class TestBootstrapWeights:
    LABELS = ["a", "a", "a", "b", "b"]

    def test_weights_count_the_draws_of_resample_bootstrap(self):
        batches = list(support.bootstrap_weights(self.LABELS, n_resamples=5, seed=3, rows=2))
        assert [len(b) for b in batches] == [2, 2, 1]
        expected = [np.bincount(draw, minlength=5) for draw in resample.bootstrap(self.LABELS, n_resamples=5, seed=3)]
        assert np.vstack(batches).tolist() == np.vstack(expected).astype(float).tolist()

    def test_each_group_keeps_its_size(self):
        weights = np.vstack(list(support.bootstrap_weights(self.LABELS, n_resamples=50, seed=0, rows=7)))
        assert (weights[:, :3].sum(axis=1) == 3).all() and (weights[:, 3:].sum(axis=1) == 2).all()

    def test_documents_outside_the_members_are_in_every_resample_once(self):
        # documents 1 and 3 of a corpus of 5 are resampled (one group each); 0, 2 and 4 stay
        weights = np.vstack(list(support.bootstrap_weights(["a", "b"], n_resamples=4, seed=0, rows=10,
                                                           n_docs=5, members=[1, 3])))
        assert weights[:, [0, 2, 4]].tolist() == [[1.0, 1.0, 1.0]] * 4
        assert weights[:, [1, 3]].tolist() == [[1.0, 1.0]] * 4  # a group of one document is always drawn
