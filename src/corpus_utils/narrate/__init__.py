"""Narrate: the findings of each chapter, worded from the tables the analysis returns.

Every sentence in the essay that states a finding is written here, never in a notebook cell.
Each function takes the tidy tables (or a few numbers) that an analysis function returned and
gives Markdown; it computes no statistic of its own. Each sentence is kept visible as one
template with named fields (module constants in capitals), filled through the helpers of
:mod:`corpus_utils.report`, which escape every value that comes from the user's data
(:func:`~corpus_utils.report.quoted`, :func:`~corpus_utils.report.join_words`,
:func:`~corpus_utils.report.escape_markdown`) and agree numbers with nouns
(:func:`~corpus_utils.report.plural`).

One module per chapter, over the wording helpers they share (:mod:`~corpus_utils.narrate.wording`):
:mod:`~corpus_utils.narrate.corpus` (01), :mod:`~corpus_utils.narrate.vocabulary` (02),
:mod:`~corpus_utils.narrate.framing` (03) and :mod:`~corpus_utils.narrate.themes` (03's themes),
:mod:`~corpus_utils.narrate.clustering` (04),
:mod:`~corpus_utils.narrate.synthesis` (05), :mod:`~corpus_utils.narrate.design` (the next study, in 05) and
:mod:`~corpus_utils.narrate.front` (the front page's
lines and the abstract). Every function is imported here, so a notebook calls ``cu.narrate.corpus_overview``.

Commentary written for the seed texts ("Reading the seed corpus") is in
:mod:`~corpus_utils.narrate.seed`, and is given only when :func:`seed_reading_applies` is true: the
seed texts, with their ``stance`` labels.
"""

from __future__ import annotations

from .clustering import (
    agreement_rows,
    agreement_verdict,
    cluster_makeup,
    clustering_opening,
    clustering_setup,
    dendrogram_reading,
    kmeans_starts_reading,
    map_reading,
    neighbors_reading,
    seed_stability_reading,
    silhouette_reading,
    similarity_skipped,
    vector_space,
)
from .corpus import (
    cleaning_summary,
    corpus_opening,
    corpus_overview,
    length_balance,
    relabeling_floor,
    vocabulary_overview,
)
from .framing import (
    contested_frames_summary,
    frame_concentration,
    frame_coverage,
    frame_evidence,
    frame_separation,
    frames_by_camp,
    framing_opening,
    groups_compared,
    leading_frames_reading,
    lexicon_contents,
    lexicon_fit,
    lexicon_note,
    separation_rows,
    unframed_words_note,
    word_company,
)
from .design import design_floor, design_line, power_flat, power_reading
from .front import abstract, chapter_line, corpus_line, essay_question
from .seed import (
    seed_cluster_split,
    seed_community_concentration,
    seed_cooperation,
    seed_cooperation_frames,
    seed_keyness_lists,
    seed_question,
    seed_reading_applies,
    seed_stance_and_genre,
)
from .synthesis import (
    cannot_test,
    echo_reading,
    echo_rows,
    methods_compared,
    single_document_findings,
    term_frame_agreement,
)
from .themes import (
    sentence_rows,
    sentences_note,
    theme_choice,
    theme_differences,
    theme_frames,
    theme_limits,
    theme_list_note,
    theme_rows,
    themes_opening,
)
from .vocabulary import (
    collocate_readings,
    contested_summary,
    keyness_top_terms,
    leaning_terms,
    methods_agreement,
    permutation_summary,
    phrase_keyness,
    side_headers,
    stability_summary,
    vocabulary_limits,
    vocabulary_opening,
    worked_idf,
)

__all__ = [
    "abstract",
    "agreement_rows",
    "agreement_verdict",
    "cannot_test",
    "chapter_line",
    "cleaning_summary",
    "cluster_makeup",
    "clustering_opening",
    "clustering_setup",
    "collocate_readings",
    "contested_frames_summary",
    "contested_summary",
    "corpus_line",
    "corpus_opening",
    "corpus_overview",
    "dendrogram_reading",
    "design_floor",
    "design_line",
    "essay_question",
    "echo_reading",
    "echo_rows",
    "frame_concentration",
    "frame_coverage",
    "frame_evidence",
    "frame_separation",
    "frames_by_camp",
    "framing_opening",
    "groups_compared",
    "keyness_top_terms",
    "kmeans_starts_reading",
    "leading_frames_reading",
    "leaning_terms",
    "length_balance",
    "lexicon_contents",
    "lexicon_fit",
    "lexicon_note",
    "map_reading",
    "methods_agreement",
    "methods_compared",
    "neighbors_reading",
    "permutation_summary",
    "phrase_keyness",
    "power_flat",
    "power_reading",
    "relabeling_floor",
    "seed_cluster_split",
    "seed_community_concentration",
    "seed_cooperation",
    "seed_cooperation_frames",
    "seed_keyness_lists",
    "seed_question",
    "seed_reading_applies",
    "separation_rows",
    "seed_stability_reading",
    "seed_stance_and_genre",
    "sentence_rows",
    "sentences_note",
    "silhouette_reading",
    "similarity_skipped",
    "side_headers",
    "single_document_findings",
    "stability_summary",
    "term_frame_agreement",
    "theme_choice",
    "theme_differences",
    "theme_frames",
    "theme_limits",
    "theme_list_note",
    "theme_rows",
    "themes_opening",
    "unframed_words_note",
    "vector_space",
    "vocabulary_overview",
    "vocabulary_limits",
    "vocabulary_opening",
    "word_company",
    "worked_idf",
]
