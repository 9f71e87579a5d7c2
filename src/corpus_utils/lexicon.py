"""Lexicon: read and validate a frame lexicon (which words and phrases signal which frame).

The shipped lexicon is ``data/frames.yml``; the comments at its top are the documentation of
the format. :func:`load_lexicon` reads a file through :func:`corpus_utils.datafile.read_yaml`
(no YAML aliases, no repeated keys) and checks every key against that schema, so a typo or a
wrong type is one :class:`~corpus_utils.errors.LexiconError` line naming the file and the key,
never a wrong count later. :mod:`corpus_utils.frame` does the counting.

:func:`draft_lexicon` goes the other way: it writes the themes discovered in a corpus (the
table of :func:`corpus_utils.themes.theme_table`) as the text of a lexicon file in the same
format, a draft a student renames and edits into frames of their own topic.
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from .context import surface_forms
from .count import TokenIndex, tokenize
from .datafile import check_keys, check_text, check_text_list, check_top_level, describe, read_yaml
from .errors import LexiconError, ParameterError

__all__ = ["DRAFT_NAME", "Lexicon", "default_lexicon_path", "draft_lexicon", "load_lexicon"]

_TOP_KEYS = ["version", "name", "reference", "scoped_words", "frames"]
_FRAME_KEYS = ["label", "definition", "words", "phrases"]
_ADD_FRAMES = "Add a frames: mapping (the comments at the top of the shipped frames.yml show its shape)"


@dataclass(frozen=True)
class Lexicon:
    """A validated frame lexicon.

    Attributes
    ----------
    frames : pandas.DataFrame
        One row per frame in file order: ``frame`` (the key), ``frame_label`` (the file's ``label:``), ``definition``,
        ``n_words``, ``n_phrases``.
    entries : pandas.DataFrame
        One row per entry: ``frame``, ``entry`` (normalized tokens joined by a space),
        ``kind`` (``"word"`` or ``"phrase"``), ``n_tokens``.
    scoped_words : tuple of str
        Words that count only inside a phrase.
    source : str
        Where the lexicon came from (the file as given, or ``"frames.yml"`` for the default).
    """

    frames: pd.DataFrame
    entries: pd.DataFrame
    scoped_words: tuple
    source: str

    @property
    def names(self) -> list[str]:
        """Frame keys, in file order."""
        return self.frames["frame"].tolist()

    @property
    def labels(self) -> dict[str, str]:
        """Frame key -> human-readable label."""
        return dict(zip(self.frames["frame"], self.frames["frame_label"]))


def default_lexicon_path() -> Path:
    """Return the path of the frame lexicon shipped with the package."""
    return Path(str(resources.files("corpus_utils") / "data" / "frames.yml"))


def load_lexicon(lexicon: Lexicon | str | Path | dict | None = None) -> Lexicon:
    """Read and validate a frame lexicon.

    The file is a YAML mapping with a ``frames`` mapping; each frame key maps to
    ``label`` (optional), ``definition`` (one line), ``words`` (single tokens) and
    ``phrases`` (two or more tokens); an optional top-level ``scoped_words`` list names
    ambiguous words that count only inside phrases, and ``version`` (1), ``name`` and
    ``reference`` describe the file. Entries are tokenized with :func:`corpus_utils.tokenize`,
    exactly like the texts.

    Parameters
    ----------
    lexicon : Lexicon, path, dict or None
        None: the shipped ``data/frames.yml``; a path: your own file; a dict: the parsed
        content (handy in tests); a :class:`Lexicon` is returned unchanged.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        If the file is missing, not YAML, uses a YAML alias or repeats a key, or has a bad
        shape: an unknown or missing key, a wrong type, a string where a list belongs, an
        empty list. The message names the file and the key and says the fix, e.g.
        ``"frames.crime.words must be a list of strings (got int 3)"``.

    Examples
    --------
    >>> lex = load_lexicon({"frames": {"cost": {"definition": "Money.", "words": ["costs"],
    ...                                          "phrases": ["limited resources"]}}})
    >>> lex.entries[["frame", "entry", "kind"]].values.tolist()
    [['cost', 'limited resources', 'phrase'], ['cost', 'costs', 'word']]
    """
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, dict):
        return _parse_lexicon(lexicon, "<dict>")
    if lexicon is None:
        path, source = default_lexicon_path(), "frames.yml"
    else:
        path, source = Path(lexicon), str(lexicon)
    data = read_yaml(path, source, LexiconError, "frame-lexicon",
                     "Give the path of an existing YAML file, or leave the lexicon out (null) for the shipped one")
    return _parse_lexicon(data, source)


def _check_top_level(data, source: str) -> dict:
    frames = check_top_level(
        data, source, LexiconError, key="frames", container=dict, allowed=_TOP_KEYS, holds="a mapping of frame names",
        add_fix=_ADD_FRAMES, item_fix="Indent each frame's name under frames:, with its keys indented under the name",
        empty_fix="Add at least one frame under frames:")
    for key in ("name", "reference"):
        if key in data:
            check_text(data[key], key, source, LexiconError)
    return frames


def _parse_lexicon(data, source: str) -> Lexicon:
    frames = _check_top_level(data, source)
    scoped = []
    if "scoped_words" in data:
        for i, word in enumerate(check_text_list(data["scoped_words"], "scoped_words", source, LexiconError)):
            toks = tokenize(word)
            if len(toks) != 1:
                raise LexiconError(f"scoped_words[{i}] '{word}' must be one word (it is {len(toks)} tokens)", source,
                                   "List single words only: phrases are never scoped")
            scoped.append(toks[0])
    scoped_set = set(scoped)
    frame_rows, entry_rows = [], []
    owner: dict[str, str] = {}
    for name, spec in frames.items():
        if not isinstance(name, str) or not name.strip():
            raise LexiconError(f"frame names must be text (got {describe(name)})", source,
                               "Name the frame with a word in lower case, e.g. crime:")
        key = f"frames.{name}"
        if not isinstance(spec, dict):
            raise LexiconError(f"{key} must be a mapping with definition, words and phrases (got {describe(spec)})",
                               source, "Indent definition:, words: and phrases: under the frame's name")
        check_keys(spec, key, _FRAME_KEYS, ["definition"], source, LexiconError,
                   {"definition": f"Add a one-line definition: under {name}"})
        label = check_text(spec.get("label", name), f"{key}.label", source, LexiconError)
        definition = check_text(spec["definition"], f"{key}.definition", source, LexiconError)
        n_words = n_phrases = 0
        for kind, field in (("word", "words"), ("phrase", "phrases")):
            if field not in spec:
                continue
            for i, raw in enumerate(check_text_list(spec[field], f"{key}.{field}", source, LexiconError)):
                toks = tokenize(raw)
                where = f"{key}.{field}[{i}] '{raw}'"
                if not toks:
                    raise LexiconError(f"{where} has no word characters", source, "Delete it, or write the word")
                if kind == "word" and len(toks) != 1:
                    raise LexiconError(f"{where} is {len(toks)} tokens; list it under phrases", source,
                                       "Move it to phrases")
                if kind == "phrase" and len(toks) == 1:
                    raise LexiconError(f"{where} is one token; list it under words", source, "Move it to words")
                if kind == "word" and toks[0] in scoped_set:
                    raise LexiconError(
                        f"{where} is a scoped word (it counts only inside phrases)",
                        source,
                        "Remove it from the words list, or from scoped_words",
                    )
                entry = " ".join(toks)
                if entry in owner and owner[entry] != name:
                    raise LexiconError(
                        f"{where} is also listed under frames.{owner[entry]}; an entry may belong to one frame only",
                        source,
                        "Keep it under one frame",
                    )
                if entry in owner:
                    continue
                owner[entry] = name
                entry_rows.append({"frame": name, "entry": entry, "kind": kind, "n_tokens": len(toks)})
                n_words += kind == "word"
                n_phrases += kind == "phrase"
        if n_words + n_phrases == 0:
            raise LexiconError(f"{key} has no words or phrases", source, "Add at least one word or phrase, or delete the frame")
        frame_rows.append({"frame": name, "frame_label": label.strip(), "definition": " ".join(definition.split()),
                           "n_words": n_words, "n_phrases": n_phrases})
    entries = pd.DataFrame(entry_rows)
    order = {n: i for i, n in enumerate(frames)}
    entries = (
        entries.assign(_f=entries["frame"].map(order))
        .sort_values(["_f", "n_tokens", "entry"], ascending=[True, False, True], kind="stable")
        .drop(columns="_f")
        .reset_index(drop=True)
    )
    return Lexicon(frames=pd.DataFrame(frame_rows), entries=entries, scoped_words=tuple(scoped), source=source)


#: The ``name:`` of a drafted lexicon when none is given.
DRAFT_NAME = "draft from the corpus themes"

_DRAFT_COLUMNS = ["theme", "label", "terms", "phrases"]

#: Line width given to yaml.safe_dump: a label, a definition or a list of entries stays on one line.
_NO_WRAP = 1_000_000

_DRAFT_HEADER = """\
# A DRAFT frame lexicon, written by `corpus-essay lexicon-draft` (corpus_utils.lexicon.draft_lexicon)
# from the themes discovered in the corpus{settings}: one frame per theme, its top words
# as `words` and its top phrases as `phrases`. The themes were found by the words the documents
# share; they are not yet frames. Make them yours before you trust the counts:
#   * give each frame a key, a `label` and a one-line `definition` in your own words (what
#     consideration does it stand for?), and merge or delete frames that are one topic;
#   * move entries to the frame they belong to, delete words that frame nothing (words every
#     group needs to talk about the subject at all), and add the words and phrases you know;
#   * an entry may belong to one frame only: a word among the top words of several themes is
#     kept in the theme where it ranks highest (the first such theme on a tie){dropped}
#   * phrases are written as the texts write them, stop words included ("rule of law"); a phrase
#     matches only those consecutive words, so add the other spellings you want counted.
# As drafted, these frames are made of the corpus's own most distinctive words: the synthesis
# (chapter 05) counts a frame whose hits are mostly words chapter 02's word lists already list
# as an *echo* of those lists, not as a second route. Renaming and editing the frames, and moving
# entries into the considerations they stand for, is what makes them frames.
# Then pass the file back:  corpus-essay run PATH --lexicon FILE --out reports/NAME  (or
# `corpus-essay check PATH --lexicon FILE` for its coverage first). The comments at the top of
# the shipped frames.yml (src/corpus_utils/data/frames.yml) describe the format.

"""


def _split_terms(value) -> list[str]:
    """A theme table's comma-joined terms (or a list of them) as a list; blanks dropped."""
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return []
    items = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    return [item.strip() for item in items if item.strip()]


def _frame_key(theme: str, position: int) -> str:
    """``"theme 1"`` -> ``"theme_1"``: lower-case letters, digits and underscores (the position if none are left)."""
    key = re.sub(r"[^0-9a-z]+", "_", theme.lower()).strip("_")
    return key or f"theme_{position + 1}"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def draft_lexicon(table: pd.DataFrame, *, name: str | None = None, tokens: TokenIndex | None = None,
                  stop_words="default") -> str:
    """Write the themes of a corpus as the text of a frame lexicon, a draft to rename and edit.

    In words: each theme becomes one frame, keyed ``theme_1``, ``theme_2``, ... (from the
    table's ``theme`` ids), labelled ``"Theme 1: police, crime, safety"`` (the theme's
    ``label``), with a definition saying it is a draft, the theme's top words as ``words`` and
    its phrases as ``phrases``, in the table's order (most weight first). The file starts with
    a comment block that says how to turn the draft into frames (as drafted, a frame made of
    the words chapter 02 lists is counted by the synthesis as an echo of them, not a second
    route) and pass it back with ``--lexicon``, and each frame with a comment giving the
    theme's mean share and documents.

    The result always passes :func:`load_lexicon`:

    * every entry is tokenized like the texts (:func:`corpus_utils.tokenize`): one token is a
      word, two or more a phrase, none (only punctuation) is left out;
    * an entry may belong to one frame only, so an entry among the terms of several themes is
      kept in the theme where it ranks highest (its place in the theme's list; the first such
      theme on a tie) and left out of the others; an entry listed twice in one theme is
      listed once;
    * a theme left with no entry of its own is left out of the draft (the comment block
      names it), and if that leaves no theme at all, nothing is drafted (an error);
    * every value is written by :func:`yaml.safe_dump`, so a label or a word holding ``:``,
      ``#``, quotes or a leading ``-``, ``!``, ``&``, ``*`` reads back as written, and a word
      YAML would read as a number or a yes/no (``1984``, ``no``) is quoted.

    The counts join a phrase's words with its stop words removed (*rule law* for "rule of
    law"), but a lexicon phrase matches consecutive tokens. With ``tokens``, each phrase is
    written as the texts write it (:func:`corpus_utils.context.surface_forms`: *rule of law*),
    so that it matches where the theme found it; without, as the table spells it.

    The same table (and tokens) give the same text, byte for byte.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`corpus_utils.themes.theme_table`: one row per theme with ``theme`` (the id,
        ``"theme 1"``), ``label`` (its top terms), ``terms`` (top words, comma-joined, most
        weight first) and ``phrases`` (comma-joined; ``""`` if none); ``mean_share``, ``docs``
        (documents that carry the theme) and ``n_docs`` (documents in all), when present, go
        into each frame's comment, and the table's ``attrs`` ``n_themes`` and ``seed``, when
        present, into the header.
    name : str, optional
        The lexicon's ``name:``; by default :data:`DRAFT_NAME`.
    tokens : TokenIndex, optional
        The corpus's positional index (from :func:`corpus_utils.index_tokens`), to write the
        phrases as the texts write them.
    stop_words : see :func:`corpus_utils.load_stop_words`
        The stop words of the counts the themes were fitted on (a phrase is found across them);
        used only with ``tokens``.

    Returns
    -------
    str
        YAML text in the format of the shipped ``frames.yml``, ending with a line break.

    Raises
    ------
    ParameterError
        If ``table`` lacks one of the columns above, has no rows, repeats a theme, or no theme
        keeps an entry of its own.

    Examples
    --------
    >>> table = pd.DataFrame({"theme": ["theme 1", "theme 2"], "label": ["rent, tenants", "homes, supply"],
    ...                       "terms": ["rent, tenants, homes", "homes, supply"], "phrases": ["rent control", ""]})
    >>> lex = load_lexicon(yaml.safe_load(draft_lexicon(table)))
    >>> lex.frames[["frame", "frame_label"]].values.tolist()
    [['theme_1', 'Theme 1: rent, tenants'], ['theme_2', 'Theme 2: homes, supply']]

    *homes* ranks third in theme 1 and first in theme 2, so it stays in theme 2:

    >>> lex.entries[["frame", "entry"]].values.tolist()
    [['theme_1', 'rent control'], ['theme_1', 'rent'], ['theme_1', 'tenants'], ['theme_2', 'homes'], ['theme_2', 'supply']]
    """
    missing = [c for c in _DRAFT_COLUMNS if c not in table.columns]
    if missing:
        raise ParameterError(f"the theme table lacks the column(s) {', '.join(missing)} (it has: "
                             f"{', '.join(map(str, table.columns))})", fix="Pass the table of themes.theme_table")
    if table.empty:
        raise ParameterError("the theme table has no themes", fix="Fit at least one theme (themes.fit_themes)")
    themes = [_one_line(t) for t in table["theme"].tolist()]
    keys = [_frame_key(t, i) for i, t in enumerate(themes)]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ParameterError(f"the theme table names the theme(s) {', '.join(repeated)} more than once",
                             fix="Pass one row per theme, as themes.theme_table gives")
    words = [_split_terms(v) for v in table["terms"].tolist()]
    phrases = [_split_terms(v) for v in table["phrases"].tolist()]
    written: dict[str, str] = {}
    if tokens is not None:
        wanted = [p for row in phrases for p in row]
        forms = surface_forms(tokens, wanted, stop_words=stop_words) if wanted else None
        if forms is not None:
            written = dict(zip(forms["term"], forms["label"]))
    # each theme's entries, tokenized, in its order; where an entry ranks best across themes
    theme_entries: list[list[tuple[str, int]]] = []
    best: dict[str, tuple[int, int]] = {}
    for t, (row_words, row_phrases) in enumerate(zip(words, phrases)):
        entries: dict[str, int] = {}
        for rank, raw in enumerate(row_words):
            toks = tokenize(raw)
            if toks:
                entries.setdefault(" ".join(toks), rank)
        for rank, raw in enumerate(row_phrases):
            toks = tokenize(written.get(raw, raw))
            if toks:
                entries.setdefault(" ".join(toks), rank)
        theme_entries.append(list(entries.items()))
        for entry, rank in entries.items():
            if entry not in best or rank < best[entry][0]:
                best[entry] = (rank, t)
    frames, notes, dropped = {}, [], []
    column = {c: table[c].tolist() if c in table.columns else [None] * len(table) for c in ("mean_share", "docs", "n_docs")}
    labels = table["label"].tolist()
    for t, entries in enumerate(theme_entries):
        own = [e for e, _ in entries if best[e][1] == t]
        if not own:
            dropped.append(keys[t])
            continue
        number = themes[t][:1].upper() + themes[t][1:] if themes[t] else f"Theme {t + 1}"
        label = _one_line(labels[t]) if isinstance(labels[t], str) else ""
        spec = {"label": f"{number}: {label}" if label else number,
                "definition": f"A draft from {keys[t]}, a theme discovered in the corpus; rename this frame and "
                              "say in one line what it is about."}
        singles = [e for e in own if " " not in e]
        multi = [e for e in own if " " in e]
        if singles:
            spec["words"] = singles
        if multi:
            spec["phrases"] = multi
        frames[keys[t]] = spec
        notes.append(_frame_note(keys[t], column["mean_share"][t], column["docs"][t], column["n_docs"][t]))
    if not frames:
        raise ParameterError("no theme keeps a word or phrase of its own, so there is nothing to draft",
                             fix="Fit themes on a corpus with more words (or fewer themes)")
    header = _DRAFT_HEADER.format(settings=_draft_settings(table.attrs), dropped=_dropped_note(dropped))
    top = yaml.safe_dump({"version": 1, "name": _one_line(name) if name and _one_line(name) else DRAFT_NAME},
                         sort_keys=False, allow_unicode=True, width=_NO_WRAP)
    parts = [header, top, "\nframes:\n"]
    for (key, spec), note in zip(frames.items(), notes):
        body = yaml.safe_dump({key: spec}, sort_keys=False, default_flow_style=None, allow_unicode=True,
                              width=_NO_WRAP)
        parts.append(f"  # {note}\n" + "".join(f"  {line}\n" for line in body.splitlines()))
    return "".join(parts)


def _draft_settings(attrs: dict) -> str:
    """`` (3 themes, seed 0)`` from a theme table's attrs, or nothing if they do not say."""
    said = []
    k, seed = attrs.get("n_themes"), attrs.get("seed")
    if isinstance(k, numbers.Integral) and not isinstance(k, bool):
        said.append(f"{int(k)} theme{'s' if k != 1 else ''}")
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        said.append(f"seed {int(seed)}")
    return f" ({', '.join(said)})" if said else ""


def _dropped_note(dropped: list[str]) -> str:
    """The end of the header's line on shared entries: which themes were left out for having none of their own."""
    if not dropped:
        return ";"
    return (f"; {', '.join(dropped)} had no entry of its own left and {'is' if len(dropped) == 1 else 'are'} "
            "not in this draft;")


def _number(value) -> bool:
    """Whether a table cell holds a number (not a bool, not NaN)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and value == value


def _frame_note(key: str, share, docs, n_docs) -> str:
    """The comment above a drafted frame: the theme's mean share of a document and the documents that carry it."""
    said = []
    if _number(share):
        said.append(f"on average {100 * float(share):.1f} % of a document")
    if _number(docs):
        of = f" of {int(n_docs):,}" if _number(n_docs) else ""
        said.append(f"carried by {int(docs):,}{of} document{'s' if (int(n_docs) if of else int(docs)) != 1 else ''}")
    return f"{key}: {', '.join(said)}" if said else key
