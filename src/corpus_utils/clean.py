"""Clean: remove web boilerplate by rules kept in a data file, and say what was removed.

Cleaning works on whole lines: a rule either removes a line or leaves it alone, so a
sentence of argument is never cut in half. The one exception mends words hyphenated
across a page break ("Wyo-ming"). Rules live in ``data/cleaning_rules.yml``; see that
file for the kinds of rule and how to write your own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from .errors import RulesError

__all__ = [
    "CleaningRules",
    "clean_text",
    "default_rules_path",
    "load_rules",
    "normalize_text",
    "removed_lines",
]

_KINDS = {
    "line_pattern": ("patterns",),
    "label_block": ("labels",),
    "enclosed": ("open", "close"),
    "teaser": (),
    "repeated": (),
    "short_line": ("max_words",),
    "footer_pattern": ("last_lines", "patterns"),
    "rejoin_hyphenated": (),
}
_ELLIPSIS = re.compile(r"\s*(…|\.\.\.)\s*$")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]\s*$")
_WORD = re.compile(r"\w+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_HYPHENATED = re.compile(r"\b([A-Za-z]+)-([a-z]+)\b")


@dataclass(frozen=True)
class CleaningRules:
    """An ordered, validated set of cleaning rules.

    Attributes
    ----------
    rules : tuple of dict
        Each rule as read from the file, with its patterns compiled.
    source : str
        The file name the rules came from (a name, not an absolute path).
    rejoin : str or None
        The name of the ``rejoin_hyphenated`` rule, if any: it mends words, removes no line.
    """

    rules: tuple
    source: str
    rejoin: str | None = None


def default_rules_path() -> Path:
    """Return the path of the rules file shipped with the package."""
    return Path(str(resources.files("corpus_utils") / "data" / "cleaning_rules.yml"))


def load_rules(path: str | Path | None = None) -> CleaningRules:
    """Read and validate a cleaning-rules YAML file.

    Parameters
    ----------
    path : str or Path, optional
        A rules file; by default the one shipped with the package.

    Returns
    -------
    CleaningRules

    Raises
    ------
    RulesError
        If the file is missing, is not YAML, or a rule has an unknown kind, a missing key
        or a pattern that is not a valid regular expression. The message names the rule.
    """
    path = Path(path) if path is not None else default_rules_path()
    return _load_rules_cached(str(path))


@lru_cache(maxsize=8)
def _load_rules_cached(path_str: str) -> CleaningRules:
    path = Path(path_str)
    fix = "Correct the file (see the comments at the top of the shipped cleaning_rules.yml)"
    if not path.is_file():
        raise RulesError("cleaning-rules file not found", path, "Pass the path of an existing YAML file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RulesError(f"not a valid YAML file ({type(exc).__name__})", path, fix) from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulesError("expected a mapping with a 'rules' list", path, fix)
    compiled = []
    for i, rule in enumerate(data["rules"]):
        if not isinstance(rule, dict) or "name" not in rule or "kind" not in rule:
            raise RulesError(f"rule {i + 1} must be a mapping with 'name' and 'kind'", path, fix)
        kind = rule["kind"]
        if kind not in _KINDS:
            raise RulesError(
                f"rule '{rule['name']}' has unknown kind '{kind}' (expected one of: {', '.join(_KINDS)})",
                path,
                fix,
            )
        missing = [key for key in _KINDS[kind] if key not in rule]
        if missing:
            raise RulesError(f"rule '{rule['name']}' ({kind}) is missing key(s): {', '.join(missing)}", path, fix)
        rule = dict(rule)
        if "patterns" in rule:
            flags = 0 if kind == "footer_pattern" else re.IGNORECASE
            try:
                rule["compiled"] = [re.compile(rf"(?:{p})\Z", flags) for p in rule["patterns"]]
            except re.error as exc:
                raise RulesError(f"rule '{rule['name']}' has an invalid pattern ({exc})", path, fix) from None
        compiled.append(rule)
    rejoin = next((rule["name"] for rule in compiled if rule["kind"] == "rejoin_hyphenated"), None)
    return CleaningRules(rules=tuple(compiled), source=path.name, rejoin=rejoin)


_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u2013": "\u2014", "\u2015": "\u2014",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
        "\u00ad": None,
    }
)


def normalize_text(text: str) -> str:
    r"""Normalize line endings and Unicode so that one word is always spelled one way.

    CRLF and CR become LF; the text is put in NFC; curly quotes and apostrophes become
    straight ones; the hyphen characters become ``-`` and the dashes ``—``; non-breaking
    and thin spaces become spaces; zero-width characters and soft hyphens are dropped.

    Examples
    --------
    >>> normalize_text("it\u2019s \u201cfine\u201d\r\n")
    'it\'s "fine"\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).translate(_CHAR_MAP)


def _norm(line: str) -> str:
    return " ".join(line.split())


def _match_any(rule: dict, line: str) -> bool:
    return any(p.match(line) for p in rule["compiled"])


