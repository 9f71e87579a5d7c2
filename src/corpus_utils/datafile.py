"""Data files: read our YAML data files safely and check the shape of what they hold.

The cleaning rules and the frame lexicon are YAML files a student copies and edits, so both go
through one reader, :func:`read_yaml`. It is PyYAML's safe loader with two refusals:

* **aliases** (``*name``, pointing back to an ``&name`` anchor) are refused, because a few
  hundred bytes of nested aliases ("billion laughs") expand to billions of values; our files
  never need them;
* **a key given twice** in one mapping is refused, because YAML would silently keep the last
  one (a frame listed twice would lose its first word list).

The small ``check_*`` helpers below turn a wrong shape into one :class:`~corpus_utils.errors.CorpusError`
line that names the file and the key, says what was expected and what arrived, and ends with
the fix.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from .errors import CorpusError

__all__ = [
    "check_count",
    "check_keys",
    "check_top_level",
    "check_text",
    "check_text_list",
    "describe",
    "read_yaml",
]

_YAML_FIX = "Correct the YAML near that line (indent with spaces; put text with ': ' or a leading symbol in quotes)"


class _Refused(yaml.YAMLError):
    """Raised by the loader for YAML that is valid but not allowed in our data files."""

    def __init__(self, reason: str, fix: str):
        super().__init__(reason)
        self.reason, self.fix = reason, fix


class _DataFileLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases and repeated keys."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                f"uses the YAML alias '*{event.anchor}' at line {event.start_mark.line + 1}; "
                "aliases are not allowed in this file",
                f"Write the value out in full instead of referring to '&{event.anchor}'",
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: dict = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                line = key_node.start_mark.line + 1
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the base class reports it
                    continue
                if first is not None:
                    lines = f"lines {first} and {line}" if first != line else f"line {line}"
                    raise _Refused(
                        f"has the key '{key}' twice in one mapping ({lines})",
                        "Keep one of them (YAML would silently drop the first)",
                    )
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: str | Path, source: str, error: type[CorpusError], what: str, missing_fix: str) -> object:
    """Read one of our YAML data files, refusing aliases and repeated keys.

    Parameters
    ----------
    path : str or Path
        The file to read.
    source : str
        How to name the file in messages (as the user gave it, or the shipped file's name).
    error : type of CorpusError
        The error to raise, e.g. :class:`~corpus_utils.errors.RulesError`.
    what : str
        What the file is, for the not-found message, e.g. ``"cleaning-rules"``.
    missing_fix : str
        The fix to suggest when the file does not exist.

    Returns
    -------
    object
        The parsed content (``None`` for an empty file).

    Raises
    ------
    CorpusError
        ``error``, when the file is missing, not UTF-8, not YAML, nests too deeply, uses an
        alias or repeats a key. The message gives the line where the YAML parser stopped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from corpus_utils.errors import RulesError
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.yml"
    >>> _ = path.write_text("a: &x [1]\\nb: *x\\n")
    >>> read_yaml(path, "r.yml", RulesError, "rules", "Pass a file")
    Traceback (most recent call last):
    ...
    corpus_utils.errors.RulesError: r.yml: uses the YAML alias '*x' at line 2; aliases are not allowed in this file. Write the value out in full instead of referring to '&x'.
    """
    path = Path(path)
    if not path.is_file():
        kind = _special_kind(path)
        if kind is not None:
            raise error(f"is {kind}, not a regular file", source, f"Pass the path of a YAML {what} file")
        raise error(f"{what} file not found", source, missing_fix)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise error("is not UTF-8 text", source, "Save the file as UTF-8 (any text editor can)") from None
    try:
        return yaml.load(text, Loader=_DataFileLoader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as exc:
        raise error(exc.reason, source, exc.fix) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}" if mark is not None else ""
        said = [part for part in (exc.context, exc.problem) if part] or [type(exc).__name__]
        problem = " ".join(", ".join(said).split())
        raise error(f"not a valid YAML file ({problem}{where})", source, _YAML_FIX) from None
    except yaml.YAMLError as exc:
        raise error(f"not a valid YAML file ({type(exc).__name__})", source, _YAML_FIX) from None
    except RecursionError:
        raise error("nests lists or mappings too deeply to read", source, "Flatten the structure") from None


def type_name(value) -> str:
    """Name a parsed YAML value's type as the messages do (``null`` for None)."""
    return "null" if value is None else type(value).__name__


def describe(value) -> str:
    """Name a value for a message: its type, and the value itself when it is short and scalar.

    Examples
    --------
    >>> describe("four"), describe(3), describe(None), describe(["a"])
    ("str 'four'", 'int 3', 'null', 'list')
    """
    if isinstance(value, (str, int, float)):
        shown = repr(value)
        return f"{type_name(value)} {shown if len(shown) <= 40 else shown[:37] + '...'}"
    return type_name(value)


def check_keys(mapping: dict, where: str, allowed: list[str], required: list[str], source: str,
               error: type[CorpusError], missing_fix: dict[str, str] | None = None) -> None:
    """Refuse an unknown key (suggesting the nearest allowed one), then a missing required key.

    ``where`` names the mapping in the message, e.g. ``"rule 'menu' (short_line)"``; an empty
    ``where`` means the top level of the file.
    """
    for key in mapping:
        if key not in allowed:
            near = difflib.get_close_matches(str(key), allowed, n=1)
            fix = f"Did you mean '{near[0]}'? Rename it" if near else "Remove it, or rename it to one of the expected keys"
            place = f"{where} has unknown key" if where else "has unknown top-level key"
            raise error(f"{place} '{key}' (expected: {', '.join(allowed)})", source, fix)
    for key in required:
        if key not in mapping:
            fix = (missing_fix or {}).get(key, f"Add {key}: (the comments at the top of the shipped file describe it)")
            raise error(f"{where} is missing the key '{key}'", source, fix)


def check_top_level(data, source: str, error: type[CorpusError], *, key: str, container: type, allowed: list[str],
                    holds: str, add_fix: str, item_fix: str, empty_fix: str):
    """Check a data file's top level: a mapping with a known ``version`` and a non-empty ``key``; return ``data[key]``.

    The rules file (``key="rules"``, a list) and the frame lexicon (``key="frames"``, a mapping)
    share this shape, so they share this check and its messages.

    Parameters
    ----------
    data : object
        The parsed YAML.
    source : str
        The file, named in the message.
    error : type of CorpusError
        Raised with the message and its fix.
    key : str
        The key that holds the file's content.
    container : {list, dict}
        The type ``data[key]`` must have.
    allowed : list of str
        Every top-level key the format knows.
    holds : str
        What ``data[key]`` must be, for the message: ``"a list of rules"``.
    add_fix, item_fix, empty_fix : str
        The fixes for a missing ``key``, a ``data[key]`` of the wrong type and an empty one.

    Examples
    --------
    >>> from corpus_utils.errors import RulesError
    >>> check_top_level({"rules": []}, "r.yml", RulesError, key="rules", container=list, allowed=["rules"],
    ...                 holds="a list of rules", add_fix="Add rules:", item_fix="-", empty_fix="Add a rule")
    Traceback (most recent call last):
    ...
    corpus_utils.errors.RulesError: r.yml: rules is an empty list. Add a rule.
    """
    noun = "list" if container is list else "mapping"
    if data is None:
        raise error(f"has no {key!r} {noun} (got an empty file)", source, add_fix)
    if not isinstance(data, dict):
        wanted = f"a {key!r} list" if container is list else f"a {key!r} key"
        raise error(f"must be a mapping with {wanted} (got {describe(data)})", source, add_fix)
    check_keys(data, "", allowed, [], source, error)
    if key not in data:
        raise error(f"has no {key!r} {noun}", source, add_fix)
    if "version" in data and (data["version"] != 1 or isinstance(data["version"], bool)):
        raise error(f"version must be 1 (got {describe(data['version'])})", source,
                    "Write version: 1 (the only version of this format)")
    content = data[key]
    if not isinstance(content, container):
        raise error(f"{key} must be {holds} (got {describe(content)})", source, item_fix)
    if not content:
        raise error(f"{key} is an empty {noun}", source, empty_fix)
    return content


def check_text(value, where: str, source: str, error: type[CorpusError]) -> str:
    """Return ``value`` if it is a non-blank string; otherwise raise ``error``."""
    if not isinstance(value, str) or not value.strip():
        raise error(f"{where} must be a line of text (got {describe(value)})", source,
                    "Write text after the colon (in quotes if it starts with a symbol)")
    return value


def check_count(value, where: str, key: str, source: str, error: type[CorpusError]) -> int:
    """Return ``value`` if it is a whole number of 1 or more (not a bool); otherwise raise ``error``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise error(f"{where} must be a whole number of 1 or more (got {describe(value)})", source,
                    f"Write a number without quotes, e.g. {key}: 4")
    return value


def check_text_list(value, where: str, source: str, error: type[CorpusError]) -> list[str]:
    """Return ``value`` if it is a non-empty list of strings; otherwise raise ``error``.

    A single string is refused rather than read as a list of its characters.
    """
    if not isinstance(value, list):
        fix = (f"Write it as a list, e.g. [{value}]: a single string is not a list" if isinstance(value, str)
               else "Write one item per line starting with '- ', or [a, b]")
        raise error(f"{where} must be a list of strings (got {describe(value)})", source, fix)
    if not value:
        raise error(f"{where} is an empty list", source, "List at least one item, or delete the key")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise error(f"{where}[{i}] must be a string (got {describe(item)})", source,
                        f"Put it in quotes, e.g. '{item}'")
    return value


def _special_kind(path: Path) -> str | None:
    """What an existing path that is not a regular file is ("a named pipe", "a folder", ...), or None."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), None)
