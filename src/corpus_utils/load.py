"""Load: read a student's texts from disk into one corpus DataFrame, and nothing else.

Three layouts are accepted (see the README, "Analyse your own texts"):

1. a folder of text files plus ``metadata.csv`` whose ``file`` column names each file;
2. a folder with one sub-folder per label (scikit-learn's ``load_files`` convention);
3. one table, ``.csv`` or ``.jsonl``, with a text column and a label column.

Input files are only ever opened for reading.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import shlex
import stat
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import charset_normalizer
import pandas as pd

from . import shared as _shared
from .clean import CleaningRules, clean_corpus, load_rules, normalize_text
from .count import count_tokens, load_stop_words, tokenize
from .errors import (
    CorpusError,
    CorpusNotFoundError,
    DecodeError,
    DuplicateDocumentError,
    EmptyCorpusError,
    EmptyDocumentError,
    EmptyVocabularyError,
    FileTooLargeError,
    LabelError,
    MetadataError,
    ParameterError,
    UnreadableFileError,
)
from .report import plain_text, stage

__all__ = [
    "CorpusWarning",
    "MAX_FILE_BYTES",
    "MAX_TABLE_BYTES",
    "TEXT_SUFFIXES",
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
#: The largest file read, in bytes (50 MB): a file is read whole, and its text is held several times over
#: while it is decoded, normalized, cleaned and counted. Larger files are refused before they are read.
MAX_FILE_BYTES = 50_000_000
#: The largest table read (1 GB): one table holds many documents (a million short posts of one to three
#: sentences make about 230 MB of CSV), read whole like any file.
MAX_TABLE_BYTES = 1_000_000_000
_SPLIT_TEXT = ("Split it into several documents of under {limit}, one file per document (each with its own "
               "row in metadata.csv, or in its label's sub-folder)")
_SPLIT_TABLE = ("Split it into a folder of text files with a metadata.csv (one file per document, each under "
                "{limit}), or into tables of under {limit} loaded one at a time")
_CORE_COLUMNS = ["doc_id", "group"]
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


#: Open read-only, never block (on a pipe that appeared after the listing) and never follow a final link.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_KINDS = (
    (stat.S_ISLNK, "symbolic link"),
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "named pipe"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "device file"),
    (stat.S_ISBLK, "device file"),
    (stat.S_ISREG, "regular file"),
)


def _kind(mode: int) -> str:
    """What a file is, in words, from its ``st_mode``."""
    return next((name for test, name in _KINDS if test(mode)), "special file")


def _not_regular(mode: int, display: str, where: str = "") -> UnreadableFileError:
    if stat.S_ISLNK(mode):
        return UnreadableFileError(
            f"is a symbolic link, not a regular file{where}; links are never followed",
            display,
            "Replace the link with a copy of the file",
        )
    return UnreadableFileError(
        f"is a {_kind(mode)}, not a regular file{where}",
        display,
        "Move it out of the corpus folder; only regular text files are read",
    )


def _unreadable(exc: OSError, display: str, folder: bool = False) -> UnreadableFileError:
    reason = f"cannot be read ({exc.strerror or exc})"
    if folder:
        reason += ", so none of its files can be loaded"
    return UnreadableFileError(
        reason,
        display,
        f"Make it readable (chmod {'u+rx' if folder else 'u+r'} {shlex.quote(display)}) or move it out of the corpus folder",
    )


def _read_bytes(path: Path, display: str, *, follow_links: bool = False, split: str = _SPLIT_TEXT,
                limit: int | None = None) -> bytes:
    """The bytes of a regular file; anything else, and every OSError, is an UnreadableFileError.

    A file over ``limit`` bytes (:data:`MAX_FILE_BYTES` by default) is a :class:`FileTooLargeError`
    (its size is read with ``fstat`` before any byte is); ``split`` says how to split it.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    flags = _OPEN_FLAGS & ~getattr(os, "O_NOFOLLOW", 0) if follow_links else _OPEN_FLAGS
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:  # O_NOFOLLOW refused a link
            raise _not_regular(stat.S_IFLNK, display) from None
        raise _unreadable(exc, display) from None
    with open(fd, "rb") as fh:
        try:
            info = os.fstat(fh.fileno())
            mode = info.st_mode
            if stat.S_ISREG(mode) and info.st_size > limit:
                raise _too_large(info.st_size, display, split, limit)
            data = fh.read() if stat.S_ISREG(mode) else None
        except OSError as exc:
            raise _unreadable(exc, display) from None
    if data is None:
        raise _not_regular(mode, display)
    return data


