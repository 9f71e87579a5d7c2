import contextlib
import errno
import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corpus_utils as cu
from corpus_utils import errors
from conftest import ROOT, snapshot, write_corpus


class TestSeedCorpus:
    def test_files_are_byte_identical_to_the_manifest(self, seed_dir):
        for line in (ROOT / "data" / "seed.sha256").read_text().splitlines():
            digest, name = line.split()
            assert hashlib.sha256((ROOT / "data" / name).read_bytes()).hexdigest() == digest, name

    def test_five_documents_with_their_stances(self, seed_corpus):
        assert seed_corpus["doc_id"].tolist() == ["000-klaassen", "001-malone", "002-ice-news", "003-arie", "004-police"]
        assert seed_corpus["group"].tolist() == [
            "pro-cooperation", "anti-cooperation", "pro-cooperation", "pro-cooperation", "anti-cooperation"
        ]

    def test_columns(self, seed_corpus):
        for column in ["doc_id", "group", "text", "raw_text", "n_tokens", "path", "sha256", "title", "author",
                       "affiliation", "date", "genre", "stance", "stance_rationale", "duplicate_of"]:
            assert column in seed_corpus.columns, column
        assert list(seed_corpus.columns[:2]) == ["doc_id", "group"]

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
        assert corpus["group"].tolist() == ["y", "x"]

    def test_label_sub_folders(self, tmp_path):
        for label, name, text in [("pro", "one.txt", "First text."), ("anti", "two.txt", "Second text."),
                                  ("anti", "three.md", "Third text.")]:
            (tmp_path / label).mkdir(exist_ok=True)
            (tmp_path / label / name).write_text(text)
        corpus = cu.load_corpus(tmp_path)
        assert corpus["doc_id"].tolist() == ["anti/three", "anti/two", "pro/one"]
        assert corpus["group"].tolist() == ["anti", "anti", "pro"]

    def test_csv_table(self, tmp_path):
        path = tmp_path / "t.csv"
        pd.DataFrame({"text": ["One text.", "Two text."], "party": ["a", "b"], "year": ["1", "2"]}).to_csv(path, index=False)
        corpus = cu.load_corpus(path, label_column="party")
        assert corpus["doc_id"].tolist() == ["row-1", "row-2"]
        assert corpus["group"].tolist() == ["a", "b"]
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
        with pytest.warns(cu.CorpusWarning, match=r"a.txt \(cp1252\)"):
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
        assert sorted(corpus["group"].unique()) == ["Office", "office", "remote"]

    def test_duplicate_doc_ids(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A."), "b.txt": ("y", "B.")},
                             extra_columns={"a.txt": {"doc_id": "same"}, "b.txt": {"doc_id": "same"}})
        with pytest.raises(cu.DuplicateDocumentError, match="the doc_id 'same' is used by more than one document"):
            cu.load_corpus(folder)


class TestWarningsAndSkips:
    def test_duplicates_are_kept_marked_and_warned(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "Same words here."), "b.txt": ("y", "Same  words here.\n")})
        with pytest.warns(cu.CorpusWarning, match=r"b = a"):
            corpus = cu.load_corpus(folder)
        assert corpus["duplicate_of"].tolist() == ["", "a"]

    def test_non_text_files_are_skipped_with_a_warning(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A text.")})
        (folder / "report.pdf").write_bytes(b"%PDF-1.4")
        with pytest.warns(cu.CorpusWarning, match=r"skipped 1 file\(s\) .*report.pdf"):
            corpus = cu.load_corpus(folder)
        assert len(corpus) == 1

    def test_hidden_files_and_macosx_folders_are_ignored(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "A text.")})
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
        folder = make_corpus({"a.txt": ("x", "A text.")})
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


# --- Hardening: only regular files, every read error named, look-alike labels, and more ---------------------

SPECIAL_KINDS = ["named pipe", "socket", "device file"]


def _make_special(path, kind):
    """Create a named pipe, a Unix socket or a device file (a copy of /dev/null) at ``path``."""
    if kind == "named pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("this system has no named pipes")
        os.mkfifo(path)
    elif kind == "socket":
        if not hasattr(socket, "AF_UNIX"):
            pytest.skip("this system has no Unix sockets")
        with socket.socket(socket.AF_UNIX) as sock:
            try:
                sock.bind(str(path))
            except OSError as exc:  # e.g. a temporary folder path longer than a socket address allows
                pytest.skip(f"cannot bind a Unix socket here ({exc})")
    else:
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.stat("/dev/null").st_rdev)
        except (OSError, AttributeError) as exc:
            pytest.skip(f"cannot create a device file without privileges ({exc})")


