"""corpus_utils: the helpers behind the essay comparing two camps' vocabulary and framing.

Use it as ``import corpus_utils as cu``. The modules name the steps of the analysis:
``load`` -> ``clean`` -> ``count`` -> ``keyness`` / ``frame`` / ``themes`` / ``cluster`` (with ``resample``
and ``differences`` for inference and ``context`` for lines of text) -> ``synthesis`` (the three side by side) and
``design`` (the next study) -> ``plot`` / ``narrate`` / ``report``; ``run`` executes the chapter
notebooks. Nothing runs at import, and scikit-learn and SciPy's clustering are imported by the functions that
use them: a chapter, or a command, that neither clusters nor finds themes does not wait for them to load.
"""

from . import (
    agreement, chapters, clean, cluster, context, count, design, differences, engine, errors, frame, groups, keyness, lexicon, load,
    methods, narrate, plot, report, resample, support, synthesis, themes,
)
from .clean import CleaningRules, clean_text, load_rules, normalize_text, removed_lines
from .count import DocumentTermMatrix, TokenIndex, count_phrases, count_terms, index_tokens, load_stop_words, term_table, tfidf, tokenize
from .errors import (
    CorpusError,
    CorpusNotFoundError,
    DecodeError,
    DiskFullError,
    DuplicateDocumentError,
    EmptyCorpusError,
    EmptyDocumentError,
    EmptyVocabularyError,
    FigureFileError,
    FileTooLargeError,
    LabelError,
    LexiconError,
    MetadataError,
    ParameterError,
    RulesError,
    SchedulerError,
    TooFewDocumentsError,
    UnreadableFileError,
)
from .groups import check_groups, comparisons
from .load import CorpusWarning, corpus_fingerprint, decode_bytes, is_seed_corpus, load_corpus
from .plot import group_colors, plot_lengths, save_figure
from .report import escape_markdown, join_words, plural, quoted, say, setup_notebook

__version__ = "0.1.0"

__all__ = [
    "CleaningRules",
    "CorpusError",
    "CorpusNotFoundError",
    "CorpusWarning",
    "DecodeError",
    "DiskFullError",
    "DocumentTermMatrix",
    "DuplicateDocumentError",
    "EmptyCorpusError",
    "EmptyDocumentError",
    "EmptyVocabularyError",
    "FigureFileError",
    "FileTooLargeError",
    "LabelError",
    "LexiconError",
    "MetadataError",
    "ParameterError",
    "RulesError",
    "SchedulerError",
    "TokenIndex",
    "TooFewDocumentsError",
    "UnreadableFileError",
    "agreement",
    "chapters",
    "check_groups",
    "clean",
    "clean_text",
    "cluster",
    "comparisons",
    "context",
    "corpus_fingerprint",
    "count",
    "count_phrases",
    "count_terms",
    "decode_bytes",
    "design",
    "engine",
    "errors",
    "escape_markdown",
    "frame",
    "groups",
    "group_colors",
    "index_tokens",
    "is_seed_corpus",
    "join_words",
    "keyness",
    "lexicon",
    "load",
    "load_corpus",
    "load_rules",
    "load_stop_words",
    "methods",
    "narrate",
    "normalize_text",
    "plot",
    "plot_lengths",
    "plural",
    "quoted",
    "removed_lines",
    "report",
    "resample",
    "save_figure",
    "say",
    "setup_notebook",
    "support",
    "synthesis",
    "term_table",
    "tfidf",
    "tokenize",
]
