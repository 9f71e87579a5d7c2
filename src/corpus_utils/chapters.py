"""Chapters: each analysis chapter's computation as one function of the corpus and its parameters.

:func:`overview` (chapter 01), :func:`vocabulary` (chapter 02), :func:`framing` (chapter 03),
:func:`clustering` (chapter 04) and :func:`synthesis` (chapter 05) each take a loaded corpus and the chapter's
parameters and return the chapter's results: one object whose attributes are the tables the chapter shows, and
whose ``settings`` record the parameters that made them. The chapter notebook calls its function once and shows
the tables; the synthesis reads chapters 02 to 04 through the same functions with the same parameters instead of
typing the pipelines again; the benchmarks time them.

Each table is computed the first time it is read and kept on the object (a ``cached_property``),
so the synthesis chapter, which reads a few tables of each chapter, pays only for those.
Every random step is seeded with ``seed`` on its own, so the order in which tables are read
never changes a value. :meth:`ChapterResult.compute` reads them all (what a chapter shows).
With shared results from ``corpus-essay run --engine dask``, the permutation tests (:attr:`Vocabulary.perm`,
:attr:`Framing.separation`, :attr:`Framing.theme_differences`) multiply their relabelings on the run's Dask
cluster (:attr:`ChapterResult.engine`), with the same results; otherwise in the chapter's own kernel.
While a table is computed, the chapter is in that table's stage (``STAGES``: counting, resampling,
clustering, ...), which ``corpus-essay run`` shows when a chapter runs long (:func:`corpus_utils.report.stage`).
"""

from __future__ import annotations

import copy
import inspect
from functools import cached_property

import pandas as pd

from . import agreement as _agreement
from . import clean as _clean
from . import cluster as _cluster
from . import context as _context
from . import count as _count
from . import design as _design
from . import engine as _engine
from . import frame as _frame
from . import keyness as _keyness
from . import shared as _shared
from . import synthesis as _synthesis
from . import themes as _themes
from .errors import ParameterError, SchedulerError
from .groups import check_groups
from .report import stage as _stage

__all__ = ["ChapterResult", "Clustering", "Framing", "Overview", "Synthesis", "Vocabulary", "clustering", "framing",
           "overview", "synthesis", "vocabulary"]

#: The clustering methods :func:`clustering` accepts.
CLUSTER_METHODS = ("kmeans", "agglomerative")


def _kept(method):
    """A table the synthesis chapter reads too: with shared results (``corpus-essay run``), the first chapter of the run
    to compute it leaves it there (:func:`corpus_utils.shared.write_table`) and the next reads it back, keyed by the
    chapter, the table, the settings, the groups and the texts, so that another setting never reads it. Without
    shared results it is computed, as every table is."""
    name = method.__name__

    def table(self):
        if self.shared is None:
            return method(self)
        key = _shared.table_key(type(self).__name__, name, self.settings, self.groups, self._texts_key)
        with _stage("reading saved results"):
            found = _shared.read_table(self.shared, key)
        if found is not None:
            return found
        computed = method(self)
        _shared.write_table(self.shared, key, computed)
        return computed

    table.__name__, table.__doc__ = name, method.__doc__
    return cached_property(table)


class ChapterResult:
    """The results of one chapter: its tables (computed when first read) and the settings that made them.

    Attributes
    ----------
    corpus : pandas.DataFrame
        The corpus the chapter analyses (for clustering, the documents of the compared groups).
    groups : list of str
        The groups compared, as :func:`corpus_utils.groups.check_groups` returns them.
    settings : dict
        The chapter's parameters, by name.
    shared : str, Path or None
        The folder of shared results ``corpus-essay run`` gives the chapters (:mod:`corpus_utils.shared`),
        or None. Not a setting: it changes where a result is read from, never its value.
    engine : corpus_utils.engine.DaskEngine or None
        Where the permutation tests multiply their relabelings (read when first needed): a client of the
        run's Dask cluster when ``shared`` names one (:func:`corpus_utils.shared.read_engine`), else None
        (this kernel). Not a setting either: the tables are the same.
    """

    #: The names of the tables, in the order the chapter shows them.
    TABLES: tuple[str, ...] = ()
    #: The stage each table's computation is in, by table name (see :meth:`__getattribute__`).
    STAGES: dict[str, str] = {}

    def __init__(self, corpus: pd.DataFrame, groups, settings: dict, shared=None):
        self.corpus = corpus
        self.groups = check_groups(corpus, groups)
        self.settings = dict(settings)
        self.shared = shared

    @cached_property
    def engine(self) -> _engine.DaskEngine | None:
        """The run's Dask cluster, when the shared results name one (a client: it never starts or stops workers); else None.

        The address lives only while ``corpus-essay run`` runs: the shared folder is removed before the
        report is published or an unfinished one is kept (``.<report>.partial``), and the cluster is
        closed after the last chapter. A chapter run again by hand in the staging folder of a run that
        was killed names a scheduler that has gone: that is a :class:`~corpus_utils.errors.SchedulerError`,
        one line, within :data:`corpus_utils.engine.CONNECT_TIMEOUT` seconds, never a silent
        computation here.

        Raises
        ------
        SchedulerError
            If the scheduler named there does not answer (or has no worker).
        """
        address = _shared.read_engine(self.shared)
        if address is None:
            return None
        try:
            return _engine.dask(address)
        except SchedulerError as exc:
            raise SchedulerError(
                f"named by the shared results ({_shared.ENGINE_FILE}) as the run's Dask scheduler, but {exc.reason}",
                exc.path, "That run has ended: run corpus-essay run again, or set shared = None to compute in this kernel",
            ) from None

    @cached_property
    def _texts_key(self) -> str:
        """The key of this chapter's documents and texts (:func:`corpus_utils.shared.texts_key`)."""
        return _shared.texts_key(self.corpus)

    @cached_property
    def tokens(self) -> _count.TokenIndex:
        """The positional token index of :attr:`corpus` (:func:`corpus_utils.count.index_tokens`): read from the
        shared results when ``corpus-essay run`` left it there for exactly these texts
        (:func:`corpus_utils.shared.read_tokens`), else made here (the same arrays)."""
        if self.shared is None:
            return _count.index_tokens(self.corpus)
        return _shared.read_tokens(self.shared, self.corpus, key=self._texts_key) or _count.index_tokens(self.corpus)

    def __getattribute__(self, name: str):
        """A table not yet computed is computed in its stage (:data:`STAGES`, :func:`corpus_utils.report.stage`)."""
        step = type(self).STAGES.get(name)
        if step is None or name in object.__getattribute__(self, "__dict__"):
            return object.__getattribute__(self, name)
        with _stage(step):
            return object.__getattribute__(self, name)

    def compute(self) -> dict:
        """Compute every table of the chapter and return them by name (what the whole chapter costs)."""
        return {name: getattr(self, name) for name in self.TABLES}

    def __repr__(self) -> str:
        done = [name for name in self.TABLES if name in self.__dict__]
        return f"{type(self).__name__}({len(self.corpus)} documents, groups={self.groups!r}, computed={done!r})"


