"""Cluster: group documents by the words they use, then ask whether the groups follow the labels.

The steps, in words
-------------------
1. :func:`document_vectors`: each document becomes its L2-normalized TF-IDF row (cosine
   similarity is then a dot product). Above ``lsa_components`` documents the rows are first
   reduced by latent semantic analysis (``TruncatedSVD`` then ``Normalizer``), as in
   scikit-learn's text-clustering example.
2. :func:`kmeans` (many seeded starts) and :func:`agglomerative` (cosine distance, average
   linkage; its tree is :func:`linkage`) assign every document to one of ``k`` clusters; ``k``
   defaults to the number of labels. :func:`silhouette_by_k` shows the silhouette for
   ``k = 2 .. min(8, n - 1)``; it never picks ``k`` for you.
3. :func:`seed_stability` and :func:`kmeans_starts` run k-means again with other seeds and
   single starts; :mod:`corpus_utils.agreement` compares the clusters with the labels.
4. :func:`cluster_terms` (centroid weights), :func:`nearest_neighbors`,
   :func:`similarity_matrix` and :func:`map_2d` say what the clusters are made of.

Scale
-----
Up to :data:`LARGE_CORPUS` documents everything is exact. Above it, :func:`kmeans` learns its
centres with ``MiniBatchKMeans.partial_fit`` over seeded partitions of the documents, which an
engine of :mod:`corpus_utils.engine` may hold on the workers of a Dask cluster (the same clusters
on every engine); :func:`similarity_matrix`, :func:`linkage` and :func:`agglomerative`
refuse (they need an ``n x n`` matrix); :func:`nearest_neighbors` answers for a seeded sample of
documents, in chunks; :func:`silhouette_by_k` scores a seeded sample. :func:`map_2d` uses
classical MDS up to :data:`MDS_MAX` documents and a 2-component ``TruncatedSVD`` above.

Cluster numbers are 1, 2, ... in order of size (largest first; ties by the first document),
so the same data and seed always give the same numbers. Every random step takes ``seed``.
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .agreement import agreement_scores
from .count import DocumentTermMatrix, tfidf
from .engine import Engine
from .errors import ParameterError, TooFewDocumentsError

__all__ = [
    "BATCHES_PER_PARTITION",
    "KMEANS_EPOCHS",
    "KMEANS_TOL",
    "LARGE_CORPUS",
    "MDS_MAX",
    "STABLE_ARI",
    "WEAK_ARI",
    "DocumentVectors",
    "agglomerative",
    "cluster_terms",
    "document_vectors",
    "kmeans",
    "kmeans_starts",
    "linkage",
    "map_2d",
    "nearest_neighbors",
    "neighbor_summary",
    "seed_stability",
    "silhouette_by_k",
    "similarity_matrix",
    "terms_per_document",
]

#: Above this many documents: MiniBatchKMeans, no n x n similarity matrix, no dendrogram or
#: agglomerative clustering, nearest neighbours and silhouette on a seeded sample of this size.
LARGE_CORPUS = 2_000
#: Up to this many documents the 2-D map is classical MDS on cosine distances (an n x n
#: eigenproblem); above it, the first two ``TruncatedSVD`` components.
MDS_MAX = 500
#: Partitions from different seeds agree at least this well (mean ARI between them) for a clustering to be
#: called stable: Steinley (2004) reads an ARI above 0.80 as good recovery of a partition.
STABLE_ARI = 0.8
#: Below this ARI an agreement with the labels is weak, even when it is beyond chance: Steinley (2004)
#: reads an ARI under 0.65 as poor recovery of a partition.
WEAK_ARI = 0.65
#: Passes over the documents of k-means above :data:`LARGE_CORPUS` documents (``MiniBatchKMeans.partial_fit``), at most.
KMEANS_EPOCHS = 10
#: The passes stop early once no centre moved farther than this over a whole pass (the rows are unit-length, so
#: the centres lie within the unit ball): a thousandth of the largest distance between two documents.
KMEANS_TOL = 1e-3
#: Batches of ``batch_size`` rows in one partition of the k-means above :data:`LARGE_CORPUS` documents: a
#: partition is one task on a cluster, and its rows stay on the worker that holds them.
BATCHES_PER_PARTITION = 8
_CHUNK_CELLS = 4_000_000  # similarity entries held at once by nearest_neighbors (32 MB)


# --------------------------------------------------------------------------- vectors


@dataclass(frozen=True)
class DocumentVectors:
    """The documents as unit-length rows, with the TF-IDF weights they came from.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix or numpy.ndarray, shape (n_docs, n_dims)
        Rows of Euclidean length 1 (or 0 for a document with no counted term): TF-IDF, or
        its LSA reduction. The dot product of two rows is their cosine similarity.
    weights : scipy.sparse.csr_matrix, shape (n_docs, n_terms)
        The L2-normalized TF-IDF rows (used for cluster top terms).
    terms, doc_ids, labels : numpy.ndarray
        Column names of ``weights``; row names and labels of both matrices.
    settings : dict
        How the vectors were made (``representation``, ``lsa_components``,
        ``explained_variance``, ``n_empty`` documents, the counting settings).
    """

    matrix: sp.csr_matrix | np.ndarray
    weights: sp.csr_matrix
    terms: np.ndarray
    doc_ids: np.ndarray
    labels: np.ndarray
    settings: dict = field(default_factory=dict)

    @property
    def n_docs(self) -> int:
        """Number of documents (rows)."""
        return self.matrix.shape[0]


def document_vectors(
    dtm: DocumentTermMatrix,
    *,
    lsa_components: int | None = 100,
    sublinear_tf: bool = False,
    seed: int = 0,
) -> DocumentVectors:
    """Turn counts into unit-length document vectors for clustering.

    Each row is TF-IDF (scikit-learn's smoothed idf, see :func:`corpus_utils.count.tfidf`)
    scaled to Euclidean length 1, so that the dot product of two rows is their cosine
    similarity and k-means on them approximates spherical k-means. When the corpus has more
    than ``lsa_components`` documents (and more terms than that), the rows are projected on
    their first ``lsa_components`` singular vectors (latent semantic analysis) and scaled to
    length 1 again.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        From :func:`corpus_utils.count_terms`.
    lsa_components : int or None, default 100
        Dimensions kept by LSA; None or 0 never reduces.
    sublinear_tf : bool, default False
        Use ``1 + ln(tf)`` instead of raw counts.
    seed : int, default 0
        Seed of the randomized SVD.

    Returns
    -------
    DocumentVectors

    Raises
    ------
    TooFewDocumentsError
        If the corpus has fewer than 2 documents.

    References
    ----------
    Deerwester, S. et al. (1990). Indexing by latent semantic analysis. *JASIS* 41(6).
    scikit-learn gallery, "Clustering text documents using k-means".

    Examples
    --------
    >>> import corpus_utils as cu, pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"],
    ...                        "text": ["Public safety.", "Public trust."]})
    >>> v = document_vectors(cu.count_terms(corpus, ngram_range=(1, 1)))
    >>> round(float((v.matrix @ v.matrix.T).toarray()[0, 1]), 3)   # cosine of a and b
    0.336
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import Normalizer

    n_docs, n_terms = dtm.shape
    if n_docs < 2:
        raise TooFewDocumentsError(
            f"clustering needs at least 2 documents (got n={n_docs})", fix="Add documents to the corpus"
        )
    if lsa_components is not None and lsa_components < 0:
        raise ParameterError(f"lsa_components must be a positive number of dimensions or None (got {lsa_components})")
    weights = tfidf(dtm, norm="l2", sublinear_tf=sublinear_tf)
    n_empty = int(np.sum(np.diff(weights.indptr) == 0))
    settings = dict(dtm.settings)
    settings.update(sublinear_tf=sublinear_tf, lsa_components=lsa_components, seed=seed, n_empty=n_empty)
    if lsa_components and n_docs > lsa_components and n_terms > lsa_components:
        svd = TruncatedSVD(n_components=lsa_components, random_state=seed)
        svd_input = weights
        if n_docs > LARGE_CORPUS:
            # a term in one document cannot make two documents alike; dropping those terms
            # shrinks the SVD's work several-fold on large corpora
            shared = np.bincount(weights.indices, minlength=n_terms) >= 2
            if shared.sum() > lsa_components:
                svd_input = weights[:, np.flatnonzero(shared)]
                settings.update(svd_terms=int(shared.sum()))
        reduced = svd.fit_transform(svd_input)
        matrix = Normalizer(copy=False).fit_transform(reduced)
        settings.update(
            representation=f"LSA ({lsa_components} dimensions) of L2-normalized TF-IDF",
            explained_variance=float(svd.explained_variance_ratio_.sum()),
        )
    else:
        matrix = weights
        settings.update(representation="L2-normalized TF-IDF", explained_variance=1.0)
    return DocumentVectors(
        matrix=matrix,
        weights=weights,
        terms=np.asarray(dtm.terms, dtype=object),
        doc_ids=np.asarray(dtm.doc_ids, dtype=object),
        labels=np.asarray(dtm.labels, dtype=object),
        settings=settings,
    )


