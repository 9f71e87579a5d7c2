# %% [markdown]
# # Chapter 4 · Clustering: do the texts group by their labels, by other metadata, or by neither?
#
# Chapters 2 and 3 started from the labels. This chapter forgets them: if the documents group themselves
# by the words they use, do the groups that come out match the labels, another column of the metadata, or
# nothing we have a name for?

# %% tags=["parameters"]
corpus = "../data/seed"
label_column = "stance"
text_column = "text"
groups = None
rules = None
figures_dir = "../figures"
shared = None
n_clusters = None
method = "kmeans"
compare_columns = None
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

# %%
import corpus_utils as cu

cu.setup_notebook()
# %matplotlib inline

data = cu.load_corpus(corpus, label_column=label_column, text_column=text_column, rules=rules, shared=shared)
clustering = cu.chapters.clustering(
    data, groups, n_clusters=n_clusters, method=method, compare_columns=compare_columns, min_df=min_df,
    sublinear_tf=sublinear_tf, lsa_components=lsa_components, n_init=n_init, seed=seed, n_neighbors=n_neighbors,
    n_terms=n_terms, n_resamples=n_resamples, shared=shared,
)
groups, data, k = clustering.groups, clustering.corpus, clustering.k

# %% tags=["prose"]
cu.say(cu.narrate.clustering_setup(data, k, n_clusters))
cu.say(cu.narrate.clustering_opening(clustering.agreement, clustering.label_table, label_column, alpha, clustering.seeds))

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

# %% [markdown] tags=["method"]
# ### The data, the parameters and the map (`chapters.clustering`, `cluster.map_2d`)
#
# The corpus is loaded as in every chapter (a problem with the input stops the load cell with one message),
# and only the documents of the groups compared are clustered. `chapters.clustering` computes every table of
# this chapter from them and the parameters (an unknown `method` stops there too). The parameters `corpus`,
# `label_column`, `groups`, `rules` and `figures_dir` are shared by every chapter. The chapter's own:
#
# * `n_clusters`: `None` asks for as many clusters as there are groups, the number a perfect match to the
#   labels needs; the silhouette of other values is shown below, never applied silently.
# * `method`: the clustering whose agreement with the metadata is tested and whose terms are read
#   (`"kmeans"` or `"agglomerative"`); both are run and compared.
# * `compare_columns`: the metadata besides the label the clusters are checked against; `None` checks the
#   seed's `genre` when the corpus has such a column. A column given here that is missing, has one value, or
#   gives each document its own value is skipped, and the agreement section says so.
# * `min_df`: a term must be used by at least this many documents; in a small corpus keep every term, on a
#   large one a higher value removes typos and one-off names.
# * `sublinear_tf`: whether TF-IDF uses the logarithm of the counts (chapter 02 keeps raw counts).
# * `lsa_components`: above this many documents, the TF-IDF rows are reduced to this many dimensions by
#   latent semantic analysis before k-means, as in scikit-learn's text-clustering example.
# * `n_init` and `seed`: k-means is started `n_init` times, seeded, and the most compact result kept; the
#   same `seed` fixes every other random step, and k-means is run again with the four seeds after it.
# * `n_resamples` and `alpha`: the permutation test tries every relabeling when there are at most 5,000,
#   otherwise `n_resamples` seeded random ones; `alpha` is the level at which the prose calls an agreement
#   more than chance.
# * `n_neighbors`, `n_terms` and `max_rows` cap the tables.
#
# The map places documents so that similar ones are close: classical multidimensional scaling of the cosine
# distances for small corpora, the first two singular vectors for large ones.

# %% [markdown]
# ## Do the clusters follow the labels?

# %% tags=["prose"]
cu.say(cu.narrate.agreement_verdict(clustering.agreement, label_column, alpha, clustering.seeds))
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_cluster_split(clustering.chosen))

# %% [markdown]
# ### Table: the documents of each label in each cluster

# %%
labels = clustering.label_table.reset_index()
cu.report.reader_table(labels, dict(zip(labels.columns[:7], ["label", *labels.columns[1:7]])))

