"""Tests for corpus_utils.cluster, on toy corpora whose values are worked out by hand."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

import corpus_utils as cu  # noqa: E402
from corpus_utils import cluster  # noqa: E402

IDF_HALF = math.log(3 / 2) + 1  # smoothed idf of a term in 1 of 2 documents: ln((1+2)/(1+1)) + 1


def corpus_of(texts: dict[str, tuple[str, str]], **extra) -> pd.DataFrame:
    """``{doc_id: (label, text)}`` -> a corpus DataFrame (plus extra metadata columns)."""
    frame = pd.DataFrame(
        {"doc_id": list(texts), "group": [v[0] for v in texts.values()], "text": [v[1] for v in texts.values()]}
    )
    for name, values in extra.items():
        frame[name] = values
    return frame


def vectors_of(corpus: pd.DataFrame, **kwargs) -> cluster.DocumentVectors:
    dtm = cu.count_terms(corpus, ngram_range=(1, 1), stop_words="none")
    return cluster.document_vectors(dtm, **kwargs)


@pytest.fixture
def two_topics() -> pd.DataFrame:
    """Two documents about a border, two about a school; labels follow the topic."""
    return corpus_of(
        {
            "a1": ("x", "border wall border fence"),
            "b1": ("y", "school teacher class school"),
            "a2": ("x", "border fence wall wall"),
            "b2": ("y", "teacher class class school"),
        },
        genre=["op-ed", "op-ed", "news", "news"],
    )


@pytest.fixture
def three_docs() -> pd.DataFrame:
    return corpus_of({"d0": ("p", "a b c"), "d1": ("p", "a b d"), "d2": ("q", "a e f")})


class TestDocumentVectors:
    def test_cosine_of_two_documents_matches_the_tfidf_formula(self):
        v = vectors_of(corpus_of({"a": ("x", "public safety"), "b": ("y", "public trust")}))
        # a = (idf(public)=1, idf(safety)=IDF_HALF, 0) / norm, so cos(a, b) = 1 / (1 + IDF_HALF^2)
        expected = 1 / (1 + IDF_HALF**2)
        assert cluster.similarity_matrix(v).loc["a", "b"] == pytest.approx(expected)
        assert v.settings["representation"] == "L2-normalized TF-IDF"

    def test_lsa_only_above_lsa_components_documents(self, two_topics):
        small = vectors_of(two_topics, lsa_components=4)
        reduced = vectors_of(two_topics, lsa_components=2)
        assert small.matrix.shape == (4, 6)
        assert reduced.matrix.shape == (4, 2)
        assert np.allclose(np.linalg.norm(reduced.matrix, axis=1), 1.0)
        assert reduced.settings["representation"].startswith("LSA (2 dimensions)")

    def test_one_document_is_too_few(self):
        with pytest.raises(cu.TooFewDocumentsError, match=r"at least 2 documents \(got n=1\)"):
            vectors_of(corpus_of({"a": ("x", "one text")}))


class TestKMeans:
    def test_recovers_two_topics_numbered_by_size_then_first_document(self, two_topics):
        result = cluster.kmeans(vectors_of(two_topics))
        assert result["doc_id"].tolist() == ["a1", "b1", "a2", "b2"]
        assert result["cluster"].tolist() == [1, 2, 1, 2]
        assert result.attrs["n_clusters"] == 2  # the number of labels by default
        assert result.attrs["method"] == "KMeans"

    def test_same_seed_same_clusters(self, seed_corpus):
        v = cluster.document_vectors(cu.count_terms(seed_corpus))
        first = cluster.kmeans(v, 3, n_init=5, seed=7)
        second = cluster.kmeans(v, 3, n_init=5, seed=7)
        pd.testing.assert_frame_equal(first, second)
        assert first.attrs == second.attrs

    def test_fewer_documents_than_k_is_a_clear_error(self, three_docs):
        with pytest.raises(cu.TooFewDocumentsError) as info:
            cluster.kmeans(vectors_of(three_docs), 4)
        assert str(info.value) == (
            "k-means with k=4 clusters needs at least 4 documents (got n=3). Lower n_clusters, or add documents."
        )

    def test_one_cluster_is_refused(self, three_docs):
        with pytest.raises(cu.ParameterError, match=r"at least 2 clusters \(got k=1\)"):
            cluster.kmeans(vectors_of(three_docs), 1)

    def test_large_corpus_uses_minibatch(self, two_topics, monkeypatch):
        monkeypatch.setattr(cluster, "LARGE_CORPUS", 3)
        result = cluster.kmeans(vectors_of(two_topics), n_init=3)
        assert result.attrs["method"] == "MiniBatchKMeans (partial_fit over 1 partition)"
        assert (result.attrs["n_partitions"], result.attrs["batch_size"], result.attrs["n_epochs"]) == (1, 1024, 10)
        assert result["cluster"].tolist() == [1, 2, 1, 2]

    @pytest.mark.parametrize("name", ["n_init", "batch_size", "n_epochs"])
    def test_counts_below_one_are_refused(self, two_topics, name):
        with pytest.raises(cu.ParameterError, match=f"{name} must be at least 1 \\(got 0\\)"):
            cluster.kmeans(vectors_of(two_topics), **{name: 0})


def planted(n: int = 2_400, k: int = 3, dims: int = 12, noise: float = 0.05, seed: int = 11) -> cluster.DocumentVectors:
    """``n`` unit vectors around ``k`` orthogonal directions (labels g1..gk, in a shuffled order)."""
    rng = np.random.default_rng(seed)
    truth = rng.permutation(np.arange(n) % k)
    points = np.eye(dims)[truth] + noise * rng.standard_normal((n, dims))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return cluster.DocumentVectors(
        matrix=points, weights=sp.csr_matrix(points), terms=np.array([f"t{j}" for j in range(dims)], dtype=object),
        doc_ids=np.array([f"d{i:04d}" for i in range(n)], dtype=object),
        labels=np.array([f"g{t + 1}" for t in truth], dtype=object), settings={"representation": "planted"},
    )


class RecordingEngine(cu.engine.Engine):
    """The in-memory engine, which notes the partitions and the order of the steps it is given."""

    def __init__(self, partitions: int, workers: int):
        super().__init__(partitions)
        self.workers, self.folds, self.maps = workers, [], []

    @property
    def n_workers(self) -> int:
        return self.workers

    def fold(self, func, parts, state, order=None):
        self.folds.append(([np.asarray(p).copy() for p in parts], list(order)))
        return super().fold(func, parts, state, order)

    def map(self, func, parts, *shared):
        self.maps.append([np.asarray(p).copy() for p in parts])
        return super().map(func, parts, *shared)


class TestKMeansAboveLargeCorpus:
    def test_the_passes_stop_once_no_centre_moves(self, monkeypatch):
        v = planted(noise=0.6)
        full = RecordingEngine(partitions=1, workers=1)
        monkeypatch.setattr(cluster, "KMEANS_TOL", 0.0)  # never still enough: every pass is made
        every = cluster.kmeans(v, 3, n_init=2, seed=2, batch_size=100, n_epochs=6, engine=full)
        assert every.attrs["n_epochs_run"] == 6 and len(full.folds) == 6
        monkeypatch.setattr(cluster, "KMEANS_TOL", np.inf)  # still enough after the first pass
        first = RecordingEngine(partitions=1, workers=1)
        once = cluster.kmeans(v, 3, n_init=2, seed=2, batch_size=100, n_epochs=6, engine=first)
        assert once.attrs["n_epochs_run"] == 1 and len(first.folds) == 1
        assert first.folds[0][1] == full.folds[0][1]  # the same first pass: stopping changes nothing before it
        monkeypatch.undo()
        stopped = cluster.kmeans(v, 3, n_init=2, seed=2, batch_size=100, n_epochs=6)
        assert 1 < stopped.attrs["n_epochs_run"] <= 6  # these overlapping clusters settle within six passes

    def test_planted_clusters_are_recovered(self):
        v = planted()
        result = cluster.kmeans(v, 3, n_init=5, batch_size=100)
        assert adjusted_rand_score(v.labels, result["cluster"]) == 1.0
        assert np.bincount(result["cluster"])[1:].tolist() == [800, 800, 800]
        # 2,400 rows in partitions of about 8 batches of 100: round(2400 / 800) = 3 partitions
        assert result.attrs["method"] == "MiniBatchKMeans (partial_fit over 3 partitions)"
        assert set(result.attrs) == {"method", "n_clusters", "n_found", "n_init", "seed", "inertia", "representation",
                                     "n_partitions", "batch_size", "n_epochs", "n_epochs_run"}
        assert 1 <= result.attrs["n_epochs_run"] <= result.attrs["n_epochs"] == 10

    def test_inertia_is_that_of_the_final_centres(self):
        # the planted clusters found, the centres' squared distances sum to at least the within-cluster sum of squares
        # (the means minimise it) and, after ten passes, to little more
        v = planted()
        result = cluster.kmeans(v, 3, n_init=5, batch_size=100)
        clusters = result["cluster"].to_numpy()
        within = sum(((v.matrix[clusters == c] - v.matrix[clusters == c].mean(axis=0)) ** 2).sum() for c in (1, 2, 3))
        assert within <= result.attrs["inertia"] <= within * 1.01

    def test_same_seed_same_result_and_the_seed_decides(self):
        v = planted(noise=0.6)  # overlapping clusters: where the borders fall depends on the start and the batches
        first = cluster.kmeans(v, 3, n_init=2, seed=4, batch_size=100)
        pd.testing.assert_frame_equal(first, cluster.kmeans(v, 3, n_init=2, seed=4, batch_size=100), check_exact=True)
        assert first.attrs == cluster.kmeans(v, 3, n_init=2, seed=4, batch_size=100).attrs
        other = cluster.kmeans(v, 3, n_init=2, seed=5, batch_size=100)
        assert other.attrs["inertia"] != first.attrs["inertia"]

    def test_every_engine_gives_the_same_clusters(self):
        v = planted(noise=0.6)
        expected = cluster.kmeans(v, 3, n_init=2, seed=1, batch_size=100)
        for engine in (cu.engine.memory(), cu.engine.memory(partitions=3), cu.engine.memory(partitions=7)):
            got = cluster.kmeans(v, 3, n_init=2, seed=1, batch_size=100, engine=engine)
            pd.testing.assert_frame_equal(got, expected, check_exact=True)
            assert got.attrs == expected.attrs

    def test_the_schedule_depends_on_the_data_not_on_the_engine(self):
        v = planted()
        one, many = RecordingEngine(partitions=1, workers=1), RecordingEngine(partitions=16, workers=4)
        cluster.kmeans(v, 3, n_init=2, seed=3, batch_size=100, n_epochs=4, engine=one)
        cluster.kmeans(v, 3, n_init=2, seed=3, batch_size=100, n_epochs=4, engine=many)
        parts, order = one.folds[0][0], [i for _, step in one.folds for i in step]
        parts_many, order_many = many.folds[0][0], [i for _, step in many.folds for i in step]
        assert order == order_many and all(np.array_equal(a, b) for a, b in zip(parts, parts_many))
        # three partitions of 800 rows holding every row once; each pass (one fold) visits each partition once
        assert [len(p) for p in parts] == [800, 800, 800]
        assert np.unique(np.concatenate(parts), axis=0).shape[0] == 2_400
        assert 1 <= len(one.folds) <= 4 and len(order) == 3 * len(one.folds)
        assert all(sorted(order[i:i + 3]) == [0, 1, 2] for i in range(0, len(order), 3))
        # the clusters are assigned over the same partitions
        assert all(np.array_equal(a, b) for a, b in zip(one.maps[0], parts))

    def test_starts_and_seeds_run_the_same_path(self, monkeypatch):
        v = planted()
        engine = cu.engine.memory(partitions=2)
        kept = cluster.kmeans(v, 3, n_init=2, batch_size=100, n_epochs=3)
        calls = []
        real = cluster.kmeans

        def spy(*args, **kwargs):
            calls.append({name: kwargs.get(name) for name in ("n_init", "batch_size", "n_epochs", "engine")})
            return real(*args, **kwargs)

        monkeypatch.setattr(cluster, "kmeans", spy)
        starts = cluster.kmeans_starts(v, kept, n_starts=2, engine=engine)
        seeds = cluster.seed_stability(v, kept, n_seeds=2, engine=engine)
        assert calls == [{"n_init": 1, "batch_size": 100, "n_epochs": 3, "engine": engine}] * 2 + [
            {"n_init": 2, "batch_size": 100, "n_epochs": 3, "engine": engine}]
        assert starts["ari_groups"].tolist() == [1.0, 1.0] and seeds.attrs["mean_ari"] == 1.0


class TestLinkageAndAgglomerative:
    def test_average_linkage_merges_by_mean_cosine_distance(self, three_docs):
        v = vectors_of(three_docs)
        d = 1 - cluster.similarity_matrix(v).to_numpy()
        tree = cluster.linkage(v)
        # d0 and d1 share two of three words: the closest pair merges first
        assert tree.loc[0, ["left", "right", "size"]].tolist() == [0, 1, 2]
        assert tree.loc[0, "distance"] == pytest.approx(d[0, 1])
        # average linkage: d2 joins at the mean of its distances to d0 and d1
        assert tree.loc[1, ["left", "right", "size"]].tolist() == [2, 3, 3]
        assert tree.loc[1, "distance"] == pytest.approx((d[2, 0] + d[2, 1]) / 2)

    def test_cut_gives_k_clusters(self, three_docs, two_topics):
        assert cluster.agglomerative(vectors_of(three_docs))["cluster"].tolist() == [1, 1, 2]
        assert cluster.agglomerative(vectors_of(two_topics))["cluster"].tolist() == [1, 2, 1, 2]

    def test_refused_above_large_corpus(self, three_docs, monkeypatch):
        monkeypatch.setattr(cluster, "LARGE_CORPUS", 2)
        with pytest.raises(cu.ParameterError, match="above LARGE_CORPUS=2 documents it is skipped"):
            cluster.linkage(vectors_of(three_docs))


class TestSilhouette:
    def test_k_range_and_value_by_the_formula(self, two_topics):
        v = vectors_of(two_topics)
        table = cluster.silhouette_by_k(v, n_init=5)
        assert table["k"].tolist() == [2, 3]  # 2 .. min(8, n - 1)
        # by hand for k = 2: s(i) = (b - a) / max(a, b) with cosine distances
        d = 1 - cluster.similarity_matrix(v).to_numpy()
        labels = np.array([1, 2, 1, 2])
        s = []
        for i in range(4):
            same = [j for j in range(4) if labels[j] == labels[i] and j != i]
            other = [j for j in range(4) if labels[j] != labels[i]]
            a, b = d[i, same].mean(), d[i, other].mean()
            s.append((b - a) / max(a, b))
        assert table.loc[0, "silhouette"] == pytest.approx(np.mean(s))
        assert table.loc[0, ["smallest", "largest"]].tolist() == [2, 2]

    def test_needs_three_documents(self):
        v = vectors_of(corpus_of({"a": ("x", "one"), "b": ("y", "two")}))
        with pytest.raises(cu.TooFewDocumentsError, match=r"at least 3 documents.*\(got n=2\)"):
            cluster.silhouette_by_k(v)


class TestSeed:
    @pytest.mark.parametrize(
        "function",
        [cluster.document_vectors, cluster.nearest_neighbors, cluster.kmeans, cluster.silhouette_by_k, cluster.map_2d],
    )
    def test_every_random_step_takes_seed(self, function):
        import inspect

        parameters = inspect.signature(function).parameters
        assert "seed" in parameters and parameters["seed"].default == 0

    def test_seed_is_recorded_and_decides_the_result(self, seed_corpus):
        v = cluster.document_vectors(cu.count_terms(seed_corpus), seed=3)
        assert v.settings["seed"] == 3
        table = cluster.kmeans(v, 2, n_init=1, seed=5)
        assert table.attrs["seed"] == 5
        pd.testing.assert_frame_equal(table, cluster.kmeans(v, 2, n_init=1, seed=5))


class TestNearestNeighbors:
    def test_sorted_by_similarity_without_self(self, three_docs):
        v = vectors_of(three_docs)
        s = cluster.similarity_matrix(v)
        table = cluster.nearest_neighbors(v, n_neighbors=5)
        assert len(table) == 6  # capped at n - 1 = 2 per document
        d0 = table[table["doc_id"] == "d0"]
        assert d0["neighbor"].tolist() == ["d1", "d2"]
        assert d0["similarity"].tolist() == pytest.approx([s.loc["d0", "d1"], s.loc["d0", "d2"]])
        assert d0["same_group"].tolist() == [True, False]

    def test_samples_queries_above_sample_size(self, two_topics):
        table = cluster.nearest_neighbors(vectors_of(two_topics), 1, sample_size=2, seed=3)
        assert table.attrs["n_queried"] == 2 and table.attrs["sampled"]
        assert len(table) == 2
        assert (table["doc_id"] != table["neighbor"]).all()


class TestClusterTerms:
    def test_centroid_weight_is_the_mean_tfidf(self, three_docs):
        v = vectors_of(three_docs)
        assignments = pd.DataFrame({"doc_id": ["d0", "d1", "d2"], "group": ["p", "p", "q"], "cluster": [1, 1, 2]})
        table = cluster.cluster_terms(v, assignments, n_terms=10)
        weights = pd.DataFrame(v.weights.toarray(), columns=v.terms)
        one = table[table["cluster"] == 1].set_index("term")
        assert one.loc["b", "weight"] == pytest.approx(weights.loc[[0, 1], "b"].mean())
        assert one.loc["c", "docs"] == 1 and one.loc["b", "docs"] == 2
        assert one.loc["a", "docs_elsewhere"] == 1
        # weight descending, then term ascending
        assert one.index[0] == "b"
        assert list(one.index[one["weight"] == one.loc["c", "weight"]]) == ["c", "d"]

    def test_refuses_assignments_of_other_documents(self, three_docs):
        v = vectors_of(three_docs)
        wrong = pd.DataFrame({"doc_id": ["d1", "d0", "d2"], "cluster": [1, 1, 2]})
        with pytest.raises(cu.ParameterError, match="same order"):
            cluster.cluster_terms(v, wrong)


class TestMap2D:
    def test_mds_of_three_documents_keeps_their_distances(self, three_docs):
        v = vectors_of(three_docs)
        d = 1 - cluster.similarity_matrix(v).to_numpy()
        points = cluster.map_2d(v)
        xy = points[["x", "y"]].to_numpy()
        mapped = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2)
        # three distances that obey the triangle inequality embed exactly in the plane
        assert d[0, 2] <= d[0, 1] + d[1, 2]
        assert mapped == pytest.approx(d, abs=1e-9)
        assert points.attrs["method"] == "mds"
        assert sum(points.attrs["shares"]) == pytest.approx(1.0)

    def test_svd_map_and_unknown_method(self, two_topics):
        v = vectors_of(two_topics)
        assert cluster.map_2d(v, method="svd").attrs["method"] == "svd"
        with pytest.raises(cu.ParameterError, match=r"'auto', 'mds' or 'svd' \(got 'tsne'\)"):
            cluster.map_2d(v, method="tsne")


class TestFigureData:
    def test_same_seed_same_figure_data(self, seed_corpus):
        def draw():
            v = cluster.document_vectors(cu.count_terms(seed_corpus))
            points = cluster.map_2d(v, cluster.kmeans(v, n_init=5, seed=1))
            fig, ax = cu.plot.plot_cluster_map(points)
            offsets = [c.get_offsets().data.copy() for c in ax.collections]
            matplotlib.pyplot.close(fig)
            return points, offsets

        (p1, o1), (p2, o2) = draw(), draw()
        pd.testing.assert_frame_equal(p1, p2)
        assert len(o1) == len(o2) == p1["cluster"].nunique()
        for a, b in zip(o1, o2):
            assert np.array_equal(a, b)


class TestSilhouetteOnLargeCorpora:
    def test_fits_and_scores_one_seeded_sample_above_sample_size(self):
        texts = [f"trust community fear {i % 3} witness" if i % 2 else f"crime custody aliens {i % 4} detainer"
                 for i in range(12)]
        corpus = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(12)], "group": ["a", "b"] * 6, "text": texts})
        vectors = cluster.document_vectors(cu.count_terms(corpus, ngram_range=(1, 1)))
        table = cluster.silhouette_by_k(vectors, [2, 3], n_init=3, seed=0, sample_size=8)
        again = cluster.silhouette_by_k(vectors, [2, 3], n_init=3, seed=0, sample_size=8)
        assert table.attrs["sampled"] is True
        assert table["n_scored"].tolist() == [8, 8]
        assert (table["smallest"] + table["largest"] <= 8).all()
        pd.testing.assert_frame_equal(table, again)


class TestTermsPerDocument:
    def test_counts_each_documents_terms(self):
        v = vectors_of(corpus_of({"d0": ("p", "a b c"), "d1": ("q", "a e")}))
        table = cluster.terms_per_document(v)
        assert table.values.tolist() == [["d0", "p", 3], ["d1", "q", 2]]
        assert table.attrs["n_terms"] == 4  # a, b, c, e


class TestNeighborSummary:
    def test_same_group_share_chance_and_best_pair_by_hand(self):
        neighbors = pd.DataFrame({
            "doc_id": ["d0", "d1", "d2"], "group": ["x", "x", "y"], "rank": [1, 1, 1],
            "neighbor": ["d1", "d0", "d0"], "neighbor_group": ["x", "x", "x"],
            "similarity": [0.5, 0.5, 0.2], "same_group": [True, True, False],
        })
        row = cluster.neighbor_summary(neighbors, ["x", "x", "y"]).iloc[0]
        # chance = (2 * 1 + 1 * 0) / (3 * 2) = 1/3; the tie at 0.5 goes to d0 -> d1
        assert (row["n_queried"], row["same_group"]) == (3, 2)
        assert row["same_share"] == pytest.approx(2 / 3)
        assert row["chance"] == pytest.approx(1 / 3)
        assert row["median_similarity"] == pytest.approx(0.5)
        assert (row["best_doc"], row["best_neighbor"], row["best_similarity"]) == ("d0", "d1", 0.5)
        assert not row["sampled"]


class TestKMeansStarts:
    def test_partitions_are_numbered_by_first_appearance_and_gaps_follow_the_formula(self, two_topics, monkeypatch):
        v = vectors_of(two_topics)
        kept = cluster.kmeans(v, 2, n_init=5, seed=0)
        kept.attrs["inertia"] = 1.0
        # labels x y x y; seeds 0..3 give partitions A, B, A, C with inertias 1.0, 1.1, 1.0, 1.3
        runs = {0: ([1, 2, 1, 2], 1.0), 1: ([1, 1, 2, 2], 1.1), 2: ([1, 2, 1, 2], 1.0), 3: ([1, 1, 1, 2], 1.3)}

        def fake_kmeans(vectors, k, *, n_init, seed, engine=None):
            clusters, inertia = runs[seed]
            table = pd.DataFrame({"doc_id": vectors.doc_ids, "group": vectors.labels, "cluster": clusters})
            table.attrs["inertia"] = inertia
            return table

        monkeypatch.setattr(cluster, "kmeans", fake_kmeans)
        table = cluster.kmeans_starts(v, kept, n_starts=4, seed=0)
        assert table["partition"].tolist() == [1, 2, 1, 3]
        assert table["cluster_sizes"].tolist() == ["2 / 2", "2 / 2", "2 / 2", "3 / 1"]
        assert table["inertia_gap"].tolist() == pytest.approx([0.0, 0.1, 0.0, 0.3])
        assert table["ari_groups"].tolist() == pytest.approx([1.0, -0.5, 1.0, 0.0])
        assert table.attrs["n_partitions"] == 3
        assert (table.attrs["kept_ari"], table.attrs["kept_sizes"]) == (1.0, "2 / 2")

    def test_real_single_starts_on_two_clear_topics_all_find_them(self, two_topics):
        v = vectors_of(two_topics)
        kept = cluster.kmeans(v, 2, n_init=10, seed=0)
        table = cluster.kmeans_starts(v, kept, n_starts=3, seed=7)
        assert table["seed"].tolist() == [7, 8, 9]
        assert table.attrs["n_partitions"] == 1
        assert table["ari_kept"].tolist() == [1.0, 1.0, 1.0]
        assert table["inertia_gap"].abs().max() < 1e-9

    def test_at_least_one_start(self, two_topics):
        v = vectors_of(two_topics)
        with pytest.raises(cu.ParameterError, match="n_starts must be at least 1"):
            cluster.kmeans_starts(v, cluster.kmeans(v, 2, n_init=2), n_starts=0)


class TestSeedStability:
    def test_the_mean_ari_over_every_pair_of_seeds(self, two_topics, monkeypatch):
        v = vectors_of(two_topics)
        kept = cluster.kmeans(v, 2, n_init=5, seed=0)  # labels x y x y, clusters 1 2 1 2
        calls = []
        runs = {1: [1, 1, 2, 2], 2: [1, 2, 1, 2], 3: [1, 1, 1, 2]}

        def fake_kmeans(vectors, k, *, n_init, seed, engine=None):
            calls.append((k, n_init, seed))
            return pd.DataFrame({"doc_id": vectors.doc_ids, "group": vectors.labels, "cluster": runs[seed]})

        monkeypatch.setattr(cluster, "kmeans", fake_kmeans)
        table = cluster.seed_stability(v, kept, n_seeds=4, seed=0)
        # seed 0 is the partition kept; the others are re-run with the same k and n_init
        assert calls == [(2, 5, 1), (2, 5, 2), (2, 5, 3)]
        assert table["seed"].tolist() == [0, 1, 2, 3]
        assert table["partition"].tolist() == [1, 2, 1, 3]
        assert table["cluster_sizes"].tolist() == ["2 / 2", "2 / 2", "2 / 2", "3 / 1"]
        assert table["ari_kept"].tolist() == pytest.approx([1.0, -0.5, 1.0, 0.0])
        # pairs (0,1) -0.5, (0,2) 1, (0,3) 0, (1,2) -0.5, (1,3) 0, (2,3) 0: mean 0, lowest -0.5
        assert table.attrs["mean_ari"] == pytest.approx(0.0) and table.attrs["min_ari"] == pytest.approx(-0.5)
        assert (table.attrs["n_partitions"], table.attrs["n_seeds"], table.attrs["n_init"]) == (3, 4, 5)
        assert not table.attrs["stable"] and table.attrs["stable_ari"] == cluster.STABLE_ARI == 0.8
        assert not table.attrs["deterministic"]

    def test_two_clear_topics_come_back_with_every_seed(self, two_topics):
        v = vectors_of(two_topics)
        table = cluster.seed_stability(v, cluster.kmeans(v, 2, n_init=3, seed=4), n_seeds=3, seed=4)
        assert table["seed"].tolist() == [4, 5, 6] and table["partition"].tolist() == [1, 1, 1]
        assert (table.attrs["mean_ari"], table.attrs["min_ari"], table.attrs["stable"]) == (1.0, 1.0, True)

    def test_agglomerative_clustering_takes_no_seed(self, two_topics):
        v = vectors_of(two_topics)
        table = cluster.seed_stability(v, cluster.agglomerative(v, 2), n_seeds=5)
        assert table.attrs["deterministic"] and table.attrs["mean_ari"] == 1.0
        assert table["partition"].tolist() == [1] * 5

    def test_one_seed_and_none(self, two_topics):
        v = vectors_of(two_topics)
        kept = cluster.kmeans(v, 2, n_init=2, seed=0)
        one = cluster.seed_stability(v, kept, n_seeds=1)
        assert len(one) == 1 and (one.attrs["mean_ari"], one.attrs["stable"]) == (1.0, True)
        with pytest.raises(cu.ParameterError, match="n_seeds must be at least 1"):
            cluster.seed_stability(v, kept, n_seeds=0)

    def test_the_thresholds_are_steinleys(self):
        assert (cluster.STABLE_ARI, cluster.WEAK_ARI) == (0.8, 0.65)


class TestMapHeld:
    def test_three_documents_are_held_whole_by_the_plane(self, three_docs):
        assert cluster.map_2d(vectors_of(three_docs)).attrs["held"] == pytest.approx(1.0)

    def test_vectors_of_two_terms_are_their_own_map(self):
        v = vectors_of(corpus_of({"a": ("x", "p q"), "b": ("y", "p p q"), "c": ("y", "q")}))
        assert cluster.map_2d(v, method="svd").attrs["held"] == 1.0
