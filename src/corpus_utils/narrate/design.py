"""The design of the next study in words: the floor of an exact test, the chance of detecting each main
difference by simulation, and the one-line design on the front page. The tables come from
:mod:`corpus_utils.design` (``floors``, ``smallest_sample``, ``power``).
"""

from __future__ import annotations

import pandas as pd

from ..report import join_words, quoted
from .wording import documents_by_group, group_name, p_text, pair_name, verb

__all__ = ["TARGET_POWER", "design_floor", "design_line", "power_reading", "simulated_rows"]

#: A design reaches "likely" detection at this probability (the conventional target power).
TARGET_POWER = 0.8


DESIGN_FLOOR = ("An exact permutation test of two groups of n documents each has C(2n, n) relabellings, and a two-sided "
                "difference ties with its mirror image, so the smallest p-value it can give is 2 / C(2n, n): {examples}. "
                "**A study needs at least {n} documents per group** before p ≤ {alpha} is possible at all{here}.")
DESIGN_FLOOR_ITEM = "{n} per group give {c} relabellings and a floor of {floor}"
DESIGN_HERE = "; this corpus has {sizes}"


def design_floor(floors: pd.DataFrame, smallest: int, lengths: pd.DataFrame | None = None) -> str:
    """The smallest balanced study in which the exact test can reach significance.

    Parameters
    ----------
    floors : pandas.DataFrame
        From :func:`corpus_utils.design.floors` (``attrs["alpha"]``).
    smallest : int
        From :func:`corpus_utils.design.smallest_sample`.
    lengths : pandas.DataFrame, optional
        From :func:`corpus_utils.count.group_lengths`, to set this corpus beside it.

    Examples
    --------
    >>> floors = pd.DataFrame({"n_per_group": [3, 4], "n_relabelings": [20, 70], "min_p": [0.1, 2 / 70],
    ...                        "reaches": [False, True]})
    >>> floors.attrs["alpha"] = 0.05
    >>> print(design_floor(floors, 4))  # doctest: +NORMALIZE_WHITESPACE
    An exact permutation test of two groups of n documents each has C(2n, n) relabellings, and a two-sided difference
    ties with its mirror image, so the smallest p-value it can give is 2 / C(2n, n): 3 per group give 20 relabellings
    and a floor of 0.1; 4 per group give 70 relabellings and a floor of 0.0286. **A study needs at least 4
    documents per group** before p ≤ 0.05 is possible at all.
    """
    alpha = floors.attrs.get("alpha", 0.05)
    shown = floors[floors["n_per_group"].between(smallest - 1, smallest + 1)]
    examples = "; ".join(DESIGN_FLOOR_ITEM.format(n=int(r.n_per_group), c=f"{int(r.n_relabelings):,}", floor=p_text(r.min_p))
                         for r in shown.itertuples())
    here = DESIGN_HERE.format(sizes=documents_by_group(lengths)) if lengths is not None and len(lengths) else ""
    return DESIGN_FLOOR.format(examples=examples, n=smallest, alpha=alpha, here=here)


POWER = ("Simulating {n_sim} studies per size from a model of these documents, and testing each main difference "
         "by this essay's own rule (the permutation test adjusted for choosing it, p ≤ {alpha}, in the same "
         "direction):\n\n{lines}")
POWER_LINE = "- {feature} ({kind}, higher in {group}{versus}): {reach}"
POWER_REACHES = "detected at least {target:.0%} of the time from {n} documents per group ({power:.0%}{band})"
POWER_NEVER = "below {target:.0%} even with {n} documents per group ({power:.0%}{band})"
POWER_BAND = "; given these documents, between {low:.0%} and {high:.0%}"
POWER_CANNOT_TELL = "; these documents cannot tell: anywhere between {low:.0%} and {high:.0%}"
#: An interval at least this wide says the pilot cannot tell.
CANNOT_TELL_WIDTH = 0.6
POWER_MODEL = ("\n\nHow the studies are simulated, so that the answer survives its own pilot: each difference is "
               "shrunk towards those of the rest of the {columns} before it is simulated, because the largest of many "
               "estimates overstates the truth (a difference measured on few uses shrinks most); the documents of a "
               "study vary between themselves as much as these documents do, estimated over every {column} at once, "
               "so that {sizes} still give a spread; and the truth is drawn {n_draws} times from what these documents "
               "leave uncertain, so the interval is where the probability may lie, not only the simulation's error.")
POWER_ONE_DOCUMENT = ("\n\nFor {pairs} no study can be simulated: {groups} {has} a single document, and the other "
                      "side has no second one from which to learn how documents vary.")
POWER_NONE = "No difference was chosen to simulate: no listed word, and no frame whose rate differs between the sides."
_KIND = {"term": "word", "frame": "frame"}