def terms_per_document(vectors: DocumentVectors) -> pd.DataFrame:
    """How many terms each document uses (its non-zero TF-IDF weights).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, group, terms`` in corpus order; ``attrs["n_terms"]`` is the number of
        terms of the vectors.

    Examples
    --------
    Documents "a b c" and "a e" give ``terms`` 3 and 2 (of 4 terms).
    """
    table = pd.DataFrame({"doc_id": vectors.doc_ids, "group": vectors.labels,
                          "terms": np.diff(vectors.weights.indptr).astype(np.int64)})
    table.attrs.update(n_terms=len(vectors.terms))
    return table


def _dense_similarity(vectors: DocumentVectors, what: str) -> np.ndarray:
    n = vectors.n_docs
    if n > LARGE_CORPUS:
        raise ParameterError(
            f"{what} needs the {n:,} x {n:,} similarity matrix; above LARGE_CORPUS={LARGE_CORPUS:,} documents it is skipped",
            fix="Use kmeans() and nearest_neighbors() for a corpus this large, or cluster a sample",
        )
    x = vectors.matrix
    s = (x @ x.T).toarray() if sp.issparse(x) else x @ x.T
    s = np.clip(np.asarray(s, dtype=np.float64), -1.0, 1.0)
    norms = np.sqrt(np.clip(np.diag(s), 0.0, None))
    np.fill_diagonal(s, np.where(norms > 0, 1.0, 0.0))
    return s


def similarity_matrix(vectors: DocumentVectors) -> pd.DataFrame:
    """Cosine similarity of every pair of documents (small corpora only).

    ``cos(a, b) = a . b / (|a| |b|)``, here the dot product of the unit-length rows; 1 means
    the same relative use of terms, 0 no term in common.

    Parameters
    ----------
    vectors : DocumentVectors

    Returns
    -------
    pandas.DataFrame
        Square, indexed and columned by ``doc_id`` in corpus order.

    Raises
    ------
    ParameterError
        Above :data:`LARGE_CORPUS` documents (the matrix would be too large).

    Examples
    --------
    >>> similarity_matrix(v).round(3).iloc[0].tolist()   # doctest: +SKIP
    [1.0, 0.336]
    """
    s = _dense_similarity(vectors, "the similarity matrix")
    index = pd.Index(vectors.doc_ids, name="doc_id")
    return pd.DataFrame(s, index=index, columns=index.rename(None))


