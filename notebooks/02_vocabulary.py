# %% [markdown]
# # Chapter 2 · Vocabulary: which words does each camp use, and how sure can we be?
#
# **The question of this chapter.** Chapter 1 met the documents. Here we ask which *words* set the camps
# apart: which terms does one camp use much more than the other, which terms do both camps share, and
# what company does a shared word keep on each side? And, because a corpus of a few documents can make
# one author's habit look like a camp's vocabulary, we ask just as carefully how far each answer would
# survive if one document were missing.

# %% tags=["parameters"]
corpus = "../data/seed"
label_column = "stance"
text_column = "text"
groups = None
rules = None
figures_dir = "../figures"
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

# %% [markdown]
# The parameters, and why they are set as they are:
#
# * `min_df = 1` keeps every word, since the dispersion filter below does the real weeding;
#   `stop_words = "default"` drops function words (the list ships with the package).
# * Words and two-word phrases are counted into **separate tables, each with its own totals**, and
#   compared separately. A phrase then neither takes a slot in a top list beside the words it is made
#   of nor inflates the totals that a term's share, and the prior,
#   are scaled by. A pair of adjacent content words counts as a phrase only if it is a *collocation*:
#   seen at least `phrase_min_count = 3` times in the corpus, more often than the frequencies of its
#   two words predict, and with Dunning's log-likelihood G² against its parts of at least
#   `phrase_min_g2 = 10.83`, the χ² cut-off for p = 0.001 with one degree of freedom (many pairs are
#   tried and words are not independent draws, so read it as a cut-off, not as a test).
# * `alpha0 = 500.0`: the strength of the log-odds prior for words, in pseudo-tokens. It pulls rarely
#   used words toward the corpus-wide rate, so that a word used twice cannot top the list; 500 is of
#   the order of a short document's length. `phrase_alpha0 = 50.0` is the prior for phrases.
#   Collocations are far fewer than words, and a prior as heavy as the words' would outweigh the
#   phrase counts themselves and pull every phrase toward "no difference"; a tenth of the weight keeps
#   the prior about as strong relative to the phrase counts as `alpha0` is to the word counts (the
#   phrase section reports both proportions for this corpus).
# * `min_docs = None`: a term must be used by at least 2 documents of the camp it leans to (or by every
#   document, if the camp has only one), so one author's habit is not reported as a camp's vocabulary.
# * `top_n = 10`: the terms shown per camp. `n_resamples = 200` and `seed = 0` drive the two random
#   steps: the stability check, when the corpus has more than 30 documents and switches from
#   leave-one-out to a seeded bootstrap, and the permutation test, when there are more than 5,000
#   ways to relabel the documents and it draws that many random relabellings instead of enumerating
#   them all.
# * `window = 5`: the number of content words on each side of a term that count as its company (and the
#   tokens of context in the concordance lines).
# * `contested_min_count = 3`, `contested_max_z = 1.96`: a *contested* word is used at least 3 times by
#   each camp and is not distinctive of either (|z| below 1.96).
# * `kwic_lines = 8` and `max_rows = 20` cap concordances and tables for large corpora.

# %%
import corpus_utils as cu

cu.setup_notebook()
# %matplotlib inline

# %% [markdown]
# ## Data: loading the corpus (`load_corpus`)
#
# The same loading step as in Chapter 1; if the corpus cannot be used, this cell stops with one message. Then
# `chapters.vocabulary` takes the corpus and the parameters above; it computes each table below the first time the
# chapter shows it, by the functions each section names.

# %%
data = cu.load_corpus(
    corpus, label_column=label_column, text_column=text_column, rules=rules, stop_words=stop_words
)
vocab = cu.chapters.vocabulary(
    data, groups, min_df=min_df, stop_words=stop_words, alpha0=alpha0, phrase_min_count=phrase_min_count,
    phrase_min_g2=phrase_min_g2, phrase_alpha0=phrase_alpha0, min_docs=min_docs, top_n=top_n,
    n_resamples=n_resamples, seed=seed, window=window, contested_min_count=contested_min_count,
    contested_max_z=contested_max_z,
)
groups = vocab.groups

# %% [markdown]
# ## Data: tokens, words and phrases (`count_terms`, `count_phrases`, `term_table`)
#
# Every statistic below reads sparse document-term matrices: how often each term occurs in each
# document. Words and two-word phrases are counted into two matrices, each with its own totals; the
# positional token index behind them is kept too, so that every term can be looked up in its context.
# The table lists the most frequent words with the number of documents that use each (`docs`).

# %%
vocab.counts.head(max_rows)