class Overview(ChapterResult):
    """Chapter 01's results: the groups' sizes, the floor of their tests, the vocabulary and the lines cleaning
    removed. See :func:`overview`."""

    TABLES = ("lengths", "floors", "tokens", "unigrams", "spread", "vocabulary", "removed")
    STAGES = {**dict.fromkeys(("lengths", "floors", "tokens", "unigrams", "spread", "vocabulary"), "counting"),
              "removed": "cleaning"}

    @cached_property
    def lengths(self) -> pd.DataFrame:
        """Each group's documents and words (:func:`corpus_utils.count.group_lengths`)."""
        return _count.group_lengths(self.corpus)

    @cached_property
    def floors(self) -> pd.DataFrame:
        """The smallest p-value a relabeling test of the groups can give (:func:`corpus_utils.keyness.permutation_floor`)."""
        return _keyness.permutation_floor(self.corpus["group"], self.groups)

    @cached_property
    def unigrams(self) -> _count.DocumentTermMatrix:
        """Every word of every document, stop words left out (:func:`corpus_utils.count.count_terms`)."""
        return _count.count_terms(self.tokens, ngram_range=(1, 1), stop_words="default")

    @cached_property
    def spread(self) -> pd.DataFrame:
        """How the words spread over the documents (:func:`corpus_utils.count.vocabulary_spread`)."""
        return _count.vocabulary_spread(self.unigrams)

    @cached_property
    def vocabulary(self) -> pd.DataFrame:
        """Each group's vocabulary (:func:`corpus_utils.count.group_vocabulary`)."""
        return _count.group_vocabulary(self.unigrams)

    @cached_property
    def removed(self) -> pd.DataFrame:
        """The lines cleaning removed, document by document (:func:`corpus_utils.clean.removed_lines`)."""
        return _clean.removed_lines(self.corpus, self.settings["rules"])


def overview(corpus: pd.DataFrame, groups=None, *, rules=None, shared=None) -> Overview:
    """Chapter 01: the corpus, its groups, what cleaning removed and how small a p-value its tests can give.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`corpus_utils.load.load_corpus`.
    groups : sequence of str, str or None
        The groups compared (:func:`corpus_utils.groups.check_groups`).
    rules : CleaningRules, path, "none" or None
        The cleaning rules the corpus was loaded with (None: the shipped ones).
    shared : str, Path or None
        The folder of shared results of ``corpus-essay run`` (the token index is read from it); None
        computes everything here, with the same values.

    Returns
    -------
    Overview
        Its attributes are the chapter's tables (see ``Overview.TABLES``), computed when first read.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "group": ["a", "a", "b"],
    ...                        "text": ["Trust the police.", "Trust us.", "Crime rises."], "raw_text": ["", "", ""]})
    >>> o = overview(corpus)
    >>> o.lengths[["group", "documents", "tokens"]].values.tolist()
    [['a', 2, 5], ['b', 1, 2]]
    >>> o.floors["min_p"].tolist()
    [0.3333333333333333]
    """
    return Overview(corpus, groups, dict(rules=rules), shared)


