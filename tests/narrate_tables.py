"""Hand-made tables and labels shared by the tests of corpus_utils.narrate (``tests/test_narrate_*.py``).

Each builder gives a table with the columns and ``attrs`` an analysis function returns (see its
docstring); the fixtures of chapter 05 and the front page (``SEED_*``, ``LARGE_*``, ``THREE_*``) are
the tables of :mod:`corpus_utils.synthesis` and :mod:`corpus_utils.design` for three corpus shapes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corpus_utils.groups import REST

#: A label full of Markdown, and how it reads once escaped and put in italics.
MD = "*x* [a](b) <i>"
MD_QUOTED = r"*\*x\* \[a\](b) &lt;i&gt;*"
#: A label full of Markdown with a dollar sign, and what every function must print for it (inside its italics).
MD_DOLLAR = "*pro* [x](y) <b>$1</b>"
MD_DOLLAR_ESC = '\\*pro\\* \\[x\\](y) &lt;b&gt;<span class="tex2jax_ignore">&#36;</span>1&lt;/b&gt;'


def table(rows, **attrs) -> pd.DataFrame:
    """A table from its rows (dicts), with ``attrs``."""
    out = pd.DataFrame(rows)
    out.attrs.update(attrs)
    return out


def columns_table(attrs: dict | None = None, **columns) -> pd.DataFrame:
    """A table from its columns (lists), with ``attrs``."""
    out = pd.DataFrame(columns)
    out.attrs = dict(attrs or {})
    return out


def lengths_of(**groups) -> pd.DataFrame:
    """A :func:`corpus_utils.count.group_lengths` table: ``a=2`` (documents) or ``a=(2, 998)`` (documents, tokens)."""
    return table([{"group": g, "documents": n} if isinstance(n, int) else {"group": g, "documents": n[0], "tokens": n[1]}
                  for g, n in groups.items()])


def concentration_rows(*rows):
    columns = ["frame", "group", "n_docs", "docs", "hits", "top_doc", "top_hits"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame["top_share"] = np.where(frame["hits"] > 0, frame["top_hits"] / frame["hits"].clip(lower=1), np.nan)
    return frame


def company_rows(rows):
    columns = ["word", "group", "frame", "occurrences", "total", "nearby"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame["share"] = frame["occurrences"] / frame["total"]  # as word_frames computes it
    return frame


# ------------------------------------------------------------------------------------------ chapter 05 and the front page

NAMES = {"vocabulary": "z", "framing": "difference in mean per 1,000 tokens", "clustering": "ARI"}


def finding(method, a, b, item, leans, effect, p, p_adj, floor, docs, n_own, one=False, alpha=0.05):
    return dict(method=method, group_a=a, group_b=b, item=item, leans_to=leans, effect=effect,
                effect_name=NAMES[method], p_value=p, p_adjusted=p_adj, min_p=floor, n_relabelings=10,
                docs_own=docs, n_own=n_own, stability=float("nan"), one_document=one, testable=floor <= alpha,
                passes=p_adj <= alpha)


def verdict(method, a, b, n_items, n_testable, n_passing, n_one, best, floor, word):
    return dict(method=method, group_a=a, group_b=b, n_items=n_items, n_testable=n_testable, n_passing=n_passing,
                n_one_document=n_one, best_p_adjusted=best, floor=floor, verdict=word)


def cross(a, b, vocabulary="untestable", framing="untestable", clustering="untestable"):
    present = [v for v in (vocabulary, framing, clustering) if v is not None]
    return dict(group_a=a, group_b=b, vocabulary=vocabulary, framing=framing, clustering=clustering,
                agree=len(set(present)) == 1, n_methods=len(present))


def power_rows(a, b, feature, kind, diff, powers, docs=(2, 3), sizes=(5, 10, 20, 50), status="simulated", width=0.05):
    """Rows of design.power: the feature leans to a when ``diff`` > 0; the interval is ``power -/+ width``."""
    return [dict(group_a=a, group_b=b, kind=kind, feature=feature, group=a if diff > 0 else b, n_per_group=n,
                 docs_a=docs[0], docs_b=docs[1], observed=diff, power=p, power_low=max(0.0, p - width),
                 power_high=min(1.0, p + width), n_simulations=200, status=status) for n, p in zip(sizes, powers)]


# ------------------------------------------------------------------------------------------ two groups, seed-like

SEED_EVIDENCE = table([
    finding("vocabulary", "anti", "pro", "local", "anti", 2.64, 0.1, 0.7, 0.1, 2, 2),
    finding("vocabulary", "anti", "pro", "community", "anti", 2.03, 0.1, 0.9, 0.1, 2, 2, one=True),
    finding("vocabulary", "anti", "pro", "sanctuary", "pro", 3.1, 0.1, 0.4, 0.1, 3, 3),
    finding("framing", "anti", "pro", "community", "anti", 22.0, 0.1, 0.5, 0.1, 2, 2),
    finding("framing", "anti", "pro", "crime", "pro", -15.24, 0.1, 0.5, 0.1, 1, 3, one=True),
    finding("clustering", None, None, "clusters and labels", None, 0.1667, 0.4, 0.4, 0.1, 5, 5),
], alpha=0.05)
SEED_MAIN = SEED_EVIDENCE.iloc[[0, 2, 3, 5]].reset_index(drop=True)
SEED_VERDICTS = table([
    verdict("vocabulary", "anti", "pro", 3, 0, 0, 1, 0.4, 0.1, "untestable"),
    verdict("framing", "anti", "pro", 2, 0, 0, 1, 0.5, 0.1, "untestable"),
    verdict("clustering", None, None, 1, 0, 0, 0, 0.4, 0.1, "untestable"),
], alpha=0.05)
SEED_CROSS = table([cross("anti", "pro")])
SEED_LENGTHS = lengths_of(anti=(2, 998), pro=(3, 1899))
SEED_POWER = table(power_rows("anti", "pro", "local", "term", 3.0, [0.3, 0.6, 0.85, 0.99])
                   + power_rows("anti", "pro", "crime", "frame", -15.2, [0.1, 0.2, 0.4, 0.7]), alpha=0.05, n_simulations=200,
                   n_draws=40)


# ------------------------------------------------------------------------------------------ a large corpus

LARGE_EVIDENCE = table([
    finding("vocabulary", "a", "b", "rent", "a", 9.1, 0.005, 0.005, 0.005, 180, 200),
    finding("vocabulary", "a", "b", "supply", "b", 7.4, 0.005, 0.005, 0.005, 150, 200),
    finding("framing", "a", "b", "economy", "b", -3.25, 0.005, 0.02, 0.005, 160, 200),
    finding("clustering", None, None, "clusters and labels", None, 0.04, 0.31, 0.31, 0.005, 400, 400),
], alpha=0.05)
LARGE_VERDICTS = table([
    verdict("vocabulary", "a", "b", 2, 2, 2, 0, 0.005, 0.005, "separates"),
    verdict("framing", "a", "b", 1, 1, 1, 0, 0.02, 0.005, "separates"),
    verdict("clustering", None, None, 1, 1, 0, 0, 0.31, 0.005, "no evidence"),
], alpha=0.05)
LARGE_CROSS = table([cross("a", "b", "separates", "separates", "no evidence")])


# ------------------------------------------------------------------------------------------ three groups

THREE_EVIDENCE = table([
    finding("vocabulary", "a", REST, "tenants", "a", 3.0, 0.01, 0.2, 0.01, 4, 4),
    finding("vocabulary", "b", REST, "supply", "b", 2.5, 0.02, 0.3, 0.01, 3, 4),
    finding("vocabulary", "c", REST, "zoning", "c", 2.1, 0.02, 0.4, 0.01, 4, 4),
    finding("framing", "a", REST, "housing", "a", 5.0, 0.02, 0.2, 0.01, 4, 4),
    finding("framing", "b", REST, "housing", REST, -1.0, 0.4, 0.7, 0.01, 8, 8),
], alpha=0.05)
THREE_VERDICTS = table([
    verdict("vocabulary", g, REST, 1, 1, 0, 0, p, 0.01, "no evidence") for g, p in (("a", 0.2), ("b", 0.3), ("c", 0.4))
] + [verdict("framing", "a", REST, 1, 1, 0, 0, 0.2, 0.01, "no evidence"),
     verdict("framing", "b", REST, 1, 1, 0, 0, 0.7, 0.01, "no evidence")], alpha=0.05)
THREE_CROSS = table([cross("a", REST, "no evidence", "no evidence", None), cross("b", REST, "no evidence", "no evidence", None),
                     cross("c", REST, "no evidence", None, None)])
