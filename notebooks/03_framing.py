# %% [markdown]
# # Chapter 3 · Framing: which considerations does each group foreground?
#
# Chapter 2 asked which *words* set the groups apart. This chapter asks which *considerations* each group
# puts in front of its reader, and how sure we can be with the documents we have. It reads them two ways: through
# the frames of a frame lexicon (such as legality, security or fairness), written for one debate, and through
# themes found in the texts themselves, which need no lexicon and so work on any topic.

# %% tags=["parameters"]
corpus = "../data/seed"
label_column = "stance"
text_column = "text"
groups = None
rules = None
figures_dir = "../figures"
shared = None
lexicon = None
context = 6
frame_window = 10
contested_min_docs = 2
n_resamples = 200
seed = 0
max_rows = 20
evidence_lines = 6
n_themes = None
theme_sentences = 2

# %%
import corpus_utils as cu

cu.setup_notebook()
# %matplotlib inline

data = cu.load_corpus(corpus, label_column=label_column, text_column=text_column, rules=rules, shared=shared)
framing = cu.chapters.framing(
    data, groups, lexicon=lexicon, context=context, frame_window=frame_window, contested_min_docs=contested_min_docs,
    n_resamples=n_resamples, seed=seed, evidence_lines=evidence_lines, max_rows=max_rows, n_themes=n_themes,
    theme_sentences=theme_sentences, shared=shared,
)
groups = framing.groups

# %% tags=["prose"]
cu.say(cu.narrate.groups_compared(data, groups))
cu.say(cu.narrate.framing_lead(framing.separation, framing.theme_differences, framing.themes, framing.coverage))

# %% [markdown]
# ### Figure: what sets the groups apart, with its uncertainty
#
# Each frame's difference between the groups' mean rates where the lexicon fits the texts, or else each theme's
# difference in the share of the documents' text (dot), with its 95% bootstrap interval (line), coloured by the
# group it leans to.

# %%
fig, ax = cu.plot.plot_differences(framing.lead, max_rows=max_rows)
_ = cu.save_figure(fig, "03_differences", figures_dir)

# %% [markdown] tags=["method"]
# ### The data, the parameters and the idea of a frame
#
# The corpus is loaded and cleaned as in chapter 1 (a problem with the input stops the load cell with one
# message); `chapters.framing` then computes every table of this chapter from the corpus and the parameters,
# each the first time it is shown. The parameters `corpus`, `label_column`, `groups`, `rules` and
# `figures_dir` are shared by every chapter (chapter 1 explains them). The chapter's own:
#
# * `lexicon`: the frame lexicon. `None` is the shipped `frames.yml`; to add a frame or swap the whole
#   lexicon, copy that file (its comments explain the format), edit it, and give its path here.
# * `context`: words shown either side of each piece of evidence, enough to read the clause.
# * `frame_window`: how many tokens either side of a word count as its company in the "same word,
#   different frame" section, about a clause each way.
# * `contested_min_docs`: a word must be used by at least this many documents of each group there, so that
#   no row rests on one author's usage alone (lowered, and said so, when a group has fewer documents).
# * `n_resamples` and `seed`: the permutation test tries every relabeling of the documents when there are at
#   most 5,000 of them, and otherwise draws `n_resamples` seeded random relabelings; the bootstrap
#   intervals draw as many resamples.
# * `max_rows` and `evidence_lines` cap the tables for large corpora.
# * `n_themes`: how many themes to find in the texts; `None` lets the chapter choose (the section on themes
#   says how). `theme_sentences`: the sentences shown per theme and group.
#
# To frame, in Entman's (1993) definition, is to "select some aspects of a perceived reality and make them
# more salient in a communicating text". Boydstun and colleagues (2014) turned this idea into the *Policy
# Frames Codebook*, fifteen dimensions that recur across policy debates (economic, capacity and resources,
# legality, crime and punishment, security, fairness, political, and so on); Card et al. (2015) had
# annotators code thousands of news articles with it. We have no annotators: a **frame lexicon** lists, for
# each frame, the words and phrases that signal it, and we count them. Counting lexicon hits is a
# *dictionary method*: transparent and cheap, but blind to negation, irony and quotation. Grimmer and
# Stewart's (2013) advice for such methods is "validate, validate, validate", so every number can be traced
# back to the sentences that produced it.

# %% [markdown]
# ## Does the lexicon fit these texts?