class Vocabulary(ChapterResult):
    """Chapter 02's results: word and phrase counts, TF-IDF, log-odds, G², stability, permutation tests,
    contested terms and their company. See :func:`vocabulary`."""

    TABLES = ("tokens", "dtm", "phrases", "lengths", "counts", "phrase_counts", "by_tfidf", "top_tfidf", "idf",
              "by_log_odds", "top_log_odds", "by_phrase", "top_phrases", "by_g2", "top_g2", "stable", "stable_phrases",
              "perm", "contested", "focus", "company")
    STAGES = {**dict.fromkeys(("tokens", "dtm", "phrases", "lengths", "counts", "phrase_counts", "idf", "company"),
                              "counting"),
              **dict.fromkeys(("by_tfidf", "top_tfidf", "by_log_odds", "top_log_odds", "by_phrase", "top_phrases",
                               "by_g2", "top_g2", "contested", "focus"), "scoring words"),
              **dict.fromkeys(("stable", "stable_phrases", "perm"), "resampling")}

    @cached_property
    def dtm(self) -> _count.DocumentTermMatrix:
        """Words per document (:func:`corpus_utils.count.count_terms`)."""
        s = self.settings
        return _count.count_terms(self.tokens, min_df=s["min_df"], stop_words=s["stop_words"])

    @cached_property
    def phrases(self) -> _count.DocumentTermMatrix:
        """Collocations per document (:func:`corpus_utils.count.count_phrases`)."""
        s = self.settings
        return _count.count_phrases(self.tokens, min_count=s["phrase_min_count"], min_g2=s["phrase_min_g2"],
                                    min_df=s["min_df"], stop_words=s["stop_words"])

    @cached_property
    def lengths(self) -> pd.DataFrame:
        """Documents and tokens per group (:func:`corpus_utils.count.group_lengths`)."""
        return _count.group_lengths(self.corpus)

    @cached_property
    def counts(self) -> pd.DataFrame:
        """The word table (:func:`corpus_utils.count.term_table`)."""
        return _count.term_table(self.dtm)

    @cached_property
    def phrase_counts(self) -> pd.DataFrame:
        """The phrase table (:func:`corpus_utils.count.term_table`)."""
        return _count.term_table(self.phrases)

    @cached_property
    def by_tfidf(self) -> pd.DataFrame:
        """Mean TF-IDF per group (:func:`corpus_utils.keyness.mean_tfidf`)."""
        return _keyness.mean_tfidf(self.dtm, groups=self.groups, min_docs=self.settings["min_docs"])

    @cached_property
    def top_tfidf(self) -> pd.DataFrame:
        """Each group's top ``top_n`` words by mean TF-IDF."""
        return _keyness.top_terms(self.by_tfidf, self.settings["top_n"])

    @cached_property
    def idf(self) -> pd.DataFrame:
        """The idf of every word (:func:`corpus_utils.count.idf_table`)."""
        return _count.idf_table(self.dtm)

    @cached_property
    def by_log_odds(self) -> pd.DataFrame:
        """Log-odds z of every word (:func:`corpus_utils.keyness.log_odds`)."""
        s = self.settings
        return _keyness.log_odds(self.dtm, groups=self.groups, alpha0=s["alpha0"], min_docs=s["min_docs"])

    @cached_property
    def top_log_odds(self) -> pd.DataFrame:
        """Each group's top ``top_n`` words by log-odds."""
        return _keyness.top_terms(self.by_log_odds, self.settings["top_n"])

    @cached_property
    def by_phrase(self) -> pd.DataFrame:
        """Log-odds z of every phrase; an empty table with the words' columns when there are under two phrases
        (log-odds weighs each phrase against the others)."""
        s = self.settings
        if self.phrases.shape[1] >= 2:
            return _keyness.log_odds(self.phrases, groups=self.groups, alpha0=s["phrase_alpha0"], min_docs=s["min_docs"])
        return self.by_log_odds.head(0)

    @cached_property
    def top_phrases(self) -> pd.DataFrame:
        """Each group's top ``top_n`` phrases by log-odds."""
        return _keyness.top_terms(self.by_phrase, self.settings["top_n"])

    @cached_property
    def by_g2(self) -> pd.DataFrame:
        """Signed G² and log ratio of every word (:func:`corpus_utils.keyness.log_likelihood`)."""
        return _keyness.log_likelihood(self.dtm, groups=self.groups, min_docs=self.settings["min_docs"])

    @cached_property
    def top_g2(self) -> pd.DataFrame:
        """Each group's top ``top_n`` words by G²."""
        return _keyness.top_terms(self.by_g2, self.settings["top_n"])

    @_kept
    def stable(self) -> pd.DataFrame:
        """The log-odds top words with their leave-one-out or bootstrap stability (:func:`corpus_utils.keyness.stability`)."""
        s = self.settings
        return _keyness.stability(self.dtm, "log_odds", groups=self.groups, top_n=s["top_n"],
                                  n_resamples=s["n_resamples"], seed=s["seed"], min_docs=s["min_docs"], alpha0=s["alpha0"])

    @_kept
    def stable_phrases(self) -> pd.DataFrame:
        """The top phrases' stability, interval and support, as :attr:`stable` gives the words'
        (:func:`corpus_utils.keyness.stability` of the phrase counts, with the phrases' prior ``phrase_alpha0``),
        so that :func:`corpus_utils.synthesis.distinctive_terms` weighs phrases by the same rule as words; an
        empty table with the words' columns when there are under two phrases, which log-odds cannot weigh."""
        s = self.settings
        if self.phrases.shape[1] < 2:
            out = self.stable.head(0).copy()
            out.attrs = copy.deepcopy(self.stable.attrs)
            return out
        return _keyness.stability(self.phrases, "log_odds", groups=self.groups, top_n=s["top_n"],
                                  n_resamples=s["n_resamples"], seed=s["seed"], min_docs=s["min_docs"],
                                  alpha0=s["phrase_alpha0"])

    @_kept
    def perm(self) -> pd.DataFrame:
        """The permutation test of the listed words, raw and max-T adjusted (:func:`corpus_utils.keyness.permutation_test`)."""
        s = self.settings
        return _keyness.permutation_test(self.dtm, self.stable["term"].unique(), "log_odds", groups=self.groups,
                                         min_docs=s["min_docs"], n_resamples=s["n_resamples"], seed=s["seed"],
                                         alpha0=s["alpha0"], engine=self.engine)

    @cached_property
    def contested(self) -> pd.DataFrame:
        """Words both groups use often and neither leans to (:func:`corpus_utils.keyness.contested_terms`)."""
        s = self.settings
        return _keyness.contested_terms(self.dtm, groups=self.groups, min_count=s["contested_min_count"],
                                        max_abs_z=s["contested_max_z"], min_docs=s["min_docs"], alpha0=s["alpha0"])

    @cached_property
    def focus(self) -> list:
        """The six most shared contested words, whose company :attr:`company` lists."""
        return self.contested["term"].drop_duplicates().head(6).tolist()

    @cached_property
    def company(self) -> pd.DataFrame:
        """The collocates of each :attr:`focus` word in each group (:func:`corpus_utils.context.collocates`)."""
        s = self.settings
        return _context.collocates(self.tokens, self.focus, groups=self.groups if len(self.groups) == 2 else None,
                                   window=s["window"], stop_words=s["stop_words"])


