import hashlib
import json
import os
import warnings

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corpus_utils as cu
from conftest import ROOT, snapshot


class TestSeedCorpus:
    def test_files_are_byte_identical_to_the_manifest(self, seed_dir):
        for line in (ROOT / "data" / "seed.sha256").read_text().splitlines():
            digest, name = line.split()
            assert hashlib.sha256((ROOT / "data" / name).read_bytes()).hexdigest() == digest, name

    def test_five_documents_with_their_stances(self, seed_corpus):
        assert seed_corpus["doc_id"].tolist() == ["000-klaassen", "001-malone", "002-ice-news", "003-arie", "004-police"]
        assert seed_corpus["label"].tolist() == [
            "pro-cooperation", "anti-cooperation", "pro-cooperation", "pro-cooperation", "anti-cooperation"
        ]

    def test_columns(self, seed_corpus):
        for column in ["doc_id", "label", "text", "raw_text", "n_tokens", "path", "sha256", "title", "author",
                       "affiliation", "date", "genre", "stance", "stance_rationale", "duplicate_of"]:
            assert column in seed_corpus.columns, column
        assert list(seed_corpus.columns[:2]) == ["doc_id", "label"]

    def test_paths_are_relative_and_hashes_are_of_the_bytes(self, seed_corpus, seed_dir):
        row = seed_corpus.iloc[0]
        assert row["path"] == "000_f128f27eec3abfa4.txt"
        assert row["sha256"] == hashlib.sha256((seed_dir / row["path"]).read_bytes()).hexdigest()

    def test_metadata_only_what_the_text_states(self, seed_corpus):
        meta = seed_corpus.set_index("doc_id")
        assert meta.loc["000-klaassen", "date"] == "2020-03-12"
        assert meta.loc["001-malone", "date"] == ""
        assert "quotes only ICE officials" in meta.loc["002-ice-news", "stance_rationale"]

    def test_is_seed_corpus_by_content(self, seed_corpus):
        assert cu.is_seed_corpus(seed_corpus)
        changed = seed_corpus.copy()
        changed.loc[0, "sha256"] = "0" * 64
        assert not cu.is_seed_corpus(changed)

    def test_order_and_values_are_deterministic(self, seed_dir, seed_corpus):
        again = cu.load_corpus(seed_dir)
        pd.testing.assert_frame_equal(again, seed_corpus)

    def test_curly_quotes_are_normalized_in_text_but_not_in_raw_text(self, seed_corpus):
        row = seed_corpus.set_index("doc_id").loc["001-malone"]
        assert "it’s" in row["raw_text"] and "it's" in row["text"]


class TestLayouts:
    def test_metadata_folder_with_doc_ids_from_file_names(self, make_corpus):
        folder = make_corpus({"b.txt": ("x", "Bee text."), "a.txt": ("y", "Ay text.")})
        corpus = cu.load_corpus(folder)
        assert corpus["doc_id"].tolist() == ["a", "b"]
        assert corpus["label"].tolist() == ["y", "x"]

    def test_label_sub_folders(self, tmp_path):
        for label, name, text in [("pro", "one.txt", "First text."), ("anti", "two.txt", "Second text."),
                                  ("anti", "three.md", "Third text.")]:
            (tmp_path / label).mkdir(exist_ok=True)
            (tmp_path / label / name).write_text(text)
        corpus = cu.load_corpus(tmp_path)
        assert corpus["doc_id"].tolist() == ["anti/three", "anti/two", "pro/one"]
        assert corpus["label"].tolist() == ["anti", "anti", "pro"]

    def test_csv_table(self, tmp_path):
        path = tmp_path / "t.csv"
        pd.DataFrame({"text": ["One text.", "Two text."], "party": ["a", "b"], "year": ["1", "2"]}).to_csv(path, index=False)
        corpus = cu.load_corpus(path, label_column="party")
        assert corpus["doc_id"].tolist() == ["row-1", "row-2"]
        assert corpus["label"].tolist() == ["a", "b"]
        assert corpus["year"].tolist() == ["1", "2"]
        assert corpus["path"].tolist() == ["t.csv#1", "t.csv#2"]

    def test_jsonl_table_with_ids(self, tmp_path):
        path = tmp_path / "t.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in [{"doc_id": "q", "text": "Q text.", "stance": "a"},
                                                          {"doc_id": "p", "text": "P text.", "stance": "b"}]))
        corpus = cu.load_corpus(path)
        assert corpus["doc_id"].tolist() == ["q", "p"]

    def test_misnamed_text_column_lists_the_columns_found(self, tmp_path):
        path = tmp_path / "t.csv"
        pd.DataFrame({"body": ["x"], "stance": ["a"]}).to_csv(path, index=False)
        with pytest.raises(cu.MetadataError, match=r"t.csv: has no text column 'text' \(found columns: body, stance\)"):
            cu.load_corpus(path)


