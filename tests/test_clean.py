import os
import shutil
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corpus_utils as cu
from corpus_utils import clean
from corpus_utils.clean import clean_text, load_rules, normalize_text
from conftest import ROOT

# Sentences of argument from the seed texts, read off the files by hand: cleaning must keep every one.
BODY_SENTENCES = {
    "000-klaassen": [
        "Effective law enforcement almost always involves good partnerships.",
        "collaboration at all levels is essential to getting the job done.",
        "We are beginning to see instances of politicians putting ideology ahead of their oaths",
        "The agency is focused instead on identifying and removing criminal aliens",
        "These policies are tragic for the victims of crimes that could have been prevented.",
        "Here in Wyoming, we have no sanctuary jurisdictions.",
        "Simply put, sanctuary policies anywhere pose a risk to communities everywhere.",
        "for the sake of political convenience.",
    ],
    "001-malone": [
        "What the federal government wants, however, is not what's best for Wyoming.",
        "through either 287(g) agreements or ICE detainer requests.",
        "Community policing, after all, works best when law enforcement has the trust and cooperation of their constituents.",
        "decline to participate in unnecessary, voluntary immigration enforcement.",
        "A copy of the ACLU's letter to Wyoming's sheriff departments is here.",
    ],
    "002-ice-news": [
        "Sanctuary cities are soon to be the target of an operation",
        "Sanctuary jurisdictions simply don't cooperate with federal officials on immigration cases.",
        "A spokesman for ICE, Mike Alvarez, told the Post:",
        "The public should hold its leaders accountable",
    ],
    "003-arie": [
        "Sanctuary policies enacted by leftists have hampered law enforcement efforts for years",
        "That's where the Warrant Service Officer program comes in.",
        "As the news release put it:",
        "And according to The Hill, the ACLU has already spoken out against it.",
        "that sure looks like a win for American citizens as well.",
    ],
    "004-police": [
        "We encourage everyone to communicate with Bozeman police officers without fear of inquiry",
        "These persons must be encouraged to file reports and come forward with information.",
        "Distrust and fear of contacting or assisting the police would develop among legal immigrants as well.",
        "ill equipped in terms of training, experience and resources to delve into the complicated area of immigration enforcement.",
    ],
}
BOILERPLATE = [
    "KJP Panics", "Trump Takes Off the Gloves", "This item is available in full to subscribers",
    "Please log in to continue", "Tags:", ", , ,", "Leave a Comment", "Truth and Accuracy",
    "Submit a Correction", "Trending:", "Related:", "Benjamin Arie is an independent journalist",
    "Do you support making", "Breaking News Everyday Injustice Opinion", "Not created by AED",
    "Andrew Malone, Senior Staff Attorney",
]


class TestSeedCleaning:
    @pytest.mark.parametrize("doc_id, sentence", [(d, s) for d, ss in BODY_SENTENCES.items() for s in ss])
    def test_every_sampled_sentence_of_argument_survives(self, seed_corpus, doc_id, sentence):
        assert sentence in seed_corpus.set_index("doc_id").loc[doc_id, "text"]

    @pytest.mark.parametrize("fragment", BOILERPLATE)
    def test_boilerplate_is_gone(self, seed_corpus, fragment):
        assert not seed_corpus["text"].str.contains(fragment, regex=False).any()

    def test_teaser_and_repeated_title_leave_one_copy(self, seed_corpus):
        text = seed_corpus.set_index("doc_id").loc["000-klaassen", "text"]
        assert text.count("Effective law enforcement almost always involves good partnerships.") == 1
        assert text.count("Sanctuary policies pose a risk to us all") == 1
        assert "…" not in text

    def test_every_removal_is_reported_with_its_rule(self, seed_corpus):
        removed = cu.removed_lines(seed_corpus)
        assert list(removed.columns) == ["doc_id", "line", "rule", "text"]
        row = removed[removed["text"].str.startswith("KJP Panics")].iloc[0]
        assert (row["doc_id"], row["line"], row["rule"]) == ("003-arie", 19, "widget_label")
        assert removed.groupby("doc_id").size().to_dict() == seed_corpus.set_index("doc_id")["n_removed_lines"].loc[
            lambda s: s > 0].to_dict()


def _clean(text: str) -> str:
    return clean_text(textwrap.dedent(text).strip("\n"))[0]


