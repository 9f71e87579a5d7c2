"""Tests for the design chapter's sentences (corpus_utils.narrate.design), from hand-made tables.

The tables (``tests/narrate_tables.py``) have the columns that :mod:`corpus_utils.design` returns: two
groups, a group of one document, empty results, and a label full of Markdown, which must come out escaped.
"""

from __future__ import annotations

import pandas as pd

from corpus_utils import narrate
from corpus_utils.narrate.design import POWER_NONE
from narrate_tables import MD, MD_QUOTED, SEED_LENGTHS, SEED_POWER, power_rows, table


class TestTwoGroups:
    def test_power_reading(self):
        assert narrate.power_reading(SEED_POWER) == (
            "Simulating 200 studies per size from a model of these documents, and testing each main difference by "
            "this essay's own rule (the permutation test adjusted for choosing it, p ≤ 0.05, in the same direction):\n\n"
            "- *local* (word, higher in *anti* than in *pro*): detected at least 80% of the time from 20 documents per "
            "group (85%; given these documents, between 80% and 90%)\n"
            "- *crime* (frame, higher in *pro* than in *anti*): below 80% even with 50 documents per group (70%; given "
            "these documents, between 65% and 75%)\n\n"
            "How the studies are simulated, so that the answer survives its own pilot: each difference is shrunk "
            "towards those of the rest of the vocabulary (or of the frames) before it is simulated, because the "
            "largest of many estimates overstates the truth (a difference measured on few uses shrinks most); the "
            "documents of a study vary between themselves as much as these documents do, estimated over every word "
            "or frame at once, so that 2 and 3 documents still give a spread; and the truth is drawn 40 times from "
            "what these documents leave uncertain, so the interval is where the probability may lie, not only the "
            "simulation's error."
        )

    def test_a_pilot_that_cannot_tell_says_so(self):
        power = table(power_rows("anti", "pro", "local", "term", 1.1, [0.1, 0.2, 0.35, 0.5], width=0.5), alpha=0.05,
                      n_simulations=1000, n_draws=40)
        assert narrate.power_reading(power).split("\n\n")[1] == (
            "- *local* (word, higher in *anti* than in *pro*): below 80% even with 50 documents per group (50%; these "
            "documents cannot tell: anywhere between 0% and 100%)"
        )
        assert narrate.design_line(4, power) == (
            "A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; how likely a study "
            "of 50 documents per group would be to detect the main difference, a pilot of 2 and 3 documents cannot "
            "tell: anywhere between 0% and 100%."
        )

    def test_design(self):
        floors = table([{"n_per_group": n, "n_relabelings": c, "min_p": 2 / c, "reaches": 2 / c <= 0.05}
                        for n, c in [(2, 6), (3, 20), (4, 70), (5, 252)]], alpha=0.05)
        assert narrate.design_floor(floors, 4, SEED_LENGTHS) == (
            "An exact permutation test of two groups of n documents each has C(2n, n) relabellings, and a two-sided "
            "difference ties with its mirror image, so the smallest p-value it can give is 2 / C(2n, n): 3 per group "
            "give 20 relabellings and a floor of 0.1; 4 per group give 70 relabellings and a floor of 0.0286; 5 per "
            "group give 252 relabellings and a floor of 0.00794. **A study needs at least 4 documents per group** "
            "before p ≤ 0.05 is possible at all; this corpus has 2 documents labelled *anti* and 3 documents "
            "labelled *pro*."
        )


class TestOneDocumentGroup:
    def test_no_simulation_for_a_single_document(self):
        power = table(power_rows("a", "b", "alone", "term", 1.5, [float("nan")] * 4, docs=(1, 2), status="one document"))
        assert narrate.power_reading(power) == (
            "For *a* and *b* no study can be simulated: *a* has a single document, and the other side has no second "
            "one from which to learn how documents vary."
        )


class TestEmptyAndEscaped:
    def test_nothing_to_say(self):
        assert narrate.power_reading(SEED_POWER.iloc[:0]) == POWER_NONE

    def test_labels_full_of_markdown_are_escaped(self):
        power = table(power_rows(MD, "b", MD, "frame", 1.0, [0.9, 1, 1, 1]), alpha=0.05, n_simulations=200)
        assert f"- {MD_QUOTED} (frame, higher in {MD_QUOTED} than in *b*)" in narrate.power_reading(power)


class TestPowerFlat:
    """The sentence in place of a power figure whose lines all sit at one value."""

    @staticmethod
    def rows(features, powers, sizes=(5, 10)):
        return pd.DataFrame([dict(group_a="a", group_b="b", kind="term", feature=f, n_per_group=n, power=p,
                                  status="simulated") for f, p in zip(features, powers) for n in sizes])

    def test_one_value_for_every_line(self):
        assert narrate.power_flat(self.rows(["x"], [1.0])) == (
            "The chance of detecting the main difference is 100% at every size simulated (5 and 10 documents per "
            "group), so no figure is drawn.")
        assert narrate.power_flat(self.rows(["x", "y", "z"], [0.0, 0.0, 0.0], sizes=(5, 10, 20))) == (
            "The chance of detecting all 3 main differences is 0% at every size simulated (5, 10 and 20 documents per "
            "group), so no figure is drawn.")

    def test_flat_lines_at_different_values_and_nothing_simulated(self):
        assert narrate.power_flat(self.rows(["x", "y"], [0.2, 0.9])) == (
            "The chance of detecting both main differences does not change with the size simulated (5 and 10 "
            "documents per group), so no figure is drawn.")
        assert narrate.power_flat(self.rows([], [])) == narrate.design.POWER_NONE
