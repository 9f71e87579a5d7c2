# %% [markdown]
# # Chapter 4 · Clustering: do the texts group by their labels, by other metadata, or by neither?
#
# Chapters 02 and 03 started from the labels and asked how the groups differ. This chapter turns the
# question around: if we forget the labels and let the documents group themselves by the words they use,
# do the groups that come out match the labels? Or do they follow something else, such as another column of
# the metadata (the kind of text, its source: the columns named in `compare_columns`), or nothing we have a
# name for?
#
# Clustering always returns clusters, even from noise. So every clustering below is checked against the
# labels with a chance-corrected score and a permutation test (exact up to 5,000 relabelings), and the
# chapter says plainly when the corpus is too small for the test to tell.

# %% tags=["parameters"]
corpus = "../data/seed"
label_column = "stance"
text_column = "text"
groups = None
rules = None
figures_dir = "../figures"
n_clusters = None
method = "kmeans"
compare_columns = ["genre"]
min_df = 1
sublinear_tf = False
lsa_components = 100
n_init = 50
seed = 0
n_neighbors = 3
n_terms = 10
n_resamples = 200
alpha = 0.05
max_rows = 20

# %% [markdown]
# The choices, and why:
#
# * `n_clusters = None` asks for as many clusters as there are groups, the number a perfect match to the
#   labels needs. The silhouette for other values of k is shown below, but never applied silently.
# * `method = "kmeans"` names the clustering whose agreement with the metadata is tested and whose top
#   terms are read (`"agglomerative"` is the other choice); both are run and compared.
# * `compare_columns = ["genre"]` lists the metadata besides the label the clusters are checked against;
#   a column that is missing, has one value, or gives each document its own value is skipped (and said so).
# * `min_df = 1` keeps every term: in a small corpus, dropping terms used by one document would drop
#   most of the vocabulary. On a large corpus, `min_df = 2` or more removes typos and one-off names.
# * `sublinear_tf = False` keeps raw counts in TF-IDF, as chapter 02 does.
# * `lsa_components = 100`: above this many documents, the TF-IDF rows are reduced to 100 dimensions by
#   latent semantic analysis before k-means, as in scikit-learn's text-clustering example; below, nothing is
#   reduced.
# * `n_init = 50` k-means starts with `seed = 0`: the result depends on the start (shown below), so
#   many seeded starts are run and the most compact kept, and a re-run gives the same clusters. The same
#   `seed` fixes every other random step (samples of a large corpus, random relabelings), and k-means is run
#   again with the four seeds after it to see whether the partition kept depends on the seed.
# * `n_resamples = 200`: the permutation test tries every relabeling of the documents when there are at most
#   5,000 of them, and otherwise draws this many seeded random ones (the smallest p-value is then
#   1/201 ≈ 0.005).
# * `alpha = 0.05` is the conventional level at which the prose calls an agreement more than chance; when
#   even the best possible agreement could not reach it, the prose says the test cannot tell.
# * `n_neighbors`, `n_terms` and `max_rows` cap the tables.

# %%
import pandas as pd

import corpus_utils as cu

cu.setup_notebook()
# %matplotlib inline

# %% [markdown]
# ## Data: loading the corpus (`load_corpus`)
#
# The same loader as every chapter. If the corpus cannot be used, this cell stops with one message. Only the
# documents of the groups compared are clustered. `chapters.clustering` takes them and the parameters above
# (an unknown `method` stops here too); it computes each table below the first time the chapter shows it, by the
# functions each section names.

# %%
data = cu.load_corpus(corpus, label_column=label_column, text_column=text_column, rules=rules)
clustering = cu.chapters.clustering(
    data, groups, n_clusters=n_clusters, method=method, compare_columns=compare_columns, min_df=min_df,
    sublinear_tf=sublinear_tf, lsa_components=lsa_components, n_init=n_init, seed=seed, n_neighbors=n_neighbors,
    n_terms=n_terms, n_resamples=n_resamples,
)
groups, data, k = clustering.groups, clustering.corpus, clustering.k

# %% tags=["prose"]
cu.say(cu.narrate.clustering_setup(data, k, n_clusters))

# %% [markdown]
# ## Model: documents as TF-IDF vectors (`cluster.document_vectors`)
#
# To cluster documents we need a distance between them. Each document becomes a row of TF-IDF weights
# (words and two-word phrases, stop words removed, as in chapter 02), scaled to length 1. The **cosine
# similarity** of two documents is then the dot product of their rows: 1 when they use the same terms in the
# same proportions, 0 when they share no term. Rare terms weigh more than common ones, so two documents are
# similar when they share *distinctive* vocabulary.
# The table counts the terms each document uses (`cluster.terms_per_document`).

# %%
clustering.terms.sort_values(["terms", "doc_id"], ascending=[False, True], kind="stable").head(max_rows).reset_index(drop=True)

# %% tags=["prose"]
cu.say(cu.narrate.vector_space(clustering.terms, clustering.vectors.settings))

