# %% [markdown]
# # Chapter 1 · The corpus: what it holds, and how much it can tell
#
# Do the groups of this corpus use different words, and foreground different considerations? First: what
# the documents are, and how much evidence they can carry.

# %% tags=["parameters"]
corpus = "../data/seed"
label_column = "stance"
text_column = "text"
groups = None
rules = None
figures_dir = "../figures"
shared = None
max_rows = 20

# %% [markdown] tags=["method"]
# #### The parameters
#
# `corpus` is a folder of texts (or a `.csv` / `.jsonl` table); `label_column` names the metadata column
# that holds each document's group and `text_column` the column that holds the text (tables only);
# `groups` picks the groups to compare (`None`: all labels); `rules` names a cleaning-rules file (`None`:
# the shipped one); `max_rows` caps the long tables for large corpora. `shared` is set by `corpus-essay run`:
# the folder where it leaves the corpus it read, cleaned and tokenized once, so that every chapter reads them
# back instead of reading the files again (the same values); a chapter opened alone leaves it at `None` and
# reads the corpus itself.

# %%
import corpus_utils as cu

cu.setup_notebook()
# %matplotlib inline

# %%
data = cu.load_corpus(corpus, label_column=label_column, text_column=text_column, rules=rules, shared=shared)
groups = cu.check_groups(data, groups)
overview = cu.chapters.overview(data, groups, rules=rules, shared=shared)
lengths, floors, spread = overview.lengths, overview.floors, overview.spread

# %% tags=["prose"]
cu.say(cu.narrate.corpus_opening(lengths, groups, floors, spread))
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_question())

# %% [markdown]
# ### Figure: each document's length in words, by group

# %%
fig, ax = cu.plot.plot_lengths(data)
_ = cu.save_figure(fig, "01_document_lengths", figures_dir)

# %% [markdown] tags=["method"]
# #### Loading the corpus
#
# `load_corpus` reads every text file, decodes it (UTF-8, UTF-16 with a byte-order mark, or a detected
# legacy encoding), normalizes line endings, Unicode forms, curly quotes and dashes, joins the metadata,
# and cleans web boilerplate. The files themselves are only ever read. If anything is wrong with the
# input, the loading cell stops with one message that names the file and says what to do.
# `chapters.overview` gathers this chapter's tables. `count.group_lengths` counts each group's documents and words (tokens, with the tokenizer every later
# chapter uses); `plot.plot_lengths` draws each document's length after cleaning, coloured by group (above
# 30 documents, a histogram per group instead of one bar per document).

# %% [markdown]
# ## The documents

# %% [markdown]
# ### Table: the documents and their metadata

# %%
shown = [c for c in ["doc_id", "group", "title", "author", "genre", "date", "n_tokens"] if c in data.columns]
documents = data.sort_values(["group", "doc_id"], kind="stable")[shown]
headers = {"doc_id": "document", "group": "group", "title": "title", "author": "author", "genre": "genre",
           "date": "date", "n_tokens": "words"}
cu.report.reader_table(documents.head(max_rows), {c: headers[c] for c in shown}, total=len(documents), noun="documents")

# %% tags=["prose"]
if cu.narrate.seed_reading_applies(data, label_column):
    cu.say(cu.narrate.seed_stance_and_genre(documents))

# %% [markdown]
# ## What cleaning removed

# %%
removed = overview.removed

# %% tags=["prose"]
cu.say(cu.narrate.cleaning_summary(removed, len(data)))

# %% [markdown]
# ### Table: lines removed, in document order

# %%
cu.report.reader_table(removed.sort_values(["doc_id", "line"], kind="stable").head(max_rows),
                       {"doc_id": "document", "line": "line", "rule": "rule", "text": "text removed"},
                       total=len(removed), noun="lines")

# %% [markdown] tags=["method"]
# #### Cleaning
#
# Web pages carry furniture that is not part of the argument: paywall prompts, share buttons, "Trending"
# and "Related" widgets, tag lists, correction notices and author bios. Counting those words would put a
# website's habits into a group's vocabulary. The rules that remove them live in a data file
# (`cleaning_rules.yml`), not in code; each removes whole lines, never part of a sentence, and
# `clean.removed_lines` lists every removal so that it can be audited: a line of argument in this table
# would be a bug in the rules.

# %% [markdown]
# ## Lengths by group

# %% tags=["prose"]
cu.say(cu.narrate.length_balance(lengths))

# %% [markdown]
# ### Table: documents and words by group

# %%
cu.report.reader_table(lengths, {"group": "group", "documents": "documents", "tokens": "words", "share": "share of words",
                                 "mean": "mean length", "shortest": "shortest", "longest": "longest"})

# %% [markdown]
# ## Vocabulary

# %%
vocabulary = overview.vocabulary

# %% tags=["prose"]
cu.say(cu.narrate.vocabulary_overview(vocabulary, spread))

# %% [markdown] tags=["method"]
# #### Counting the vocabulary
#
# `index_tokens` tokenizes every document into a positional index and `count_terms` turns it into a sparse
# document-term matrix, here of single words after removing a documented list of function words
# (`stopwords_en.txt`). `count.group_vocabulary` counts each group's distinct words and those no other
# group uses; `count.vocabulary_spread` counts how many words are used by exactly 1, 2, … documents. A word
# that only one document uses says something about that document, not about its group.

# %% [markdown]
# ## How small a p-value these documents allow

# %% tags=["prose"]
cu.say(cu.narrate.relabeling_floor(floors))

# %% [markdown]
# ### Table: the smallest p-value of each comparison

# %%
cu.report.reader_table(floors, {"group_a": "group", "group_b": "against", "n_a": "documents", "n_b": "against documents",
                                "n_relabelings": "relabelings", "exact": "all tried", "min_p": "smallest p"})

# %% [markdown] tags=["method"]
# #### Relabeling tests and their floor
#
# The unit of evidence in this essay is the **document**, not the word: words within one text are not
# independent, because one author chose them all. Permutation tests in the following chapters therefore
# shuffle whole documents between the groups, keeping the group sizes. How small a p-value such a test can
# give depends on how many ways there are to hand out the labels: when there are at most 5,000, every one
# is tried (an exact test); above that, `n_resamples` seeded random relabelings are drawn. With three or
# more groups each group is compared with the rest. `keyness.permutation_floor` gives the best case: when
# other relabelings tie with the observed one, a test's floor is higher, and each chapter reports the floor
# of its own tests.

# %% tags=["prose", "summary"]
# The line under this chapter's link on the report's front page.
cu.say(cu.narrate.corpus_line(lengths))
