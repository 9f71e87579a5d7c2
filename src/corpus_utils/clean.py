"""Clean: remove web boilerplate by rules kept in a data file, and say what was removed.

Cleaning works on whole lines: a rule either removes a line or leaves it alone, so a
sentence of argument is never cut in half. The one exception mends words hyphenated
across a page break ("Wyo-ming"). Rules live in ``data/cleaning_rules.yml``; the comments at
the top of that file document every key, and :func:`load_rules` checks a file against them.

A rule removes a line only when the line looks like page furniture: it matches a furniture
pattern (a paywall prompt, a widget heading), or it is short and does not end like text. A
line is never removed merely because it repeats or sits at the end: a repeated full sentence
is the author's refrain, a long closing paragraph is the author's conclusion, and a line that
continues one ending in a comma ("Sincerely,") is part of the text. Nor is a line of *spoken prose*
(see :func:`spoken_prose`: a sentence in the first or second person, mostly in lower case), so the
closing line of a speech ("President Barack Obama is a doer. And we in America will do big things
with him.") stays although it starts like an author's bio; a bio speaks of its author in the third
person ("Jane Doe is the mayor of Riverton. She is based in the county seat.") and still goes.

Patterns from a rules file run with a time limit per line (the `regex` package's ``timeout``),
so a pattern that backtracks without end, such as ``(a+)+$``, is an error naming the rule and
the line, not a hung run; and with one time budget for the whole rules file over the whole
corpus, so a pattern that is merely slow on each of many lines is an error too, not a run of hours.
"""

from __future__ import annotations

import numbers
import re
import time
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import regex

from .datafile import check_count, check_keys, check_text, check_text_list, check_top_level, describe, read_yaml
from .errors import ParameterError, RulesError

__all__ = [
    "NO_RULES",
    "PATTERN_TIMEOUT",
    "RULES_TIME_BUDGET",
    "CleaningRules",
    "clean_corpus",
    "clean_lines",
    "clean_text",
    "default_rules_path",
    "load_rules",
    "normalize_text",
    "removed_lines",
    "spoken_prose",
]

PATTERN_TIMEOUT = 1.0
"""Seconds one pattern may spend on one line before the run stops with a :class:`RulesError`."""

RULES_TIME_BUDGET = 120.0
"""Seconds the patterns of one rules file may spend in all over one corpus before the run stops with a
:class:`RulesError` naming the rule that was running. The shipped rules' patterns spend about 19 s
on 250,000 synthetic documents of two to eight paragraphs (about 940 characters each), so only a
pathological pattern reaches it (see the README, "Performance")."""

NO_RULES = "none"
"""The rules name that means no cleaning at all (``rules="none"``, ``--rules none``)."""

# The schema of a rules file (documented at the top of data/cleaning_rules.yml): a rule may have
# the keys of _RULE_KEYS (name and kind required) and must have every key of its kind. Shapes:
# "text" is one line of text, "count" a whole number >= 1, "texts" a non-empty list of strings,
# "patterns" a non-empty list of regular expressions.
_TOP_KEYS = ["version", "rules"]
_RULE_KEYS = {"name": "text", "kind": "text", "description": "text", "min_lines": "count"}
_KINDS = {
    "line_pattern": {"patterns": "patterns"},
    "label_block": {"labels": "texts"},
    "enclosed": {"open": "text", "close": "text"},
    "teaser": {},
    "repeated": {"max_words": "count"},
    "short_line": {"max_words": "count"},
    "footer_pattern": {"last_lines": "count", "max_words": "count", "patterns": "patterns"},
    "rejoin_hyphenated": {},
}
_KEY_HELP = {
    "patterns": "a list of regular expressions, e.g. ['please log in.*']",
    "labels": "a list of widget headings, e.g. ['Tags:']",
    "open": "the text a note starts with, e.g. '*'",
    "close": "the text a note ends with, e.g. '*'",
    "max_words": "a number, e.g. max_words: 4",
    "last_lines": "a number, e.g. last_lines: 3",
    "name": "a short name, reported with each line the rule removes",
    "kind": "one of: " + ", ".join(_KINDS),
}
_SEE_HEADER = "the comments at the top of the shipped cleaning_rules.yml show its shape"
_ELLIPSIS = re.compile(r"\s*(…|\.\.\.)\s*$")
_TEXT_END = re.compile(r"[.!?:;,\"'”’)\]]\s*$")  # a line that ends like a sentence or a clause
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"\w[.!?]+[\"')\]]*(?=\s|$)")  # a word ending in . ! ? (then quotes, brackets)
_PERSONAL = ("me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
             "you", "your", "yours", "yourself", "yourselves")
