"""Count: one tokenizer, one positional token index, sparse counts of words and of phrases.

Tokenize once (:func:`index_tokens`), count once: :func:`count_terms` counts words and
:func:`count_phrases` two-word phrases, each into its own sparse document-term matrix with
its own totals, so a phrase never takes a slot among the words nor inflates their token
count. Every statistic downstream reads the sparse counts, and the few that need context
(KWIC, collocates, frame evidence; see :mod:`corpus_utils.context`) read the positional index.

The tokenizer, in words
-----------------------
* Case is folded; matching runs on the original text so character offsets stay exact.
* Statute subsections stay one token: ``287(g)``.
* Dotted acronyms lose their dots: ``I.C.E.`` -> ``ice``, ``U.S.`` -> ``us`` (which then
  coincides with the pronoun and is a stop word).
* Hyphenated words stay one token: ``at-large``, ``trans-national``.
* Possessives are folded: ``state's`` -> ``state``, ``sheriffs'`` -> ``sheriffs``;
  other contractions stay whole (``don't``).
* One-character tokens are kept (scikit-learn's default pattern drops them).
* Two-word phrases (bigrams) never span a sentence or clause break (``. ! ? ; :``, a
  dash, a quotation mark, a bracket or a line break); like scikit-learn, they are formed
  after stop words are removed, so "rule of law" counts as the bigram "rule law".

Which word pairs are phrases
----------------------------
:func:`phrase_scores` scores every pair of adjacent content words (as above) with Dunning's
log-likelihood G2 against its parts; :func:`count_phrases` keeps a pair only when it is a
collocation: seen at least ``min_count`` times, more often than chance, with G2 of at
least ``min_g2`` (10.83, the chi-square critical value at p = 0.001 with one degree of
freedom, by default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import xlogy

from .errors import EmptyVocabularyError, ParameterError, UnreadableFileError

__all__ = [
    "DocumentTermMatrix",
    "TokenIndex",
    "count_phrases",
    "count_terms",
    "group_lengths",
    "group_sums",
    "g2",
    "group_vocabulary",
    "idf_table",
    "index_tokens",
    "load_stop_words",
    "phrase_scores",
    "term_table",
    "tfidf",
    "tokenize",
    "vocabulary_spread",
]

_TOKEN = re.compile(
    r"""
    \d+\([a-z0-9]\)(?![^\W_])             # statute subsections: 287(g)
  | (?:[^\W\d_]\.){2,}(?![^\W_])          # dotted acronyms: I.C.E., U.S.
  | [^\W_]+(?:[-'][^\W_]+)*'?             # words, hyphenated words, contractions, sheriffs'
    """,
    re.VERBOSE | re.IGNORECASE,
)
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})", re.VERBOSE | re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
_PHRASE_BREAK = re.compile(r"[.!?;:\n\"()\[\]{}\u2014]")


def _normalize_token(raw: str) -> str:
    token = raw.lower()
    if token.endswith("."):  # a dotted acronym (words never end in a dot)
        return token.replace(".", "")
    if token.endswith("'s"):
        return token[:-2]
    if token.endswith("'"):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Split a text into normalized tokens (the module docstring states the rules).

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize("The sheriffs' 287(g) deal with I.C.E. isn't at-large.")
    ['the', 'sheriffs', '287(g)', 'deal', 'with', 'ice', "isn't", 'at-large']
    """
    return [_normalize_token(m.group(0)) for m in _TOKEN.finditer(text)]


def count_tokens(text: str) -> int:
    """Return the number of tokens :func:`tokenize` would return, without building them."""
    return len(_TOKEN.findall(text))


@dataclass(frozen=True)
class TokenIndex:
    """Every token of every document, in order, with its place in the text.

    A compressed layout (as in a CSR matrix): the tokens of document ``i`` are
    ``token_ids[doc_ptr[i]:doc_ptr[i + 1]]``. Stop words are kept here; they are dropped
    only when counting.

    Attributes
    ----------
    doc_ids : numpy.ndarray
        Document ids, in corpus order.
    labels : numpy.ndarray
        The label of each document.
    doc_ptr : numpy.ndarray of int64, shape (n_docs + 1,)
        Where each document's tokens start.
    token_ids : numpy.ndarray of int32
        Index into ``types`` of every token.
    types : numpy.ndarray of str
        The distinct token types, sorted.
    starts, ends : numpy.ndarray of int64
        Character offsets of every token in its document's ``text``.
    phrase_break : numpy.ndarray of bool
        True where a clause or sentence break (or a new document) comes before the token.
    sentence_ids : numpy.ndarray of int64
        A corpus-wide running sentence number for every token.
    texts : numpy.ndarray of str
        The texts the offsets point into (the corpus' cleaned ``text`` column).
    """

    doc_ids: np.ndarray
    labels: np.ndarray
    doc_ptr: np.ndarray
    token_ids: np.ndarray
    types: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    phrase_break: np.ndarray
    sentence_ids: np.ndarray
    texts: np.ndarray
    _type_index: dict = field(default_factory=dict, repr=False, compare=False)
    #: Where each type occurs: token positions sorted by type (and by position within a type), made on first use.
    _by_type: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def n_docs(self) -> int:
        """Number of documents."""
        return len(self.doc_ids)

    @property
    def n_tokens(self) -> int:
        """Number of tokens in the whole corpus (stop words included)."""
        return len(self.token_ids)

    def type_id(self, token: str) -> int:
        """Return the id of a normalized token type, or -1 when the corpus lacks it."""
        return self._type_index.get(token, -1)

    def doc_of(self, positions: np.ndarray) -> np.ndarray:
        """Return the document number (row) of each token position."""
        return np.searchsorted(self.doc_ptr, positions, side="right") - 1

    def tokens(self, doc: int) -> list[str]:
        """Return the normalized tokens of document number ``doc``."""
        ids = self.token_ids[self.doc_ptr[doc] : self.doc_ptr[doc + 1]]
        return self.types[ids].tolist()

    def subset(self, rows) -> "TokenIndex":
        """The index of some of the documents (``rows``, in that order), cut from this one without tokenizing again.

        The types and their ids are this index's (a type no kept document uses stays, unused); every
        per-token array is cut to the kept documents' tokens, and ``doc_ptr`` restarts from 0.
        """
        rows = np.asarray(rows, dtype=np.int64)
        starts, ends = self.doc_ptr[rows], self.doc_ptr[rows + 1]
        lengths = ends - starts
        ptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        take = np.repeat(starts - ptr[:-1], lengths) + np.arange(int(ptr[-1]), dtype=np.int64)
        return TokenIndex(
            doc_ids=np.asarray(self.doc_ids)[rows], labels=np.asarray(self.labels)[rows], doc_ptr=ptr,
            token_ids=np.asarray(self.token_ids)[take], types=self.types, starts=np.asarray(self.starts)[take],
            ends=np.asarray(self.ends)[take], phrase_break=np.asarray(self.phrase_break)[take],
            sentence_ids=np.asarray(self.sentence_ids)[take], texts=np.asarray(self.texts)[rows],
            _type_index=self._type_index,
        )

    def positions(self, type_id: int) -> np.ndarray:
        """The sorted positions of every token of one type, read from an inverted index made once.

        The first call sorts the token positions by type (one stable sort of the token ids); every
        call after that reads one slice of it, so finding a word costs its own occurrences, not a
        pass over the whole corpus.
        """
        if self._by_type is None:
            ids = np.asarray(self.token_ids)
            order = np.argsort(ids, kind="stable").astype(np.int64)
            bounds = np.concatenate([[0], np.cumsum(np.bincount(ids, minlength=len(self.types)))]).astype(np.int64)
            object.__setattr__(self, "_by_type", (order, bounds))  # a cache of the index, not a change of it
        order, bounds = self._by_type
        return order[bounds[type_id]:bounds[type_id + 1]]

    def find(self, phrase: str | Iterable[str]) -> np.ndarray:
        """Return the positions where a word or phrase starts (never across documents).

        Parameters
        ----------
        phrase : str or iterable of str
            A string is tokenized with :func:`tokenize`, so ``"I.C.E."`` finds ``ice``.

        Returns
        -------
        numpy.ndarray of int64
            Sorted token positions of the first token of each match.
        """
        words = tokenize(phrase) if isinstance(phrase, str) else [_normalize_token(w) for w in phrase]
        if not words:
            return np.empty(0, dtype=np.int64)
        ids = [self.type_id(w) for w in words]
        if min(ids) < 0:
            return np.empty(0, dtype=np.int64)
        hits = self.positions(ids[0])
        for offset, type_id in enumerate(ids[1:], start=1):
            nxt = hits + offset
            ok = nxt < self.n_tokens
            hits, nxt = hits[ok], nxt[ok]
            same_doc = self.doc_of(nxt) == self.doc_of(hits)
            hits = hits[same_doc & (self.token_ids[nxt] == type_id)]
        return hits.astype(np.int64)


def index_tokens(corpus: pd.DataFrame, text_column: str = "text", engine=None) -> TokenIndex:
    """Tokenize every document once into a positional :class:`TokenIndex`.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus from :func:`corpus_utils.load_corpus` (``doc_id``, ``group`` and text).
    text_column : str, default "text"
        The column to tokenize (the cleaned text).
    engine : corpus_utils.engine.Engine, optional
        Where to tokenize (:mod:`corpus_utils.engine`): by default in this process. On a Dask
        engine each partition of the documents is tokenized on a worker, with its own sorted
        types, and the partitions are merged here: the types of all of them sorted once, each
        partition's token ids mapped onto them, everything else concatenated in corpus order.
        The index is the same, array for array.

    Returns
    -------
    TokenIndex
    """
    texts = corpus[text_column].to_numpy(dtype=object)
    if engine is None:
        part = _index_part(texts)
    else:
        parts = engine.map(_index_part, engine.split(texts, weights=[len(t) for t in texts]))
        part = _merge_parts(parts) if parts else _index_part(texts)
    types, token_ids, doc_ptr, starts, ends, breaks, sentence_step = part
    return TokenIndex(
        doc_ids=corpus["doc_id"].to_numpy(dtype=object),
        labels=corpus["group"].to_numpy(dtype=object) if "group" in corpus else np.full(len(texts), "", dtype=object),
        doc_ptr=doc_ptr,
        token_ids=token_ids,
        types=types,
        starts=starts,
        ends=ends,
        phrase_break=breaks,
        sentence_ids=np.cumsum(sentence_step.astype(np.int64)) - 1,
        texts=texts,
        _type_index={t: i for i, t in enumerate(types.tolist())},
    )


def _index_part(texts) -> tuple[np.ndarray, ...]:
    """Tokenize some texts: ``(types, token_ids, doc_ptr, starts, ends, phrase_break, sentence_step)``.

    ``types`` are the sorted distinct tokens of these texts and ``token_ids`` index into them;
    ``sentence_step`` is True where a sentence starts (its running sum numbers the sentences).
    """
    words: list[str] = []
    lengths: list[int] = []
    breaks: list[bool] = []
    sentence_step: list[bool] = []
    doc_ptr = [0]
    phrase_search, sentence_search = _PHRASE_BREAK.search, _SENTENCE_BREAK.search
    for text in texts:
        # split() returns [gap, token, gap, token, ..., gap] in one call: no match objects
        pieces = _TOKEN_SPLIT.split(text)
        n = len(pieces) // 2
        if n == 0:
            lengths.append(len(text))
            doc_ptr.append(doc_ptr[-1])
            continue
        gaps = pieces[2:-1:2]  # the gaps between consecutive tokens
        breaks.append(True)
        breaks.extend([gap != " " and phrase_search(gap) is not None for gap in gaps])
        sentence_step.append(True)
        sentence_step.extend([gap != " " and sentence_search(gap) is not None for gap in gaps])
        words.extend(pieces[1::2])
        lengths.extend(map(len, pieces))
        doc_ptr.append(doc_ptr[-1] + n)
    # character offsets: running sum of piece lengths, restarting at every document
    piece_lengths = np.asarray(lengths, dtype=np.int64)
    starts, ends = _offsets(piece_lengths, np.diff(doc_ptr))
    # normalize: lower case in one call, then fix the few tokens with a dot or apostrophe
    lowered = "\x00".join(words).lower().split("\x00") if words else []
    if len(lowered) != len(words):  # a lower-casing that changed the number of pieces (never seen)
        lowered = [w.lower() for w in words]
    for i, token in enumerate(lowered):
        if token[-1] in ".'" or "'s" in token:
            lowered[i] = _normalize_token(token)
    codes, uniques = pd.factorize(pd.Series(lowered, dtype=object), sort=True)
    return (np.asarray(uniques, dtype=object), codes.astype(np.int32), np.asarray(doc_ptr, dtype=np.int64),
            starts, ends, np.asarray(breaks, dtype=bool), np.asarray(sentence_step, dtype=bool))


def _merge_parts(parts: list[tuple[np.ndarray, ...]]) -> tuple[np.ndarray, ...]:
    """One :func:`_index_part` result from the results of consecutive partitions of the texts.

    The types of all partitions are sorted once, as :func:`_index_part` sorts them (a type's id
    does not depend on how the texts were split), and each partition's ids are mapped onto them.
    """
    if len(parts) == 1:
        return parts[0]
    codes, uniques = pd.factorize(pd.Series(np.concatenate([p[0] for p in parts]), dtype=object), sort=True)
    remaps = np.split(codes.astype(np.int32), np.cumsum([len(p[0]) for p in parts])[:-1])
    token_ids = np.concatenate([remap[p[1]] for remap, p in zip(remaps, parts)])
    shifts = np.cumsum([0] + [p[2][-1] for p in parts[:-1]])
    doc_ptr = np.concatenate([[0]] + [p[2][1:] + shift for p, shift in zip(parts, shifts)]).astype(np.int64)
    rest = [np.concatenate([p[i] for p in parts]) for i in range(3, 7)]
    return (np.asarray(uniques, dtype=object), token_ids.astype(np.int32), doc_ptr, *rest)


def _offsets(piece_lengths: np.ndarray, tokens_per_doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of every token from the lengths of split() pieces.

    For a document with ``n`` tokens, split() gives ``2n + 1`` pieces (gap, token, ...,
    gap); a document without tokens contributes one piece and no token.
    """
    pieces_per_doc = np.where(tokens_per_doc > 0, 2 * tokens_per_doc + 1, 1)
    doc_first_piece = np.concatenate([[0], np.cumsum(pieces_per_doc)[:-1]])
    cumulative = np.concatenate([[0], np.cumsum(piece_lengths)])
    # offset of each piece within its own document
    piece_doc = np.repeat(np.arange(len(pieces_per_doc)), pieces_per_doc)
    within = cumulative[:-1] - cumulative[doc_first_piece][piece_doc]
    is_token = np.zeros(len(piece_lengths), dtype=bool)
    for_tokens = np.repeat(doc_first_piece, tokens_per_doc) + 1 + 2 * _ranks(tokens_per_doc)
    is_token[for_tokens] = True
    starts = within[is_token]
    return starts, starts + piece_lengths[is_token]


def _ranks(counts: np.ndarray) -> np.ndarray:
    """[2, 3] -> [0, 1, 0, 1, 2]: the position of each item within its group."""
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    group_start = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total) - group_start


def load_stop_words(stop_words: str | Path | Iterable[str] | None = "default") -> frozenset[str]:
    """Return a stop-word set.

    Parameters
    ----------
    stop_words : {"default", "none"}, path, iterable of str or None
        ``"default"``: the documented list shipped as ``data/stopwords_en.txt``;
        ``"none"`` or None: no stop words; a path: a file of one word a line (``#``
        comments allowed); an iterable: those words.

    Returns
    -------
    frozenset of str
        Normalized as the tokenizer would spell them.

    Raises
    ------
    ParameterError
        If a path is given that does not exist or is not UTF-8 text.
    UnreadableFileError
        If the file cannot be read.
    """
    if stop_words is None or (isinstance(stop_words, str) and stop_words.lower() == "none"):
        return frozenset()
    if isinstance(stop_words, str) and stop_words == "default":
        return _default_stop_words()
    if isinstance(stop_words, (str, Path)):
        path = Path(stop_words)
        if not path.is_file():
            raise ParameterError(
                "stop-word file not found", path, "Pass 'default', 'none' or the path of a file of one word a line"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFileError(
                f"the stop-word file cannot be read ({exc.strerror or exc})", path, "Make it readable or pass another file"
            ) from None
        try:
            return _read_word_list(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ParameterError(
                f"the stop-word file is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start})",
                path,
                "Save it as UTF-8 text, one word a line",
            ) from None
    return frozenset(_normalize_token(w.strip()) for w in stop_words if w.strip())


@lru_cache(maxsize=1)
def _default_stop_words() -> frozenset[str]:
    text = (resources.files("corpus_utils") / "data" / "stopwords_en.txt").read_text(encoding="utf-8")
    return _read_word_list(text)


def _read_word_list(text: str) -> frozenset[str]:
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(_normalize_token(w) for w in words if w)


@dataclass(frozen=True)
class DocumentTermMatrix:
    """Sparse term counts with the vocabulary and settings that made them.

    Attributes
    ----------
    counts : scipy.sparse.csr_matrix of int64, shape (n_docs, n_terms)
    terms : numpy.ndarray of str
        Column names, sorted alphabetically. A phrase is two words joined by a space.
    doc_ids, labels : numpy.ndarray
        Row names and each row's label.
    settings : dict
        The keyword arguments of :func:`count_terms` or :func:`count_phrases` that made the
        matrix; ``settings["unit"]`` is ``"words"``, ``"phrases"`` or ``"words and phrases"``.
    """

    counts: sp.csr_matrix
    terms: np.ndarray
    doc_ids: np.ndarray
    labels: np.ndarray
    settings: dict

    @property
    def shape(self) -> tuple[int, int]:
        """(documents, terms)."""
        return self.counts.shape

    def column(self, term: str) -> int:
        """Return the column of ``term`` or raise ``KeyError``."""
        i = int(np.searchsorted(self.terms, term))
        if i < len(self.terms) and self.terms[i] == term:
            return i
        raise KeyError(term)


def _stop_type_mask(tokens: TokenIndex, stops: frozenset[str]) -> np.ndarray:
    """True for every type of ``tokens`` that is a stop word."""
    return np.fromiter((t in stops for t in tokens.types.tolist()), dtype=bool, count=len(tokens.types))


def _content_pairs(tokens: TokenIndex, stops: frozenset[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The content words, and every pair of adjacent content words that forms a phrase.

    Returns ``(docs, ids, pair_docs, pair_keys)``: the document and type id of every kept
    (non-stop) token, then the document of every pair and its key ``first * n_types +
    second``. A pair is two consecutive kept tokens of one document with no clause break
    at or between the dropped tokens that separate them.
    """
    stop_mask = _stop_type_mask(tokens, stops)
    keep = ~stop_mask[tokens.token_ids] if tokens.n_tokens else np.zeros(0, bool)
    positions = np.flatnonzero(keep)
    docs = tokens.doc_of(positions)
    ids = tokens.token_ids[positions].astype(np.int64)
    if len(positions) < 2:
        return docs, ids, np.empty(0, np.int64), np.empty(0, np.int64)
    same_doc = docs[1:] == docs[:-1]
    cum_breaks = np.concatenate([[0], np.cumsum(tokens.phrase_break)])
    # a break at any position in (p_i, p_{i+1}] separates the pair
    break_between = (cum_breaks[positions[1:] + 1] - cum_breaks[positions[:-1] + 1]) > 0
    ok = same_doc & ~break_between
    return docs, ids, docs[:-1][ok], ids[:-1][ok] * len(tokens.types) + ids[1:][ok]


def _pair_names(tokens: TokenIndex, keys: np.ndarray) -> np.ndarray:
    first, second = np.divmod(keys, len(tokens.types))
    return np.array([a + " " + b for a, b in zip(tokens.types[first].tolist(), tokens.types[second].tolist())], dtype=object)


def g2(o11, row1, col1, n):
    """Dunning's G2 of 2x2 contingency tables from the top-left cell, the first row and column totals and n.

    The table is ``[[o11, row1 - o11], [col1 - o11, n - row1 - col1 + o11]]``, each expected
    cell is ``row total * column total / n``, and ``G2 = 2 * sum(O * ln(O / E))`` with
    ``0 ln 0 = 0``. Arguments broadcast like numpy arrays.

    Parameters
    ----------
    o11, row1, col1 : array-like
        The top-left cell (a pair's count), its row total and its column total.
    n : float
        The table's total.

    Returns
    -------
    numpy.ndarray
        G2 for each table.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics* 19(1), 61-74.

    Examples
    --------
    A pair seen 10 times where its words, each 10 times in 20, predict 5: G2 = 4 * 10 ln 2.

    >>> round(float(g2(10, 10, 10, 20)), 4)
    27.7259
    """
    o11, row1, col1 = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (o11, row1, col1)))
    n = float(n)
    observed = np.stack([o11, row1 - o11, col1 - o11, n - row1 - col1 + o11])
    expected = np.stack([row1 * col1, row1 * (n - col1), (n - row1) * col1, (n - row1) * (n - col1)]) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(observed > 0, observed / expected, 1.0)
    return 2.0 * xlogy(observed, ratio).sum(axis=0)


def _matrix(tokens: TokenIndex, rows: np.ndarray, cols: np.ndarray, n_cols: int) -> sp.csr_matrix:
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(tokens.n_docs, n_cols))
    matrix.sum_duplicates()
    return matrix