def vocabulary(
    corpus: pd.DataFrame,
    groups=None,
    *,
    min_df: int | float = 1,
    stop_words="default",
    alpha0: float = 500.0,
    phrase_min_count: int = 3,
    phrase_min_g2: float = 10.83,
    phrase_alpha0: float = 50.0,
    min_docs: int | None = None,
    top_n: int = 10,
    n_resamples: int = 200,
    seed: int = 0,
    window: int = 5,
    contested_min_count: int = 3,
    contested_max_z: float = 1.96,
    shared=None,
) -> Vocabulary:
    """Chapter 02: which words and phrases set the groups apart, and how sure we can be.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`corpus_utils.load.load_corpus`.
    groups : sequence of str, str or None
        Read by :func:`corpus_utils.groups.comparisons` (a pair, or one-vs-rest).
    min_df, stop_words
        Counting (:func:`corpus_utils.count.count_terms`).
    alpha0, phrase_alpha0 : float
        The log-odds prior's weight for words and for phrases.
    phrase_min_count, phrase_min_g2
        The collocation test of :func:`corpus_utils.count.count_phrases`.
    min_docs : int or None
        The dispersion filter: documents of its group a listed term needs.
    top_n : int
        Terms listed per group.
    n_resamples, seed
        The stability resamples and the Monte Carlo relabelings, seeded.
    window : int
        Tokens either side of a word that count as its company (collocates).
    contested_min_count, contested_max_z
        A contested word: used at least this often by each group, with |z| below this.

    shared : str, Path or None
        The folder of shared results of ``corpus-essay run`` (the token index is read from it); None
        computes everything here, with the same values.

    Returns
    -------
    Vocabulary
        Its attributes are the chapter's tables (``by_log_odds``, ``stable``, ``perm``, ...; see
        ``Vocabulary.TABLES``), computed when first read; ``settings`` holds the parameters.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3", "4"], "group": ["a", "a", "b", "b"],
    ...                        "text": ["trust trust police", "trust community", "crime crime police", "crime law"]})
    >>> v = vocabulary(corpus, top_n=1)
    >>> v.top_log_odds[["group", "term"]].values.tolist()
    [['a', 'trust'], ['b', 'crime']]
    >>> v.settings["top_n"], v.groups
    (1, ['a', 'b'])
    """
    settings = dict(min_df=min_df, stop_words=stop_words, alpha0=alpha0, phrase_min_count=phrase_min_count,
                    phrase_min_g2=phrase_min_g2, phrase_alpha0=phrase_alpha0, min_docs=min_docs, top_n=top_n,
                    n_resamples=n_resamples, seed=seed, window=window, contested_min_count=contested_min_count,
                    contested_max_z=contested_max_z)
    return Vocabulary(corpus, groups, settings, shared)


class Framing(ChapterResult):
    """Chapter 03's results: frame matches, rates, group summaries, separation tests, evidence lines,
    coverage and the frames around contested words. See :func:`framing`."""

    TABLES = ("tokens", "lexicon", "matches", "coverage", "unframed", "lexicon_table", "scoped_in", "entries",
              "rates", "leading", "summary", "concentration", "separation", "top_frames", "entries_by_group",
              "evidence", "coverage_by_group", "scoped_uses", "contested_min_docs_used", "contested", "company",
              "theme_model", "themes", "theme_terms", "theme_choice", "theme_shares", "theme_differences",
              "theme_sentences", "theme_overlap", "lexicon_fits", "lead")
    STAGES = {"tokens": "counting", "lexicon": "loading",
              **dict.fromkeys(("matches", "coverage", "unframed", "lexicon_table", "scoped_in", "entries", "rates",
                               "leading", "summary", "concentration", "top_frames", "entries_by_group", "evidence",
                               "coverage_by_group", "scoped_uses", "contested_min_docs_used", "contested", "company",
                               "lexicon_fits"), "matching frames"),
              **dict.fromkeys(("theme_model", "themes", "theme_terms", "theme_choice", "theme_shares",
                               "theme_sentences", "theme_overlap"), "finding themes"),
              **dict.fromkeys(("separation", "theme_differences", "lead"), "resampling")}

    @cached_property
    def lexicon(self):
        """The frame lexicon (:func:`corpus_utils.lexicon.load_lexicon`)."""
        return _frame.load_lexicon(self.settings["lexicon"])

    @cached_property
    def matches(self) -> pd.DataFrame:
        """Every frame match with its context (:func:`corpus_utils.frame.match_frames`)."""
        return _frame.match_frames(self.tokens, self.lexicon, context=self.settings["context"])

    @cached_property
    def coverage(self) -> pd.DataFrame:
        """The share of each document's tokens and sentences the lexicon matches (:func:`corpus_utils.frame.coverage`)."""
        return _frame.coverage(self.matches, self.tokens)

    @cached_property
    def unframed(self) -> pd.DataFrame:
        """The most frequent words no frame covers (:func:`corpus_utils.frame.unframed_words`)."""
        return _frame.unframed_words(self.matches, self.tokens, n=self.settings["max_rows"])

    @cached_property
    def lexicon_table(self) -> pd.DataFrame:
        """The lexicon's frames with examples (:func:`corpus_utils.frame.lexicon_table`)."""
        return _frame.lexicon_table(self.lexicon)

    @cached_property
    def scoped_in(self) -> pd.DataFrame:
        """Words that count only inside phrases, and their frames (:func:`corpus_utils.frame.scoped_frames`)."""
        return _frame.scoped_frames(self.lexicon)

    @cached_property
    def entries(self) -> pd.DataFrame:
        """Hits per lexicon entry (:func:`corpus_utils.frame.entry_counts`)."""
        return _frame.entry_counts(self.matches)

    @cached_property
    def rates(self) -> pd.DataFrame:
        """Each frame's hits per document (:func:`corpus_utils.frame.frame_rates`)."""
        return _frame.frame_rates(self.matches, self.tokens)

    @cached_property
    def leading(self) -> pd.DataFrame:
        """The frame each document uses most, counted per group (:func:`corpus_utils.frame.leading_frames`)."""
        return _frame.leading_frames(self.rates, self.groups)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """Each frame's rate per group (:func:`corpus_utils.frame.group_summary`)."""
        return _frame.group_summary(self.rates, self.groups)

    @cached_property
    def concentration(self) -> pd.DataFrame:
        """How much of each frame's hits one document supplies (:func:`corpus_utils.frame.concentration`)."""
        return _frame.concentration(self.rates, self.groups)

    @_kept
    def separation(self) -> pd.DataFrame:
        """The difference in mean rate per frame, with permutation p-values (:func:`corpus_utils.frame.separation`)."""
        s = self.settings
        return _frame.separation(self.rates, self.groups, n_resamples=s["n_resamples"], seed=s["seed"], engine=self.engine)

    @cached_property
    def top_frames(self) -> list:
        """The two frames at the top of :attr:`separation` (one, if only one frame was compared)."""
        return self.separation.drop_duplicates("frame")["frame"].head(2).tolist()

    @cached_property
    def entries_by_group(self) -> pd.DataFrame:
        """Hits per lexicon entry and group."""
        return _frame.entry_counts(self.matches, by_group=True)

    @cached_property
    def evidence(self) -> list:
        """The evidence lines of the first and the last of :attr:`top_frames` (:func:`corpus_utils.frame.evidence_lines`)."""
        frames = [self.top_frames[0], self.top_frames[-1]]
        return [_frame.evidence_lines(self.matches, f, self.groups, n=self.settings["evidence_lines"]) for f in frames]

    @cached_property
    def coverage_by_group(self) -> pd.DataFrame:
        """Coverage summed per group (:func:`corpus_utils.frame.coverage_by_group`)."""
        return _frame.coverage_by_group(self.coverage, self.groups)

    @cached_property
    def scoped_uses(self) -> pd.DataFrame:
        """How the phrase-only words are used (:func:`corpus_utils.frame.scoped_uses`)."""
        return _frame.scoped_uses(self.matches, self.tokens)

    @cached_property
    def contested_min_docs_used(self) -> int:
        """``contested_min_docs``, lowered to the size of the smallest compared group."""
        smallest = int(self.corpus["group"].value_counts()[self.groups].min())
        return min(self.settings["contested_min_docs"], smallest)

    @cached_property
    def contested(self) -> pd.DataFrame:
        """Words both groups use, with the frames near them on each side (:func:`corpus_utils.frame.contested_words`)."""
        s = self.settings
        return _frame.contested_words(self.matches, self.tokens, self.groups, window=s["frame_window"],
                                      min_docs=self.contested_min_docs_used, n=s["max_rows"])

    @cached_property
    def company(self) -> pd.DataFrame:
        """The frames near the two most contested words, per group (:func:`corpus_utils.frame.word_frames`)."""
        return self.word_frames(self.contested["word"].head(2).tolist())

    def word_frames(self, words) -> pd.DataFrame:
        """The frames within ``frame_window`` tokens of ``words``, per group (:func:`corpus_utils.frame.word_frames`)."""
        return _frame.word_frames(self.matches, self.tokens, words, window=self.settings["frame_window"],
                                  groups=self.groups)

    @cached_property
    def theme_model(self) -> _themes.ThemeModel:
        """Themes discovered from the corpus (:func:`corpus_utils.themes.fit_themes`)."""
        s = self.settings
        return _themes.fit_themes(self.tokens, s["n_themes"], seed=s["seed"])

    @cached_property
    def themes(self) -> pd.DataFrame:
        """Each theme's top words and phrases, and the documents that carry it (:func:`corpus_utils.themes.theme_table`)."""
        return _themes.theme_table(self.theme_model)

    @_kept
    def theme_terms(self) -> pd.DataFrame:
        """Each theme's top terms with their weights (:func:`corpus_utils.themes.theme_terms`): what the synthesis
        reads to tell a theme that echoes the word lists (:func:`corpus_utils.themes.listed_share`) without fitting
        the themes again."""
        return _themes.theme_terms(self.theme_model)

    @cached_property
    def theme_choice(self) -> pd.DataFrame | None:
        """How the number of themes was chosen (:func:`corpus_utils.themes.choose_n_themes`); None when it was given."""
        return self.theme_model.choice

    @cached_property
    def theme_shares(self) -> pd.DataFrame:
        """Each document's share of each theme (:func:`corpus_utils.themes.theme_shares`)."""
        return _themes.theme_shares(self.theme_model)

    @_kept
    def theme_differences(self) -> pd.DataFrame:
        """The difference in each theme's mean share between the groups (:func:`corpus_utils.themes.compare_themes`).

        The synthesis reads it with the themes' top terms (:attr:`theme_terms`), which are made, and left in the
        shared results, with it."""
        self.theme_terms  # noqa: B018 - made (and kept) with the differences the synthesis reads them beside
        s = self.settings
        return _themes.compare_themes(self.theme_shares, self.groups, n_resamples=s["n_resamples"], seed=s["seed"],
                                      engine=self.engine)

    @cached_property
    def theme_sentences(self) -> pd.DataFrame:
        """Each theme's most typical sentences in each group (:func:`corpus_utils.themes.typical_sentences`)."""
        return _themes.typical_sentences(self.theme_model, self.tokens, n=self.settings["theme_sentences"],
                                         groups=self.groups, per_group=True)

    @cached_property
    def theme_overlap(self) -> pd.DataFrame:
        """The frames of the lexicon among each theme's top terms (:func:`corpus_utils.themes.frame_overlap`)."""
        return _themes.frame_overlap(self.theme_model, self.lexicon)

    @cached_property
    def lexicon_fits(self) -> bool:
        """Whether the lexicon covers at least :data:`corpus_utils.frame.LOW_COVERAGE` of the tokens (then frames lead)."""
        return float(self.coverage.attrs["token_share"]) >= _frame.LOW_COVERAGE - 1e-12

    @cached_property
    def lead(self) -> pd.DataFrame:
        """The comparison the chapter leads with: the frames' when the lexicon fits, else the themes'."""
        return self.separation if self.lexicon_fits else self.theme_differences


