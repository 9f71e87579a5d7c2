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
NAN = float("nan")
ONE, UNSTABLE, CONSISTENT = "carried by one document", "unstable", "consistent"


def finding(method, a, b, item, leans, effect, p, p_adj, floor, docs, n_own, one=False, alpha=0.05, support=None,
            low=NAN, high=NAN, stability=NAN, echo=None):
    """A row of synthesis.evidence. ``support`` defaults to "carried by one document" when ``one`` is set, else
    "consistent"; ``echo`` is ``(listed_share, "word, word", effect_without, p_adjusted_without)`` for a frame
    that echoes the listed words."""
    support = ONE if one else (support or CONSISTENT)
    share, terms, without, p_without = echo if echo else (NAN, None, NAN, NAN)
    return dict(method=method, group_a=a, group_b=b, item=item, leans_to=leans, effect=effect, effect_low=low,
                effect_high=high, effect_name=NAMES[method], p_value=p, p_adjusted=p_adj, min_p=floor, n_relabelings=10,
                docs_own=docs, n_own=n_own, stability=stability, support=support, one_document=support == ONE,
                echo=bool(echo), listed_share=share, echo_terms=terms, effect_without=without,
                p_adjusted_without=p_without, testable=floor <= alpha, passes=p_adj <= alpha)


def verdict(method, a, b, n_items, n_testable, n_passing, n_one, best, floor, word, n_unstable=0, n_echo=0,
            p_holm=None, best_effect=NAN, stability=NAN):
    """A row of synthesis.verdicts; ``p_holm`` defaults to ``best`` (a family of one)."""
    return dict(method=method, group_a=a, group_b=b, n_items=n_items, n_testable=n_testable, n_passing=n_passing,
                n_one_document=n_one, n_unstable=n_unstable, n_echo=n_echo, best_p_adjusted=best,
                p_holm=best if p_holm is None else p_holm, best_effect=best_effect, stability=stability, floor=floor,
                verdict=word)


def cross(a, b, vocabulary="untestable", framing="untestable", clustering="untestable"):
    present = [v for v in (vocabulary, framing, clustering) if v is not None and v not in ("echo", "not applicable")]
    return dict(group_a=a, group_b=b, vocabulary=vocabulary, framing=framing, clustering=clustering,
                agree=len(set(present)) <= 1, n_methods=len(present), n_separating=present.count("separates"))


def power_rows(a, b, feature, kind, diff, powers, docs=(2, 3), sizes=(5, 10, 20, 50), status="simulated", width=0.05):
    """Rows of design.power: the feature leans to a when ``diff`` > 0; the interval is ``power -/+ width``."""
    return [dict(group_a=a, group_b=b, kind=kind, feature=feature, group=a if diff > 0 else b, n_per_group=n,
                 docs_a=docs[0], docs_b=docs[1], observed=diff, power=p, power_low=max(0.0, p - width),
                 power_high=min(1.0, p + width), n_simulations=200, status=status) for n, p in zip(sizes, powers)]


# ------------------------------------------------------------------------------------------ two groups, seed-like

SEED_EVIDENCE = table([
    finding("vocabulary", "anti", "pro", "local", "anti", 2.64, 0.1, 0.7, 0.1, 2, 2, low=1.1, high=4.0),
    finding("vocabulary", "anti", "pro", "community", "anti", 2.03, 0.1, 0.9, 0.1, 2, 2, support=UNSTABLE, low=-0.5,
            high=3.9),
    finding("vocabulary", "anti", "pro", "sanctuary", "pro", 3.1, 0.1, 0.4, 0.1, 3, 3, low=1.5, high=4.4),
    finding("framing", "anti", "pro", "community", "anti", 22.0, 0.1, 0.5, 0.1, 2, 2, low=5.1, high=40.2),
    finding("framing", "anti", "pro", "crime", "pro", -15.24, 0.1, 0.5, 0.1, 1, 3, one=True, low=-30.0, high=-2.5),
    finding("clustering", None, None, "clusters and labels", None, 0.1667, 0.4, 0.4, 0.1, 5, 5, stability=1.0),
], alpha=0.05, framing_applicable=True, lexicon_coverage=0.126, low_coverage=0.05, stable_ari=0.8, weak_ari=0.65,
   clustering_seeds=5)
