# %% [markdown]
# # Chapter 5 · Synthesis: what the evidence supports
#
# **The question of this chapter.** Chapters 2 to 4 each looked at the groups one way: their words, their
# frames, and how their documents cluster. What do the three add up to, how sure can we be, and how many
# documents would the next study need?

# %% tags=["parameters"]
corpus = "../data/seed"
label_column = "stance"
text_column = "text"
groups = None
rules = None
figures_dir = "../figures"
shared = None
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
n_themes = None

# %%
import corpus_utils as cu

cu.setup_notebook()
# %matplotlib inline

data = cu.load_corpus(corpus, label_column=label_column, text_column=text_column, rules=rules, stop_words=stop_words,
                     shared=shared)
synthesis = cu.chapters.synthesis(
    data, groups, lexicon=lexicon, min_df=min_df, stop_words=stop_words, alpha0=alpha0, min_docs=min_docs, top_n=top_n,
    method=method, n_clusters=n_clusters, lsa_components=lsa_components, sublinear_tf=sublinear_tf, n_init=n_init,
    n_resamples=n_resamples, seed=seed, alpha=alpha, sizes=sizes, n_simulations=n_simulations,
    design_terms=design_terms, design_frames=design_frames, n_themes=n_themes, shared=shared,
)
groups, lengths, evidence, verdicts = synthesis.groups, synthesis.lengths, synthesis.evidence, synthesis.verdicts

# %% tags=["prose", "question"]
cu.say(cu.narrate.essay_question(groups, cu.narrate.seed_reading_applies(data, label_column)))

# %% tags=["prose", "abstract"]
cu.say(cu.narrate.abstract(lengths, synthesis.terms, synthesis.main, verdicts, synthesis.smallest, synthesis.power))

# %% [markdown]
# ### Figure: the words and phrases that set each group apart
#
# Each bar is a word or phrase that sets its group apart; its length is the word's score towards the group, the
# line across it its 95% interval, and the label says how many of the group's documents use it.

# %% tags=["front-figure"]
fig, ax = cu.plot.plot_distinctive_terms(synthesis.terms)
_ = cu.save_figure(fig, "05_distinctive_terms", figures_dir)

# %% [markdown] tags=["method"]
# ### The distinctive terms and the abstract
#
# `synthesis.distinctive_terms` takes the listed words of chapter 2 and its top phrases
# (`Vocabulary.stable_phrases`, weighed by the same log-odds rule with the phrases' prior) and keeps, for each
# group, those whose support is *consistent* (no single document carries it, it survives resampling, its 95%
# bootstrap interval stays clear of 0) and that at least one in twenty of the group's documents use (`min_share`),
# two at least, and a larger share of them than of the other documents: never
# one author's habit. A word inside a kept phrase gives way to the phrase. They are ranked by the lower end of
# their interval, the difference the documents support with most confidence, and written as the texts write
# them away from sentence starts (`context.surface_forms`). The abstract (`narrate.abstract`) names the first
# of them, says how sure the tests of the next sections are, and ends with the design of the next study. The
# parameters shared with chapters 2 to 4 have the same defaults there, and `corpus-essay run` passes a value
# given once to every chapter that takes it. `chapters.synthesis` reads chapters 2 to 4 through the chapters' own
# functions with those parameters: in a run it reads back the tables they saved, and opened alone it computes
# them, so the results here are those the chapters report.

# %% [markdown]
# ## Where the methods agree, and where they part

# %% tags=["prose"]
cu.say(cu.narrate.methods_compared(verdicts, synthesis.cross))

# %% [markdown]
# ### Table: each method's verdict, per comparison

# %%
cu.report.reader_table(verdicts, {"method": "Method", "group_a": "Group", "group_b": "Against", "n_items": "Findings",
                                  "n_passing": "Beyond chance", "p_holm": "p (adjusted across methods)",
                                  "verdict": "Verdict"}, noun="verdicts")

# %% [markdown] tags=["method"]
# ### How the verdicts are reached
#
# `synthesis.verdicts` gives each method one verdict per comparison, and each piece of evidence counts once. The
# method's best adjusted p-value, among the findings that count (frames that echo the word lists do not), is
# adjusted once more across every method and comparison (Holm's step-down procedure, `synthesis.holm`), so that
# on a corpus without any real difference some method is said to separate the groups at most `alpha` of the
# time. A method **separates** the groups when that p-value is at most `alpha`; the clusters only when their
# partition is also stable across seeds and their agreement with the labels is not weak (otherwise they are
# **unstable** or **weak**). The frames **echo** the word lists when the only frames that pass are echoes, and
# are **not applicable** when the lexicon covers under 5% of the tokens (`frame.LOW_COVERAGE`). A method finds
# **no evidence** when its tests could have reached `alpha` but none that counts did, and it is **untestable**
# when no test of it can reach `alpha` with these documents. `synthesis.cross_check` sets the verdicts side by
# side.

# %% [markdown]
# ## The strongest finding of each method

# %% [markdown]
# ### Table: the strongest finding of each method and side

