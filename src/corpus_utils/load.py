"""Load: read a student's texts from disk into one corpus DataFrame, and nothing else.

Three layouts are accepted (see the README, "Analyse your own texts"):

1. a folder of text files plus ``metadata.csv`` whose ``file`` column names each file;
2. a folder with one sub-folder per label (scikit-learn's ``load_files`` convention);
3. one table, ``.csv`` or ``.jsonl``, with a text column and a label column.

Input files are only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import warnings
from pathlib import Path

import charset_normalizer
import pandas as pd

from .clean import CleaningRules, _clean, load_rules, normalize_text
from .count import count_tokens
from .errors import (
    CorpusError,
    CorpusNotFoundError,
    DecodeError,
    DuplicateDocumentError,
    EmptyCorpusError,
    EmptyDocumentError,
    LabelError,
    MetadataError,
)

__all__ = [
    "CorpusWarning",
    "TEXT_SUFFIXES",
    "check_groups",
    "corpus_fingerprint",
    "decode_bytes",
    "is_seed_corpus",
    "load_corpus",
]

#: File endings read as plain text. Other files in a corpus folder are skipped with a warning.
TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson")
METADATA_FILE = "metadata.csv"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
_IGNORED_DIRS = {"__MACOSX", "__pycache__", ".ipynb_checkpoints"}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CORE_COLUMNS = ["doc_id", "label"]
_DERIVED_COLUMNS = ["path", "sha256", "encoding", "n_tokens", "n_removed_lines", "duplicate_of", "raw_text", "text"]


class CorpusWarning(UserWarning):
    """Warned when loading skips or flags something but can go on (skipped files, duplicates)."""


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode a file's bytes to text.

    UTF-8 (with or without BOM) and UTF-16/UTF-32 with a BOM are read directly; anything
    else is handed to charset-normalizer's detector (which recognizes, for example,
    cp1252 and latin-1 text with accents and curly quotes). Where the detector finds
    several encodings equally likely, cp1252 and then latin-1 are preferred.

    Parameters
    ----------
    data : bytes
    path : str or Path
        Used in error messages only.

    Returns
    -------
    text : str
    encoding : str
        The encoding used, e.g. ``"utf-8"`` or ``"cp1252"``.

    Raises
    ------
    EmptyDocumentError
        If the file has no bytes.
    DecodeError
        If the bytes are binary (NUL bytes or control characters without a UTF-16/32 BOM)
        or no encoding fits. The message lists what was tried.
    """
    if not data:
        raise EmptyDocumentError("the file is empty (0 bytes)", path, "Remove it from the corpus or add its text")
    tried = "UTF-8, UTF-8 with BOM, UTF-16/32 with BOM, then automatic detection"
    fix = "Save it as UTF-8 text (in most editors: Save As, encoding UTF-8), or remove it from the corpus folder"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                raise DecodeError(f"starts with a {encoding} byte-order mark but is not valid {encoding}", path, fix) from None
    if b"\x00" in data:
        raise DecodeError(f"looks binary (it contains NUL bytes); tried {tried}", path, fix)
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = _detect(data)
        if best is None:
            raise DecodeError(f"is not text in any encoding that could be detected; tried {tried}", path, fix) from None
        text, encoding = str(best), best.encoding
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(2, len(text) // 100):
        raise DecodeError(f"looks binary ({controls} control characters after decoding as {encoding}); tried {tried}", path, fix)
    return text, encoding


#: When the detector finds several encodings equally likely (it often does on short texts),
#: prefer the commonest legacy encodings of English text.
_PREFERRED_ON_TIES = ("cp1252", "iso8859_1", "iso8859_15")


def _detect(data: bytes):
    """charset-normalizer's best match, with ties broken towards Western encodings."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    tied = {m.encoding: m for m in matches if m.chaos == best.chaos and m.coherence == best.coherence}
    for encoding in _PREFERRED_ON_TIES:
        if encoding in tied:
            return tied[encoding]
    return best


def _read_text_file(path: Path, display: str) -> tuple[str, str, str]:
    data = path.read_bytes()
    text, encoding = decode_bytes(data, display)
    if not text.strip():
        raise EmptyDocumentError(
            "holds only white space", display, "Remove it from the corpus folder or add its text"
        )
    return text, encoding, hashlib.sha256(data).hexdigest()


def _walk(root: Path) -> tuple[list[Path], list[str], list[str]]:
    """Text files below root (sorted), skipped files and symlinks (as relative names)."""
    files, skipped, links = [], [], []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for d in list(dirnames):
            if d.startswith(".") or d in _IGNORED_DIRS:
                dirnames.remove(d)
            elif (here / d).is_symlink():
                dirnames.remove(d)
                links.append((here / d).relative_to(root).as_posix())
        dirnames.sort()
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(root).as_posix()
            if name.startswith(".") or name == METADATA_FILE:
                continue
            if path.is_symlink():
                links.append(rel)
            elif path.suffix.lower() in TEXT_SUFFIXES:
                files.append(path)
            else:
                skipped.append(rel)
    return files, skipped, links


def _warn_skipped(root_name: str, skipped: list[str], links: list[str]) -> None:
    if skipped:
        warnings.warn(
            f"{root_name}: skipped {len(skipped)} file(s) that are not {' or '.join(TEXT_SUFFIXES)} text: "
            f"{', '.join(sorted(skipped)[:10])}{' ...' if len(skipped) > 10 else ''}. "
            "Convert them to .txt to include them.",
            CorpusWarning,
            stacklevel=3,
        )
    if links:
        warnings.warn(
            f"{root_name}: did not follow {len(links)} symbolic link(s): {', '.join(sorted(links)[:10])}. "
            "Copy the files into the corpus folder to include them.",
            CorpusWarning,
            stacklevel=3,
        )


def _read_table_file(path: Path, display: str) -> pd.DataFrame:
    text, _ = decode_bytes(path.read_bytes(), display)
    try:
        if path.suffix.lower() == ".csv":
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    except (pd.errors.ParserError, pd.errors.EmptyDataError, json.JSONDecodeError) as exc:
        raise MetadataError(
            f"could not be parsed as {path.suffix.lstrip('.').upper()} ({str(exc).splitlines()[0]})",
            display,
            "Check the file's quoting and delimiters; one document per row",
        ) from None
    if not all(isinstance(r, dict) for r in rows):
        raise MetadataError("every line of a JSON Lines file must be a JSON object", display, "Write one {...} object per line")
    return pd.DataFrame(rows).fillna("").astype(str)


#: How a user names each column on the command line (and in Python).
_COLUMN_OPTIONS = {"label": "--label-column (label_column=)", "text": "--text-column (text_column=)"}


def _require_columns(table: pd.DataFrame, columns: dict[str, str], display: str) -> None:
    for column, role in columns.items():
        if column not in table.columns:
            found = ", ".join(map(str, table.columns)) or "none"
            if len(table.columns) == 1 and ";" in str(table.columns[0]):
                raise MetadataError(
                    f"looks separated by semicolons, not commas (found one column: {table.columns[0]})",
                    display,
                    "Save it as comma-separated CSV (in a spreadsheet: Save As, CSV UTF-8, comma-delimited)",
                )
            how = f"or name it with {_COLUMN_OPTIONS[role]}" if role in _COLUMN_OPTIONS else "as the layout requires"
            raise MetadataError(
                f"has no {role} column '{column}' (found columns: {found})",
                display,
                f"Rename the column to '{column}' {how}",
            )


def _from_metadata_folder(root: Path, label_column: str, id_column: str, file_column: str) -> pd.DataFrame:
    meta_display = f"{root.name}/{METADATA_FILE}"
    meta = _read_table_file(root / METADATA_FILE, meta_display)
    _require_columns(meta, {file_column: "file", label_column: "label"}, meta_display)
    files, skipped, links = _walk(root)
    _warn_skipped(root.name, skipped, links)
    on_disk = {p.relative_to(root).as_posix(): p for p in files}
    named = meta[file_column].str.strip()
    for name in named:
        if name not in on_disk:
            raise CorpusNotFoundError(
                f"names the file '{name}', which is not in the folder",
                meta_display,
                "Fix the file name in metadata.csv or add the file",
            )
    extra = sorted(set(on_disk) - set(named))
    if extra:
        raise MetadataError(
            f"has no row for the text file(s) {', '.join(extra[:10])}",
            meta_display,
            "Add a row for each text file (with its label), or move the file out of the corpus folder",
        )
    rows = []
    for record in meta.to_dict("records"):
        name = record[file_column].strip()
        raw, encoding, digest = _read_text_file(on_disk[name], f"{root.name}/{name}")
        doc_id = record.get(id_column, "").strip() if id_column in meta.columns else ""
        rows.append(
            {**record, "doc_id": doc_id or Path(name).stem, "label": record[label_column].strip(), "path": name,
             "sha256": digest, "encoding": encoding, "raw_text": raw}
        )
    return pd.DataFrame(rows)


def _from_label_folders(root: Path) -> pd.DataFrame:
    files, skipped, links = _walk(root)
    _warn_skipped(root.name, skipped, links)
    loose = [p.name for p in files if p.parent == root]
    if loose:
        raise MetadataError(
            f"mixes text files at the top ({', '.join(loose[:5])}) with label sub-folders, and has no {METADATA_FILE}",
            root.name,
            f"Either move every file into a sub-folder named after its label, or add a {METADATA_FILE} with 'file' and label columns",
        )
    rows = []
    for path in files:
        rel = path.relative_to(root)
        raw, encoding, digest = _read_text_file(path, f"{root.name}/{rel.as_posix()}")
        rows.append(
            {"doc_id": rel.with_suffix("").as_posix(), "label": rel.parts[0], "path": rel.as_posix(),
             "sha256": digest, "encoding": encoding, "raw_text": raw}
        )
    return pd.DataFrame(rows)


def _from_table(path: Path, label_column: str, id_column: str, text_column: str) -> pd.DataFrame:
    table = _read_table_file(path, path.name)
    _require_columns(table, {text_column: "text", label_column: "label"}, path.name)
    width = len(str(len(table)))
    rows = []
    for i, record in enumerate(table.to_dict("records")):
        raw = record.pop(text_column)
        where = f"{path.name}, row {i + 1}"
        if not raw.strip():
            raise EmptyDocumentError("the text is empty", where, "Fill in the text or delete the row")
        doc_id = str(record.get(id_column, "")).strip() if id_column in table.columns else ""
        rows.append(
            {**record, "doc_id": doc_id or f"row-{i + 1:0{width}d}", "label": record[label_column].strip(),
             "path": f"{path.name}#{i + 1}", "sha256": hashlib.sha256(raw.encode("utf-8")).hexdigest(),
             "encoding": "utf-8", "raw_text": raw}
        )
    return pd.DataFrame(rows)


def load_corpus(
    source: str | Path,
    label_column: str = "stance",
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    file_column: str = "file",
    rules: CleaningRules | str | Path | None = None,
    clean: bool = True,
) -> pd.DataFrame:
    """Load a corpus from a folder or a table into one DataFrame, one row per document.

    Parameters
    ----------
    source : str or Path
        A folder (with ``metadata.csv``, or with one sub-folder per label) or a ``.csv`` /
        ``.jsonl`` file.
    label_column : str, default "stance"
        The metadata or table column holding each document's group. Ignored for the
        sub-folder layout, where the folder name is the label.
    text_column : str, default "text"
        The column holding the text (table layout only).
    id_column : str, default "doc_id"
        An optional column of document ids. Otherwise the file name without its ending,
        the relative path (sub-folder layout) or ``row-N`` (table layout).
    file_column : str, default "file"
        The metadata column naming each text file (folder layout).
    rules : CleaningRules or path, optional
        Cleaning rules; by default the shipped ``cleaning_rules.yml``.
    clean : bool, default True
        Whether to remove boilerplate. With False, ``text`` is the normalized raw text.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, label``, then every metadata column, then ``path`` (relative to
        the corpus), ``sha256`` (of the file's bytes), ``encoding``, ``n_tokens`` (of the
        cleaned text), ``n_removed_lines``, ``duplicate_of`` (the first document with the
        same cleaned text, or empty), ``raw_text`` (as decoded) and ``text`` (normalized
        and cleaned). Rows are sorted by ``doc_id`` for folders and kept in row order for
        tables.

    Raises
    ------
    CorpusError
        One of its subclasses, with a message naming the file and the fix: the path is
        missing, there are no documents, a document is empty or undecodable, the metadata
        disagrees with the files, a label is blank, or two documents share an id.

    Warns
    -----
    CorpusWarning
        For skipped non-text files, symbolic links not followed, and duplicate texts.
    """
    source = Path(source)
    if not source.exists():
        raise CorpusNotFoundError(
            "no such file or folder", str(source), "Check the path (it is read relative to the current folder)"
        )
    if source.is_dir():
        if (source / METADATA_FILE).is_file():
            corpus = _from_metadata_folder(source, label_column, id_column, file_column)
        else:
            corpus = _from_label_folders(source)
        if not corpus.empty:
            corpus = corpus.sort_values("doc_id", kind="stable").reset_index(drop=True)
    elif source.suffix.lower() in TABLE_SUFFIXES:
        corpus = _from_table(source, label_column, id_column, text_column)
    else:
        raise CorpusError(
            f"is neither a folder nor a table ({', '.join(TABLE_SUFFIXES)})",
            source.name,
            "Point to the folder of texts, or to a .csv / .jsonl table",
        )
    if corpus.empty:
        raise EmptyCorpusError(
            f"holds no documents ({' or '.join(TEXT_SUFFIXES)} files, or table rows)",
            source.name,
            f"Add text files with a {METADATA_FILE}, or one sub-folder of text files per label",
        )
    _check_ids_and_labels(corpus, source.name)
    _warn_near_duplicate_labels(corpus, source.name)
    rules = rules if isinstance(rules, CleaningRules) else load_rules(rules)
    texts, n_removed = [], []
    for doc_id, raw in zip(corpus["doc_id"], corpus["raw_text"]):
        normalized = normalize_text(raw)
        if clean:
            normalized, removed = _clean(normalized, rules)
            n_removed.append(sum(1 for _, rule, _ in removed if rule != rules.rejoin))
        else:
            n_removed.append(0)
        if not normalized.strip():
            raise EmptyDocumentError(
                "has no text left after cleaning (every line matched a boilerplate rule)",
                f"{source.name}: document {doc_id}",
                "Check corpus_utils.removed_lines() for this document, or load with clean=False",
            )
        texts.append(normalized)
    corpus["text"] = texts
    corpus["n_removed_lines"] = n_removed
    corpus["n_tokens"] = [count_tokens(t) for t in texts]
    corpus["duplicate_of"] = _duplicates(corpus, source.name)
    meta_columns = [c for c in corpus.columns if c not in _CORE_COLUMNS + _DERIVED_COLUMNS]
    return corpus[_CORE_COLUMNS + meta_columns + _DERIVED_COLUMNS]


def _check_ids_and_labels(corpus: pd.DataFrame, where: str) -> None:
    blank = corpus.loc[corpus["label"].str.strip() == "", "path"].tolist()
    if blank:
        raise LabelError(
            f"blank label for {len(blank)} document(s): {', '.join(blank[:10])}",
            where,
            "Fill in a label for every document (or remove those documents)",
        )
    dup = corpus.loc[corpus["doc_id"].duplicated(keep=False), "doc_id"]
    if len(dup):
        raise DuplicateDocumentError(
            f"the doc_id '{dup.iloc[0]}' is used by more than one document",
            where,
            "Give every document its own id (or file name)",
        )


def _warn_near_duplicate_labels(corpus: pd.DataFrame, where: str) -> None:
    """Labels that differ only in case are usually one group typed twice."""
    labels = sorted(corpus["label"].unique().tolist())
    by_folded: dict[str, list[str]] = {}
    for label in labels:
        by_folded.setdefault(label.casefold(), []).append(label)
    clashes = [names for names in by_folded.values() if len(names) > 1]
    if clashes:
        warnings.warn(
            f"{where}: labels that differ only in case are kept as different groups: "
            + "; ".join(" / ".join(repr(n) for n in names) for names in clashes)
            + ". If they are one group, spell the label the same way everywhere.",
            CorpusWarning,
            stacklevel=3,
        )


def _duplicates(corpus: pd.DataFrame, where: str) -> list[str]:
    first: dict[str, str] = {}
    marks = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        key = hashlib.sha256(" ".join(text.split()).lower().encode("utf-8")).hexdigest()
        marks.append(first.get(key, ""))
        first.setdefault(key, doc_id)
    pairs = [f"{d} = {m}" for d, m in zip(corpus["doc_id"], marks) if m]
    if pairs:
        warnings.warn(
            f"{where}: {len(pairs)} document(s) repeat an earlier document's text ({'; '.join(pairs[:5])}). "
            "Both are kept and marked in the duplicate_of column; remove one if it is a copy.",
            CorpusWarning,
            stacklevel=3,
        )
    return marks


def check_groups(corpus: pd.DataFrame, groups: tuple[str, str] | list[str] | None = None, minimum: int = 2) -> list[str]:
    """Return the groups a comparison will use, or say why it cannot be made.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A loaded corpus (its ``label`` column).
    groups : sequence of str, optional
        The labels to compare; by default every label, sorted.
    minimum : int, default 2
        How many groups the comparison needs.

    Returns
    -------
    list of str

    Raises
    ------
    LabelError
        If a named group is not a label of the corpus, or there are fewer than ``minimum``.
    """
    labels = sorted(corpus["label"].unique().tolist())
    if groups is not None:
        unknown = [g for g in groups if g not in labels]
        if unknown:
            raise LabelError(
                f"unknown group(s) {', '.join(map(repr, unknown))} (the labels are: {', '.join(labels)})",
                fix="Pass groups that are labels of the corpus",
            )
        labels = list(groups)
    if len(labels) < minimum:
        raise LabelError(
            f"a comparison needs at least {minimum} groups (got {len(labels)}: {', '.join(labels) or 'none'})",
            fix="Label the documents with at least two different values, or choose another label column",
        )
    return labels


def corpus_fingerprint(corpus: pd.DataFrame) -> str:
    """A sha256 over the sorted per-document hashes: the same files give the same value."""
    joined = "\n".join(sorted(corpus["sha256"].tolist()))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def is_seed_corpus(corpus: pd.DataFrame) -> bool:
    """Whether this is the bundled seed corpus (by content, not by path).

    Notebooks show commentary written for the seed texts only when this is True.
    """
    from importlib import resources

    expected = (resources.files("corpus_utils") / "data" / "seed_fingerprint.txt").read_text(encoding="ascii").strip()
    return corpus_fingerprint(corpus) == expected
