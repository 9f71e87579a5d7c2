"""Shared results (corpus_utils.shared): what `corpus-essay run` reads and tokenizes once for every chapter.

A corpus and a token index read back equal the ones computed; a changed setting or text never reads a stale
file; anything unreadable is treated as absent; the chapters' tables are the same read from the shared files
or computed alone. Every test writes into its own tmp_path.
"""

from __future__ import annotations

import shutil
import warnings

import numpy as np
import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import chapters, shared
from corpus_utils.load import CorpusWarning
from corpus_utils.run import publish
from conftest import RENT_CONTROL, ROOT

SEED = ROOT / "data" / "seed"
TOKEN_ARRAYS = ("doc_ids", "labels", "doc_ptr", "token_ids", "types", "starts", "ends", "phrase_break", "sentence_ids",
                "texts")


def assert_same_index(a, b):
    for name in TOKEN_ARRAYS:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name
    assert a._type_index == b._type_index


class TestTheCorpus:
    def test_the_first_load_leaves_it_and_the_next_reads_it_back_equal(self, tmp_path):
        first = cu.load_corpus(SEED, shared=tmp_path)
        assert sorted(p.suffix for p in tmp_path.iterdir()) == [".json", ".parquet"]
        again = cu.load_corpus(SEED, shared=tmp_path)
        pd.testing.assert_frame_equal(again, first)
        pd.testing.assert_frame_equal(again, cu.load_corpus(SEED))

    def test_it_is_read_back_not_loaded_again(self, tmp_path, monkeypatch):
        cu.load_corpus(SEED, shared=tmp_path)
        from corpus_utils import load

        monkeypatch.setattr(load, "_from_metadata_folder", lambda *a, **k: pytest.fail("the files were read again"))
        cu.load_corpus(SEED, shared=tmp_path)

    def test_the_warnings_of_the_load_are_said_again(self, tmp_path):
        corpus = tmp_path / "texts"
        shutil.copytree(RENT_CONTROL, corpus)
        (corpus / "for-rent-control" / "copy.txt").write_bytes(next((corpus / "for-rent-control").glob("*.txt")).read_bytes())
        folder = tmp_path / "shared"
        folder.mkdir()
        with warnings.catch_warnings(record=True) as first:
            warnings.simplefilter("always")
            cu.load_corpus(corpus, shared=folder)
        with warnings.catch_warnings(record=True) as again:
            warnings.simplefilter("always")
            cu.load_corpus(corpus, shared=folder)
        said = [str(w.message) for w in first if issubclass(w.category, CorpusWarning)]
        assert said and "repeat an earlier document's text" in said[0]
        assert [str(w.message) for w in again if issubclass(w.category, CorpusWarning)] == said
        assert all(issubclass(w.category, CorpusWarning) for w in again)

    @pytest.mark.parametrize("other", [{"label_column": "genre"}, {"clean": False}, {"rules": "none"}])
    def test_other_settings_never_read_the_file_of_these(self, tmp_path, other):
        cu.load_corpus(SEED, shared=tmp_path)
        assert shared.read_corpus(tmp_path, SEED, {**_settings(), **other}) is None
        fresh = cu.load_corpus(SEED, shared=tmp_path, **other)
        pd.testing.assert_frame_equal(fresh, cu.load_corpus(SEED, **other))

    def test_an_edited_rules_file_is_another_key(self, tmp_path):
        rules = tmp_path / "rules.yml"
        rules.write_bytes((ROOT / "src" / "corpus_utils" / "data" / "cleaning_rules.yml").read_bytes())
        folder = tmp_path / "shared"
        folder.mkdir()
        cu.load_corpus(SEED, rules=rules, shared=folder)
        before = shared.corpus_key(SEED, {**_settings(), "rules": rules})
        rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert shared.corpus_key(SEED, {**_settings(), "rules": rules}) != before
        assert shared.read_corpus(folder, SEED, {**_settings(), "rules": rules}) is None

    def test_a_half_written_or_foreign_file_is_absent(self, tmp_path):
        cu.load_corpus(SEED, shared=tmp_path)
        table = next(tmp_path.glob("*.parquet"))
        table.write_bytes(table.read_bytes()[:100])
        assert shared.read_corpus(tmp_path, SEED, _settings()) is None
        pd.testing.assert_frame_equal(cu.load_corpus(SEED, shared=tmp_path), cu.load_corpus(SEED))

    def test_columns_parquet_cannot_hold_are_not_shared(self, tmp_path):
        corpus = cu.load_corpus(SEED)
        corpus["mixed"] = pd.Series([1, "two", 3.0, None, b"x"], dtype=object)
        assert not shared.write_corpus(tmp_path, SEED, _settings(), corpus, [])
        assert list(tmp_path.iterdir()) == []

    def test_no_folder_means_no_sharing(self):
        assert shared.read_corpus(None, SEED, _settings()) is None
        assert shared.read_tokens(None, cu.load_corpus(SEED)) is None