class TestRules:
    def test_short_lines_without_sentence_punctuation(self):
        assert _clean("Share\n\nPolice need the trust of residents.\n\nLog in") == "Police need the trust of residents."

    def test_short_sentence_with_punctuation_is_kept(self):
        assert _clean("Trust matters.\n\nIt does.") == "Trust matters.\n\nIt does."

    def test_label_block_removes_the_headline_after_it(self):
        text = "Officers cooperate with ICE.\nTrending:\nCelebrity Does Something Unrelated And Shocking Today\nMore argument here."
        assert _clean(text) == "Officers cooperate with ICE.\nMore argument here."

    def test_teaser_removed_only_when_the_full_text_follows(self):
        teaser = "Local police should not enforce federal immigration law because …"
        full = "Local police should not enforce federal immigration law because it erodes trust."
        assert _clean(f"{teaser}\n\n{full}") == full
        assert _clean(f"{full}\n\nThey said the law is clear ...") == f"{full}\n\nThey said the law is clear ..."

    def test_repeated_line_keeps_the_first(self):
        title = "Sanctuary policies pose a risk to us all"
        assert _clean(f"{title}\n\nA sentence.\n\n{title}") == f"{title}\n\nA sentence."

    def test_author_footer_only_at_the_end(self):
        bio = "Jane Doe is an independent journalist who covers courts."
        body = "Jane Doe is an independent journalist, the sheriff said, and she asked good questions."
        cleaned = _clean(f"{body}\n\nThe county declined.\n\n{bio}")
        assert cleaned == f"{body}\n\nThe county declined."

    @pytest.mark.parametrize("text", ["Great fun", "Jane Doe is the best thing in this film.",
                                      "Great fun\n\nJane Doe is the star."])
    def test_shape_rules_leave_one_and_two_line_documents_alone(self, text):
        assert _clean(text) == text

    def test_editor_note_between_asterisks(self):
        assert _clean("*Shared for a conference.\nNot ours.*\n\nThe argument.") == "The argument."

    def test_hyphenation_rejoined_only_when_the_word_exists_elsewhere(self):
        cleaned, removed = clean_text("The District of Wyo-ming is large. Wyoming has no sanctuary cities. An at-large arrest.")
        assert cleaned == "The District of Wyoming is large. Wyoming has no sanctuary cities. An at-large arrest."
        assert removed.to_dict("records") == [{"line": 1, "rule": "hyphenation", "text": "Wyo-ming"}]

    def test_never_splits_a_line(self):
        text = "This item is available in full to subscribers, the editor wrote in a long sentence about access."
        assert _clean(text) == text


class TestProperties:
    lines = st.lists(
        st.one_of(
            st.sampled_from(["Share", "Tags:", ", , ,", "Trending:", "Log in", "", "Guest column",
                             "Police need trust.", "Jane Doe is a writer.", "*note*", "Teaser text here that goes on …"]),
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60),
        ),
        max_size=12,
    )

    @given(lines)
    def test_idempotent_and_never_adds_text(self, lines):
        text = normalize_text("\n".join(lines))
        once = clean_text(text)[0]
        assert clean_text(once)[0] == once
        assert len(once) <= len(text)

    @given(st.lists(st.sampled_from(["Police need the trust of immigrant communities.",
                                     "Sanctuary policies release criminal aliens, he said.",
                                     "The sheriff declined every detainer request without a warrant."]), min_size=1, max_size=6,
                    unique=True))
    def test_keeps_every_sentence_no_rule_is_about(self, sentences):
        text = "\n\n".join(sentences)
        assert clean_text(text)[0] == text


class TestNormalize:
    def test_quotes_dashes_spaces_and_line_ends(self):
        assert normalize_text("\u201cIt\u2019s\u201d \u2013 a\u00a0test\u200b\r\nnext\rlast") == "\"It's\" \u2014 a test\nnext\nlast"

    def test_nfc(self):
        assert normalize_text("Nu\u0301n\u0303ez") == "N\u00fa\u00f1ez"


class TestRulesFile:
    def test_shipped_rules_load(self):
        rules = load_rules()
        assert rules.source == "cleaning_rules.yml"
        assert [r["name"] for r in rules.rules][:2] == ["paywall", "correction_notice"]

    def test_shipped_rules_have_a_documented_header(self):
        header = clean.default_rules_path().read_text(encoding="utf-8").split("\nversion:")[0]
        for key in ("name", "kind", "description", "min_lines", "patterns", "labels", "open", "close",
                    "max_words", "last_lines", "none"):
            assert f"`{key}`" in header or f"'{key}'" in header, key

    def test_custom_rules_are_reread_when_the_file_changes(self, tmp_path):
        path = tmp_path / "mine.yml"
        path.write_text("rules:\n  - name: a\n    kind: teaser\n")
        assert [r["name"] for r in load_rules(path).rules] == ["a"]
        path.write_text("rules:\n  - name: bb\n    kind: teaser\n  - name: c\n    kind: teaser\n")
        assert [r["name"] for r in load_rules(path).rules] == ["bb", "c"]

    def test_custom_rules_change_what_is_removed(self, tmp_path, make_corpus):
        path = tmp_path / "only_paywall.yml"
        path.write_text("rules:\n  - name: paywall\n    kind: line_pattern\n    patterns: ['please log in.*']\n")
        folder = make_corpus({"a.txt": ("x", "Share\n\nPlease log in now\n\nText stays.")})
        corpus = cu.load_corpus(folder, rules=path)
        assert corpus.loc[0, "text"] == "Share\n\nText stays."