@contextlib.contextmanager
def _fails_instead_of_hanging(seconds=120):
    """Turn a load that blocks (on a named pipe) into a test failure rather than a stuck test run."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def _blocked(signum, frame):
        raise AssertionError(f"loading blocked for {seconds} s: it opened a file that never ends")

    previous = signal.signal(signal.SIGALRM, _blocked)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _label_folders(root, docs):
    """Write ``{relative path: text}`` below ``root`` (the sub-folder layout)."""
    for rel, text in docs.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


class TestOnlyRegularFilesAreRead:
    @pytest.mark.parametrize("kind", SPECIAL_KINDS)
    def test_special_file_among_label_folders_is_skipped_with_a_warning_naming_it(self, tmp_path, kind):
        root = _label_folders(tmp_path / "corpus", {"pro/a.txt": "Police build trust.", "anti/b.txt": "Detainers end trust."})
        before = snapshot(root)
        _make_special(root / "anti" / "x.txt", kind)
        special_mtime = os.lstat(root / "anti" / "x.txt").st_mtime_ns
        with _fails_instead_of_hanging(), pytest.warns(cu.CorpusWarning) as record:
            corpus = cu.load_corpus(root)
        assert corpus["doc_id"].tolist() == ["anti/b", "pro/a"]
        messages = [str(w.message) for w in record]
        assert any(f"anti/x.txt ({kind})" in m and "not regular files" in m for m in messages), messages
        assert os.lstat(root / "anti" / "x.txt").st_mtime_ns == special_mtime
        (root / "anti" / "x.txt").unlink()
        assert snapshot(root) == before

    @pytest.mark.parametrize("kind", SPECIAL_KINDS)
    def test_special_file_named_in_metadata_is_an_error_naming_it(self, make_corpus, kind):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Detainers end trust.")})
        (folder / "metadata.csv").write_text("file,stance\na.txt,x\nb.txt,y\nx.txt,y\n")
        before = snapshot(folder)
        _make_special(folder / "x.txt", kind)
        with _fails_instead_of_hanging(), pytest.raises(cu.errors.UnreadableFileError) as info:
            cu.load_corpus(folder)
        assert str(info.value).startswith(f"corpus/x.txt: is a {kind}, not a regular file")
        assert "row 4 of metadata.csv" in str(info.value)
        (folder / "x.txt").unlink()
        assert snapshot(folder) == before

    def test_a_named_pipe_given_as_the_table_is_an_error(self, tmp_path):
        _make_special(tmp_path / "t.csv", "named pipe")
        with _fails_instead_of_hanging(), pytest.raises(cu.errors.UnreadableFileError, match=r"^t.csv: is a named pipe"):
            cu.load_corpus(tmp_path / "t.csv")

    def test_metadata_naming_a_symbolic_link_is_an_error_not_a_read_through_it(self, make_corpus, tmp_path):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Detainers end trust.")})
        (tmp_path / "secret.txt").write_text("SECRET words outside the corpus.")
        os.symlink(tmp_path / "secret.txt", folder / "link.txt")
        (folder / "metadata.csv").write_text("file,stance\na.txt,x\nb.txt,y\nlink.txt,y\n")
        before = snapshot(folder)
        with pytest.raises(cu.errors.UnreadableFileError) as info:
            cu.load_corpus(folder)
        assert str(info.value) == (
            "corpus/link.txt: is a symbolic link, not a regular file (row 4 of metadata.csv names it); links are "
            "never followed. Replace the link with a copy of the file."
        )
        assert snapshot(folder) == before

    def test_hidden_symbolic_links_are_never_read(self, make_corpus, tmp_path):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Detainers end trust.")})
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "secret.txt").write_text("SECRET words outside the corpus.")
        os.symlink(outside / "secret.txt", folder / ".x.txt")
        os.symlink(outside, folder / ".d")
        before = snapshot(folder)
        corpus = cu.load_corpus(folder)
        assert corpus["doc_id"].tolist() == ["a", "b"]
        assert not corpus["raw_text"].str.contains("SECRET").any()
        assert snapshot(folder) == before
        (folder / "metadata.csv").write_text("file,stance\na.txt,x\nb.txt,y\n.x.txt,y\n")
        before = snapshot(folder)
        with pytest.raises(cu.errors.UnreadableFileError, match=r"^corpus/.x.txt: is a symbolic link, not a regular file"):
            cu.load_corpus(folder)
        assert snapshot(folder) == before
        (folder / "metadata.csv").write_text("file,stance\na.txt,x\nb.txt,y\n.d/secret.txt,y\n")
        before = snapshot(folder)
        with pytest.raises(cu.CorpusNotFoundError, match=r"names the file '.d/secret.txt', which is not in the folder"):
            cu.load_corpus(folder)
        assert snapshot(folder) == before

    def test_hidden_symbolic_links_among_label_folders_are_never_read(self, tmp_path):
        root = _label_folders(tmp_path / "corpus", {"pro/a.txt": "Police build trust.", "anti/b.txt": "Detainers end trust."})
        outside = _label_folders(tmp_path / "outside", {"secret.txt": "SECRET words outside the corpus."})
        os.symlink(outside / "secret.txt", root / "pro" / ".x.txt")
        os.symlink(outside, root / ".hidden")
        before = snapshot(root)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            corpus = cu.load_corpus(root)
        assert corpus["doc_id"].tolist() == ["anti/b", "pro/a"]
        assert snapshot(root) == before

    def test_metadata_csv_itself_must_not_be_a_link(self, make_corpus, tmp_path):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Detainers end trust.")})
        (folder / "metadata.csv").rename(tmp_path / "elsewhere.csv")
        os.symlink(tmp_path / "elsewhere.csv", folder / "metadata.csv")
        before = snapshot(folder)
        with pytest.raises(cu.errors.UnreadableFileError) as info:
            cu.load_corpus(folder)
        assert str(info.value) == (
            "corpus/metadata.csv: is a symbolic link, not a regular file; links are never followed. "
            "Replace the link with a copy of the file."
        )
        assert snapshot(folder) == before


_LOAD_SCRIPT = """
import json, sys, warnings
import corpus_utils as cu
warnings.simplefilter("ignore")
try:
    corpus = cu.load_corpus(sys.argv[1])
