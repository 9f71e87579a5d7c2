"""Tests for corpus_utils.lexicon: reading and validating a frame lexicon.

Broken lexicons are real YAML files written into tmp_path; every expected message is the
schema documented at the top of the shipped frames.yml, written out by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

import corpus_utils as cu
from corpus_utils import frame, lexicon
from corpus_utils.errors import LexiconError, ParameterError
from corpus_utils.lexicon import draft_lexicon, load_lexicon

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


# ---------------------------------------------------------------------------------------------
# draft_lexicon: a theme table written as a lexicon file, read back by load_lexicon.

def theme_table(rows: list[tuple], n_docs: int = 7, **attrs) -> pd.DataFrame:
    """A hand-made table in the shape of themes.theme_table: rows of (theme, label, terms, phrases, mean_share, docs)."""
    table = pd.DataFrame(rows, columns=["theme", "label", "terms", "phrases", "mean_share", "docs"]).assign(n_docs=n_docs)
    table.attrs = attrs
    return table


def drafted(tmp_path, table, **kwargs):
    """Write the draft into a file, as the command does, and read it back: (text, Lexicon)."""
    text = draft_lexicon(table, **kwargs)
    path = tmp_path / "draft.yml"
    path.write_text(text, encoding="utf-8")
    return text, load_lexicon(path)


def entries_of(lex) -> dict[str, list[tuple[str, str]]]:
    """{frame: [(entry, kind), ...]} in the lexicon's own order (phrases first, then words, alphabetically)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for f, entry, kind in lex.entries[["frame", "entry", "kind"]].itertuples(index=False):
        out.setdefault(f, []).append((entry, kind))
    return out


# Two themes of a rent-control debate. "homes" ranks 3rd in theme 1 and 1st in theme 2: it stays in
# theme 2. "market" ranks 2nd in both (a tie): it stays in theme 1, the first. Theme 2 has no phrases.
TWO_THEMES = [
    ("theme 1", "rent, tenants, market", "rent, market, homes, tenants", "rent control, rent stabilization", 0.55, 4),
    ("theme 2", "homes, market, supply", "homes, market, supply", "", 0.45, 3),
]


