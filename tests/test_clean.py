import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

import corpus_utils as cu
from corpus_utils.clean import clean_text, load_rules, normalize_text

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

    @pytest.mark.parametrize(
        "body, message",
        [
            ("rules: 3", "expected a mapping with a 'rules' list"),
            ("rules:\n  - name: x\n    kind: magic", "rule 'x' has unknown kind 'magic'"),
            ("rules:\n  - name: x\n    kind: short_line", r"rule 'x' \(short_line\) is missing key\(s\): max_words"),
            ("rules:\n  - name: x\n    kind: line_pattern\n    patterns: ['(']", "rule 'x' has an invalid pattern"),
            ("rules: [a, b", "not a valid YAML file"),
        ],
    )
    def test_bad_rules_name_the_file_and_the_rule(self, tmp_path, body, message):
        path = tmp_path / "my_rules.yml"
        path.write_text(body)
        with pytest.raises(cu.RulesError, match=f"my_rules.yml: {message}"):
            load_rules(path)

    def test_custom_rules_change_what_is_removed(self, tmp_path, make_corpus):
        path = tmp_path / "only_paywall.yml"
        path.write_text("rules:\n  - name: paywall\n    kind: line_pattern\n    patterns: ['please log in.*']\n")
        folder = make_corpus({"a.txt": ("x", "Share\n\nPlease log in now\n\nText stays.")})
        corpus = cu.load_corpus(folder, rules=path)
        assert corpus.loc[0, "text"] == "Share\n\nText stays."
