"""Tests for corpus_utils.compare, which only re-exports keyness while the notebooks move over.

The keyness tests live in tests/test_keyness.py, the engine's in tests/test_resample.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import compare, keyness


@pytest.mark.parametrize(
    "name", ["STATISTICS", "contested_terms", "log_likelihood", "log_odds", "mean_tfidf", "stability", "top_terms"]
)
def test_keyness_names_are_the_keyness_objects(name):
    assert getattr(compare, name) is getattr(keyness, name)


def test_permutation_test_keeps_the_old_column_name():
    corpus = pd.DataFrame({"doc_id": list("1234"), "label": ["a", "a", "b", "b"], "text": ["trust", "trust", "crime", "crime"]})
    dtm = cu.count_terms(corpus, ngram_range=(1, 1))
    table = compare.permutation_test(dtm, ["trust"], "log_odds", groups=None, seed=0, alpha0=500.0)
    pd.testing.assert_frame_equal(table.drop(columns="n_permutations"), keyness.permutation_test(dtm, ["trust"]))
    assert table["n_permutations"].tolist() == table["n_relabelings"].tolist() == [6]