_FIRST_OR_SECOND_PERSON = frozenset(("I", *_PERSONAL, *(word.capitalize() for word in _PERSONAL)))
_BLANK_RUNS = re.compile(r"\n{3,}")
_HYPHENATED = re.compile(r"\b([A-Za-z]+)-([a-z]+)\b")


@dataclass(frozen=True)
class CleaningRules:
    """An ordered, validated set of cleaning rules.

    Attributes
    ----------
    rules : tuple of dict
        Each rule as read from the file, with its patterns compiled (key ``compiled``).
    source : str
        The file name the rules came from (a name, not an absolute path), or ``"none"``.
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
        A rules file; by default the one shipped with the package. The string ``"none"``
        (in any case) means no cleaning at all: an empty set of rules.

    Returns
    -------
    CleaningRules

    Raises
    ------
    RulesError
        If the file is missing, is not YAML, uses a YAML alias or repeats a key, or does not
        follow the schema at the top of the shipped ``cleaning_rules.yml``: an unknown or
        missing key, a wrong type (``max_words: four``), a string where a list belongs, an
        empty list, a repeated rule name or an invalid regular expression. The message
        names the file, the rule and the key, and says the fix.

    Examples
    --------
    >>> load_rules("none")
    CleaningRules(rules=(), source='none', rejoin=None)
    >>> [rule["name"] for rule in load_rules().rules][:3]
    ['paywall', 'correction_notice', 'comment_prompt']
    """
    if isinstance(path, str) and path.strip().lower() == NO_RULES:
        return CleaningRules(rules=(), source=NO_RULES)
    path = Path(path) if path is not None else default_rules_path()
    try:  # re-read an edited file: the cache is keyed on the file's size and modification time
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = None
    return _load_rules_cached(str(path), version)


@lru_cache(maxsize=8)
def _load_rules_cached(path_str: str, version: tuple | None) -> CleaningRules:
    path = Path(path_str)
    data = read_yaml(path, path_str, RulesError, "cleaning-rules",
                     "Pass the path of an existing YAML file, or 'none' for no cleaning")
    rules = tuple(_check_rule(rule, i, path_str) for i, rule in enumerate(check_top_level(
        data, path_str, RulesError, key="rules", container=list, allowed=_TOP_KEYS, holds="a list of rules",
        add_fix=f"Add a rules: list ({_SEE_HEADER})", item_fix="Write one rule per item, each starting with '- name:'",
        empty_fix="Add a rule, or pass rules='none' (--rules none) to clean nothing")))
    names: dict[str, int] = {}
    for i, rule in enumerate(rules):
        if rule["name"] in names:
            raise RulesError(f"rule {i + 1} has the same name as rule {names[rule['name']] + 1} ('{rule['name']}')",
                             path_str, "Give each rule its own name: removals are reported by name")
        names[rule["name"]] = i
    rejoin = next((rule["name"] for rule in rules if rule["kind"] == "rejoin_hyphenated"), None)
    return CleaningRules(rules=rules, source=path.name, rejoin=rejoin)


