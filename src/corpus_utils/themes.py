"""Themes: what the texts talk about, discovered from the corpus itself, and how much of each group's documents each takes.

A frame lexicon sees only what its author listed; on another topic it sees almost nothing. Themes
need no list: a non-negative matrix factorization (NMF, scikit-learn's) of the documents' TF-IDF
finds ``k`` groups of words that tend to occur together, and gives every document a weight on
each. Political scientists read framing this way when they have no codebook (the structural topic
model's question: how much of each group's documents each theme takes; Roberts et al. 2014). This
module keeps to the package's own pieces: the words and phrases of :mod:`corpus_utils.count`, and the
comparison of per-document values of :mod:`corpus_utils.differences` that frames use too.

The steps, in words
-------------------
1. :func:`fit_themes` counts the words and the two-word phrases of every document (the same
   tokenizer, stop words and collocation test as chapter 02), keeps those used by at least
   ``min_df`` and at most ``max_df`` of the documents (at most ``max_terms`` of them, the most widely
   used), weighs them by TF-IDF and factorizes the matrix into ``n_themes`` themes (NMF, NNDSVDa
   start, so the fit is the same on every run). Without ``n_themes`` it first chooses the number
   (:func:`choose_n_themes`).
2. :func:`choose_n_themes` fits every number of themes in a small range several times from
   different seeds (on a seeded sample of at most ``CHOICE_DOCS`` documents for large corpora),
   and keeps the number whose themes come back most alike across seeds (their top words agree,
   Greene et al. 2014); among the numbers nearly as stable, the one whose themes are most coherent
   (their top words occur in the same documents, NPMI; Bouma 2009, Lau et al. 2014).
3. :func:`theme_table` names each theme by its top words and phrases; :func:`typical_sentences`
   finds the sentences most typical of it (overall, or per group side by side).
4. :func:`theme_shares` gives each document's share of each theme (its NMF weights divided by
   their sum); a document *carries* a theme when the theme takes at least :data:`CARRY_SHARE` of it.
5. :func:`compare_themes` compares the groups' mean shares like frames
   (:func:`corpus_utils.differences.mean_differences`: bootstrap interval, permutation test with its
   floor and max-T adjustment across the themes, support).
6. :func:`frame_overlap` says which frames of a lexicon each theme's top words belong to, and
   :func:`listed_share` how much of a theme's top words (:func:`theme_terms`) a word list already
   lists (an echo).

Scale: the matrices are sparse; only the documents x themes weights are dense (``k`` columns).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment

from .count import TokenIndex, count_phrases, count_terms, index_tokens, load_stop_words
from .differences import mean_differences
from .errors import EmptyVocabularyError, ParameterError
from .lexicon import Lexicon, load_lexicon
from .methods import THEME_SHARE
from .resample import MAX_EXACT, N_RESAMPLES

if TYPE_CHECKING:  # imported by the functions that fit themes
    from sklearn.feature_extraction.text import TfidfTransformer

__all__ = [
    "CARRY_SHARE",
    "CHOICE_DOCS",
    "ThemeModel",
    "choose_n_themes",
    "compare_themes",
    "fit_themes",
    "frame_overlap",
    "listed_share",
    "theme_shares",
    "theme_table",
    "theme_terms",
    "typical_sentences",
]

#: The value themes are compared in (:data:`corpus_utils.methods.THEME_SHARE`): a theme's share of a document.
THEME_VALUE = THEME_SHARE.name
#: Between the top terms of a theme's label ("parking · street · loading zone"): not a comma, so that a list of
#: themes in a sentence reads as a list.
LABEL_JOIN = " \u00b7 "
#: A document carries a theme when the theme takes at least this share of it (a fifth).
CARRY_SHARE = 0.2
#: Terms used by more than this share of the documents are left out: they name the subject, not a theme (scikit-learn's
#: NMF topic example keeps 95 %; a lower cut, such as a half, removes a theme that most long documents touch).
MAX_DF = 0.9
#: The numbers of themes :func:`choose_n_themes` tries: from 2 to this many (fewer for small corpora).
MAX_THEMES = 8
#: Above this many documents the number of themes is chosen on a seeded sample of this many.
CHOICE_DOCS = 4_000
#: Fits per number of themes when choosing it (seeds ``seed``, ``seed + 1``, ...).
CHOICE_SEEDS = 3
#: Numbers of themes whose stability is within this of the most stable compete on coherence.
STABILITY_BAND = 0.05
#: Top words compared between fits (stability) and within a theme (coherence).
TOP_TERMS = 10
#: The NMF fit's iterations and tolerance (scikit-learn's coordinate descent).
MAX_ITER = 400
TOLERANCE = 1e-4
#: Sentences shorter than this many tokens are not shown as typical (a title, a "Yes.").
MIN_SENTENCE_TOKENS = 6
#: Sentences longer than this many tokens are cut to it when shown.
MAX_SENTENCE_TOKENS = 60
#: A typical sentence holds at least one of its theme's this many top terms.
SENTENCE_TERMS = 20
#: Documents whose sentences are scored for each theme (the ones it weighs most on).
SENTENCE_DOCS = 40

_WORDY = re.compile(r"[^\W\d_].*[^\W\d_]|[^\W\d_]{2,}")  # at least two letters


@dataclass
class ThemeModel:
    """A factorization of a corpus into themes, with what made it.

    Attributes
    ----------
    terms : numpy.ndarray of str
        The vocabulary: words, then two-word phrases (a phrase is two words joined by a space).
    is_phrase : numpy.ndarray of bool
        True for the phrases.
    components : numpy.ndarray of float64, shape (n_themes, n_terms)
        Each theme's weight on each term; each row sums to 1.
    weights : numpy.ndarray of float64, shape (n_docs, n_themes)
        Each document's NMF weight on each theme (0 for a document without a counted term).
    doc_ids, labels : numpy.ndarray
        The documents, in corpus order, and their groups.
    choice : pandas.DataFrame or None
        :func:`choose_n_themes`' table when the number was chosen, else None.
    settings : dict
        The arguments of :func:`fit_themes`, ``n_themes`` (the number kept), ``n_themes_fitted`` (the
        number fitted) and ``n_empty`` (themes left out because no document weighs on them), ``n_terms`` (the
        vocabulary's size), ``n_docs``, the NMF's ``n_iter``, ``converged`` (it stopped before
        :data:`MAX_ITER`) and ``reconstruction_err``.
    """

    terms: np.ndarray
    is_phrase: np.ndarray
    components: np.ndarray
    weights: np.ndarray
    doc_ids: np.ndarray
    labels: np.ndarray
    choice: pd.DataFrame | None
    settings: dict
    _transformer: TfidfTransformer = field(repr=False, compare=False, default=None)
    _raw_components: np.ndarray = field(repr=False, compare=False, default=None)

    @property
    def n_themes(self) -> int:
        """The number of themes."""
        return int(self.components.shape[0])

    @property
    def theme_ids(self) -> list[str]:
        """``["theme 1", "theme 2", ...]``: each theme's name in the tables."""
        return [f"theme {i + 1}" for i in range(self.n_themes)]

    @property
    def shares(self) -> np.ndarray:
        """Each document's share of each theme: its weights divided by their sum (0 for a document without weight)."""
        total = self.weights.sum(axis=1, keepdims=True)
        return np.divide(self.weights, total, out=np.zeros_like(self.weights), where=total > 0)


# ---------------------------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------------------------


def _wordy(terms: np.ndarray) -> np.ndarray:
    """True for terms whose every word has at least two letters (drops "s", "t", "2016")."""
    return np.fromiter((all(_WORDY.search(w) for w in str(t).split(" ")) for t in terms.tolist()), dtype=bool,
                       count=len(terms))


def _df_bounds(n_docs: int, min_df: int, max_df: float) -> tuple[int, int]:
    """The smallest and largest number of documents a kept term may be used by."""
    if n_docs < 20:
        return 1, n_docs  # a handful of documents: every word may define a theme
    return min_df, max(min_df, int(np.floor(max_df * n_docs)))


def _matrix(tokens: TokenIndex, min_df: int, max_df: float, max_terms: int) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Counts of the kept words and phrases (documents x terms), the terms, and which are phrases."""
    low, high = _df_bounds(tokens.n_docs, min_df, max_df)
    parts, names, phrase = [], [], []
    for counter, phrases in ((count_terms, False), (count_phrases, True)):  # words, then the phrases
        try:
            dtm = counter(tokens)
        except EmptyVocabularyError:
            continue
        parts.append(dtm.counts)
        names.append(np.asarray(dtm.terms, dtype=object))
        phrase.append(np.full(len(dtm.terms), phrases, dtype=bool))
    if not parts:
        return sp.csr_matrix((tokens.n_docs, 0)), np.array([], dtype=object), np.array([], dtype=bool)
    counts = sp.hstack(parts).tocsr()
    terms, is_phrase = np.concatenate(names), np.concatenate(phrase)
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    keep = (df >= low) & (df <= high) & _wordy(terms)
    kept = np.flatnonzero(keep)
    if len(kept) > max_terms:  # the most widely used; ties by the term, so the cut is the same on every run
        order = np.lexsort((terms[kept].astype(str), -df[kept]))
        kept = np.sort(kept[order[:max_terms]])
    return counts[:, kept].tocsr(), terms[kept], is_phrase[kept]


def _weighted(tokens: TokenIndex, min_df: int, max_df: float, max_terms: int):
    """The kept terms' TF-IDF (documents x terms), the terms, which are phrases, and the fitted transformer (None
    without a term): what both the choice of the number of themes and the fit factorize."""
    from sklearn.feature_extraction.text import TfidfTransformer

    counts, terms, is_phrase = _matrix(tokens, min_df, max_df, max_terms)
    if not counts.shape[1]:
        return counts, terms, is_phrase, None
    transformer = TfidfTransformer()
    return transformer.fit_transform(counts.astype(np.float64)).tocsr(), terms, is_phrase, transformer


def _nmf(matrix: sp.csr_matrix, k: int, init: str, seed: int):
    """A fitted scikit-learn ``NMF`` of ``matrix`` into ``k`` themes (a failure to converge is recorded, not said)."""
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    model = NMF(n_components=k, init=init, random_state=seed, max_iter=MAX_ITER, tol=TOLERANCE)
    with warnings.catch_warnings():  # stopping at MAX_ITER is recorded (settings["n_iter"]), not printed in a chapter
        warnings.simplefilter("ignore", ConvergenceWarning)
        # more themes than the matrix's rank: the NNDSVD start takes square roots of rounding errors below 0 (the
        # themes that come of it are empty, and fit_themes leaves them out)
        warnings.filterwarnings("ignore", "invalid value encountered in sqrt", RuntimeWarning)
        model.fit(matrix)
    if not np.isfinite(model.components_).all():
        raise ParameterError("the factorization into themes failed on these documents (a value that is not a number)",
                             fix="Ask for fewer themes (-p n_themes K), or add documents")
    return model


def _top(components: np.ndarray, n: int) -> np.ndarray:
    """The columns of each row's ``n`` largest weights, largest first (ties: the earlier column)."""
    order = np.argsort(-components, axis=1, kind="stable")
    return order[:, :n]