def framing(
    corpus: pd.DataFrame,
    groups=None,
    *,
    lexicon=None,
    context: int = 6,
    frame_window: int = 10,
    contested_min_docs: int = 2,
    n_resamples: int = 200,
    seed: int = 0,
    evidence_lines: int = 6,
    max_rows: int = 20,
    n_themes: int | None = None,
    theme_sentences: int = 2,
    shared=None,
) -> Framing:
    """Chapter 03: how often each group uses each frame of a lexicon, and whether the groups differ.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`corpus_utils.load.load_corpus`.
    groups : sequence of str, str or None
        Read by :func:`corpus_utils.groups.comparisons`.
    lexicon : Lexicon, str, Path, dict or None
        The frame lexicon; None for the shipped one.
    context : int
        Words shown either side of each match.
    frame_window : int
        Tokens either side of a word within which a frame match counts as its company.
    contested_min_docs : int
        Documents of each group a word needs to count as contested (lowered to the smallest group).
    n_resamples, seed
        The permutation test's Monte Carlo relabelings, seeded.
    evidence_lines : int
        Evidence lines per group for each of the two leading frames.
    max_rows : int
        Rows of the unframed-words and contested-words tables.
    n_themes : int or None
        Themes discovered from the corpus; None chooses the number (:func:`corpus_utils.themes.choose_n_themes`).
    theme_sentences : int
        Typical sentences shown per theme and group.

    shared : str, Path or None
        The folder of shared results of ``corpus-essay run`` (the token index is read from it); None
        computes everything here, with the same values.

    Returns
    -------
    Framing
        Its attributes are the chapter's tables (see ``Framing.TABLES``), computed when first read.
    """
    settings = dict(lexicon=lexicon, context=context, frame_window=frame_window, contested_min_docs=contested_min_docs,
                    n_resamples=n_resamples, seed=seed, evidence_lines=evidence_lines, max_rows=max_rows,
                    n_themes=n_themes, theme_sentences=theme_sentences)
    return Framing(corpus, groups, settings, shared)


