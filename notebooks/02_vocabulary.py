# %% [markdown]
# # Chapter 2 · Vocabulary: which words set the groups apart, and how sure can we be?
#
# Which words does one group use much more than the other, which do both share, and would each answer
# survive if one document were missing?

# %% tags=["parameters"]
corpus = "../data/seed"
label_column = "stance"
text_column = "text"
groups = None
rules = None
figures_dir = "../figures"
shared = None
min_df = 1
stop_words = "default"
alpha0 = 500.0
phrase_min_count = 3
phrase_min_g2 = 10.83
phrase_alpha0 = 50.0
min_docs = None
top_n = 10
n_resamples = 200
seed = 0
window = 5
contested_min_count = 3
contested_max_z = 1.96
kwic_lines = 8
max_rows = 20

# %% [markdown] tags=["method"]
# #### The parameters
#
# * `min_df` is the fewest documents a word must appear in to be counted (the dispersion filter below
#   does the real weeding); `stop_words` names the list of function words dropped (it ships with the
#   package).
# * Words and two-word phrases are counted into **separate tables, each with its own totals**, and
#   compared separately, so that a phrase neither takes a slot in a top list beside its own words nor
#   inflates the totals that a term's share and the prior are scaled by. A pair of adjacent content words
#   counts as a phrase only if it is a *collocation*: seen at least `phrase_min_count` times, more often
#   than the frequencies of its two words predict, and with Dunning's log-likelihood G² against its parts
#   of at least `phrase_min_g2` (10.83 is the χ² cut-off for p = 0.001 with one degree of freedom; many
#   pairs are tried, so read it as a cut-off, not as a test).
# * `alpha0` is the strength of the log-odds prior for words, in pseudo-tokens: it pulls rarely used
#   words toward the corpus-wide rate, so that a word used twice cannot top the list; it is best of the
#   order of a short document's length. `phrase_alpha0` is the prior for phrases, lighter because
#   collocations are far fewer than words (the phrase section reports how heavy each prior is here).
# * `min_docs`: a term must be used by at least this many documents of the group it leans to (`None`: 2,
#   or every document of a one-document group), so one author's habit is not reported as a group's.
# * `top_n` is the number of terms listed per group. `n_resamples` and `seed` drive the random steps:
#   the bootstrap intervals, the stability check above 30 documents (leave-one-out below), and the
#   permutation test when there are more than 5,000 ways to relabel the documents.
# * `window` is the number of content words on each side of a term that count as its company (and the
#   context of the concordance lines); a *contested* word is used at least `contested_min_count` times
#   by each group with |z| below `contested_max_z`.
# * `kwic_lines` and `max_rows` cap the concordances and the tables for large corpora.

# %%
import corpus_utils as cu

cu.setup_notebook()
# %matplotlib inline

# %%
data = cu.load_corpus(
    corpus, label_column=label_column, text_column=text_column, rules=rules, stop_words=stop_words, shared=shared
)
vocab = cu.chapters.vocabulary(
    data, groups, min_df=min_df, stop_words=stop_words, alpha0=alpha0, phrase_min_count=phrase_min_count,
    phrase_min_g2=phrase_min_g2, phrase_alpha0=phrase_alpha0, min_docs=min_docs, top_n=top_n,
    n_resamples=n_resamples, seed=seed, window=window, contested_min_count=contested_min_count,
    contested_max_z=contested_max_z, shared=shared,
)
groups = vocab.groups

# %% tags=["prose"]
cu.say(cu.narrate.vocabulary_opening(vocab.stable, vocab.perm, vocab.top_phrases))

# %% tags=["prose"]
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_keyness_lists(vocab.stable, vocab.top_phrases))

# %% [markdown]
# ### Figure: the words that lean most to each group (|z|, with 95% intervals and the documents that use each)

# %%
fig, ax = cu.plot.plot_keyness_bars(vocab.stable)
_ = cu.save_figure(fig, "02_keyness_bars", figures_dir)

# %% [markdown]
# In the rendered report, the [term explorer](explorer.html) (`explorer.html`, beside this chapter's page) shows every term
# that passes the dispersion filter, with its counts, its documents and its lines in context.

# %% [markdown] tags=["method"]
# #### Loading and counting
#
# The corpus is loaded as in Chapter 1; `chapters.vocabulary` then computes each table below the first time
# the chapter shows it. Every statistic reads sparse document-term matrices (`count_terms` for words,
# `count_phrases` for collocations, each with its own totals); the positional token index behind them is
# kept, so that every term can be looked up in its context.

# %% [markdown]
# ## The words each group leans on

# %% tags=["prose"]
cu.say(cu.narrate.keyness_top_terms(vocab.stable, vocab.by_log_odds))