def _agreement(top_a: np.ndarray, top_b: np.ndarray) -> float:
    """How alike two fits' themes are: their themes paired to agree most, mean Jaccard of their top-term sets."""
    sets_a, sets_b = [set(r.tolist()) for r in top_a], [set(r.tolist()) for r in top_b]
    jaccard = np.array([[len(a & b) / len(a | b) for b in sets_b] for a in sets_a])
    rows, cols = linear_sum_assignment(-jaccard)
    return float(jaccard[rows, cols].mean())


def _coherence(present: sp.csr_matrix, top: np.ndarray) -> float:
    """Mean NPMI of the pairs of each theme's top terms, from their document co-occurrence (-1 when never together)."""
    n = present.shape[0]
    scores = []
    for row in top:
        sub = present[:, row].astype(np.float64)
        together = (sub.T @ sub).toarray() / n
        alone = np.diag(together)
        for i in range(len(row)):
            for j in range(i + 1, len(row)):
                p12 = together[i, j]
                if p12 <= 0:
                    scores.append(-1.0)
                elif p12 >= 1:
                    scores.append(1.0)
                else:
                    scores.append(float(np.log(p12 / (alone[i] * alone[j])) / -np.log(p12)))
    return float(np.mean(scores)) if scores else np.nan


def _range(n_docs: int, n_terms: int) -> list[int]:
    """The numbers of themes tried: up to MAX_THEMES, at most half the documents (two per theme on average) and one
    less than the terms; from 3 when that leaves more than one number (two themes come back alike from almost any
    start, so their stability cannot tell a real split from an arbitrary one)."""
    if min(n_docs, n_terms) < 2:
        return []
    top = max(2, min(MAX_THEMES, n_docs // 2, n_terms - 1))
    return list(range(3 if top > 3 else 2, top + 1))


def _choose(matrix: sp.csr_matrix, seed: int, n_seeds: int, sample: int) -> pd.DataFrame:
    n_docs = matrix.shape[0]
    rows = np.arange(n_docs)
    if n_docs > sample:
        rows = np.sort(np.random.default_rng(seed).choice(n_docs, size=sample, replace=False))
    part = matrix[rows]
    present = (part > 0).astype(np.int8).tocsr()
    out = []
    for k in _range(len(rows), matrix.shape[1]):
        n_top = min(TOP_TERMS, matrix.shape[1])
        tops = [_top(_nmf(part, k, "random", seed + i).components_, n_top) for i in range(n_seeds)]
        pairs = [_agreement(tops[i], tops[j]) for i in range(n_seeds) for j in range(i + 1, n_seeds)]
        out.append({"n_themes": k, "stability": float(np.mean(pairs)) if pairs else np.nan,
                    "coherence": _coherence(present, tops[0])})
    table = pd.DataFrame(out, columns=["n_themes", "stability", "coherence"])
    table["chosen"] = False
    if len(table):
        best = np.nanmax(table["stability"].to_numpy()) if table["stability"].notna().any() else np.nan
        near = table["stability"] >= best - STABILITY_BAND - 1e-12 if np.isfinite(best) else pd.Series(True, index=table.index)
        pick = table[near].sort_values(["coherence", "n_themes"], ascending=[False, True], kind="stable").index[0]
        table.loc[pick, "chosen"] = True
    table = table.astype({"n_themes": np.int64, "stability": np.float64, "coherence": np.float64, "chosen": bool})
    table.attrs = {
        "criterion": (f"the number of themes whose top {TOP_TERMS} words agree most across {n_seeds} fits from "
                      f"different seeds (stability); among the numbers within {STABILITY_BAND} of the most stable, "
                      "the one whose top words most often occur in the same documents (coherence, NPMI)"),
        "n_seeds": int(n_seeds), "n_docs_used": int(len(rows)), "n_docs": int(n_docs), "sampled": bool(n_docs > sample),
        "seed": seed, "stability_band": STABILITY_BAND, "top_terms": TOP_TERMS,
    }
    return table


def _tokens(source) -> TokenIndex:
    if isinstance(source, TokenIndex):
        return source
    if isinstance(source, pd.DataFrame):
        return index_tokens(source)
    raise ParameterError(f"themes need a token index or a corpus DataFrame (got {type(source).__name__})")


def choose_n_themes(
    tokens: TokenIndex | pd.DataFrame,
    *,
    seed: int = 0,
    min_df: int = 2,
    max_df: float = MAX_DF,
    max_terms: int = 5_000,
    n_seeds: int = CHOICE_SEEDS,
    sample: int = CHOICE_DOCS,
) -> pd.DataFrame:
    """How many themes: the stability and coherence of every number of themes in a small range.

    In words: for every ``k`` from 3 to :data:`MAX_THEMES` (from 2, and at most half the documents, for a
    small corpus: two themes come back alike from almost any start, so their stability says little),
    NMF is fitted ``n_seeds`` times from random starts seeded ``seed``, ``seed + 1``, ...
    **Stability** is how alike the fits' themes are: the themes of two fits are paired so that
    their top :data:`TOP_TERMS` terms agree most (Hungarian assignment), and the Jaccard overlaps of
    the pairs are averaged, then averaged over every pair of fits (Greene, O'Callaghan & Cunningham
    2014). **Coherence** is the mean normalized pointwise mutual information of every pair of a
    theme's top terms, from the documents that use them (1: always together, 0: independent, -1:
    never together; Bouma 2009). The number kept is the most coherent among those within
    :data:`STABILITY_BAND` of the most stable (ties: the smaller number). Above ``sample``
    documents, both are measured on a seeded sample of ``sample`` documents.

    Parameters
    ----------
    tokens : TokenIndex or pandas.DataFrame
        The positional index (a corpus DataFrame is indexed first).
    seed : int, default 0
    min_df, max_df, max_terms
        As :func:`fit_themes`.
    n_seeds : int, default CHOICE_SEEDS (3)
        Fits per number of themes.
    sample : int, default CHOICE_DOCS (4000)
        Documents the choice is measured on, at most.

    Returns
    -------
    pandas.DataFrame
        One row per number tried: ``n_themes, stability, coherence, chosen`` (one True row; none
        when no number can be tried: fewer than two documents or terms). ``attrs``: ``criterion``
        (in words), ``n_seeds``, ``n_docs_used``, ``n_docs``, ``sampled``, ``seed``,
        ``stability_band``, ``top_terms``.

    References
    ----------
    Greene, D., O'Callaghan, D., & Cunningham, P. (2014). How many topics? Stability analysis for
    topic models. *ECML PKDD 2014*, 498-513.
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction. *GSCL*.
    """
    _check_settings(min_df, max_df, max_terms, n_seeds=n_seeds, sample=sample)
    matrix, _, _, _ = _weighted(_tokens(tokens), min_df, max_df, max_terms)
    return _choose(matrix, seed, n_seeds, sample)


def _check_settings(min_df, max_df, max_terms, n_themes=None, n_seeds=CHOICE_SEEDS, sample=CHOICE_DOCS) -> None:
    if isinstance(min_df, bool) or not isinstance(min_df, (int, np.integer)) or min_df < 1:
        raise ParameterError(f"min_df must be a whole number of documents, at least 1 (got {min_df!r})")
    if isinstance(max_df, bool) or not isinstance(max_df, (int, float)) or not 0 < max_df <= 1:
        raise ParameterError(f"max_df must be a share of the documents above 0 and at most 1 (got {max_df!r})")
    for name, value, least in (("max_terms", max_terms, 2), ("n_seeds", n_seeds, 2), ("sample", sample, 10)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
            raise ParameterError(f"{name} must be a whole number, at least {least} (got {value!r})")
    if n_themes is not None and (isinstance(n_themes, bool) or not isinstance(n_themes, (int, np.integer))
                                 or n_themes < 2):
        raise ParameterError(f"n_themes must be None (choose it) or a whole number, at least 2 (got {n_themes!r})")


def fit_themes(
    tokens: TokenIndex | pd.DataFrame,
    n_themes: int | None = None,
    *,
    seed: int = 0,
    min_df: int = 2,
    max_df: float = MAX_DF,
    max_terms: int = 5_000,
    n_seeds: int = CHOICE_SEEDS,
    sample: int = CHOICE_DOCS,
) -> ThemeModel:
    """Discover themes: factorize the documents' TF-IDF into ``n_themes`` themes (NMF).

    In words: the words (:func:`corpus_utils.count.count_terms`) and two-word phrases
    (:func:`corpus_utils.count.count_phrases`) of every document are counted, stop words left
    out; terms used by fewer than ``min_df`` documents or by more than a ``max_df`` share of
    them, and terms with a word of fewer than two letters, are dropped (a corpus of fewer than 20
    documents keeps every term: there a theme is a few documents' words); at most ``max_terms``
    terms are kept, the most widely used. The counts are weighed by TF-IDF (scikit-learn's
    ``TfidfTransformer``, as :func:`corpus_utils.count.tfidf`) and factorized by NMF into
    document weights ``W`` and theme-term weights ``H`` (``X ~ W H``, Frobenius loss, coordinate
    descent, NNDSVDa start: the same fit on every run). Without ``n_themes`` the number comes
    from :func:`choose_n_themes`.

    Parameters
    ----------
    tokens : TokenIndex or pandas.DataFrame
        The positional index (a corpus DataFrame is indexed first).
    n_themes : int, optional
        The number of themes (at least 2; at most the documents and the terms); None chooses it.
    seed : int, default 0
        Seeds the choice's fits and sample, and NMF.
    min_df : int, default 2
        Documents a term must be used by.
    max_df : float, default MAX_DF (0.9)
        The largest share of the documents a term may be used by (more: it names the subject,
        not a theme).
    max_terms : int, default 5000
        The vocabulary's size at most.
    n_seeds, sample
        As :func:`choose_n_themes`.

    Returns
    -------
    ThemeModel

    Raises
    ------
    ParameterError
        For a setting out of range, or a corpus with fewer than two documents or two terms left
        (the message says which).

    References
    ----------
    Lee, D. D. & Seung, H. S. (1999). Learning the parts of objects by non-negative matrix
    factorization. *Nature* 401, 788-791.
    Roberts, M. E., Stewart, B. M., Tingley, D., et al. (2014). Structural topic models for
    open-ended survey responses. *American Journal of Political Science* 58(4), 1064-1082.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": list("abcd"), "group": ["x", "x", "y", "y"],
    ...     "text": ["rent prices rent prices landlords", "landlords rent prices rent",
    ...              "schools teachers schools pupils", "teachers pupils schools"]})
    >>> model = fit_themes(corpus, n_themes=2)
    >>> model.n_themes, model.shares.round(2).tolist()[0]
    (2, [1.0, 0.0])
    """
    from sklearn.exceptions import ConvergenceWarning

    _check_settings(min_df, max_df, max_terms, n_themes, n_seeds, sample)
    index = _tokens(tokens)
    matrix, terms, is_phrase, transformer = _weighted(index, min_df, max_df, max_terms)
    n_docs, n_terms = matrix.shape
    if n_docs < 2 or n_terms < 2:
        raise ParameterError(f"themes need at least two documents and two words used in them; this corpus has "
                             f"{n_docs} document(s) and {n_terms} word(s) left after dropping stop words and the words "
                             "too rare or too common to tell documents apart")
    choice = None
    if n_themes is None:
        choice = _choose(matrix, seed, n_seeds, sample)
        k = int(choice.loc[choice["chosen"], "n_themes"].iloc[0])
    else:
        if n_themes > min(n_docs, n_terms):
            raise ParameterError(f"n_themes is {n_themes}, but this corpus has {n_docs} documents and {n_terms} words to "
                                 f"factorize: ask for at most {min(n_docs, n_terms)}")
        k = int(n_themes)
    nmf = _nmf(matrix, k, "nndsvda", seed)
    raw = nmf.components_.astype(np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = nmf.transform(matrix).astype(np.float64)
    weights[weights < 1e-12] = 0.0
    # a theme no document weighs on (more themes asked than the texts hold) is no theme: it is left out, and said
    empty = ~(weights > 0).any(axis=0) | ~(raw > 0).any(axis=1)
    if empty.all():
        raise ParameterError("no theme could be found: the factorization gave every document a weight of 0 (the "
                             "documents share too few words)", fix="Add documents, or longer ones")
    raw, weights = raw[~empty], weights[:, ~empty]
    order = np.argsort(-(weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-300)).mean(axis=0), kind="stable")
    raw, weights = raw[order], weights[:, order]  # theme 1 takes the largest mean share
    norm = raw.sum(axis=1, keepdims=True)
    components = np.divide(raw, norm, out=np.zeros_like(raw), where=norm > 0)
    settings = {"n_themes": int(raw.shape[0]), "n_themes_fitted": k, "n_empty": int(empty.sum()), "n_themes_asked": n_themes, "seed": seed, "min_df": min_df, "max_df": max_df,
                "max_terms": max_terms, "n_seeds": n_seeds, "sample": sample, "n_terms": int(n_terms),
                "n_docs": int(n_docs), "n_iter": int(nmf.n_iter_), "converged": bool(nmf.n_iter_ < MAX_ITER),
                "reconstruction_err": float(nmf.reconstruction_err_),
                "carry_share": CARRY_SHARE, "method": "NMF of TF-IDF (scikit-learn, Frobenius loss, NNDSVDa start)"}
    return ThemeModel(terms=terms.astype(str), is_phrase=is_phrase, components=components, weights=weights,
                      doc_ids=np.asarray(index.doc_ids), labels=np.asarray(index.labels), choice=choice,
                      settings=settings, _transformer=transformer, _raw_components=raw[:, :])


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def _check_model(model) -> ThemeModel:
    if not isinstance(model, ThemeModel):
        raise ParameterError(f"expected the themes of cu.themes.fit_themes (got {type(model).__name__})")
    return model


def theme_table(model: ThemeModel, n_terms: int = 10, n_phrases: int = 5) -> pd.DataFrame:
    """Each theme named by its top words and phrases, with the documents that carry it.

    Parameters
    ----------
    model : ThemeModel
        From :func:`fit_themes`.
    n_terms : int, default 10
        Top words listed per theme.
    n_phrases : int, default 5
        Top phrases listed per theme.

    Returns
    -------
    pandas.DataFrame
        One row per theme (theme 1 takes the largest mean share): ``theme`` ("theme 1"),
        ``label`` (its three top terms, words or phrases, joined by :data:`LABEL_JOIN`; followed by the theme's
        number when two themes share them), ``terms`` (its top
        ``n_terms`` words, most weight first, joined by ", "), ``phrases`` (its top phrases among
        those it weighs on, "" when none), ``mean_share`` (the mean over documents of the theme's
        share of the document), ``docs`` (documents that carry it: the theme takes at least
        :data:`CARRY_SHARE` of them), ``n_docs``. ``attrs``: the model's settings.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": list("abcd"), "group": ["x", "x", "y", "y"],
    ...     "text": ["rent prices rent prices landlords", "landlords rent prices rent",
    ...              "schools teachers schools pupils", "teachers pupils schools"]})
    >>> theme_table(fit_themes(corpus, n_themes=2), n_terms=2)[["theme", "docs", "n_docs"]].values.tolist()
    [['theme 1', 2, 4], ['theme 2', 2, 4]]
    """
    _check_model(model)
    shares = model.shares
    rows = []
    for i, theme in enumerate(model.theme_ids):
        order = np.argsort(-model.components[i], kind="stable")
        order = order[model.components[i][order] > 0]
        words = [model.terms[j] for j in order if not model.is_phrase[j]][:n_terms]
        phrases = [model.terms[j] for j in order if model.is_phrase[j]][:n_phrases]
        label = LABEL_JOIN.join(model.terms[order[:3]].tolist()) or theme
        rows.append({"theme": theme, "label": label, "terms": ", ".join(words),
                     "phrases": ", ".join(phrases), "mean_share": float(shares[:, i].mean()),
                     "docs": int((shares[:, i] >= CARRY_SHARE).sum()), "n_docs": int(len(model.doc_ids))})
    table = pd.DataFrame(rows, columns=["theme", "label", "terms", "phrases", "mean_share", "docs", "n_docs"])
    twice = table["label"].duplicated(keep=False)  # two themes with the same top terms: tell them apart by number
    table.loc[twice, "label"] = table.loc[twice, "label"] + " (" + table.loc[twice, "theme"] + ")"
    table = table.astype({"mean_share": np.float64, "docs": np.int64, "n_docs": np.int64})
    table.attrs = {**model.settings, "n_terms_listed": n_terms, "n_phrases_listed": n_phrases}
    return table


def theme_shares(model: ThemeModel) -> pd.DataFrame:
    """Each document's weight and share of each theme, and whether it carries the theme.

    Returns
    -------
    pandas.DataFrame
        One row per document (corpus order) and theme: ``doc_id, group, theme, weight`` (the NMF
        weight), ``share`` (``weight`` over the document's weights; 0 for a document without a
        counted term), ``carries`` (``share >= CARRY_SHARE``). ``attrs``: ``themes`` (the theme
        ids, in order), ``theme_labels`` ({theme: label}) and the model's settings.
    """
    _check_model(model)
    k, n = model.n_themes, len(model.doc_ids)
    shares = model.shares
    table = pd.DataFrame({
        "doc_id": np.repeat(model.doc_ids, k), "group": np.repeat(model.labels, k),
        "theme": np.tile(np.array(model.theme_ids, dtype=object), n),
        "weight": model.weights.ravel(), "share": shares.ravel(), "carries": shares.ravel() >= CARRY_SHARE,
    })
    labels = theme_table(model, n_terms=0, n_phrases=0).set_index("theme")["label"].to_dict()
    table.attrs = {**model.settings, "themes": model.theme_ids, "theme_labels": labels}
    return table


def compare_themes(
    shares: pd.DataFrame,
    groups=None,
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
    seed: int = 0,
    engine=None,
) -> pd.DataFrame:
    """Which themes take more of one group's documents than of another's, and how sure we can be.

    The value compared is each document's share of the theme, every document weighing the same;
    :func:`corpus_utils.differences.mean_differences` gives the difference in the groups' mean
    shares, its 95 % bootstrap interval, the permutation test over documents with its floor and
    the max-T adjustment across the themes, the leave-one-out range, the documents that carry the
    theme on each side and the support (carried by one document, unstable, consistent), exactly as
    chapter 03 compares frames.

    Parameters
    ----------
    shares : pandas.DataFrame
        From :func:`theme_shares`.
    groups : sequence of str, str or None
        Read by :func:`corpus_utils.groups.comparisons`.
    n_resamples, max_exact, seed, engine
        As :func:`corpus_utils.differences.mean_differences`.

    Returns
    -------
    pandas.DataFrame
        ``theme, label`` and the columns of :func:`corpus_utils.differences.mean_differences`
        (``diff`` is a difference of shares: 0.12 means 12 points of the documents' text).
        ``attrs``: those of ``shares``, ``value`` (:data:`THEME_VALUE`) and the test's settings.
    """
    missing = [c for c in ("doc_id", "group", "theme", "share", "carries") if c not in shares.columns]
    if missing:
        raise ParameterError(f"the theme shares lack the column(s) {', '.join(missing)}: pass cu.themes.theme_shares(model)")
    themes = list(shares.attrs.get("themes") or sorted(shares["theme"].unique().tolist()))
    wide = shares.pivot_table(index="doc_id", columns="theme", values="share", aggfunc="first", sort=False)
    wide = wide.reindex(columns=themes).fillna(0.0)
    carries = shares.pivot_table(index="doc_id", columns="theme", values="carries", aggfunc="first", sort=False)
    carries = carries.reindex(index=wide.index, columns=themes).fillna(False).astype(bool)
    labels = shares.drop_duplicates("doc_id").set_index("doc_id")["group"].reindex(wide.index).to_numpy(dtype=object)
    table = mean_differences(wide, labels, carries=carries, groups=groups, item="theme", n_resamples=n_resamples,
                             max_exact=max_exact, seed=seed, engine=engine)
    names = shares.attrs.get("theme_labels", {})
    table.insert(1, "label", [names.get(t, t) for t in table["theme"]])
    table.attrs = {**shares.attrs, "value": THEME_VALUE, **table.attrs}
    return table


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------


def _inside_number(tokens: TokenIndex, doc: int, position: int) -> bool:
    """Whether the break before ``position`` is a decimal point or a thousands mark ("1.2 million", "$1,500")."""
    text = str(tokens.texts[doc])
    gap = text[int(tokens.ends[position - 1]):int(tokens.starts[position])]
    return gap in (".", ",") and text[int(tokens.ends[position - 1]) - 1].isdigit() and text[int(tokens.starts[position])].isdigit()


def _sentence_spans(tokens: TokenIndex, docs: np.ndarray) -> pd.DataFrame:
    """Every sentence of ``docs`` (document numbers): its document, first and last token."""
    frames = []
    for d in docs.tolist():
        lo, hi = int(tokens.doc_ptr[d]), int(tokens.doc_ptr[d + 1])
        if hi <= lo:
            continue
        ids = tokens.sentence_ids[lo:hi]
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) + lo
        starts = np.array([p for p in starts.tolist() if p == lo or not _inside_number(tokens, d, p)], dtype=np.int64)
        ends = np.r_[starts[1:], hi] - 1
        frames.append(pd.DataFrame({"doc": d, "first": starts, "last": ends}))
    if not frames:
        return pd.DataFrame({"doc": pd.Series(dtype=np.int64), "first": pd.Series(dtype=np.int64),
                             "last": pd.Series(dtype=np.int64)})
    return pd.concat(frames, ignore_index=True)


#: What may follow a sentence's last token and still belong to it: its closing punctuation, quotes and brackets.
_SENTENCE_CLOSE = re.compile(r"[^\S\n]*(?:[.!?\u2026]+[\"'\u201d\u2019)\]]*|[\"'\u201d\u2019)\]]+(?:[.!?\u2026]+)?)")


def _sentence_text(tokens: TokenIndex, doc: int, first: int, last: int) -> str:
    """The sentence as the text writes it, with its closing punctuation; cut with an ellipsis past MAX_SENTENCE_TOKENS."""
    cut = min(last, first + MAX_SENTENCE_TOKENS - 1)
    raw = str(tokens.texts[doc])
    end = int(tokens.ends[cut])
    text = raw[int(tokens.starts[first]):end]
    if cut < last:
        return " ".join(text.split()) + " \u2026"
    following = raw[end:int(tokens.starts[last + 1])] if last + 1 < int(tokens.doc_ptr[doc + 1]) else raw[end:]
    close = _SENTENCE_CLOSE.match(following)
    return " ".join((text + (close.group(0) if close else "")).split())


def _sentence_weights(model: ThemeModel, tokens: TokenIndex, spans: pd.DataFrame) -> tuple[np.ndarray, sp.csr_matrix]:
    """Each sentence's weight on each theme (its TF-IDF, with the corpus's idf, projected on the fitted themes), and
    its counts of the themes' terms."""
    from sklearn.decomposition import non_negative_factorization
    from sklearn.exceptions import ConvergenceWarning

    vocab = {t: j for j, t in enumerate(model.terms.tolist())}
    stops = load_stop_words("default")
    rows, cols = [], []
    types = tokens.types
    for s, (first, last) in enumerate(zip(spans["first"].to_numpy(), spans["last"].to_numpy())):
        words = types[tokens.token_ids[first:last + 1]].tolist()
        breaks = tokens.phrase_break[first:last + 1].tolist()
        previous, broken = None, True
        for w, at_break in zip(words, breaks):
            broken = broken or at_break  # a break at or between the dropped tokens separates a pair (as count_phrases)
            if w in stops:
                continue
            j = vocab.get(w)
            if j is not None:
                rows.append(s)
                cols.append(j)
            if previous is not None and not broken:
                j = vocab.get(previous + " " + w)
                if j is not None:
                    rows.append(s)
                    cols.append(j)
            previous, broken = w, False
    counts = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(spans), len(model.terms)))
    matrix = model._transformer.transform(counts)
    if matrix.nnz == 0:
        return np.zeros((len(spans), model.n_themes)), counts
    with warnings.catch_warnings():  # a sentence's weights need no more precision than the iterations give
        warnings.simplefilter("ignore", ConvergenceWarning)
        w, _, _ = non_negative_factorization(matrix, H=model._raw_components, n_components=model.n_themes, init="custom",
                                             update_H=False, max_iter=MAX_ITER, tol=TOLERANCE,
                                             random_state=model.settings["seed"])
    return np.asarray(w, dtype=np.float64), counts


