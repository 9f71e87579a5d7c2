"""Each analysis chapter's computation as one function: the same tables as the steps it calls, in any order.

The chapter functions are what the notebooks, the synthesis chapter and the benchmarks share, so these
tests check that a chapter's tables are the tables of the functions each one names, that reading them in
another order changes nothing (every random step is seeded on its own), that the settings are recorded,
and that a parameter means one thing: the same default in every chapter that declares it, and in the
chapter function.
"""

from __future__ import annotations

import ast
import inspect

import pandas as pd
import pytest

import corpus_utils as cu
from conftest import ROOT
from corpus_utils import chapters
from corpus_utils.run import chapter_parameters, find_chapters

TRUST = "Community trust matters; residents fear the police and families fear deportation. "
CRIME = "Criminal aliens in custody; the sheriff honours every detainer and the jail holds offenders. "


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    texts = {"a1": TRUST * 3, "a2": TRUST * 2 + CRIME, "a3": TRUST * 4, "b1": CRIME * 3, "b2": CRIME * 2 + TRUST,
             "c1": CRIME + TRUST}
    return pd.DataFrame({"doc_id": list(texts), "group": [d[0] for d in texts], "text": list(texts.values()),
                         "genre": ["op-ed", "news", "op-ed", "news", "op-ed", "news"]})


class TestVocabulary:
    def test_its_tables_are_those_of_the_steps_it_names(self, corpus):
        v = chapters.vocabulary(corpus, ["a", "b"], top_n=3, n_resamples=50, seed=4)
        dtm = cu.count_terms(cu.index_tokens(corpus))
        expected = cu.keyness.log_odds(dtm, groups=["a", "b"], alpha0=500.0)
        pd.testing.assert_frame_equal(v.by_log_odds, expected)
        stable = cu.keyness.stability(dtm, "log_odds", groups=["a", "b"], top_n=3, n_resamples=50, seed=4, alpha0=500.0)
        pd.testing.assert_frame_equal(v.stable, stable)

    def test_the_order_of_reading_changes_nothing(self, corpus):
        first = chapters.vocabulary(corpus, ["a", "b"], n_resamples=50)
        second = chapters.vocabulary(corpus, ["a", "b"], n_resamples=50)
        perm_first = first.perm  # reads stable on the way
        company = second.company  # a table the first never read
        pd.testing.assert_frame_equal(second.perm, perm_first)
        pd.testing.assert_frame_equal(first.company, company)

    def test_a_table_is_computed_once(self, corpus):
        v = chapters.vocabulary(corpus, ["a", "b"])
        assert v.by_log_odds is v.by_log_odds
        assert "computed=['tokens', 'dtm', 'by_log_odds']" in repr(v)

    def test_settings_record_every_parameter(self, corpus):
        v = chapters.vocabulary(corpus, ["a", "b"], top_n=4, seed=7)
        parameters = set(inspect.signature(chapters.vocabulary).parameters) - {"corpus", "groups", "shared"}
        assert set(v.settings) == parameters and v.shared is None  # where results are read from is no setting
        assert (v.settings["top_n"], v.settings["seed"]) == (4, 7)

    def test_three_groups_are_one_vs_rest(self, corpus):
        v = chapters.vocabulary(corpus)
        assert v.groups == ["a", "b", "c"]
        assert v.by_log_odds.attrs["comparison"] == "one-vs-rest"

    def test_compute_returns_every_table(self, corpus):
        tables = chapters.vocabulary(corpus, ["a", "b"], n_resamples=20).compute()
        assert list(tables) == list(chapters.Vocabulary.TABLES)

    def test_an_unknown_group_fails_when_the_chapter_is_set_up(self, corpus):
        with pytest.raises(cu.LabelError, match="unknown group"):
            chapters.vocabulary(corpus, ["a", "zz"])


