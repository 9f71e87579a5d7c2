"""The design of the next study in words: the floor of an exact test, the chance of detecting each main
difference by simulation, and the one-line design on the front page. The tables come from
:mod:`corpus_utils.design` (``floors``, ``smallest_sample``, ``power``).
"""

from __future__ import annotations

import pandas as pd

from ..report import join_words, quoted
from .wording import FEW_DOCUMENTS, documents_by_group, group_name, p_text, pair_name, verb

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


POWER = ("Simulating {n_sim} studies per size, each drawing its documents from this corpus's documents of each side "
         "(so keeping their observed spread and difference) and testing each difference as this essay does "
         "(two-sided permutation test, p ≤ {alpha}):\n\n{lines}")
POWER_LINE = "- {feature} ({kind}, higher in {group}{versus}): {reach}"
POWER_REACHES = "detected at least {target:.0%} of the time from {n} documents per group ({power:.0%}{band})"
POWER_NEVER = "below {target:.0%} even with {n} documents per group ({power:.0%}{band})"
POWER_OPTIMISTIC = ("\n\nRead these sizes as the least a study needs. The differences simulated are the largest this "
                    "corpus showed, and the largest of many estimates tends to overstate the truth; and the spread "
                    "comes from {sizes} only, so a simulated study of 50 documents repeats those few texts and "
                    "cannot show how much more varied a real sample would be.")
POWER_ONE_DOCUMENT = ("\n\nFor {pairs} no study can be simulated: {groups} {has} a single document, whose spread "
                      "cannot be estimated.")
POWER_NONE = "No difference was chosen to simulate: no listed word, and no frame whose rate differs between the sides."
_KIND = {"term": "word", "frame": "frame"}


def simulated_rows(power: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`corpus_utils.design.power` table that were simulated (``status``)."""
    return power[power["status"] == "simulated"] if len(power) else power


def _first_reaching(rows: pd.DataFrame, target: float):
    """The first row (by size) whose power reaches ``target``, else None."""
    reached = rows[rows["power"] >= target]
    return reached.iloc[0] if len(reached) else None


def power_reading(power: pd.DataFrame, target: float = TARGET_POWER) -> str:
    """How likely a study of each size would be to detect the main differences, by simulation.

    Parameters
    ----------
    power : pandas.DataFrame
        From :func:`corpus_utils.design.power` (``attrs["alpha"]``, ``attrs["n_simulations"]``).
    target : float, default 0.8
        The conventional target probability of detection.

    Examples
    --------
    >>> power = pd.DataFrame({"group_a": ["a"] * 2, "group_b": ["b"] * 2, "kind": ["frame"] * 2,
    ...                       "feature": ["crime"] * 2, "n_per_group": [5, 10], "docs_a": [2] * 2, "docs_b": [3] * 2,
    ...                       "diff": [-4.0] * 2, "power": [0.4, 0.9], "power_low": [0.33, 0.85],
    ...                       "power_high": [0.47, 0.93], "status": ["simulated"] * 2})
    >>> power.attrs.update(alpha=0.05, n_simulations=200)
    >>> print(power_reading(power).split("\\n\\n")[1])
    - *crime* (frame, higher in *b* than in *a*): detected at least 80% of the time from 10 documents per group (90%; 95% interval 85% to 93%)
    """
    if power.empty:
        return POWER_NONE
    alpha = power.attrs.get("alpha", 0.05)
    simulated = simulated_rows(power)
    lines = []
    for _, rows in simulated.groupby(["group_a", "group_b", "kind", "feature"], sort=False):
        first = rows.iloc[0]
        higher, lower = (first["group_a"], first["group_b"]) if first["diff"] > 0 else (first["group_b"], first["group_a"])
        row = _first_reaching(rows, target)
        template = POWER_REACHES
        if row is None:
            row, template = rows.iloc[-1], POWER_NEVER
        band = f"; 95% interval {row['power_low']:.0%} to {row['power_high']:.0%}"
        reach = template.format(target=target, n=int(row["n_per_group"]), power=row["power"], band=band)
        lines.append(POWER_LINE.format(feature=quoted(first["feature"]), kind=_KIND.get(first["kind"], first["kind"]),
                                       group=group_name(higher), versus=f" than in {group_name(lower)}", reach=reach))
    text = ""
    if lines:
        text = POWER.format(n_sim=f"{int(power.attrs.get('n_simulations', simulated['n_simulations'].iloc[0] if 'n_simulations' in simulated else 0)):,}",
                            alpha=alpha, lines="\n".join(lines))
        sides = simulated.drop_duplicates(["group_a", "group_b"])
        sizes = join_words(list(dict.fromkeys(f"{int(r.docs_a):,} and {int(r.docs_b):,} documents"
                                              for r in sides.itertuples())), escape=False, conjunction="or")
        text += POWER_OPTIMISTIC.format(sizes=sizes)
    skipped = power[power["status"] != "simulated"].drop_duplicates(["group_a", "group_b"])
    if len(skipped):
        single = [g for r in skipped.itertuples() for g, n in ((r.group_a, r.docs_a), (r.group_b, r.docs_b)) if n == 1]
        single = list(dict.fromkeys(single))
        text += POWER_ONE_DOCUMENT.format(pairs=join_words([pair_name(r.group_a, r.group_b) for r in skipped.itertuples()],
                                                           escape=False),
                                          groups=join_words([group_name(g) for g in single], escape=False),
                                          has=verb(len(single), "has", "have"))
    return text.strip()


DESIGN_LINE = "A study needs at least {n} documents per group before an exact test can reach p ≤ {alpha}; {power}."
DESIGN_LINE_ALL = ("in simulation, {which} would be detected at least {target:.0%} of the time from {size} documents per "
                   "group")
DESIGN_LINE_SOME = ("in simulation, even with {size} documents per group only {k} of the {m} main differences would be "
                    "detected at least {target:.0%} of the time")
DESIGN_LINE_NO_ONE = ("in simulation, none of the {m} main differences would be detected at least {target:.0%} of the time, "
                      "even with {size} documents per group")
DESIGN_LINE_NONE = "how likely a study would be to detect the differences cannot be simulated here ({why})"
DESIGN_LINE_FEW = ", an optimistic figure: the spread between documents is estimated from only {sizes} of them"


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
        text = template.format(size=int(reached.index[-1]), k=f"{k:,}", m=f"{m:,}", target=target)
    if {"docs_a", "docs_b"} <= set(simulated.columns):
        sides = simulated.drop_duplicates(["group_a", "group_b"])
        if int(sides[["docs_a", "docs_b"]].min().min()) < FEW_DOCUMENTS:
            text += DESIGN_LINE_FEW.format(sizes=join_words(list(dict.fromkeys(
                f"{int(r.docs_a):,} and {int(r.docs_b):,}" for r in sides.itertuples())), escape=False, conjunction="or"))
    return DESIGN_LINE.format(n=smallest, alpha=alpha, power=text)