# %% tags=["prose"]
cu.say(cu.narrate.matrix_overview(vocab.counts, vocab.phrase_counts, vocab.lengths, groups))

# %% [markdown]
# ## Method: TF-IDF, averaged per camp (`keyness.mean_tfidf`, `count.idf_table`)
#
# A raw count favours long documents and words everyone uses. **TF-IDF** reweighs it: *term frequency*
# (how often the term occurs in a document) times *inverse document frequency* (how few documents use it).
# A word in every document gets the lowest weight; a word in one document gets the highest. We use
# scikit-learn's variant exactly: with n documents and df(t) of them containing term t,
# idf(t) = ln((1 + n) / (1 + df(t))) + 1, and each document's vector of tf × idf is then scaled to
# length 1 (so long and short documents count alike). To compare camps we average each term's weight
# over a camp's documents; `score` is the difference of the two means. The table shows the raw counts
# (`count_a`, `count_b`), the uses per 1,000 words counted in each camp (`rate_a`, `rate_b`) and how many
# documents of each camp use the term (`docs_a`, `docs_b`) beside the weights.

# %%
vocab.top_tfidf.sort_values(["group", "rank"], kind="stable").head(2 * max_rows).round(3)

# %% tags=["prose"]
cu.say(cu.narrate.worked_idf(vocab.idf, vocab.top_tfidf))
cu.say(cu.narrate.leaning_terms(vocab.top_tfidf, "mean TF-IDF"))

# %% [markdown]
# ## Method: log-odds with an informative prior (`keyness.log_odds`)
#
# TF-IDF has no notion of chance: with few documents, a term used twice by one camp and never by the
# other can look decisive. The **log-odds ratio with an informative Dirichlet prior** (Monroe, Colaresi
# & Quinn 2008, "Fightin' Words") fixes that in two steps. First it adds to both camps a few
# pseudo-counts of every term, in proportion to the term's share of the whole corpus (`alpha0` in total),
# so rare terms are pulled toward "no difference". Then it divides the difference of the two camps'
# log-odds of the term by its standard error,
# √(1/(y<sub>a</sub> + α<sub>w</sub>) + 1/(y<sub>b</sub> + α<sub>w</sub>)), where y<sub>a</sub> and
# y<sub>b</sub> are the term's counts in the two camps and α<sub>w</sub> its pseudo-count (the paper's
# approximation). The result, z, reads like a z-score: how many standard errors apart the camps' rates
# are. Only words used by at least `min_docs` documents of their camp are kept.
#
# The sentence under the table gives the strongest word's z with its 95% bootstrap interval, and sorts each
# camp's list by **support**, the one rule the whole essay uses (`support.support_level`; the resampling
# behind it is explained in the uncertainty section below): a word is *carried by one document* when one
# document supplies most of it (the camp has a single document, only one of its documents uses the word, or
# one document supplies more than half of its uses in the camp), *unstable* when it does not survive
# resampling the documents (it leaves the top list when a document is left out, or its interval includes 0),
# and *consistent* otherwise.

# %%
vocab.top_log_odds.sort_values(["group", "rank"], kind="stable").head(2 * max_rows).round(3)

# %% tags=["prose"]
cu.say(cu.narrate.keyness_top_terms(vocab.stable, vocab.by_log_odds))

# %% [markdown]
# ### Figure: the top terms of each camp (`plot.plot_keyness_bars`)
#
# Bar length is |z|; each bar says how many of the camp's documents use the term, and the line across its end
# is the 95% bootstrap interval of |z| (a line that crosses the middle includes no difference at all).

# %%
fig, ax = cu.plot.plot_keyness_bars(vocab.stable)
_ = cu.save_figure(fig, "02_keyness_bars", figures_dir)

# %% [markdown]
# ### Figure: frequency against distinctiveness (`plot.plot_fightin_words`)
#
# Every term that passes the dispersion filter, placed by how often it is used (x, log scale) and by its
# z-score (y). Frequent terms near zero are shared; the labelled points are each camp's strongest terms,
# each with a vertical line for its 95% bootstrap interval. The dotted lines mark |z| = 1.96.

# %%
fig, ax = cu.plot.plot_fightin_words(vocab.by_log_odds, n_labels=top_n, intervals=vocab.stable)
_ = cu.save_figure(fig, "02_fightin_words", figures_dir)

# %% [markdown]
# ## Phrases: log-odds on the collocations (`count_phrases`, `keyness.log_odds`)
#
# The same statistic on the phrase matrix: a camp's use of a phrase is weighed against all the
# *phrases* it uses, not against its words, and the prior spreads `phrase_alpha0` pseudo-uses over the
# phrases in proportion to their share of all phrase uses. Only collocations are in this matrix (see the
# parameters), and the same dispersion filter applies: a phrase must be used by at least `min_docs`
# documents of the camp it leans to. `docs_a` and `docs_b` say how many documents of each camp use it.