def _too_large(size: int, display: str, split: str, limit: int = MAX_FILE_BYTES) -> FileTooLargeError:
    limit = f"{limit / 1e6:,g} MB"
    return FileTooLargeError(
        f"is {size / 1e6:,.1f} MB, over the limit of {limit} for one file, so it was not read",
        display,
        split.format(limit=limit),
    )


def _read_text_file(path: Path, display: str) -> tuple[str, str, str]:
    data = _read_bytes(path, display)
    text, encoding = decode_bytes(data, display)
    if not text.strip():
        raise EmptyDocumentError(
            "holds only white space", display, "Remove it from the corpus folder or add its text"
        )
    return text, encoding, hashlib.sha256(data).hexdigest()


def _read_text_files(files: list[tuple[Path, str]], engine=None) -> list[tuple[str, str, str]]:
    """:func:`_read_text_file` of each ``(path, display)``, in order; on an engine, partitions on its workers.

    The first failing partition in order raises its error: the first file that fails, as in order.
    """
    if engine is None:
        return [_read_text_file(path, display) for path, display in files]
    # absolute, so that a worker finds them whatever its working folder; never resolved (links stay links)
    files = [(Path(os.path.abspath(path)), display) for path, display in files]
    parts = engine.split(files, weights=[1 + _size(path) for path, _ in files])
    return [read for part in engine.map(_read_text_part, parts) for read in part]


def _read_text_part(files: list[tuple[Path, str]]) -> list[tuple[str, str, str]]:
    return [_read_text_file(path, display) for path, display in files]


def _size(path: Path) -> int:
    """A file's size as listed (0 when it cannot be had: reading it will say why)."""
    try:
        return os.lstat(path).st_size
    except OSError:
        return 0


@dataclass
class _Listing:
    """What a corpus folder holds, by relative name; listing opens no file and follows no link."""

    files: dict[str, Path] = field(default_factory=dict)  # regular text files: the ones to read
    not_read: dict[str, int] = field(default_factory=dict)  # every other file or link, with its st_mode
    hidden: set[str] = field(default_factory=set)  # names starting with a dot: never read, never warned about


def _walk(root: Path) -> _Listing:
    """List root's files by type (lstat), without following links; a folder that cannot be listed is an error."""
    listing = _Listing()
    pending = [root]
    while pending:
        folder = pending.pop()
        prefix = "" if folder == root else folder.relative_to(root).as_posix() + "/"
        try:
            with os.scandir(folder) as entries:
                found = sorted((e.name, e.stat(follow_symlinks=False).st_mode) for e in entries)
        except OSError as exc:
            raise _unreadable(exc, f"{root.name}/{prefix}".rstrip("/"), folder=True) from None
        for name, mode in found:
            rel, hidden = prefix + name, name.startswith(".")
            if stat.S_ISDIR(mode):
                if not hidden and name not in _IGNORED_DIRS:
                    pending.append(folder / name)
            elif stat.S_ISREG(mode) and not hidden and name == METADATA_FILE:
                continue
            elif stat.S_ISREG(mode) and not hidden and Path(name).suffix.lower() in TEXT_SUFFIXES:
                listing.files[rel] = folder / name
            else:
                listing.not_read[rel] = mode
                if hidden:
                    listing.hidden.add(rel)
    listing.files = dict(sorted(listing.files.items()))
    return listing


def _warn_skipped(root_name: str, listing: _Listing) -> None:
    shown = {rel: mode for rel, mode in sorted(listing.not_read.items()) if rel not in listing.hidden}
    skipped = [rel for rel, mode in shown.items() if stat.S_ISREG(mode)]
    links = [rel for rel, mode in shown.items() if stat.S_ISLNK(mode)]
    special = [f"{rel} ({_kind(mode)})" for rel, mode in shown.items() if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode))]
    if special:
        warnings.warn(
            f"{root_name}: skipped {len(special)} file(s) that are not regular files: "
            f"{', '.join(special[:10])}{' ...' if len(special) > 10 else ''}. "
            "Only regular files are read (never opened: pipes, devices, sockets); move them out of the corpus folder.",
            CorpusWarning,
            stacklevel=3,
        )
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


