# %% [markdown]
# # Chapter 5 · Synthesis: what the evidence supports
#
# **The question of this chapter.** Chapters 2 to 4 each looked at the groups one way: their words, their
# frames, and how their documents cluster. What do the three add up to? Where do the methods agree and where
# do they part; which findings rest on a single document; what can this corpus not test at all; and how many
# documents would the next study need to settle what this one can only describe?
#
# Nothing below is copied from the earlier chapters. Each result is computed again here, by the functions that
# compute those chapters (`chapters.vocabulary`, `chapters.framing`, `chapters.clustering`) with the same
# parameters, and then set side by side. At the end the chapter writes the essay's
# abstract, which the front page of the report shows.

# %% tags=["parameters"]
corpus = "../data/seed"
label_column = "stance"
text_column = "text"
groups = None
rules = None
figures_dir = "../figures"
lexicon = None
min_df = 1
stop_words = "default"
alpha0 = 500.0
min_docs = None
top_n = 10
method = "kmeans"
n_clusters = None
lsa_components = 100
sublinear_tf = False
n_init = 50
n_resamples = 200
seed = 0
alpha = 0.05
sizes = [5, 10, 20, 50]
n_simulations = 1000
design_terms = 2
design_frames = 2
max_rows = 20

# %% [markdown]
# The parameters, and why they are set as they are:
#
# * The parameters shared with chapters 2 to 4 (`min_df`, `stop_words`, `alpha0`, `min_docs`, `top_n`,
#   `lexicon`, `method`, `n_clusters`, `lsa_components`, `sublinear_tf`, `n_init`, `n_resamples`, `seed`,
#   `alpha`) have the same defaults there, and `corpus-essay run` passes a value given once to every chapter
#   that takes it, so the results recomputed here are those the chapters report.
# * `alpha = 0.05` is the conventional level a p-value must reach for a difference to count as more than
#   chance.
# * `sizes = [5, 10, 20, 50]`: the numbers of documents per group of the studies simulated in the design
#   section; `n_simulations = 1000` studies are simulated per size (seeded with `seed`), spread over 40 draws
#   of what the true differences may be, so that the interval of each probability reflects what this corpus
#   leaves uncertain rather than the simulation's own error.
# * `design_terms = 2` and `design_frames = 2`: the main differences the next study would test are, in
#   each comparison, the `design_terms` strongest words leaning to each side and the `design_frames`
#   strongest frame differences, ranked as the evidence table below ranks them (smallest adjusted p-value
#   first), leaving out findings carried by one document (one text's habit is not a side's), and frames
#   altogether when the lexicon does not fit the corpus.
# * `max_rows = 20` caps the tables for large corpora.

# %%
import corpus_utils as cu

cu.setup_notebook()
# %matplotlib inline

# %% [markdown]
# ## Data: loading the corpus (`load_corpus`)
#
# The same loading step as in every chapter; if the corpus cannot be used, this cell stops with one message.

# %%
data = cu.load_corpus(corpus, label_column=label_column, text_column=text_column, rules=rules, stop_words=stop_words)
groups = cu.check_groups(data, groups)
lengths = cu.count.group_lengths(data)
lengths

# %% [markdown]
# ## The three chapters, recomputed
#
# **Vocabulary** (chapter 2): the log-odds top words of each group, how often each stays in the top list when
# one document is left out (`stability`), and the permutation test on whole documents, with the p-value
# adjusted for having picked these words out of the whole vocabulary (`p_adjusted`).

# %%
vocab = cu.chapters.vocabulary(
    data, groups, min_df=min_df, stop_words=stop_words, alpha0=alpha0, min_docs=min_docs, top_n=top_n,
    n_resamples=n_resamples, seed=seed,
)

# %% [markdown]
# **Framing** (chapter 3): each frame's hits per 1,000 tokens in each document, and the difference between
# the groups' mean rates with its permutation p-value, adjusted for testing every frame; and the share of the
# tokens the lexicon covers (`framing.coverage`): under 5% the frames do not count as a route of their own.

# %%
framing = cu.chapters.framing(data, groups, lexicon=lexicon, n_resamples=n_resamples, seed=seed)

# %% [markdown]
# **Clustering** (chapter 4): the documents of the compared groups as TF-IDF vectors of words and word pairs,
# clustered into as many clusters as there are groups (or `n_clusters`), and the agreement of the clusters
# with the labels (adjusted Rand index) with its permutation p-value; and whether the partition comes back when
# k-means is run again with four other seeds (`clustering.seeds`).

# %%
clustering = cu.chapters.clustering(
    data, groups, n_clusters=n_clusters, method=method, min_df=min_df, sublinear_tf=sublinear_tf,
    lsa_components=lsa_components, n_init=n_init, seed=seed, n_resamples=n_resamples,
)