# %%
vocab.top_phrases.sort_values(["group", "rank"], kind="stable").head(2 * max_rows).round(3)

# %% tags=["prose"]
cu.say(cu.narrate.phrase_keyness(vocab.top_phrases, vocab.phrase_counts, vocab.by_log_odds))

# %% tags=["prose"]
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_keyness_lists(vocab.stable, vocab.top_phrases))

# %% [markdown]
# ## Method: log-likelihood keyness and log ratio (`keyness.log_likelihood`)
#
# Corpus linguists rank key words with the **log-likelihood statistic G²** (Dunning 1993): how surprising
# the term's split between the camps would be if both used it at the same rate, given their sizes. G²
# grows with the amount of evidence, so it mixes effect and frequency; the **log ratio** (Hardie 2014)
# is the effect alone: log<sub>2</sub> of the ratio of the term's relative frequencies (a zero count counts as
# 0.5), so +1 means twice as frequent in group a. Two methods built on different assumptions that agree
# are more convincing than either alone. The table shows `score` (G², signed like z), the counts, the
# chi-square p-value beside G² (written with three significant digits, and as "< 10⁻³⁰⁰" when it is too
# small for a computer to hold) and the log ratio.

# %%
columns = ["group", "rank", "term", "score", "count_a", "count_b", "p_value", "log_ratio"]
g2_shown = vocab.top_g2.sort_values(["group", "rank"], kind="stable")[columns].head(2 * max_rows)
cu.report.p_columns(g2_shown).round(3)

# %% tags=["prose"]
cu.say(cu.narrate.methods_agreement(vocab.top_g2, vocab.top_log_odds, vocab.by_g2))

# %% [markdown]
# ## Uncertainty: stability and permutation p-values (`keyness.stability`, `keyness.permutation_test`)
#
# A camp's "vocabulary" should not depend on any single document. For each top word we recompute the
# log-odds table with one document left out (of the counts and of the prior alike), once per document
# (with more than 30 documents, on `n_resamples` bootstrap samples of documents drawn within each camp),
# and count the share of those resamples in which the word is still among its camp's top `top_n`. A
# stability of 1 means no single document makes or breaks the word.
#
# Every listed word also gets a **95% bootstrap interval** of its z (`score_low` to `score_high`): the
# documents are drawn with replacement within each camp, `n_resamples` times (seeded with `seed`), the
# log-odds table is recomputed on each resample (prior included), and the interval runs from the 2.5th to
# the 97.5th percentile of the word's z over the resamples. An interval that includes 0 means that some
# resamples of the same documents would not set the word apart at all.
#
# The **support** column puts these checks together with the share of the word's uses in its camp that one
# document supplies (`top_share` in `vocab.stable`), by the rule chapters 03 and 05 use too: *carried by one
# document* when the camp has a single document, only one of its documents uses the word, or one document
# supplies more than half of its uses; otherwise *unstable* when the word leaves the top list when some
# document is left out (with the bootstrap, in more than half of the resamples) or its interval includes 0;
# otherwise *consistent*.
#
# Beside it, a **permutation test** on whole documents. If the labels did not matter, any relabelling
# of the documents that keeps the camp sizes would be as likely as the real one. `p_value` is the share
# of relabellings in which the word leans at least as strongly to *either* camp (two-sided: |z| at least
# the observed |z|). With at most 5,000 distinct relabellings the test enumerates every one of them
# (exact); with more it draws `n_resamples` random ones (seeded with `seed`), and a word that k of the B
# draws match or beat gets p = (k + 1)/(B + 1), never 0.
#
# The raw `p_value` is too small for the words of this table: they were *chosen* because their scores
# were the largest in the whole vocabulary, and among hundreds of words a few always lean strongly by
# chance. `p_adjusted` answers for that choice (Westfall & Young's max-T): it is the share of
# relabellings in which the **largest** |z| of any word in the vocabulary (after the dispersion filter)
# reaches this word's |z|. Sentences that call a word's difference more than chance use `p_adjusted`;
# the raw `p_value` only says how unusual the word's own split would be had it been picked in advance.
# Few documents make few relabellings, which sets a floor on both (`min_p`) that no amount of text can
# break: with C relabellings enumerated, 1/C at best, 2/C when the camps are the same size (a split
# and its mirror image give the same |z|); with B drawn, 1/(B + 1).