# %% [markdown]
# ### Table: how the clusters agree with each column of the metadata

# %%
compared = cu.narrate.agreement_rows(clustering.agreement, label_column)
cu.report.reader_table(compared, {"column": "column", "ari": "ARI", "p_value": "p", "min_p": "smallest possible p",
                                  "n_relabelings": "relabelings", "nmi": "NMI", "purity": "purity"})

# %% [markdown] tags=["method"]
# ### How agreement is measured (`agreement.contingency`, `agreement.agreement`)
#
# A contingency table counts the documents of each label in each cluster. Its agreement is summarised by
#
# * the **adjusted Rand index** (ARI): the share of document pairs the two partitions treat alike, corrected
#   so that random clusters score 0 on average and a perfect match 1; under 0.65 it is a poor recovery of a
#   partition (Steinley 2004);
# * **NMI** (here equal to the V-measure) and **purity**, which are not corrected for chance and flatter small
#   corpora and many clusters: read them beside the ARI;
# * a **permutation p-value** for the ARI: the same labels handed to the documents in other ways, keeping the
#   group sizes (every one of the `n! / (n_1! n_2! ...)` ways when there are at most 5,000, otherwise
#   `n_resamples` seeded random ones), and the share that agree with the clusters at least as well as the real
#   labels. The **smallest possible p** is the share of relabelings that reach the best agreement these
#   cluster sizes allow: with few documents, or many relabelings tied at that best agreement, it can sit above
#   `alpha`, and then the test cannot tell, whatever the clusters look like.

# %% [markdown]
# ## What each cluster is made of

# %% tags=["prose"]
cu.say(cu.narrate.cluster_makeup(clustering.top_terms, clustering.label_table))

# %% [markdown]
# ### Table: the heaviest terms of each cluster

# %%
top_terms = clustering.top_terms
shown = top_terms[top_terms["rank"] <= 5].sort_values(["cluster", "rank"], kind="stable")
cu.report.reader_table(shown, {"cluster": "cluster", "rank": "rank", "term": "term", "weight": "weight in the centroid",
                               "docs": "documents of the cluster using it", "cluster_docs": "documents in the cluster",
                               "docs_elsewhere": "documents elsewhere using it"},
                       total=len(top_terms), noun="terms")

# %% [markdown] tags=["method"]
# ### Cluster terms (`cluster.cluster_terms`)
#
# The centroid of a cluster is the mean TF-IDF row of its documents; its heaviest terms say what the cluster
# has in common. A term that one document of the cluster carries is that document's habit, not the cluster's.

# %% [markdown]
# ## Does the partition come back?

# %% tags=["prose"]
cu.say(cu.narrate.kmeans_starts_reading(clustering.starts, clustering.clusters))
cu.say(cu.narrate.seed_stability_reading(clustering.seeds))

# %% [markdown] tags=["method"]
# ### Starts and seeds (`cluster.kmeans`, `cluster.kmeans_starts`, `cluster.seed_stability`)
#
# k-means places k centres and assigns every document to the nearest, moving the centres until nothing
# changes; where it ends depends on where it starts. Five runs with one start each show the problem; the fix
# is `n_init` seeded starts, keeping the most compact result (the lowest *inertia*, the sum of squared
# distances to the centres). Many starts make the partition reproducible for one seed, not the only one the
# vectors allow, so k-means is run again for `seed` and the four seeds after it, and every pair of partitions
# is compared by the ARI. The partition counts as **stable** when their mean ARI is at least 0.8; an agreement
# with the labels that rests on an unstable partition is called *unstable*, however small its p-value. The
# tables are `clustering.starts` and `clustering.seeds`.

# %% [markdown]
# ## Who resembles whom

# %% tags=["prose"]
cu.say(cu.narrate.neighbors_reading(clustering.nearest))
cu.say(cu.narrate.vector_space(clustering.terms, clustering.vectors.settings))
cu.say(cu.narrate.similarity_skipped(clustering.similarity))

