"""The one group parser: which groups a comparison takes (pairs, one-vs-rest) and its errors."""

import numpy as np
import pytest

import corpus_utils as cu
from corpus_utils.groups import REST, comparisons


class TestComparisons:
    def test_two_labels_are_one_pair_and_other_documents_take_no_part(self):
        (comp,) = comparisons(["a", "b", "c", "a"], ("a", "b"))
        assert (comp.group_a, comp.group_b, comp.mode) == ("a", "b", "pair")
        assert comp.in_a.tolist() == [True, False, False, True]
        assert comp.in_b.tolist() == [False, True, False, False]

    def test_by_default_two_labels_are_a_sorted_pair(self):
        (comp,) = comparisons(["y", "x", "y"])
        assert (comp.group_a, comp.group_b) == ("x", "y")

    def test_three_labels_give_one_vs_rest_within_the_named_groups(self):
        comps = comparisons(["a", "b", "c", "d"], ["a", "b", "c"])
        assert [(c.group_a, c.group_b, c.mode) for c in comps] == [("a", REST, "one-vs-rest"), ("b", REST, "one-vs-rest"),
                                                                    ("c", REST, "one-vs-rest")]
        # the rest of "a" is b and c only: d is not named, so it takes no part
        assert comps[0].in_b.tolist() == [False, True, True, False]

    def test_one_name_is_that_group_against_every_other_document(self):
        (comp,) = comparisons(["x", "y", "z"], "y")
        assert comp.in_a.tolist() == [False, True, False]
        assert comp.in_b.tolist() == [True, False, True]
        assert comparisons(["x", "y", "z"], ["y"])[0].in_b.tolist() == [True, False, True]

    def test_masks_are_numpy_arrays(self):
        (comp,) = comparisons(["a", "b"])
        assert isinstance(comp.in_a, np.ndarray) and comp.in_a.dtype == bool

    @pytest.mark.parametrize("groups, message", [
        (["a", "zz"], r"unknown group\(s\) 'zz' \(the labels are: a, b\)"),
        (["a", "a"], r"groups must be different labels \(got 'a', 'a'\)"),
    ])
    def test_bad_groups_are_named(self, groups, message):
        with pytest.raises(cu.LabelError, match=message):
            comparisons(["a", "b"], groups)


class TestCheckGroups:
    def test_fewer_than_two_labels_for_a_comparison(self, make_corpus):
        corpus = cu.load_corpus(make_corpus({"a.txt": ("x", "A."), "b.txt": ("x", "B.")}))
        with pytest.raises(cu.LabelError, match=r"needs at least 2 groups \(got 1: x\)"):
            cu.check_groups(corpus)

    def test_unknown_group(self, seed_corpus):
        with pytest.raises(cu.LabelError, match="unknown group\\(s\\) 'pro'"):
            cu.check_groups(seed_corpus, ["pro", "anti-cooperation"])

    def test_check_groups_sorted_default_and_chosen_pair(self, seed_corpus):
        assert cu.check_groups(seed_corpus) == ["anti-cooperation", "pro-cooperation"]
        assert cu.check_groups(seed_corpus, ("pro-cooperation", "anti-cooperation")) == ["pro-cooperation", "anti-cooperation"]


class TestRestIsReserved:
    def test_a_group_named_like_the_rest_of_one_vs_rest_is_refused(self, make_corpus):
        folder = make_corpus({"a.txt": ("anti", "Police build trust."), "b.txt": ("pro", "Detainers end trust."),
                              "c.txt": ("rest", "Sanctuary rules protect.")})
        with pytest.raises(cu.LabelError, match="'rest' names every other group in one-vs-rest comparisons"):
            cu.check_groups(cu.load_corpus(folder))