def _check_rule(rule, i: int, source: str) -> dict:
    """Check one rule against the schema; return a copy with its patterns compiled."""
    if not isinstance(rule, dict):
        raise RulesError(f"rule {i + 1} must be a mapping with name and kind (got {describe(rule)})", source,
                         "Indent name: and kind: under the '- ' that starts the rule")
    if "name" not in rule:
        raise RulesError(f"rule {i + 1} is missing the key 'name'", source, f"Add name: ({_KEY_HELP['name']})")
    name = check_text(rule["name"], f"rule {i + 1}: name", source, RulesError)
    if "kind" not in rule:
        raise RulesError(f"rule '{name}' is missing the key 'kind'", source, f"Add kind: ({_KEY_HELP['kind']})")
    kind = rule["kind"]
    if not isinstance(kind, str) or kind not in _KINDS:
        shown = f"'{kind}'" if isinstance(kind, str) else f"({describe(kind)})"
        raise RulesError(f"rule '{name}' has unknown kind {shown} (expected one of: {', '.join(_KINDS)})", source,
                         f"Use one of these kinds ({_SEE_HEADER})")
    where = f"rule '{name}' ({kind})"
    shapes = {**_RULE_KEYS, **_KINDS[kind]}
    check_keys(rule, where, list(shapes), ["name", "kind", *_KINDS[kind]], source, RulesError,
               {key: f"Add {key}: ({_KEY_HELP[key]})" for key in _KINDS[kind]})
    checked = dict(rule)
    for key, shape in shapes.items():
        if key not in rule or key in ("name", "kind"):
            continue
        at = f"{where}: {key}"
        if shape == "text":
            check_text(rule[key], at, source, RulesError)
        elif shape == "count":
            check_count(rule[key], at, key, source, RulesError)
        else:
            check_text_list(rule[key], at, source, RulesError)
        if shape == "patterns":
            checked["compiled"] = [_compile(p, kind, f"{at}[{j}]", source) for j, p in enumerate(rule[key])]
            checked["combined"] = _combine(checked["compiled"])
    return checked


#: In a pattern, what would mean something else once it is one branch of an alternation: a group referred to by
#: number or name, a conditional, an inline flag or any other ``(?`` construct but a non-capturing group or a look-around.
_NOT_COMBINABLE = re.compile(r"\\[1-9]|\\g|\(\?(?![:=!]|<[=!])")


def _combine(patterns: list):
    """The patterns as one alternation, which fullmatches a line exactly when one of them does; None when a
    pattern holds a construct whose meaning depends on its place (a back-reference, a named group, a flag).

    One call of the alternation costs about what one call of one pattern does, so a line that none of a rule's
    patterns matches (nearly every line) is settled in one call instead of one per pattern (:meth:`_Lines.matches`).
    """
    if len(patterns) < 2 or any(_NOT_COMBINABLE.search(p.pattern) for p in patterns):
        return None
    if len({p.flags for p in patterns}) != 1:
        return None
    try:
        return regex.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
    except regex.error:  # pragma: no cover - each pattern compiled on its own
        return None


def _compile(pattern: str, kind: str, where: str, source: str):
    flags = 0 if kind == "footer_pattern" else regex.IGNORECASE  # names in a footer are capitalized
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise RulesError(f"{where} '{pattern}' is not a valid regular expression ({exc})", source,
                         "Correct the pattern (Python syntax; put a backslash before ( ) [ ] . * + ? "
                         "to match the character itself)") from None


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


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def spoken_prose(line: str) -> bool:
    """Whether a line is spoken prose: a sentence someone says or writes in their own voice.

    The shape rules (``repeated``, ``short_line``, ``footer_pattern``) never remove such a line,
    whatever else it looks like. A line is spoken prose when all three hold:

    1. it has sentence punctuation: a word ending in ``.``, ``!`` or ``?`` (then any closing
       quotes or brackets), followed by a space or the end of the line;
    2. it is in the first or second person: one of its words is *I*, *me*, *my*, *mine*, *myself*,
       *we*, *us*, *our*, *ours*, *ourselves*, *you*, *your*, *yours*, *yourself* or *yourselves*,
       in lower case or capitalized (not *US* in capitals, the country), as a speaker, a letter
       writer or an author turning to the reader writes;
    3. it is mostly in lower case: at least half of its words that start with a letter start with
       a lower-case one (prose, not a title, a masthead or a list of names).

    A bio or signature speaks of its author in the third person, so it is not spoken prose and the
    footer rule still removes it. The price is the other way round: a bio that turns to the reader
    ("You can reach her at ...") is kept, as cleaning keeps a line it is unsure of. The words of
    rule 2 are English, like the shipped stop words.

    Parameters
    ----------
    line : str
        One line of a normalized text (see :func:`normalize_text`).

    Returns
    -------
    bool

    Examples
    --------
    >>> spoken_prose("President Barack Obama is a doer. And we in America will do big things with him.")
    True
    >>> spoken_prose("Jane Doe is the mayor of Riverton. She is based in the county seat.")  # third person
    False
    >>> spoken_prose("Sanctuary policies pose a risk to us all")  # no sentence punctuation: a heading
    False
    >>> spoken_prose("Jane Doe Edits Our Town News. Follow Her On Twitter!")  # mostly capitals: a masthead
    False
    """
    if not _SENTENCE_END.search(line):
        return False
    words = [word for word in _WORD.findall(line) if word[0].isalpha()]
    return (any(word in _FIRST_OR_SECOND_PERSON for word in words)
            and 2 * sum(word[0].islower() for word in words) >= len(words))