SEED_MAIN = SEED_EVIDENCE.iloc[[0, 2, 3, 5]].reset_index(drop=True)
SEED_VERDICTS = table([
    verdict("vocabulary", "anti", "pro", 3, 0, 0, 0, 0.4, 0.1, "untestable", n_unstable=1, p_holm=1.0,
            best_effect=3.1),
    verdict("framing", "anti", "pro", 2, 0, 0, 1, 0.5, 0.1, "untestable", p_holm=1.0, best_effect=22.0),
    verdict("clustering", None, None, 1, 0, 0, 0, 0.4, 0.1, "untestable", p_holm=1.0, best_effect=0.1667, stability=1.0),
], alpha=0.05, n_family=3, framing_applicable=True, lexicon_coverage=0.126, low_coverage=0.05, stable_ari=0.8,
   weak_ari=0.65)
SEED_CROSS = table([cross("anti", "pro")])
SEED_LENGTHS = lengths_of(anti=(2, 998), pro=(3, 1899))
SEED_POWER = table(power_rows("anti", "pro", "local", "term", 3.0, [0.3, 0.6, 0.85, 0.99])
                   + power_rows("anti", "pro", "crime", "frame", -15.2, [0.1, 0.2, 0.4, 0.7]), alpha=0.05, n_simulations=200,
                   n_draws=40)


# ------------------------------------------------------------------------------------------ a large corpus

LARGE_EVIDENCE = table([
    finding("vocabulary", "a", "b", "rent", "a", 9.1, 0.005, 0.005, 0.005, 180, 200, low=6.4, high=12.7),
    finding("vocabulary", "a", "b", "supply", "b", -7.4, 0.005, 0.005, 0.005, 150, 200, low=-9.9, high=-5.0),
    finding("framing", "a", "b", "economy", "b", -3.25, 0.005, 0.02, 0.005, 160, 200, low=-4.8, high=-1.6),
    finding("clustering", None, None, "clusters and labels", None, 0.04, 0.31, 0.31, 0.005, 400, 400, stability=0.97),
], alpha=0.05, framing_applicable=True, lexicon_coverage=0.12, low_coverage=0.05, stable_ari=0.8, weak_ari=0.65,
   clustering_seeds=5)
LARGE_VERDICTS = table([
    verdict("vocabulary", "a", "b", 2, 2, 2, 0, 0.005, 0.005, "separates", p_holm=0.015, best_effect=9.1),
    verdict("framing", "a", "b", 1, 1, 1, 0, 0.02, 0.005, "separates", p_holm=0.04, best_effect=-3.25),
    verdict("clustering", None, None, 1, 1, 0, 0, 0.31, 0.005, "no evidence", p_holm=0.31, best_effect=0.04,
            stability=0.97),
], alpha=0.05, n_family=3, framing_applicable=True, lexicon_coverage=0.12, low_coverage=0.05, stable_ari=0.8,
   weak_ari=0.65)
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
    verdict("vocabulary", g, REST, 1, 1, 0, 0, p, 0.01, "no evidence", p_holm=1.0) for g, p in (("a", 0.2), ("b", 0.3),
                                                                                                ("c", 0.4))
] + [verdict("framing", "a", REST, 1, 1, 0, 0, 0.2, 0.01, "no evidence", p_holm=1.0),
     verdict("framing", "b", REST, 1, 1, 0, 0, 0.7, 0.01, "no evidence", p_holm=1.0)], alpha=0.05, n_family=5)
THREE_CROSS = table([cross("a", REST, "no evidence", "no evidence", None), cross("b", REST, "no evidence", "no evidence", None),
                     cross("c", REST, "no evidence", None, None)])


