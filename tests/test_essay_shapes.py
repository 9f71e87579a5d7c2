"""The whole essay on corpora of other shapes than the seed: three groups, and a group of one document.

Each corpus is run once through ``run_essay`` (every chapter, then the front page); the tests read
the executed synthesis chapter and ``index.html``. The synthesis chapter must say what it cannot
estimate rather than fail, and the front page must speak of these groups, never of the seed debate.
"""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from conftest import ROOT, write_corpus
from corpus_utils.run import ABSTRACT_TAG, SUMMARY_TAG, find_chapters, run_essay, tagged_markdown

CRIME = "Crime and criminal arrests rose; the jail held offenders in custody after the arrest. "
TRUST = "Community trust matters: residents fear the police, and families fear deportation. "
COST = "The county budget pays the cost; taxpayers fund the jail and the overtime. "
RIGHTS = "Civil rights and due process protect every resident; the constitution forbids detention without a warrant. "

THREE_GROUPS = {
    "a1.txt": ("a", CRIME * 3 + COST), "a2.txt": ("a", CRIME * 2 + RIGHTS), "a3.txt": ("a", CRIME * 4),
    "b1.txt": ("b", TRUST * 3 + COST), "b2.txt": ("b", TRUST * 2 + RIGHTS), "b3.txt": ("b", TRUST * 4 + CRIME),
    "c1.txt": ("c", COST * 3 + RIGHTS), "c2.txt": ("c", COST * 2 + TRUST),
}
ONE_DOCUMENT = {
    "solo.txt": ("solo", TRUST * 3 + RIGHTS),
    "m1.txt": ("many", CRIME * 3 + COST), "m2.txt": ("many", CRIME * 2 + RIGHTS), "m3.txt": ("many", CRIME + COST * 2),
}
SEED_WORDS = re.compile(r"(?i)\b(ICE|sanctuary|pro-cooperation|anti-cooperation|immigration)\b")


def _report(tmp_path_factory, name: str, docs: dict) -> tuple:
    corpus = write_corpus(tmp_path_factory.mktemp(name) / "texts", docs)
    out = run_essay(corpus, corpus.parent / "report", progress=False, jobs=2)
    synthesis = nbformat.read(str(out / "05_synthesis.ipynb"), as_version=4)
    return out, synthesis


@pytest.fixture(scope="module")
def three_groups(tmp_path_factory):
    return _report(tmp_path_factory, "three", THREE_GROUPS)


@pytest.fixture(scope="module")
def one_document(tmp_path_factory):
    return _report(tmp_path_factory, "one", ONE_DOCUMENT)


def _prose(nb) -> str:
    return "\n".join(o["data"]["text/markdown"] for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []) if "text/markdown" in o.get("data", {}))


def _errors(nb) -> list:
    return [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


def _front_page_text(out) -> str:
    page = (out / "index.html").read_text(encoding="utf-8")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.essay
@pytest.mark.parametrize("shape", ["three_groups", "one_document"])
def test_every_chapter_runs(shape, request):
    out, _ = request.getfixturevalue(shape)
    chapters = sorted(out.glob("[0-9][0-9]_*.ipynb"))
    assert [p.name for p in chapters] == [p.name for p in find_chapters(ROOT / "notebooks")]
    for chapter in chapters:
        assert not _errors(nbformat.read(str(chapter), as_version=4)), chapter.name


@pytest.mark.essay
class TestThreeGroups:
    def test_the_synthesis_compares_each_group_with_the_rest(self, three_groups):
        prose = _prose(three_groups[1])
        for group in "abc":
            assert f"For *{group}* and the rest, " in prose
        assert "A study needs at least 4 documents per group" in prose

    def test_the_front_page_has_the_abstract_and_a_line_per_chapter(self, three_groups):
        out, synthesis = three_groups
        text = _front_page_text(out)
        abstract = tagged_markdown(synthesis, ABSTRACT_TAG)
        assert abstract.startswith("We compared 8 documents in 3 groups: *a* (3), *b* (3) and *c* (2).")
        assert "Abstract We compared 8 documents in 3 groups" in text
        for chapter in sorted(out.glob("[0-9][0-9]_*.ipynb")):
            summary = tagged_markdown(nbformat.read(str(chapter), as_version=4), SUMMARY_TAG)
            assert summary, chapter.name
            assert " ".join(re.sub(r"[*\\]", "", summary).split()) in text, chapter.name
        assert "group documents tokens a 3 154 b 3 141 c 2 91" in text  # the corpus at a glance, with tokens
        assert not SEED_WORDS.search(text)


@pytest.mark.essay
class TestOneDocumentGroup:
    def test_the_synthesis_says_what_it_cannot_estimate(self, one_document):
        prose = _prose(one_document[1])
        assert ("The spread between the documents of *solo* cannot be estimated from a single document: no "
                "leave-one-out check can drop it, and a simulated study borrows the spread of the other side.") in prose
        assert "3 and 1 documents still give a spread" in prose  # the design borrows the other side's spread
        assert "*solo* has a single document, so whatever leans to it is that document's." in prose

    def test_the_abstract_says_the_design_cannot_tell(self, one_document):
        out, synthesis = one_document
        abstract = tagged_markdown(synthesis, ABSTRACT_TAG)
        assert re.search(r"how likely a study of \d+ documents per group would be to detect (the main difference|both "
                         r"main differences|all \d+ main differences), a pilot of 3 and 1 documents cannot tell: anywhere "
                         r"between 0% and 100%\.$", abstract), abstract
        assert "a pilot of 3 and 1 documents cannot tell" in _front_page_text(out)
        assert not SEED_WORDS.search(_front_page_text(out))


def _shown_text(nb) -> str:
    """Everything a chapter's outputs show: sentences and tables (HTML and plain text)."""
    return "\n".join(str(o["data"].get(kind, "")) for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []) for kind in ("text/markdown", "text/plain", "text/html")
                     if "data" in o)


@pytest.mark.essay
@pytest.mark.parametrize("shape", ["three_groups", "one_document"])
@pytest.mark.parametrize("chapter", ["03_framing", "04_clustering"])
def test_framing_and_clustering_show_no_missing_value_and_no_seed_wording(shape, chapter, request):
    """These corpora have no genre column (chapter 04 compares the clusters with genre only where it exists):
    the agreement table shows only the columns compared, never a row of missing values, and the chapter
    does not speak of a column the corpus never had; outside the description of the shipped lexicon
    (chapter 03), nothing speaks of the seed debate."""
    out, _ = request.getfixturevalue(shape)
    nb = nbformat.read(str(out / f"{chapter}.ipynb"), as_version=4)
    shown = _shown_text(nb)
    assert not re.search(r"\bNaN\b|\bnan\b", shown)
    prose = _prose(nb)
    if chapter == "04_clustering":
        assert "genre" not in prose
    assert not SEED_WORDS.search(prose.replace("*cooperation*", "").replace("*cooperate*", ""))