# %% tags=["prose"]
cu.say(cu.narrate.lexicon_fit(framing.coverage, framing.unframed))
cu.say(cu.narrate.lexicon_contents(framing.lexicon_table, framing.scoped_in))

# %% [markdown]
# ### Table: the frames of the lexicon

# %%
cu.report.reader_table(framing.lexicon_table, {"frame": "frame", "frame_label": "name", "definition": "what it covers",
                                               "n_words": "words", "n_phrases": "phrases"})

# %% [markdown] tags=["method"]
# ### The lexicon and how it is matched (`frame.load_lexicon`, `frame.match_frames`, `frame.coverage`)
#
# The shipped lexicon (`frames.yml`) was written from the codebook's definitions for the debate of the seed
# texts, on whether local police should help federal immigration enforcement: the codebook's legality
# dimension is split into the law itself and *who decides* (federalism), and two frames are added for two
# kinds of cooperation (between institutions, and between residents and their institutions). On another
# topic, write your own. Each frame has a key, a label, a one-line definition, single words and multiword
# phrases; a few ambiguous words are *scoped*: they count only inside a listed phrase.
#
# Matching runs on the same normalized tokens as every other chapter (case does not matter, `U.S.` is `us`,
# a possessive is folded). The longest entry wins and each token counts once: "public safety" is one match
# of the phrase, and the word inside it cannot be counted again. A phrase never runs across a sentence or
# clause break. **Coverage** is the share of all tokens (stop words included) inside a match; below 5 %
# the frame counts describe a handful of words rather than the texts, and this chapter says so first.

# %% [markdown]
# ## Themes found in the texts

# %% tags=["prose"]
cu.say(cu.narrate.theme_choice(framing.theme_choice))
cu.say(cu.narrate.theme_list_note(framing.themes))
cu.say(cu.narrate.theme_limits(framing.themes, cu.count.group_lengths(framing.corpus), framing.theme_differences))

# %% [markdown]
# ### Table: the themes and their words

# %%
cu.report.reader_table(framing.themes, {"label": "theme", "terms": "its words", "phrases": "its phrases",
                                        "mean_share": "share of the texts", "docs": "documents carrying it"},
                       noun="themes")

# %% [markdown]
# ## Which themes set the groups apart

# %% tags=["prose"]
cu.say(cu.narrate.theme_differences(framing.theme_differences))

# %% [markdown]
# ### Table: each theme's difference between the groups

# %%
cu.report.reader_table(
    cu.narrate.theme_rows(framing.theme_differences.head(max_rows)),
    {"label": "theme", "leans_to": "leans to", "points": "difference (points)", "interval": "95% interval",
     "p_adjusted": "adjusted p", "support": "support", "carried_by": "documents carrying it"},
    total=len(framing.theme_differences), noun="theme differences",
)

# %% [markdown]
# ## Each theme in the groups' own sentences

# %% tags=["prose"]
cu.say(cu.narrate.sentences_note(framing.theme_sentences, framing.themes))

# %% [markdown]
# ### Table: sentences typical of each theme, side by side

# %%
side_by_side = cu.narrate.sentence_rows(framing.theme_sentences, framing.themes)
cu.report.reader_table(side_by_side.head(max_rows), side_by_side.attrs["columns"], total=len(side_by_side),
                       noun="rows of sentences")

# %% tags=["prose"]
cu.say(cu.narrate.theme_frames(framing.theme_overlap, framing.themes))

# %% [markdown] tags=["method"]
# ### How themes are found and compared (`themes.fit_themes`, `themes.compare_themes`, `themes.typical_sentences`)
#
# A lexicon sees only the words its author listed; themes need no list. Each document's words and two-word phrases
# are counted as in chapter 2 (stop words left out; words used by fewer than two documents or by more than 90% of
# them are dropped, except in a corpus of under 20 documents, and at most 5,000 terms are kept), weighed by TF-IDF,
# and factorized by non-negative matrix factorization (NMF; Lee and Seung 1999) into themes: each theme is a set of
# weights over the words, each document a mix of themes. This is how political scientists read framing without a
# codebook (the structural topic model's question, Roberts et al. 2014: how much of each group's documents each
# theme takes).
#
# * **How many themes.** Unless `n_themes` is set, every number from 3 to 8 (at most half the documents; 2 for a
#   handful) is fitted three times from random starts seeded with `seed`. The number kept is the one whose themes
#   come back most alike (their top ten words agree; Greene, O'Callaghan and Cunningham 2014), and among those within
#   0.05 of the most stable, the one whose top words most often occur in the same documents (coherence, NPMI).
#   Above 4,000 documents the choice is measured on a seeded sample of 4,000; the final fit uses every document.
# * **A document's share** of a theme is its weight on the theme divided by its weights on all of them; a document
#   *carries* a theme that takes at least a fifth of it. Each theme is named by its three top terms.
# * **The comparison** is the frames' (`differences.mean_differences`): the difference between the groups' mean
#   shares, in points of the documents' text, every document weighing the same; a permutation test that relabels
#   documents, with its floor and the max-T adjustment across the themes; a 95% bootstrap interval; and the same
#   support rule (carried by one document, unstable, consistent).
# * **Typical sentences** are the sentences, from the documents that weigh most on a theme, whose own words weigh
#   most on it (at most one per document).
# * **Beside the lexicon**, a theme overlaps a frame when its top words are the frame's entries.
#
# A theme is only as good as the words that define it: read its words and sentences before its name.

