"""corpus_utils: the helpers behind the essay comparing two camps' vocabulary and framing.

Use it as ``import corpus_utils as cu``. The modules name the steps of the analysis:
``load`` -> ``clean`` -> ``count`` -> ``compare`` / ``frame`` / ``cluster`` -> ``plot``;
``run`` executes the chapter notebooks. Nothing runs at import.
"""

from . import clean, cluster, compare, count, errors, frame, load, plot, report
from .clean import CleaningRules, clean_text, load_rules, normalize_text, removed_lines
from .count import DocumentTermMatrix, TokenIndex, count_terms, index_tokens, load_stop_words, term_table, tfidf, tokenize
from .errors import (
    CorpusError,
    CorpusNotFoundError,
    DecodeError,
    DuplicateDocumentError,
    EmptyCorpusError,
    EmptyDocumentError,
    EmptyVocabularyError,
    LabelError,
    LexiconError,
    MetadataError,
    ParameterError,
    RulesError,
    TooFewDocumentsError,
)
from .load import CorpusWarning, check_groups, corpus_fingerprint, decode_bytes, is_seed_corpus, load_corpus
from .plot import group_colors, plot_lengths, save_figure
from .report import join_words, plural, say, setup_notebook

__version__ = "0.1.0"

__all__ = [
    "CleaningRules",
    "CorpusError",
    "CorpusNotFoundError",
    "CorpusWarning",
    "DecodeError",
    "DocumentTermMatrix",
    "DuplicateDocumentError",
    "EmptyCorpusError",
    "EmptyDocumentError",
    "EmptyVocabularyError",
    "LabelError",
    "LexiconError",
    "MetadataError",
    "ParameterError",
    "RulesError",
    "TokenIndex",
    "TooFewDocumentsError",
    "check_groups",
    "clean",
    "clean_text",
    "cluster",
    "compare",
    "corpus_fingerprint",
    "count",
    "count_terms",
    "decode_bytes",
    "errors",
    "frame",
    "group_colors",
    "index_tokens",
    "is_seed_corpus",
    "join_words",
    "load",
    "load_corpus",
    "load_rules",
    "load_stop_words",
    "normalize_text",
    "plot",
    "plot_lengths",
    "plural",
    "removed_lines",
    "report",
    "save_figure",
    "say",
    "setup_notebook",
    "term_table",
    "tfidf",
    "tokenize",
]