class TestOverview:
    def test_its_tables_are_those_of_the_steps_it_names(self, corpus):
        corpus = corpus.assign(raw_text="Advertisement\n" + corpus["text"] + "\nShare this article")
        o = chapters.overview(corpus, ["a", "b"])
        unigrams = cu.count_terms(cu.index_tokens(corpus), ngram_range=(1, 1), stop_words="default")
        assert o.lengths.equals(cu.count.group_lengths(corpus))
        assert o.floors.equals(cu.keyness.permutation_floor(corpus["group"], ["a", "b"]))
        assert o.spread.equals(cu.count.vocabulary_spread(unigrams))
        assert o.vocabulary.equals(cu.count.group_vocabulary(unigrams))
        assert o.removed.equals(cu.removed_lines(corpus)) and o.settings == {"rules": None}
        assert o.removed["text"].tolist() == ["Advertisement", "Share this article"] * len(corpus)

    def test_with_shared_results_the_token_index_is_read_not_made(self, corpus, tmp_path, monkeypatch):
        assert cu.shared.write_tokens(tmp_path, cu.index_tokens(corpus), corpus)
        made = chapters.overview(corpus, ["a", "b"]).spread
        monkeypatch.setattr(cu.count, "index_tokens", lambda *a, **k: pytest.fail("the corpus was tokenized again"))
        assert chapters.overview(corpus, ["a", "b"], shared=tmp_path).spread.equals(made)


class TestStablePhrases:
    def test_the_phrases_are_weighed_as_the_words_and_left_for_the_synthesis(self, corpus, tmp_path, monkeypatch):
        v = chapters.vocabulary(corpus, ["a", "b"], n_resamples=20, phrase_min_count=2, phrase_min_g2=0.0, shared=tmp_path)
        expected = cu.keyness.stability(v.phrases, "log_odds", groups=["a", "b"], top_n=v.settings["top_n"],
                                        n_resamples=20, seed=0, alpha0=v.settings["phrase_alpha0"])
        assert len(expected) and v.stable_phrases.equals(expected)
        monkeypatch.setattr(cu.keyness, "stability", lambda *a, **k: pytest.fail("the phrases were resampled again"))
        again = chapters.vocabulary(corpus, ["a", "b"], n_resamples=20, phrase_min_count=2, phrase_min_g2=0.0,
                                    shared=tmp_path)
        assert again.stable_phrases.equals(expected)


class TestFraming:
    def test_the_contested_word_floor_is_lowered_to_the_smallest_group(self, corpus):
        f = chapters.framing(corpus, ["a", "b"], contested_min_docs=5)
        assert f.contested_min_docs_used == 2  # b has two documents
        assert f.contested.attrs["min_docs"] == 2

    def test_its_separation_is_the_frame_steps(self, corpus):
        f = chapters.framing(corpus, ["a", "b"], n_resamples=30, seed=2)
        tokens = cu.index_tokens(corpus)
        rates = cu.frame.frame_rates(cu.frame.match_frames(tokens), tokens)
        pd.testing.assert_frame_equal(f.separation, cu.frame.separation(rates, ["a", "b"], n_resamples=30, seed=2))

    def test_evidence_lines_of_the_two_leading_frames(self, corpus):
        f = chapters.framing(corpus, ["a", "b"], evidence_lines=2)
        first, last = f.evidence
        assert [first.attrs["frame"], last.attrs["frame"]] == [f.top_frames[0], f.top_frames[-1]]
        assert first.groupby("group").size().max() <= 2