def typical_sentences(
    model: ThemeModel,
    tokens: TokenIndex | pd.DataFrame,
    n: int = 3,
    groups=None,
    per_group: bool = False,
) -> pd.DataFrame:
    """The sentences most typical of each theme (overall, or in each group, side by side).

    In words: for each theme, the :data:`SENTENCE_DOCS` documents (of each group, with
    ``per_group``) that weigh most on it are cut into sentences; each sentence of at least
    :data:`MIN_SENTENCE_TOKENS` tokens is weighed like a document (its words and phrases, the
    corpus's idf) and projected on the fitted themes; the sentences in which the theme takes the
    largest share come first (ties: the larger weight on it), at most one per document. A sentence
    whose own strongest theme is another, or that holds none of the theme's
    :data:`SENTENCE_TERMS` top terms, is skipped; a break between digits ("1.2 million") does not
    end a sentence.

    Parameters
    ----------
    model : ThemeModel
        From :func:`fit_themes`.
    tokens : TokenIndex or pandas.DataFrame
        The index the model was fitted on (its texts are cut into sentences).
    n : int, default 3
        Sentences per theme (per theme and group with ``per_group``).
    groups : sequence of str, optional
        The groups to show with ``per_group`` (default: every label, sorted).
    per_group : bool, default False

    Returns
    -------
    pandas.DataFrame
        ``theme, group, doc_id, sentence, share`` (the theme's share of the sentence's
        weights), by theme, then group (with ``per_group``), then share and weight (largest first).
        Sentences longer than :data:`MAX_SENTENCE_TOKENS` tokens end with an ellipsis.
    """
    _check_model(model)
    index = _tokens(tokens)
    if len(index.doc_ids) != len(model.doc_ids) or not np.array_equal(np.asarray(index.doc_ids), model.doc_ids):
        raise ParameterError("typical_sentences needs the token index the themes were fitted on (its documents differ)")
    labels = np.asarray(model.labels)
    if per_group:
        names = sorted(pd.unique(labels).tolist()) if groups is None else [str(g) for g in groups]
    else:
        names = [None]
    candidates = set()
    plans = []
    for i, theme in enumerate(model.theme_ids):
        for name in names:
            docs = np.flatnonzero(labels == name) if name is not None else np.arange(len(labels))
            docs = docs[model.weights[docs, i] > 0]
            top = docs[np.lexsort((docs, -model.weights[docs, i]))][:SENTENCE_DOCS]
            plans.append((i, theme, name, top))
            candidates.update(top.tolist())
    spans = _sentence_spans(index, np.array(sorted(candidates), dtype=np.int64))
    spans = spans[(spans["last"] - spans["first"] + 1) >= MIN_SENTENCE_TOKENS].reset_index(drop=True)
    if len(spans):
        weights, counts = _sentence_weights(model, index, spans)
    else:
        weights, counts = np.zeros((0, model.n_themes)), sp.csr_matrix((0, len(model.terms)))
    total = weights.sum(axis=1, keepdims=True)
    sentence_shares = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
    strongest = np.argmax(weights, axis=1) if len(weights) else np.array([], dtype=np.int64)
    by_doc = spans.groupby("doc").indices if len(spans) else {}
    rows = []
    for i, theme, name, top in plans:
        pool = np.concatenate([by_doc.get(d, np.array([], dtype=np.int64)) for d in top.tolist()] or [np.array([], dtype=np.int64)])
        if len(pool):  # a sentence shows a theme with one of its top words, not merely by leaning to it
            top = _top(model.components[i:i + 1], min(SENTENCE_TERMS, len(model.terms)))[0]
            holds = np.asarray(counts[pool][:, top].sum(axis=1)).ravel() > 0
            pool = pool[(weights[pool, i] > 0) & (strongest[pool] == i) & holds]
        order = pool[np.lexsort((pool, -weights[pool, i], -sentence_shares[pool, i]))] if len(pool) else pool
        seen: set[int] = set()
        for s in order.tolist():
            d = int(spans.at[s, "doc"])
            if d in seen:
                continue
            seen.add(d)
            rows.append({"theme": theme, "group": name if name is not None else labels[d], "doc_id": model.doc_ids[d],
                         "sentence": _sentence_text(index, d, int(spans.at[s, "first"]), int(spans.at[s, "last"])),
                         "share": float(sentence_shares[s, i])})
            if len(seen) >= n:
                break
    table = pd.DataFrame(rows, columns=["theme", "group", "doc_id", "sentence", "share"]).astype({"share": np.float64})
    table.attrs = {"n": n, "per_group": per_group, "min_tokens": MIN_SENTENCE_TOKENS, "max_tokens": MAX_SENTENCE_TOKENS,
                   "candidate_docs": SENTENCE_DOCS, "groups": [g for g in names if g is not None]}
    return table


