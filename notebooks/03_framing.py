# %% [markdown]
# # Chapter 3 · Framing: which considerations does each camp foreground?
#
# Chapter 2 asked which *words* set the camps apart. This chapter asks which *considerations* each camp
# puts in front of its reader. An argument about a public policy can be about crime, about public safety,
# about what the law allows, about what it costs, about trust between residents and their institutions,
# about rights, about politics, about who gets to decide, or about institutions working together. **Which
# of these does each camp foreground, and how sure can we be with the documents we have?**

# %% tags=["parameters"]
corpus = "../data/seed"
label_column = "stance"
text_column = "text"
groups = None
rules = None
figures_dir = "../figures"
lexicon = None
context = 6
frame_window = 10
contested_min_docs = 2
n_resamples = 200
seed = 0
max_rows = 20
evidence_lines = 6

# %% [markdown]
# The parameters: `corpus`, `label_column`, `groups`, `rules` and `figures_dir` are shared by every
# chapter (chapter 1 explains them). The chapter's own:
#
# * `lexicon`: the frame lexicon. `None` is the shipped `frames.yml`; to add a frame or swap the whole
#   lexicon, copy that file (its comments explain the format), edit it, and give its path here.
# * `context = 6`: words shown either side of each piece of evidence; enough to read the clause, short
#   enough to keep a line on one row.
# * `frame_window = 10`: how many tokens either side of a word count as its company in the "same word, different
#   frame" section: about a clause each way. Smaller is stricter; larger drifts into neighbouring sentences.
# * `contested_min_docs = 2`: a word must be used by at least this many documents of each camp, so that no row of the
#   "same word, different frame" table rests on one author's usage alone (lowered, and said so, when a camp has
#   fewer documents). Two documents are still few: such a row describes those authors, not yet the camp.
# * `n_resamples = 200` and `seed = 0`: a permutation test tries every relabeling of the documents when
#   there are at most 5,000 of them (an exact test), and otherwise draws `n_resamples` random relabelings
#   with this seed, so the p-values are the same on every run. With 200 draws the smallest p-value is
#   1/201 ≈ 0.005; more draws give finer p-values and take proportionally longer.
# * `max_rows` and `evidence_lines` cap the tables for large corpora.

# %%
import corpus_utils as cu

cu.setup_notebook()
# %matplotlib inline

# %% [markdown]
# ## Data: loading the corpus (`load_corpus`)
#
# The same loading and cleaning as in chapter 1. A problem with the input stops here, with one message.
# Then `chapters.framing` takes the corpus and the parameters above; it computes each table below the first time
# the chapter shows it, by the functions each section names.

# %%
data = cu.load_corpus(corpus, label_column=label_column, text_column=text_column, rules=rules)
framing = cu.chapters.framing(
    data, groups, lexicon=lexicon, context=context, frame_window=frame_window, contested_min_docs=contested_min_docs,
    n_resamples=n_resamples, seed=seed, evidence_lines=evidence_lines, max_rows=max_rows,
)
groups = framing.groups

# %% tags=["prose"]
cu.say(cu.narrate.groups_compared(data, groups))

# %% [markdown]
# ## First: does the lexicon fit this corpus? (`frame.coverage`)
#
# Everything in this chapter counts the words and phrases of a **frame lexicon** (described below). A
# lexicon sees only what it lists: written for one debate, it may see almost nothing of another. So before
# any result, we check how much of the corpus it covers: the share of all tokens (stop words included) that
# fall inside a lexicon match. Below 5 %, the frame counts describe a handful of words rather than the
# texts, and the chapter says so here, with the steps to write a lexicon for the corpus at hand.

# %% tags=["prose"]
cu.say(cu.narrate.lexicon_fit(framing.coverage, framing.unframed))

# %% [markdown]
# ## What a frame is
#
# To frame, in Entman's (1993) definition, is to "select some aspects of a perceived reality and make them
# more salient in a communicating text". Two texts can agree on every fact and still frame the issue
# differently: one puts the cost of a policy first, the other the people it protects. Boydstun and
# colleagues (2014) turned this idea into the *Policy Frames Codebook*, fifteen dimensions that recur
# across policy debates (economic, capacity and resources, legality, crime and punishment, security,
# fairness, political, and so on); Card et al. (2015) had annotators code thousands of news articles with
# it, the *Media Frames Corpus*.
#
# We have no annotators. Instead we use a **frame lexicon**: for each frame, the words and phrases that
# signal it. The shipped lexicon (`frames.yml`) was written from the codebook's definitions for the debate
# of the seed texts: the codebook's legality dimension is split into the law itself and *who decides*
# (federalism), and two frames are added for two kinds of cooperation (between institutions, and between
# residents and their institutions). On another topic, write your own (the check above says when the
# shipped one sees too little). Counting lexicon hits is a *dictionary method*: transparent and cheap, but
# blind to negation, irony and quotation (a sentence that denies something is about crime still scores a
# crime hit). Grimmer and Stewart's (2013) advice for such methods is "validate, validate, validate", so
# every number below can be traced back to the sentences that produced it.