# %% [markdown]
# ## Which frames set the groups apart

# %% tags=["prose"]
cu.say(cu.narrate.lexicon_note(framing.coverage))
cu.say(cu.narrate.frame_separation(framing.separation))

# %% [markdown]
# ### Table: each frame's difference between the groups

# %%
cu.report.reader_table(
    cu.narrate.separation_rows(framing.separation.head(max_rows)),
    {"frame": "frame", "leans_to": "leans to", "diff": "difference (first group minus the other side)", "diff_low": "95% interval from",
     "diff_high": "to", "p_adjusted": "adjusted p", "support": "support"},
    total=len(framing.separation), noun="frame differences",
)

# %% [markdown] tags=["method"]
# ### How the differences are tested (`frame.frame_rates`, `frame.separation`)
#
# Documents differ in length, so each frame's hits become **hits per 1,000 tokens** of the document (stop
# words included; a phrase is one hit). For each frame the statistic is the **difference between the
# groups' mean rates**, every document weighing the same. A permutation test relabels *documents*, keeping
# the group sizes, and counts how many relabelings give a difference at least as large in either direction;
# every relabeling is tried when there are at most 5,000 of them (an exact test), otherwise `n_resamples`
# seeded random ones.
#
# * The smallest p-value a test can give depends on the number of relabelings, and rises when several
#   documents have the same rate (several at 0, say); the sentences above give it for this corpus.
# * The **adjusted p** accounts for testing every frame at once: the share of relabelings in which the
#   *largest* standardized difference over all frames reaches this frame's (Westfall and Young's max-T).
#   A frame counts as separating the groups only when it is at most 0.05.
# * The **95% interval** is a bootstrap: documents drawn with replacement within each group, `n_resamples`
#   times (seeded with `seed`), the difference recomputed on each.
# * The **leave-one-out range** recomputes the difference with each document left out in turn.
# * **Support**, by the rule chapters 02 and 05 use too: a difference is *carried by one document* when the
#   group it leans to has a single document, only one of its documents uses the frame, or one document
#   supplies more than half of that group's hits and more than twice an even share of them; otherwise
#   *unstable* when it changes sign (or vanishes)
#   when a document is left out or its interval includes 0; otherwise *consistent*.

# %% [markdown]
# ## What each group foregrounds

# %% tags=["prose"]
cu.say(cu.narrate.lexicon_note(framing.coverage))
cu.say(cu.narrate.frames_by_camp(framing.summary))
cu.say(cu.narrate.leading_frames_reading(framing.leading, groups))

# %% [markdown]
# ### Figure: mean frame rates by group
#
# Each group's mean rate of each frame in hits per 1,000 tokens: bars are means, lines ±1 standard
# deviation, and each dot is one document (in a group of more than 2,000 documents, one of a seeded
# sample of 2,000, as the axis then says).

# %%
fig, ax = cu.plot.plot_frame_bars(framing.summary, framing.rates)
_ = cu.save_figure(fig, "03_frame_bars", figures_dir)

# %% [markdown]
# ### Figure: each document's rate of every frame
#
# Hits per 1,000 tokens of each frame (columns) in each document (rows), documents grouped by label; a
# darker cell is a frame the document leans on more.

# %%
fig, ax = cu.plot.plot_frame_heatmap(framing.rates)
_ = cu.save_figure(fig, "03_frame_heatmap", figures_dir)