# %% [markdown]
# ### Table: the top words of each group, with the documents that use them

# %%
top = vocab.stable.merge(vocab.perm[["term", "group", "p_adjusted"]], on=["term", "group"], how="left")
top = top.sort_values(["group", "rank"], kind="stable")
columns = {"term": "word", "group": "leans to", "score": "z", **cu.narrate.side_headers(vocab.stable, "docs", "documents of"),
           "support": "support", "p_adjusted": "adjusted p"}
cu.report.reader_table(top.groupby("group", sort=False).head(5), columns, total=len(top), noun="listed words")

# %% [markdown] tags=["method"]
# #### Log-odds with an informative prior, and support
#
# A raw count favours long documents and frequent words, and with few documents a term used twice by one
# group and never by the other can look decisive. The **log-odds ratio with an informative Dirichlet
# prior** (Monroe, Colaresi & Quinn 2008, "Fightin' Words"; `keyness.log_odds`) first adds to both groups
# pseudo-counts of every term, in proportion to its share of the whole corpus (`alpha0` in total), so rare
# terms are pulled toward "no difference". Then it divides the difference of the two groups' log-odds of
# the term by its standard error, √(1/(y<sub>a</sub> + α<sub>w</sub>) + 1/(y<sub>b</sub> + α<sub>w</sub>)),
# where y<sub>a</sub> and y<sub>b</sub> are the term's counts and α<sub>w</sub> its pseudo-count. The
# result, z, reads like a z-score: how many standard errors apart the groups' rates are (positive when the
# term leans to the first group). Only words used by at least `min_docs` documents of their group are kept.
#
# **Support** is the one rule the whole essay uses (`support.support_level`): a word is *carried by one
# document* when the group has a single document, only one of its documents uses the word, or one document
# supplies more than half of its uses in the group and more than twice an even share of them (so a word both
# documents of a pair use is never one document's); *unstable* when it leaves the top list when a document
# is left out (with more than 30 documents, in more than half of `n_resamples` bootstrap samples) or its 95%
# bootstrap interval includes 0; *consistent* otherwise. The table's other columns (counts, rates,
# intervals, stability) are under "All columns".
#
# The second figure places every word that passes the dispersion filter by how often it is used (x, log
# scale) and by its z (y); the labelled points are each group's strongest words with their 95% intervals,
# and the dotted lines mark |z| = 1.96.

# %% [markdown]
# ### Figure: how often each word is used against how far it leans (z); frequent words near zero are shared

# %%
fig, ax = cu.plot.plot_fightin_words(vocab.by_log_odds, n_labels=top_n, intervals=vocab.stable)
_ = cu.save_figure(fig, "02_fightin_words", figures_dir)

# %% [markdown]
# ## How sure we can be

# %% tags=["prose"]
cu.say(cu.narrate.stability_summary(vocab.stable))
cu.say(cu.narrate.permutation_summary(vocab.perm, vocab.stable))

# %% [markdown] tags=["method"]
# #### Stability, intervals and the permutation test
#
# For each top word the log-odds table is recomputed with one document left out (of the counts and of the
# prior alike), once per document (with more than 30 documents, on `n_resamples` bootstrap samples drawn
# within each group), and `keyness.stability` counts the share of resamples in which the word stays among
# its group's top `top_n`. The **95% bootstrap interval** of z runs from the 2.5th to the 97.5th percentile
# of the word's z over `n_resamples` resamples of the documents (seeded with `seed`).
#
# The **permutation test** (`keyness.permutation_test`) shuffles whole documents between the groups,
# keeping their sizes: `p_value` is the share of relabelings in which the word leans at least as strongly
# to either group. With at most 5,000 distinct relabelings every one is tried; with more, `n_resamples`
# are drawn, and a word that k of the B draws match or beat gets p = (k + 1)/(B + 1). Because the listed
# words were *chosen* for their large scores, the adjusted p (`p_adjusted`, Westfall & Young's max-T) is
# the share of relabelings in which the **largest** |z| of any word reaches this word's |z|. Few documents
# make few relabelings, which sets a floor on both that no amount of text can break.

# %% [markdown]
# ## Phrases

# %% tags=["prose"]
cu.say(cu.narrate.phrase_keyness(vocab.top_phrases, vocab.phrase_counts, vocab.by_log_odds))

# %% [markdown]
# ### Table: the top phrases of each group

# %%
phrases = vocab.stable_phrases.sort_values(["group", "rank"], kind="stable")
columns = {"term": "phrase", "group": "leans to", "score": "z", **cu.narrate.side_headers(vocab.top_phrases, "docs", "documents of"),
           "support": "support"}
cu.report.reader_table(phrases.groupby("group", sort=False).head(5), columns, total=len(phrases), noun="listed phrases")

