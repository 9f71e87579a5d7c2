"""The one registry of methods, keyness statistics and frame values, and the places that read it."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils import design, keyness, methods, synthesis
from corpus_utils.errors import ParameterError


class TestRegistry:
    def test_the_methods_in_the_order_of_the_chapters(self):
        assert [m.name for m in methods.METHODS] == ["vocabulary", "framing", "clustering"]
        assert [m.chapter for m in methods.METHODS] == ["02_vocabulary", "03_framing", "04_clustering"]

    def test_every_keyness_statistic_is_a_function_of_keyness(self):
        for s in methods.STATISTICS:
            assert callable(getattr(keyness, s.name)), s.name
        assert keyness.STATISTICS == tuple(s.name for s in methods.STATISTICS)

    def test_every_registered_statistic_has_its_formulas_and_nothing_else_does(self):
        assert set(keyness.FORMULAS) == set(keyness.STATISTICS)

    @pytest.mark.parametrize("lookup, what", [(methods.method, "method"), (methods.statistic, "statistic"),
                                              (methods.frame_value, "value")])
    def test_an_unregistered_name_is_an_error_that_lists_the_registered_ones(self, lookup, what):
        with pytest.raises(ParameterError, match=rf"^{what} must be one of .* \(got 'new'\)"):
            lookup("new")


class TestReaders:
    def test_the_synthesis_lists_the_registered_methods(self):
        assert synthesis.METHODS == ("vocabulary", "framing", "clustering")

    def test_an_unregistered_statistic_is_refused_not_labelled_score(self):
        stable = pd.DataFrame({"term": ["x"], "group": ["a"], "score": [2.0], "docs_a": [2], "docs_b": [0],
                               "stability": [1.0], "rank": [1]})
        stable.attrs = {"statistic": "new_statistic", "comparison": "pair", "groups": ["a", "b"],
                        "group_sizes": {"a": 2, "b": 2}}
        with pytest.raises(ParameterError, match="statistic must be one of log_odds, log_likelihood, mean_tfidf"):
            synthesis.evidence(stable)

    def test_the_effect_names_come_from_the_registry(self):
        stable = pd.DataFrame({"term": ["x"], "group": ["a"], "score": [2.0], "docs_a": [2], "docs_b": [0],
                               "stability": [1.0], "rank": [1]})
        stable.attrs = {"statistic": "log_likelihood", "comparison": "pair", "groups": ["a", "b"],
                        "group_sizes": {"a": 2, "b": 2}}
        assert synthesis.evidence(stable)["effect_name"].tolist() == ["signed G²"]

    def test_the_design_simulates_each_method_as_its_registered_feature(self):
        stable = pd.DataFrame({"term": ["x", "y"], "group": ["a", "b"], "score": [2.0, -2.0], "docs_a": [2, 0],
                               "docs_b": [0, 2], "stability": [1.0, 1.0], "rank": [1, 1]})
        stable.attrs = {"statistic": "log_odds", "comparison": "pair", "groups": ["a", "b"],
                        "group_sizes": {"a": 2, "b": 2}}
        features = design.main_features(synthesis.evidence(stable), n_terms=1)
        assert features["kind"].tolist() == [methods.method("vocabulary").feature] * 2 == ["term", "term"]
