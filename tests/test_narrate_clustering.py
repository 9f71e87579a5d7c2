"""Tests for corpus_utils.narrate.clustering (chapter 04).

Each test builds the small table an analysis function of :mod:`corpus_utils.cluster` would return,
by hand, and asserts the whole sentence it must give: k from the groups or set, a large corpus
(mini-batches, samples, no dendrogram), k-means starts that find other partitions, agreement that the
test can and cannot tell, singular and plural, and values full of Markdown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_utils import narrate
from narrate_tables import MD_DOLLAR, MD_DOLLAR_ESC, table


class TestClusteringSetup:
    def test_two_groups_k_from_the_groups(self):
        corpus = pd.DataFrame({"group": ["b", "a", "b"]})
        assert narrate.clustering_setup(corpus, 2) == (
            "This chapter clusters 3 documents (1 *a* and 2 *b*) into k = 2 clusters (the number of groups)."
        )

    def test_a_large_corpus_and_k_set_by_hand(self):
        corpus = pd.DataFrame({"group": ["a"] * 1500 + ["b"] * 501 + ["c"]})
        assert narrate.clustering_setup(corpus, 4, n_clusters=4) == (
            "This chapter clusters 2,002 documents (1,500 *a*, 501 *b* and 1 *c*) into k = 4 clusters (set by "
            "`n_clusters`). The corpus is larger than 2,000 documents, so k-means runs in mini-batches, the n × n "
            "similarity heatmap, the dendrogram and agglomerative clustering are skipped, and neighbours and silhouettes "
            "are computed on a seeded sample."
        )


class TestVectorSpace:
    def test_lsa_and_documents_with_no_term(self):
        terms = table([{"terms": 3}, {"terms": 0}], n_terms=1200)
        settings = {"representation": "LSA (100 dimensions) of L2-normalized TF-IDF", "lsa_components": 100,
                    "explained_variance": 0.62, "n_empty": 1, "min_df": 2}
        assert narrate.vector_space(terms, settings) == (
            "Each document is a vector over 1,200 terms (used by at least 2 documents); a document uses between 0 and 3 "
            "of them. Clustering reads: LSA (100 dimensions) of L2-normalized TF-IDF, whose 100 dimensions keep 62% of "
            "the TF-IDF variance. **1 document kept no term** after `min_df`: such a document is similar to nothing and "
            "lands in a cluster arbitrarily; lower `min_df` or check those texts."
        )


class TestNeighborsReading:
    def test_sampled_and_similar(self):
        summary = table([dict(n_queried=2000, same_group=1500, same_share=0.75, chance=0.5, median_similarity=0.6,
                              best_doc="d1", best_neighbor=MD_DOLLAR, best_similarity=0.98, sampled=True)])
        assert narrate.neighbors_reading(summary) == (
            "For 1,500 of 2,000 documents (a seeded sample) the most similar other document carries the same label "
            "(75%); a document drawn at random from the rest would share the label 50% of the time. The most similar "
            f"pair is *d1* and *{MD_DOLLAR_ESC}* (cosine 0.98); the median similarity to the nearest neighbour is 0.60."
        )

    def test_one_document_and_little_in_common(self):
        summary = table([dict(n_queried=1, same_group=1, same_share=1.0, chance=0.0, median_similarity=0.2,
                              best_doc="d1", best_neighbor="d2", best_similarity=0.2, sampled=False)])
        assert narrate.neighbors_reading(summary) == (
            "For 1 of 1 document the most similar other document carries the same label (100%); a document drawn at "
            "random from the rest would share the label 0% of the time. The most similar pair is *d1* and *d2* (cosine "
            "0.20); the median similarity to the nearest neighbour is 0.20, so even the closest documents share only a "
            "small part of their weighted vocabulary."
        )


class TestSilhouetteReading:
    def test_few_documents(self):
        sil = table([{"k": 2, "silhouette": 0.071, "n_scored": 5}, {"k": 3, "silhouette": 0.008, "n_scored": 5}],
                    sampled=False)
        assert narrate.silhouette_reading(sil, 2, 5) == (
            "The mean silhouette peaks at k = 2 (0.071); at the k used here, 2, it is 0.071. Values range from 0.008 to "
            "0.071; all are below 0.25, i.e. no k gives well-separated clusters. Silhouettes near 0 are usual for text, "
            "whose documents share a common vocabulary and differ in details; with 5 documents, a difference in the "
            "third decimal is noise."
        )

    def test_a_large_sampled_corpus(self):
        sil = table([{"k": 2, "silhouette": 0.3, "n_scored": 2000}, {"k": 3, "silhouette": np.nan, "n_scored": 2000}],
                    sampled=True)
        text = narrate.silhouette_reading(sil, 3, 5000)
        assert text == (
            "The mean silhouette peaks at k = 2 (0.300). Values range from 0.300 to 0.300. Silhouettes near 0 are usual "
            "for text, whose documents share a common vocabulary and differ in details; with 5,000 documents, small "
            "differences between k are not decisive. (Scored on a seeded sample of 2,000 documents.)"
        )
        assert "third decimal" not in text

    def test_no_k_found_two_clusters(self):
        sil = table([{"k": 2, "silhouette": np.nan, "n_scored": 3}], sampled=False)
        assert narrate.silhouette_reading(sil, 2, 3) == (
            "k-means found fewer than two distinct clusters for every k: the documents are too alike to cluster."
        )


def starts_rows(rows, **attrs):
    columns = ["seed", "partition", "inertia", "inertia_gap", "ari_groups", "ari_kept"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame.attrs.update({"n_partitions": int(frame["partition"].max()) if len(frame) else 0, "kept_inertia": 2.362,
                        "kept_ari": 0.17, "kept_sizes": "3 / 2", "kept_n_init": 50, **attrs})
    return frame


def kept_table(n_found=2, n_clusters=2):
    frame = pd.DataFrame({"cluster": [1, 2]})
    frame.attrs.update(n_found=n_found, n_clusters=n_clusters)
    return frame


class TestKMeansStartsReading:
    SEED_LIKE = [(0, 1, 2.453, 0.0386, 0.17, -0.25), (1, 2, 2.362, 0.0, 0.17, 1.0), (2, 2, 2.362, 0.0, 0.17, 1.0),
                 (3, 2, 2.362, 0.0, 0.17, 1.0), (4, 3, 2.383, 0.0087, 1.0, 0.17)]

    def test_a_gap_under_one_percent_is_worded_from_the_numbers(self):
        text = narrate.kmeans_starts_reading(starts_rows(self.SEED_LIKE), kept_table())
        assert text == (
            "The 5 single starts end in 3 different partitions (their inertia ranges from 2.362 to 2.453); with 50 "
            "starts the most compact partition has inertia 2.362 and cluster sizes 3 / 2, with an ARI of 0.17 against "
            "the labels. A single start (seed 4) found a partition that matches the labels better (ARI 1.00), with "
            "inertia 2.383: 0.9% more than the 2.362 of the partition kept. k-means keeps the more compact partition, "
            "but the split that follows the labels is nearly as compact: by inertia, the vectors favour the partition "
            "kept only slightly, not decisively."
        )
        assert "does not prefer" not in text and "cannot tell" not in text

    def test_a_large_gap(self):
        rows = [(0, 1, 2.362, 0.0, 0.17, 1.0), (1, 2, 2.65, 0.122, 0.6, 0.1)]
        assert narrate.kmeans_starts_reading(starts_rows(rows), kept_table()).endswith(
            "A single start (seed 1) found a partition that matches the labels better (ARI 0.60), with inertia 2.650: "
            "12.2% more than the 2.362 of the partition kept: the documents group more compactly in another way than by "
            "label, and k-means reports that grouping."
        )

    def test_a_single_start_no_more_compact_than_the_kept_one(self):
        rows = [(7, 1, 2.362, 0.0, 0.5, 0.2)]
        assert narrate.kmeans_starts_reading(starts_rows(rows), kept_table(n_found=1)) == (
            "The single start ends in one partition (inertia 2.362); with 50 starts the most compact partition has "
            "inertia 2.362 and cluster sizes 3 / 2, with an ARI of 0.17 against the labels. A single start (seed 7) "
            "found a partition that matches the labels better (ARI 0.50), with inertia 2.362: no more than the partition "
            "kept (2.362): the 50 starts missed a partition at least as compact that follows the labels better; more "
            "starts (`n_init`) would settle which is more compact. Only 1 distinct cluster was found (some documents "
            "are identical)."
        )

    def test_fewer_clusters_found_than_asked(self):
        rows = [(0, 1, 2.362, 0.0, 0.17, 1.0)]
        assert narrate.kmeans_starts_reading(starts_rows(rows), kept_table(n_found=2, n_clusters=3)).endswith(
            " Only 2 distinct clusters were found (some documents are identical)."
        )

    def test_every_start_the_same_partition(self):
        rows = [(s, 1, 2.362, 0.0, 0.17, 1.0) for s in range(3)]
        assert narrate.kmeans_starts_reading(starts_rows(rows), kept_table()) == (
            "The 3 single starts end in the same partition (inertia 2.362); with 50 starts "
            "the most compact partition has inertia 2.362 and cluster sizes 3 / 2, with an ARI of 0.17 against the "
            "labels."
        )


def seeds_table(n_seeds=5, n_partitions=1, mean=1.0, low=1.0, n_init=50, deterministic=False):
    return table([{"seed": i} for i in range(n_seeds)], mean_ari=mean, min_ari=low, n_partitions=n_partitions,
                 n_seeds=n_seeds, n_init=n_init, deterministic=deterministic, stable=mean >= 0.8, stable_ari=0.8)


class TestSeedStabilityReading:
    def test_every_seed_gives_the_partition_kept(self):
        assert narrate.seed_stability_reading(seeds_table()) == (
            "Run again with 4 other seeds (50 starts each), k-means ends in the same partition every time: the mean ARI "
            "between the partitions of different seeds is 1.00. That is at least 0.8: the partition kept comes back, "
            "whatever the seed."
        )

    def test_a_partition_that_depends_on_the_seed(self):
        # a large corpus, where the seed also picks k-means' mini-batches
        assert narrate.seed_stability_reading(seeds_table(n_partitions=4, mean=0.41, low=0.12, n_init=3)) == (
            "Run again with 4 other seeds (3 starts each), k-means ends in 4 different partitions: the mean ARI between "
            "the partitions of different seeds is 0.41 (the lowest 0.12). That is below 0.8: the partition depends on "
            "the seed, so an agreement with the labels that rests on it is called unstable, however small its p-value."
        )

    def test_close_partitions_at_the_threshold_are_stable(self):
        text = narrate.seed_stability_reading(seeds_table(n_seeds=2, n_partitions=2, mean=0.8, low=0.8, n_init=1))
        assert text == ("Run again with 1 other seed (1 start each), k-means ends in 2 different partitions: the mean "
                        "ARI between the partitions of different seeds is 0.80 (the lowest 0.80). That is at least 0.8: "
                        "the partition kept comes back, whatever the seed.")

    def test_agglomerative_and_a_single_seed(self):
        assert narrate.seed_stability_reading(seeds_table(deterministic=True)).startswith(
            "Agglomerative clustering takes no seed")
        assert narrate.seed_stability_reading(seeds_table(n_seeds=1)) == (
            "Only one seed was run, so whether the partition changes with the seed is not known.")


class TestDendrogramReading:
    def test_a_high_narrow_tree_that_agrees_with_kmeans(self):
        assert narrate.dendrogram_reading(table([{"distance": 0.77}, {"distance": 0.85}]), 1.0, 2) == (
            "Merges happen at cosine distances from 0.77 to 0.85. The whole tree sits high and in a narrow band: every "
            "document is far from every other, and the order of merges rests on small differences. Cut into 2 "
            "clusters, the tree agrees with k-means with an ARI of 1.00 (the same partition)."
        )

    def test_skipped_on_a_large_corpus(self):
        assert narrate.dendrogram_reading(None, None, 2) == (
            "Agglomerative clustering and its dendrogram are skipped above 2,000 documents: they need the full n × n "
            "distance matrix."
        )

    def test_a_spread_tree_that_disagrees(self):
        assert narrate.dendrogram_reading(table([{"distance": 0.1}, {"distance": 0.9}]), 0.25, 3) == (
            "Merges happen at cosine distances from 0.10 to 0.90. Cut into 3 clusters, the tree agrees with k-means "
            "with an ARI of 0.25."
        )


def agreement_rows(rows, method="KMeans"):
    columns = ["column", "status", "ari", "purity", "p_value", "min_p", "n_relabelings", "exact"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame.attrs["method"] = method
    return frame


class TestAgreementVerdict:
    def test_untestable_columns_say_the_test_cannot_tell(self):
        agree = agreement_rows([("group", "compared", 0.17, 0.8, 0.4, 0.1, 10, True),
                                ("genre", "compared", 0.29, 0.6, 0.4, 0.4, 60, True)])
        assert narrate.agreement_verdict(agree, "stance") == (
            "**The test cannot tell**: even the best agreement these cluster sizes allow would give p = 0.1 for the "
            "labels (*stance*) and 0.4 for *genre*, above 0.05 (too few documents, or many relabelings tied at that best "
            "agreement). A large p here means *not testable*, not *no relation*. Descriptively, the ARI is highest for "
            "*genre* (0.29)."
        )

    def test_follows_two_columns_chance_for_a_third_and_a_skipped_one(self):
        agree = agreement_rows([("group", "compared", 0.6, 0.9, 0.01, 0.005, 200, False),
                                ("genre", "compared", 0.5, 0.8, 0.02, 0.005, 200, False),
                                ("source", "compared", 0.01, 0.5, 0.6, 0.005, 200, False),
                                (MD_DOLLAR, "not a column of the corpus", np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)])
        assert narrate.agreement_verdict(agree, "side") == (
            "**The clusters follow** the labels (*side*) and *genre* more closely than random relabelings do (p ≤ 0.05). "
            "Several columns pass: they are entangled in this corpus, and clustering cannot say which one drives the "
            "split. The agreement is weak for the labels (*side*) and *genre*: an ARI under 0.65 is a poor recovery of a "
            "partition (Steinley 2004), whatever its p-value. **No agreement beyond chance** for *source*: the real "
            "values agree with the clusters no better than many random relabelings do (p > 0.05), although the test "
            f"could have gone below 0.05. Skipped: *{MD_DOLLAR_ESC}* (not a column of the corpus)."
        )

    def test_a_strong_agreement_on_a_partition_the_seed_changes_is_unstable(self):
        agree = agreement_rows([("group", "compared", 0.9, 0.95, 0.001, 0.001, 999, False)])
        seeds = table([{"seed": 0}], mean_ari=0.45, stable=False, stable_ari=0.8, deterministic=False)
        assert narrate.agreement_verdict(agree, "party", seeds=seeds) == (
            "**The clusters follow** the labels (*party*) more closely than random relabelings do (p ≤ 0.05). But the "
            "partition itself changes with the seed (mean ARI between seeds 0.45, under 0.8): the agreement is unstable."
        )

    def test_a_stable_strong_agreement_is_said_plainly(self):
        agree = agreement_rows([("group", "compared", 0.9, 0.95, 0.001, 0.001, 999, False)])
        seeds = table([{"seed": 0}], mean_ari=0.97, stable=True, stable_ari=0.8, deterministic=False)
        assert narrate.agreement_verdict(agree, "party", seeds=seeds) == (
            "**The clusters follow** the labels (*party*) more closely than random relabelings do (p ≤ 0.05)."
        )

    def test_nothing_compared(self):
        agree = agreement_rows([("genre", "one value only", np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)])
        assert narrate.agreement_verdict(agree, "stance") == (
            "No column could be compared. Skipped: *genre* (one value only)."
        )


class TestClusterMakeup:
    def test_labels_terms_and_one_document_terms(self):
        terms = table([{"cluster": c, "rank": r, "term": t, "docs": d, "cluster_docs": n} for c, r, t, d, n in [
            (1, 1, "enforcement", 3, 3), (1, 2, "local", 3, 3), (2, 1, "ice", 2, 2), (2, 2, MD_DOLLAR, 1, 2),
            (3, 1, "alone", 1, 1)]])
        labels = pd.DataFrame({"cluster 1": [2, 1], "cluster 2": [0, 2], "cluster 3": [1, 0], "documents": [3, 3]},
                              index=pd.Index(["anti", "pro"], name="group"))
        assert narrate.cluster_makeup(terms, labels, n_terms=2) == (
            "The 2 heaviest terms of each cluster (documents using it / documents in the cluster):\n\n"
            "- cluster 1 (3 documents: 2 *anti* and 1 *pro*): *enforcement* (3/3) and *local* (3/3)\n"
            f"- cluster 2 (2 documents: 2 *pro*): *ice* (2/2) and *{MD_DOLLAR_ESC}* (1/2); resting on one document: *{MD_DOLLAR_ESC}*\n"
            "- cluster 3 (1 document: 1 *anti*): *alone* (1/1)"
        )


class TestMapReading:
    @pytest.mark.parametrize("held, method, said", [
        (0.58, "mds", "classical MDS of the cosine distances; its two axes hold 58% of the spread, so part of the "
                      "distance is off the page: "),
        (0.3, "svd", "the first two TruncatedSVD components; its two axes hold 30% of the spread, so most of the "
                     "distance between documents is not on the page: "),
        (1.0, "mds", "classical MDS of the cosine distances; its two axes hold 100% of the spread, so "),
    ])
    def test_how_much_the_plane_holds(self, held, method, said):
        points = pd.DataFrame()
        points.attrs.update(method=method, held=held)
        assert narrate.map_reading(points) == (
            f"The map is {said}two points close on the map may still be far apart, and the count of documents of each label in "
            "each cluster, not the picture, is the evidence."
        )


def labels_table(**clusters):
    """A agreement.contingency of clusters and labels: ``labels_table(a=(2, 0), b=(1, 2))``, one tuple per label."""
    rows = {g: list(counts) for g, counts in clusters.items()}
    k = len(next(iter(rows.values())))
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[f"cluster {i + 1}" for i in range(k)])
    frame["documents"] = frame.sum(axis=1)
    frame.index.name = "group"
    return frame


class TestClusteringOpening:
    def test_two_groups_the_test_cannot_tell_and_another_column_matches_closer(self):
        agree = agreement_rows([("group", "compared", 0.17, 0.8, 0.4, 0.1, 10, True),
                                ("genre", "compared", 0.29, 0.6, 0.4, 0.4, 60, True)])
        assert narrate.clustering_opening(agree, labels_table(a=(2, 0), b=(1, 2)), "stance") == (
            "Left to group themselves by the words they use, the 5 documents fall into 2 clusters: cluster 1 holds 2 *a* "
            "and 1 *b*; cluster 2 holds 2 *b*. Whether the clusters follow the labels (*stance*), the test cannot tell: "
            "even the best agreement these cluster sizes allow would give p = 0.1, above 0.05. These clusters describe "
            "these texts, nothing more. Descriptively, they match *genre* more closely than the labels (ARI 0.29 "
            "against 0.17)."
        )

    def test_three_groups_in_a_large_corpus_followed_weakly_at_the_floor(self):
        agree = agreement_rows([("group", "compared", 0.3, 0.7, 1 / 201, 1 / 201, 200, False)])
        opening = narrate.clustering_opening(agree, labels_table(a=(300, 20, 5), b=(10, 250, 40), c=(0, 30, 345)), "side",
                                             seeds=seeds_table())
        assert opening == (
            "Left to group themselves by the words they use, the 1,000 documents fall into 3 clusters: cluster 1 holds "
            "300 *a* and 10 *b*; cluster 2 holds 20 *a*, 250 *b* and 30 *c*; cluster 3 holds 5 *a*, 40 *b* and 345 *c*. "
            "The clusters follow the labels (*side*) more closely than random relabelings do (ARI 0.30, p = 0.00498, the "
            "smallest p-value 200 random relabelings can give). But the agreement is weak: an ARI under 0.65 is a poor "
            "recovery of a partition (Steinley 2004)."
        )

    def test_a_strong_agreement_on_a_partition_that_changes_with_the_seed(self):
        agree = agreement_rows([("group", "compared", 0.9, 0.95, 0.01, 0.001, 5000, True)])
        opening = narrate.clustering_opening(agree, labels_table(a=(20, 1), b=(0, 19)), "side",
                                             seeds=seeds_table(n_partitions=3, mean=0.5, low=0.2))
        assert opening.endswith(
            "The clusters follow the labels (*side*) more closely than random relabelings do (ARI 0.90, p = 0.01). And "
            "the partition itself changes with the seed (mean ARI between seeds 0.50), so the agreement is unstable.")

    def test_a_one_document_group_no_agreement_beyond_chance_and_a_followed_column(self):
        agree = agreement_rows([("group", "compared", -0.05, 0.75, 0.7, 0.02, 120, True),
                                ("genre", "compared", 0.8, 0.9, 0.01, 0.01, 120, True),
                                ("source", "not a column of the corpus", np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)])
        assert narrate.clustering_opening(agree, labels_table(solo=(1, 0), many=(5, 6)), "side") == (
            "Left to group themselves by the words they use, the 12 documents fall into 2 clusters: cluster 1 holds 1 "
            "*solo* and 5 *many*; cluster 2 holds 6 *many*. The clusters do not follow the labels (*side*): they agree "
            "with it no better than random relabelings do (ARI -0.05, p = 0.7). They also follow *genre* beyond chance, "
            "so what drives the split cannot be told apart."
        )

    def test_a_missing_genre_column_is_not_mentioned_first(self):
        """A corpus without the default compare column: the opening speaks of the labels only; the agreement
        section names the skipped column."""
        agree = agreement_rows([("group", "compared", 0.17, 0.8, 0.4, 0.1, 10, True),
                                ("genre", "not a column of the corpus", np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)])
        opening = narrate.clustering_opening(agree, labels_table(a=(2, 0), b=(1, 2)), "stance")
        assert "genre" not in opening and "nan" not in opening.lower()
        assert narrate.agreement_verdict(agree, "stance").endswith("Skipped: *genre* (not a column of the corpus).")

    def test_the_labels_could_not_be_compared(self):
        agree = agreement_rows([("group", "one value only", np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)])
        assert narrate.clustering_opening(agree, labels_table(a=(2, 1)), "side") == (
            "Left to group themselves by the words they use, the 3 documents fall into 2 clusters: cluster 1 holds 2 "
            "*a*; cluster 2 holds 1 *a*. The clusters could not be compared with the labels (*side*) (one value only).")

    def test_many_clusters_and_markdown_in_labels(self):
        agree = agreement_rows([("group", "compared", 0.17, 0.8, 0.4, 0.1, 10, True)])
        labels = labels_table(**{MD_DOLLAR: (1, 1, 1), "b": (1, 0, 1)})
        opening = narrate.clustering_opening(agree, labels, "st*ance", max_clusters=2)
        assert opening.startswith(
            f"Left to group themselves by the words they use, the 5 documents fall into 3 clusters: cluster 1 holds 1 "
            f"*{MD_DOLLAR_ESC}* and 1 *b*; cluster 2 holds 1 *{MD_DOLLAR_ESC}*; the other cluster is in the table below. "
            "Whether the clusters follow the labels (*st\\*ance*), the test cannot tell")


class TestSimilaritySkipped:
    def test_a_drawn_matrix_needs_no_sentence(self):
        assert narrate.similarity_skipped(pd.DataFrame(np.eye(2))) == ""

    def test_a_large_corpus_says_the_matrix_is_not_drawn(self):
        assert narrate.similarity_skipped(None) == (
            "The similarity of every pair of documents is neither computed nor drawn above 2,000 documents: the "
            "n × n matrix grows with the square of the corpus.")


class TestAgreementRows:
    def test_the_labels_row_is_named_by_the_label_column(self):
        agreement = pd.DataFrame({"column": ["group", "genre", "missing"], "status": ["compared", "compared", "not a column of the corpus"],
                                  "ari": [0.5, 0.1, np.nan]})
        rows = narrate.agreement_rows(agreement, "verdict")
        assert rows["column"].tolist() == ["verdict", "genre"]
        assert agreement["column"].tolist() == ["group", "genre", "missing"]  # the input is left alone

    def test_no_column_compared(self):
        agreement = pd.DataFrame({"column": ["group"], "status": ["one value only"], "ari": [np.nan]})
        assert narrate.agreement_rows(agreement, "stance").empty