# ------------------------------------------------------------------------------------------ echoes, a lexicon that does not apply

#: The convention speeches of the issue: the frame that passes is mostly the two top words of the word lists, and
#: the clusters follow the labels on a partition that changes with the seed.
CONVENTION_ATTRS = dict(alpha=0.05, framing_applicable=True, lexicon_coverage=0.12, low_coverage=0.05, stable_ari=0.8,
                        weak_ari=0.65, clustering_seeds=5)
CONVENTION_EVIDENCE = table([
    finding("vocabulary", "dem", "rep", "obama", "dem", 9.9, 0.005, 0.005, 0.005, 60, 68, low=6.4, high=12.7),
    finding("vocabulary", "dem", "rep", "president", "dem", 7.1, 0.005, 0.005, 0.005, 66, 68, low=4.0, high=9.8),
    finding("framing", "dem", "rep", "politics", "dem", 1.21, 0.005, 0.01, 0.005, 68, 68, low=0.4, high=2.0,
            echo=(0.6, "president, obama", 0.005, 0.995)),
    finding("framing", "dem", "rep", "crime", "rep", -0.4, 0.3, 0.7, 0.005, 40, 70, low=-1.0, high=0.2,
            support=UNSTABLE),
    finding("clustering", None, None, "clusters and labels", None, 0.107, 0.005, 0.005, 0.005, 138, 138,
            stability=0.45, support=UNSTABLE),
], **CONVENTION_ATTRS)
CONVENTION_MAIN = CONVENTION_EVIDENCE.iloc[[0, 2, 4]].reset_index(drop=True)
CONVENTION_VERDICTS = table([
    verdict("vocabulary", "dem", "rep", 2, 2, 2, 0, 0.005, 0.005, "separates", p_holm=0.01, best_effect=9.9),
    verdict("framing", "dem", "rep", 2, 2, 1, 0, 0.7, 0.005, "echo", n_unstable=1, n_echo=1, p_holm=0.7,
            best_effect=-0.4),
    verdict("clustering", None, None, 1, 1, 1, 0, 0.005, 0.005, "unstable", n_unstable=1, p_holm=0.01,
            best_effect=0.107, stability=0.45),
], alpha=0.05, n_family=3, framing_applicable=True, lexicon_coverage=0.12, low_coverage=0.05, stable_ari=0.8,
   weak_ari=0.65)
CONVENTION_CROSS = table([cross("dem", "rep", "separates", "echo", "unstable")])
CONVENTION_LENGTHS = lengths_of(dem=(68, 300_000), rep=(70, 310_000))

#: The same corpus with a lexicon that covers 2.9 % of its tokens, and clusters that are stable and strong.
UNCOVERED_EVIDENCE = table(CONVENTION_EVIDENCE.to_dict("records")[:4] + [
    finding("clustering", None, None, "clusters and labels", None, 0.9, 0.005, 0.005, 0.005, 138, 138, stability=0.95),
], **{**CONVENTION_ATTRS, "framing_applicable": False, "lexicon_coverage": 0.029})
UNCOVERED_MAIN = UNCOVERED_EVIDENCE.iloc[[0, 2, 4]].reset_index(drop=True)
UNCOVERED_VERDICTS = table([
    verdict("vocabulary", "dem", "rep", 2, 2, 2, 0, 0.005, 0.005, "separates", p_holm=0.01, best_effect=9.9),
    verdict("framing", "dem", "rep", 2, 2, 1, 0, 0.7, 0.005, "not applicable", n_unstable=1, n_echo=1,
            p_holm=float("nan")),
    verdict("clustering", None, None, 1, 1, 1, 0, 0.005, 0.005, "separates", p_holm=0.01, best_effect=0.9,
            stability=0.95),
], alpha=0.05, n_family=2, framing_applicable=False, lexicon_coverage=0.029, low_coverage=0.05, stable_ari=0.8,
   weak_ari=0.65)