# ---------------------------------------------------------------------------------------------
# Themes beside frames and word lists
# ---------------------------------------------------------------------------------------------


def _top_weights(model: ThemeModel, i: int, n_terms: int) -> tuple[list[str], np.ndarray]:
    order = np.argsort(-model.components[i], kind="stable")[:n_terms]
    order = order[model.components[i][order] > 0]
    return model.terms[order].tolist(), model.components[i][order]


def frame_overlap(model: ThemeModel, lexicon: Lexicon | str | dict | None = None, n_terms: int = TOP_TERMS) -> pd.DataFrame:
    """Which frames of a lexicon each theme's top terms belong to.

    In words: a theme's top ``n_terms`` terms (words and phrases) are looked up in the lexicon: a
    word that is a word entry of a frame (scoped words count only inside phrases, so never here),
    a phrase that is a phrase entry once its stop words are left out ("rule of law" is *rule
    law*). ``overlap`` is the share of the top terms' weight that falls on the frame's entries.

    Returns
    -------
    pandas.DataFrame
        ``theme, frame, frame_label, overlap, entries`` (the theme's top terms that are the
        frame's, most weight first, joined by ", "); only rows with an overlap, by theme then
        overlap (largest first), then the lexicon's order. ``attrs``: ``n_terms``, ``lexicon``.
    """
    _check_model(model)
    lex = load_lexicon(lexicon)
    stops = load_stop_words("default")
    entry_frame: dict[str, str] = {}
    for frame, entry, kind in zip(lex.entries["frame"], lex.entries["entry"], lex.entries["kind"]):
        key = entry if kind == "word" else " ".join(w for w in str(entry).split(" ") if w not in stops)
        entry_frame.setdefault(key, frame)
    position = {f: i for i, f in enumerate(lex.names)}
    rows = []
    for i, theme in enumerate(model.theme_ids):
        terms, weights = _top_weights(model, i, n_terms)
        total = weights.sum()
        found: dict[str, list[tuple[str, float]]] = {}
        for term, weight in zip(terms, weights.tolist()):
            frame = entry_frame.get(term)
            if frame is not None:
                found.setdefault(frame, []).append((term, weight))
        for frame, hits in found.items():
            rows.append({"theme": theme, "frame": frame, "frame_label": lex.labels.get(frame, frame),
                         "overlap": sum(w for _, w in hits) / total if total > 0 else 0.0,
                         "entries": ", ".join(t for t, _ in hits), "_t": i, "_f": position[frame]})
    table = pd.DataFrame(rows, columns=["theme", "frame", "frame_label", "overlap", "entries", "_t", "_f"])
    table = table.sort_values(["_t", "overlap", "_f"], ascending=[True, False, True], kind="stable")
    table = table.drop(columns=["_t", "_f"]).reset_index(drop=True).astype({"overlap": np.float64})
    table.attrs = {"n_terms": n_terms, "lexicon": lex.source}
    return table