# %% [markdown]
# ## Model: the frame lexicon (`frame.load_lexicon`)
#
# Each frame has a key, a label, a one-line definition, single words and multiword phrases. A few
# ambiguous words are *scoped*: they never count on their own, only inside a listed phrase.

# %%
framing.lexicon_table

# %% tags=["prose"]
cu.say(cu.narrate.lexicon_contents(framing.lexicon_table, framing.scoped_in))

# %% [markdown]
# ## Method: finding the frames (`frame.match_frames`, `frame.entry_counts`)
#
# Matching runs on the same normalized tokens as every other chapter, so case does not matter, `U.S.` is
# `us` and a possessive is folded ("the council's budget" is *council budget*). The longest entry wins and
# each token counts once: if both *public safety* and *safety* are entries, "public safety" is one match
# of the phrase, and the word inside it cannot be counted again. A phrase never runs across a sentence or
# clause break. Each match is kept with its document, its position and a few words of context, so any count
# below can be read back. The table counts each entry's hits and the documents they come from.

# %%
framing.entries.head(max_rows)

# %% tags=["prose"]
cu.say(cu.narrate.frame_matches(framing.entries, len(data)))

# %% [markdown]
# ## Results: frames per document (`frame.frame_rates`)
#
# Documents differ in length, so hits are turned into **hits per 1,000 tokens**: 1,000 × (the frame's
# matches in the document) / (the document's tokens, stop words included; a phrase is one hit). The
# table shows every document's rate for every frame, documents grouped by camp.

# %%
per_doc = framing.rates.pivot_table(index=["group", "doc_id"], columns="frame", values="per_1000", sort=True)
per_doc.reindex(columns=framing.lexicon.names).round(1).head(max_rows)

# %% [markdown]
# ### Figure: each document's rate of every frame
#
# Hits per 1,000 tokens of each frame (columns) in each document (rows), documents grouped by camp; a
# darker cell is a frame the document leans on more.

# %%
fig, ax = cu.plot.plot_frame_heatmap(framing.rates)
_ = cu.save_figure(fig, "03_frame_heatmap", figures_dir)

# %% [markdown]
# Reading the rows one document at a time: each document's **strongest frame** is the one with its highest
# rate (ties go to the frame listed first in the lexicon; a document with no hit has none). The table counts
# the documents each frame leads, per camp (`frame.leading_frames`).

# %%
framing.leading

# %% tags=["prose"]
cu.say(cu.narrate.leading_frames_reading(framing.leading, groups))

# %% [markdown]
# ## Results: frames by camp (`frame.group_summary`)
#
# Each camp's **mean** rate is the average over its documents, so every document weighs the same however
# long it is; `sd` is the spread between documents and `docs_with_hits` says how many documents carry the
# frame at all. In the figure, bars are means, lines ±1 standard deviation, and each dot is one document.

# %%
framing.summary[["frame", "group", "n_docs", "docs_with_hits", "mean", "sd", "min", "max"]].round(2)

# %% [markdown]
# ### Figure: mean frame rates by camp
#
# Each camp's mean rate of each frame in hits per 1,000 tokens: bars are means, lines ±1 standard
# deviation, and each dot is one document.

# %%
fig, ax = cu.plot.plot_frame_bars(framing.summary, framing.rates)
_ = cu.save_figure(fig, "03_frame_bars", figures_dir)

# %% tags=["prose"]
cu.say(cu.narrate.frames_by_camp(framing.summary))

# %% [markdown]
# ## Results: how much of a frame one document supplies (`frame.concentration`)
#
# A camp's mean rate gives each of its documents the same weight, but it does not say whether the frame is
# spread over the camp or carried by one text. For every frame and camp the table counts the hits, the
# documents that hold them, and the document that supplies the most: `top_share` = (its hits) / (the camp's
# hits of the frame). A share above one half means one document supplies most of the camp's hits: where
# that camp is the side a frame leans to, the frame's difference is *carried by one document*, the label
# chapters 02 and 05 use too (`support.support_level`; the `support` column of the separation table below).

# %%
framing.concentration[framing.concentration["hits"] > 0].round(2).head(max_rows).reset_index(drop=True)

# %% tags=["prose"]
cu.say(cu.narrate.frame_concentration(framing.concentration, framing.separation))
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_community_concentration(framing.concentration, framing.rates))