class _Budget:
    """The seconds a rules file's patterns have left over one corpus (one budget is shared by all its documents)."""

    def __init__(self, seconds=None):
        seconds = RULES_TIME_BUDGET if seconds is None else seconds
        if isinstance(seconds, bool) or not isinstance(seconds, numbers.Real) or not seconds > 0:
            raise ParameterError(f"time_budget must be a positive number of seconds (got {seconds!r})",
                                 fix=f"Pass a number of seconds such as {RULES_TIME_BUDGET:g}, or leave it out")
        self.seconds = self.left = float(seconds)


class _Lines:
    """The non-empty lines a rule sees, with what it needs to judge them: their stripped text,
    their position, and whether the line before ends in a comma (then this one continues it)."""

    def __init__(self, lines: list[str], live: list[int], doc: str | None, budget: _Budget):
        self.lines, self.live, self.doc, self.budget = lines, live, doc, budget

    def text(self, i: int) -> str:
        return self.lines[i].strip()

    def continues(self, pos: int) -> bool:
        return pos > 0 and self.lines[self.live[pos - 1]].rstrip().endswith(",")

    def furniture_shaped(self, pos: int, max_words: int) -> bool:
        """Short, not ending like text, not continuing the line before, and not spoken prose."""
        text = self.text(self.live[pos])
        return (_words(text) <= max_words and not _TEXT_END.search(text) and not self.continues(pos)
                and not spoken_prose(text))

    def matches(self, rule: dict, i: int, source: str) -> bool:
        """Whether one of the rule's patterns matches the whole stripped line, within the time limits.

        Each call may take :data:`PATTERN_TIMEOUT` seconds, and no more than the budget has left.
        """
        text, budget = self.text(i), self.budget
        combined = rule.get("combined")
        if combined is not None and budget.left > 0:  # none of the patterns matches: one call says so
            start = time.perf_counter()
            try:
                if combined.fullmatch(text, timeout=min(PATTERN_TIMEOUT, budget.left)) is None:
                    return False
            except TimeoutError:
                pass  # the patterns one by one below say which one runs too long, as they always have
            finally:
                budget.left -= time.perf_counter() - start
        for pattern in rule["compiled"]:
            by_budget = budget.left < PATTERN_TIMEOUT
            start = time.perf_counter()
            try:
                if budget.left <= 0:
                    raise TimeoutError
                if pattern.fullmatch(text, timeout=min(PATTERN_TIMEOUT, budget.left)):
                    return True
            except TimeoutError:
                place = f"document {self.doc}, line {i + 1}" if self.doc is not None else f"line {i + 1}"
                fix = "Simplify the pattern: avoid a repeat inside a repeat, such as (a+)+"
                if by_budget:
                    raise RulesError(
                        f"the patterns took more than {budget.seconds:g} s in all, the time budget for a rules "
                        f"file over a corpus, and rule '{rule['name']}' pattern '{pattern.pattern}' was running "
                        f"when it ran out (on {place})",
                        source,
                        f"{fix}; or, for a very large corpus, raise the budget (clean.RULES_TIME_BUDGET)",
                    ) from None
                raise RulesError(
                    f"rule '{rule['name']}' pattern '{pattern.pattern}' takes too long on {place} "
                    f"(over {PATTERN_TIMEOUT:g} s)",
                    source,
                    fix,
                ) from None
            finally:
                budget.left -= time.perf_counter() - start
        return False


