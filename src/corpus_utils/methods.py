"""Methods: the one registry of the essay's routes to evidence and of the keyness statistics.

Every place that lists the methods (the synthesis's evidence and verdicts, the design of the next
study, the sentences that name them) reads :data:`METHODS`; every place that labels a keyness
statistic (the synthesis's effect names, the figures' axes) reads :data:`STATISTICS`, and every
place that labels a frame's per-document value reads :data:`FRAME_VALUES`. A new
keyness statistic is one function in :mod:`corpus_utils.keyness` plus one entry here; a name
missing from a registry is an error (:func:`method` and :func:`statistic`), never a silent
fallback label.

This module holds data only: it imports no other step of the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ParameterError

__all__ = ["FRAME_VALUES", "METHODS", "STATISTICS", "THEME_POINTS", "THEME_SHARE", "FrameValue", "Method", "Statistic",
           "compared_value", "frame_value", "method", "statistic"]


@dataclass(frozen=True)
class Method:
    """One route to evidence about the groups, with the words the essay uses for it.

    Attributes
    ----------
    name : str
        The name in tables (the evidence table's ``method`` column): ``"vocabulary"``.
    chapter : str
        The chapter notebook that reports it: ``"02_vocabulary"``.
    findings : str
        How sentences name its findings as a whole: ``"the word lists"``.
    feature : str or None
        The kind of feature the design of the next study simulates for it (``"term"``,
        ``"frame"``), or None when its findings are not per-document values.
    nothing : str
        The front-page line when the method has no finding to report.
    """

    name: str
    chapter: str
    findings: str
    feature: str | None
    nothing: str


@dataclass(frozen=True)
class Statistic:
    """One keyness statistic (a function of :mod:`corpus_utils.keyness` of the same name).

    Attributes
    ----------
    name : str
        The function's name and the tables' ``attrs["statistic"]``: ``"log_odds"``.
    effect : str
        What its ``score`` column is, as the synthesis's ``effect_name`` says it: ``"z"``.
    axis : str
        The figures' axis label for its score.
    """

    name: str
    effect: str
    axis: str


@dataclass(frozen=True)
class FrameValue:
    """One way of measuring a frame in a document (a column of :func:`corpus_utils.frame.frame_rates`).

    Attributes
    ----------
    name : str
        The column: ``"per_1000"``.
    effect : str
        What a difference of group means is, as the synthesis's ``effect_name`` says it.
    axis : str
        The figures' axis label.
    amount : str
        A format for one value in a sentence: ``"{:.1f} per 1,000 tokens"``.
    """

    name: str
    effect: str
    axis: str
    amount: str


#: The methods, in the order the essay reports them.
METHODS: tuple[Method, ...] = (
    Method("vocabulary", "02_vocabulary", "the word lists", "term",
           "No word passes the dispersion filter, so no group vocabulary is listed."),
    Method("framing", "03_framing", "the frames", "frame",
           "No frame was compared: no frame of the lexicon matches any document."),
    Method("clustering", "04_clustering", "the clusters", None,
           "The clusters could not be compared with the labels."),
)

#: The keyness statistics (the order of the messages that list them).
STATISTICS: tuple[Statistic, ...] = (
    Statistic("log_odds", "z", "z-score of the log-odds ratio (standard errors)"),
    Statistic("log_likelihood", "signed G²", "log-likelihood G\u00b2 (signed by direction)"),
    Statistic("mean_tfidf", "difference in mean TF-IDF", "difference of mean TF-IDF weight"),
)

#: The values a frame can be measured in per document (``frame_rates`` columns).
FRAME_VALUES: tuple[FrameValue, ...] = (
    FrameValue("per_1000", "difference in mean per 1,000 tokens", "frame hits per 1,000 tokens", "{:.1f} per 1,000 tokens"),
    FrameValue("share", "difference in mean share of frame hits", "share of the document's frame hits",
               "{:.2f} of the share of frame hits"),
    FrameValue("hits", "difference in mean hits", "frame hits (count)", "{:.1f} hits"),
)

#: The value themes are compared in (:func:`corpus_utils.themes.compare_themes`): a theme's share of a document.
THEME_SHARE = FrameValue("theme_share", "difference in mean share of the documents", "the theme's share of the document",
                         "{:.0%} of the document")
#: A difference of theme shares (0 to 1) is written and drawn in percentage points: the difference times this.
THEME_POINTS = 100.0

_METHODS = {m.name: m for m in METHODS}
_STATISTICS = {s.name: s for s in STATISTICS}
_FRAME_VALUES = {v.name: v for v in FRAME_VALUES}


def _registered(registry: dict, name: str, what: str):
    if name not in registry:
        raise ParameterError(f"{what} must be one of {', '.join(registry)} (got {name!r})")
    return registry[name]


def method(name: str) -> Method:
    """The registered method called ``name``; ParameterError if there is none.

    Examples
    --------
    >>> method("framing").findings
    'the frames'
    """
    return _registered(_METHODS, name, "method")


def statistic(name: str) -> Statistic:
    """The registered keyness statistic called ``name``; ParameterError if there is none (register it).

    Examples
    --------
    >>> statistic("log_odds").effect
    'z'
    """
    return _registered(_STATISTICS, name, "statistic")


def compared_value(name: str) -> FrameValue:
    """The value a table of :func:`corpus_utils.differences.mean_differences` compares: a frame value or a theme's share.

    Examples
    --------
    >>> compared_value("theme_share").effect
    'difference in mean share of the documents'
    """
    return THEME_SHARE if name == THEME_SHARE.name else frame_value(name)


def frame_value(name: str) -> FrameValue:
    """The registered frame value called ``name``; ParameterError if there is none.

    Examples
    --------
    >>> frame_value("share").axis
    "share of the document's frame hits"
    """
    return _registered(_FRAME_VALUES, name, "value")