def _stop_words_setting(stop_words) -> str | None:
    return stop_words if isinstance(stop_words, str) or stop_words is None else "custom"


def count_terms(
    tokens: TokenIndex | pd.DataFrame,
    ngram_range: tuple[int, int] = (1, 1),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    stop_words: str | Path | Iterable[str] | None = "default",
) -> DocumentTermMatrix:
    """Count words per document into a sparse matrix.

    Words are the tokens of :func:`tokenize` that are not stop words. Two-word phrases
    have their own matrix, :func:`count_phrases`, so that they neither take slots among the
    words nor add to the words' totals; ``ngram_range=(1, 2)`` still mixes every adjacent
    pair of content words into this matrix, as earlier versions did by default.

    Parameters
    ----------
    tokens : TokenIndex or pandas.DataFrame
        The positional index; a corpus DataFrame is indexed first.
    ngram_range : (int, int), default (1, 1)
        Smallest and largest n-gram length: (1, 1) words, (1, 2) words and every pair,
        (2, 2) every pair (unfiltered; :func:`count_phrases` keeps the collocations).
    min_df, max_df : int or float
        Keep terms used by at least ``min_df`` and at most ``max_df`` documents; a float
        is a share of documents (as in scikit-learn's ``CountVectorizer``).
    stop_words : see :func:`load_stop_words`
        Dropped before pairs are formed.

    Returns
    -------
    DocumentTermMatrix
        ``settings`` records the arguments and ``unit`` (``"words"`` for (1, 1)).

    Raises
    ------
    ParameterError
        If ``ngram_range`` or ``min_df``/``max_df`` are out of range.
    EmptyVocabularyError
        If no term survives (for example every document is made of stop words).

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"],
    ...                        "text": ["Public safety first.", "Public trust."]})
    >>> dtm = count_terms(corpus)
    >>> dtm.terms.tolist()
    ['first', 'public', 'safety', 'trust']
    >>> dtm.counts.toarray()[0].tolist()
    [1, 1, 1, 0]
    """
    if isinstance(tokens, pd.DataFrame):
        tokens = index_tokens(tokens)
    lo, hi = ngram_range
    if not (1 <= lo <= hi <= 2):
        raise ParameterError(f"ngram_range must be (1, 1), (1, 2) or (2, 2) (got {ngram_range})")
    n_docs = tokens.n_docs
    min_count = _df_threshold(min_df, n_docs, "min_df")
    max_count = _df_threshold(max_df, n_docs, "max_df")

    stops = load_stop_words(stop_words)
    docs, ids, pair_docs, pair_keys = _content_pairs(tokens, stops)
    blocks_rows, blocks_keys, names = [], [], []
    n_types = len(tokens.types)
    if lo == 1:
        blocks_rows.append(docs)
        blocks_keys.append(ids)
        names.append(tokens.types)
    if hi == 2 and len(pair_keys):
        uniq, inverse = np.unique(pair_keys, return_inverse=True)
        blocks_rows.append(pair_docs)
        blocks_keys.append(inverse.ravel() + (n_types if lo == 1 else 0))
        names.append(_pair_names(tokens, uniq))
    rows = np.concatenate(blocks_rows) if blocks_rows else np.empty(0, np.int64)
    cols = np.concatenate(blocks_keys) if blocks_keys else np.empty(0, np.int64)
    all_names = np.concatenate(names) if names else np.empty(0, dtype=object)
    matrix = _matrix(tokens, rows, cols, len(all_names))
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    usable = (df >= max(min_count, 1)) & (df <= max_count)
    order = np.argsort(all_names, kind="stable")
    order = order[usable[order]]
    if len(order) == 0:
        raise EmptyVocabularyError(
            f"no terms left after removing stop words and applying min_df={min_df}, max_df={max_df} "
            f"({n_docs} document(s), {tokens.n_tokens} token(s))",
            fix="Check that the documents hold running text, or lower min_df / use stop_words='none'",
        )
    return DocumentTermMatrix(
        counts=matrix[:, order].tocsr(),
        terms=all_names[order],
        doc_ids=tokens.doc_ids,
        labels=tokens.labels,
        settings={
            "unit": {(1, 1): "words", (1, 2): "words and phrases", (2, 2): "phrases"}[(lo, hi)],
            "ngram_range": tuple(ngram_range),
            "min_df": min_df,
            "max_df": max_df,
            "stop_words": _stop_words_setting(stop_words),
            "n_stop_words": len(stops),
        },
    )