# %% [markdown] tags=["method"]
# #### Log-odds on the collocations
#
# The same statistic on the phrase matrix (`count_phrases`, `keyness.log_odds`): a group's use of a phrase
# is weighed against all the *phrases* it uses, not against its words, and the prior spreads
# `phrase_alpha0` pseudo-uses over the phrases in proportion to their share of all phrase uses. The same
# dispersion filter applies, and the same resampling gives each listed phrase its support
# (`chapters.vocabulary(...).stable_phrases`, `keyness.stability` on the phrase matrix), which the synthesis
# reads when it weighs phrases beside words.

# %% [markdown]
# ## Other statistics agree

# %% tags=["prose"]
cu.say(cu.narrate.leaning_terms(vocab.top_tfidf, "mean TF-IDF"))
cu.say(cu.narrate.methods_agreement(vocab.top_g2, vocab.top_log_odds, vocab.by_g2))
cu.say(cu.narrate.worked_idf(vocab.idf, vocab.top_tfidf))

# %% [markdown] tags=["method"]
# #### TF-IDF and log-likelihood
#
# **TF-IDF** (`keyness.mean_tfidf`, `count.idf_table`) weighs a term's frequency in a document by how few
# documents use it, exactly as scikit-learn does: with n documents and df(t) of them containing term t,
# idf(t) = ln((1 + n) / (1 + df(t))) + 1, and each document's vector of tf × idf is scaled to length 1.
# Each group's mean weight is compared. It has no notion of chance.
#
# The **log-likelihood statistic G²** (Dunning 1993; `keyness.log_likelihood`) says how surprising a term's
# split between the groups would be if both used it at the same rate; it grows with the amount of evidence.
# The **log ratio** (Hardie 2014) is the effect alone: log<sub>2</sub> of the ratio of the term's relative
# frequencies. Two methods built on different assumptions that agree are more convincing than either alone.

# %% [markdown]
# ## Words both groups use

# %% tags=["prose"]
cu.say(cu.narrate.contested_summary(vocab.contested))

# %% [markdown]
# ### Table: the most used contested words

# %%
columns = {"term": "word", "group": "leans slightly to", "score": "z", **cu.narrate.side_headers(vocab.contested, "count", "uses by"),
           **cu.narrate.side_headers(vocab.contested, "docs", "documents of")}
cu.report.reader_table(vocab.contested.head(max_rows), columns, total=len(vocab.contested), noun="contested words")

# %% tags=["prose"]
cu.say(cu.narrate.collocate_readings(vocab.company, vocab.focus))

# %% tags=["prose"]
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_cooperation(vocab.contested, vocab.company))

# %% [markdown] tags=["method"]
# #### Contested words and the company they keep
#
# Not every important word is distinctive. A *contested* word (`keyness.contested_terms`) is used often by
# both groups and leans to neither (|z| below `contested_max_z`): the shared ground the groups argue over.
# For the most shared of them, `context.collocates` collects the content words within `window` words on
# either side, separately in each group, and scores each neighbour by the log-likelihood G² of co-occurring
# more often than its overall frequency in that group predicts (neighbours seen at least twice). Side by
# side, the lists show what, on each side, the word is *about*.

# %% [markdown]
# ## The words in context
#
# The lines behind the top word and the top phrase of each group, spread over the corpus, original casing
# kept.

# %%
for g in vocab.top_log_odds.attrs["groups"]:
    terms = vocab.top_log_odds.loc[vocab.top_log_odds["group"] == g, "term"].head(1).tolist()
    terms += vocab.top_phrases.loc[vocab.top_phrases["group"] == g, "term"].head(1).tolist()
    for term in terms:
        lines = cu.context.kwic(vocab.tokens, term, window=window, max_lines=kwic_lines, stop_words=stop_words)
        heading = f"{term!r} (leans to {g}): {lines.attrs['n_matches']} matches, {min(len(lines), kwic_lines)} shown"
        table = lines[["doc_id", "left", "match", "right"]].to_string(index=False, header=False)
        print(cu.report.plain_text(f"{heading}\n{table}"))  # no control or bidirectional character from the data
        print()

# %% [markdown] tags=["method"]
# #### Keyword in context
#
# `context.kwic` finds every use of a term (a phrase with any stop words between its two words, as it was
# counted) and shows at most `kwic_lines` of them with `window` tokens of context on each side.

# %% [markdown]
# ## Limits

# %% tags=["prose"]
cu.say(cu.narrate.vocabulary_limits(data.columns))

# %% tags=["prose", "summary"]
# The line under this chapter's link on the report's front page.
found = cu.synthesis.evidence(stable=vocab.stable, perm=vocab.perm)
cu.say(cu.narrate.chapter_line(found, cu.synthesis.verdicts(found), "vocabulary"))
