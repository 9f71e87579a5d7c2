"""Tests for the design chapter's sentences (corpus_utils.narrate.design), from hand-made tables.

The tables (``tests/narrate_tables.py``) have the columns that :mod:`corpus_utils.design` returns: two
groups, a group of one document, empty results, and a label full of Markdown, which must come out escaped.
"""

from __future__ import annotations

from corpus_utils import narrate
from corpus_utils.narrate.design import POWER_NONE
from narrate_tables import MD, MD_QUOTED, SEED_LENGTHS, SEED_POWER, power_rows, table


class TestTwoGroups:
    def test_power_reading(self):
        assert narrate.power_reading(SEED_POWER) == (
            "Simulating 200 studies per size, each drawing its documents from this corpus's documents of each side "
            "(so keeping their observed spread and difference) and testing each difference as this essay does "
            "(two-sided permutation test, p ≤ 0.05):\n\n"
            "- *local* (word, higher in *anti* than in *pro*): detected at least 80% of the time from 20 documents per "
            "group (85%; 95% interval 80% to 90%)\n"
            "- *crime* (frame, higher in *pro* than in *anti*): below 80% even with 50 documents per group (70%; 95% "
            "interval 65% to 75%)\n\n"
            "Read these sizes as the least a study needs. The differences simulated are the largest this corpus "
            "showed, and the largest of many estimates tends to overstate the truth; and the spread comes from 2 and 3 "
            "documents only, so a simulated study of 50 documents repeats those few texts and cannot show how much "
            "more varied a real sample would be."
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
            "For *a* and *b* no study can be simulated: *a* has a single document, whose spread cannot be estimated."
        )


class TestEmptyAndEscaped:
    def test_nothing_to_say(self):
        assert narrate.power_reading(SEED_POWER.iloc[:0]) == POWER_NONE

    def test_labels_full_of_markdown_are_escaped(self):
        power = table(power_rows(MD, "b", MD, "frame", 1.0, [0.9, 1, 1, 1]), alpha=0.05, n_simulations=200)
        assert f"- {MD_QUOTED} (frame, higher in {MD_QUOTED} than in *b*)" in narrate.power_reading(power)
