"""Shared: what ``corpus-essay run`` reads and counts once, on disk, for every chapter to read back.

Each chapter is its own notebook, run in its own kernel, and each used to read, decode, clean and
tokenize the whole corpus again. ``corpus-essay run`` now does that once, before the chapters start,
and leaves the results in a hidden folder of the report it is writing (:data:`SHARED_DIR`, removed
before the report is published); a chapter given that folder (its ``shared`` parameter) reads them
back instead of recomputing them. A chapter opened alone (``shared = None``) computes everything
itself, as before, with the same results.

What is shared, and how it is keyed so that a changed input never reads a stale result:

* **The loaded corpus** (``corpus-<key>.parquet``, with ``corpus-<key>.json``: the warnings the load
  gave, said again when it is read back). Its key is a sha256 over the corpus's real path, every
  setting of :func:`corpus_utils.load.load_corpus` that shapes it (the columns, the cleaning rules'
  file content, the stop words), this file format and the package's version: the same chapter with
  another ``label_column`` looks for another file, and finds none.
* **Tables of the chapters** (``table-<key>.parquet`` with ``table-<key>.json``: the table's ``attrs``
  and its columns' dtypes): the chapter that computes one of the tables the synthesis chapter reads
  leaves it, and the synthesis chapter reads it instead of recomputing it. Its key is a sha256 over the
  chapter, the table, every setting of the chapter (a file by its content), the groups compared and the
  texts' key below. A table is left only when it reads back exactly equal, ``attrs`` included.
* **The run's Dask scheduler** (``engine.json``: its address, written by ``corpus-essay run --engine
  dask``): a chapter that finds it runs its permutation tests' products on that cluster
  (:func:`read_engine`); without it, in its own kernel. The address lives only as long as the run
  (the folder is removed before the report is published) and is never written into a report.
* **The positional token index** of those texts (``tokens-<key>.<array>.npy``, memory-mapped when
  read). Its key is a sha256 over the documents' ids, labels and texts themselves, so it can only be
  read for exactly the texts it was made from.

Files are written to a temporary name and renamed into place, so a reader never sees half a file;
anything unreadable, missing or made by another version is treated as absent, and the chapter
computes the result itself. Parquet (through pyarrow) keeps every column's dtype, so a corpus read
back equals the corpus loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from .count import TokenIndex

__all__ = ["ENGINE_FILE", "SHARED_DIR", "corpus_key", "read_corpus", "read_engine", "read_table", "read_tokens", "table_key",
           "texts_key", "write_corpus", "write_engine", "write_table", "write_tokens"]

#: The hidden folder of a report's working folder that holds the shared results (removed before publishing).
SHARED_DIR = ".shared"
#: The file of the shared folder that names the run's Dask scheduler (:func:`write_engine`).
ENGINE_FILE = "engine.json"
#: The version of the files' layout: a file of another layout is never read.
FORMAT = 1
#: The arrays of a token index, each in a file of its own (the texts are the corpus's).
_TOKEN_ARRAYS = ("doc_ids", "labels", "doc_ptr", "token_ids", "types", "starts", "ends", "phrase_break", "sentence_ids")


def _version() -> str:
    try:
        return metadata.version("corpus-utils")
    except metadata.PackageNotFoundError:  # a source checkout that is not installed
        return "unknown"


def _file_digest(value) -> str | None:
    """A path's content digest (so an edited rules file gives another key), or the value itself as text."""
    if value is None:
        return None
    if isinstance(value, (str, Path)) and Path(value).is_file():
        return "sha256:" + hashlib.sha256(Path(value).read_bytes()).hexdigest()
    if isinstance(value, (list, tuple, set, frozenset)):
        return json.dumps(sorted(str(v) for v in value))
    return str(value)


def corpus_key(source: str | Path, settings: dict) -> str:
    """The key of a loaded corpus: its real path, the load settings that shape it, the format and the version.

    Parameters
    ----------
    source : str or Path
        The corpus as given to :func:`corpus_utils.load.load_corpus` (made absolute and real here, so
        the command and a chapter, in another working folder, find the same key).
    settings : dict
        The settings of the load (a file given as a setting counts by its content).

    Examples
    --------
    >>> corpus_key("texts", {"label_column": "stance"}) == corpus_key("./texts", {"label_column": "stance"})
    True
    >>> corpus_key("texts", {"label_column": "stance"}) == corpus_key("texts", {"label_column": "party"})
    False
    """
    described = {"format": FORMAT, "version": _version(), "source": os.path.realpath(source),
                 "settings": {k: _file_digest(settings[k]) for k in sorted(settings)}}
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode("utf-8")).hexdigest()[:32]