class TestClustering:
    def test_only_the_compared_groups_are_clustered(self, corpus):
        c = chapters.clustering(corpus, ["a", "b"], n_init=5)
        assert sorted(c.corpus["group"].unique()) == ["a", "b"] and len(c.corpus) == 5
        assert c.k == 2 and len(c.clusters) == 5

    def test_the_agreement_compares_the_labels_and_the_other_columns(self, corpus):
        c = chapters.clustering(corpus, ["a", "b"], n_init=5, compare_columns=["genre", "group"])
        assert c.agreement["column"].tolist() == ["group", "genre"]

    def test_by_default_only_the_default_columns_the_corpus_has_are_compared(self, corpus):
        without = corpus.drop(columns="genre")
        c = chapters.clustering(without, ["a", "b"], n_init=5)
        assert c.agreement["column"].tolist() == ["group"]  # no "genre: not a column" for a corpus that never had one
        c = chapters.clustering(corpus, ["a", "b"], n_init=5)
        assert c.agreement["column"].tolist() == ["group", "genre"]

    def test_a_missing_column_the_user_asked_for_is_reported(self, corpus):
        c = chapters.clustering(corpus.drop(columns="genre"), ["a", "b"], n_init=5, compare_columns=["genre"])
        assert c.agreement.set_index("column").loc["genre", "status"] == "not a column of the corpus"

    def test_agglomerative_is_chosen_when_asked(self, corpus):
        c = chapters.clustering(corpus, ["a", "b"], method="agglomerative", n_init=5)
        assert c.chosen is c.hierarchical
        assert c.seeds.attrs["deterministic"]  # no seed to change

    def test_the_partition_kept_is_run_again_with_four_other_seeds(self, corpus):
        c = chapters.clustering(corpus, ["a", "b"], n_init=5, seed=3)
        assert c.seeds["seed"].tolist() == [3, 4, 5, 6, 7] and c.seeds.attrs["n_init"] == 5
        assert c.seeds["partition"].iloc[0] == 1 and c.seeds["ari_kept"].iloc[0] == 1.0

    def test_the_command_line_accepts_the_same_methods(self):
        from corpus_utils.parameters import PARAMETERS

        assert PARAMETERS["method"].choices == chapters.CLUSTER_METHODS

    def test_an_unknown_method_is_refused_before_anything_is_computed(self, corpus):
        with pytest.raises(cu.ParameterError, match=r"method must be 'kmeans' or 'agglomerative' \(got 'ward'\)"):
            chapters.clustering(corpus, method="ward")