def nearest_neighbors(
    vectors: DocumentVectors,
    n_neighbors: int = 3,
    *,
    sample_size: int = LARGE_CORPUS,
    seed: int = 0,
) -> pd.DataFrame:
    """Each document's most similar other documents by cosine similarity.

    Similarities are computed a block of documents at a time (never the whole ``n x n``
    matrix). Above ``sample_size`` documents only a seeded random sample of documents is
    queried (against all documents).

    Parameters
    ----------
    vectors : DocumentVectors
    n_neighbors : int, default 3
        At most ``n - 1``.
    sample_size : int, default LARGE_CORPUS
    seed : int, default 0
        Seed of the sample.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, group, rank, neighbor, neighbor_group, similarity, same_group``; sorted by
        document (corpus order) then rank; ties in similarity go to the earlier document.

    Raises
    ------
    ParameterError
        If ``n_neighbors`` is below 1.
    """
    if n_neighbors < 1:
        raise ParameterError(f"n_neighbors must be at least 1 (got {n_neighbors})")
    n = vectors.n_docs
    k = min(int(n_neighbors), n - 1)
    if n > sample_size:
        rng = np.random.default_rng(seed)
        queries = np.sort(rng.choice(n, size=sample_size, replace=False))
    else:
        queries = np.arange(n)
    x = vectors.matrix
    xt = x.T.tocsr() if sp.issparse(x) else x.T
    chunk = max(1, _CHUNK_CELLS // n)
    parts_q, parts_n, parts_s = [], [], []
    for start in range(0, len(queries), chunk):
        q = queries[start : start + chunk]
        s = x[q] @ xt
        s = s.toarray() if sp.issparse(s) else np.asarray(s)
        s[np.arange(len(q)), q] = -np.inf
        if k < n - 1:
            top = np.argpartition(-s, k - 1, axis=1)[:, :k]
        else:
            top = np.tile(np.arange(n), (len(q), 1))
            top = top[top != q[:, None]].reshape(len(q), n - 1)
        sims = np.take_along_axis(s, top, axis=1)
        order = np.lexsort((top, -sims), axis=1)
        parts_q.append(np.repeat(q, k))
        parts_n.append(np.take_along_axis(top, order, axis=1).ravel())
        parts_s.append(np.take_along_axis(sims, order, axis=1).ravel())
    qi = np.concatenate(parts_q)
    ni = np.concatenate(parts_n)
    table = pd.DataFrame(
        {
            "doc_id": vectors.doc_ids[qi],
            "group": vectors.labels[qi],
            "rank": np.tile(np.arange(1, k + 1), len(queries)),
            "neighbor": vectors.doc_ids[ni],
            "neighbor_group": vectors.labels[ni],
            "similarity": np.concatenate(parts_s),
        }
    )
    table["same_group"] = table["group"] == table["neighbor_group"]
    table.attrs.update(n_neighbors=k, n_queried=len(queries), sampled=bool(n > sample_size), seed=seed)
    return table


def neighbor_summary(neighbors: pd.DataFrame, labels: Sequence) -> pd.DataFrame:
    """Does a document's nearest neighbour share its label more often than chance?

    ``same_share`` is the share of queried documents whose most similar other document
    carries the same label. ``chance`` is what a neighbour drawn at random from the other
    documents would give: ``sum_g n_g (n_g - 1) / (n (n - 1))`` over the group sizes ``n_g``
    of all ``n`` documents.

    Parameters
    ----------
    neighbors : pandas.DataFrame
        From :func:`nearest_neighbors`.
    labels : sequence
        The label of every document of the corpus (for ``chance``).

    Returns
    -------
    pandas.DataFrame
        One row: ``n_queried, same_group, same_share, chance, median_similarity`` (of the
        nearest neighbours), ``best_doc, best_neighbor, best_similarity`` (the most similar
        pair; ties go to the first ``doc_id``, then ``neighbor``), ``sampled``.

    Examples
    --------
    Labels x, x, y: chance = (2 * 1 + 1 * 0) / (3 * 2) = 1/3.
    """
    first = neighbors[neighbors["rank"] == 1]
    sizes = pd.Series(list(labels), dtype=object).value_counts().to_numpy(dtype=np.float64)
    n = sizes.sum()
    best = neighbors.sort_values(["similarity", "doc_id", "neighbor"], ascending=[False, True, True], kind="stable")
    best = best.iloc[0] if len(best) else pd.Series({"doc_id": None, "neighbor": None, "similarity": np.nan})
    row = {
        "n_queried": len(first),
        "same_group": int(first["same_group"].sum()),
        "same_share": float(first["same_group"].mean()) if len(first) else np.nan,
        "chance": float((sizes * (sizes - 1)).sum() / (n * (n - 1))) if n > 1 else np.nan,
        "median_similarity": float(first["similarity"].median()) if len(first) else np.nan,
        "best_doc": best["doc_id"],
        "best_neighbor": best["neighbor"],
        "best_similarity": float(best["similarity"]),
        "sampled": bool(neighbors.attrs.get("sampled", False)),
    }
    return pd.DataFrame([row])


# --------------------------------------------------------------------------- clustering


def _check_k(vectors: DocumentVectors, n_clusters: int | None, method: str) -> int:
    k = len(pd.unique(pd.Series(vectors.labels, dtype=object))) if n_clusters is None else int(n_clusters)
    n = vectors.n_docs
    if k < 2:
        raise ParameterError(
            f"{method} needs at least 2 clusters (got k={k})", fix="Pass n_clusters=2 or more, or label at least two groups"
        )
    if n < k:
        raise TooFewDocumentsError(
            f"{method} with k={k} clusters needs at least {k} documents (got n={n})",
            fix="Lower n_clusters, or add documents",
        )
    return k


def _renumber(raw: np.ndarray) -> np.ndarray:
    """Cluster numbers 1..k by size (descending), ties by first document."""
    values, first, inverse, sizes = np.unique(raw, return_index=True, return_inverse=True, return_counts=True)
    order = np.lexsort((first, -sizes))
    new = np.empty(len(values), dtype=np.int64)
    new[order] = np.arange(1, len(values) + 1)
    return new[inverse.ravel()]


def _assignment_table(vectors: DocumentVectors, clusters: np.ndarray) -> pd.DataFrame:
    """doc_id, label, cluster and each document's cosine similarity to its cluster's centroid."""
    n = vectors.n_docs
    k = int(clusters.max())
    member = sp.csr_matrix((np.ones(n), (clusters - 1, np.arange(n))), shape=(k, n))
    centroids = member @ vectors.matrix
    centroids = centroids.toarray() if sp.issparse(centroids) else np.asarray(centroids)
    norms = np.linalg.norm(centroids, axis=1)
    centroids = centroids / np.where(norms > 0, norms, 1.0)[:, None]
    x = vectors.matrix
    if sp.issparse(x):
        sims = np.asarray(x.multiply(sp.csr_matrix(centroids[clusters - 1])).sum(axis=1)).ravel()
    else:
        sims = np.einsum("ij,ij->i", x, centroids[clusters - 1])
    return pd.DataFrame(
        {
            "doc_id": vectors.doc_ids,
            "group": vectors.labels,
            "cluster": clusters,
            "centroid_similarity": sims,
        }
    )


def kmeans(
    vectors: DocumentVectors,
    n_clusters: int | None = None,
    *,
    n_init: int = 50,
    seed: int = 0,
    batch_size: int = 1024,
    n_epochs: int = KMEANS_EPOCHS,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Assign documents to ``k`` clusters with k-means on the unit-length vectors.

    k-means looks for ``k`` centres that make the sum of squared distances from each document
    to its nearest centre small; on unit-length rows that squared distance is
    ``2 - 2 cos``, so close means similar word use. The result depends on the starting
    centres, so ``n_init`` seeded starts are run and the best kept (scikit-learn's ``KMeans``).

    Above :data:`LARGE_CORPUS` documents the centres are learned from batches of documents
    (scikit-learn's ``MiniBatchKMeans.partial_fit``), so that the documents may stay in
    partitions on the workers of a cluster:

    1. the starting centres are the best of ``n_init`` seeded k-means++ starts, each run to
       convergence (``KMeans``), on a seeded sample of ``3 * batch_size`` documents;
    2. the documents are shuffled (seeded) and cut into partitions of about
       :data:`BATCHES_PER_PARTITION` batches of ``batch_size`` documents;
    3. up to ``n_epochs`` times, the partitions are visited in a seeded order, and each moves the centres
       with one ``partial_fit`` per batch, its batches also in a seeded order; the passes stop once
       no centre moved farther than :data:`KMEANS_TOL` over a whole pass (``n_epochs_run`` says how many
       were made);
    4. every document goes to its nearest final centre (``predict``, partition by partition), and
       the inertia is the sum of the partitions' squared distances.

    The partitions and the order of the batches depend on the data, ``k``, ``batch_size`` and
    ``seed`` only, never on the engine, so every engine gives the same clusters, centres and
    inertia (each batch is fitted with one thread, which makes its arithmetic the same on any
    machine's worker).

    Parameters
    ----------
    vectors : DocumentVectors
    n_clusters : int, optional
        ``k``; by default the number of distinct labels.
    n_init : int, default 50
    seed : int, default 0
        Seed of the starting centres (and, above LARGE_CORPUS, of the sample, the partitions and
        the order of the batches).
    batch_size : int, default 1024
        Documents per ``partial_fit`` (above LARGE_CORPUS only).
    n_epochs : int, default KMEANS_EPOCHS (10)
        Passes over the documents (above LARGE_CORPUS only).
    engine : corpus_utils.engine.Engine, optional
        Where the partitions are fitted and assigned (above LARGE_CORPUS): by default in this
        process; on a Dask engine each partition is sent to a worker once, and its ``partial_fit``
        and ``predict`` run there (:meth:`corpus_utils.engine.Engine.fold`).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, group, cluster, centroid_similarity`` in corpus order; clusters numbered
        1..k by size. ``attrs`` holds ``method, n_clusters, n_found, n_init, seed,
        inertia, representation``; above LARGE_CORPUS also ``n_partitions, batch_size, n_epochs, n_epochs_run``
        (``method`` is then "MiniBatchKMeans (partial_fit over N partitions)").

    Raises
    ------
    ParameterError
        If ``k < 2``, or ``n_init``, ``batch_size`` or ``n_epochs`` is below 1.
    TooFewDocumentsError
        If there are fewer documents than ``k``.

    References
    ----------
    Lloyd, S. (1982). Least squares quantization in PCM. *IEEE Trans. Inf. Theory* 28(2).
    Arthur, D. & Vassilvitskii, S. (2007). k-means++: the advantages of careful seeding. *SODA*.
    Sculley, D. (2010). Web-scale k-means clustering. *WWW '10*, 1177-1178.

    Examples
    --------
    >>> kmeans(v, 2)["cluster"].tolist()   # doctest: +SKIP
    [1, 2]
    """
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    k = _check_k(vectors, n_clusters, "k-means")
    for name, value in (("n_init", n_init), ("batch_size", batch_size), ("n_epochs", n_epochs)):
        if value < 1:
            raise ParameterError(f"{name} must be at least 1 (got {value})")
    if vectors.n_docs > LARGE_CORPUS:
        raw, inertia, extra = _minibatch_kmeans(vectors.matrix, k, n_init=n_init, seed=seed, batch_size=batch_size,
                                                n_epochs=n_epochs, engine=engine)
        n_parts = extra["n_partitions"]
        method = f"MiniBatchKMeans (partial_fit over {n_parts} partition{'s' if n_parts != 1 else ''})"
    else:
        model = KMeans(n_clusters=k, n_init=n_init, random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # fewer distinct points than k: recorded as n_found
            raw = model.fit_predict(vectors.matrix)
        inertia, extra, method = float(model.inertia_), {}, "KMeans"
    clusters = _renumber(raw)
    table = _assignment_table(vectors, clusters)
    table.attrs.update(
        method=method,
        n_clusters=k,
        n_found=int(clusters.max()),
        n_init=n_init,
        seed=seed,
        inertia=inertia,
        representation=vectors.settings.get("representation", ""),
        **extra,
    )
    return table


def _minibatch_kmeans(matrix, k: int, *, n_init: int, seed: int, batch_size: int, n_epochs: int,
                      engine: Engine | None) -> tuple[np.ndarray, float, dict]:
    """k-means by ``MiniBatchKMeans.partial_fit`` over seeded partitions: (labels, inertia, settings)."""
    from sklearn.cluster import KMeans, MiniBatchKMeans
    from sklearn.exceptions import ConvergenceWarning

    engine = Engine() if engine is None else engine
    n = matrix.shape[0]
    sample_rng, part_rng, order_rng, batch_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4))
    # the starting centres: the best of n_init seeded k-means++ starts, each run to convergence, on a seeded sample
    init_size = min(n, max(3 * batch_size, 3 * k))
    sample = matrix[np.sort(sample_rng.choice(n, size=init_size, replace=False))]
    with _threadpools().limit(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(sample).cluster_centers_
    # the partitions: the shuffled rows cut into equal parts of about BATCHES_PER_PARTITION batches
    n_parts = max(1, min(round(n / (BATCHES_PER_PARTITION * batch_size)), n // k))
    rows = [np.sort(part) for part in np.array_split(part_rng.permutation(n), n_parts)]
    parts = [matrix[r] for r in rows]
    model = MiniBatchKMeans(n_clusters=k, init=start, n_init=1, batch_size=batch_size,
                            random_state=seed, compute_labels=False)
    # every pass's order is drawn up front, so that when the passes stop changes nothing before it
    passes = [order_rng.permutation(n_parts).tolist() for _ in range(n_epochs)]
    state, centres, n_run = (model, batch_rng), start, 0
    for order in passes:
        state = engine.fold(_partial_fit_partition, parts, state, order=order)
        n_run += 1
        moved = float(np.sqrt(((state[0].cluster_centers_ - centres) ** 2).sum(axis=1)).max())
        centres = state[0].cluster_centers_.copy()
        if moved < KMEANS_TOL:
            break
    model = state[0]
    raw = np.empty(n, dtype=np.int64)
    inertia = 0.0
    for r, (labels, part_inertia) in zip(rows, engine.map(_predict_partition, parts, model)):
        raw[r] = labels
        inertia += part_inertia
    return raw, float(inertia), {"n_partitions": n_parts, "batch_size": batch_size, "n_epochs": n_epochs,
                                 "n_epochs_run": n_run}


@functools.cache
def _threadpools():
    """The thread pools of this process (OpenMP, BLAS), which the steps of k-means above LARGE_CORPUS limit to one
    thread: the sums are then made in the same order on every machine, and no thread waits for a busy core."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _partial_fit_partition(state: tuple, part) -> tuple:
    """One partition's turn: ``partial_fit`` on each of its batches, in the order the state's generator draws."""
    from sklearn.exceptions import ConvergenceWarning

    model, rng = state
    n_batches = max(1, min(math.ceil(part.shape[0] / model.batch_size), part.shape[0] // model.n_clusters))
    with _threadpools().limit(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for batch in np.array_split(rng.permutation(part.shape[0]), n_batches):
            model.partial_fit(part[np.sort(batch)])
    return model, rng


def _predict_partition(part, model) -> tuple[np.ndarray, float]:
    """Each row's nearest centre, and the sum of the rows' squared distances to it."""
    with _threadpools().limit(limits=1):
        return model.predict(part), float(-model.score(part))


def _same_path(kept: pd.DataFrame) -> dict:
    """The mini-batch settings of a :func:`kmeans` result (none up to LARGE_CORPUS), for running it again."""
    return {name: int(kept.attrs[name]) for name in ("batch_size", "n_epochs") if name in kept.attrs}


def kmeans_starts(
    vectors: DocumentVectors,
    kept: pd.DataFrame,
    *,
    n_starts: int = 5,
    seed: int = 0,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """k-means from single starts, beside the partition kept from many: how much the start matters.

    Runs :func:`kmeans` with one start (and ``kept``'s batch size and epochs above
    :data:`LARGE_CORPUS` documents) for seeds ``seed .. seed + n_starts - 1`` and compares
    each result with the labels and with ``kept`` (the many-start result). ``inertia_gap =
    inertia / kept_inertia - 1``: how much less compact (positive) a single start's partition
    is than the one kept.

    Parameters
    ----------
    vectors : DocumentVectors
    kept : pandas.DataFrame
        From :func:`kmeans` with ``n_init`` starts (its ``attrs["inertia"]``, ``n_clusters``).
    n_starts : int, default 5
    seed : int, default 0
    engine : corpus_utils.engine.Engine, optional
        Where k-means runs above :data:`LARGE_CORPUS` documents (as :func:`kmeans`; the same results).

    Returns
    -------
    pandas.DataFrame
        One row per start: ``seed, partition`` (1, 2, ... in order of first appearance: equal
        numbers mean the same partition), ``cluster_sizes`` (e.g. ``"3 / 2"``), ``inertia,
        inertia_gap, ari_groups, ari_kept``. ``attrs`` holds ``n_partitions``,
        ``kept_inertia``, ``kept_ari`` (the kept partition against the labels),
        ``kept_sizes`` and ``kept_n_init``.

    Raises
    ------
    ParameterError
        If ``n_starts`` is below 1.

    Examples
    --------
    A single start with inertia 2.383 beside a kept partition of 2.362: ``inertia_gap =
    2.383 / 2.362 - 1 = 0.009`` (0.9 % less compact).
    """
    if n_starts < 1:
        raise ParameterError(f"n_starts must be at least 1 (got {n_starts})")
    k = int(kept.attrs.get("n_clusters", kept["cluster"].max()))
    kept_inertia = float(kept.attrs["inertia"])
    partitions: dict[bytes, int] = {}
    rows = []
    for start in range(seed, seed + n_starts):
        one = kmeans(vectors, k, n_init=1, seed=start, **_same_path(kept), engine=engine)
        clusters = one["cluster"].to_numpy()  # numbered canonically, so equal arrays are equal partitions
        rows.append({
            "seed": start,
            "partition": partitions.setdefault(clusters.tobytes(), len(partitions) + 1),
            "cluster_sizes": " / ".join(str(n) for n in np.bincount(clusters)[1:]),
            "inertia": one.attrs["inertia"],
            "inertia_gap": one.attrs["inertia"] / kept_inertia - 1 if kept_inertia > 0 else np.nan,
            "ari_groups": agreement_scores(one["group"], clusters)["ari"],
            "ari_kept": agreement_scores(kept["cluster"], clusters)["ari"],
        })
    table = pd.DataFrame(rows)
    table.attrs.update(
        n_partitions=len(partitions),
        kept_inertia=kept_inertia,
        kept_ari=agreement_scores(kept["group"], kept["cluster"])["ari"],
        kept_sizes=" / ".join(str(n) for n in np.bincount(kept["cluster"].to_numpy())[1:]),
        kept_n_init=kept.attrs.get("n_init"),
    )
    return table


def seed_stability(
    vectors: DocumentVectors,
    kept: pd.DataFrame,
    *,
    n_seeds: int = 5,
    seed: int = 0,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Whether the partition kept comes back when the clustering is run again with other seeds.

    In words: k-means with the same ``n_init`` starts and the same k (and, above :data:`LARGE_CORPUS`
    documents, the same batch size and epochs) is run for seeds ``seed ..
    seed + n_seeds - 1`` (the run with ``kept``'s own seed is ``kept`` itself), and every pair of
    the partitions is compared by the adjusted Rand index. ``mean_ari``, the mean over all pairs,
    is 1 when every seed gives the same partition; the clustering is stable when it is at least
    :data:`STABLE_ARI`. Agglomerative clustering takes no seed: every seed gives the partition
    kept (``deterministic``). The document vectors are those given: only the clustering is re-run.

    Parameters
    ----------
    vectors : DocumentVectors
    kept : pandas.DataFrame
        From :func:`kmeans` (its ``attrs``: ``method``, ``n_clusters``, ``n_init``, ``seed``) or
        :func:`agglomerative`.
    n_seeds : int, default 5
        Partitions compared, the one kept included.
    seed : int, default 0
        The first seed.
    engine : corpus_utils.engine.Engine, optional
        Where k-means runs above :data:`LARGE_CORPUS` documents (as :func:`kmeans`; the same results).

    Returns
    -------
    pandas.DataFrame
        One row per seed: ``seed, partition`` (1, 2, ... in order of first appearance: equal
        numbers mean the same partition), ``cluster_sizes``, ``ari_kept`` (against ``kept``),
        ``ari_groups`` (against the labels). ``attrs``: ``mean_ari`` and ``min_ari`` (over every
        pair of seeds; 1.0 with a single seed), ``n_partitions``, ``n_seeds``, ``n_init``,
        ``stable`` (``mean_ari >= STABLE_ARI``), ``stable_ari``, ``deterministic``, ``method``.

    Raises
    ------
    ParameterError
        If ``n_seeds`` is below 1.

    References
    ----------
    Steinley, D. (2004). Properties of the Hubert-Arabie adjusted Rand index. *Psychological
    Methods* 9(3), 386-396.

    Examples
    --------
    Three seeds whose partitions agree pairwise with ARIs 1.0, 0.4 and 0.4 have ``mean_ari =
    (1.0 + 0.4 + 0.4) / 3 = 0.6``: below 0.8, unstable.
    """
    if int(n_seeds) < 1:
        raise ParameterError(f"n_seeds must be at least 1 (got {n_seeds})")
    method = str(kept.attrs.get("method", ""))
    deterministic = "kmeans" not in method.lower().replace("-", "")
    k = int(kept.attrs.get("n_clusters", kept["cluster"].max()))
    n_init = kept.attrs.get("n_init")
    kept_seed = kept.attrs.get("seed")
    kept_clusters = kept["cluster"].to_numpy()
    runs = []
    for start in range(int(seed), int(seed) + int(n_seeds)):
        if deterministic or start == kept_seed:
            runs.append(kept_clusters)
        else:
            again = kmeans(vectors, k, n_init=int(n_init or 1), seed=start, **_same_path(kept), engine=engine)
            runs.append(again["cluster"].to_numpy())
    partitions: dict[bytes, int] = {}
    rows = []
    for start, clusters in zip(range(int(seed), int(seed) + int(n_seeds)), runs):
        rows.append({
            "seed": start,
            "partition": partitions.setdefault(clusters.tobytes(), len(partitions) + 1),
            "cluster_sizes": " / ".join(str(n) for n in np.bincount(clusters)[1:]),
            "ari_kept": agreement_scores(kept_clusters, clusters)["ari"],
            "ari_groups": agreement_scores(kept["group"], clusters)["ari"],
        })
    pairs = [agreement_scores(runs[i], runs[j])["ari"] for i in range(len(runs)) for j in range(i + 1, len(runs))]
    mean_ari = float(np.mean(pairs)) if pairs else 1.0
    table = pd.DataFrame(rows, columns=["seed", "partition", "cluster_sizes", "ari_kept", "ari_groups"])
    table.attrs.update(
        mean_ari=mean_ari, min_ari=float(np.min(pairs)) if pairs else 1.0, n_partitions=len(partitions),
        n_seeds=int(n_seeds), n_init=n_init, stable=bool(mean_ari >= STABLE_ARI - 1e-12), stable_ari=STABLE_ARI,
        deterministic=deterministic, method=method,
    )
    return table


def linkage(vectors: DocumentVectors) -> pd.DataFrame:
    """The merge tree of agglomerative clustering with cosine distance and average linkage.

    Start with every document alone; repeatedly merge the two clusters whose average
    pairwise cosine distance (``1 - cos``) is smallest.

    Parameters
    ----------
    vectors : DocumentVectors

    Returns
    -------
    pandas.DataFrame
        One row per merge, in order: ``step, left, right, distance, size`` (scipy's linkage
        matrix: ``left``/``right`` below ``n`` are documents in corpus order, ``n + i`` is the
        cluster made at step ``i``).

    Raises
    ------
    ParameterError
        Above :data:`LARGE_CORPUS` documents.

    References
    ----------
    Sokal, R. & Michener, C. (1958). A statistical method for evaluating systematic
    relationships (UPGMA). *Univ. Kansas Sci. Bull.* 38.
    """
    from scipy.cluster import hierarchy
    from scipy.spatial.distance import squareform

    s = _dense_similarity(vectors, "hierarchical clustering")
    d = np.clip(1.0 - s, 0.0, None)
    np.fill_diagonal(d, 0.0)
    z = hierarchy.linkage(squareform(d, checks=False), method="average")
    table = pd.DataFrame(
        {
            "step": np.arange(1, len(z) + 1),
            "left": z[:, 0].astype(np.int64),
            "right": z[:, 1].astype(np.int64),
            "distance": z[:, 2],
            "size": z[:, 3].astype(np.int64),
        }
    )
    table.attrs.update(method="average", metric="cosine", n_docs=vectors.n_docs)
    return table


def agglomerative(vectors: DocumentVectors, n_clusters: int | None = None) -> pd.DataFrame:
    """Cut the :func:`linkage` tree into ``k`` clusters (cosine distance, average linkage).

    Parameters
    ----------
    vectors : DocumentVectors
    n_clusters : int, optional
        By default the number of distinct labels.

    Returns
    -------
    pandas.DataFrame
        As :func:`kmeans`: ``doc_id, group, cluster, centroid_similarity``; ``attrs`` holds
        ``method, n_clusters, n_found``.

    Raises
    ------
    ParameterError, TooFewDocumentsError
        As :func:`kmeans`; ParameterError also above :data:`LARGE_CORPUS` documents.
    """
    from scipy.cluster import hierarchy

    k = _check_k(vectors, n_clusters, "agglomerative clustering")
    tree = linkage(vectors)
    z = tree[["left", "right", "distance", "size"]].to_numpy(dtype=np.float64)
    raw = hierarchy.cut_tree(z, n_clusters=k).ravel()
    clusters = _renumber(raw)
    table = _assignment_table(vectors, clusters)
    table.attrs.update(
        method="agglomerative (cosine, average)",
        n_clusters=k,
        n_found=int(clusters.max()),
        representation=vectors.settings.get("representation", ""),
    )
    return table


def silhouette_by_k(
    vectors: DocumentVectors,
    k_values: Iterable[int] | None = None,
    *,
    n_init: int = 50,
    seed: int = 0,
    sample_size: int = LARGE_CORPUS,
) -> pd.DataFrame:
    """The cosine silhouette of k-means clusterings for a range of ``k`` (shown, never applied).

    For a document, ``s = (b - a) / max(a, b)`` where ``a`` is its mean cosine distance to
    the rest of its cluster and ``b`` the mean distance to the nearest other cluster; the
    score is the mean over documents, from -1 to 1. On text it is usually close to 0.

    Parameters
    ----------
    vectors : DocumentVectors
    k_values : iterable of int, optional
        By default ``2 .. min(8, n - 1)``.
    n_init, seed : as :func:`kmeans`
    sample_size : int, default LARGE_CORPUS
        Above this many documents, k-means is fitted and the silhouette computed on one
        seeded sample of this many documents (so the scan costs the same at any size).

    Returns
    -------
    pandas.DataFrame
        ``k, silhouette, smallest, largest, n_scored``, sorted by ``k``; ``silhouette`` is NaN
        when k-means found fewer than 2 distinct clusters.

    Raises
    ------
    TooFewDocumentsError
        With fewer than 3 documents (no ``k`` with ``2 <= k <= n - 1``).

    References
    ----------
    Rousseeuw, P. (1987). Silhouettes. *J. Comput. Appl. Math.* 20.
    """
    from sklearn.metrics import silhouette_score

    n = vectors.n_docs
    if n < 3:
        raise TooFewDocumentsError(
            f"the silhouette needs at least 3 documents, for 2 <= k <= n - 1 (got n={n})", fix="Add documents"
        )
    ks = list(range(2, min(8, n - 1) + 1)) if k_values is None else sorted({int(k) for k in k_values})
    bad = [k for k in ks if not 2 <= k <= n - 1]
    if bad:
        raise ParameterError(f"k_values must lie between 2 and n - 1 = {n - 1} (got {bad})")
    sampled = n > sample_size
    if sampled:  # fit and score on one seeded sample: the scan's cost no longer grows with n
        rows_kept = np.sort(np.random.default_rng(seed).choice(n, size=sample_size, replace=False))
        vectors = replace(
            vectors,
            matrix=vectors.matrix[rows_kept],
            weights=vectors.weights[rows_kept],
            doc_ids=vectors.doc_ids[rows_kept],
            labels=vectors.labels[rows_kept],
        )
        n = sample_size
    rows = []
    for k in ks:
        clusters = kmeans(vectors, k, n_init=n_init, seed=seed)["cluster"].to_numpy()
        sizes = np.bincount(clusters)[1:]
        n_found = len(sizes)
        if 2 <= n_found <= n - 1:
            score = silhouette_score(vectors.matrix, clusters, metric="cosine")
        else:
            score = np.nan
        rows.append((k, float(score), int(sizes.min()), int(sizes.max()), min(n, sample_size)))
    table = pd.DataFrame(rows, columns=["k", "silhouette", "smallest", "largest", "n_scored"])
    table.attrs.update(metric="cosine", n_init=n_init, seed=seed, sampled=sampled)
    return table


# --------------------------------------------------------------------------- description


def cluster_terms(vectors: DocumentVectors, assignments: pd.DataFrame, n_terms: int = 10) -> pd.DataFrame:
    """The heaviest terms of each cluster's centroid in TF-IDF space.

    A cluster's centroid weight for a term is the mean of its documents' L2-normalized TF-IDF
    weights for that term (for LSA vectors, the same centroid before reduction). ``docs``
    counts the cluster's documents that use the term: a term carried by one document is that
    document's habit, not the cluster's.

    Parameters
    ----------
    vectors : DocumentVectors
    assignments : pandas.DataFrame
        From :func:`kmeans` or :func:`agglomerative`, rows in the same order as ``vectors``.
    n_terms : int, default 10

    Returns
    -------
    pandas.DataFrame
        ``cluster, rank, term, weight, docs, cluster_docs, docs_elsewhere``; sorted by cluster,
        then weight (descending), then term.

    Raises
    ------
    ParameterError
        If the assignments' documents are not those of ``vectors``.
    """
    if not np.array_equal(assignments["doc_id"].to_numpy(dtype=object), vectors.doc_ids):
        raise ParameterError("the assignments' doc_id column must list the vectors' documents in the same order",
                             fix="Pass the table kmeans() or agglomerative() returned for these vectors")
    clusters = assignments["cluster"].to_numpy()
    n = vectors.n_docs
    k = int(clusters.max())
    member = sp.csr_matrix((np.ones(n), (clusters - 1, np.arange(n))), shape=(k, n))
    sizes = np.asarray(member.sum(axis=1)).ravel()
    sums = (member @ vectors.weights).tocsr()
    present = vectors.weights.copy()
    present.data = np.ones_like(present.data)
    docs = (member @ present).tocsr()
    total_docs = np.asarray(present.sum(axis=0)).ravel()
    frames = []
    for c in range(k):
        lo, hi = sums.indptr[c], sums.indptr[c + 1]
        cols = sums.indices[lo:hi]
        weights = sums.data[lo:hi] / sizes[c]
        order = np.lexsort((cols, -weights))[:n_terms]  # terms are sorted, so column order is term order
        cols = cols[order]
        carry = np.asarray(docs[c, cols].toarray()).ravel().astype(np.int64) if len(cols) else np.zeros(0, np.int64)
        frames.append(
            pd.DataFrame(
                {
                    "cluster": c + 1,
                    "rank": np.arange(1, len(cols) + 1),
                    "term": vectors.terms[cols],
                    "weight": weights[order],
                    "docs": carry,
                    "cluster_docs": int(sizes[c]),
                    "docs_elsewhere": total_docs[cols].astype(np.int64) - carry,
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    table.attrs.update(n_terms=n_terms, weighting="mean L2-normalized TF-IDF")
    return table


def _fix_signs(coords: np.ndarray) -> np.ndarray:
    """Make the largest-magnitude entry of each axis positive (eigen/SVD signs are arbitrary)."""
    idx = np.argmax(np.abs(coords), axis=0)
    signs = np.sign(coords[idx, np.arange(coords.shape[1])])
    return coords * np.where(signs == 0, 1.0, signs)


def map_2d(
    vectors: DocumentVectors,
    assignments: pd.DataFrame | None = None,
    *,
    method: str = "auto",
    seed: int = 0,
) -> pd.DataFrame:
    """Place the documents on a plane so that similar documents land close together.

    ``"mds"`` (classical multidimensional scaling): double-centre the squared cosine
    distances, ``B = -1/2 J D^2 J``, and use the top two eigenvectors scaled by the square
    roots of their eigenvalues. ``"svd"``: the first two ``TruncatedSVD`` components of the
    vectors. ``"auto"`` is MDS up to :data:`MDS_MAX` documents, SVD above. Distances on the
    map are an approximation: ``attrs["shares"]`` says how much of the spread each axis
    holds and ``attrs["held"]`` how much the two hold together (1 when the vectors have two
    dimensions or fewer: the map is then the data).

    Parameters
    ----------
    vectors : DocumentVectors
    assignments : pandas.DataFrame, optional
        Adds their ``cluster`` column.
    method : {"auto", "mds", "svd"}
    seed : int, default 0
        Seed of the randomized SVD.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, group, x, y`` (and ``cluster``), in corpus order.

    Raises
    ------
    ParameterError
        For an unknown method, or MDS above :data:`LARGE_CORPUS` documents.

    References
    ----------
    Torgerson, W. (1952). Multidimensional scaling. *Psychometrika* 17.
    """
    from scipy.linalg import eigh
    from sklearn.decomposition import TruncatedSVD

    n = vectors.n_docs
    if method not in {"auto", "mds", "svd"}:
        raise ParameterError(f"method must be 'auto', 'mds' or 'svd' (got {method!r})")
    if method == "auto":
        method = "mds" if n <= MDS_MAX else "svd"
    if method == "mds":
        d2 = np.clip(1.0 - _dense_similarity(vectors, "classical MDS"), 0.0, None) ** 2
        b = -0.5 * (d2 - d2.mean(axis=0)[None, :] - d2.mean(axis=1)[:, None] + d2.mean())
        b = (b + b.T) / 2
        values, vecs = eigh(b)
        values, vecs = values[::-1], vecs[:, ::-1]
        top = np.clip(values[:2], 0.0, None)
        coords = vecs[:, :2] * np.sqrt(top)[None, :]
        positive = values[values > 0].sum()
        shares = (top / positive).tolist() if positive > 0 else [0.0, 0.0]
        held = float(sum(shares))
    else:
        x = vectors.matrix
        if x.shape[1] <= 2:
            dense = x.toarray() if sp.issparse(x) else np.asarray(x)
            coords = np.pad(dense, ((0, 0), (0, 2 - dense.shape[1])))
            shares = [np.nan, np.nan]
            held = 1.0
        else:
            svd = TruncatedSVD(n_components=2, random_state=seed)
            coords = svd.fit_transform(x)
            shares = svd.explained_variance_ratio_.tolist()
            held = float(sum(shares))
    coords = _fix_signs(np.asarray(coords, dtype=np.float64))
    table = pd.DataFrame({"doc_id": vectors.doc_ids, "group": vectors.labels, "x": coords[:, 0], "y": coords[:, 1]})
    if assignments is not None:
        table = table.merge(assignments[["doc_id", "cluster"]], on="doc_id", how="left")
    table.attrs.update(method=method, shares=[float(s) for s in shares], held=held)
    return table