def _apply_line_rules(lines: list[str], rules: CleaningRules) -> dict[int, str]:
    """Return {line index: rule name} for every line a rule removes."""
    removed: dict[int, str] = {}
    live = [i for i, line in enumerate(lines) if line.strip()]
    seen_removed = 0
    for rule in rules.rules:
        kind, name = rule["kind"], rule["name"]
        if len(removed) != seen_removed:  # the previous rule removed lines: update the live list
            live = [i for i in live if i not in removed]
            seen_removed = len(removed)
        if len(live) < int(rule.get("min_lines", 1)):
            continue
        if kind == "line_pattern":
            for i in live:
                if _match_any(rule, lines[i].strip()):
                    removed[i] = name
        elif kind == "label_block":
            labels = {label.strip().lower() for label in rule["labels"]}
            for pos, i in enumerate(live):
                if i in removed or lines[i].strip().lower() not in labels:
                    continue
                removed[i] = name
                if pos + 1 < len(live):
                    removed[live[pos + 1]] = name
        elif kind == "enclosed":
            start = None
            for i in live:
                text = lines[i].strip()
                if start is None and text.startswith(rule["open"]) and len(text) > 1:
                    start = i
                if start is not None and text.endswith(rule["close"]) and (i > start or len(text) > 1):
                    for j in live:
                        if start <= j <= i:
                            removed[j] = name
                    start = None
        elif kind == "teaser":
            for pos, i in enumerate(live):
                text = _norm(lines[i])
                if not _ELLIPSIS.search(text):
                    continue
                stem = _ELLIPSIS.sub("", text)
                if len(stem) >= 20 and any(_norm(lines[j]).startswith(stem) for j in live[pos + 1 :]):
                    removed[i] = name
        elif kind == "repeated":
            seen = set()
            for i in live:
                key = _norm(lines[i]).lower()
                if key in seen:
                    removed[i] = name
                seen.add(key)
        elif kind == "short_line":
            for i in live:
                text = lines[i].strip()
                if len(_WORD.findall(text)) <= int(rule["max_words"]) and not _SENTENCE_END.search(text):
                    removed[i] = name
        elif kind == "footer_pattern":
            zone = min(int(rule["last_lines"]), max(1, len(live) // 3))  # a footer is never most of a text
            for i in live[-zone:]:
                if _match_any(rule, lines[i].strip()):
                    removed[i] = name
    return removed


def _rejoin_hyphenated(text: str) -> tuple[str, list[str]]:
    """Join 'Wyo-ming' when 'Wyoming' occurs elsewhere in the text and 'Wyo-ming' does not."""
    words = {w.lower() for w in _WORD.findall(text)}
    changes: list[str] = []

    def join(match: re.Match) -> str:
        joined = match.group(1) + match.group(2)
        if joined.lower() in words:
            changes.append(match.group(0))
            return joined
        return match.group(0)

    return _HYPHENATED.sub(join, text), changes


def _clean(text: str, rules: CleaningRules) -> tuple[str, list[tuple[int, str, str]]]:
    """The work of :func:`clean_text`, returning plain tuples (cheap for large corpora)."""
    lines = text.split("\n")
    removed = _apply_line_rules(lines, rules)
    kept = [line for i, line in enumerate(lines) if i not in removed]
    cleaned = _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip()
    rows = [(i + 1, removed[i], lines[i].strip()) for i in sorted(removed)]
    if rules.rejoin is not None and "-" in cleaned:
        cleaned, mended = _rejoin_hyphenated(cleaned)
        for word in mended:
            line_no = next((i + 1 for i, line in enumerate(lines) if word in line), 0)
            rows.append((line_no, rules.rejoin, word))
    return cleaned, rows


def clean_text(text: str, rules: CleaningRules | None = None) -> tuple[str, pd.DataFrame]:
    """Remove boilerplate lines from one document.

    Parameters
    ----------
    text : str
        The document, already decoded and normalized (see :func:`normalize_text`).
    rules : CleaningRules, optional
        Defaults to the rules shipped with the package.

    Returns
    -------
    cleaned : str
        The kept lines, with runs of blank lines folded to one blank line.
    removed : pandas.DataFrame
        One row per removed line or mended word: ``line`` (1-based line number in the
        input), ``rule`` and ``text`` (what was removed or mended).

    Examples
    --------
    >>> cleaned, removed = clean_text("Share\\n\\nPolice need trust.\\n\\nTrust takes time.\\n\\nTags:\\n, , ,")
    >>> cleaned
    'Police need trust.\\n\\nTrust takes time.'
    >>> removed["rule"].tolist()
    ['short_line', 'widget_label', 'widget_label']
    """
    cleaned, rows = _clean(text, rules if rules is not None else load_rules())
    return cleaned, pd.DataFrame(rows, columns=["line", "rule", "text"])


def removed_lines(corpus: pd.DataFrame, rules: CleaningRules | str | Path | None = None) -> pd.DataFrame:
    """List what cleaning removed from each document of a loaded corpus.

    Cleaning is deterministic, so this re-runs it on ``corpus["raw_text"]`` rather than
    storing a second table inside the corpus.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus from :func:`corpus_utils.load_corpus` (needs ``doc_id`` and ``raw_text``).
    rules : CleaningRules or path, optional
        The rules the corpus was loaded with (by default the shipped ones).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, line, rule, text``, sorted by document then line.
    """
    if not isinstance(rules, CleaningRules):
        rules = load_rules(rules)
    frames = []
    for doc_id, raw in zip(corpus["doc_id"], corpus["raw_text"]):
        _, removed = clean_text(normalize_text(raw), rules)
        removed.insert(0, "doc_id", doc_id)
        frames.append(removed)
    columns = ["doc_id", "line", "rule", "text"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