class TestDecoding:
    def test_utf8_bom_and_crlf(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", b"\xef\xbb\xbfFirst line.\r\nSecond line.\r\n")})
        row = cu.load_corpus(folder).iloc[0]
        assert row["text"] == "First line.\nSecond line."
        assert row["encoding"] == "utf-8"

    def test_utf16_with_bom(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "Polic\u00eda y comunidad.".encode("utf-16"))})
        row = cu.load_corpus(folder).iloc[0]
        assert row["text"] == "Polic\u00eda y comunidad." and row["encoding"] == "utf-16"

    def test_cp1252_curly_quotes_and_accents_are_detected(self, make_corpus):
        text = "\u201cThe sheriff\u2019s office,\u201d said Jos\u00e9 N\u00fa\u00f1ez, \u201cwill not cooperate with the federal agency.\u201d " * 3
        folder = make_corpus({"a.txt": ("x", text.encode("cp1252"))})
        row = cu.load_corpus(folder).iloc[0]
        assert "Jos\u00e9 N\u00fa\u00f1ez" in row["text"] and "sheriff's" in row["text"]

    def test_binary_file_names_the_file_and_what_was_tried(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "Fine."), "img.txt": ("y", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")})
        with pytest.raises(cu.DecodeError) as info:
            cu.load_corpus(folder)
        message = str(info.value)
        assert message.startswith("corpus/img.txt: looks binary")
        assert "UTF-8" in message and "UTF-16" in message and "Save it as UTF-8" in message

    @pytest.mark.parametrize("body, reason", [(b"", "the file is empty"), (b"  \n\t\n", "holds only white space")])
    def test_empty_documents(self, make_corpus, body, reason):
        folder = make_corpus({"a.txt": ("x", "Fine."), "e.txt": ("y", body)})
        with pytest.raises(cu.EmptyDocumentError, match=f"corpus/e.txt: {reason}"):
            cu.load_corpus(folder)


class TestBadInput:
    def test_missing_path(self, tmp_path):
        with pytest.raises(cu.CorpusNotFoundError, match="no such file or folder. Check the path"):
            cu.load_corpus(tmp_path / "nowhere")

    def test_empty_folder(self, tmp_path):
        with pytest.raises(cu.EmptyCorpusError, match="holds no documents"):
            cu.load_corpus(tmp_path)

    def test_metadata_names_a_missing_file(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A.")})
        (folder / "metadata.csv").write_text("file,stance\na.txt,x\nb.txt,y\n")
        with pytest.raises(cu.CorpusNotFoundError, match=r"metadata.csv: names the file 'b.txt', which is not in the folder"):
            cu.load_corpus(folder)

    def test_text_file_without_metadata_row(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A.")})
        (folder / "stray.txt").write_text("Stray.")
        with pytest.raises(cu.MetadataError, match=r"has no row for the text file\(s\) stray.txt. Add a row"):
            cu.load_corpus(folder)

    def test_blank_labels(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A."), "b.txt": (" ", "B.")})
        with pytest.raises(cu.LabelError, match=r"blank label for 1 document\(s\): b.txt"):
            cu.load_corpus(folder)

    def test_missing_label_column(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A.")})
        with pytest.raises(cu.MetadataError, match=r"has no label column 'party' \(found columns: file, stance\). "
                           r"Rename the column to 'party' or name it with --label-column \(label_column=\)"):
            cu.load_corpus(folder, label_column="party")

    def test_semicolon_separated_metadata(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A.")})
        (folder / "metadata.csv").write_bytes(b"\xef\xbb\xbffile;stance\r\na.txt;x\r\n")
        with pytest.raises(cu.MetadataError, match=r"looks separated by semicolons, not commas .* Save it as comma-separated"):
            cu.load_corpus(folder)

    def test_labels_differing_only_in_case_are_flagged(self, make_corpus):
        folder = make_corpus({"a.txt": ("Office", "A text."), "b.txt": ("office ", "B text."), "c.txt": ("remote", "C.")})
        with pytest.warns(cu.CorpusWarning, match=r"differ only in case .* 'Office' / 'office'"):
            corpus = cu.load_corpus(folder)
        assert sorted(corpus["label"].unique()) == ["Office", "office", "remote"]

    def test_duplicate_doc_ids(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A."), "b.txt": ("y", "B.")},
                             extra_columns={"a.txt": {"doc_id": "same"}, "b.txt": {"doc_id": "same"}})
        with pytest.raises(cu.DuplicateDocumentError, match="the doc_id 'same' is used by more than one document"):
            cu.load_corpus(folder)

    def test_fewer_than_two_labels_for_a_comparison(self, make_corpus):
        corpus = cu.load_corpus(make_corpus({"a.txt": ("x", "A."), "b.txt": ("x", "B.")}))
        with pytest.raises(cu.LabelError, match=r"needs at least 2 groups \(got 1: x\)"):
            cu.check_groups(corpus)

    def test_unknown_group(self, seed_corpus):
        with pytest.raises(cu.LabelError, match="unknown group\\(s\\) 'pro'"):
            cu.check_groups(seed_corpus, ["pro", "anti-cooperation"])

    def test_check_groups_sorted_default_and_chosen_pair(self, seed_corpus):
        assert cu.check_groups(seed_corpus) == ["anti-cooperation", "pro-cooperation"]
        assert cu.check_groups(seed_corpus, ("pro-cooperation", "anti-cooperation")) == ["pro-cooperation", "anti-cooperation"]


class TestWarningsAndSkips:
    def test_duplicates_are_kept_marked_and_warned(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "Same words here."), "b.txt": ("y", "Same  words here.\n")})
        with pytest.warns(cu.CorpusWarning, match=r"b = a"):
            corpus = cu.load_corpus(folder)
        assert corpus["duplicate_of"].tolist() == ["", "a"]

    def test_non_text_files_are_skipped_with_a_warning(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A.")})
        (folder / "report.pdf").write_bytes(b"%PDF-1.4")
        with pytest.warns(cu.CorpusWarning, match=r"skipped 1 file\(s\) .*report.pdf"):
            corpus = cu.load_corpus(folder)
        assert len(corpus) == 1

    def test_hidden_files_and_macosx_folders_are_ignored(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A.")})
        (folder / ".DS_Store").write_bytes(b"\x00\x01")
        (folder / "__MACOSX").mkdir()
        (folder / "__MACOSX" / "._a.txt").write_bytes(b"\x00\x05")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert len(cu.load_corpus(folder)) == 1

    def test_file_names_with_spaces_and_non_ascii_characters(self, make_corpus, tmp_path):
        folder = make_corpus({"op ed 1.txt": ("x", "Police need trust."), "Núñez – carta.txt": ("y", "La policía.")})
        corpus = cu.load_corpus(folder)
        assert corpus["doc_id"].tolist() == ["Núñez – carta", "op ed 1"]
        assert corpus["path"].tolist() == ["Núñez – carta.txt", "op ed 1.txt"]
        (tmp_path / "by label" / "für").mkdir(parents=True)
        (tmp_path / "by label" / "für" / "día 1.txt").write_text("Texto uno.", encoding="utf-8")
        (tmp_path / "by label" / "gegen").mkdir()
        (tmp_path / "by label" / "gegen" / "zwei.txt").write_text("Text zwei.", encoding="utf-8")
        assert cu.load_corpus(tmp_path / "by label")["doc_id"].tolist() == ["für/día 1", "gegen/zwei"]

    def test_symlink_outside_is_not_followed(self, make_corpus, tmp_path):
        folder = make_corpus({"a.txt": ("x", "A.")})
        outside = tmp_path / "secret.txt"
        outside.write_text("Outside.")
        os.symlink(outside, folder / "link.txt")
        with pytest.warns(cu.CorpusWarning, match=r"did not follow 1 symbolic link\(s\): link.txt"):
            assert len(cu.load_corpus(folder)) == 1


class TestNothingIsModified:
    def test_loading_and_failing_leave_bytes_and_mtimes_unchanged(self, make_corpus, seed_dir):
        folder = make_corpus({"a.txt": ("x", "Share\n\nA sentence.\r\n"), "b.txt": ("y", "Bee text here.".encode("utf-16"))})
        (folder / "bad.txt").write_bytes(b"\x00\x01\x02")
        before, seed_before = snapshot(folder), snapshot(seed_dir)
        with pytest.raises(cu.CorpusError):
            cu.load_corpus(folder)
        (folder / "bad.txt").unlink()
        before = snapshot(folder)
        cu.load_corpus(folder)
        cu.load_corpus(seed_dir)
        assert snapshot(folder) == before
        assert snapshot(seed_dir) == seed_before


class TestHostileInput:
    @given(st.binary(max_size=400))
    def test_arbitrary_bytes_raise_only_corpus_errors(self, tmp_path_factory, data):
        folder = tmp_path_factory.mktemp("hostile")
        (folder / "metadata.csv").write_text("file,stance\na.txt,x\nb.txt,y\n")
        (folder / "a.txt").write_text("A fine text about police.")
        (folder / "b.txt").write_bytes(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", cu.CorpusWarning)
                corpus = cu.load_corpus(folder)
        except cu.CorpusError as exc:
            assert str(exc).startswith(("hostile", "b.txt")) or "b.txt" in str(exc) or "document b" in str(exc)
        else:
            assert len(corpus) == 2 and corpus["text"].str.len().gt(0).all()
        assert (folder / "b.txt").read_bytes() == data

    @given(st.text(max_size=300))
    def test_table_cells_of_any_text(self, tmp_path_factory, text):
        path = tmp_path_factory.mktemp("table") / "t.csv"
        pd.DataFrame({"text": ["Police and trust.", text], "stance": ["a", "b"]}).to_csv(path, index=False)
        try:
            cu.load_corpus(path)
        except cu.CorpusError as exc:
            assert "t.csv" in str(exc)

    def test_a_30_mb_text_file(self, make_corpus):
        paragraph = ("Report {}: local police build trust with immigrant communities when residents can report "
                     "crimes without fear of deportation, the chief said.\n\n")
        big = "".join(paragraph.format(i) for i in range(30_000_000 // len(paragraph) + 1))
        folder = make_corpus({"big.txt": ("x", big), "small.txt": ("y", "A short text about detainers.")})
        corpus = cu.load_corpus(folder)
        row = corpus.set_index("doc_id").loc["big"]
        assert len(row["raw_text"]) >= 30_000_000
        assert row["n_removed_lines"] == 0
        assert row["n_tokens"] == big.count("Report ") * len(cu.tokenize(paragraph.format(0)))