def texts_key(corpus: pd.DataFrame, text_column: str = "text") -> str:
    """The key of a token index: a sha256 over each document's id, label and text (and the format and version)."""
    digest = hashlib.sha256(f"{FORMAT}\x00{_version()}\x00{text_column}".encode("utf-8"))
    groups = corpus["group"] if "group" in corpus else pd.Series([""] * len(corpus))
    for doc_id, group, text in zip(corpus["doc_id"].astype(str), groups.astype(str), corpus[text_column].astype(str)):
        digest.update(f"\x00{doc_id}\x01{group}\x01{len(text)}\x01".encode("utf-8", "surrogatepass"))
        digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def _replace(path: Path, write) -> None:
    """Write through ``write(file)`` to a temporary name beside ``path``, then rename it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "xb") as handle:
            write(handle)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _give_up(paths, exc: Exception) -> bool:
    """Remove what a write that failed left, and say it was not shared (False); a full disk is the run's own error."""
    for path in paths:
        Path(path).unlink(missing_ok=True)
    if isinstance(exc, OSError) and not isinstance(exc, (FileNotFoundError, PermissionError)):
        raise exc
    return False


def write_corpus(folder: str | Path, source: str | Path, settings: dict, corpus: pd.DataFrame, warnings: list[str]) -> bool:
    """Write a loaded corpus and the warnings its load gave into ``folder``; False (nothing left) when it cannot be.

    A corpus whose columns Parquet cannot hold as they are (a metadata column mixing numbers and
    text, say) is not shared: each chapter then loads it itself.
    """
    folder = Path(folder)
    key = corpus_key(source, settings)
    table, meta = folder / f"corpus-{key}.parquet", folder / f"corpus-{key}.json"
    try:
        _replace(table, lambda handle: corpus.to_parquet(handle, index=False))
        text = json.dumps({"format": FORMAT, "warnings": list(warnings), "documents": int(len(corpus))})
        _replace(meta, lambda handle: handle.write(text.encode("utf-8")))
    except Exception as exc:  # also pyarrow's own errors (ArrowInvalid, ArrowTypeError), which subclass no builtin
        return _give_up((table, meta), exc)
    return True


def read_corpus(folder: str | Path | None, source: str | Path, settings: dict) -> tuple[pd.DataFrame, list[str]] | None:
    """The corpus ``write_corpus`` left for this source and these settings, with its load's warnings; else None."""
    if folder is None:
        return None
    key = corpus_key(source, settings)
    table, meta = Path(folder) / f"corpus-{key}.parquet", Path(folder) / f"corpus-{key}.json"
    try:
        described = json.loads(meta.read_text(encoding="utf-8"))
        if described.get("format") != FORMAT:
            return None
        corpus = pd.read_parquet(table)
    except Exception:  # absent, unreadable or half-made: the chapter loads the corpus itself
        return None
    if len(corpus) != described.get("documents"):
        return None
    return corpus, [str(w) for w in described.get("warnings", [])]


def write_tokens(folder: str | Path, tokens: TokenIndex, corpus: pd.DataFrame, text_column: str = "text") -> bool:
    """Write the arrays of a token index of ``corpus`` into ``folder`` (one ``.npy`` file each); False when it cannot be."""
    key = texts_key(corpus, text_column)
    written = []
    try:
        for name in _TOKEN_ARRAYS:
            path = Path(folder) / f"tokens-{key}.{name}.npy"
            values = getattr(tokens, name)
            if values.dtype == object:  # ids, labels and types: text, stored as fixed-width text (no pickle)
                values = values.astype(str)
            _replace(path, lambda handle, values=values: np.save(handle, values, allow_pickle=False))
            written.append(path)
    except (FileNotFoundError, PermissionError, ValueError):
        for path in written:
            path.unlink(missing_ok=True)
        return False
    return True


def read_tokens(folder: str | Path | None, corpus: pd.DataFrame, text_column: str = "text",
                key: str | None = None) -> TokenIndex | None:
    """The token index ``write_tokens`` left for exactly these documents and texts (memory-mapped), or None.

    The arrays are read-only maps of the files; the texts are the corpus's own column. ``key`` is
    :func:`texts_key` of the corpus, when the caller has it already (it is not hashed again).
    """
    if folder is None:
        return None
    key = texts_key(corpus, text_column) if key is None else key
    arrays = {}
    try:
        for name in _TOKEN_ARRAYS:
            values = np.load(Path(folder) / f"tokens-{key}.{name}.npy", mmap_mode="r", allow_pickle=False)
            arrays[name] = np.array(values, dtype=object) if values.dtype.kind == "U" else values  # text, as indexed
    except Exception:  # absent or unreadable: the chapter indexes the texts itself
        return None
    if len(arrays["doc_ids"]) != len(corpus) or arrays["doc_ids"].tolist() != corpus["doc_id"].astype(str).tolist():
        return None
    index = TokenIndex(**arrays, texts=corpus[text_column].to_numpy(dtype=object))
    index._type_index.update({t: i for i, t in enumerate(index.types.tolist())})
    return index