# %% [markdown]
# ### Figure: cosine similarity of every pair of documents
#
# The cosine similarity of every pair of documents, in the order of the corpus; the diagonal (each document
# with itself, always 1) is left blank so that the colours show the pairs. A small corpus has its document
# ids on the axes, coloured by label.

# %%
if clustering.similarity is not None:
    fig, ax = cu.plot.plot_similarity(clustering.similarity, data[["doc_id", "group"]])
    _ = cu.save_figure(fig, "04_similarity", figures_dir)

# %% [markdown] tags=["method"]
# ### Documents as vectors (`cluster.document_vectors`, `cluster.nearest_neighbors`)
#
# Each document becomes a row of TF-IDF weights (words and two-word phrases, stop words removed, as in
# chapter 02), scaled to length 1. The **cosine similarity** of two documents is then the dot product of their
# rows: 1 when they use the same terms in the same proportions, 0 when they share none. Rare terms weigh more,
# so two documents are similar when they share *distinctive* vocabulary. A document's nearest neighbours are
# the `n_neighbors` documents most similar to it (`clustering.neighbors`).

# %% [markdown]
# ## How many clusters the vectors suggest

# %% tags=["prose"]
cu.say(cu.narrate.silhouette_reading(clustering.silhouette, k, len(data)))

# %% [markdown]
# ### Figure: mean silhouette for each k
#
# The mean cosine silhouette of k-means clusterings for each k tried; the k this chapter uses is marked.

# %%
fig, ax = cu.plot.plot_silhouette(clustering.silhouette, k)
_ = cu.save_figure(fig, "04_silhouette", figures_dir)

# %% [markdown] tags=["method"]
# ### The silhouette (`cluster.silhouette_by_k`)
#
# The silhouette of a document compares its mean cosine distance to its own cluster (*a*) with that to the
# nearest other cluster (*b*): `(b - a) / max(a, b)`, from -1 (misplaced) through 0 (on the border) to 1 (well
# separated), averaged over documents for k-means with k = 2 up to min(8, n - 1). It describes; this chapter
# keeps the k it announced.

# %% [markdown]
# ## A second method: the tree

# %% tags=["prose"]
cu.say(cu.narrate.dendrogram_reading(clustering.tree, clustering.methods_ari, k))

# %% [markdown]
# ### Figure: the dendrogram of agglomerative clustering
#
# Every merge of average-linkage clustering drawn at the cosine distance where it happened; the dashed line
# cuts the tree into k clusters, and the branches below it take one colour per cluster. A leaf is a document
# (its id, coloured by label) or, when only the last merges are drawn (the title then says so), a bundle of
# documents with their number.

# %%
if clustering.tree is not None:
    fig, ax = cu.plot.plot_dendrogram(clustering.tree, clustering.hierarchical)
    _ = cu.save_figure(fig, "04_dendrogram", figures_dir)

# %% [markdown] tags=["method"]
# ### Agglomerative clustering (`cluster.linkage`, `cluster.agglomerative`)
#
# Start with each document alone and repeatedly merge the two groups whose documents are, on average, closest
# (cosine distance = 1 - cosine similarity; *average linkage*). Cutting the tree into k groups gives a second,
# deterministic clustering to compare with k-means.

# %% [markdown]
# ## Limits
#
# * **Clusters are always found.** Any set of points can be partitioned; only the comparison with chance says
#   whether a partition tells us anything.
# * **Few documents, coarse p-values.** With n documents in groups of sizes n_1, n_2, ... there are only
#   n! / (n_1! n_2! ...) distinct relabelings, which bounds the smallest p-value; the agreement table gives it
#   for this corpus.
# * **What the vectors see.** Shared vocabulary follows topic, genre, source and author at least as much as
#   the labels: a split that follows another column is a finding about the corpus, not a failure of the method.
# * **Choices matter.** k, `min_df`, stop words and the weighting all change the distances.

# %% tags=["prose", "summary"]
# The line under this chapter's link on the report's front page.
found = cu.synthesis.evidence(agreement=clustering.agreement, alpha=alpha, seeds=clustering.seeds)
cu.say(cu.narrate.chapter_line(found, cu.synthesis.verdicts(found), "clustering"))