class TestSynthesis:
    def test_its_tables_are_those_of_the_steps_it_names(self, corpus):
        s = chapters.synthesis(corpus, ["a", "b"], n_resamples=20, seed=3, sizes=[5], n_simulations=50)
        vocab = chapters.vocabulary(corpus, ["a", "b"], n_resamples=20, seed=3)
        framing = chapters.framing(corpus, ["a", "b"], n_resamples=20, seed=3)
        clustering = chapters.clustering(corpus, ["a", "b"], n_resamples=20, seed=3)
        echoes = cu.synthesis.frame_echoes(framing.matches, framing.tokens, vocab.stable["term"].unique(), ["a", "b"],
                                           n_resamples=20, seed=3)
        theme_echoes = cu.themes.listed_share(framing.theme_terms, vocab.stable["term"].unique())
        evidence = cu.synthesis.evidence(vocab.stable, vocab.perm, framing.separation, clustering.agreement, alpha=0.05,
                                         coverage=framing.coverage, echoes=echoes, seeds=clustering.seeds,
                                         themes=framing.theme_differences, theme_echoes=theme_echoes)
        assert len(evidence) > 3
        pd.testing.assert_frame_equal(s.evidence, evidence)
        pd.testing.assert_frame_equal(s.verdicts, cu.synthesis.verdicts(evidence))
        features = cu.design.main_features(evidence, n_terms=2, n_frames=2)
        power = cu.design.power(vocab.dtm, framing.rates, features, ["a", "b"], sizes=[5], n_simulations=50, alpha=0.05,
                                n_resamples=20, seed=3, alpha0=500.0, min_docs=None)
        pd.testing.assert_frame_equal(s.power, power)
        terms = cu.synthesis.distinctive_terms([vocab.stable, vocab.stable_phrases], vocab.tokens)
        pd.testing.assert_frame_equal(s.terms, terms)
        assert s.smallest == cu.design.smallest_sample(0.05) == 4

    def test_settings_record_every_parameter_and_reach_the_chapters_it_reads(self, corpus):
        s = chapters.synthesis(corpus, ["a", "b"], min_df=2, method="agglomerative", n_themes=2, seed=5)
        parameters = set(inspect.signature(chapters.synthesis).parameters) - {"corpus", "groups", "shared"}
        assert set(s.settings) == parameters
        assert s.vocabulary.settings["min_df"] == 2 and s.clustering.settings["min_df"] == 2
        assert s.clustering.settings["method"] == "agglomerative" and s.framing.settings["n_themes"] == 2
        assert {s.vocabulary.settings["seed"], s.framing.settings["seed"], s.clustering.settings["seed"]} == {5}
        with pytest.raises(cu.ParameterError, match=r"method must be 'kmeans' or 'agglomerative' \(got 'ward'\)"):
            chapters.synthesis(corpus, method="ward")

    def test_in_a_run_it_reads_what_chapters_02_to_04_saved(self, corpus, tmp_path, monkeypatch):
        kept = chapters.vocabulary(corpus, ["a", "b"], n_resamples=20, shared=tmp_path).stable
        framing = chapters.framing(corpus, ["a", "b"], n_resamples=20, shared=tmp_path)
        separation = framing.separation
        monkeypatch.setattr(cu.keyness, "stability", lambda *a, **k: pytest.fail("chapter 02 was resampled again"))
        monkeypatch.setattr(cu.frame, "separation", lambda *a, **k: pytest.fail("chapter 03 was tested again"))
        s = chapters.synthesis(corpus, ["a", "b"], n_resamples=20, shared=tmp_path)
        assert s.vocabulary.stable.equals(kept) and s.framing.separation.equals(separation)


def _defaults() -> dict[str, dict]:
    """Each chapter's parameters cell, ``{chapter: {name: value}}`` (values read as Python literals)."""
    return {p.stem: {name: ast.literal_eval(value) for name, value in chapter_parameters(p).items()}
            for p in find_chapters(ROOT / "notebooks")}


#: Parameters that every chapter declares and the command fills in for each run.
OWNED = {"corpus", "figures_dir"}


def test_a_parameter_name_means_one_thing_in_every_chapter():
    """A name declared by several chapters has the same default in each, so ``-p NAME VALUE``, which reaches
    every chapter that declares NAME, changes one idea."""
    seen: dict[str, tuple[str, object]] = {}
    for stem, parameters in _defaults().items():
        for name, value in parameters.items():
            if name in OWNED:
                continue
            first = seen.setdefault(name, (stem, value))
            assert value == first[1], f"{name} is {value!r} in {stem} but {first[1]!r} in {first[0]}"


@pytest.mark.parametrize("function, stem", [(chapters.overview, "01_corpus"), (chapters.vocabulary, "02_vocabulary"),
                                            (chapters.framing, "03_framing"),
                                            (chapters.clustering, "04_clustering"),
                                            (chapters.synthesis, "05_synthesis")])
def test_the_chapter_functions_defaults_are_the_chapters(function, stem):
    """Called without a parameter, a chapter function computes what the chapter shows by default."""
    declared = _defaults()[stem]
    signature = inspect.signature(function).parameters
    for name, parameter in signature.items():
        if name in ("corpus", "groups"):
            continue
        default = parameter.default
        assert name in declared, f"{function.__name__}({name}=...) is not a parameter of {stem}"
        assert (list(default) if isinstance(default, tuple) else default) == declared[name], name


def test_the_synthesis_declares_what_its_findings_depend_on():
    """The synthesis recomputes chapters 02-04 through the same functions, so it declares (and ``-p`` reaches)
    every parameter of theirs that changes a table it reads."""
    synthesis = _defaults()["05_synthesis"]
    assert set(synthesis) >= {"min_df", "stop_words", "alpha0", "min_docs", "top_n", "lexicon", "method", "n_clusters",
                              "lsa_components", "sublinear_tf", "n_init", "n_resamples", "seed", "alpha"}