# %% [markdown]
# ## The evidence, side by side (`synthesis.evidence`, `synthesis.main_findings`)
#
# `evidence` has one row per finding the three chapters report: every listed word, every frame, and the clusters
# against the labels. The table shows each method's strongest finding (for the word lists, one per side;
# `synthesis.main_findings`), the ones the abstract quotes. `leans_to` is the group the finding points to; `effect`
# is its size (z for a word, the difference in mean rate for a frame, the ARI for the clusters) and `effect_low` to
# `effect_high` its 95% bootstrap interval over documents (resampled within each group, seeded; none for the
# clusters); `p_adjusted` and `min_p` (the floor: the smallest p-value the test could give with these documents,
# ties included) carry its uncertainty; `docs_own` of `n_own` documents of its side carry it. `support` says how much
# it rests on single documents, in the words every chapter uses for the same finding:
#
# * **carried by one document**: one document supplies most of it (more than half of its uses or hits on its
#   side), only one document of its side has it, or its side has a single document;
# * **unstable**: it leaves its list when one document is left out or in the bootstrap, or (a frame) its
#   difference changes sign or vanishes when one document is left out, or its 95% interval includes 0; for the
#   clusters, the partition changes with the seed;
# * **consistent**: neither.

# %%
echoes = cu.synthesis.frame_echoes(framing.matches, framing.tokens, vocab.stable["term"].unique(), groups,
                                   n_resamples=n_resamples, seed=seed)
evidence = cu.synthesis.evidence(vocab.stable, vocab.perm, framing.separation, clustering.agreement, alpha=alpha,
                                 coverage=framing.coverage, echoes=echoes, seeds=clustering.seeds)
main = cu.synthesis.main_findings(evidence)
columns = ["method", "group_a", "group_b", "item", "leans_to", "effect", "effect_low", "effect_high", "p_adjusted",
           "min_p", "docs_own", "n_own", "support"]
blank = {"group_a": "", "group_b": "", "leans_to": "", "support": ""}
main[columns].round(3).fillna(blank).head(max_rows)

# %% [markdown]
# ## Frames that echo the word lists (`synthesis.frame_echoes`)
#
# A frame is a list of words, and some of them may be the very words the word lists found. When more than half of
# a frame's hits in the documents compared are listed words (a match whose lexicon entry is a listed word, or a
# phrase that holds one), the frame **echoes** them: its difference is mostly theirs, seen a second time, and it is
# not counted as a second route to the same finding. Beside it stands its difference without those words
# (`diff_without`, with `p_adjusted_without`): the frame's rates recounted from its other matches, over the same
# tokens, and tested as chapter 3 tests them.

# %%
echoes[["frame", "group_a", "group_b", "hits", "listed_share", "echo", "echo_terms", "diff_without",
        "p_adjusted_without"]].round(3).fillna({"echo_terms": ""}).head(max_rows)

# %% tags=["prose"]
cu.say(cu.narrate.echo_reading(evidence))

# %% [markdown]
# ## Where the methods agree, and where they part (`synthesis.verdicts`, `synthesis.cross_check`)
#
# Each method gets one verdict per comparison, and each piece of evidence counts once:
#
# * the method's best adjusted p-value, among the findings that count (frames that echo the word lists do not), is
#   adjusted once more across every method and comparison (Holm's step-down procedure: `p_holm`), so that on a
#   corpus without any real difference some method is said to separate the groups at most `alpha` of the time (the
#   test suite checks this on simulated corpora);
# * a method **separates** the groups when `p_holm` ≤ `alpha`; the clusters only when their partition is also stable
#   across seeds (a mean ARI between seeds of at least 0.8) and their agreement with the labels is not weak (an ARI of
#   at least 0.65): otherwise they are **unstable** or **weak**;
# * the frames **echo** the word lists when the only frames that pass are echoes, and are **not applicable** when the
#   lexicon covers under 5% of the tokens (`frame.LOW_COVERAGE`); neither counts in the agreement of the methods;
# * a method finds **no evidence** when its tests could have reached `alpha` but none that counts did, and it is
#   **untestable** when no test of it can reach `alpha` with these documents, however large the difference: every
#   floor is above `alpha`, from too few documents or, with random relabellings, too many tied values.
#
# Methods that reach the same verdict by different routes are worth more than any one of them; `cross_check` sets
# them side by side and counts the routes that separate the groups (`n_separating`).

# %%
verdicts = cu.synthesis.verdicts(evidence)
cross = cu.synthesis.cross_check(verdicts)
verdicts[["method", "group_a", "group_b", "n_items", "n_passing", "n_one_document", "n_unstable", "n_echo",
          "best_p_adjusted", "p_holm", "floor", "verdict"]].round(3).fillna({"group_a": "", "group_b": ""})

# %% tags=["prose"]
cu.say(cu.narrate.methods_compared(verdicts, cross))

# %% [markdown]
# The word lists and the frames can also be compared item by item: a listed word that is itself an entry of a
# frame should lean the same way as its frame, unless the frame's difference is carried by its other words.

# %%
links = cu.synthesis.term_frame_links(evidence, framing.lexicon)
links.head(max_rows)

# %% tags=["prose"]
cu.say(cu.narrate.term_frame_agreement(links))