class Clustering(ChapterResult):
    """Chapter 04's results: document vectors, neighbours, silhouettes, k-means and hierarchical clusters,
    whether the partition kept comes back with other seeds, their agreement with the labels and other
    columns, top terms and a map. See :func:`clustering`.

    ``corpus`` holds only the documents of the compared groups.
    """

    TABLES = ("tokens", "dtm", "vectors", "terms", "neighbors", "nearest", "similarity", "silhouette", "clusters",
              "starts", "tree", "hierarchical", "methods_ari", "chosen", "seeds", "agreement", "label_table",
              "contingencies", "top_terms", "points")
    STAGES = {**dict.fromkeys(("tokens", "dtm"), "counting"),
              **dict.fromkeys(("vectors", "terms"), "building vectors"),
              **dict.fromkeys(("neighbors", "nearest", "similarity", "silhouette", "clusters", "starts", "tree",
                               "hierarchical", "methods_ari", "chosen", "seeds", "label_table", "contingencies",
                               "top_terms"), "clustering"),
              "agreement": "resampling", "points": "mapping"}

    def __init__(self, corpus: pd.DataFrame, groups, settings: dict, shared=None):
        groups = check_groups(corpus, groups)
        super().__init__(corpus[corpus["group"].isin(groups)].reset_index(drop=True), groups, settings, shared)

    @property
    def k(self) -> int:
        """The number of clusters: ``n_clusters``, or the number of groups."""
        n = self.settings["n_clusters"]
        return len(self.groups) if n is None else int(n)

    @property
    def large(self) -> bool:
        """Above :data:`corpus_utils.cluster.LARGE_CORPUS` documents, no n x n step runs."""
        return len(self.corpus) > _cluster.LARGE_CORPUS

    @cached_property
    def dtm(self) -> _count.DocumentTermMatrix:
        """Words and word pairs per document."""
        return _count.count_terms(self.tokens, ngram_range=(1, 2), min_df=self.settings["min_df"], stop_words="default")

    @cached_property
    def vectors(self) -> _cluster.DocumentVectors:
        """TF-IDF rows, reduced by LSA when there are many (:func:`corpus_utils.cluster.document_vectors`)."""
        s = self.settings
        return _cluster.document_vectors(self.dtm, lsa_components=s["lsa_components"], sublinear_tf=s["sublinear_tf"],
                                         seed=s["seed"])

    @cached_property
    def terms(self) -> pd.DataFrame:
        """Terms counted per document (:func:`corpus_utils.cluster.terms_per_document`)."""
        return _cluster.terms_per_document(self.vectors)

    @cached_property
    def neighbors(self) -> pd.DataFrame:
        """Each document's nearest neighbours (:func:`corpus_utils.cluster.nearest_neighbors`)."""
        s = self.settings
        return _cluster.nearest_neighbors(self.vectors, n_neighbors=s["n_neighbors"], seed=s["seed"])

    @cached_property
    def nearest(self) -> pd.DataFrame:
        """How often a document's nearest neighbour shares its label (:func:`corpus_utils.cluster.neighbor_summary`)."""
        return _cluster.neighbor_summary(self.neighbors, self.corpus["group"])

    @cached_property
    def similarity(self) -> pd.DataFrame | None:
        """The cosine similarity of every pair of documents; None above ``LARGE_CORPUS``."""
        return None if self.large else _cluster.similarity_matrix(self.vectors)

    @cached_property
    def silhouette(self) -> pd.DataFrame:
        """The silhouette of k-means for each k (:func:`corpus_utils.cluster.silhouette_by_k`)."""
        s = self.settings
        return _cluster.silhouette_by_k(self.vectors, n_init=s["n_init"], seed=s["seed"])

    @cached_property
    def clusters(self) -> pd.DataFrame:
        """The k-means clusters (:func:`corpus_utils.cluster.kmeans`)."""
        s = self.settings
        return _cluster.kmeans(self.vectors, self.k, n_init=s["n_init"], seed=s["seed"], engine=self.engine)

    @cached_property
    def starts(self) -> pd.DataFrame:
        """How five seeded k-means starts agree (:func:`corpus_utils.cluster.kmeans_starts`)."""
        return _cluster.kmeans_starts(self.vectors, self.clusters, n_starts=5, seed=self.settings["seed"],
                                      engine=self.engine)

    @cached_property
    def tree(self) -> pd.DataFrame | None:
        """The average-linkage tree; None above ``LARGE_CORPUS``."""
        return None if self.large else _cluster.linkage(self.vectors)

    @cached_property
    def hierarchical(self) -> pd.DataFrame | None:
        """The agglomerative clusters; None above ``LARGE_CORPUS``."""
        return None if self.large else _cluster.agglomerative(self.vectors, self.k)

    @cached_property
    def methods_ari(self) -> float | None:
        """The ARI between the k-means and the agglomerative clusters; None above ``LARGE_CORPUS``."""
        if self.hierarchical is None:
            return None
        return _agreement.agreement_scores(self.clusters["cluster"], self.hierarchical["cluster"])["ari"]

    @cached_property
    def chosen(self) -> pd.DataFrame:
        """The clusters of ``method`` (k-means above ``LARGE_CORPUS`` whatever the method)."""
        if self.settings["method"] == "kmeans" or self.large:
            return self.clusters
        return self.hierarchical

    @_kept
    def seeds(self) -> pd.DataFrame:
        """Whether :attr:`chosen` comes back with four other seeds (:func:`corpus_utils.cluster.seed_stability`)."""
        return _cluster.seed_stability(self.vectors, self.chosen, n_seeds=5, seed=self.settings["seed"],
                                       engine=self.engine)

    @_kept
    def agreement(self) -> pd.DataFrame:
        """The agreement of :attr:`chosen` with the labels and ``compare_columns`` (:func:`corpus_utils.agreement.agreement`)."""
        s = self.settings
        asked = s["compare_columns"]
        if asked is None:  # the default metadata, where the corpus has it: no word on columns nobody asked for
            asked = [c for c in DEFAULT_COMPARE_COLUMNS if c in self.corpus.columns]
        other = [c for c in dict.fromkeys(asked) if c != "group"]
        return _agreement.agreement(self.chosen, self.corpus, ["group"] + other, n_resamples=s["n_resamples"],
                                  seed=s["seed"])

    @cached_property
    def label_table(self) -> pd.DataFrame:
        """Documents per cluster and label (:func:`corpus_utils.agreement.contingency`)."""
        return _agreement.contingency(self.chosen, self.corpus, "group")

    @cached_property
    def contingencies(self) -> dict:
        """Documents per cluster and value of each other compared column, by column."""
        compared = [c for c in self.agreement.loc[self.agreement["status"] == "compared", "column"] if c != "group"]
        return {c: _agreement.contingency(self.chosen, self.corpus, c) for c in compared}

    @cached_property
    def top_terms(self) -> pd.DataFrame:
        """The heaviest terms of each cluster's centroid (:func:`corpus_utils.cluster.cluster_terms`)."""
        return _cluster.cluster_terms(self.vectors, self.chosen, n_terms=self.settings["n_terms"])

    @cached_property
    def points(self) -> pd.DataFrame:
        """The documents on a 2-D map (:func:`corpus_utils.cluster.map_2d`)."""
        return _cluster.map_2d(self.vectors, self.chosen, seed=self.settings["seed"])