class TestStages:
    """While a table is computed, the chapter is in the table's stage, which ``corpus-essay run`` shows."""

    @pytest.mark.parametrize("cls", [chapters.Overview, chapters.Vocabulary, chapters.Framing, chapters.Clustering,
                                     chapters.Synthesis])
    def test_every_table_has_a_stage(self, cls):
        assert sorted(cls.STAGES) == sorted(cls.TABLES)
        assert set(cls.STAGES.values()) <= {"loading", "cleaning", "counting", "scoring words", "resampling", "matching frames",
                                            "finding themes", "building vectors", "clustering", "mapping",
                                            "weighing evidence", "simulating the next study"}

    def test_a_table_is_computed_in_its_stage_and_the_tables_it_reads_in_theirs(self, corpus, monkeypatch):
        """``perm`` reads ``dtm`` (which reads ``tokens``), then ``stable``: its stage, theirs, its own again."""
        said = []
        monkeypatch.setattr(cu.report, "announce_stage", said.append)
        v = chapters.vocabulary(corpus, ["a", "b"], n_resamples=20)
        v.perm
        assert said == ["resampling", "counting", "counting", "counting", "resampling", "resampling", "resampling",
                        "other steps"]
        said.clear()
        v.perm, v.dtm, v.settings, v.groups  # computed already, or no table: nothing said
        assert said == []


class TestTheRunsCluster:
    """A chapter runs its permutation tests on the Dask cluster the run's shared folder names, else in its kernel."""

    def test_alone_or_without_the_address_the_tests_run_in_the_kernel(self, corpus, tmp_path):
        assert chapters.vocabulary(corpus, ["a", "b"]).engine is None  # opened alone in JupyterLab
        assert chapters.framing(corpus, ["a", "b"], shared=tmp_path).engine is None  # a run on the memory engine

    @pytest.mark.parametrize("table", ["perm", "separation", "theme_differences"])
    def test_each_permutation_test_multiplies_on_the_chapter_s_engine(self, corpus, table):
        passes = []

        class Watching(cu.engine.Engine):  # in memory, noting each pass of products it is given
            def imap(self, func, items, *shared):
                passes.append(func.__name__)
                return super().imap(func, items, *shared)

        make = chapters.vocabulary if table == "perm" else chapters.framing
        result = make(corpus, ["a", "b"], n_resamples=20)
        result.__dict__["engine"] = Watching()  # as if read from the run's shared folder
        got = getattr(result, table)
        assert passes == ["_product"]  # one comparison (a against b), its products on the engine
        pd.testing.assert_frame_equal(got, getattr(make(corpus, ["a", "b"], n_resamples=20), table), check_exact=True)

    def test_a_scheduler_that_has_gone_is_one_line_never_a_computation_here(self, corpus, tmp_path):
        """A killed run's staging folder, opened by hand, names a scheduler that has gone."""
        import socket

        with socket.socket() as s:  # a port nothing listens on
            s.bind(("127.0.0.1", 0))
            address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
        cu.shared.write_engine(tmp_path, address)
        result = chapters.vocabulary(corpus, ["a", "b"], n_resamples=20, shared=tmp_path)
        with pytest.raises(cu.errors.SchedulerError) as error:
            result.perm
        message = str(error.value)
        assert len(message.splitlines()) == 1
        assert message.startswith(f"{address}: named by the shared results (engine.json) as the run's Dask scheduler, "
                                  "but no Dask scheduler answered within 5 s (")
        assert message.endswith(". That run has ended: run corpus-essay run again, or set shared = None to compute in "
                                "this kernel.")
        assert "perm" not in result.__dict__  # nothing was computed in its place
