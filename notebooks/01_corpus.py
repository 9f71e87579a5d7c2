# %% [markdown]
# # Chapter 1 · The corpus: what it holds, and how much it can tell
#
# **The question of this essay.** The corpus holds texts in labelled groups, for example the sides of a
# debate. Do the groups use different *words*, and do they foreground different *considerations*?
#
# This first chapter meets the documents: what they are, what cleaning removed from them, how long they
# are, and how much vocabulary they hold. It ends by saying how much evidence the corpus can carry, which
# sets the tone for the chapters that compare vocabulary (02), framing (03) and clustering (04),
# and for the synthesis (05) that sets them side by side and designs the next study.
#
# Every number and every sentence that states a finding below is computed from the corpus loaded in the
# next cells, so the chapter stays true when it is run on another corpus.

# %% tags=["parameters"]
corpus = "../data/seed"
label_column = "stance"
text_column = "text"
groups = None
rules = None
figures_dir = "../figures"
max_rows = 20

# %% [markdown]
# The parameters above are the only things a reader changes: `corpus` is a folder of texts (or a
# `.csv` / `.jsonl` table), `label_column` names the metadata column that holds each document's camp, `text_column` the column
# that holds the text (tables only),
# `groups` picks the camps to compare (`None` means all labels), `rules` names a cleaning-rules file
# (`None` means the shipped one), and `max_rows` caps the long tables for large corpora.

# %%
import corpus_utils as cu

cu.setup_notebook()
# %matplotlib inline

# %% [markdown]
# ## Data: loading the corpus (`load_corpus`, `count.group_lengths`)
#
# `load_corpus` reads every text file, decodes it (UTF-8, UTF-16 with a byte-order mark, or a detected
# legacy encoding), normalizes line endings, Unicode forms, curly quotes and dashes, joins the metadata,
# and cleans web boilerplate. The files themselves are only ever read. If anything is wrong with the
# input, this is the cell that stops, with one message that names the file and says what to do.
# `count.group_lengths` then counts each group's documents and tokens.

# %%
data = cu.load_corpus(corpus, label_column=label_column, text_column=text_column, rules=rules)
groups = cu.check_groups(data, groups)
lengths = cu.count.group_lengths(data)

# %% tags=["prose"]
cu.say(cu.narrate.corpus_overview(lengths, groups))
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_question())

# %% [markdown]
# ## The documents
#
# One row per document, with the metadata the loader found. `n_tokens` counts the words after cleaning,
# with the tokenizer every later chapter uses.

# %%
shown = [c for c in ["doc_id", "group", "title", "author", "genre", "date", "n_tokens"] if c in data.columns]
documents = data.sort_values(["group", "doc_id"], kind="stable")[shown]
documents.head(max_rows).reset_index(drop=True)

# %% tags=["prose"]
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_stance_and_genre(documents))

# %% [markdown]
# ## Method: cleaning (`clean.removed_lines`)
#
# Web pages carry furniture that is not part of the argument: paywall prompts, share buttons, "Trending"
# and "Related" widgets with unrelated headlines, tag lists, correction notices and author bios. Counting
# those words would put a website's habits into a group's vocabulary. The rules that remove them live in a
# data file (`cleaning_rules.yml`), not in code; each removes whole lines, never part of a sentence, and
# every removal is listed below, in document order (capped at `max_rows` for large corpora), so it can be
# audited. A line of argument in this table would be a bug in the rules: read it.

# %%
removed = cu.removed_lines(data, rules)
removed.sort_values(["doc_id", "line"], kind="stable").head(max_rows).reset_index(drop=True)

# %% tags=["prose"]
cu.say(cu.narrate.cleaning_summary(removed, len(data)))

# %% [markdown]
# ## Lengths by group (`count.group_lengths`)
#
# Longer documents contribute more words. Raw counts therefore favour the group with more, or longer,
# texts; the later chapters compare rates and per-document statistics instead. `share` is each group's
# share of all tokens; `mean`, `shortest` and `longest` describe its documents' lengths in tokens.

# %%
lengths.round(2)

# %% [markdown]
# ### Figure: document lengths by group (`plot.plot_lengths`)
#
# Each document's length in tokens after cleaning, coloured by group (above 30 documents, a histogram per
# group instead of one bar per document).

# %%
fig, ax = cu.plot.plot_lengths(data)
_ = cu.save_figure(fig, "01_document_lengths", figures_dir)

# %% tags=["prose"]
cu.say(cu.narrate.length_balance(lengths))

# %% [markdown]
# ## Vocabulary size (`count.count_terms`, `count.group_vocabulary`, `count.vocabulary_spread`)
#
# Counting happens once: `index_tokens` tokenizes every document into a positional index and
# `count_terms` turns it into a sparse document-term matrix. Here we count single words after removing a
# documented list of function words (`stopwords_en.txt`), to see how much vocabulary each group has, how
# much of it no other group uses (`only_in_group`), and how many words rest on a single document
# (`vocabulary_spread`: how many words are used by exactly 1, 2, … documents).

# %%
tokens = cu.index_tokens(data)
unigrams = cu.count_terms(tokens, ngram_range=(1, 1), stop_words="default")
vocabulary = cu.count.group_vocabulary(unigrams)
spread = cu.count.vocabulary_spread(unigrams)
vocabulary

# %% tags=["prose"]
cu.say(cu.narrate.vocabulary_overview(vocabulary, spread))

# %% [markdown]
# ## How much evidence is there? (`keyness.permutation_floor`)
#
# The unit of evidence in this essay is the **document**, not the word: words within one text are not
# independent, because one author chose them all. Permutation tests in the following chapters therefore
# shuffle whole documents between the groups, keeping the group sizes. How small a p-value such a test can
# give depends on how many ways there are to hand out the labels: when there are at most 5,000, every one
# is tried (an exact test); above that, a fixed number of seeded random relabelings is drawn. The table
# has one row per comparison (with three or more groups, each group against the rest): `n_relabelings` is
# how many relabelings a test runs, `min_p` the smallest p-value it can give.

# %%
floors = cu.keyness.permutation_floor(data["group"], groups)
floors.round(4)

# %% tags=["prose"]
cu.say(cu.narrate.relabeling_floor(floors))

# %% tags=["prose", "summary"]
# The line under this chapter's link on the report's front page.
cu.say(cu.narrate.corpus_line(lengths))