def write_rules(tmp_path, body: str, name: str = "my_rules.yml"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def rules_error(path) -> str:
    with pytest.raises(cu.RulesError) as info:
        load_rules(path)
    message = str(info.value)
    assert "\n" not in message  # one line, for the command line
    assert message.startswith(f"{path}: ")
    return message


def rule(kind: str, extra: str = "", name: str = "x") -> str:
    return f"rules:\n  - name: {name}\n    kind: {kind}\n" + "".join(f"    {line}\n" for line in extra.splitlines())


class TestRulesSchema:
    @pytest.mark.parametrize(
        ("body", "reason", "fix"),
        [
            # wrong types
            (rule("short_line", "max_words: four"),
             "rule 'x' (short_line): max_words must be a whole number of 1 or more (got str 'four')",
             "Write a number without quotes"),
            (rule("short_line", "max_words: 0"),
             "rule 'x' (short_line): max_words must be a whole number of 1 or more (got int 0)", "e.g. max_words: 4"),
            (rule("short_line", "max_words: 2.5"),
             "rule 'x' (short_line): max_words must be a whole number of 1 or more (got float 2.5)", ""),
            (rule("short_line", "max_words: true"),
             "rule 'x' (short_line): max_words must be a whole number of 1 or more (got bool True)", ""),
            (rule("line_pattern", "patterns: ['a.*']\nmin_lines: -1"),
             "rule 'x' (line_pattern): min_lines must be a whole number of 1 or more (got int -1)", ""),
            (rule("enclosed", "open: 1\nclose: '*'"),
             "rule 'x' (enclosed): open must be a line of text (got int 1)", "Write text after the colon"),
            (rule("line_pattern", "patterns: ['ok', 3]"),
             "rule 'x' (line_pattern): patterns[1] must be a string (got int 3)", "Put it in quotes"),
            (rule("line_pattern", "patterns: {a: b}"),
             "rule 'x' (line_pattern): patterns must be a list of strings (got dict)", "one item per line"),
            ("rules: 3", "rules must be a list of rules (got int 3)", "one rule per item"),
            ("rules: [share]", "rule 1 must be a mapping with name and kind (got str 'share')", "Indent"),
            ("version: 2\n" + rule("teaser"), "version must be 1 (got int 2)", "Write version: 1"),
            # a string where a list belongs (it used to be read character by character)
            (rule("line_pattern", "patterns: 'please log in.*'"),
             "rule 'x' (line_pattern): patterns must be a list of strings (got str 'please log in.*')",
             "a single string is not a list"),
            (rule("label_block", "labels: Trending"),
             "rule 'x' (label_block): labels must be a list of strings (got str 'Trending')",
             "a single string is not a list"),
            # unknown keys
            (rule("line_pattern", "pattern: ['a.*']"),
             "rule 'x' (line_pattern) has unknown key 'pattern' (expected: name, kind, description, min_lines, patterns)",
             "Did you mean 'patterns'"),
            ("rule:\n  - name: x\n    kind: teaser\n",
             "has unknown top-level key 'rule' (expected: version, rules)", "Did you mean 'rules'"),
            (rule("magic"),
             "rule 'x' has unknown kind 'magic' (expected one of: line_pattern, label_block, enclosed, teaser, "
             "repeated, short_line, footer_pattern, rejoin_hyphenated)", "Use one of these kinds"),
            # missing keys
            (rule("short_line"), "rule 'x' (short_line) is missing the key 'max_words'", "Add max_words:"),
            (rule("footer_pattern", "last_lines: 3\npatterns: ['[A-Z].*']"),
             "rule 'x' (footer_pattern) is missing the key 'max_words'", "Add max_words:"),
            ("rules:\n  - kind: teaser\n", "rule 1 is missing the key 'name'", "Add name:"),
            ("rules:\n  - name: x\n", "rule 'x' is missing the key 'kind'", "Add kind:"),
            ("version: 1\n", "has no 'rules' list", "Add a rules: list"),
            ("", "has no 'rules' list (got an empty file)", "Add a rules: list"),
            # empty lists
            (rule("label_block", "labels: []"), "rule 'x' (label_block): labels is an empty list", "List at least one"),
            ("rules: []", "rules is an empty list", "rules='none'"),
            # names and patterns
            (rule("teaser") + "  - name: x\n    kind: teaser\n", "rule 2 has the same name as rule 1 ('x')",
             "Give each rule its own name"),
            (rule("line_pattern", "patterns: ['(']"),
             "rule 'x' (line_pattern): patterns[0] '(' is not a valid regular expression", "Correct the pattern"),
            (rule("line_pattern", "patterns: ['a)|(b']"),
             "rule 'x' (line_pattern): patterns[0] 'a)|(b' is not a valid regular expression", ""),
        ],
    )
    def test_a_bad_shape_names_the_file_the_rule_the_key_and_the_fix(self, tmp_path, body, reason, fix):
        message = rules_error(write_rules(tmp_path, body))
        assert reason in message
        assert fix in message.split(reason, 1)[1]

    def test_invalid_yaml_is_reported_with_its_line(self, tmp_path):
        message = rules_error(write_rules(tmp_path, "rules:\n  - name: x\n    kind: [teaser\n"))
        assert "not a valid YAML file (" in message and "at line 4)" in message

    def test_a_missing_file(self, tmp_path):
        message = rules_error(tmp_path / "nope.yml")
        assert "cleaning-rules file not found" in message and "'none'" in message

    def test_a_repeated_key_is_refused_not_silently_dropped(self, tmp_path):
        message = rules_error(write_rules(tmp_path, rule("short_line", "max_words: 4\nmax_words: 40")))
        assert "has the key 'max_words' twice in one mapping (lines 4 and 5)" in message


class TestYamlAliases:
    def test_an_alias_is_refused(self, tmp_path):
        body = rule("line_pattern", "patterns: &p ['a.*']") + "  - name: y\n    kind: line_pattern\n    patterns: *p\n"
        message = rules_error(write_rules(tmp_path, body))
        assert "uses the YAML alias '*p' at line 7; aliases are not allowed in this file" in message

    def test_a_billion_laughs_is_refused_before_it_expands(self, tmp_path):
        # nine levels of nine aliases would expand to 9**9 patterns if followed
        lines = ["a0: &a0 ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x']"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
        body = "\n".join(lines) + "\n" + rule("line_pattern", "patterns: *a8")
        assert "uses the YAML alias '*a0' at line 2" in rules_error(write_rules(tmp_path, body))

    def test_an_anchor_without_an_alias_is_harmless(self, tmp_path):
        path = write_rules(tmp_path, rule("line_pattern", "patterns: &p ['a.*']"))
        assert load_rules(path).rules[0]["patterns"] == ["a.*"]


def _corpus_of(text: str, doc_id: str = "doc-7"):
    return pd.DataFrame({"doc_id": [doc_id], "raw_text": [text]})


class TestSlowPatterns:
    # A repeat inside a repeat backtracks exponentially on a long run of a's that does not match.
    @pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a|aa)+$"])
    @pytest.mark.parametrize("kind", ["line_pattern", "footer_pattern"])
    def test_a_pattern_that_takes_too_long_names_the_rule_pattern_document_and_line(
        self, tmp_path, monkeypatch, pattern, kind
    ):
        monkeypatch.setattr(clean, "PATTERN_TIMEOUT", 0.2)
        extra = f"patterns: ['{pattern}']" + ("\nlast_lines: 3\nmax_words: 60" if kind == "footer_pattern" else "")
        path = write_rules(tmp_path, rule(kind, extra, name="greedy"), "slow.yml")
        text = "A first line of text.\n" + "a" * 30_000 + "b"
        with pytest.raises(cu.RulesError) as info:
            cu.removed_lines(_corpus_of(text), path)
        assert str(info.value) == (
            f"slow.yml: rule 'greedy' pattern '{pattern}' takes too long on document doc-7, line 2 (over 0.2 s). "
            "Simplify the pattern: avoid a repeat inside a repeat, such as (a+)+."
        )

    def test_clean_text_names_the_line(self, tmp_path, monkeypatch):
        monkeypatch.setattr(clean, "PATTERN_TIMEOUT", 0.2)
        rules = load_rules(write_rules(tmp_path, rule("line_pattern", "patterns: ['(a|aa)+$']", name="greedy")))
        with pytest.raises(cu.RulesError, match=r"takes too long on line 3 \(over 0.2 s\)"):
            clean_text("Text.\n\n" + "a" * 30_000 + "b", rules)

    def test_the_shipped_patterns_are_quick_on_a_long_line(self):
        # one long paragraph of ordinary words, the shape of a real document's line
        line = " ".join(["Sanctuary policies, the sheriff said, put residents at risk"] * 2000)
        cleaned, removed = clean_text(f"{line}\n\n{line} again.\n\nA third paragraph ends here.")
        assert removed.empty and cleaned.startswith(line)


def teaser_spec(lines: list[str]) -> list[int]:
    """The teaser rule in words: a line ending in an ellipsis whose text (at least 20 characters)
    starts a later non-blank line. Deliberately the obvious quadratic loop."""
    norm = [" ".join(line.split()) for line in lines]
    out = []
    for i, text in enumerate(norm):
        for tail in ("...", "…"):
            if text.endswith(tail):
                stem = text[: -len(tail)].rstrip()
                if len(stem) >= 20 and any(t.startswith(stem) for t in norm[i + 1:] if t):
                    out.append(i + 1)
                break
    return out


@pytest.fixture(scope="module")
def teaser_only(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "teaser.yml"
    path.write_text(rule("teaser", name="teaser"), encoding="utf-8")
    return load_rules(path)


class TestTeaser:
    pieces = ["The council should fund", " the library", " the clinic", " now", " and", ",", " ", "…", "..."]

    @given(st.lists(st.lists(st.sampled_from(pieces), min_size=1, max_size=5).map("".join), max_size=12))
    def test_removes_exactly_the_lines_the_rule_describes(self, teaser_only, lines):
        _, removed = clean_text("\n".join(lines), teaser_only)
        assert removed["line"].tolist() == teaser_spec(lines)

    def test_thousands_of_teasers(self, teaser_only):
        # every third line is a teaser of a line 50 lines later (never itself a teaser, as 50 is not a
        # multiple of 3); the other teasers have no full text
        lines = [f"Paragraph {i:05d} of a document that trails off ..." for i in range(6000)]
        for i in range(0, 5950, 3):
            lines[i + 50] = f"Paragraph {i:05d} of a document that trails off as it goes."
        _, removed = clean_text("\n".join(lines), teaser_only)
        assert removed["line"].tolist() == [i + 1 for i in range(0, 5950, 3)]  # 1-based line numbers

    def test_each_line_is_normalized_once_not_once_per_teaser(self, teaser_only, monkeypatch):
        calls = []
        original = clean._norm
        monkeypatch.setattr(clean, "_norm", lambda line: calls.append(1) or original(line))
        lines = [f"Sentence number {i:04d} that trails off ..." for i in range(400)]
        clean_text("\n".join(lines), teaser_only)
        assert len(calls) <= 2 * len(lines)  # the old loop normalized every later line again: ~80,000 calls


CLEAN_PROSE = Path(__file__).parent / "fixtures" / "clean_prose"

# What the shipped rules removed from the seed corpus before cleaning learned to spare arguments,
# read off the files by hand: all of it is page furniture, so all of it must still go.
SEED_REMOVALS = {
    "000-klaassen": [(1, "short_line"), (5, "short_line"), (6, "short_line"), (8, "teaser"), (10, "paywall"),
                     (12, "paywall"), (14, "short_line"), (15, "repeated_line"), (17, "repeated_line"),
                     (44, "author_footer"), (46, "repeated_line")],
    "001-malone": [(23, "author_footer"), (25, "short_line"), (27, "widget_label"), (29, "widget_label"),
                   (31, "widget_label"), (33, "comment_prompt")],
    "003-arie": [(1, "short_line"), (2, "short_line"), (6, "repeated_line"), (18, "widget_label"),
                 (19, "widget_label"), (29, "comment_prompt"), (41, "widget_label"), (42, "widget_label"),
                 (56, "short_line"), (58, "correction_notice"), (62, "correction_notice"), (64, "widget_label"),
                 (65, "widget_label"), (66, "repeated_line"), (67, "author_footer"), (72, "short_line")],
    "004-police": [(3, "editor_note"), (4, "editor_note")],
}


class TestArgumentsAreKept:
    def test_the_shipped_rules_remove_nothing_from_clean_prose(self):
        corpus = cu.load_corpus(CLEAN_PROSE)
        assert len(corpus) >= 3
        removed = cu.removed_lines(corpus)
        assert removed.empty, removed.to_string()
        for raw, text in zip(corpus["raw_text"], corpus["text"]):
            assert text == normalize_text(raw).strip()

    def test_the_seed_still_loses_its_page_furniture(self, seed_corpus):
        removed = cu.removed_lines(seed_corpus)
        found = {doc: list(zip(g["line"], g["rule"])) for doc, g in removed.groupby("doc_id")}
        assert found == SEED_REMOVALS

    def test_a_repeated_sentence_is_a_refrain(self):
        refrain = "We will not trade our neighbors' trust for a press release."
        text = f"The council met.\n\n{refrain}\n\nThe vote is Tuesday.\n\n{refrain}"
        assert _clean(text) == text

    @pytest.mark.parametrize("refrain", ["Not in our name!", "And still we rise to meet it;",
                                         "The mayor said: \"no more.\""])
    def test_a_short_repeated_sentence_is_a_refrain_too(self, refrain):
        text = f"{refrain}\n\nThe vote is Tuesday and the hall is open to all.\n\n{refrain}"
        assert _clean(text) == text

    def test_a_heading_printed_twice_is_furniture(self):
        title = "Why the Library Budget Matters to Every Family"
        body = "The library lends more than books."
        assert _clean(f"{title}\n\n{body}\n\n{title}") == f"{title}\n\n{body}"

    def test_a_closing_paragraph_shaped_like_a_bio_is_kept(self):
        closing = (
            "(Jane Doe is the mayor of Riverton and has served since 2010, when the city first opened its "
            "shelters to families evicted in the flood. In those years she has asked the council for money "
            "eleven times and been refused ten. The eleventh vote is next month, and it is ours to win. "
            "Come to the hall on Tuesday and say so.)"
        )
        text = f"The shelters are full.\n\nThe council has the money.\n\n{closing}"
        assert _clean(text) == text

    def test_a_short_bio_at_the_end_is_furniture(self):
        bio = "(Jane Doe is the mayor of Riverton. She is based in the county seat.)"
        body = "The shelters are full.\n\nThe council has the money."
        assert _clean(f"{body}\n\n{bio}") == body

    def test_the_closing_line_of_a_speech_is_kept_though_it_starts_like_a_bio(self):
        # the line the audit found removed from a convention speech by the author_footer rule
        closing = "President Barack Obama is a doer. And we in America will do big things with him."
        text = (f"We retooled the plants.\n\nTonight the lights are on again.\n\n{closing}\n\n"
                "Thank you, God bless you, and God bless the United States of America.")
        assert _clean(text) == text

    def test_a_masthead_footer_in_capitals_still_goes(self):
        masthead = "Jane Doe is the Editor of Our Town News. Follow Her On Twitter @janedoe."
        body = "The shelters are full.\n\nThe council has the money."
        assert _clean(f"{body}\n\n{masthead}") == body

    def test_a_bio_that_turns_to_the_reader_is_kept(self):
        # the price of the rule, stated: in doubt, cleaning keeps the line
        bio = "Jane Doe is a reporter for the Courier. You can reach her at the news desk."
        text = f"The shelters are full.\n\nThe council has the money.\n\n{bio}"
        assert _clean(text) == text

    def test_a_repeated_line_of_a_transcript_is_kept(self):
        # no punctuation at its end, but a sentence in the second person: the moderator's line, said twice
        thanks = "Thank you. We will hear from the mayor next"
        text = f"{thanks}\n\nThe mayor spoke about the budget for ten minutes.\n\n{thanks}"
        assert _clean(text) == text

    def test_a_short_spoken_line_is_kept(self):
        text = "The hearing is closed.\n\nThe vote is on Tuesday.\n\nThank you. Bless you"
        assert _clean(text) == text

    @pytest.mark.parametrize("line, spoken", [
        ("President Barack Obama is a doer. And we in America will do big things with him.", True),
        ("Thank you. God bless you", True),  # sentence punctuation inside the line is enough
        ("I said no!", True),
        ('She told us: "Come back tomorrow."', True),  # the end may be followed by quotes
        ("Jane Doe is the mayor of Riverton. She is based in the county seat.", False),  # third person
        ("Sanctuary policies pose a risk to us all", False),  # no sentence punctuation
        ("Our plan for 3.5 percent growth", False),  # a full stop inside a number ends no sentence
        ("Jane Doe Edits Our Town News. Follow Her On Twitter!", False),  # 1 word of 10 in lower case
        ("Jane Doe is the US Ambassador. She lives in Rome.", False),  # US in capitals is the country
        ("Thank you.", True),  # one word of two in lower case: half is enough
        ("Jane Doe reviews films, i.e. movies.", False),  # a lower-case i is not the pronoun
    ])
    def test_what_counts_as_spoken_prose(self, line, spoken):
        assert clean.spoken_prose(line) is spoken

    def test_a_signed_letter_keeps_its_salutation_closing_and_signature(self):
        text = ("Dear neighbors,\n\nThe rent board meets on Monday. Please come.\n\nIt is our building too.\n\n"
                "Sincerely,\nJane Doe, Chair of the Tenants' Union")
        assert _clean(text) == text

    def test_a_short_signature_after_a_closing_is_kept(self):
        text = "The rent board meets on Monday.\n\nPlease come and speak.\n\nYours,\nJane Doe"
        assert _clean(text) == text

    @given(st.lists(st.sampled_from(["Police need the trust of immigrant communities.",
                                     "Sanctuary policies release criminal aliens, he said.",
                                     "We will not be moved."]), min_size=1, max_size=8))
    def test_keeps_every_sentence_even_when_it_repeats(self, sentences):
        text = "\n\n".join(sentences)
        assert clean_text(text)[0] == text


class TestNoCleaning:
    @pytest.mark.parametrize("name", ["none", "None", "NONE"])
    def test_none_means_no_rules(self, name):
        rules = load_rules(name)
        assert rules.rules == () and rules.source == "none" and rules.rejoin is None

    def test_a_corpus_loaded_with_none_keeps_every_line(self, make_corpus):
        raw = "Share\n\nPlease log in to continue\n\nText stays.\n\nShare\n\nTags:\n, , ,"
        corpus = cu.load_corpus(make_corpus({"a.txt": ("x", raw), "b.txt": ("y", "Other text.")}), rules="none")
        assert corpus.loc[0, "text"] == raw
        assert corpus["n_removed_lines"].tolist() == [0, 0]
        removed = cu.removed_lines(corpus, rules="none")
        assert removed.empty and list(removed.columns) == ["doc_id", "line", "rule", "text"]

    def test_the_readme_documents_it(self):
        readme = (CLEAN_PROSE.parents[2] / "README.md").read_text(encoding="utf-8")
        row = next(line for line in readme.splitlines() if line.startswith("| `--rules"))
        assert "`--rules none`" in row


class TestLinearRules:
    def test_a_mended_word_is_reported_on_the_kept_line_it_was_mended_in(self):
        # line 1 holds "Wyo-ming" too, but short_line removes it; the mend happens on line 3
        text = "Share Wyo-ming\n\nThe District of Wyo-ming is large.\n\nWyoming has no sanctuary cities."
        cleaned, removed = clean_text(text)
        assert cleaned == "The District of Wyoming is large.\n\nWyoming has no sanctuary cities."
        assert removed.to_dict("records") == [{"line": 1, "rule": "short_line", "text": "Share Wyo-ming"},
                                              {"line": 3, "rule": "hyphenation", "text": "Wyo-ming"}]

    def test_mends_are_listed_in_line_order_among_the_removals(self):
        text = "An at-large arrest in Wyo-ming.\n\nWyoming and atlarge.\n\nShare\n\nMore text follows here."
        _, removed = clean_text(text)
        assert list(zip(removed["line"], removed["rule"])) == [(1, "hyphenation"), (1, "hyphenation"),
                                                                (5, "short_line")]
        assert removed["text"].tolist()[:2] == ["at-large", "Wyo-ming"]

    def test_many_notes_between_asterisks(self):
        notes = ["*One note.*", "Kept line one.", "*A note\nover two lines.*", "Kept line two.", "*x*", "Kept."]
        cleaned, removed = clean_text("\n".join(notes * 300))
        assert cleaned == "\n".join(["Kept line one.", "Kept line two.", "Kept."] * 300)
        assert removed["rule"].eq("editor_note").all() and len(removed) == 4 * 300


def test_a_named_pipe_as_rules_file_is_named_as_such(tmp_path):
    pipe = tmp_path / "rules.yml"
    os.mkfifo(pipe)
    with pytest.raises(cu.RulesError, match="is a named pipe, not a regular file"):
        cu.load_rules(pipe)


class TestTimeBudget:
    # Each line costs the pattern a few hundredths of a second, far below the per-line limit;
    # 40 documents of 25 such lines would take it tens of seconds, far above a budget of 0.2 s.
    SLOW_LINE = "a" * 25 + "!"

    def _corpus(self, n_docs=40, n_lines=25):
        text = "\n".join([self.SLOW_LINE] * n_lines)
        return pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(n_docs)], "raw_text": [text] * n_docs})

    def test_a_rule_that_spends_the_budget_over_the_corpus_is_an_error_naming_it(self, tmp_path):
        path = shutil.copy(ROOT / "tests" / "fixtures" / "hostile" / "slow_rule" / "rules.yml", tmp_path / "rules.yml")
        with pytest.raises(cu.RulesError) as info:
            cu.removed_lines(self._corpus(), path, time_budget=0.2)
        message = str(info.value)
        assert message.startswith(
            "rules.yml: the patterns took more than 0.2 s in all, the time budget for a rules file over a corpus, "
            "and rule 'runaway' pattern '(a|aa)+' was running when it ran out (on document d"
        )
        assert message.endswith(
            "). Simplify the pattern: avoid a repeat inside a repeat, such as (a+)+; or, for a very large "
            "corpus, raise the budget (clean.RULES_TIME_BUDGET)."
        )

    def test_the_default_budget_is_stated(self):
        assert clean.RULES_TIME_BUDGET == 120.0

    def test_a_budget_must_be_a_positive_number(self):
        with pytest.raises(cu.ParameterError, match=r"time_budget must be a positive number of seconds \(got 0\)"):
            cu.removed_lines(self._corpus(1, 1), None, time_budget=0)

    def test_the_budget_does_not_change_what_is_removed(self, seed_corpus):
        assert cu.removed_lines(seed_corpus, time_budget=30).equals(cu.removed_lines(seed_corpus))