class TestDraftLexicon:
    def test_two_themes_round_trip_through_load_lexicon(self, tmp_path):
        _, lex = drafted(tmp_path, theme_table(TWO_THEMES, n_themes=2, seed=0))
        assert lex.frames[["frame", "frame_label", "n_words", "n_phrases"]].values.tolist() == [
            ["theme_1", "Theme 1: rent, tenants, market", 3, 2],
            ["theme_2", "Theme 2: homes, market, supply", 2, 0],
        ]
        assert entries_of(lex) == {
            "theme_1": [("rent control", "phrase"), ("rent stabilization", "phrase"), ("market", "word"),
                        ("rent", "word"), ("tenants", "word")],
            "theme_2": [("homes", "word"), ("supply", "word")],
        }
        assert lex.frames["definition"].tolist() == [
            f"A draft from theme_{i}, a theme discovered in the corpus; rename this frame and say in one line what it "
            "is about." for i in (1, 2)]

    def test_the_file_reads_like_the_shipped_one(self):
        text = draft_lexicon(theme_table(TWO_THEMES, n_themes=2, seed=0))
        body = text.split("\nversion: 1\n", 1)[1]
        assert body == (
            "name: draft from the corpus themes\n"
            "\n"
            "frames:\n"
            "  # theme_1: on average 55.0 % of a document, carried by 4 of 7 documents\n"
            "  theme_1:\n"
            "    label: 'Theme 1: rent, tenants, market'\n"
            "    definition: A draft from theme_1, a theme discovered in the corpus; rename this frame and say in one line "
            "what it is about.\n"
            "    words: [rent, market, tenants]\n"
            "    phrases: [rent control, rent stabilization]\n"
            "  # theme_2: on average 45.0 % of a document, carried by 3 of 7 documents\n"
            "  theme_2:\n"
            "    label: 'Theme 2: homes, market, supply'\n"
            "    definition: A draft from theme_2, a theme discovered in the corpus; rename this frame and say in one line "
            "what it is about.\n"
            "    words: [homes, supply]\n")

    def test_the_header_says_it_is_a_draft_and_how_to_pass_it_back(self):
        text = draft_lexicon(theme_table(TWO_THEMES, n_themes=2, seed=7))
        header, rest = text.split("\n\nversion: 1\n", 1)
        lines = header.splitlines()
        assert all(line.startswith("#") for line in lines) and rest.startswith("name: ")
        assert lines[0] == ("# A DRAFT frame lexicon, written by `corpus-essay lexicon-draft` "
                            "(corpus_utils.lexicon.draft_lexicon)")
        assert lines[1].startswith("# from the themes discovered in the corpus (2 themes, seed 7): one frame per theme")
        assert "corpus-essay run PATH --lexicon FILE --out reports/NAME" in header  # run requires --out
        # the frames are the corpus's own distinctive words: the synthesis counts a frame made of listed words as an echo
        said = " ".join(line.lstrip("#").strip() for line in lines)
        assert ("these frames are made of the corpus's own most distinctive words: the synthesis (chapter 05) counts "
                "a frame whose hits are mostly words chapter 02's word lists already list as an *echo* of those "
                "lists, not as a second route. Renaming and editing the frames, and moving entries into the "
                "considerations they stand for, is what makes them frames.") in said
        assert "kept in the theme where it ranks highest (the first such theme on a tie);" in header

    def test_the_same_table_gives_the_same_bytes(self):
        first = draft_lexicon(theme_table(TWO_THEMES, n_themes=2, seed=0))
        again = draft_lexicon(theme_table([tuple(row) for row in TWO_THEMES], n_themes=2, seed=0))
        assert first.encode("utf-8") == again.encode("utf-8")

    def test_hostile_text_is_quoted_and_reads_back_as_written(self, tmp_path):
        label = "x: # y - ! & * 'single' \"double\" {a} [b] %c @d `e` |f >g"
        words = ": # - ! & *, 'quoted', \"dq\", no, yes, null, ~, 1984, 3.5, true, on, don't, -dash, it's, *star, &amp, !tag"
        table = theme_table([("theme 1", label, words, "': a b', #x y, - law # order", 0.5, 2)])
        text, lex = drafted(tmp_path, table, name="my: 'corpus' # 1\nsecond line")
        assert lex.frames["frame_label"].tolist() == [f"Theme 1: {label}"]
        assert yaml.safe_load(text)["name"] == "my: 'corpus' # 1 second line"
        # each entry tokenized like the texts: punctuation alone (and ~) is left out, possessives folded, "3.5" is
        # two tokens (a phrase); YAML's numbers and yes/no are quoted so that they stay strings
        assert entries_of(lex)["theme_1"] == [
            ("3 5", "phrase"), ("a b", "phrase"), ("law order", "phrase"), ("x y", "phrase"),
            ("1984", "word"), ("amp", "word"), ("dash", "word"), ("don't", "word"), ("dq", "word"), ("it", "word"),
            ("no", "word"), ("null", "word"), ("on", "word"), ("quoted", "word"), ("star", "word"), ("tag", "word"),
            ("true", "word"), ("yes", "word")]
        assert "    words: [quoted, dq, 'no', 'yes', 'null', '1984', 'true', 'on', don't, dash, it, star, amp, tag]\n" in text

    def test_a_word_of_two_tokens_becomes_a_phrase(self, tmp_path):
        # a hyphen keeps one token; a slash splits it in two
        _, lex = drafted(tmp_path, theme_table([("theme 1", "a", "at-large, rent/control", "", 1.0, 1)]))
        assert entries_of(lex)["theme_1"] == [("rent control", "phrase"), ("at-large", "word")]

    def test_line_breaks_and_control_characters_stay_on_one_line(self, tmp_path):
        label = "one\u2028two\nthree\x85four\x00five"
        text, lex = drafted(tmp_path, theme_table([("theme 1", label, "rent", "", 1.0, 1)]))
        assert lex.frames["frame_label"].tolist() == ["Theme 1: one two three four\x00five"]
        assert sum(line.lstrip().startswith("label:") for line in text.splitlines()) == 1

    def test_a_theme_with_no_entry_of_its_own_is_left_out_and_named(self, tmp_path):
        rows = [("theme 1", "rent", "rent, homes", "", 0.6, 3), ("theme 2", "homes", "homes, rent", "", 0.3, 2),
                ("theme 3", "tax", "tax", "", 0.1, 1)]
        _, lex = drafted(tmp_path, theme_table(rows))
        # rent ranks 1st in theme 1, homes 1st in theme 2: both keep one word
        assert entries_of(lex) == {"theme_1": [("rent", "word")], "theme_2": [("homes", "word")],
                                   "theme_3": [("tax", "word")]}
        rows[2] = ("theme 3", "rent", "rent, homes", "", 0.1, 1)  # ties: rent and homes stay in themes 1 and 2
        text, lex = drafted(tmp_path, theme_table(rows))
        assert lex.names == ["theme_1", "theme_2"]
        assert "; theme_3 had no entry of its own left and is not in this draft;" in text

    def test_nothing_to_draft_is_an_error(self):
        with pytest.raises(ParameterError, match="no theme keeps a word or phrase of its own"):
            draft_lexicon(theme_table([("theme 1", "", "", "", 1.0, 1), ("theme 2", "-", "# !", "", 0.0, 0)]))

    @pytest.mark.parametrize(("table", "message"), [
        (pd.DataFrame({"theme": ["theme 1"], "terms": ["a"]}),
         "the theme table lacks the column(s) label, phrases (it has: theme, terms)"),
        (theme_table([]), "the theme table has no themes"),
        (theme_table([("theme 1", "a", "a", "", 0.5, 1), ("Theme 1", "b", "b", "", 0.5, 1)]),
         "the theme table names the theme(s) theme_1 more than once"),
    ])
    def test_a_table_that_is_not_a_theme_table_is_refused(self, table, message):
        with pytest.raises(ParameterError) as info:
            draft_lexicon(table)
        assert str(info.value).startswith(message)

    def test_phrases_are_written_as_the_texts_write_them(self, tmp_path):
        # the counts join "rule of law" as "rule law" (stop words removed); the lexicon needs the words in order
        corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"],
                               "text": ["The rule of law matters. Rule of law!", "Public safety first."]})
        tokens = cu.index_tokens(corpus)
        table = theme_table([("theme 1", "rule, law", "rule, law", "rule law, public safety", 1.0, 2)])
        _, without = drafted(tmp_path, table)
        assert entries_of(without)["theme_1"][:2] == [("public safety", "phrase"), ("rule law", "phrase")]
        _, lex = drafted(tmp_path, table, tokens=tokens)
        assert entries_of(lex)["theme_1"] == [("rule of law", "phrase"), ("public safety", "phrase"),
                                              ("law", "word"), ("rule", "word")]
        matches = frame.match_frames(tokens, lex, context=0)
        assert matches["match"].tolist() == ["rule of law", "rule of law", "public safety"]