# %%
cu.report.reader_table(synthesis.main, {"method": "Method", "item": "Finding", "leans_to": "Leans to", "effect": "Effect",
                              "p_adjusted": "p (adjusted)", "docs_own": "Documents using it",
                              "support": "Support"}, total=len(evidence), noun="findings")

# %% [markdown] tags=["method"]
# ### How the evidence table is built
#
# `synthesis.evidence` has one row per finding the three chapters report: every listed word, every frame, and the
# clusters against the labels; `synthesis.main_findings` keeps each method's strongest (for the word lists, one
# per side). The effect is a word's log-odds z, a frame's difference in mean rate, or the clusters' adjusted Rand
# index, with its 95% bootstrap interval (under "All columns"); the adjusted p-value allows for picking the finding
# out of many, and `min_p` is the floor, the smallest p-value the test could give with these documents. The
# support is the one vocabulary of evidence every chapter uses: *carried by one document*, *unstable* or
# *consistent*.

# %% [markdown]
# ## What only echoes the word lists

# %% tags=["prose"]
cu.say(cu.narrate.echo_reading(evidence))

# %% [markdown]
# ### Table: how much of each frame, or theme, is the listed words

# %%
echo_rows = cu.narrate.echo_rows(evidence)
cu.report.reader_table(echo_rows.head(max_rows), {"item": "Frame or theme", "group_a": "Group", "group_b": "Against",
                                                  "listed_share": "Share that is listed words", "echo": "Echo",
                                                  "effect_without": "Difference without them",
                                                  "p_adjusted_without": "p without them (adjusted)"},
                       total=len(echo_rows), noun="comparisons")

# %% [markdown] tags=["method"]
# ### How an echo is found
#
# `synthesis.frame_echoes`: when more than half of a frame's hits in the documents compared are listed words (a
# match whose lexicon entry is a listed word, or a phrase that holds one), the frame's difference is mostly
# theirs, seen a second time, and it is not counted as a second route. Beside it stands its difference without
# those words: the frame's rates recounted from its other matches, over the same tokens, and tested as chapter 3
# tests them. Where the themes found in the texts stand in for the frames (the lexicon covers too little of
# them), a theme echoes the word lists when more than half of the weight of its top words is on listed words
# (`themes.listed_share`); a theme is refitted with the corpus, so it has no recount without them.

# %% [markdown]
# ## Words that are also entries of a frame

# %% tags=["prose"]
links = cu.synthesis.term_frame_links(evidence, synthesis.framing.lexicon)
cu.say(cu.narrate.term_frame_agreement(links))

# %% [markdown]
# ## Findings carried by one document, and unstable ones

# %% tags=["prose"]
cu.say(cu.narrate.single_document_findings(evidence, lengths))

# %% [markdown]
# ## What this corpus cannot test

# %% tags=["prose"]
cu.say(cu.narrate.cannot_test(verdicts, lengths, evidence.attrs["unused_frames"]))

# %% [markdown]
# ## A design for the next study

# %% tags=["prose"]
cu.say(cu.narrate.design_floor(synthesis.floors, synthesis.smallest, lengths))
cu.say(cu.narrate.power_reading(synthesis.power))

# %% [markdown]
# ### Figure: the chance of detecting each main difference, by documents per group
#
# Each line is one difference; the band is where its probability of detection may lie given these documents,
# and the dotted line marks the conventional target of detecting a real difference 80% of the time.

# %%
fig, ax = cu.plot.plot_power(synthesis.power)
if fig is not None:
    _ = cu.save_figure(fig, "05_power", figures_dir)
else:
    cu.say(cu.narrate.power_flat(synthesis.power))

# %% [markdown] tags=["method"]
# ### How the next study is simulated
#
# A permutation test asks how unusual the observed split of the documents is among all the ways of relabelling
# them; with few documents there are few relabellings, and that sets a floor under the p-value (`design.floors`,
# `design.smallest_sample`). Reaching the floor is not enough: a study must also be likely to *detect* a
# difference of the size that is really there (`design.main_features`, `design.power`). The differences chosen
# are, in each comparison, the `design_terms` strongest words leaning to each side and the `design_frames`
# strongest frame differences, leaving out findings carried by one document. Each is shrunk towards the
# differences of the whole vocabulary (or of all the frames) by empirical Bayes (`design.pilot_model`), against
# the winner's curse; the spread between documents is estimated once for every word together (a
# negative-binomial dispersion); and the true differences are drawn 40 times from what this corpus allows, so
# that the interval of each probability carries what these documents leave uncertain. Each simulated study, of
# the sizes in `sizes` with `n_simulations` studies per size, is judged by the essay's own rule: the
# permutation test adjusted for choosing the finding among all the others, in the same direction as here.
#
# **Limits.** Agreement between the word lists, the frames and the clusters is agreement about these documents,
# no substitute for more of them. The simulation rests on a model of this corpus; a next study drawn from other
# authors, years or venues may differ more or less. Detecting a difference in word use is not explaining it:
# that still takes reading the texts.

# %% tags=["prose", "summary"]
# The line under this chapter's link on the report's front page.
cu.say(cu.narrate.design_line(synthesis.smallest, synthesis.power, alpha))