def theme_terms(model: ThemeModel, n_terms: int = TOP_TERMS) -> pd.DataFrame:
    """Each theme's top terms (words and phrases) with their weights in the theme.

    Returns
    -------
    pandas.DataFrame
        ``theme, rank, term, weight``: the ``n_terms`` terms each theme weighs most (those it
        weighs at all), most weight first, themes in order. ``attrs``: ``themes`` (every theme,
        also one without a term), ``n_terms``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": list("abcd"), "group": ["x", "x", "y", "y"],
    ...     "text": ["rent prices rent prices landlords", "landlords rent prices rent",
    ...              "schools teachers schools pupils", "teachers pupils schools"]})
    >>> theme_terms(fit_themes(corpus, n_themes=2), n_terms=1)[["theme", "rank", "term"]].values.tolist()
    [['theme 1', 1, 'rent'], ['theme 2', 1, 'schools']]
    """
    _check_model(model)
    rows = [(theme, rank, term, weight) for i, theme in enumerate(model.theme_ids)
            for rank, (term, weight) in enumerate(zip(*_top_weights(model, i, n_terms)), start=1)]
    table = pd.DataFrame(rows, columns=["theme", "rank", "term", "weight"]).astype(
        {"theme": object, "rank": np.int64, "term": object, "weight": np.float64})
    table.attrs = {"themes": list(model.theme_ids), "n_terms": int(n_terms)}
    return table


