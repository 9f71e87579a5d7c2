"""Tests for corpus_utils.lexicon: reading and validating a frame lexicon.

Broken lexicons are real YAML files written into tmp_path; every expected message is the
schema documented at the top of the shipped frames.yml, written out by hand.
"""

from __future__ import annotations

import pytest

import corpus_utils as cu
from corpus_utils import frame, lexicon
from corpus_utils.errors import LexiconError
from corpus_utils.lexicon import load_lexicon

TOY_LEXICON = {
    "scoped_words": ["cooperation"],
    "frames": {
        "community": {"definition": "Trust.", "words": ["trust"], "phrases": ["trust and cooperation"]},
        "agency": {"definition": "Agencies.", "phrases": ["cooperation with ICE"]},
        "legal": {"definition": "Law.", "words": ["287(g)", "warrant"], "phrases": ["states' rights"]},
    },
}


def write(tmp_path, body: str, name: str = "bad_frames.yml"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def error_of(path) -> str:
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert "\n" not in message  # one line, for the command line
    assert message.startswith(f"{path}: ")
    return message


class TestShippedLexicon:
    def test_has_the_required_frames(self):
        lex = load_lexicon()
        assert lex.source == "frames.yml"
        assert {"crime", "security", "legality", "capacity", "community", "fairness", "political",
                "federalism", "interagency"} <= set(lex.names)
        assert lex.frames["definition"].str.len().gt(10).all()
        assert "cooperation" in lex.scoped_words
        entries = set(lex.entries["entry"])
        assert {"287(g)", "fourth amendment", "states rights", "come forward", "cooperate with ice"} <= entries

    def test_never_lists_a_scoped_word_as_a_word(self):
        lex = load_lexicon()
        words = lex.entries.loc[lex.entries["kind"] == "word", "entry"]
        assert not set(words) & set(lex.scoped_words)

    def test_the_schema_is_documented_at_the_top_of_the_file(self):
        header = lexicon.default_lexicon_path().read_text(encoding="utf-8").split("\nversion:")[0]
        for key in ("version", "name", "reference", "scoped_words", "frames", "label", "definition", "words",
                    "phrases"):
            assert f"`{key}`" in header, key

    def test_the_old_names_in_frame_still_work(self):
        assert frame.load_lexicon is lexicon.load_lexicon
        assert frame.Lexicon is lexicon.Lexicon
        assert cu.lexicon.load_lexicon is load_lexicon


class TestLoadLexicon:
    def test_entries_are_tokenized_like_the_texts(self):
        lex = load_lexicon(TOY_LEXICON)
        entries = dict(zip(lex.entries["entry"], lex.entries["frame"]))
        assert entries["cooperation with ice"] == "agency"
        assert entries["states rights"] == "legal"  # possessive folded
        assert entries["287(g)"] == "legal"  # one token

    def test_a_lexicon_object_is_returned_unchanged(self):
        lex = load_lexicon(TOY_LEXICON)
        assert load_lexicon(lex) is lex

    def test_a_yaml_file_is_read(self, tmp_path):
        path = write(tmp_path, "frames:\n  cost:\n    definition: Money.\n    words: [costs, budget]\n", "mine.yml")
        lex = load_lexicon(path)
        assert lex.names == ["cost"]
        assert lex.labels == {"cost": "cost"}  # label defaults to the key
        assert sorted(lex.entries["entry"]) == ["budget", "costs"]

    def test_the_documented_top_level_keys_are_accepted(self, tmp_path):
        path = write(tmp_path, "version: 1\nname: mine\nreference: A book.\nscoped_words: [rights]\n"
                               "frames:\n  cost:\n    label: Cost\n    definition: Money.\n    words: [costs]\n"
                               "    phrases: [civil rights]\n", "mine.yml")
        lex = load_lexicon(path)
        assert lex.scoped_words == ("rights",)
        assert lex.entries["entry"].tolist() == ["civil rights", "costs"]


class TestLexiconSchema:
    @pytest.mark.parametrize(
        ("body", "reason", "fix"),
        [
            # wrong types
            ("frames:\n  crime:\n    definition: d\n    words: 3\n",
             "frames.crime.words must be a list of strings (got int 3)", "one item per line"),
            ("frames:\n  crime:\n    definition: d\n    words: [crime, 7]\n",
             "frames.crime.words[1] must be a string (got int 7)", "Put it in quotes"),
            ("frames:\n  crime: [crime]\n",
             "frames.crime must be a mapping with definition, words and phrases (got list)", "Indent"),
            ("frames: [crime]\n",
             "frames must be a mapping of frame names (got list)", "Indent"),
            ("frames:\n  crime:\n    label: 3\n    definition: d\n    words: [crime]\n",
             "frames.crime.label must be a line of text (got int 3)", "Write text after"),
            ("version: one\nframes:\n  a:\n    definition: d\n    words: [a]\n",
             "version must be 1 (got str 'one')", "Write version: 1"),
            # a string where a list belongs (it used to be read character by character)
            ("frames:\n  crime:\n    definition: d\n    words: crime\n",
             "frames.crime.words must be a list of strings (got str 'crime')", "a single string is not a list"),
            ("scoped_words: cooperation\nframes:\n  a:\n    definition: d\n    words: [a]\n",
             "scoped_words must be a list of strings (got str 'cooperation')", "a single string is not a list"),
            # unknown keys
            ("frames:\n  crime:\n    definition: d\n    wrods: [crime]\n",
             "frames.crime has unknown key 'wrods' (expected: label, definition, words, phrases)",
             "Did you mean 'words'"),
            ("frame:\n  crime:\n    definition: d\n    words: [crime]\n",
             "has unknown top-level key 'frame' (expected: version, name, reference, scoped_words, frames)",
             "Did you mean 'frames'"),
            # missing keys
            ("frames:\n  crime:\n    words: [crime]\n",
             "frames.crime is missing the key 'definition'", "Add a one-line definition"),
            ("version: 1\n", "has no 'frames' mapping", "Add a frames: mapping"),
            ("", "has no 'frames' mapping (got an empty file)", "Add a frames: mapping"),
            # empty lists and empty frames
            ("frames:\n  crime:\n    definition: d\n    words: []\n    phrases: [law and order]\n",
             "frames.crime.words is an empty list", "delete the key"),
            ("scoped_words: []\nframes:\n  a:\n    definition: d\n    words: [a]\n",
             "scoped_words is an empty list", "delete the key"),
            ("frames:\n  crime:\n    definition: d\n", "frames.crime has no words or phrases", "Add at least one"),
            ("frames: {}\n", "frames is an empty mapping", "Add at least one frame"),
            # entries that do not fit their list
            ("frames:\n  crime:\n    definition: d\n    words: [law and order]\n",
             "frames.crime.words[0] 'law and order' is 3 tokens; list it under phrases", ""),
            ("frames:\n  crime:\n    definition: d\n    phrases: [crime]\n",
             "frames.crime.phrases[0] 'crime' is one token; list it under words", ""),
            ("scoped_words: [cooperation]\nframes:\n  a:\n    definition: d\n    words: [Cooperation]\n",
             "frames.a.words[0] 'Cooperation' is a scoped word (it counts only inside phrases)", ""),
            ("frames:\n  a:\n    definition: d\n    words: [trust]\n  b:\n    definition: d\n    words: [TRUST]\n",
             "frames.b.words[0] 'TRUST' is also listed under frames.a; an entry may belong to one frame only", ""),
            ("frames:\n  crime:\n    definition: d\n    words: ['!!']\n",
             "frames.crime.words[0] '!!' has no word characters", ""),
        ],
    )
    def test_a_bad_shape_names_the_file_the_key_and_the_fix(self, tmp_path, body, reason, fix):
        message = error_of(write(tmp_path, body))
        assert reason in message
        assert fix in message.split(reason, 1)[1]

    def test_a_duplicated_frame_is_refused_not_silently_dropped(self, tmp_path):
        body = "frames:\n  crime:\n    definition: d\n    words: [crime]\n  crime:\n    definition: e\n    words: [arrest]\n"
        message = error_of(write(tmp_path, body))
        assert "has the key 'crime' twice in one mapping (lines 2 and 5)" in message

    def test_a_dict_is_validated_like_a_file(self):
        with pytest.raises(LexiconError, match=r"^<dict>: frames.cost.words is an empty list"):
            load_lexicon({"frames": {"cost": {"definition": "d", "words": [], "phrases": ["big bill"]}}})


class TestLexiconFile:
    def test_a_missing_file_is_named(self, tmp_path):
        missing = tmp_path / "nope.yml"
        with pytest.raises(LexiconError, match="nope.yml: frame-lexicon file not found") as info:
            load_lexicon(missing)
        assert str(info.value).endswith("Give the path of an existing YAML file, or leave the lexicon out (null) for "
                                        "the shipped one.")

    def test_invalid_yaml_is_reported_with_its_line(self, tmp_path):
        path = write(tmp_path, "frames:\n  crime: [unclosed\n", "broken.yml")
        with pytest.raises(LexiconError, match=r"broken.yml: not a valid YAML file \(.+ at line \d+\)"):
            load_lexicon(path)

    def test_not_utf8_is_reported(self, tmp_path):
        path = tmp_path / "latin.yml"
        path.write_bytes("frames:\n  a:\n    definition: caf\u00e9\n    words: [a]\n".encode("latin-1"))
        assert "is not UTF-8 text" in error_of(path)

    def test_an_alias_is_refused(self, tmp_path):
        body = "frames:\n  a:\n    definition: d\n    words: &w [crime]\n  b:\n    definition: d\n    words: *w\n"
        message = error_of(write(tmp_path, body))
        assert "uses the YAML alias '*w' at line 7; aliases are not allowed in this file" in message
        assert "Write the value out in full" in message

    def test_a_billion_laughs_is_refused_before_it_expands(self, tmp_path):
        # nine levels of nine aliases would expand to 9**9 strings if followed
        lines = ["a0: &a0 [crime, crime, crime, crime, crime, crime, crime, crime, crime]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
        body = "\n".join(lines) + "\nframes:\n  a:\n    definition: d\n    words: *a8\n"
        assert "uses the YAML alias '*a0' at line 2" in error_of(write(tmp_path, body))