def _prefix_end(ordered: list[str], prefix: str, lo: int) -> int:
    """Index just after the last string of sorted ``ordered`` (from ``lo``) that starts with ``prefix``."""
    head = prefix.rstrip("\U0010ffff")
    if not head:
        return len(ordered)
    return bisect_left(ordered, head[:-1] + chr(ord(head[-1]) + 1), lo)


def _teasers(lines: _Lines) -> list[int]:
    """Lines ending in an ellipsis whose text (20 characters or more) starts a later line.

    Linear-ish: the lines are sorted once; the lines starting with a teaser's text are then
    one run of the sorted list (found by bisection), and a sparse table of the latest
    position in any run answers "does one of them come later?" in constant time.
    """
    norms = [_norm(lines.lines[i]) for i in lines.live]
    stems = {}
    for pos, text in enumerate(norms):
        match = _ELLIPSIS.search(text)
        if match and match.start() >= 20:
            stems[pos] = text[: match.start()]
    if not stems:
        return []
    order = sorted(range(len(norms)), key=norms.__getitem__)
    ordered = [norms[pos] for pos in order]
    latest = [order]  # latest[k][j]: the largest position among ordered[j : j + 2**k]
    while 2 ** len(latest) <= len(order):
        prev, width = latest[-1], 2 ** (len(latest) - 1)
        latest.append([max(a, b) for a, b in zip(prev, prev[width:])])
    out = []
    for pos, stem in stems.items():
        lo = bisect_left(ordered, stem)
        hi = _prefix_end(ordered, stem, lo)  # hi > lo: the teaser itself starts with its stem
        k = (hi - lo).bit_length() - 1
        if max(latest[k][lo], latest[k][hi - 2**k]) > pos:
            out.append(lines.live[pos])
    return out


#: Lines a kind of rule needs before it can remove one: a teaser is a line a later line repeats, a repeated
#: line repeats an earlier one; with fewer, the rule is not tried (a one-line post has neither).
_LINES_NEEDED = {"teaser": 2, "repeated": 2}