def listed_share(top: pd.DataFrame | ThemeModel, listed_terms, n_terms: int = TOP_TERMS) -> pd.DataFrame:
    """How much of each theme's top terms a word list already lists (a theme that echoes the list).

    In words: a theme's top ``n_terms`` terms hold a listed term when the term is listed, or when
    it is a phrase one of whose words is listed; ``listed_share`` is the share of the top terms'
    weight on those. Above one half (:data:`corpus_utils.synthesis.ECHO_SHARE`), the theme's
    difference between the groups is mostly the listed words' difference seen a second time.

    Parameters
    ----------
    top : pandas.DataFrame or ThemeModel
        The themes' top terms (:func:`theme_terms`, of at least ``n_terms`` terms each), or the model
        they are read from.
    listed_terms : iterable of str
    n_terms : int, default TOP_TERMS

    Returns
    -------
    pandas.DataFrame
        ``theme, listed_share, listed_terms`` (the listed ones among its top terms, most weight
        first, joined by ", "; None when none). ``attrs``: ``n_terms``, ``listed`` (sorted).
    """
    if isinstance(top, ThemeModel):
        top = theme_terms(top, n_terms)
    listed = {str(t) for t in listed_terms}
    rows = []
    kept = top[top["rank"] <= n_terms]
    by_theme = {theme: part for theme, part in kept.groupby("theme", sort=False)}
    for theme in top.attrs["themes"]:
        part = by_theme.get(theme, kept.head(0))
        terms, weights = part["term"].tolist(), part["weight"].to_numpy(dtype=np.float64)
        hit = np.array([t in listed or any(w in listed for w in t.split(" ")) for t in terms], dtype=bool)
        total = weights.sum()
        rows.append({"theme": theme, "listed_share": float(weights[hit].sum() / total) if total > 0 else np.nan,
                     "listed_terms": ", ".join(np.asarray(terms, dtype=object)[hit].tolist()) or None})
    table = pd.DataFrame(rows, columns=["theme", "listed_share", "listed_terms"]).astype({"listed_share": np.float64})
    table.attrs = {"n_terms": n_terms, "listed": sorted(listed)}
    return table