class TestRemovedLinesCleansOnlyWhatCleaningChanged:
    """removed_lines re-cleans only the documents whose text differs from their normalized raw text."""

    TEXTS = {
        "kept": "A plain sentence about the county jail.\n\n\n\nAnd a second paragraph, kept whole.",
        "mended": "The sheriff of Wyo-ming spoke. Wyoming listened to the sheriff.",
        "furniture": "Advertisement\nThe council voted to end the agreement.\nShare this article",
    }

    def corpus(self, folder):
        path = folder / "corpus.csv"
        pd.DataFrame({"doc_id": list(self.TEXTS), "group": ["a", "a", "b"], "text": list(self.TEXTS.values())}).to_csv(
            path, index=False)
        return cu.load_corpus(path, label_column="group")

    def test_the_rows_are_those_of_cleaning_every_document(self, tmp_path):
        corpus = self.corpus(tmp_path)
        whole = cu.removed_lines(corpus.drop(columns="text"))  # no text column: every document is cleaned
        assert whole.values.tolist() == [["mended", 1, "hyphenation", "Wyo-ming"], ["furniture", 1, "short_line", "Advertisement"],
                                         ["furniture", 3, "short_line", "Share this article"]]
        assert cu.removed_lines(corpus).equals(whole)

    def test_a_document_cleaning_left_unchanged_is_not_cleaned_again(self, monkeypatch, tmp_path):
        corpus = self.corpus(tmp_path)
        cleaned = []
        original = clean.clean_lines
        monkeypatch.setattr(clean, "clean_lines", lambda text, rules, doc=None, budget=None: (
            cleaned.append(doc), original(text, rules, doc, budget))[1])
        cu.removed_lines(corpus)
        unchanged = {d for d, raw, text in zip(corpus["doc_id"], corpus["raw_text"], corpus["text"])
                     if text == clean._BLANK_RUNS.sub("\n\n", normalize_text(raw)).strip()}
        assert unchanged == {"kept"}
        assert cleaned == ["mended", "furniture"]