UNCOVERED_CROSS = table([cross("dem", "rep", "separates", "not applicable", "separates")])


# ------------------------------------------------------------------------------------------ chapter 03's themes

def compared_rows(rows, **attrs) -> pd.DataFrame:
    """A themes.compare_themes table: frame.separation's columns with ``theme`` and ``label``. The interval defaults to
    ``diff`` -/+ 0.01 (one point), the support to consistent, the test to an exact one over 10 relabelings."""
    defaults = {"theme": "theme 1", "p_value": 0.1, "min_p": 0.1, "p_adjusted": 0.5, "n_relabelings": 10, "exact": True,
                "loo_min": 0.01, "loo_max": 0.02, "stable_sign": True, "docs_a": 1, "docs_b": 1, "support": CONSISTENT,
                "top_share": 0.5}
    frame = pd.DataFrame([{**defaults, "diff_low": r["diff"] - 0.01, "diff_high": r["diff"] + 0.01, **r} for r in rows])
    frame.attrs.update({"value": "share", "seed": 0, **attrs})
    return frame


def theme_rows_table(*rows, n_docs=5, **attrs) -> pd.DataFrame:
    """A themes.theme_table: ``(label, mean_share, docs)`` per theme, in theme order ("theme 1", "theme 2", ...)."""
    frame = pd.DataFrame([{"theme": f"theme {i + 1}", "label": label, "terms": label, "phrases": "", "mean_share": share,
                           "docs": docs, "n_docs": n_docs} for i, (label, share, docs) in enumerate(rows)],
                         columns=["theme", "label", "terms", "phrases", "mean_share", "docs", "n_docs"])
    frame.attrs.update(attrs)
    return frame


def coverage_of(share: float) -> pd.DataFrame:
    """A frame.coverage table: only its corpus-wide token share is read by the chapter's openings."""
    frame = pd.DataFrame({"framed_tokens": [1]})
    frame.attrs["token_share"] = share
    return frame


# ------------------------------------------------------------------------------------------ each passes alone, none after Holm

#: Every method passes its own chapter's test (adjusted p 0.03, 0.02 and 0.04), none once the three are counted
#: together: Holm's adjustment of 0.02, 0.03, 0.04 is 3 x 0.02 = 0.06, 2 x 0.03 = 0.06, max(0.06, 0.04) = 0.06.
HOLM_EVIDENCE = table([
    finding("vocabulary", "dem", "rep", "obama", "dem", 2.1, 0.03, 0.03, 0.005, 40, 68, low=0.5, high=3.7),
    finding("framing", "dem", "rep", "politics", "dem", 0.9, 0.01, 0.02, 0.005, 50, 68, low=0.2, high=1.6),
    finding("framing", "dem", "rep", "crime", "rep", -0.4, 0.3, 0.6, 0.005, 40, 70, low=-1.0, high=0.2),
    finding("clustering", None, None, "clusters and labels", None, 0.09, 0.04, 0.04, 0.005, 138, 138, stability=0.9),
], **CONVENTION_ATTRS)
HOLM_MAIN = HOLM_EVIDENCE.iloc[[0, 1, 3]].reset_index(drop=True)
HOLM_VERDICTS = table([
    verdict("vocabulary", "dem", "rep", 1, 1, 1, 0, 0.03, 0.005, "no evidence", p_holm=0.06, best_effect=2.1),
    verdict("framing", "dem", "rep", 2, 2, 1, 0, 0.02, 0.005, "no evidence", p_holm=0.06, best_effect=0.9),
    verdict("clustering", None, None, 1, 1, 1, 0, 0.04, 0.005, "no evidence", p_holm=0.06, best_effect=0.09,
            stability=0.9),
], alpha=0.05, n_family=3, **{k: v for k, v in CONVENTION_ATTRS.items() if k not in ("alpha", "clustering_seeds")})