# %% [markdown]
# ## Data: who resembles whom (`cluster.nearest_neighbors`, `cluster.neighbor_summary`, `cluster.similarity_matrix`)
#
# Before any clustering, the raw material: for each document, the documents most similar to it. If the
# camps had distinct vocabularies, a document's nearest neighbour would usually carry its label. The summary compares the share of documents whose nearest neighbour shares their label with the share a neighbour drawn at random would give.

# %%
clustering.neighbors.sort_values(["doc_id", "rank"], kind="stable").head(max_rows).reset_index(drop=True).round(3)

# %% tags=["prose"]
cu.say(cu.narrate.neighbors_reading(clustering.nearest))

# %% [markdown]
# ### Figure: cosine similarity of every pair of documents
#
# The cosine similarity of every pair of documents, documents ordered by label; the diagonal (each
# document with itself) is 1. Above the large-corpus limit the n × n matrix is not drawn.

# %%
if clustering.similarity is not None:
    fig, ax = cu.plot.plot_similarity(clustering.similarity, data[["doc_id", "group"]])
    _ = cu.save_figure(fig, "04_similarity", figures_dir)

# %% [markdown]
# ## Choosing k: the silhouette (`cluster.silhouette_by_k`)
#
# The silhouette of a document compares its mean cosine distance to its own cluster (*a*) with that to the
# nearest other cluster (*b*): `(b - a) / max(a, b)`, from -1 (misplaced) through 0 (on the border) to 1
# (well separated). The mean over documents is computed for k-means with k = 2 up to min(8, n - 1).
# It is a description, not a verdict: this chapter keeps the k it announced.

# %%
clustering.silhouette.round(3)

# %% [markdown]
# ### Figure: mean silhouette for each k
#
# The mean cosine silhouette of k-means clusterings for each k tried; the k this chapter uses is marked.

# %%
fig, ax = cu.plot.plot_silhouette(clustering.silhouette, k)
_ = cu.save_figure(fig, "04_silhouette", figures_dir)

# %% tags=["prose"]
cu.say(cu.narrate.silhouette_reading(clustering.silhouette, k, len(data)))

# %% [markdown]
# ## Method: k-means with many starts (`cluster.kmeans`, `cluster.kmeans_starts`)
#
# k-means places k centres and assigns every document to the nearest, moving the centres until nothing
# changes; on unit-length vectors, "nearest" means "most similar in word use". Where it ends depends on
# where it starts. First the problem: five runs with **one** start each (`cluster.kmeans_starts`), compared with the labels
# and with the result kept. Then the fix: `n_init` seeded
# starts, keeping the most compact result (the lowest *inertia*, the sum of squared distances to the centres).

# %%
clustering.starts.round(3)

# %% tags=["prose"]
cu.say(cu.narrate.kmeans_starts_reading(clustering.starts, clustering.clusters))

# %%
clustering.clusters.sort_values(["cluster", "centroid_similarity", "doc_id"], ascending=[True, False, True], kind="stable").head(
    max_rows
).reset_index(drop=True).round(3)

# %% [markdown]
# ## Method: does the partition come back with another seed? (`cluster.seed_stability`)
#
# Many starts make the partition kept reproducible for one seed; they do not make it the only one the vectors
# allow. So k-means is run again, with the same `n_init` starts and the same k, for `seed` and the four seeds
# after it, and every pair of the five partitions is compared by the adjusted Rand index (1 when two seeds give
# the same partition). The partition counts as **stable** when the mean of those ARIs is at least 0.8, the level
# above which Steinley (2004) reads an ARI as a good recovery of a partition. An agreement with the labels that
# rests on an unstable partition is called *unstable*, however small its p-value: the synthesis chapter does
# not count it as the clusters separating the groups. (Agglomerative clustering takes no seed: every run gives
# the same tree.)

# %%
clustering.seeds.round(3)

# %% tags=["prose"]
cu.say(cu.narrate.seed_stability_reading(clustering.seeds))

# %% [markdown]
# ## Method: agglomerative clustering and its dendrogram (`cluster.linkage`, `cluster.agglomerative`)
#
# A second, deterministic method: start with each document alone and repeatedly merge the two groups whose
# documents are, on average, closest (cosine distance = 1 - cosine similarity; *average linkage*). The
# dendrogram draws every merge at the distance where it happened; cutting it into k groups gives a second
# clustering to compare with k-means.

# %% [markdown]
# ### Figure: the dendrogram of agglomerative clustering
#
# Every merge of average-linkage clustering drawn at the cosine distance where it happened; leaves are
# documents, coloured by the k clusters of the cut. Above the large-corpus limit there is no tree to draw.

# %%
if clustering.tree is not None:
    fig, ax = cu.plot.plot_dendrogram(clustering.tree, clustering.hierarchical)
    _ = cu.save_figure(fig, "04_dendrogram", figures_dir)