def _settings(**changed):
    from corpus_utils.load import _shared_settings

    return {**_shared_settings(), **changed}


class TestTheTokenIndex:
    def test_read_back_equal_and_read_only(self, tmp_path):
        corpus = cu.load_corpus(SEED)
        index = cu.index_tokens(corpus)
        assert shared.write_tokens(tmp_path, index, corpus)
        back = shared.read_tokens(tmp_path, corpus)
        assert_same_index(back, index)
        with pytest.raises(ValueError):
            back.token_ids[0] = 1  # a map of the file, never written through

    def test_only_for_exactly_these_texts(self, tmp_path):
        corpus = cu.load_corpus(SEED)
        shared.write_tokens(tmp_path, cu.index_tokens(corpus), corpus)
        edited = corpus.copy()
        edited.loc[0, "text"] = edited.loc[0, "text"] + " one more word"
        assert shared.read_tokens(tmp_path, edited) is None
        relabelled = corpus.assign(group=corpus["group"].iloc[::-1].to_numpy())
        assert shared.read_tokens(tmp_path, relabelled) is None
        assert shared.read_tokens(tmp_path, corpus.iloc[1:]) is None

    def test_texts_key_sees_where_one_text_ends_and_the_next_begins(self):
        a = pd.DataFrame({"doc_id": ["1", "2"], "group": ["x", "y"], "text": ["ab", "c"]})
        b = pd.DataFrame({"doc_id": ["1", "2"], "group": ["x", "y"], "text": ["a", "bc"]})
        assert shared.texts_key(a) != shared.texts_key(b)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The rent-control corpus and its token index, shared as `corpus-essay run` shares them."""
    folder = tmp_path_factory.mktemp("shared")
    corpus = cu.load_corpus(RENT_CONTROL, shared=folder)
    shared.write_tokens(folder, cu.index_tokens(corpus), corpus)
    return folder


class TestChaptersReadTheSameValues:
    @pytest.mark.parametrize("chapter, tables", [
        (chapters.vocabulary, ["stable", "perm", "contested"]),
        (chapters.framing, ["separation", "theme_differences"]),
        (chapters.clustering, ["agreement", "clusters", "top_terms"]),
    ])
    def test_alone_and_shared_give_the_same_tables(self, folder, chapter, tables):
        corpus = cu.load_corpus(RENT_CONTROL, shared=folder)
        alone, read = chapter(cu.load_corpus(RENT_CONTROL)), chapter(corpus, shared=folder)
        assert isinstance(read.tokens.token_ids, np.memmap)  # read from the shared file
        assert_same_index(read.tokens, alone.tokens)
        for name in tables:
            pd.testing.assert_frame_equal(getattr(read, name), getattr(alone, name))
            assert getattr(read, name).attrs == getattr(alone, name).attrs

    def test_a_subset_of_the_groups_indexes_its_own_documents(self, tmp_path):
        corpus = cu.load_corpus(RENT_CONTROL)
        three = pd.concat([corpus, corpus.assign(doc_id=corpus["doc_id"] + "-b", group="third")], ignore_index=True)
        shared.write_tokens(tmp_path, cu.index_tokens(three), three)  # the index of all three groups
        result = chapters.clustering(three, ["for-rent-control", "against-rent-control"], shared=tmp_path)
        assert not isinstance(result.tokens.token_ids, np.memmap)
        assert_same_index(result.tokens, cu.index_tokens(result.corpus))


class TestTheEngine:
    def test_the_address_written_is_the_address_read(self, tmp_path):
        assert shared.read_engine(tmp_path) is None  # no file: the chapters compute in their kernels
        shared.write_engine(tmp_path, "tcp://10.0.0.5:8786")
        assert shared.read_engine(tmp_path) == "tcp://10.0.0.5:8786"
        assert [p.name for p in tmp_path.iterdir()] == ["engine.json"]  # no temporary file left
        shared.write_engine(tmp_path, "tcp://127.0.0.1:40001")  # a second run's address replaces the first
        assert shared.read_engine(tmp_path) == "tcp://127.0.0.1:40001"

    def test_no_folder_is_no_engine(self):
        assert shared.read_engine(None) is None

    @pytest.mark.parametrize("text", ['{"format": 0, "scheduler": "tcp://127.0.0.1:8786"}', '{"format": 1}',
                                      '{"format": 1, "scheduler": ""}', '["tcp://127.0.0.1:8786"]'])
    def test_a_file_of_another_format_or_without_an_address_is_absent(self, tmp_path, text):
        (tmp_path / shared.ENGINE_FILE).write_text(text, encoding="utf-8")
        assert shared.read_engine(tmp_path) is None


class TestPublish:
    def test_the_shared_folder_is_removed_with_only_what_we_wrote(self, tmp_path):
        folder = publish.make_shared(tmp_path)
        corpus = cu.load_corpus(SEED, shared=folder)
        shared.write_tokens(folder, cu.index_tokens(corpus), corpus)
        shared.write_engine(folder, "tcp://127.0.0.1:8786")  # an address never reaches the report
        publish.remove_shared(tmp_path)
        assert not folder.exists()

    def test_a_file_we_did_not_write_keeps_the_folder(self, tmp_path):
        folder = publish.make_shared(tmp_path)
        cu.load_corpus(SEED, shared=folder)
        (folder / "notes.txt").write_text("not ours", encoding="utf-8")
        publish.remove_shared(tmp_path)
        assert [p.name for p in folder.iterdir()] == ["notes.txt"]


class TestChapterTables:
    def test_the_synthesis_reads_what_a_chapter_left_instead_of_computing_it(self, tmp_path, monkeypatch):
        corpus = cu.load_corpus(SEED, shared=tmp_path)
        left = chapters.vocabulary(corpus, shared=tmp_path)
        stable, perm = left.stable, left.perm
        from corpus_utils import keyness

        monkeypatch.setattr(keyness, "stability", lambda *a, **k: pytest.fail("computed again"))
        monkeypatch.setattr(keyness, "permutation_test", lambda *a, **k: pytest.fail("computed again"))
        again = chapters.vocabulary(corpus, shared=tmp_path)
        pd.testing.assert_frame_equal(again.stable, stable, check_exact=True)
        assert again.stable.attrs == stable.attrs
        assert again.stable.attrs["dtm_settings"]["ngram_range"] == (1, 1)  # a tuple comes back a tuple
        pd.testing.assert_frame_equal(again.perm, perm, check_exact=True)

    def test_another_setting_or_other_groups_never_read_it(self, tmp_path):
        corpus = cu.load_corpus(SEED)
        first = chapters.vocabulary(corpus, top_n=10, shared=tmp_path).stable
        other = chapters.vocabulary(corpus, top_n=3, shared=tmp_path).stable
        pd.testing.assert_frame_equal(other, chapters.vocabulary(corpus, top_n=3).stable)
        assert len(other) < len(first)
        relabelled = corpus.assign(group=corpus["group"].iloc[::-1].to_numpy())
        pd.testing.assert_frame_equal(chapters.vocabulary(relabelled, top_n=10, shared=tmp_path).stable,
                                      chapters.vocabulary(relabelled, top_n=10).stable)

    def test_a_table_that_would_not_come_back_the_same_is_not_left(self, tmp_path):
        table = pd.DataFrame({"a": [1.0]})
        table.attrs["n"] = np.float64(0.5)  # JSON would give back a float
        assert not shared.write_table(tmp_path, "k", table)
        table.attrs = {"pair": ("a", "b"), "sizes": {"a": 2}}
        assert shared.write_table(tmp_path, "k", table)
        assert shared.read_table(tmp_path, "k").attrs == {"pair": ("a", "b"), "sizes": {"a": 2}}
        assert not shared.write_table(tmp_path, "j", table.set_index("a"))  # an index is not kept
        assert sorted(p.name for p in tmp_path.iterdir()) == ["table-k.json", "table-k.parquet"]

    def test_every_table_the_synthesis_reads_is_left_on_the_seed(self, tmp_path):
        corpus = cu.load_corpus(SEED)
        for chapter, names in [(chapters.vocabulary, ["stable", "stable_phrases", "perm"]),
                               (chapters.framing, ["separation", "theme_differences"]),
                               (chapters.clustering, ["agreement", "seeds"])]:
            result = chapter(corpus, shared=tmp_path)
            for name in names:
                getattr(result, name)
        # the theme differences are made with the themes' top terms, which the synthesis reads beside them
        assert len(list(tmp_path.glob("table-*.parquet"))) == 8