def _read_table_file(path: Path, display: str, *, follow_links: bool = False) -> tuple[pd.DataFrame, str]:
    """A .csv or .jsonl table as strings, and the encoding it was decoded from."""
    data = _read_bytes(path, display, follow_links=follow_links, split=_SPLIT_TABLE, limit=MAX_TABLE_BYTES)
    text, encoding = decode_bytes(data, display)
    try:
        if path.suffix.lower() == ".csv":
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False), encoding
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    except (pd.errors.ParserError, pd.errors.EmptyDataError, json.JSONDecodeError) as exc:
        raise MetadataError(
            f"could not be parsed as {path.suffix.lstrip('.').upper()} ({str(exc).splitlines()[0]})",
            display,
            "Check the file's quoting and delimiters; one document per row",
        ) from None
    if not all(isinstance(r, dict) for r in rows):
        raise MetadataError("every line of a JSON Lines file must be a JSON object", display, "Write one {...} object per line")
    _check_surrogates(rows, display)
    return pd.DataFrame(rows).fillna("").astype(str), encoding


#: Half of a UTF-16 surrogate pair: a JSON escape such as \ud800 can name one, but it is no character.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped(text: str) -> str:
    """Text with every lone surrogate written as its escape, so that it can be printed."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _check_surrogates(rows: list[dict], display: str) -> None:
    """A JSON escape of half a surrogate pair (a broken emoji, usually) is an error naming the row and column."""
    for number, row in enumerate(rows, start=1):
        for key, value in row.items():
            for part, what in ((key, "the name of a column"), (value, f"the column '{_escaped(key)}'")):
                found = _SURROGATE.search(part) if isinstance(part, str) else None
                if found:
                    raise DecodeError(
                        f"{what} holds the escape {_escaped(found.group())}, half of a surrogate pair with no "
                        "other half, which is not a character",
                        f"{display}, row {number}",
                        "Replace the escape with the character it stands for (or the full pair, such as "
                        "\\ud83d\\ude00), or delete it",
                    )


#: How a user names each column on the command line (and in Python).
_COLUMN_OPTIONS = {"label": "--label-column (label_column=)", "text": "--text-column (text_column=)",
                   "id": "id_column="}


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


def _from_metadata_folder(root: Path, label_column: str, id_column: str, file_column: str,
                          engine=None) -> tuple[pd.DataFrame, list[str]]:
    """The documents a metadata.csv lists, and the files among them (metadata.csv too) in an older encoding."""
    meta_display = f"{root.name}/{METADATA_FILE}"
    meta, meta_encoding = _read_table_file(root / METADATA_FILE, meta_display)
    _require_columns(meta, {file_column: "file", label_column: "label"}, meta_display)
    _check_reserved(meta.columns, {file_column, label_column, id_column}, meta_display)
    listing = _walk(root)
    on_disk = listing.files
    named = meta[file_column].str.strip()
    _check_listed_once(named.tolist(), meta[label_column].str.strip().tolist(), meta_display)
    for row, name in enumerate(named, start=2):
        if name not in on_disk:
            raise _not_loadable(name, row, root.name, listing, meta_display)
    _warn_skipped(root.name, listing)
    extra = sorted(set(on_disk) - set(named))
    if extra:
        raise MetadataError(
            f"has no row for the text file(s) {', '.join(extra[:10])}",
            meta_display,
            "Add a row for each text file (with its label), or move the file out of the corpus folder",
        )
    rows = []
    records = meta.to_dict("records")
    names = [record[file_column].strip() for record in records]
    read = _read_text_files([(on_disk[name], f"{root.name}/{name}") for name in names], engine)
    for record, name, (raw, encoding, digest) in zip(records, names, read):
        doc_id = record.get(id_column, "").strip() if id_column in meta.columns else ""
        rows.append(
            {**record, "doc_id": doc_id or Path(name).stem, "group": record[label_column].strip(), "path": name,
             "sha256": digest, "encoding": encoding, "raw_text": raw}
        )
    legacy = [f"{METADATA_FILE} ({meta_encoding})"] if _is_legacy(meta_encoding) else []
    legacy += [f"{row['path']} ({row['encoding']})" for row in sorted(rows, key=lambda r: r["path"])
               if _is_legacy(row["encoding"])]
    return pd.DataFrame(rows), legacy


def _check_reserved(columns, used: set[str], display: str) -> None:
    """A column named like one the corpus adds would be overwritten: an error, unless an option names it."""
    reserved = _CORE_COLUMNS + _DERIVED_COLUMNS
    clash = [str(c) for c in columns if c in reserved and c not in used]
    if clash:
        which = f"the column '{clash[0]}', a name" if len(clash) == 1 else f"the columns {_and(map(repr, clash))}, names"
        raise MetadataError(
            f"has {which} the corpus uses for its own columns ({', '.join(reserved)}), so its values would be lost",
            display,
            f"Rename the column (for example to 'source_{clash[0]}')",
        )


def _check_listed_once(names: list[str], labels: list[str], display: str) -> None:
    """A file listed twice in metadata.csv is an error naming it, its rows and its labels."""
    rows: dict[str, list[int]] = {}
    for row, name in enumerate(names, start=2):  # spreadsheet rows: the header is row 1
        if name:
            rows.setdefault(name, []).append(row)
    for name, where in rows.items():
        if len(where) > 1:
            seen = list(dict.fromkeys(labels[r - 2] for r in where))
            raise MetadataError(
                f"lists the file '{name}' more than once (rows {_and(map(str, where))}, counting the header as "
                f"row 1; {'label' if len(seen) == 1 else 'labels'} {_and(map(repr, seen))})",
                display,
                "Keep one row per file, with its one label",
            )


def _and(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _not_loadable(name: str, row: int, root_name: str, listing: _Listing, meta_display: str) -> CorpusError:
    """Why a file named in metadata.csv is not among the text files to read."""
    mode = listing.not_read.get(name)
    display, where = f"{root_name}/{name}", f" (row {row} of {METADATA_FILE} names it)"
    if mode is None:
        same = [other for other in [*listing.files, *listing.not_read] if _nfc(other) == _nfc(name)]
        if same:
            return MetadataError(
                f"names '{name}' in Unicode form {_form(name)} (row {row}); the folder has it in form "
                f"{_form(same[0])}, which is another sequence of characters",
                meta_display,
                "Rename one of them so that both are spelled the same way (retyping the name in metadata.csv "
                "usually does it)",
            )
        return CorpusNotFoundError(
            f"names the file '{name}', which is not in the folder",
            meta_display,
            "Fix the file name in metadata.csv or add the file",
        )
    if not stat.S_ISREG(mode):
        return _not_regular(mode, display, where)
    if name in listing.hidden:
        return MetadataError(
            f"is a hidden file (its name starts with a dot), and hidden files are never read{where}",
            display,
            "Rename it without the leading dot",
        )
    return MetadataError(
        f"is not a {' or '.join(TEXT_SUFFIXES)} text file{where}",
        display,
        f"Convert it to {TEXT_SUFFIXES[0]}, or remove its row from {METADATA_FILE}",
    )


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def _form(name: str) -> str:
    """The Unicode normal form a name is written in: "NFC" (composed: é is one character), "NFD" (decomposed: e + accent) or "mixed"."""
    return next((form for form in ("NFC", "NFD") if unicodedata.normalize(form, name) == name), "mixed")


def _is_legacy(encoding: str) -> bool:
    """Whether text was decoded from an older, guessed encoding (cp1252, latin-1 ...) rather than a Unicode one."""
    return not encoding.startswith("utf")


def _from_label_folders(root: Path, engine=None) -> tuple[pd.DataFrame, list[str]]:
    listing = _walk(root)
    _warn_skipped(root.name, listing)
    files = list(listing.files.values())
    loose = [p.name for p in files if p.parent == root]
    if loose:
        raise MetadataError(
            f"mixes text files at the top ({', '.join(loose[:5])}) with label sub-folders, and has no {METADATA_FILE}",
            root.name,
            f"Either move every file into a sub-folder named after its label, or add a {METADATA_FILE} with 'file' and label columns",
        )
    rows = []
    read = _read_text_files([(path, f"{root.name}/{path.relative_to(root).as_posix()}") for path in files], engine)
    for path, (raw, encoding, digest) in zip(files, read):
        rel = path.relative_to(root)
        rows.append(
            {"doc_id": rel.with_suffix("").as_posix(), "group": rel.parts[0], "path": rel.as_posix(),
             "sha256": digest, "encoding": encoding, "raw_text": raw}
        )
    legacy = [f"{row['path']} ({row['encoding']})" for row in rows if _is_legacy(row["encoding"])]
    return pd.DataFrame(rows), legacy


def _from_table(path: Path, label_column: str, id_column: str, text_column: str) -> tuple[pd.DataFrame, list[str]]:
    for column, option in ((label_column, "label"), (id_column, "id")):
        if column == text_column:
            raise ParameterError(
                f"the {option} column and the text column are both '{column}'",
                path.name,
                f"Name the column of {'groups' if option == 'label' else 'document ids'} with "
                f"{_COLUMN_OPTIONS[option]}, which must differ from the text column (--text-column, default 'text')",
            )
    table, encoding = _read_table_file(path, path.name, follow_links=True)  # the user named this path: a link is fine
    _require_columns(table, {text_column: "text", label_column: "label"}, path.name)
    _check_reserved(table.columns, {text_column, label_column, id_column}, path.name)
    width = len(str(len(table)))
    rows = []
    for i, record in enumerate(table.to_dict("records")):
        raw = record.pop(text_column)
        where = f"{path.name}, row {i + 1}"
        if not raw.strip():
            raise EmptyDocumentError("the text is empty", where, "Fill in the text or delete the row")
        doc_id = str(record.get(id_column, "")).strip() if id_column in table.columns else ""
        rows.append(
            {**record, "doc_id": doc_id or f"row-{i + 1:0{width}d}", "group": record[label_column].strip(),
             "path": f"{path.name}#{i + 1}", "sha256": hashlib.sha256(raw.encode("utf-8")).hexdigest(),
             "encoding": encoding, "raw_text": raw}
        )
    return pd.DataFrame(rows), [f"{path.name} ({encoding})"] if _is_legacy(encoding) else []


@stage("loading")  # said on the terminal by `corpus-essay run` when a chapter runs long
def load_corpus(
    source: str | Path,
    label_column: str = "stance",
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    file_column: str = "file",
    rules: CleaningRules | str | Path | None = None,
    clean: bool = True,
    stop_words: str | Path | Iterable[str] | None = "default",
    rules_time_budget: float | None = None,
    shared: str | Path | None = None,
    engine=None,
) -> pd.DataFrame:
    """Load a corpus from a folder or a table into one DataFrame, one row per document.

    Only regular files are read, each opened read-only; symbolic links inside a corpus
    folder are never followed, and named pipes, devices and sockets are never opened.

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
    stop_words : {"default", "none"}, path, iterable of str or None, default "default"
        The stop-word list (as :func:`corpus_utils.count.load_stop_words` reads it) used to
        check that some document has a word outside it, so that the chapters have a
        vocabulary to compare. None skips the check.
    rules_time_budget : float, optional
        Seconds the cleaning rules' patterns may spend in all over the corpus; by default
        :data:`corpus_utils.clean.RULES_TIME_BUDGET` (120 s, far more than the shipped rules need).
    shared : str or Path, optional
        A folder of shared results (:mod:`corpus_utils.shared`; ``corpus-essay run`` gives each
        chapter its own): the corpus loaded there with the same settings is read back, with the
        warnings its load gave said again; otherwise the corpus is loaded and left there for the
        next reader. None (a chapter opened alone) loads it, as always.
    engine : corpus_utils.engine.Engine, optional
        Where to read, decode and clean the documents (:mod:`corpus_utils.engine`): by default in
        this process; on a Dask engine, partitions of the text files are read and decoded on the
        workers (which must see the corpus folder at the same path: a shared file system), and
        partitions of the documents are cleaned there (:func:`corpus_utils.clean.clean_corpus`).
        A table (``.csv``, ``.jsonl``) is one file, read here; its rows are cleaned on the workers.
        Listing the folder, the checks, the token counts and the duplicates run here. The corpus
        is the same, and a broken file raises the same error.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, group``, then every metadata column, then ``path`` (relative to
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
        disagrees with the files (a file missing, listed twice, or not a regular file), a
        label is blank, or two documents share an id.
    UnreadableFileError
        If a file or folder cannot be read (permissions, I/O), or metadata.csv names a
        symbolic link, pipe, device or socket, or metadata.csv is not a regular file.
    EmptyVocabularyError
        If every token of every document is a stop word.

    Warns
    -----
    CorpusWarning
        For skipped non-text files, pipes, devices and sockets, symbolic links not
        followed, labels that differ only in case, white space or Unicode form, and
        duplicate texts.
    """
    settings = _shared_settings(label_column, text_column, id_column, file_column, rules, clean, stop_words)
    if shared is not None and settings is not None:
        found = _shared.read_corpus(shared, source, settings)
        if found is not None:
            corpus, said = found
            for message in said:
                warnings.warn(message, CorpusWarning, stacklevel=2)
            return corpus
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = load_corpus(source, label_column, text_column=text_column, id_column=id_column,
                                 file_column=file_column, rules=rules, clean=clean, stop_words=stop_words,
                                 rules_time_budget=rules_time_budget, engine=engine)
        for w in caught:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        said = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
        _shared.write_corpus(shared, source, settings, corpus, said)
        return corpus
    source = Path(source)
    try:
        mode = os.stat(source).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise CorpusNotFoundError(
            "no such file or folder", str(source), "Check the path (it is read relative to the current folder)"
        ) from None
    except OSError as exc:
        raise _unreadable(exc, str(source)) from None
    if stat.S_ISDIR(mode):
        if _has_metadata(source):
            corpus, legacy = _from_metadata_folder(source, label_column, id_column, file_column, engine)
        else:
            corpus, legacy = _from_label_folders(source, engine)
        if not corpus.empty:
            corpus = corpus.sort_values("doc_id", kind="stable").reset_index(drop=True)
    elif source.suffix.lower() in TABLE_SUFFIXES:
        if not stat.S_ISREG(mode):
            raise UnreadableFileError(
                f"is a {_kind(mode)}, not a regular file", source.name, "Point to a regular .csv / .jsonl file"
            )
        corpus, legacy = _from_table(source, label_column, id_column, text_column)
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
    _warn_legacy_encodings(legacy, source.name)
    _warn_near_duplicate_labels(corpus, source.name)
    _warn_unshowable_labels(corpus, source.name)
    rules = rules if isinstance(rules, CleaningRules) else load_rules(rules)
    texts, n_removed = [], []
    doc_ids = corpus["doc_id"].tolist()
    if clean:
        cleaned = clean_corpus(doc_ids, corpus["raw_text"], rules, rules_time_budget, engine=engine)
    else:
        cleaned = ((normalize_text(raw), []) for raw in corpus["raw_text"])
    for doc_id, (normalized, removed) in zip(doc_ids, cleaned):
        n_removed.append(sum(1 for _, rule, _ in removed if rule != rules.rejoin))
        if not normalized.strip():
            raise EmptyDocumentError(
                "has no text left after cleaning (every line matched a boilerplate rule)",
                f"{source.name}: document {doc_id}",
                "Check corpus_utils.removed_lines() for this document, or load with clean=False",
            )
        texts.append(normalized)
    if stop_words is not None:
        _check_vocabulary(texts, stop_words, source.name)
    corpus["text"] = texts
    corpus["n_removed_lines"] = n_removed
    corpus["n_tokens"], keys = _text_facts(texts, engine)
    corpus["duplicate_of"] = _duplicates(corpus, keys, source.name)
    meta_columns = [c for c in corpus.columns if c not in _CORE_COLUMNS + _DERIVED_COLUMNS]
    return corpus[_CORE_COLUMNS + meta_columns + _DERIVED_COLUMNS]


def _shared_settings(label_column="stance", text_column="text", id_column="doc_id", file_column="file", rules=None,
                     clean=True, stop_words="default") -> dict | None:
    """The settings of :func:`load_corpus` that shape a corpus, as :mod:`corpus_utils.shared` keys it (None: not
    shareable, when rules or stop words are given as objects, with no file content to key them by)."""
    if isinstance(rules, CleaningRules) or not isinstance(stop_words, (str, Path, type(None))):
        return None
    return {"label_column": label_column, "text_column": text_column, "id_column": id_column,
            "file_column": file_column, "rules": rules, "clean": clean, "stop_words": stop_words}


def share_corpus(folder: str | Path, source: str | Path, corpus: pd.DataFrame, said: list[str], **settings) -> bool:
    """Leave a corpus, loaded by :func:`load_corpus` with ``settings``, where the chapters' ``load_corpus(...,
    shared=folder)`` with the same settings reads it back (with ``said``, the warnings its load gave).

    ``corpus-essay run`` loads the corpus once to check it before any chapter starts; this keeps that
    load for the chapters. Returns whether the corpus was written (see :func:`corpus_utils.shared.write_corpus`).
    """
    key = _shared_settings(**settings)
    return key is not None and _shared.write_corpus(folder, source, key, corpus, said)


def _has_metadata(root: Path) -> bool:
    """Whether root holds a metadata.csv; if it does, it must be a regular file, not a link."""
    path, display = root / METADATA_FILE, f"{root.name}/{METADATA_FILE}"
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _unreadable(exc, display) from None
    if not stat.S_ISREG(mode):
        raise _not_regular(mode, display)
    return True


#: Texts are scanned for a content word in pieces of about this many characters, cut at white space
#: (which no token contains), so a long text of content words is not tokenized whole.
_SCAN_CHUNK = 1 << 16
_WHITE_SPACE = re.compile(r"\s")


def _has_content_word(texts: Iterable[str], stop_words: frozenset[str]) -> bool:
    """Whether some text has a token (as :func:`tokenize` splits it) outside ``stop_words``."""
    for text in texts:
        start = 0
        while start < len(text):
            end = start + _SCAN_CHUNK
            if end < len(text):
                space = _WHITE_SPACE.search(text, end)
                end = space.start() if space else len(text)
            if any(token not in stop_words for token in tokenize(text[start:end])):
                return True
            start = end
    return False


def _check_vocabulary(texts: list[str], stop_words, where: str) -> None:
    words = load_stop_words(stop_words)
    if _has_content_word(texts, words):
        return
    if words:
        default = isinstance(stop_words, str) and stop_words == "default"
        which = "the default list: 'the', 'and', 'of' ..." if default else "the given list"
        reason = f"every word of every document is a stop word ({which}), so there is no vocabulary to compare"
    else:
        reason = "no document has a single word, so there is no vocabulary to compare"
    raise EmptyVocabularyError(
        reason,
        where,
        "Check that the files hold the texts you meant (in Python, load_corpus(stop_words=None) skips this check)",
    )


def _check_ids_and_labels(corpus: pd.DataFrame, where: str) -> None:
    blank = corpus.loc[corpus["group"].str.strip() == "", "path"].tolist()
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


def _warn_legacy_encodings(files: list[str], where: str) -> None:
    """One warning naming every file decoded from an older encoding, which was guessed, with the encoding chosen."""
    if files:
        warnings.warn(
            f"{where}: read {len(files)} file(s) in an older encoding, not UTF-8: "
            f"{', '.join(files[:10])}{' ...' if len(files) > 10 else ''}. "
            "Check that their accents and quotation marks look right in the report; "
            "save them as UTF-8 to be sure (and to silence this warning).",
            CorpusWarning,
            stacklevel=3,
        )


def _label_spellings(label: str) -> tuple[str, str, str]:
    """A label with its white space evened out, then in Unicode NFKC form, then case-folded too.

    White space means any run of Unicode white space (a no-break space, a tab) and the invisible
    format characters (a zero-width space, a byte-order mark).
    """
    visible = "".join(c for c in label if unicodedata.category(c) != "Cf")
    spaced = " ".join(visible.split())
    composed = unicodedata.normalize("NFKC", spaced)
    return spaced, composed, unicodedata.normalize("NFKC", composed.casefold())


def _warn_unshowable_labels(corpus: pd.DataFrame, where: str) -> None:
    """Labels with characters no page shows as typed (:func:`corpus_utils.report.plain_text`) are named once."""
    odd = sorted(label for label in corpus["group"].unique().tolist() if plain_text(label) != label)
    if odd:
        warnings.warn(
            f"{where}: {len(odd)} label{'s hold' if len(odd) > 1 else ' holds'} control or bidirectional formatting "
            f"characters, which pages and figures do not show ({', '.join(ascii(label) for label in odd)}): control "
            "characters are shown as \ufffd and bidirectional formatting characters are left out. The groups keep "
            "their labels as written.",
            CorpusWarning,
            stacklevel=3,
        )


def _warn_near_duplicate_labels(corpus: pd.DataFrame, where: str) -> None:
    """Labels that differ only in case, white space or Unicode form are usually one group typed twice."""
    labels = sorted(corpus["group"].unique().tolist())
    by_key: dict[str, list[str]] = {}
    for label in labels:
        by_key.setdefault(_label_spellings(label)[-1], []).append(label)
    clashes = []
    for names in (names for names in by_key.values() if len(names) > 1):
        spellings = [_label_spellings(name) for name in names]
        how = [kind for kind, differs in [
            ("white space", any(spaced != name for name, (spaced, _, _) in zip(names, spellings))),
            ("Unicode form", any(composed != spaced for spaced, composed, _ in spellings)),
            ("case", len({composed for _, composed, _ in spellings}) > 1),
        ] if differs]
        show = repr if how == ["case"] else ascii  # ascii() makes an invisible difference visible: '\xa0'
        clashes.append(f"{' / '.join(show(n) for n in names)} ({' and '.join(how)})")
    if clashes:
        warnings.warn(
            f"{where}: labels that differ only in case or in white space or Unicode form are kept as different groups: "
            + "; ".join(clashes)
            + ". If they are one group, spell the label the same way everywhere.",
            CorpusWarning,
            stacklevel=3,
        )


def _text_facts(texts: list[str], engine=None) -> tuple[list[int], list[str]]:
    """Each cleaned text's number of tokens and the key :func:`_duplicates` compares (on the engine's workers)."""
    if engine is None:
        return _facts_part(texts)
    facts = engine.map(_facts_part, engine.split(texts, weights=[len(t) for t in texts]))
    return [n for part in facts for n in part[0]], [key for part in facts for key in part[1]]


def _facts_part(texts: list[str]) -> tuple[list[int], list[str]]:
    """:func:`_text_facts` of some texts, in this process: the key ignores case and runs of white space."""
    keys = [hashlib.sha256(" ".join(text.split()).lower().encode("utf-8")).hexdigest() for text in texts]
    return [count_tokens(text) for text in texts], keys


def _duplicates(corpus: pd.DataFrame, keys: list[str], where: str) -> list[str]:
    first: dict[str, str] = {}
    marks = []
    for doc_id, key in zip(corpus["doc_id"], keys):
        marks.append(first.get(key, ""))
        first.setdefault(key, doc_id)
    path_of = dict(zip(corpus["doc_id"], corpus["path"]))
    pairs = [f"{d} = {m} ({path_of[d]} repeats {path_of[m]})" for d, m in zip(corpus["doc_id"], marks) if m]
    if pairs:
        warnings.warn(
            f"{where}: {len(pairs)} document(s) repeat an earlier document's text "
            f"({'; '.join(pairs[:5])}{' ...' if len(pairs) > 5 else ''}). "
            "Both are kept and marked in the duplicate_of column; remove one if it is a copy.",
            CorpusWarning,
            stacklevel=3,
        )
    return marks


def corpus_fingerprint(corpus: pd.DataFrame) -> str:
    """A sha256 over the sorted lines "<document hash> <label>": the same files with the same labels give the same value.

    The labels are part of it because the same texts grouped otherwise are another comparison.
    """
    joined = "\n".join(sorted(f"{sha} {label}" for sha, label in zip(corpus["sha256"], corpus["group"])))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def is_seed_corpus(corpus: pd.DataFrame) -> bool:
    """Whether this is the bundled seed corpus with its stance labels (by content, not by path).

    Notebooks show commentary written for the seed texts only when this is True: the same texts
    with other labels (relabelled, or grouped by another column) are not the seed comparison.
    """
    from importlib import resources

    expected = (resources.files("corpus_utils") / "data" / "seed_fingerprint.txt").read_text(encoding="ascii").strip()
    return corpus_fingerprint(corpus) == expected
