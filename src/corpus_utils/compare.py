"""Compare: the former home of keyness and context, kept while the notebooks move over.

Temporary: notebooks switch in the next commit. Keyness statistics, stability, permutation
tests and contested terms live in :mod:`corpus_utils.keyness` (on the resampling engine of
:mod:`corpus_utils.resample`); KWIC and collocates in :mod:`corpus_utils.context`. This module
only re-exports them under their old names.
"""

from __future__ import annotations

import pandas as pd

from . import keyness
from .keyness import STATISTICS, contested_terms, log_likelihood, log_odds, mean_tfidf, stability, top_terms

__all__ = [
    "STATISTICS",
    "collocates",
    "contested_terms",
    "kwic",
    "log_likelihood",
    "log_odds",
    "mean_tfidf",
    "permutation_test",
    "stability",
    "top_terms",
]


def permutation_test(*args, **kwargs) -> pd.DataFrame:
    """:func:`corpus_utils.keyness.permutation_test`, plus the old ``n_permutations`` column.

    Temporary: notebooks switch in the next commit (they read ``n_permutations``, now
    ``n_relabelings``).
    """
    table = keyness.permutation_test(*args, **kwargs)
    table["n_permutations"] = table["n_relabelings"]
    return table


# --------------------------------------------------------------------------------------------
# context: KWIC and collocates live in corpus_utils.context

# temporary: notebooks switch in the next commit
from .context import collocates, kwic  # noqa: E402