# %% tags=["prose"]
cu.say(cu.narrate.dendrogram_reading(clustering.tree, clustering.methods_ari, k))

# %% [markdown]
# ## Evaluation: do the clusters follow the labels, or the genre? (`cluster.contingency`, `cluster.agreement`)
#
# A contingency table counts the documents of each label in each cluster. Its agreement is summarised by
#
# * the **adjusted Rand index** (ARI): the share of document pairs the two partitions treat alike, corrected so
#   that random clusters score 0 on average and a perfect match 1;
# * **NMI** (equal here to the V-measure) and **purity**, which are not corrected for chance and flatter small
#   corpora and many clusters: read them beside the ARI;
# * a **permutation p-value** for the ARI: hand the same labels to the documents in other ways, keeping the
#   group sizes (every one of the `n! / (n_1! n_2! ...)` ways when there are at most 5,000, otherwise
#   `n_resamples` seeded random ones), and count the share that agree with the clusters at least as well as
#   the real labels. The **smallest possible p** (`min_p`) is the share of relabelings that reach the best
#   agreement any relabeling can reach with these cluster sizes: with few documents there are few ways, and
#   when many of them tie at that best agreement the floor rises further, possibly above 0.05. Then the
#   test cannot tell, whatever the clusters look like.
#
# An agreement beyond chance can still be **weak**: an ARI under 0.65 is a poor recovery of a partition
# (Steinley 2004), and with many documents a small ARI passes the test easily. The prose says so, and says when
# the partition behind the agreement changes with the seed (the section above).

# %%
clustering.label_table

# %%
tables = clustering.contingencies
pd.concat(tables, names=["column", "value"]) if tables else pd.DataFrame()

# %%
clustering.agreement[["column", "status", "n_docs", "n_values", "ari", "p_value", "min_p", "n_relabelings", "exact",
                      "nmi", "homogeneity", "completeness", "purity"]].round(3)

# %% tags=["prose"]
cu.say(cu.narrate.cluster_agreement(clustering.agreement, label_column))
cu.say(cu.narrate.agreement_verdict(clustering.agreement, label_column, alpha, clustering.seeds))
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_cluster_split(clustering.chosen))

# %% [markdown]
# ## Reading: what each cluster is made of (`cluster.cluster_terms`)
#
# The centroid of a cluster is the mean TF-IDF row of its documents; its heaviest terms say what the cluster
# has in common. `docs` counts the cluster's documents that use the term: a term carried by one document is
# that document's habit, not the cluster's.

# %%
top_terms = clustering.top_terms
shown = top_terms[top_terms["rank"] <= max(3, max_rows // k)]
shown.sort_values(["cluster", "weight", "term"], ascending=[True, False, True], kind="stable").reset_index(drop=True).round(3)

# %% tags=["prose"]
cu.say(cu.narrate.cluster_makeup(clustering.top_terms, clustering.label_table))

# %% [markdown]
# ## Map: the documents in two dimensions (`cluster.map_2d`)
#
# A map places documents so that similar ones are close: classical multidimensional scaling of the cosine
# distances for small corpora, the first two singular vectors for large ones. Colour shows the label, shape
# the cluster. Two dimensions cannot hold all the distances; the axis labels say how much they hold.

# %% [markdown]
# ### Figure: the documents on a plane
#
# Each document placed so that similar documents are close (colour: label; shape: cluster); the axis labels
# say how much of the spread each axis holds.

# %%
fig, ax = cu.plot.plot_cluster_map(clustering.points)
_ = cu.save_figure(fig, "04_map", figures_dir)

# %% tags=["prose"]
cu.say(cu.narrate.map_reading(clustering.points))

# %% [markdown]
# ## Limits
#
# * **Clusters are always found.** k-means and agglomerative clustering partition any set of points; only
#   the comparison with chance (the permutation p-value) says whether a partition tells us anything.
# * **Few documents, coarse p-values.** With n documents in groups of sizes n_1, n_2, ... there are only
#   n! / (n_1! n_2! ...) distinct relabelings; for five documents split 3/2 that is ten, so the smallest
#   possible p-value is 0.1, even for a perfect match. When several relabelings tie at the best agreement the
#   cluster sizes allow, the floor is higher still; the agreement table reports it (`min_p`).
# * **What the vectors see.** TF-IDF on words and word pairs measures shared vocabulary, which follows topic,
#   genre, source and author at least as much as stance. A split that matches genre rather than stance is a
#   finding about the corpus, not a failure of the method.
# * **Choices matter.** k, `min_df`, stop words and the weighting all change the distances; the parameters cell
#   lists them so that a reader can re-run the chapter and see how stable the clusters are.

# %% tags=["prose", "summary"]
# The line under this chapter's link on the report's front page.
found = cu.synthesis.evidence(agreement=clustering.agreement, alpha=alpha, seeds=clustering.seeds)
cu.say(cu.narrate.chapter_line(found, cu.synthesis.verdicts(found), "clustering"))