# %% [markdown]
# ## Method: which frames separate the camps (`frame.separation`)
#
# For each frame the statistic is the **difference between the camps' mean rates**. Is it larger than
# we would expect if the labels had been handed out at random? A permutation test answers by relabeling
# *documents*, keeping the group sizes, and counting how many relabelings give a difference at least as
# large in either direction (two-sided). When there are at most 5,000 relabelings every one is tried, so
# the p-value is exact; with more, `n_resamples` seeded random relabelings are drawn.
#
# * `min_p` is the smallest p-value a frame's test could give. With 2 and 3 documents there are 10
#   relabelings, so at best 1/10. When several documents have the same rate (several at 0, say), other
#   relabelings tie with the observed one and the frame's floor is higher.
# * `p_adjusted` accounts for testing every frame at once: each frame tested is one more chance for some frame
#   to look unusual by luck. It is the share of relabelings in which the *largest* standardized difference
#   over all frames reaches this frame's (Westfall and Young's max-T), and never below `p_value`. The
#   prose counts a frame as separating the camps only when its adjusted p-value is at most 0.05.
# * `diff_low` to `diff_high` is the **95% bootstrap interval** of the difference: the documents are drawn
#   with replacement within each camp, `n_resamples` times (seeded with `seed`), the difference is
#   recomputed on each resample, and the interval runs from its 2.5th to its 97.5th percentile.
# * The **leave-one-out range** (`loo_min`, `loo_max` in `framing.separation`) recomputes the difference with
#   each document left out in turn: if it changes sign, the difference rests on one document.
# * `support` puts these together, by the rule chapters 02 and 05 use too: a difference is *carried by one
#   document* when the camp it leans to has a single document, only one of its documents has a hit of the
#   frame, or one document supplies more than half of that camp's hits; otherwise *unstable* when it changes
#   sign (or vanishes) when a document is left out or its interval includes 0; otherwise *consistent*.
#   The table writes its p-values with three significant digits.

# %%
columns = ["frame", "group_a", "group_b", "diff", "diff_low", "diff_high", "p_adjusted", "support"]
cu.report.p_columns(framing.separation[columns]).round(3).head(max_rows)

# %% tags=["prose"]
cu.say(cu.narrate.frame_separation(framing.separation))

# %% [markdown]
# ## Evidence: the sentences behind the two most separating frames (`frame.evidence_lines`)
#
# The two frames at the top of the separation table, with the matched words in context. Lines are taken
# from as many documents as possible (each document's first match, then each one's second, and so on), so
# one long text cannot fill the table.

# %%
first_evidence, second_evidence = framing.evidence
first_evidence

# %%
second_evidence

# %% tags=["prose"]
cu.say(cu.narrate.frame_evidence(framing.evidence, framing.entries_by_group, framing.concentration))

# %% [markdown]
# ## Coverage: what the lexicon does not see (`frame.coverage`, `frame.unframed_words`, `frame.scoped_uses`)
#
# A lexicon only sees what it lists. Coverage says how much of each text the frames touch: the share of
# tokens inside a match, and the share of sentences with at least one match.

# %%
framing.coverage.sort_values(["group", "doc_id"], kind="stable").round(3).head(max_rows).reset_index(drop=True)

# %% tags=["prose"]
cu.say(cu.narrate.frame_coverage(framing.coverage_by_group))

# %% [markdown]
# The most frequent content words (stop words removed) that no frame claims. Topic words that name the
# subject rather than a consideration belong here; a word that does carry a consideration is a candidate for
# the lexicon. `scoped` marks ambiguous words that count only inside phrases.

# %%
framing.unframed

# %%
framing.scoped_uses

# %% tags=["prose"]
cu.say(cu.narrate.unframed_words_note(framing.unframed, framing.scoped_uses))

# %% [markdown]
# ## Same word, different frame (`frame.contested_words`, `frame.word_frames`)
#
# Chapter 2 looks at *contested terms*: words both camps use often, which no keyness statistic can assign
# to either side. Framing offers a second reading of such a word: not *whether* a camp uses it but *in whose
# company*. For every word both camps use, we note which frames have a match within `frame_window` tokens of it
# (the phrase the word sits in counts); a use with at least one frame nearby is a *framed use*. Each camp's
# counts become a profile over frames, and the total-variation distance measures how different the two
# profiles are: 0 when the word keeps the same frame company in both camps, 1 when the camps never place it
# near the same frame. A distance resting on a few framed uses is stated with their number. With more than
# two groups, the first is compared with the rest.

# %%
framing.contested.round(3)

# %% tags=["prose"]
cu.say(cu.narrate.contested_frames_summary(framing.contested, contested_min_docs))

# %%
framing.company.round(2).head(2 * max_rows)

# %% tags=["prose"]
cu.say(cu.narrate.word_company(framing.company, groups))
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_cooperation_frames(framing.word_frames("cooperation")))

# %% [markdown]
# ## Limits
#
# * **The lexicon is ours.** It was written from the codebook's definitions, not validated against
#   human coding of these texts; a different but equally reasonable word list would move the numbers.
# * **Counting is not reading.** A match inside a quotation, a denial or a rebuttal counts the same as an
#   endorsement. The evidence tables are there to be read.
# * **Documents, not words, are the evidence.** Every test here relabels whole documents.

# %% tags=["prose"]
cu.say(cu.narrate.frame_limits(framing.separation))

# %% tags=["prose", "summary"]
# The line under this chapter's link on the report's front page.
found = cu.synthesis.evidence(separation=framing.separation)
cu.say(cu.narrate.chapter_line(found, cu.synthesis.verdicts(found), "framing"))