# %% [markdown] tags=["method"]
# ### Means and strongest frames (`frame.group_summary`, `frame.leading_frames`)
#
# A group's **mean** rate is the average over its documents, so every document weighs the same however long
# it is. A document's **strongest frame** is the one with its highest rate (ties go to the frame listed first
# in the lexicon; a document with no hit has none).

# %% [markdown]
# ## How much of a frame one document supplies

# %% tags=["prose"]
cu.say(cu.narrate.frame_concentration(framing.concentration, framing.separation))
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_community_concentration(framing.concentration, framing.rates))

# %% [markdown] tags=["method"]
# ### One document's share (`frame.concentration`)
#
# A group's mean rate does not say whether a frame is spread over the group or carried by one text. For every
# frame and group, the share of the group's hits that its most frame-heavy document supplies; above one half,
# one document supplies most of them, and where that group is the side the frame leans to, the difference is
# *carried by one document* (the support column of the table above).

# %% [markdown]
# ## The sentences behind the two most separating frames

# %% tags=["prose"]
cu.say(cu.narrate.frame_evidence(framing.evidence, framing.entries_by_group, framing.concentration))

# %% [markdown]
# ### Table: the matches of the most separating frame, in context

# %%
first_evidence, second_evidence = framing.evidence
evidence_columns = {"group": "group", "doc_id": "document", "left": "before", "text": "matched words", "right": "after"}
cu.report.reader_table(first_evidence, evidence_columns)

# %% [markdown]
# ### Table: the matches of the second most separating frame, in context

# %%
cu.report.reader_table(second_evidence, evidence_columns)

# %% [markdown] tags=["method"]
# ### Choosing the lines (`frame.evidence_lines`)
#
# The two frames at the top of the separation table, with the matched words in context (`context` words
# either side, at most `evidence_lines` lines per group). Lines are taken from as many documents as possible
# (each document's first match, then each one's second, and so on), so one long text cannot fill the table.

# %% [markdown]
# ## Same word, different frame

# %% tags=["prose"]
cu.say(cu.narrate.contested_frames_summary(framing.contested, contested_min_docs))
cu.say(cu.narrate.word_company(framing.company, groups))
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_cooperation_frames(framing.word_frames("cooperation")))

# %% [markdown] tags=["method"]
# ### Frame company (`frame.contested_words`, `frame.word_frames`)
#
# Chapter 2's *contested terms* are words both groups use often, which no keyness statistic can assign to
# either side. Framing reads such a word by its company: for every word both groups use, the frames with a
# match within `frame_window` tokens of it (the phrase the word sits in counts). Each group's counts become a
# profile over frames, and the total-variation distance measures how different the two profiles are: 0 when
# the word keeps the same frame company in both groups, 1 when they never place it near the same frame. With
# more than two groups, the first is compared with the rest. The full tables are `framing.contested` and
# `framing.company`.

# %% [markdown]
# ## What the lexicon does not see

# %% tags=["prose"]
cu.say(cu.narrate.frame_coverage(framing.coverage_by_group))
cu.say(cu.narrate.unframed_words_note(framing.unframed, framing.scoped_uses))

# %% [markdown]
# ### Table: the most frequent words no frame claims

# %%
cu.report.reader_table(framing.unframed.head(10), {"term": "word", "count": "uses", "docs": "documents",
                                                   "scoped": "counts only inside phrases"},
                       total=len(framing.unframed), noun="most frequent unframed words")

# %% [markdown] tags=["method"]
# ### Unframed words (`frame.coverage`, `frame.unframed_words`, `frame.scoped_uses`)
#
# The share of framed sentences is the share with at least one match. The unframed words are the most
# frequent content words (stop words removed) that no frame claims: topic words that name the subject belong
# there; a word that carries a consideration is a candidate for the lexicon.

# %% [markdown]
# ## Limits
#
# * **The lexicon is ours.** It was written from the codebook's definitions, not validated against human
#   coding of these texts; another reasonable word list would move the numbers.
# * **Counting is not reading.** A match inside a quotation, a denial or a rebuttal counts the same as an
#   endorsement: the evidence tables are there to be read.
# * **Documents, not words, are the evidence.** Every test here relabels whole documents, and speaks for the
#   groups at large only if the documents were sampled without regard to the words they use.

# %% tags=["prose", "summary"]
# The line under this chapter's link on the report's front page.
found = cu.synthesis.evidence(separation=framing.separation, coverage=framing.coverage, themes=framing.theme_differences)
cu.say(cu.narrate.chapter_line(found, cu.synthesis.verdicts(found), "framing"))
