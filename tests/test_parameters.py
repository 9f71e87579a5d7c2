"""The spec of every chapter parameter: values read as plain YAML, checked against data/parameters.yml."""

from __future__ import annotations

import ast

import pytest

from corpus_utils.errors import ParameterError
from corpus_utils.parameters import PARAMETERS, check_parameter, parse_value, read_parameters
from corpus_utils.run import chapter_parameters, find_chapters

from conftest import ROOT

HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "parameter-values"


def test_every_parameter_a_chapter_declares_has_a_spec_that_accepts_its_default():
    seen = set()
    for chapter in find_chapters(ROOT / "notebooks"):
        for name, default in chapter_parameters(chapter).items():
            assert name in PARAMETERS, f"{chapter.name} declares {name}, which data/parameters.yml does not describe"
            value = ast.literal_eval(default)
            assert check_parameter(name, value) == value
            seen.add(name)
    assert seen <= set(PARAMETERS) and {"max_rows", "sizes", "n_resamples"} <= seen


@pytest.mark.parametrize("text", (HOSTILE / "values.txt").read_text(encoding="utf-8").splitlines())
def test_a_tag_an_anchor_an_alias_a_mapping_or_a_nested_list_is_refused(text):
    with pytest.raises(ParameterError, match=r"^-p max_rows .* is refused: it holds "):
        parse_value("max_rows", text)


def test_plain_values_are_read_as_yaml_and_unreadable_text_stays_text():
    assert parse_value("sizes", "[5, 10]") == [5, 10]
    assert parse_value("alpha", "0.1") == 0.1
    assert parse_value("min_docs", "null") is None
    assert parse_value("groups", "'pro: yes'") == "pro: yes"
    assert parse_value("groups", "[unclosed") == "[unclosed"


@pytest.mark.parametrize(("name", "value", "allowed"), [
    ("max_rows", -1, "a whole number from 1 to 10,000"),
    ("n_resamples", 1_000_000_000, "a whole number from 1 to 100,000"),
    ("sizes", [200_000], "a list of at most 10 values, each a whole number from 2 to 1,000"),
    ("sizes", list(range(2, 13)), "a list of at most 10 values"),
    ("sizes", 5, "a list of"),
    ("seed", 2**32, "a whole number from 0 to 4,294,967,295"),
    ("alpha", 1, "a number strictly between 0 and 1"),
    ("alpha", 0.0, "a number strictly between 0 and 1"),
    ("alpha", float("nan"), "a number strictly between"),
    ("top_n", True, "a whole number from 1 to 1,000"),
    ("n_clusters", 1, "a whole number from 2 to 50, or null"),
    ("lsa_components", 1001, "from 2 to 1,000"),
    ("method", "ward", "kmeans or agglomerative"),
    ("stop_words", "english", "default, or a list of at most 10,000 words, or null"),
    ("stop_words", [1, 2], "default, or a list"),
    ("groups", [["a"]], "a word or phrase, or a list"),
    ("max_rows", "20", "a whole number"),
    ("jobs", 0, "a whole number from 1 to 64"),
])
def test_a_value_out_of_range_is_one_line_naming_the_parameter_the_value_and_the_range(name, value, allowed):
    with pytest.raises(ParameterError) as caught:
        check_parameter(name, value)
    message = str(caught.value)
    assert message.startswith(f"{name} = ") and allowed in message and "\n" not in message


@pytest.mark.parametrize(("name", "value"), [
    ("max_rows", 1), ("max_rows", 10_000), ("sizes", [2, 1000]), ("seed", 2**32 - 1), ("alpha", 0.05),
    ("n_clusters", None), ("n_clusters", 50), ("stop_words", "default"), ("stop_words", None),
    ("stop_words", ["the", "a"]), ("groups", "pro"), ("groups", ["pro", "con"]), ("groups", None),
    ("method", "agglomerative"), ("alpha0", 500), ("sublinear_tf", True), ("rules", "none"),
])
def test_a_value_in_range_is_returned_unchanged(name, value):
    assert check_parameter(name, value) == value


def test_an_unknown_parameter_is_refused():
    with pytest.raises(ParameterError, match="unknown parameter max_row"):
        check_parameter("max_row", 3)


def test_a_parameters_file_of_the_wrong_shape_is_one_line(tmp_path):
    path = tmp_path / "p.yml"
    path.write_text("version: 1\nparameters:\n  top_n: {type: integer}\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"p.yml: parameter 'top_n' has type str 'integer' \(expected one of"):
        read_parameters(path)
    path.write_text("version: 1\nparameters:\n  top_n: {type: int, maximum: 3}\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="unknown key 'maximum'"):
        read_parameters(path)