#: Metadata compared with the clusters when ``compare_columns`` is None, where the corpus has them.
DEFAULT_COMPARE_COLUMNS = ("genre",)


def clustering(
    corpus: pd.DataFrame,
    groups=None,
    *,
    n_clusters: int | None = None,
    method: str = "kmeans",
    compare_columns=None,
    min_df: int | float = 1,
    sublinear_tf: bool = False,
    lsa_components: int = 100,
    n_init: int = 50,
    seed: int = 0,
    n_neighbors: int = 3,
    n_terms: int = 10,
    n_resamples: int = 200,
    shared=None,
) -> Clustering:
    """Chapter 04: do the documents cluster by group when the labels are hidden?

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`corpus_utils.load.load_corpus`; only the documents of the compared groups take part.
    groups : sequence of str, str or None
        Read by :func:`corpus_utils.groups.comparisons`.
    n_clusters : int or None
        k; None for the number of groups.
    method : {"kmeans", "agglomerative"}
        Whose clusters are compared with the labels (k-means above ``LARGE_CORPUS``).
    compare_columns : sequence of str or None
        Metadata columns compared with the clusters besides the labels; a column asked for
        that the corpus lacks is reported as skipped. None compares those of
        :data:`DEFAULT_COMPARE_COLUMNS` that the corpus has (the seed's ``genre``).
    min_df, sublinear_tf, lsa_components
        The document vectors (:func:`corpus_utils.cluster.document_vectors`).
    n_init, seed
        k-means starts, and the seed of every random step.
    n_neighbors, n_terms
        Neighbours per document; top terms per cluster.
    n_resamples : int
        The agreement test's Monte Carlo relabelings.

    shared : str, Path or None
        The folder of shared results of ``corpus-essay run`` (the token index is read from it); None
        computes everything here, with the same values.

    Returns
    -------
    Clustering
        Its attributes are the chapter's tables (see ``Clustering.TABLES``), computed when first read.

    Raises
    ------
    ParameterError
        If ``method`` is not one of :data:`CLUSTER_METHODS`.
    """
    if method not in CLUSTER_METHODS:
        raise ParameterError(f"method must be {' or '.join(map(repr, CLUSTER_METHODS))} (got {method!r})")
    settings = dict(n_clusters=n_clusters, method=method, compare_columns=None if compare_columns is None else list(compare_columns), min_df=min_df,
                    sublinear_tf=sublinear_tf, lsa_components=lsa_components, n_init=n_init, seed=seed,
                    n_neighbors=n_neighbors, n_terms=n_terms, n_resamples=n_resamples)
    return Clustering(corpus, groups, settings, shared)