# %% [markdown]
# ## Findings carried by one document, and unstable ones
#
# A finding carried by a single text describes that text: its author, its genre, its occasion. An unstable one may
# not come back with another sample of documents. The rows below are the findings whose `support` is not
# *consistent*, with their intervals; the words and frames among them carry the same label in chapters 2 and 3.

# %%
fragile = evidence["support"].isin([cu.synthesis.ONE_DOCUMENT, cu.synthesis.UNSTABLE])
evidence.loc[fragile, ["method", "group_a", "group_b", "item", "leans_to", "effect", "effect_low", "effect_high",
                       "docs_own", "n_own", "stability", "support"]].round(3).fillna(blank).head(max_rows)

# %% tags=["prose"]
cu.say(cu.narrate.single_document_findings(evidence, lengths))

# %% [markdown]
# ## What this corpus cannot test

# %% tags=["prose"]
cu.say(cu.narrate.cannot_test(verdicts, lengths, evidence.attrs["unused_frames"]))

# %% [markdown]
# ## A design for the next study: how many documents per group? (`design.floors`)
#
# A permutation test asks how unusual the observed split of the documents is among all the ways of relabelling
# them. With few documents there are few relabellings, and that sets a floor under the p-value that no amount of
# text can break. The table gives, for a study with the same number of documents in each of two groups, the
# number of relabellings (C(2n, n)) and the smallest p-value an exact two-sided test can give.

# %%
floors = cu.design.floors(range(2, 11), alpha=alpha)
smallest = cu.design.smallest_sample(alpha)
floors.assign(min_p=floors["min_p"].map("{:.2g}".format))

# %% tags=["prose"]
cu.say(cu.narrate.design_floor(floors, smallest, lengths))

# %% [markdown]
# ### Method: simulating the next study (`design.main_features`, `design.power`)
#
# Reaching the floor is not enough: a study must also be likely to *detect* a difference of the size that is
# really there. Three things make a naive simulation promise too much, and this one corrects each.
#
# 1. **The winner's curse.** The differences chosen are the largest this corpus showed, and the largest of many
#    estimates overstates the truth. Each is shrunk towards the differences of the whole vocabulary (or of all
#    the frames) by empirical Bayes (`design.pilot_model`): a difference resting on few uses shrinks most, a
#    large one measured on many uses is kept.
# 2. **Too few documents to see how documents vary.** The spread between documents is estimated once for every
#    word together (a negative-binomial dispersion), so that two or three documents still give a spread, and a
#    simulated document's counts vary by it; its length is drawn from this corpus's documents.
# 3. **A pilot leaves the truth uncertain.** The true differences are drawn 40 times from what this corpus
#    allows, and studies are simulated for each draw. The probability reported is the share of all simulated
#    studies that detect the difference; its interval (`power_low` to `power_high`) is where the probability lies
#    across those draws: an interval from near 0 to near 1 is the honest answer of a corpus that cannot tell.
#
# Each simulated study is judged by the essay's own rule: the permutation test adjusted for choosing the word
# among the whole vocabulary (or the frame among all the frames), in the same direction as here, so that
# "detected" means what it means in chapters 2 and 3. Each comparison simulates only the differences found in
# it.

# %%
features = cu.design.main_features(evidence, n_terms=design_terms, n_frames=design_frames)
power = cu.design.power(vocab.dtm, framing.rates, features, groups, sizes=sizes, n_simulations=n_simulations,
                        alpha=alpha, n_resamples=n_resamples, seed=seed, alpha0=alpha0, min_docs=min_docs)
power[["kind", "feature", "group", "n_per_group", "power", "power_low", "power_high"]].round(2).head(max_rows)

# %% [markdown]
# ### Figure: the chance of detecting each main difference, by documents per group (`plot.plot_power`)
#
# Each line is one difference; the band is where its probability of detection may lie given these documents
# (the 2.5th to 97.5th percentile over the draws of the truth), and the dotted line marks the conventional
# target of detecting a real difference 80% of the time.

# %%
fig, ax = cu.plot.plot_power(power)
_ = cu.save_figure(fig, "05_power", figures_dir)

# %% tags=["prose"]
cu.say(cu.narrate.power_reading(power))

# %% [markdown]
# ## In short
#
# The essay's abstract, written from the tables above; the front page of the report shows it too.

# %% tags=["prose", "abstract"]
cu.say(cu.narrate.abstract(lengths, evidence, main, verdicts, cross, smallest, power))

# %% [markdown]
# ## Limits
#
# * **Three methods, one corpus.** Agreement between the word lists, the frames and the clusters is agreement
#   about these documents; it is no substitute for more of them.
# * **The simulation rests on a model of this corpus.** The differences, the spread between documents and the
#   documents' lengths are estimated from these texts; a next study drawn from other authors, years or venues
#   may differ more or less than they do. The intervals carry what these documents leave uncertain, not that.
# * **Detecting is not explaining.** A study that detects a difference in word use still has to read the
#   texts to say what the difference means.

# %% tags=["prose", "summary"]
# The line under this chapter's link on the report's front page.
cu.say(cu.narrate.design_line(smallest, power, alpha))