except cu.CorpusError as exc:
    print(json.dumps([type(exc).__name__, str(exc)]))
else:
    print(json.dumps(["loaded", corpus["doc_id"].tolist()]))
"""


def _load_without_permission_override(folder):
    """Load ``folder`` in a process that file permissions apply to; return (error class or "loaded", detail).

    Root ignores read permissions (the CAP_DAC_OVERRIDE capability), so as root the load runs in a child
    process with every capability dropped (setpriv); the files are owned by root, so their owner bits apply.
    """
    if os.name != "posix":
        pytest.skip("file permission bits are POSIX-only")
    command = [sys.executable, "-c", _LOAD_SCRIPT, str(folder)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: root reads any file, so the permission path cannot be tested")
        command = [setpriv, "--bounding-set=-all", "--inh-caps=-all", "--ambient-caps=-all", *command]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=folder.parent, timeout=600)
    assert done.returncode == 0, done.stderr
    return tuple(json.loads(done.stdout))


@pytest.fixture
def restore_modes():
    changed = []

    def _chmod(path, mode):
        changed.append((path, stat.S_IMODE(os.lstat(path).st_mode)))
        os.chmod(path, mode)

    yield _chmod
    for path, mode in reversed(changed):
        os.chmod(path, mode)


class TestReadErrorsAreNamed:
    def test_unreadable_text_file(self, make_corpus, restore_modes):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b b.txt": ("y", "Detainers end trust.")})
        before = snapshot(folder)
        restore_modes(folder / "b b.txt", 0)
        kind, detail = _load_without_permission_override(folder)
        assert (kind, detail) == ("UnreadableFileError", (
            "corpus/b b.txt: cannot be read (Permission denied). "
            "Make it readable (chmod u+r 'corpus/b b.txt') or move it out of the corpus folder."
        ))
        os.chmod(folder / "b b.txt", 0o644)
        assert snapshot(folder) == before

    def test_unreadable_metadata_csv(self, make_corpus, restore_modes):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Detainers end trust.")})
        before = snapshot(folder)
        restore_modes(folder / "metadata.csv", 0)
        kind, detail = _load_without_permission_override(folder)
        assert kind == "UnreadableFileError"
        assert detail.startswith("corpus/metadata.csv: cannot be read (Permission denied). Make it readable")
        os.chmod(folder / "metadata.csv", 0o644)
        assert snapshot(folder) == before

    def test_unreadable_label_folder_is_an_error_not_a_dropped_group(self, tmp_path, restore_modes):
        root = _label_folders(tmp_path / "corpus", {"pro/a.txt": "Police build trust.", "anti/b.txt": "Detainers end trust.",
                                                   "anti/c.txt": "Sanctuary rules protect."})
        before = snapshot(root)
        restore_modes(root / "anti", 0)
        kind, detail = _load_without_permission_override(root)
        assert (kind, detail) == ("UnreadableFileError", (
            "corpus/anti: cannot be read (Permission denied), so none of its files can be loaded. "
            "Make it readable (chmod u+rx corpus/anti) or move it out of the corpus folder."
        ))
        os.chmod(root / "anti", 0o755)
        assert snapshot(root) == before

    def test_unreadable_sub_folder_named_in_metadata(self, make_corpus, restore_modes):
        folder = make_corpus({"a.txt": ("x", "Police build trust.")})
        (folder / "more").mkdir()
        (folder / "more" / "b.txt").write_text("Detainers end trust.")
        (folder / "metadata.csv").write_text("file,stance\na.txt,x\nmore/b.txt,y\n")
        assert cu.load_corpus(folder)["doc_id"].tolist() == ["a", "b"]
        before = snapshot(folder)
        restore_modes(folder / "more", 0)
        kind, detail = _load_without_permission_override(folder)
        assert kind == "UnreadableFileError"
        assert detail.startswith("corpus/more: cannot be read (Permission denied)")
        os.chmod(folder / "more", 0o755)
        assert snapshot(folder) == before


class TestUnshowableLabels:
    def test_a_label_with_control_or_bidirectional_characters_is_named_in_a_warning(self, make_corpus):
        folder = make_corpus({"a.txt": ("pro\u202epolice", "Police build trust."), "b.txt": ("anti\x07", "Detainers end."),
                              "c.txt": ("plain", "Sanctuary rules.")})
        with pytest.warns(cu.CorpusWarning) as record:
            corpus = cu.load_corpus(folder)
        about = [str(w.message) for w in record if "formatting" in str(w.message)]
        assert about == [
            "corpus: 2 labels hold control or bidirectional formatting characters, which pages and figures do not "
            "show ('anti\\x07', 'pro\\u202epolice'): control characters are shown as \ufffd and bidirectional "
            "formatting characters are left out. The groups keep their labels as written."
        ]
        assert sorted(corpus["group"].unique()) == ["anti\x07", "plain", "pro\u202epolice"]

    def test_ordinary_labels_give_no_such_warning(self, make_corpus):
        folder = make_corpus({"a.txt": ("pro", "Police build trust."), "b.txt": ("\u0645\u0639", "Detainers end.")})
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            cu.load_corpus(folder)
        assert not [w for w in record if "formatting" in str(w.message)]


class TestLookAlikeLabels:
    @pytest.mark.parametrize("first, second, shown, how", [
        ("caf\u00e9", "cafe\u0301", "'cafe\\u0301' / 'caf\\xe9'", "Unicode form"),
        ("pro\u00a0police", "pro police", "'pro police' / 'pro\\xa0police'", "white space"),
        ("pro\tpolice", "pro  police", "'pro\\tpolice' / 'pro  police'", "white space"),
        ("pro\u200bpolice", "propolice", "'propolice' / 'pro\\u200bpolice'", "white space"),
        ("Pro\u00a0police", "pro police", "'Pro\\xa0police' / 'pro police'", "white space and case"),
        ("\uff30\uff32\uff2f", "PRO", "'PRO' / '\\uff30\\uff32\\uff2f'", "Unicode form"),
    ])
    def test_one_warning_names_both_spellings_visibly(self, make_corpus, first, second, shown, how):
        folder = make_corpus({"a.txt": (first, "Police build trust."), "b.txt": (second, "Detainers end trust."),
                              "c.txt": ("other", "Sanctuary rules.")})
        before = snapshot(folder)
        with pytest.warns(cu.CorpusWarning) as record:
            corpus = cu.load_corpus(folder)
        about_labels = [str(w.message) for w in record if "labels" in str(w.message)]
        assert about_labels == [
            "corpus: labels that differ only in case or in white space or Unicode form are kept as different groups: "
            f"{shown} ({how}). If they are one group, spell the label the same way everywhere."
        ]
        assert sorted(corpus["group"].unique()) == sorted([first, second, "other"])
        assert snapshot(folder) == before

    def test_labels_that_differ_visibly_are_not_flagged(self, make_corpus):
        folder = make_corpus({"a.txt": ("pro-police", "Police build trust."), "b.txt": ("pro police", "Detainers.")})
        before = snapshot(folder)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            cu.load_corpus(folder)
        assert snapshot(folder) == before


class TestListedTwice:
    def test_same_file_under_two_labels_names_the_file_and_both_rows(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Detainers end trust.")})
        (folder / "metadata.csv").write_text("file,stance\na.txt,x\nb.txt,y\na.txt,y\n")
        before = snapshot(folder)
        with pytest.raises(cu.MetadataError) as info:
            cu.load_corpus(folder)
        assert str(info.value) == (
            "corpus/metadata.csv: lists the file 'a.txt' more than once (rows 2 and 4, counting the header as "
            "row 1; labels 'x' and 'y'). Keep one row per file, with its one label."
        )
        assert snapshot(folder) == before

    def test_same_file_twice_with_different_ids_and_one_label(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Detainers end trust.")})
        (folder / "metadata.csv").write_text("file,stance,doc_id\na.txt,x,one\n a.txt ,x,two\nb.txt,y,three\n")
        before = snapshot(folder)
        with pytest.raises(cu.MetadataError, match=r"lists the file 'a.txt' more than once \(rows 2 and 3, counting "
                                                   r"the header as row 1; label 'x'\)"):
            cu.load_corpus(folder)
        assert snapshot(folder) == before

    def test_duplicate_text_warning_names_the_files(self, make_corpus):
        folder = make_corpus({"one.txt": ("x", "Same words here."), "two.txt": ("y", "Same  words here.\n"),
                              "three.txt": ("y", "Other words.")}, extra_columns={"two.txt": {"doc_id": "copy"}})
        before = snapshot(folder)
        with pytest.warns(cu.CorpusWarning, match=r"1 document\(s\) repeat an earlier document's text \(one = copy "
                                                  r"\(one.txt repeats two.txt\)\)"):
            corpus = cu.load_corpus(folder)
        assert corpus.set_index("doc_id")["duplicate_of"].to_dict() == {"copy": "", "one": "copy", "three": ""}
        assert snapshot(folder) == before


class TestEmptyVocabulary:
    def test_only_stop_words_is_an_error_naming_the_corpus(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "the and of"), "b.txt": ("y", "Of the, and.")})
        before = snapshot(folder)
        with pytest.raises(cu.EmptyVocabularyError) as info:
            cu.load_corpus(folder)
        assert str(info.value) == (
            "corpus: every word of every document is a stop word (the default list: 'the', 'and', 'of' ...), so "
            "there is no vocabulary to compare. Check that the files hold the texts you meant (in Python, "
            "load_corpus(stop_words=None) skips this check)."
        )
        assert snapshot(folder) == before

    def test_one_content_word_anywhere_is_enough(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "the and of"), "b.txt": ("y", "Of the police.")})
        assert len(cu.load_corpus(folder)) == 2

    def test_the_check_follows_the_stop_word_list_and_can_be_turned_off(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "the and of"), "b.txt": ("y", "Of the police.")})
        before = snapshot(folder)
        with pytest.raises(cu.EmptyVocabularyError, match=r"^corpus: every word .* \(the given list\)"):
            cu.load_corpus(folder, stop_words=["the", "and", "of", "police"])
        assert len(cu.load_corpus(folder, stop_words=None)) == 2
        only_stop = make_corpus({"a.txt": ("x", "the and of"), "b.txt": ("y", "of the")}, name="stop")
        assert len(cu.load_corpus(only_stop, stop_words=None)) == 2
        assert snapshot(folder) == before

    def test_a_word_across_the_scanning_chunk_boundary_is_read_whole(self):
        from corpus_utils import load

        stops = cu.load_stop_words("default")
        assert {"a", "and", "or"} <= stops and "andor" not in stops
        filler = "a " * ((load._SCAN_CHUNK - 3) // 2)
        filler += " " * (load._SCAN_CHUNK - 3 - len(filler))
        text = filler + "andor"  # a cut at the chunk size would split it into the stop words "and" and "or"
        assert text[load._SCAN_CHUNK - 3:load._SCAN_CHUNK] == "and"
        assert load._has_content_word([text], stops)
        assert not load._has_content_word([filler + "and or"], stops)


class TestCheckCommand:
    def _main(self, *argv):
        from corpus_utils.__main__ import main

        return main(list(argv))

    def test_single_group_exits_2_after_the_summary(self, make_corpus, capsys):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("x", "Detainers end trust.")})
        before = snapshot(folder)
        assert self._main("check", str(folder)) == 2
        out, err = capsys.readouterr()
        assert out.splitlines()[0] == f"{folder}: 2 documents, 6 tokens after cleaning"
        assert err.strip().splitlines()[-1] == (
            "error: a comparison needs at least 2 groups (got 1: x). "
            "Label the documents with at least two different values, or choose another label column."
        )
        assert snapshot(folder) == before

    def test_two_groups_exit_0(self, make_corpus, capsys):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Detainers end trust.")})
        assert self._main("check", str(folder)) == 0
        assert "  x: 1 document, 3 tokens" in capsys.readouterr().out

    def test_stop_words_only_exits_2_with_the_message(self, make_corpus, capsys):
        folder = make_corpus({"a.txt": ("x", "the and of"), "b.txt": ("y", "Of the, and.")})
        before = snapshot(folder)
        assert self._main("check", str(folder)) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith("error: corpus: every word of every document is a stop word")
        assert snapshot(folder) == before


class TestSeedRecognition:
    def test_the_seed_texts_relabelled_are_not_the_seed_corpus(self, seed_corpus):
        swapped = seed_corpus.copy()
        flip = {"pro-cooperation": "anti-cooperation", "anti-cooperation": "pro-cooperation"}
        swapped["group"] = swapped["group"].map(flip)
        assert cu.is_seed_corpus(seed_corpus) and not cu.is_seed_corpus(swapped)

    def test_the_fingerprint_covers_labels(self, seed_corpus):
        other = seed_corpus.copy()
        other.loc[0, "group"] = "x"
        assert cu.corpus_fingerprint(other) != cu.corpus_fingerprint(seed_corpus)


# --- Hardening: one line for each hostile input, no silent handling ----------------------------------------

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


def _hostile(tmp_path, name):
    """A copy of one hostile fixture in a temporary folder (tests never touch the tracked tree)."""
    return Path(shutil.copytree(HOSTILE / name, tmp_path / name))


class TestOneClearLine:
    def test_a_lone_surrogate_escape_in_a_jsonl_table_names_the_file_row_and_column(self, tmp_path):
        path = _hostile(tmp_path, "lone_surrogate") / "table.jsonl"
        with pytest.raises(cu.DecodeError) as info:
            cu.load_corpus(path)
        assert str(info.value) == (
            "table.jsonl, row 2: the column 'text' holds the escape \\ud800, half of a surrogate pair "
            "with no other half, which is not a character. Replace the escape with the character it "
            "stands for (or the full pair, such as \\ud83d\\ude00), or delete it."
        )

    def test_a_label_column_equal_to_the_text_column_is_an_error_naming_both_options(self, tmp_path):
        path = _hostile(tmp_path, "label_is_text") / "table.csv"
        with pytest.raises(cu.ParameterError) as info:
            cu.load_corpus(path, label_column="text")
        assert str(info.value) == (
            "table.csv: the label column and the text column are both 'text'. "
            "Name the column of groups with --label-column (label_column=), which must differ "
            "from the text column (--text-column, default 'text')."
        )

    @pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
    def test_any_os_error_while_reading_a_file_is_an_unreadable_file_error(self, make_corpus, monkeypatch, code):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Detainers hold people.")})
        real_fstat = os.fstat

        def failing_fstat(fd):
            if os.readlink(f"/proc/self/fd/{fd}").endswith("b.txt"):
                raise OSError(code, os.strerror(code))
            return real_fstat(fd)

        monkeypatch.setattr(os, "fstat", failing_fstat)
        with pytest.raises(cu.UnreadableFileError, match=rf"corpus/b.txt: cannot be read \({os.strerror(code)}\)"):
            cu.load_corpus(folder)

    @pytest.mark.parametrize("layout", ["folder", "table"])
    def test_a_file_over_the_size_limit_is_refused_before_it_is_read(self, tmp_path, monkeypatch, layout):
        folder = tmp_path / "corpus"
        if layout == "folder":
            write_corpus(folder, {"a.txt": ("x", "Police build trust."), "big.txt": ("y", "placeholder")})
            big, display = folder / "big.txt", "corpus/big.txt"
        else:
            folder.mkdir()
            big, display = folder / "big.csv", "big.csv"
        # sparse: nothing is written. A table holds many documents, so its limit is 1 GB, a text file's 50 MB
        size, said = ("200MB", "200.0 MB, over the limit of 50 MB") if layout == "folder" else (
            "2000MB", "2,000.0 MB, over the limit of 1,000 MB")
        subprocess.run(["truncate", "-s", size, str(big)], check=True)
        load_module = sys.modules["corpus_utils.load"]
        monkeypatch.setattr(load_module, "decode_bytes", _small_only(load_module.decode_bytes))
        if layout != "folder":
            monkeypatch.setattr(load_module.pd, "read_csv", lambda *a, **k: pytest.fail("the table was read"))
        with pytest.raises(errors.FileTooLargeError) as info:
            cu.load_corpus(folder if layout == "folder" else big)
        assert str(info.value).startswith(f"{display}: is {said} for one file")
        how = "one file per document" if layout == "folder" else "a folder of text files with a metadata.csv"
        assert how in str(info.value)


def _small_only(decode):
    """decode_bytes, failing the test if it is handed the bytes of a big file."""
    def decode_small(data, path="<bytes>"):
        assert len(data) < 1_000_000, f"{path} was read ({len(data)} bytes)"
        return decode(data, path)

    return decode_small


class TestFillerWords:
    @pytest.mark.parametrize("word", ["nobody", "anyone", "something", "perhaps", "somehow", "therefore", "meanwhile", "done", "none", "still"])
    def test_general_filler_words_are_stop_words(self, word):
        assert word in cu.load_stop_words("default")

    @pytest.mark.parametrize("word", ["against", "without", "never", "fire", "bill", "system", "less"])
    def test_words_that_carry_content_or_stance_are_not(self, word):
        assert word not in cu.load_stop_words("default")

    def test_a_corpus_of_filler_words_only_is_an_empty_vocabulary(self, tmp_path):
        folder = _hostile(tmp_path, "filler_only")
        with pytest.raises(cu.EmptyVocabularyError) as info:
            cu.load_corpus(folder)
        assert str(info.value).startswith(
            "filler_only: every word of every document is a stop word (the default list: 'the', 'and', 'of' ...), "
            "so there is no vocabulary to compare."
        )


LEGACY_LINE = ("\u201cThe sheriff\u2019s office\u201d said Jos\u00e9 N\u00fa\u00f1ez \u201cwill not cooperate with "
               "the federal agency.\u201d ") * 3


class TestNothingSilent:
    def test_a_legacy_encoding_is_named_in_one_warning(self, tmp_path):
        folder = _hostile(tmp_path, "legacy_encoding")
        with pytest.warns(cu.CorpusWarning) as record:
            corpus = cu.load_corpus(folder)
        messages = [str(w.message) for w in record if "encoding" in str(w.message)]
        assert messages == [
            "legacy_encoding: read 1 file(s) in an older encoding, not UTF-8: legacy.txt (cp1252). "
            "Check that their accents and quotation marks look right in the report; "
            "save them as UTF-8 to be sure (and to silence this warning)."
        ]
        assert corpus.set_index("doc_id").loc["legacy", "encoding"] == "cp1252"

    def test_a_legacy_table_is_named_and_its_rows_carry_its_encoding(self, tmp_path):
        path = tmp_path / "t.csv"
        path.write_bytes(f"text,stance\n\"{LEGACY_LINE}\",for\nPolice build trust.,against\n".encode("cp1252"))
        with pytest.warns(cu.CorpusWarning, match=r"t.csv: read 1 file\(s\) in an older encoding, not UTF-8: t.csv \(cp1252\)"):
            corpus = cu.load_corpus(path)
        assert corpus["encoding"].tolist() == ["cp1252", "cp1252"]

    def test_a_legacy_metadata_csv_is_named(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Detainers hold people.")})
        (folder / "metadata.csv").write_bytes(f"file,stance,note\na.txt,x,{LEGACY_LINE}\nb.txt,y,\n".encode("cp1252"))
        with pytest.warns(cu.CorpusWarning, match=r"corpus: read 1 file\(s\) in an older encoding, not UTF-8: metadata.csv \(cp1252\)\."):
            cu.load_corpus(folder)

    def test_utf8_corpora_get_no_encoding_warning(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "Police build trust."), "b.txt": ("y", "Jos\u00e9 was detained.")})
        with warnings.catch_warnings():
            warnings.simplefilter("error", cu.CorpusWarning)
            cu.load_corpus(folder)

    def test_a_metadata_column_with_a_reserved_name_is_an_error_naming_it(self, tmp_path):
        folder = _hostile(tmp_path, "reserved_column")
        with pytest.raises(cu.MetadataError) as info:
            cu.load_corpus(folder)
        assert str(info.value) == (
            "reserved_column/metadata.csv: has the column 'path', a name the corpus uses for its own columns "
            "(doc_id, group, path, sha256, encoding, n_tokens, n_removed_lines, duplicate_of, raw_text, text), "
            "so its values would be lost. Rename the column (for example to 'source_path')."
        )

    @pytest.mark.parametrize("column", ["group", "text", "doc_id"])
    def test_a_table_column_with_a_reserved_name_is_an_error_unless_an_option_uses_it(self, tmp_path, column):
        path = tmp_path / "t.csv"
        pd.DataFrame({"body": ["Police build trust.", "Detainers hold people."], "stance": ["a", "b"],
                      column: ["p", "q"]}).to_csv(path, index=False)
        with pytest.raises(cu.MetadataError, match=f"t.csv: has the column '{column}', a name the corpus uses"):
            cu.load_corpus(path, text_column="body", id_column="id")

    def test_reserved_names_used_by_an_option_are_fine(self, tmp_path):
        path = tmp_path / "t.csv"
        pd.DataFrame({"doc_id": ["p", "q"], "text": ["Police build trust.", "Detainers hold people."],
                      "group": ["a", "b"]}).to_csv(path, index=False)
        corpus = cu.load_corpus(path, label_column="group")
        assert corpus["doc_id"].tolist() == ["p", "q"] and corpus["group"].tolist() == ["a", "b"]

    @pytest.mark.parametrize("listed, on_disk, forms", [("NFC", "NFD", ("NFC", "NFD")), ("NFD", "NFC", ("NFD", "NFC"))])
    def test_a_file_name_in_another_unicode_form_says_which(self, tmp_path, listed, on_disk, forms):
        import unicodedata

        folder = tmp_path / "corpus"
        folder.mkdir()
        name = "caf\u00e9.txt"
        (folder / unicodedata.normalize(on_disk, name)).write_text("Police build trust.")
        (folder / "b.txt").write_text("Detainers hold people.")
        (folder / "metadata.csv").write_text(f"file,stance\n{unicodedata.normalize(listed, name)},x\nb.txt,y\n")
        with pytest.raises(cu.MetadataError) as info:
            cu.load_corpus(folder)
        assert str(info.value) == (
            f"corpus/metadata.csv: names '{unicodedata.normalize(listed, name)}' in Unicode form {forms[0]} (row 2); the folder has it in "
            f"form {forms[1]}, which is another sequence of characters. Rename one of them so that both are "
            "spelled the same way (retyping the name in metadata.csv usually does it)."
        )


def test_loading_is_said_as_the_stage_of_the_chapter_that_loads(tmp_path, monkeypatch):
    """``corpus-essay run`` shows ``loading`` while a chapter reads its corpus (``report.stage``)."""
    said = []
    monkeypatch.setattr(cu.report, "announce_stage", said.append)
    cu.load_corpus(ROOT / "data" / "seed")
    assert said == ["loading", "other steps"]
