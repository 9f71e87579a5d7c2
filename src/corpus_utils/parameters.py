"""Parameters: what each chapter parameter (and each option of ``corpus-essay run``) may be.

The values allowed are data, in ``data/parameters.yml`` (read through
:func:`corpus_utils.datafile.read_yaml`): a type, a range or a list of words, whether null
and lists are allowed. :func:`parse_value` reads a value typed after ``-p NAME`` as one YAML
scalar or a flat list of scalars (never a tag, an anchor, an alias or a mapping), and
:func:`check_parameter` refuses a value outside its range with one line that names the
parameter, the value and what is allowed, before any chapter starts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from .datafile import check_keys, check_top_level, describe, read_yaml
from .errors import ParameterError

__all__ = ["PARAMETERS", "ParameterSpec", "check_parameter", "parse_value", "read_parameters"]

_TYPES = ("int", "float", "bool", "text", "path")
_KEYS = ["type", "min", "max", "open", "choices", "single", "nullable", "list", "max_items"]
#: The fix of an unknown parameter name, wherever it is found.
UNKNOWN_FIX = "Check the spelling; every chapter parameter, with its type and range, is listed in the package's data/parameters.yml"
_SPEC_FIX = "Correct the entry (the comments at the top of the shipped file describe the keys)"


@dataclass(frozen=True)
class ParameterSpec:
    """The values one parameter may take (see the comments at the top of ``data/parameters.yml``)."""

    name: str
    type: str
    min: float | None = None
    max: float | None = None
    open: bool = False
    choices: tuple[str, ...] | None = None
    single: tuple[str, ...] | None = None
    nullable: bool = False
    list: bool | str = False
    max_items: int | None = None

    def allowed(self) -> str:
        """What the parameter may be, in words, e.g. ``a whole number from 1 to 10,000``."""
        if self.type in ("int", "float"):
            kind = "a whole number" if self.type == "int" else "a number"
            if self.min is not None and self.max is not None:
                low, high = f"{self.min:,}", f"{self.max:,}"
                one = f"{kind} strictly between {low} and {high}" if self.open else f"{kind} from {low} to {high}"
            else:
                one = kind
        elif self.type == "bool":
            one = "true or false"
        elif self.choices:
            one = " or ".join(self.choices)
        else:
            one = "a path" if self.type == "path" else "a word or phrase"
        items = f"at most {self.max_items:,} " if self.max_items else ""
        if self.list is True:
            shown = f"a list of {items}values, each {one}"
        elif self.list == "either":
            first = " or ".join(self.single) if self.single else one
            shown = f"{first}, or a list of {items}{'words' if self.type == 'text' else 'values'}"
        else:
            shown = one
        return f"{shown}, or null" if self.nullable else shown


def read_parameters(path: str | Path | None = None) -> dict[str, ParameterSpec]:
    """Read and check a parameters file (by default the shipped ``data/parameters.yml``).

    Returns
    -------
    dict
        ``{name: ParameterSpec}``.

    Raises
    ------
    ParameterError
        If the file is not of the shape its comments describe.
    """
    if path is None:
        path = Path(str(resources.files("corpus_utils") / "data" / "parameters.yml"))
    source = Path(path).name
    data = read_yaml(path, source, ParameterError, "parameters", "Pass the path of a parameters file")
    entries = check_top_level(data, source, ParameterError, key="parameters", container=dict,
                              allowed=["version", "parameters"], holds="a mapping of parameters",
                              add_fix="Add parameters:", item_fix=_SPEC_FIX, empty_fix="Add a parameter")
    specs = {}
    for name, entry in entries.items():
        where = f"parameter '{name}'"
        if not isinstance(entry, dict):
            raise ParameterError(f"{where} must be a mapping (got {describe(entry)})", source, _SPEC_FIX)
        check_keys(entry, where, _KEYS, ["type"], source, ParameterError)
        if entry["type"] not in _TYPES:
            raise ParameterError(f"{where} has type {describe(entry['type'])} (expected one of {', '.join(_TYPES)})",
                                 source, _SPEC_FIX)
        if entry.get("list", False) not in (False, True, "either"):
            raise ParameterError(f"{where} has list {describe(entry['list'])} (expected false, true or either)",
                                 source, _SPEC_FIX)
        for key in ("min", "max"):
            if key in entry and (isinstance(entry[key], bool) or not isinstance(entry[key], (int, float))):
                raise ParameterError(f"{where} has {key} {describe(entry[key])} (expected a number)", source, _SPEC_FIX)
        words = {key: tuple(entry[key]) for key in ("choices", "single") if key in entry}
        specs[name] = ParameterSpec(name=name, **{**entry, **words})
    return specs


#: Every parameter of the chapters and of ``corpus-essay run``, by name.
PARAMETERS: dict[str, ParameterSpec] = read_parameters()


def parse_value(name: str, text: str):
    """Read a value typed after ``-p NAME`` as one YAML scalar or a flat list of scalars.

    So ``3`` is a number, ``[a, b]`` a list, ``null`` None, and words stay words; text YAML
    cannot read stays the text as typed. A YAML tag (``!!binary``), an anchor or alias
    (``&a``, ``*a``), a mapping or a nested list is refused.

    Raises
    ------
    ParameterError
        For a tag, an anchor, an alias, a mapping or a nested list.

    Examples
    --------
    >>> parse_value("groups", "[a, b]"), parse_value("top_n", "3"), parse_value("min_docs", "null")
    (['a', 'b'], 3, None)
    >>> parse_value("method", "words")
    'words'
    """
    try:
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return text
    depth = 0
    for event in events:
        problem = None
        if isinstance(event, yaml.AliasEvent):
            problem = "a YAML alias"
        elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            problem = "a YAML anchor"
        elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and event.tag is not None:
            problem = f"the YAML tag {event.tag}"
        elif isinstance(event, yaml.MappingStartEvent):
            problem = "a mapping"
        elif isinstance(event, yaml.SequenceStartEvent):
            depth += 1
            if depth > 1:
                problem = "a list inside a list"
        elif isinstance(event, yaml.SequenceEndEvent):
            depth -= 1
        if problem is not None:
            raise ParameterError(f"-p {name} {text!r} is refused: it holds {problem}",
                                 fix="Give a plain value, such as 3, a word, null, or a list such as [a, b]")
    return yaml.safe_load(text)


def check_parameter(name: str, value):
    """Return ``value`` if parameter ``name`` may take it; otherwise raise one line saying what it may be.

    Parameters
    ----------
    name : str
        A parameter of :data:`PARAMETERS`.
    value : object
        The value given (as :func:`parse_value` read it).

    Returns
    -------
    object
        ``value``, unchanged.

    Raises
    ------
    ParameterError
        If ``name`` is not a known parameter, or ``value`` is not allowed.

    Examples
    --------
    >>> check_parameter("top_n", 5)
    5
    >>> check_parameter("max_rows", -1)
    Traceback (most recent call last):
    ...
    corpus_utils.errors.ParameterError: max_rows = -1 is refused: it must be a whole number from 1 to 10,000. Give a value in that range.
    """
    spec = PARAMETERS.get(name)
    if spec is None:
        raise ParameterError(f"unknown parameter {name}", fix=UNKNOWN_FIX)
    if not _allowed(spec, value):
        try:
            shown = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip().removesuffix("\n...").strip()
        except yaml.YAMLError:
            shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        raise ParameterError(f"{name} = {shown} is refused: it must be {spec.allowed()}", fix="Give a value in that range")
    return value


def _allowed(spec: ParameterSpec, value) -> bool:
    if value is None:
        return spec.nullable
    if isinstance(value, list):
        if spec.list is False or not value or (spec.max_items is not None and len(value) > spec.max_items):
            return False
        return all(_one_allowed(spec, item, spec.choices) for item in value)
    if spec.list is True:
        return False
    return _one_allowed(spec, value, spec.single or spec.choices)


def _one_allowed(spec: ParameterSpec, value, choices) -> bool:
    if spec.type == "bool":
        return isinstance(value, bool)
    if spec.type in ("text", "path"):
        if not isinstance(value, str) or not value.strip():
            return False
        return choices is None or value in choices
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if spec.type == "int" and not isinstance(value, int):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    if spec.min is not None and (value < spec.min or (spec.open and value == spec.min)):
        return False
    return spec.max is None or not (value > spec.max or (spec.open and value == spec.max))
