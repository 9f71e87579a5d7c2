"""Lexicon: read and validate a frame lexicon (which words and phrases signal which frame).

The shipped lexicon is ``data/frames.yml``; the comments at its top are the documentation of
the format. :func:`load_lexicon` reads a file through :func:`corpus_utils.datafile.read_yaml`
(no YAML aliases, no repeated keys) and checks every key against that schema, so a typo or a
wrong type is one :class:`~corpus_utils.errors.LexiconError` line naming the file and the key,
never a wrong count later. :mod:`corpus_utils.frame` does the counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from .count import tokenize
from .datafile import check_keys, check_text, check_text_list, check_top_level, describe, read_yaml
from .errors import LexiconError

__all__ = ["Lexicon", "default_lexicon_path", "load_lexicon"]

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