class TestARulesPatternsAreTriedAtOnce:
    """A rule's patterns are first tried as one alternation: the same lines removed, the same errors."""

    def test_the_alternation_matches_a_line_exactly_when_one_pattern_does(self):
        patterns = [clean._compile(p, "line_pattern", "p", "r.yml")
                    for p in [r"subscribe now\.?", r"\d* ?comments?", r"(leave|post) a comment"]]
        combined = clean._combine(patterns)
        for line in ["Subscribe now.", "12 comments", "comment", "Post a comment", "Leave a comment here",
                     "We subscribe now to nothing", "", "comments 12"]:
            assert (combined.fullmatch(line) is not None) == any(p.fullmatch(line) for p in patterns), line

    @pytest.mark.parametrize("pattern", [r"(a)\1", r"(?P<x>a)(?P=x)", r"(?i)abc", r"x\g<0>"])
    def test_a_pattern_whose_meaning_depends_on_its_place_is_not_combined(self, pattern):
        patterns = [clean._compile(p, "line_pattern", "p", "r.yml") for p in ["plain", pattern]]
        assert clean._combine(patterns) is None

    def test_the_shipped_rules_remove_what_they_removed_one_pattern_at_a_time(self, seed_corpus, monkeypatch):
        together = cu.removed_lines(seed_corpus.drop(columns="text"))
        monkeypatch.setattr(clean, "_combine", lambda patterns: None)
        assert cu.removed_lines(seed_corpus.drop(columns="text")).equals(together)

    def test_a_slow_pattern_beside_others_is_still_named(self, tmp_path, monkeypatch):
        monkeypatch.setattr(clean, "PATTERN_TIMEOUT", 0.2)
        path = write_rules(tmp_path, rule("line_pattern", "patterns: ['plain words', '(a|aa)+$']", name="greedy"),
                           "slow.yml")
        assert clean.load_rules(path).rules[0]["combined"] is not None
        with pytest.raises(cu.RulesError) as info:
            cu.removed_lines(_corpus_of("A first line of text.\n" + "a" * 30_000 + "b"), path)
        assert str(info.value) == (
            "slow.yml: rule 'greedy' pattern '(a|aa)+$' takes too long on document doc-7, line 2 (over 0.2 s). "
            "Simplify the pattern: avoid a repeat inside a repeat, such as (a+)+."
        )