def phrase_scores(
    tokens: TokenIndex | pd.DataFrame,
    stop_words: str | Path | Iterable[str] | None = "default",
) -> pd.DataFrame:
    """Every pair of adjacent content words, with how strongly its two words attract.

    In words: the candidates are the pairs of adjacent content words (stop words removed,
    never across a clause break: the pairs of ``count_terms(ngram_range=(2, 2))``). For a
    pair "w1 w2", count over all ``N`` candidate pairs of the corpus how often w1 is
    followed by w2 (``O11``), by another word (``O12``), how often another word is followed
    by w2 (``O21``) and the rest (``O22``). If the two slots were independent, the
    expected count of each cell is its row total times its column total over ``N``
    (``E11 = (O11 + O12)(O11 + O21) / N``). Dunning's log-likelihood is
    ``G2 = 2 * sum(O * ln(O / E))`` over the four cells (``0 ln 0 = 0``): 0 when the pair is
    as frequent as its parts predict, large when it is much more (or much less) frequent.

    Parameters
    ----------
    tokens : TokenIndex or pandas.DataFrame
        The positional index; a corpus DataFrame is indexed first.
    stop_words : see :func:`load_stop_words`

    Returns
    -------
    pandas.DataFrame
        ``phrase, count, docs, first_count, second_count, expected, g2``: ``count`` is
        ``O11``, ``docs`` the documents that use the pair, ``first_count``/``second_count``
        how often w1 opens and w2 closes a candidate pair (``O11 + O12``, ``O11 + O21``),
        ``expected`` is ``E11``. Sorted by ``g2`` (descending), then ``phrase``.
        ``attrs["n_pairs"]`` is ``N``.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics*, 19(1), 61-74. Evert, S. (2008). Corpora and collocations.
    In *Corpus Linguistics: An International Handbook*, article 58 (the 2x2 table of a pair).

    Examples
    --------
    Seven candidate pairs (N = 7); *public* opens four, *safety* closes three, so *public
    safety* has the table ``[[3, 1], [0, 3]]``, ``E11 = 4 * 3 / 7 = 1.714`` and
    ``G2 = 2 * (3 ln(3 / 1.714) + 1 ln(1 / 2.286) + 3 ln(3 / 1.714)) = 5.062``:

    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"],
    ...     "text": ["Public safety. Public safety. Public trust. Crime rates.",
    ...              "Public safety. Crime rates. Crime trust."]})
    >>> phrase_scores(corpus).round(3)[["phrase", "count", "expected", "g2"]].head(2).values.tolist()
    [['public safety', 3, 1.714, 5.062], ['crime rates', 2, 0.857, 4.557]]
    """
    if isinstance(tokens, pd.DataFrame):
        tokens = index_tokens(tokens)
    _, _, pair_docs, pair_keys = _content_pairs(tokens, load_stop_words(stop_words))
    table, _ = _score_pairs(tokens, pair_docs, pair_keys)
    table = table.sort_values(["g2", "phrase"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.attrs = {"n_pairs": len(pair_keys), "stop_words": _stop_words_setting(stop_words)}
    return table


def _score_pairs(tokens: TokenIndex, pair_docs: np.ndarray, pair_keys: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """The table of :func:`phrase_scores` (unsorted: by pair key) and the key of each row."""
    n_types = len(tokens.types)
    keys, inverse, counts = np.unique(pair_keys, return_inverse=True, return_counts=True)
    first, second = np.divmod(keys, n_types)
    first_count = np.bincount(first, weights=counts, minlength=n_types).astype(np.int64)[first]
    second_count = np.bincount(second, weights=counts, minlength=n_types).astype(np.int64)[second]
    n_pairs = len(pair_keys)
    doc_pairs = np.unique(np.stack([inverse.ravel(), pair_docs]), axis=1) if n_pairs else np.empty((2, 0), np.int64)
    table = pd.DataFrame(
        {
            "phrase": _pair_names(tokens, keys),
            "count": counts.astype(np.int64),
            "docs": np.bincount(doc_pairs[0], minlength=len(keys)).astype(np.int64),
            "first_count": first_count,
            "second_count": second_count,
            "expected": first_count * second_count / n_pairs if n_pairs else np.empty(0),
            "g2": g2(counts, first_count, second_count, n_pairs) if n_pairs else np.empty(0),
        }
    )
    return table, keys


def count_phrases(
    tokens: TokenIndex | pd.DataFrame,
    *,
    min_count: int = 3,
    min_g2: float = 10.83,
    min_df: int | float = 1,
    stop_words: str | Path | Iterable[str] | None = "default",
) -> DocumentTermMatrix:
    """Count the two-word phrases that are collocations, per document, into a sparse matrix.

    In words: a phrase is a pair of adjacent content words (stop words removed, never
    across a clause break, so "rule of law" is *rule law*), kept only when it is a
    collocation: its two words occur together more often than chance would put them side
    by side. The criterion, with the 2x2 table of :func:`phrase_scores`:

    * the pair occurs at least ``min_count`` times in the corpus (``O11 >= min_count``);
    * more often than expected from its parts (``O11 > E11``);
    * Dunning's ``G2 = 2 * sum(O * ln(O / E)) >= min_g2``;
    * at least ``min_df`` documents use it.

    The matrix holds phrase counts only: its totals are numbers of phrases, not of words,
    and the words are in :func:`count_terms`. Compare the two matrices separately.

    Parameters
    ----------
    tokens : TokenIndex or pandas.DataFrame
        The positional index; a corpus DataFrame is indexed first.
    min_count : int, default 3
        Corpus-wide floor; G2 rates a pair of two once-seen words highly, so a floor keeps
        coincidences out.
    min_g2 : float, default 10.83
        The chi-square critical value at p = 0.001 with one degree of freedom. Many pairs
        are tested and tokens are not independent: read it as a cut-off, not a test.
    min_df : int or float, default 1
        Documents that must use the phrase (a float is a share of documents). Dispersion
        within a group is left to the keyness statistics' ``min_docs``.
    stop_words : see :func:`load_stop_words`
        Must match the words' matrix, so that both are cut from the same text.

    Returns
    -------
    DocumentTermMatrix
        Columns sorted alphabetically; possibly none, when no pair passes. ``settings``
        records the arguments, ``unit="phrases"``, the ``criterion`` in words, ``n_pairs``
        (candidate pair tokens) and ``n_candidates`` (distinct candidate pairs).

    Raises
    ------
    ParameterError
        If ``min_count`` < 1, ``min_g2`` < 0 or ``min_df`` is out of range.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics*, 19(1), 61-74.

    Examples
    --------
    The corpus of :func:`phrase_scores`: *public safety* (G2 = 5.06) passes ``min_g2=5``,
    *crime rates* (G2 = 4.56) does not, and the pairs seen once fall below ``min_count=2``:

    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"],
    ...     "text": ["Public safety. Public safety. Public trust. Crime rates.",
    ...              "Public safety. Crime rates. Crime trust."]})
    >>> dtm = count_phrases(corpus, min_count=2, min_g2=5.0)
    >>> dtm.terms.tolist(), dtm.counts.toarray().ravel().tolist()
    (['public safety'], [2, 1])
    """
    if isinstance(tokens, pd.DataFrame):
        tokens = index_tokens(tokens)
    if min_count < 1:
        raise ParameterError(f"min_count must be at least 1 (got {min_count})")
    if not min_g2 >= 0:
        raise ParameterError(f"min_g2 must be 0 or more (got {min_g2})")
    floor_docs = max(_df_threshold(min_df, tokens.n_docs, "min_df"), 1)
    stops = load_stop_words(stop_words)
    _, _, pair_docs, pair_keys = _content_pairs(tokens, stops)
    scores, keys = _score_pairs(tokens, pair_docs, pair_keys)
    kept = (
        (scores["count"] >= min_count)
        & (scores["count"] > scores["expected"])
        & (scores["g2"] >= min_g2)
        & (scores["docs"] >= floor_docs)
    ).to_numpy()
    names, keys = scores["phrase"].to_numpy(dtype=object)[kept], keys[kept]  # keys ascending
    alphabetical = np.argsort(names, kind="stable")
    column_of_key = np.empty(len(keys), dtype=np.int64)
    column_of_key[alphabetical] = np.arange(len(keys))
    where = np.searchsorted(keys, pair_keys)
    hit = where < len(keys)
    hit[hit] = keys[where[hit]] == pair_keys[hit]
    return DocumentTermMatrix(
        counts=_matrix(tokens, pair_docs[hit], column_of_key[where[hit]], len(keys)),
        terms=names[alphabetical],
        doc_ids=tokens.doc_ids,
        labels=tokens.labels,
        settings={
            "unit": "phrases",
            "criterion": (
                f"adjacent content words seen at least {min_count} times, more often than expected, "
                f"with Dunning's G2 >= {min_g2:g} against their parts, in at least {floor_docs} document(s)"
            ),
            "min_count": min_count,
            "min_g2": min_g2,
            "min_df": min_df,
            "stop_words": _stop_words_setting(stop_words),
            "n_stop_words": len(stops),
            "n_pairs": len(pair_keys),
            "n_candidates": len(scores),
        },
    )


def _df_threshold(value: int | float, n_docs: int, name: str) -> int:
    """A float is a share of documents, an int a count (scikit-learn's convention)."""
    if isinstance(value, float):
        if not 0.0 <= value <= 1.0:
            raise ParameterError(f"{name} as a share of documents must be between 0.0 and 1.0 (got {value})")
        return int(np.ceil(value * n_docs)) if name == "min_df" else int(np.floor(value * n_docs))
    if value < 0:
        raise ParameterError(f"{name} must be a count of documents or a share between 0.0 and 1.0 (got {value})")
    return int(value)


def tfidf(
    dtm: DocumentTermMatrix,
    norm: str | None = "l2",
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
) -> sp.csr_matrix:
    """TF-IDF weights from the counts, exactly as scikit-learn's ``TfidfTransformer``.

    With the defaults, ``idf(t) = ln((1 + n) / (1 + df(t))) + 1`` where ``n`` is the
    number of documents and ``df(t)`` the number that contain ``t``; each row of
    ``tf * idf`` is then scaled to unit Euclidean length. ``sublinear_tf`` replaces
    ``tf`` with ``1 + ln(tf)``.

    The arithmetic is ``TfidfTransformer``'s (``fit_transform`` on the float counts), step for step
    and in the same order: the indices sorted within each row, the idf divided then logged, each
    row's squares (or absolute values) summed one after the other. So the weights are the same
    numbers to the last bit (the tests compare them with scikit-learn's), and a chapter that only
    needs TF-IDF does not wait for scikit-learn to load.

    Parameters
    ----------
    dtm : DocumentTermMatrix
    norm : {"l2", "l1", None}, default "l2"
    smooth_idf, sublinear_tf : bool

    Returns
    -------
    scipy.sparse.csr_matrix of float64, same shape as ``dtm.counts``

    References
    ----------
    scikit-learn user guide, "Tf-idf term weighting".
    """
    if norm not in ("l2", "l1", None):
        raise ParameterError(f"norm must be 'l2', 'l1' or None (got {norm!r})")
    x = sp.csr_matrix(dtm.counts, dtype=np.float64, copy=True)
    x.sort_indices()
    if sublinear_tf:
        np.log(x.data, out=x.data)
        x.data += 1.0
    df = np.bincount(x.indices, minlength=x.shape[1]).astype(np.float64)
    df += float(smooth_idf)
    idf = np.full_like(df, x.shape[0] + int(smooth_idf))
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    x.data *= idf[x.indices]
    if norm is not None:
        per = np.abs(x.data) if norm == "l1" else x.data * x.data
        # a sparse product with ones sums each row's entries one after the other, as scikit-learn's loop does
        lengths = sp.csr_matrix((per, x.indices, x.indptr), shape=x.shape) @ np.ones(x.shape[1])
        if norm == "l2":
            lengths = np.sqrt(lengths)
        x.data /= np.repeat(np.where(lengths == 0.0, 1.0, lengths), np.diff(x.indptr))
    return x


def term_table(dtm: DocumentTermMatrix) -> pd.DataFrame:
    """Corpus-wide frequency and document frequency of every term.

    Returns
    -------
    pandas.DataFrame
        Columns ``term, count, docs``, sorted by count (descending) then term. ``attrs`` holds
        ``n_docs``, ``n_uses`` (the sum of all counts) and the matrix's ``settings`` (``unit``,
        and for phrases ``n_candidates``, ...).
    """
    counts = np.asarray(dtm.counts.sum(axis=0)).ravel()
    docs = np.bincount(dtm.counts.indices, minlength=dtm.shape[1])
    table = pd.DataFrame({"term": dtm.terms, "count": counts, "docs": docs})
    table = table.sort_values(["count", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.attrs = {"n_docs": int(dtm.shape[0]), "n_uses": int(counts.sum()), **dict(dtm.settings)}
    return table


def idf_table(dtm: DocumentTermMatrix, smooth_idf: bool = True) -> pd.DataFrame:
    """Each term's inverse document frequency, as :func:`tfidf` weighs it.

    In words: the fewer documents use a term, the higher its idf. With ``n`` documents and
    ``df(t)`` of them using term ``t``: ``idf(t) = ln((1 + n) / (1 + df(t))) + 1`` (smoothed,
    scikit-learn's default), or ``ln(n / df(t)) + 1``. A term in every document gets 1.

    Parameters
    ----------
    dtm : DocumentTermMatrix
    smooth_idf : bool, default True

    Returns
    -------
    pandas.DataFrame
        ``term, count, docs, idf``, in the order of :func:`term_table` (count descending, then
        term). ``attrs`` holds ``n_docs`` and ``smooth_idf``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"],
    ...                        "text": ["trust trust fear", "fear"]})
    >>> idf_table(count_terms(corpus)).round(3).values.tolist()
    [['fear', 2, 2, 1.0], ['trust', 2, 1, 1.405]]
    """
    table = term_table(dtm)
    n_docs = dtm.shape[0]
    docs = table["docs"].to_numpy(dtype=np.float64)
    if smooth_idf:
        idf = np.log((1.0 + n_docs) / (1.0 + docs)) + 1.0
    else:
        idf = np.log(n_docs / docs) + 1.0
    table["idf"] = idf
    table.attrs = {"n_docs": int(n_docs), "smooth_idf": bool(smooth_idf)}
    return table


def _group_codes(labels) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct labels and each document's code into them."""
    groups, codes = np.unique(np.asarray(labels, dtype=str), return_inverse=True)
    return groups, codes.ravel()


def group_lengths(corpus: pd.DataFrame) -> pd.DataFrame:
    """How many documents and tokens each group has, and how long its documents are.

    Tokens are every token of the cleaned text (stop words included), as in the ``n_tokens``
    column of :func:`corpus_utils.load_corpus`; when that column is missing, the ``text``
    column is tokenized with :func:`tokenize`.

    Parameters
    ----------
    corpus : pandas.DataFrame
        ``group`` and ``n_tokens`` (or ``text``), one row per document.

    Returns
    -------
    pandas.DataFrame
        ``group, documents, tokens, share, mean, shortest, longest``: ``share`` is the group's
        share of all tokens, ``mean``/``shortest``/``longest`` its documents' lengths in tokens.
        One row per label, sorted by label.

    Examples
    --------
    >>> corpus = pd.DataFrame({"group": ["x", "y", "x"], "n_tokens": [10, 30, 20]})
    >>> group_lengths(corpus)[["group", "tokens", "share", "mean"]].values.tolist()
    [['x', 30, 0.5, 15.0], ['y', 30, 0.5, 30.0]]
    """
    if "n_tokens" in corpus.columns:
        lengths = corpus["n_tokens"].astype(np.int64)
    else:
        lengths = corpus["text"].map(count_tokens).astype(np.int64)
    by_group = lengths.groupby(corpus["group"].astype(str).to_numpy())
    table = by_group.agg(documents="size", tokens="sum", mean="mean", shortest="min", longest="max")
    table = table.rename_axis("group").reset_index().sort_values("group", kind="stable").reset_index(drop=True)
    total = int(table["tokens"].sum())
    table.insert(3, "share", table["tokens"] / total if total else 0.0)
    return table.astype({"documents": np.int64, "tokens": np.int64, "mean": np.float64,
                         "shortest": np.int64, "longest": np.int64})


def group_sums(dtm: DocumentTermMatrix, engine=None) -> pd.DataFrame:
    """How often each group's documents use each term: the counts summed over each group's documents.

    These sums are what the keyness statistics and the frame rates start from (a group's count of
    a term, beside the group's total).

    Parameters
    ----------
    dtm : DocumentTermMatrix
    engine : corpus_utils.engine.Engine, optional
        Where to sum (:mod:`corpus_utils.engine`): by default in this process; on a Dask engine
        each partition of the documents is summed on a worker and the partitions' sums are added
        here. The counts are integers, so the sums are the same, term for term.

    Returns
    -------
    pandas.DataFrame
        One row per term (index ``term``, in the matrix's order), one int64 column per group
        (columns named ``group``, sorted by label). ``attrs["documents"]`` holds each group's
        number of documents.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "group": ["x", "y", "x"],
    ...                        "text": ["trust fear", "crime law", "crime crime"]})
    >>> group_sums(count_terms(corpus)).to_dict("index")
    {'crime': {'x': 2, 'y': 1}, 'fear': {'x': 1, 'y': 0}, 'law': {'x': 0, 'y': 1}, 'trust': {'x': 1, 'y': 0}}
    """
    groups, codes = _group_codes(dtm.labels)
    counts = dtm.counts.tocsr()
    if engine is None:
        sums = _group_sums_part((counts, codes), len(groups))
    else:
        spans = engine.split(np.arange(counts.shape[0]), weights=np.diff(counts.indptr) + 1)
        parts = [(counts[span[0] : span[-1] + 1], codes[span[0] : span[-1] + 1]) for span in spans]
        partial = engine.map(_group_sums_part, parts, len(groups)) or [np.zeros((len(groups), counts.shape[1]), np.int64)]
        sums = np.sum(partial, axis=0, dtype=np.int64)
    table = pd.DataFrame(sums.T, index=pd.Index(dtm.terms, name="term"), columns=pd.Index(groups.astype(object), name="group"))
    table.attrs = {"documents": dict(zip(groups.tolist(), np.bincount(codes, minlength=len(groups)).tolist()))}
    return table


def _group_sums_part(part: tuple[sp.csr_matrix, np.ndarray], n_groups: int) -> np.ndarray:
    """Groups x terms: the counts of some documents summed by their group codes (int64)."""
    counts, codes = part
    membership = sp.csr_matrix((np.ones(len(codes), dtype=np.int64), (codes, np.arange(len(codes)))),
                               shape=(n_groups, len(codes)))
    return np.asarray((membership @ counts.astype(np.int64, copy=False)).toarray(), dtype=np.int64)


def group_vocabulary(dtm: DocumentTermMatrix) -> pd.DataFrame:
    """How many distinct terms each group's documents use, and how many no other group uses.

    Parameters
    ----------
    dtm : DocumentTermMatrix

    Returns
    -------
    pandas.DataFrame
        ``group, documents, terms, only_in_group``, one row per label, sorted by label.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "group": ["x", "y", "x"],
    ...                        "text": ["trust fear", "crime law", "crime fear"]})
    >>> group_vocabulary(count_terms(corpus)).values.tolist()
    [['x', 2, 3, 2], ['y', 1, 2, 1]]
    """
    groups, codes = _group_codes(dtm.labels)
    used = group_sums(dtm).to_numpy() > 0  # terms x groups
    n_groups_using = used.sum(axis=1)
    return pd.DataFrame(
        {
            "group": groups.astype(object),
            "documents": np.bincount(codes, minlength=len(groups)).astype(np.int64),
            "terms": used.sum(axis=0).astype(np.int64),
            "only_in_group": (used & (n_groups_using == 1)[:, None]).sum(axis=0).astype(np.int64),
        }
    )


def vocabulary_spread(dtm: DocumentTermMatrix) -> pd.DataFrame:
    """How many terms are used by exactly 1, 2, ..., n documents (a document-frequency spectrum).

    Parameters
    ----------
    dtm : DocumentTermMatrix

    Returns
    -------
    pandas.DataFrame
        ``docs, terms, share``: one row for each number of documents from 1 to ``n`` (terms
        may be 0), ``share`` of all terms. ``attrs`` holds ``n_docs`` and ``n_terms``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "group": ["x", "y"],
    ...                        "text": ["trust fear", "fear"]})
    >>> vocabulary_spread(count_terms(corpus)).to_dict("list")
    {'docs': [1, 2], 'terms': [1, 1], 'share': [0.5, 0.5]}
    """
    n_docs, n_terms = dtm.shape
    docs = np.bincount(dtm.counts.indices, minlength=n_terms)
    terms = np.bincount(docs, minlength=n_docs + 1)[1:].astype(np.int64)
    table = pd.DataFrame({"docs": np.arange(1, n_docs + 1, dtype=np.int64), "terms": terms,
                          "share": terms / n_terms if n_terms else np.zeros(n_docs)})
    table.attrs = {"n_docs": int(n_docs), "n_terms": int(n_terms)}
    return table