def _apply_line_rules(lines: list[str], rules: CleaningRules, doc: str | None, budget: _Budget) -> dict[int, str]:
    """Return {line index: rule name} for every line a rule removes."""
    removed: dict[int, str] = {}
    live = [i for i, line in enumerate(lines) if line.strip()]
    seen_removed = 0
    for rule in rules.rules:
        kind, name = rule["kind"], rule["name"]
        if len(removed) != seen_removed:  # the previous rule removed lines: update the live list
            live = [i for i in live if i not in removed]
            seen_removed = len(removed)
        if len(live) < max(int(rule.get("min_lines", 1)), _LINES_NEEDED.get(kind, 1)):
            continue
        view = _Lines(lines, live, doc, budget)
        if kind == "line_pattern":
            for i in live:
                if view.matches(rule, i, rules.source):
                    removed[i] = name
        elif kind == "label_block":
            labels = {label.strip().lower() for label in rule["labels"]}
            for pos, i in enumerate(live):
                if i in removed or view.text(i).lower() not in labels:
                    continue
                removed[i] = name
                if pos + 1 < len(live):
                    removed[live[pos + 1]] = name
        elif kind == "enclosed":
            start = None  # position in `live` of the line that opened the note
            for pos, i in enumerate(live):
                text = view.text(i)
                if start is None and text.startswith(rule["open"]) and len(text) > 1:
                    start = pos
                if start is not None and text.endswith(rule["close"]) and (pos > start or len(text) > 1):
                    for j in live[start : pos + 1]:
                        removed[j] = name
                    start = None
        elif kind == "teaser":
            for i in _teasers(view):
                removed[i] = name
        elif kind == "repeated":  # a repeated heading, never a repeated sentence (a refrain)
            seen = set()
            for pos, i in enumerate(live):
                key = _norm(lines[i]).lower()
                if key in seen and view.furniture_shaped(pos, rule["max_words"]):
                    removed[i] = name
                seen.add(key)
        elif kind == "short_line":
            for pos, i in enumerate(live):
                if view.furniture_shaped(pos, rule["max_words"]):
                    removed[i] = name
        elif kind == "footer_pattern":  # a short bio or signature, never a closing paragraph or speech
            zone = min(rule["last_lines"], max(1, len(live) // 3))  # a footer is never most of a text
            for pos in range(len(live) - zone, len(live)):
                i = live[pos]
                if (_words(view.text(i)) <= rule["max_words"] and not view.continues(pos)
                        and not spoken_prose(view.text(i)) and view.matches(rule, i, rules.source)):
                    removed[i] = name
    return removed


def _rejoin_hyphenated(text: str, words: set[str]) -> tuple[str, list[str]]:
    """Join 'Wyo-ming' in ``text`` when 'wyoming' is one of the document's ``words`` (lower case)."""
    changes: list[str] = []

    def join(match: re.Match) -> str:
        joined = match.group(1) + match.group(2)
        if joined.lower() in words:
            changes.append(match.group(0))
            return joined
        return match.group(0)

    return _HYPHENATED.sub(join, text), changes


def _tidy(text: str) -> str:
    """What cleaning leaves of the lines it keeps: runs of blank lines shortened to one, the ends stripped."""
    return _BLANK_RUNS.sub("\n\n", text).strip()


def clean_lines(
    text: str, rules: CleaningRules, doc: str | None = None, budget: _Budget | None = None
) -> tuple[str, list[tuple[int, str, str]]]:
    """The work of :func:`clean_text`, returning plain ``(line, rule, text)`` tuples (cheap for large corpora).

    ``doc`` names the document in the message of a pattern that takes too long; ``budget`` is the
    time left to the rules' patterns, shared across the documents of a corpus (by default a new
    budget of :data:`RULES_TIME_BUDGET` seconds).
    """
    lines = text.split("\n")
    removed = _apply_line_rules(lines, rules, doc, budget if budget is not None else _Budget())
    rows = [(i + 1, removed[i], lines[i].strip()) for i in removed]
    kept = [i for i in range(len(lines)) if i not in removed]
    kept_lines = [lines[i] for i in kept]
    if rules.rejoin is not None and any("-" in line for line in kept_lines):
        words = {w.lower() for line in kept_lines for w in _WORD.findall(line)}
        for k, i in enumerate(kept):
            if "-" in kept_lines[k]:
                kept_lines[k], mended = _rejoin_hyphenated(kept_lines[k], words)
                rows.extend((i + 1, rules.rejoin, word) for word in mended)
    rows.sort(key=lambda row: row[0])  # stable: a line's mends stay in text order
    return _tidy("\n".join(kept_lines)), rows


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

    Raises
    ------
    RulesError
        If a pattern takes longer than :data:`PATTERN_TIMEOUT` seconds on a line, or the patterns
        take longer than :data:`RULES_TIME_BUDGET` seconds in all.

    Examples
    --------
    >>> cleaned, removed = clean_text("Share\\n\\nPolice need trust.\\n\\nTrust takes time.\\n\\nTags:\\n, , ,")
    >>> cleaned
    'Police need trust.\\n\\nTrust takes time.'
    >>> removed["rule"].tolist()
    ['short_line', 'widget_label', 'widget_label']
    """
    cleaned, rows = clean_lines(text, rules if rules is not None else load_rules())
    return cleaned, pd.DataFrame(rows, columns=["line", "rule", "text"])


def clean_corpus(doc_ids, raw_texts, rules: CleaningRules, time_budget: float | None = None, engine=None):
    """Normalize and clean each document, in order: yield ``(cleaned text, removed rows)`` per document.

    The rules' patterns share one time budget over all the documents: ``time_budget`` seconds,
    by default :data:`RULES_TIME_BUDGET`. (Used by :func:`corpus_utils.load_corpus` and
    :func:`removed_lines`.)

    ``engine`` (:mod:`corpus_utils.engine`) says where to clean: by default in this process, one
    document after the other; on a Dask engine each partition of the documents is cleaned on a
    worker, with an equal share of the time budget, and the results come back in corpus order
    (the same texts and removed rows: cleaning a document reads that document only).

    Raises
    ------
    RulesError
        If a pattern takes longer than :data:`PATTERN_TIMEOUT` seconds on a line, or the patterns
        take longer than the budget in all; the message names the rule, the pattern, the
        document and the line.
    ParameterError
        If ``time_budget`` is not a positive number.
    """
    budget = _Budget(time_budget)
    if engine is not None:
        documents = list(zip(doc_ids, raw_texts))
        parts = engine.split(documents, weights=[len(raw) for _, raw in documents])
        for cleaned in engine.map(_clean_part, parts, rules, budget.seconds / max(len(parts), 1)):
            yield from cleaned
        return
    for doc_id, raw in zip(doc_ids, raw_texts):
        yield clean_lines(normalize_text(raw), rules, doc=doc_id, budget=budget)


def _clean_part(documents: list[tuple[str, str]], rules: CleaningRules, seconds: float) -> list[tuple[str, list]]:
    """:func:`clean_corpus` over some ``(doc_id, raw text)`` pairs, with ``seconds`` of budget, as a list."""
    return list(clean_corpus([doc_id for doc_id, _ in documents], [raw for _, raw in documents], rules, seconds))


def removed_lines(
    corpus: pd.DataFrame, rules: CleaningRules | str | Path | None = None, *, time_budget: float | None = None
) -> pd.DataFrame:
    """List what cleaning removed from each document of a loaded corpus.

    Cleaning is deterministic, so this re-runs it on ``corpus["raw_text"]`` rather than
    storing a second table inside the corpus. A document whose ``text`` is its normalized raw
    text (:func:`normalize_text`, runs of blank lines shortened and the ends stripped, as
    cleaning leaves them) lost no line and had no word mended, since either would have left
    fewer characters: it is not cleaned again. A corpus without a ``text`` column is cleaned
    whole.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus from :func:`corpus_utils.load_corpus` (needs ``doc_id`` and ``raw_text``).
    rules : CleaningRules, path or "none", optional
        The rules the corpus was loaded with (by default the shipped ones; ``"none"``: no
        cleaning, so nothing is listed).
    time_budget : float, optional
        Seconds the rules' patterns may spend in all over the corpus; by default
        :data:`RULES_TIME_BUDGET`.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, line, rule, text``, sorted by document then line.

    Raises
    ------
    RulesError
        If the rules file is bad (see :func:`load_rules`), one of its patterns takes longer
        than :data:`PATTERN_TIMEOUT` seconds on a line, or its patterns take longer than the
        time budget in all; the message names the rule, the pattern, the document and the line.
    ParameterError
        If ``time_budget`` is not a positive number.
    """
    if not isinstance(rules, CleaningRules):
        rules = load_rules(rules)
    rows = []
    doc_ids, raw_texts = corpus["doc_id"].tolist(), corpus["raw_text"].tolist()
    if "text" in corpus.columns:
        changed = [i for i, (raw, text) in enumerate(zip(raw_texts, corpus["text"].tolist()))
                   if _tidy(normalize_text(raw)) != text]
        doc_ids, raw_texts = [doc_ids[i] for i in changed], [raw_texts[i] for i in changed]
    for doc_id, (_, removed) in zip(doc_ids, clean_corpus(doc_ids, raw_texts, rules, time_budget)):
        rows.extend((doc_id, *row) for row in removed)
    return pd.DataFrame(rows, columns=["doc_id", "line", "rule", "text"])
