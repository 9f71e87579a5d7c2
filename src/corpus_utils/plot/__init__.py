"""Plot: one function per figure, one helper to save them all; one module per chapter.

Every ``plot_*`` function takes the tidy table an analysis function returned, draws it,
and returns ``(fig, ax)``; it computes no statistics of its own. :func:`save_figure`
writes every figure with stable names and settings, so a re-run writes the same bytes.

Text from the data (labels, doc ids, frames, terms) is drawn as typed: every ``plot_*``
function builds its figure under :func:`~corpus_utils.plot.figure._literal_text`, so no text in it is read as
mathtext (a ``$`` in a label neither garbles the label nor crashes the figure), every label
is shortened for the figure (:func:`corpus_utils.report.short_label`), and every text is
drawn as plain text (:func:`corpus_utils.report.plain_text`) with the characters the font
lacks replaced by U+FFFD and named once in a warning (which a chapter shows as a note).

What every figure shares (the groups' colours, the literal text, the canvas, :func:`save_figure`) is in
:mod:`~corpus_utils.plot.figure`; the figures are in one module per chapter: :mod:`~corpus_utils.plot.corpus`
(01), :mod:`~corpus_utils.plot.vocabulary` (02), :mod:`~corpus_utils.plot.framing` (03),
:mod:`~corpus_utils.plot.clustering` (04) and :mod:`~corpus_utils.plot.synthesis` (05). Every public name is
imported here, so a notebook calls ``cu.plot.plot_lengths``.
"""

from __future__ import annotations

from .figure import PALETTE, REST_COLOR, group_colors, save_figure  # first: it chooses matplotlib's backend
from .clustering import plot_cluster_map, plot_dendrogram, plot_silhouette, plot_similarity
from .corpus import plot_lengths
from .framing import plot_differences, plot_frame_bars, plot_frame_differences, plot_frame_heatmap, plot_theme_differences
from .synthesis import plot_distinctive_terms, plot_power
from .vocabulary import plot_fightin_words, plot_keyness_bars

__all__ = [
    "PALETTE",
    "REST_COLOR",
    "group_colors",
    "plot_cluster_map",
    "plot_dendrogram",
    "plot_differences",
    "plot_distinctive_terms",
    "plot_fightin_words",
    "plot_frame_bars",
    "plot_frame_differences",
    "plot_frame_heatmap",
    "plot_keyness_bars",
    "plot_lengths",
    "plot_power",
    "plot_silhouette",
    "plot_similarity",
    "plot_theme_differences",
    "save_figure",
]