# %%
shown = vocab.stable.merge(vocab.perm[["term", "group", "p_adjusted"]], on=["term", "group"], how="left")
columns = ["group", "term", "score", "score_low", "score_high", "stability", "p_adjusted", "support"]
shown = shown.sort_values(["group", "rank"], kind="stable")[columns].head(2 * max_rows)
cu.report.p_columns(shown).round(3)

# %% tags=["prose"]
cu.say(cu.narrate.stability_summary(vocab.stable))

# %% tags=["prose"]
cu.say(cu.narrate.permutation_summary(vocab.perm, vocab.stable))

# %% [markdown]
# ## Contested terms: words both camps use (`keyness.contested_terms`)
#
# Not every important word is distinctive. Some terms are used often by both camps and lean to neither
# (|z| < `contested_max_z`): they are the shared ground the camps fight over. `shared` is the smaller of
# the two camps' counts; `rate_a` and `rate_b` put the counts on the camps' sizes (uses per 1,000 words
# counted), so that a term used as often by a smaller camp shows as used more.

# %%
columns = ["term", "group", "score", "count_a", "count_b", "rate_a", "rate_b", "docs_a", "docs_b", "shared"]
vocab.contested[columns].head(max_rows).round(3)

# %% tags=["prose"]
cu.say(cu.narrate.contested_summary(vocab.contested))

# %% [markdown]
# ### Method: the company a contested word keeps (`context.collocates`)
#
# A shared word can mean different things. For each of the most shared words, we collect the content
# words within `window` words on either side, separately in each camp, and score each neighbour with
# the log-likelihood G² of co-occurring more often than its overall frequency in that camp would lead us
# to expect (neighbours seen at least twice). Each cell lists the five strongest neighbours, strongest
# first, with the number of times each was seen near the word. Side by side, the lists show what, on
# each side, the word is *about*: the same word can name different things, or the same thing seen from
# different places.

# %%
top_company = vocab.company.groupby(["term", "group"], sort=False).head(5)
items = top_company["collocate"].astype(str) + " (" + top_company["count"].astype(str) + ")"
side_by_side = top_company.assign(item=items).pivot_table(index="term", columns="group", values="item", aggfunc=", ".join)
side_by_side.reindex(vocab.focus).fillna("")

# %% tags=["prose"]
cu.say(cu.narrate.collocate_readings(vocab.company, vocab.focus))

# %% tags=["prose"]
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_cooperation(vocab.contested, vocab.company))

# %% [markdown]
# ## Evidence: keyword in context (`context.kwic`)
#
# Every distinctive term should be checked against the sentences it comes from. Here are the lines for
# the top two words and the top phrase of each camp (at most `kwic_lines` lines per term, spread over
# the corpus), with `window` tokens of context on each side, original casing kept. A phrase is found
# with any stop words between its two words, as it was counted.

# %%
for g in vocab.top_log_odds.attrs["groups"]:
    terms = vocab.top_log_odds.loc[vocab.top_log_odds["group"] == g, "term"].head(2).tolist()
    terms += vocab.top_phrases.loc[vocab.top_phrases["group"] == g, "term"].head(1).tolist()
    for term in terms:
        lines = cu.context.kwic(vocab.tokens, term, window=window, max_lines=kwic_lines, stop_words=stop_words)
        heading = f"{term!r} (top term of {g}): {lines.attrs['n_matches']} matches, {min(len(lines), kwic_lines)} shown"
        table = lines[["doc_id", "left", "match", "right"]].to_string(index=False, header=False)
        print(cu.report.plain_text(f"{heading}\n{table}"))  # no control or bidirectional character from the data
        print()

# %% [markdown]
# ## Limits
#
# * The counts are a bag of words: "not a risk" counts *risk*. The concordance lines are the corrective.
# * Phrases are formed after stop words are removed, so "rule of law" is counted as *rule law*, and only
#   pairs that pass the collocation test are kept: a pair seen fewer than `phrase_min_count` times, or not
#   clearly more often than its two words predict (G² below `phrase_min_g2`), is in no table as a phrase
#   (its words still count in the word table). The concordance finds the original wording.
# * The statistics treat the camps as fixed and the documents as the evidence: with few documents per
#   camp, genre and author are tangled with stance (see Chapter 1), and no test can separate them.

# %% tags=["prose"]
cu.say(cu.narrate.vocabulary_summary(vocab.lengths, vocab.perm, vocab.stable))

# %% tags=["prose", "summary"]
# The line under this chapter's link on the report's front page.
found = cu.synthesis.evidence(stable=vocab.stable, perm=vocab.perm)
cu.say(cu.narrate.chapter_line(found, cu.synthesis.verdicts(found), "vocabulary"))
