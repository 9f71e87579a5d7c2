"""Tests for the shared wording helpers of corpus_utils.narrate (narrate/wording.py): p-values, intervals and
the support breakdown, on values checked by eye."""

from __future__ import annotations

import numpy as np
import pytest

from corpus_utils.narrate import wording

ONE, SHAKY, FIRM = "carried by one document", "unstable", "consistent"


class TestPText:
    def test_a_printable_p_value_has_three_significant_digits(self):
        assert (wording.p_text(0.1), wording.p_text(1 / 126)) == ("0.1", "0.00794")

    def test_an_underflow_is_written_as_the_bound_never_0(self):
        assert wording.p_text(0.0) == "< 10⁻³⁰⁰"

    @pytest.mark.parametrize(("value", "name", "text"), [
        (0.1, "p", "p = 0.1"), (0.0079, "adjusted p", "adjusted p = 0.0079"), (0.0, "p", "p < 10⁻³⁰⁰"),
        (1e-305, "the smallest p", "the smallest p < 10⁻³⁰⁰"),
    ])
    def test_p_equals_puts_no_equals_sign_before_the_bound(self, value, name, text):
        assert wording.p_equals(value, name) == text


class TestIntervalText:
    def test_two_decimals_by_default(self):
        assert wording.interval_text(6.4, 12.7) == "95% interval 6.40 to 12.70"

    def test_its_own_number_format_and_negative_ends(self):
        assert wording.interval_text(-4.75, 0.21, "{:.1f}") == "95% interval -4.8 to 0.2"

    def test_a_missing_end(self):
        assert wording.interval_text(np.nan, 1.0) == "no interval"
        assert wording.interval_text(0.5, None, missing="") == ""

    def test_an_end_just_below_zero_reads_zero(self):
        assert wording.interval_text(-0.004, 0.5) == "95% interval 0.00 to 0.50"
        assert wording.interval_text(-0.04, 0.5, "{:.1f}") == "95% interval 0.0 to 0.5"

    def test_the_ends_alone_for_a_table_cell(self):
        assert wording.range_text(-0.04, 12.66, "{:.1f}") == "0.0 to 12.7"
        assert wording.range_text(np.nan, 1.0) == ""


class TestSupportBreakdown:
    def test_strongest_first_each_with_its_findings(self):
        levels = [ONE, FIRM, SHAKY, ONE, FIRM]
        names = ["*a*", "*b*", "*c*", "*d*", "*e*"]
        assert wording.support_breakdown(levels, names) == (
            "2 are consistent (*b* and *e*), 1 unstable (*c*) and 2 carried by one document (*a* and *d*)")

    def test_the_first_count_decides_the_verb(self):
        assert wording.support_breakdown([SHAKY, ONE, ONE]) == "1 is unstable and 2 carried by one document"

    def test_one_label_for_all(self):
        assert wording.support_breakdown([ONE, ONE]) == "both are carried by one document"
        assert wording.support_breakdown([FIRM] * 3, ["*x*", "*y*", "*z*"]) == "all 3 are consistent (*x*, *y* and *z*)"

    def test_one_finding(self):
        assert wording.support_breakdown([SHAKY], ["*x*"]) == "it is unstable"

    def test_long_lists_are_capped(self):
        names = [f"*w{i}*" for i in range(6)]
        assert wording.support_breakdown([ONE] * 5 + [FIRM], names) == (
            "1 is consistent (*w5*) and 5 carried by one document (*w0*, *w1*, *w2*, *w3* and 1 more)")