def table_key(chapter: str, table: str, settings: dict, groups, texts: str) -> str:
    """The key of a chapter's table: the chapter, the table, its settings (a file by its content), the groups compared
    and the key of the texts (:func:`texts_key`), with the format and the version.

    Examples
    --------
    >>> a = table_key("Vocabulary", "stable", {"top_n": 10}, ["a", "b"], "k")
    >>> a == table_key("Vocabulary", "stable", {"top_n": 10}, ["a", "b"], "k"), a == table_key(
    ...     "Vocabulary", "stable", {"top_n": 11}, ["a", "b"], "k")
    (True, False)
    """
    described = {"format": FORMAT, "version": _version(), "chapter": chapter, "table": table, "groups": list(groups),
                 "texts": texts, "settings": {k: _file_digest(settings[k]) for k in sorted(settings)}}
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:32]


def _encode(value):
    """``attrs`` as JSON can hold them: a tuple is tagged so that it comes back a tuple."""
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(value):
    if isinstance(value, dict):
        if set(value) == {"__tuple__"}:
            return tuple(_decode(v) for v in value["__tuple__"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _strictly_equal(a, b) -> bool:
    """Equal, and of the same types all the way down (a tuple that came back a list is not the same)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_strictly_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_strictly_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


def _read_table(table: Path, meta: Path) -> pd.DataFrame | None:
    described = json.loads(meta.read_text(encoding="utf-8"))
    if described.get("format") != FORMAT:
        return None
    frame = pd.read_parquet(table)
    for column, dtype in described["dtypes"].items():
        if dtype == "object" and str(frame[column].dtype) != "object":
            frame[column] = frame[column].astype(object)
    frame.attrs = _decode(described["attrs"])
    return frame


def write_table(folder: str | Path, key: str, table: pd.DataFrame) -> bool:
    """Leave a chapter's table (with its ``attrs``) under ``key``; only when it reads back exactly equal (else False).

    A table whose ``attrs`` JSON cannot hold as they are (a tuple, a numpy number) or whose columns do not
    come back with their dtypes is not left: the chapter that needs it computes it.
    """
    folder = Path(folder)
    path, meta = folder / f"table-{key}.parquet", folder / f"table-{key}.json"
    try:
        attrs = _encode(table.attrs)
        if not _strictly_equal(_decode(json.loads(json.dumps(attrs))), table.attrs) or not table.index.equals(
                pd.RangeIndex(len(table))):
            return False
        text = json.dumps({"format": FORMAT, "attrs": attrs,
                           "dtypes": {str(c): str(t) for c, t in table.dtypes.items()}})
        _replace(path, lambda handle: table.to_parquet(handle, index=False))
        _replace(meta, lambda handle: handle.write(text.encode("utf-8")))
        back = _read_table(path, meta)
        pd.testing.assert_frame_equal(back, table, check_exact=True)
        if not _strictly_equal(back.attrs, table.attrs):
            raise AssertionError("attrs")
    except Exception as exc:  # not exactly the same on the way back, or not writable: the reader computes it
        return _give_up((path, meta), exc)
    return True


def read_table(folder: str | Path | None, key: str) -> pd.DataFrame | None:
    """The table :func:`write_table` left under ``key`` (with its ``attrs``), or None."""
    if folder is None:
        return None
    try:
        return _read_table(Path(folder) / f"table-{key}.parquet", Path(folder) / f"table-{key}.json")
    except Exception:  # absent or unreadable: the chapter computes it
        return None


def write_engine(folder: str | Path, address: str) -> None:
    """Record the address of the run's Dask scheduler in ``folder`` (:data:`ENGINE_FILE`), for the chapters to connect to.

    The chapters of ``corpus-essay run --engine dask`` read it (:func:`read_engine`) and run their
    permutation tests' products on that cluster (:mod:`corpus_utils.engine`). Unlike the results,
    a failed write is an error: the chapters would otherwise compute in their kernels unannounced.

    Raises
    ------
    OSError
        If the file cannot be written.
    """
    text = json.dumps({"format": FORMAT, "scheduler": str(address)})
    _replace(Path(folder) / ENGINE_FILE, lambda handle: handle.write(text.encode("utf-8")))


def read_engine(folder: str | Path | None) -> str | None:
    """The scheduler's address :func:`write_engine` left in ``folder``; None without a folder or the file (in memory).

    A file of another format, or one that names no address, counts as absent.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     before = read_engine(folder)
    ...     write_engine(folder, "tcp://127.0.0.1:8786")
    ...     before, read_engine(folder), read_engine(None)
    (None, 'tcp://127.0.0.1:8786', None)
    """
    if folder is None:
        return None
    try:
        described = json.loads((Path(folder) / ENGINE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if not isinstance(described, dict) or described.get("format") != FORMAT:
        return None
    address = described.get("scheduler")
    return address if isinstance(address, str) and address else None