class Synthesis(ChapterResult):
    """Chapter 05's results: chapters 02 to 04 side by side, what their evidence supports, and the next study.
    See :func:`synthesis`."""

    TABLES = ("lengths", "terms", "echoes", "theme_echoes", "evidence", "main", "verdicts", "cross", "floors",
              "smallest", "features", "power")
    STAGES = {**dict.fromkeys(("lengths", "terms", "theme_echoes"), "counting"), "echoes": "resampling",
              **dict.fromkeys(("evidence", "main", "verdicts", "cross"), "weighing evidence"),
              **dict.fromkeys(("floors", "smallest", "features", "power"), "simulating the next study")}

    def _read(self, chapter):
        """The results of ``chapter`` (a chapter function) given every setting of this chapter it takes, so that in
        a run its tables are those the chapter left in the shared results, read back."""
        taken = inspect.signature(chapter).parameters
        return chapter(self.corpus, self.groups, **{k: v for k, v in self.settings.items() if k in taken},
                       shared=self.shared)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """Chapter 02's results with this chapter's settings (:func:`vocabulary`)."""
        return self._read(vocabulary)

    @cached_property
    def framing(self) -> Framing:
        """Chapter 03's results with this chapter's settings (:func:`framing`)."""
        return self._read(framing)

    @cached_property
    def clustering(self) -> Clustering:
        """Chapter 04's results with this chapter's settings (:func:`clustering`)."""
        return self._read(clustering)

    @cached_property
    def lengths(self) -> pd.DataFrame:
        """Each group's documents and words (:func:`corpus_utils.count.group_lengths`)."""
        return _count.group_lengths(self.corpus)

    @cached_property
    def terms(self) -> pd.DataFrame:
        """The words and phrases that most set each group apart (:func:`corpus_utils.synthesis.distinctive_terms`)."""
        vocab = self.vocabulary
        return _synthesis.distinctive_terms([vocab.stable, vocab.stable_phrases], vocab.tokens)

    @cached_property
    def echoes(self) -> pd.DataFrame:
        """Whether the frames' differences are chapter 02's listed words again (:func:`corpus_utils.synthesis.frame_echoes`)."""
        return _synthesis.frame_echoes(self.framing.matches, self.framing.tokens, self.vocabulary.stable["term"].unique(),
                                       self.groups, n_resamples=self.settings["n_resamples"], seed=self.settings["seed"])

    @cached_property
    def theme_echoes(self) -> pd.DataFrame:
        """The share of each theme's top terms that chapter 02 lists (:func:`corpus_utils.themes.listed_share`)."""
        return _themes.listed_share(self.framing.theme_terms, self.vocabulary.stable["term"].unique())

    @cached_property
    def evidence(self) -> pd.DataFrame:
        """Every finding of chapters 02 to 04 in one table (:func:`corpus_utils.synthesis.evidence`)."""
        vocab, frames, clusters = self.vocabulary, self.framing, self.clustering
        return _synthesis.evidence(vocab.stable, vocab.perm, frames.separation, clusters.agreement,
                                   alpha=self.settings["alpha"], coverage=frames.coverage, echoes=self.echoes,
                                   seeds=clusters.seeds, themes=frames.theme_differences, theme_echoes=self.theme_echoes)

    @cached_property
    def main(self) -> pd.DataFrame:
        """The strongest findings per method, comparison and side (:func:`corpus_utils.synthesis.main_findings`)."""
        return _synthesis.main_findings(self.evidence)

    @cached_property
    def verdicts(self) -> pd.DataFrame:
        """Per method and comparison, whether anything separates the groups (:func:`corpus_utils.synthesis.verdicts`)."""
        return _synthesis.verdicts(self.evidence)

    @cached_property
    def cross(self) -> pd.DataFrame:
        """The three methods' verdicts side by side (:func:`corpus_utils.synthesis.cross_check`)."""
        return _synthesis.cross_check(self.verdicts)

    @cached_property
    def floors(self) -> pd.DataFrame:
        """The smallest p-value of an exact test with 2 to 10 documents per group (:func:`corpus_utils.design.floors`)."""
        return _design.floors(range(2, 11), alpha=self.settings["alpha"])

    @cached_property
    def smallest(self) -> int:
        """The fewest documents per group that can reach ``alpha`` (:func:`corpus_utils.design.smallest_sample`)."""
        return _design.smallest_sample(self.settings["alpha"])

    @cached_property
    def features(self) -> pd.DataFrame:
        """The words and frames the next study should test (:func:`corpus_utils.design.main_features`)."""
        return _design.main_features(self.evidence, n_terms=self.settings["design_terms"],
                                     n_frames=self.settings["design_frames"])

    @cached_property
    def power(self) -> pd.DataFrame:
        """How often the next study, at each size, would detect them (:func:`corpus_utils.design.power`)."""
        s = self.settings
        return _design.power(self.vocabulary.dtm, self.framing.rates, self.features, self.groups, sizes=s["sizes"],
                             n_simulations=s["n_simulations"], alpha=s["alpha"], n_resamples=s["n_resamples"],
                             seed=s["seed"], alpha0=s["alpha0"], min_docs=s["min_docs"])


def synthesis(
    corpus: pd.DataFrame,
    groups=None,
    *,
    lexicon=None,
    min_df: int | float = 1,
    stop_words="default",
    alpha0: float = 500.0,
    min_docs: int | None = None,
    top_n: int = 10,
    method: str = "kmeans",
    n_clusters: int | None = None,
    lsa_components: int = 100,
    sublinear_tf: bool = False,
    n_init: int = 50,
    n_resamples: int = 200,
    seed: int = 0,
    alpha: float = 0.05,
    sizes=(5, 10, 20, 50),
    n_simulations: int = 1000,
    design_terms: int = 2,
    design_frames: int = 2,
    n_themes: int | None = None,
    shared=None,
) -> Synthesis:
    """Chapter 05: what chapters 02 to 04 add up to, how sure we can be, and how many documents the next study needs.

    Chapters 02 to 04 are not computed again when ``corpus-essay run`` left their tables in ``shared``
    (they are read back, keyed by their settings); opened alone, the chapter computes what it reads.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`corpus_utils.load.load_corpus`.
    groups : sequence of str, str or None
        The groups compared (:func:`corpus_utils.groups.check_groups`).
    lexicon, n_themes
        Chapter 03's (:func:`framing`).
    min_df, stop_words, alpha0, min_docs, top_n
        Chapter 02's (:func:`vocabulary`); ``alpha0`` and ``min_docs`` also score the simulated studies.
    method, n_clusters, lsa_components, sublinear_tf, n_init
        Chapter 04's (:func:`clustering`).
    n_resamples, seed
        Every chapter's resamples and seed.
    alpha : float
        The significance level of the verdicts and of the next study.
    sizes, n_simulations, design_terms, design_frames
        The next study (:func:`corpus_utils.design.power`, :func:`corpus_utils.design.main_features`).
    shared : str, Path or None
        The folder of shared results of ``corpus-essay run``; None computes everything here, with the same values.

    Returns
    -------
    Synthesis
        Its attributes are the chapter's tables (see ``Synthesis.TABLES``), computed when first read, and the
        three chapters it reads (``vocabulary``, ``framing``, ``clustering``).

    Raises
    ------
    ParameterError
        If ``method`` is not one of :data:`CLUSTER_METHODS`.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": list("abcd"), "group": ["x", "x", "y", "y"],
    ...                        "text": ["Trust the police.", "Trust us.", "Crime rises.", "Crime falls."]})
    >>> s = synthesis(corpus, n_resamples=20)
    >>> s.smallest, s.lengths["documents"].tolist()
    (4, [2, 2])
    """
    if method not in CLUSTER_METHODS:
        raise ParameterError(f"method must be {' or '.join(map(repr, CLUSTER_METHODS))} (got {method!r})")
    settings = dict(lexicon=lexicon, min_df=min_df, stop_words=stop_words, alpha0=alpha0, min_docs=min_docs, top_n=top_n,
                    method=method, n_clusters=n_clusters, lsa_components=lsa_components, sublinear_tf=sublinear_tf,
                    n_init=n_init, n_resamples=n_resamples, seed=seed, alpha=alpha, sizes=list(sizes),
                    n_simulations=n_simulations, design_terms=design_terms, design_frames=design_frames,
                    n_themes=n_themes)
    return Synthesis(corpus, groups, settings, shared)