def simulated_rows(power: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`corpus_utils.design.power` table that were simulated (``status``)."""
    return power[power["status"] == "simulated"] if len(power) else power


def _first_reaching(rows: pd.DataFrame, target: float):
    """The first row (by size) whose power reaches ``target``, else None."""
    reached = rows[rows["power"] >= target]
    return reached.iloc[0] if len(reached) else None


def _band(row) -> str:
    """The interval of a power, or the plain statement that the pilot cannot tell."""
    low, high = float(row["power_low"]), float(row["power_high"])
    template = POWER_CANNOT_TELL if high - low >= CANNOT_TELL_WIDTH else POWER_BAND
    return template.format(low=low, high=high)


def _higher(row) -> tuple:
    """The side a difference leans to, and the other side."""
    if "group" in row.index and isinstance(row["group"], str):
        higher = row["group"]
    else:
        higher = row["group_a"] if float(row.get("observed", row.get("diff", 0.0))) > 0 else row["group_b"]
    return higher, row["group_b"] if higher == row["group_a"] else row["group_a"]


def power_reading(power: pd.DataFrame, target: float = TARGET_POWER) -> str:
    """How likely a study of each size would be to detect the main differences, with what the pilot leaves open.

    Parameters
    ----------
    power : pandas.DataFrame
        From :func:`corpus_utils.design.power` (``attrs["alpha"]``, ``attrs["n_simulations"]``,
        ``attrs["n_draws"]``).
    target : float, default 0.8
        The conventional target probability of detection.

    Examples
    --------
    >>> power = pd.DataFrame({"group_a": ["a"] * 2, "group_b": ["b"] * 2, "kind": ["frame"] * 2,
    ...                       "feature": ["crime"] * 2, "group": ["b"] * 2, "n_per_group": [5, 10],
    ...                       "docs_a": [20] * 2, "docs_b": [30] * 2, "power": [0.4, 0.9], "power_low": [0.3, 0.85],
    ...                       "power_high": [0.5, 0.95], "status": ["simulated"] * 2})
    >>> power.attrs.update(alpha=0.05, n_simulations=1000, n_draws=40)
    >>> print(power_reading(power).split("\\n\\n")[1])
    - *crime* (frame, higher in *b* than in *a*): detected at least 80% of the time from 10 documents per group (90%; given these documents, between 85% and 95%)
    """
    if power.empty:
        return POWER_NONE
    alpha = power.attrs.get("alpha", 0.05)
    simulated = simulated_rows(power)
    lines = []
    for _, rows in simulated.groupby(["group_a", "group_b", "kind", "feature"], sort=False):
        first = rows.iloc[0]
        higher, lower = _higher(first)
        row = _first_reaching(rows, target)
        template = POWER_REACHES
        if row is None:
            row, template = rows.iloc[-1], POWER_NEVER
        reach = template.format(target=target, n=int(row["n_per_group"]), power=row["power"], band=_band(row))
        lines.append(POWER_LINE.format(feature=quoted(first["feature"]), kind=_KIND.get(first["kind"], first["kind"]),
                                       group=group_name(higher), versus=f" than in {group_name(lower)}", reach=reach))
    text = ""
    if lines:
        n_sim = int(power.attrs["n_simulations"] if "n_simulations" in power.attrs else simulated["n_simulations"].iloc[0])
        text = POWER.format(n_sim=f"{n_sim:,}", alpha=alpha, lines="\n".join(lines))
        sides = simulated.drop_duplicates(["group_a", "group_b"])
        sizes = join_words(list(dict.fromkeys(f"{int(r.docs_a):,} and {int(r.docs_b):,} documents"
                                              for r in sides.itertuples())), escape=False, conjunction="or")
        kinds = set(simulated["kind"])
        text += POWER_MODEL.format(columns="vocabulary" if kinds == {"term"} else "frames" if kinds == {"frame"}
                                   else "vocabulary (or of the frames)",
                                   column="word" if kinds == {"term"} else "frame" if kinds == {"frame"} else "word or frame",
                                   sizes=sizes, n_draws=int(power.attrs.get("n_draws", 1)))
    skipped = power[power["status"] != "simulated"].drop_duplicates(["group_a", "group_b"])
    if len(skipped):
        single = [g for r in skipped.itertuples() for g, n in ((r.group_a, r.docs_a), (r.group_b, r.docs_b)) if n == 1]
        single = list(dict.fromkeys(single))
        text += POWER_ONE_DOCUMENT.format(pairs=join_words([pair_name(r.group_a, r.group_b) for r in skipped.itertuples()],
                                                           escape=False),
                                          groups=join_words([group_name(g) for g in single], escape=False),
                                          has=verb(len(single), "has", "have"))
    return text.strip()


POWER_FLAT = ("The chance of detecting {which} is {value} at every size simulated ({sizes} documents per group), "
              "so no figure is drawn.")
POWER_FLAT_EACH = ("The chance of detecting {which} does not change with the size simulated ({sizes} documents per "
                   "group), so no figure is drawn.")


def power_flat(power: pd.DataFrame) -> str:
    """The sentence that replaces the power figure when every line sits at one value.

    Parameters
    ----------
    power : pandas.DataFrame
        From :func:`corpus_utils.design.power`.

    Examples
    --------
    >>> power = pd.DataFrame({"group_a": "a", "group_b": "b", "kind": "term", "feature": ["x", "x", "y", "y"],
    ...                       "n_per_group": [5, 10, 5, 10], "power": [0.0] * 4, "status": "simulated"})
    >>> print(power_flat(power))
    The chance of detecting both main differences is 0% at every size simulated (5 and 10 documents per group), so no figure is drawn.
    """
    simulated = simulated_rows(power)
    if simulated.empty:
        return POWER_NONE
    m = simulated.drop_duplicates(["group_a", "group_b", "kind", "feature"]).shape[0]
    which = "the main difference" if m == 1 else "both main differences" if m == 2 else f"all {m:,} main differences"
    values = simulated["power"].round(2).unique()
    sizes = join_words([f"{int(n):,}" for n in sorted(simulated["n_per_group"].unique())], escape=False)
    if len(values) > 1:
        return POWER_FLAT_EACH.format(which=which, sizes=sizes)
    return POWER_FLAT.format(which=which, value=f"{float(values[0]):.0%}", sizes=sizes)


DESIGN_LINE = "A study needs at least {n} documents per group before an exact test can reach p ≤ {alpha}; {power}."
DESIGN_LINE_ALL = ("in simulation, {which} would be detected at least {target:.0%} of the time from {size} documents per "
                   "group")
DESIGN_LINE_SOME = ("in simulation, even with {size} documents per group only {k} of the {m} main differences would be "
                    "detected at least {target:.0%} of the time")
DESIGN_LINE_NO_ONE = ("in simulation, {none} would {be} detected at least {target:.0%} of the time, "
                      "even with {size} documents per group")
DESIGN_LINE_NONE = "how likely a study would be to detect the differences cannot be simulated here ({why})"
DESIGN_LINE_UNSURE = ("how likely a study of {size} documents per group would be to detect {which}, a pilot of {sizes} "
                      "documents cannot tell: anywhere between {low:.0%} and {high:.0%}")


def design_line(smallest: int, power: pd.DataFrame, alpha: float = 0.05, target: float = TARGET_POWER) -> str:
    """The design for the next study in one line (the synthesis chapter's summary).

    The smallest simulated size at which every main difference is detected at least
    ``target`` of the time; if none, how many are at the largest size.

    Parameters
    ----------
    smallest : int
        From :func:`corpus_utils.design.smallest_sample`.
    power : pandas.DataFrame
        From :func:`corpus_utils.design.power`.
    alpha, target : float

    Examples
    --------
    >>> power = pd.DataFrame({"group_a": ["a"] * 4, "group_b": ["b"] * 4, "kind": ["frame", "term"] * 2,
    ...                       "feature": ["crime", "local"] * 2, "n_per_group": [10, 10, 20, 20],
    ...                       "power": [0.9, 0.5, 1.0, 0.85], "status": ["simulated"] * 4})
    >>> print(design_line(4, power))
    A study needs at least 4 documents per group before an exact test can reach p ≤ 0.05; in simulation, both main differences would be detected at least 80% of the time from 20 documents per group.
    """
    simulated = simulated_rows(power)
    if simulated.empty:
        why = "no difference to simulate" if power.empty else "a group has a single document"
        return DESIGN_LINE.format(n=smallest, alpha=alpha, power=DESIGN_LINE_NONE.format(why=why))
    m = simulated.drop_duplicates(["group_a", "group_b", "kind", "feature"]).shape[0]
    reached = simulated.assign(_ok=simulated["power"] >= target).groupby("n_per_group", sort=True)["_ok"].sum()
    every = reached[reached == m]
    which = "the main difference" if m == 1 else "both main differences" if m == 2 else f"all {m:,} main differences"
    if len(every):
        text = DESIGN_LINE_ALL.format(which=which, target=target, size=int(every.index[0]))
    else:
        k = int(reached.iloc[-1])
        template = DESIGN_LINE_SOME if k else DESIGN_LINE_NO_ONE
        none = "the main difference" if m == 1 else "neither main difference" if m == 2 else f"none of the {m:,} main differences"
        text = template.format(size=int(reached.index[-1]), k=f"{k:,}", m=f"{m:,}", target=target, none=none,
                               be="not be" if m == 1 else "be")
    quoted_size = int(every.index[0]) if len(every) else int(reached.index[-1])
    at = simulated[simulated["n_per_group"] == quoted_size]
    if {"power_low", "power_high"} <= set(at.columns) and len(at):
        low, high = float(at["power_low"].min()), float(at["power_high"].max())
        if high - low >= CANNOT_TELL_WIDTH:  # the point estimate says nothing the interval does not undo: say the interval
            sides = simulated.drop_duplicates(["group_a", "group_b"])
            text = DESIGN_LINE_UNSURE.format(sizes=join_words(list(dict.fromkeys(
                f"{int(r.docs_a):,} and {int(r.docs_b):,}" for r in sides.itertuples())), escape=False, conjunction="or"),
                size=f"{quoted_size:,}", which=which, low=low, high=high)
    return DESIGN_LINE.format(n=smallest, alpha=alpha, power=text)
