"""Tests for corpus_utils.engine: the corpus-wide passes on a Dask cluster give what they give in memory.

One two-worker ``LocalCluster`` serves the module. Each pass is run in memory and on the cluster, on the
seed corpus and on a few thousand generated documents, and the results are compared array for array
(values, dtypes, order); the small cases are worked out by hand. The engine's other promises: one clear
error for a scheduler that cannot be used, and no process left behind after its ``with`` block.
"""

from __future__ import annotations

import dataclasses
import os
import re
import socket
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import psutil
import pytest
import scipy.sparse as sp
from distributed import get_task_stream

import corpus_utils as cu
from corpus_utils import count, differences, engine, keyness, resample, shared
from corpus_utils.errors import DecodeError, ParameterError, SchedulerError

from conftest import SEED, write_corpus


@pytest.fixture(scope="module")
def cluster():
    with engine.dask(n_workers=2) as dask_engine:
        yield dask_engine


@pytest.fixture(scope="module")
def seed():
    return cu.load_corpus(SEED)


@pytest.fixture(scope="module")
def generated(seed) -> pd.DataFrame:
    """3,000 documents of one to three seed sentences each (seeded), three groups, and a few odd ones."""
    sentences = [s for text in seed["text"] for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    rng = np.random.default_rng(23)
    texts = [" ".join(rng.choice(sentences, size=int(rng.integers(1, 4)))) for _ in range(3000)]
    # no token at all; acronyms, possessives, a statute; case folding that changes a word's length
    texts[10], texts[11], texts[1500] = "... — !", "The sheriffs' I.C.E. 287(g) deal; U.S. law.", "İSTANBUL STRASSE Straße"
    return pd.DataFrame({"doc_id": [f"d{i:04d}" for i in range(len(texts))],
                         "group": rng.choice(["a", "b", "c"], size=len(texts)), "text": texts})


def assert_same_index(got: count.TokenIndex, expected: count.TokenIndex) -> None:
    for f in dataclasses.fields(expected):
        if f.name.startswith("_"):
            continue
        a, b = getattr(got, f.name), getattr(expected, f.name)
        assert a.dtype == b.dtype, f"{f.name}: {a.dtype} != {b.dtype}"
        assert a.shape == b.shape and np.array_equal(a, b), f"{f.name} differs"
    assert got._type_index == expected._type_index


class TestTokenIndex:
    def test_partitions_are_merged_onto_one_sorted_list_of_types(self):
        # partition 1 "b a" has types [a, b], ids [1, 0]; partition 2 "c a." has [a, c], ids [1, 0].
        # Merged: types [a, b, c]; the second partition's c (its 1) becomes 2, its a (0) stays 0.
        corpus = pd.DataFrame({"doc_id": ["1", "2"], "group": ["x", "y"], "text": ["b a", "c a."]})
        index = count.index_tokens(corpus, engine=engine.memory(partitions=2))
        assert index.types.tolist() == ["a", "b", "c"]
        assert index.token_ids.tolist() == [1, 0, 2, 0]
        assert index.doc_ptr.tolist() == [0, 2, 4]
        assert index.starts.tolist() == [0, 2, 0, 2]  # offsets restart in every document
        assert index.sentence_ids.tolist() == [0, 0, 1, 1]  # numbered across the partitions
        assert_same_index(index, count.index_tokens(corpus))

    @pytest.mark.parametrize("partitions", [2, 7, 3000])
    def test_any_partitioning_gives_the_in_memory_index(self, generated, partitions):
        # 3000 partitions: one document each, so one holds a document without a token only
        expected = count.index_tokens(generated)
        assert_same_index(count.index_tokens(generated, engine=engine.memory(partitions)), expected)

    def test_seed_corpus_on_a_cluster(self, cluster, seed):
        assert_same_index(count.index_tokens(seed, engine=cluster), count.index_tokens(seed))

    def test_generated_corpus_on_a_cluster(self, cluster, generated):
        expected = count.index_tokens(generated)
        assert len(cluster.split(generated["text"].to_numpy())) == 8  # two workers, four partitions each
        assert_same_index(count.index_tokens(generated, engine=cluster), expected)

    def test_counts_from_the_cluster_index_are_the_same(self, cluster, generated):
        expected = count.count_terms(count.index_tokens(generated))
        got = count.count_terms(count.index_tokens(generated, engine=cluster))
        assert np.array_equal(got.terms, expected.terms)
        assert got.counts.dtype == expected.counts.dtype and (got.counts != expected.counts).nnz == 0


class TestGroupSums:
    def test_by_hand(self):
        # x: "law law trust" and "law"; y: "fear"
        corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "group": ["x", "y", "x"], "text": ["law law trust", "fear", "law"]})
        table = count.group_sums(count.count_terms(corpus), engine=engine.memory(partitions=3))
        assert table.to_dict("index") == {"fear": {"x": 0, "y": 1}, "law": {"x": 3, "y": 0}, "trust": {"x": 1, "y": 0}}
        assert table.attrs["documents"] == {"x": 2, "y": 1}

    def test_equal_the_dense_sums(self, generated):
        dtm = count.count_terms(generated)
        dense = pd.DataFrame(dtm.counts.toarray(), columns=dtm.terms).groupby(generated["group"].to_numpy()).sum()
        table = count.group_sums(dtm)
        assert (table.to_numpy() == dense.T.to_numpy()).all() and table.columns.tolist() == ["a", "b", "c"]

    @pytest.mark.parametrize("corpus", ["seed", "generated"])
    def test_on_a_cluster(self, cluster, corpus, request):
        dtm = count.count_terms(request.getfixturevalue(corpus))
        expected = count.group_sums(dtm)
        got = count.group_sums(dtm, engine=cluster)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert (got.dtypes == np.int64).all() and got.attrs == expected.attrs


def difference_p_values(plan: resample.Relabelings, values, observed_a: np.ndarray, engine=None) -> pd.DataFrame:
    """Two-sided p-values of the difference in mean count of every term, tallied from the products."""
    n_a, n_b = int(observed_a.sum()), int((~observed_a).sum())
    total = np.asarray(values.sum(axis=0), dtype=np.float64).ravel()

    def statistic(sums):
        return np.abs(sums / n_a - (total - sums) / n_b)

    observed = statistic(np.asarray(values[observed_a].sum(axis=0), dtype=np.float64))
    tally = resample.Tally(observed.ravel(), exact=plan.exact)
    for _, sums in plan.products(values, engine=engine):
        tally.add(statistic(sums))
    return tally.result()


class TestProducts:
    def test_products_are_the_sums_of_the_group_true(self):
        # documents valued 1, 2, 4 and 8; the relabelings of [T, T, F, F] put two of them in group True
        values = np.array([[1.0], [2.0], [4.0], [8.0]])
        plan = resample.relabelings(np.array([True, True, False, False]))
        sums = sorted(float(s) for _, block in plan.products(values) for s in block.ravel())
        assert sums == [3.0, 5.0, 6.0, 9.0, 10.0, 12.0]  # every pair: 1+2, 1+4, 2+4, 1+8, 2+8, 4+8

    def test_dense_and_sparse_values_give_the_same_sums(self, generated):
        values = count.count_terms(generated).counts[:, :50].astype(np.float64)
        plan = resample.relabelings(generated["group"].to_numpy() == "a", n_resamples=30, seed=1)
        for (block, sparse), (_, dense) in zip(plan.products(values, rows=7), plan.products(values.toarray(), rows=7)):
            assert np.allclose(sparse, dense) and np.allclose(sparse, block.astype(float) @ values.toarray())

    def test_labels_must_be_two_groups_as_true_and_false(self):
        with pytest.raises(ParameterError, match="numbers or True/False"):
            next(resample.relabelings(np.array(["a", "b"])).products(np.ones((2, 1))))

    @pytest.mark.parametrize(("corpus", "group"), [("seed", "pro-cooperation"), ("generated", "a")])
    def test_p_values_on_a_cluster(self, cluster, corpus, group, request):
        # the seed corpus: 5 documents, an exact test over C(5, 2) = 10 relabelings;
        # the generated one: 200 Monte Carlo relabelings, seed 7
        data = request.getfixturevalue(corpus)
        values = count.count_terms(data).counts.astype(np.float64)
        observed_a = data["group"].to_numpy() == group
        plan = resample.relabelings(observed_a, n_resamples=200, seed=7)
        expected = difference_p_values(plan, values, observed_a)
        got = difference_p_values(plan, values, observed_a, engine=cluster)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert plan.exact == (corpus == "seed")
        assert expected["p_value"].min() < 1  # some term differs more than most relabelings

    def test_the_same_batches_and_products_in_the_same_order(self, cluster, generated):
        values = sp.csr_matrix(count.count_terms(generated).counts, dtype=np.float64)
        plan = resample.relabelings(generated["group"].to_numpy() == "b", n_resamples=50, seed=3)
        local = list(plan.products(values, rows=6))
        remote = list(plan.products(values, rows=6, engine=cluster))
        assert len(local) == len(remote) == 9  # 50 relabelings, 6 at a time
        for (block, sums), (remote_block, remote_sums) in zip(local, remote):
            assert np.array_equal(block, remote_block) and np.array_equal(sums, remote_sums)
            assert sums.dtype == remote_sums.dtype == np.float64


def product_tasks(records) -> int:
    """How many of the tasks a cluster ran (``distributed.get_task_stream``) multiplied relabelings."""
    return sum(1 for record in records if str(record["key"]).startswith("_product-"))


class TestPermutationTests:
    """The tests' relabeling products on the cluster: the same tables as in memory, p_adjusted (max-T) included."""

    @pytest.mark.parametrize(("corpus", "groups", "max_exact"), [
        ("seed", None, 5000),  # 2 vs 3 documents: every one of the 10 relabelings
        ("seed", None, 0),  # the same documents, 200 relabelings drawn
        ("generated", None, 5000),  # each of three groups against the rest: 200 drawn
        ("generated", ["a", "c"], 5000),  # a pair: 200 drawn
    ])
    @pytest.mark.parametrize("statistic", ["log_odds", "mean_tfidf"])
    def test_keyness(self, cluster, corpus, groups, max_exact, statistic, request):
        dtm = count.count_terms(request.getfixturevalue(corpus))
        terms = keyness.top_terms(keyness.log_odds(dtm, groups=groups), 5)["term"].unique()
        kwargs = dict(groups=groups, max_exact=max_exact, n_resamples=200, seed=9)
        expected = keyness.permutation_test(dtm, terms, statistic, **kwargs)
        with get_task_stream(client=cluster.client) as stream:
            got = keyness.permutation_test(dtm, terms, statistic, engine=cluster, **kwargs)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.attrs == expected.attrs
        assert product_tasks(stream.data) >= (1 if groups or corpus == "seed" else 3)  # one pass per comparison
        assert expected["exact"].all() == (corpus == "seed" and max_exact > 0)
        assert (expected["p_adjusted"] > expected["p_value"]).any()  # max-T bites: the adjusted column is tested

    @pytest.mark.parametrize("corpus", ["seed", "generated"])
    def test_frames_themes_and_mean_differences(self, cluster, corpus, request):
        data = request.getfixturevalue(corpus)
        framing = cu.chapters.framing(data, n_themes=3)
        with get_task_stream(client=cluster.client) as stream:
            for max_exact in (5000, 0):  # the seed corpus: exact, then drawn; the generated one: drawn both times
                pd.testing.assert_frame_equal(cu.frame.separation(framing.rates, max_exact=max_exact, engine=cluster),
                                              cu.frame.separation(framing.rates, max_exact=max_exact), check_exact=True)
            pd.testing.assert_frame_equal(cu.themes.compare_themes(framing.theme_shares, engine=cluster),
                                          cu.themes.compare_themes(framing.theme_shares), check_exact=True)
        assert product_tasks(stream.data) >= 3
        # non-integer values (counts times 0.37), each group against the rest
        dtm = count.count_terms(data)
        values = pd.DataFrame(dtm.counts[:, :40].toarray() * 0.37, columns=dtm.terms[:40])
        expected = differences.mean_differences(values, data["group"], seed=5)
        got = differences.mean_differences(values, data["group"], seed=5, engine=cluster)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.attrs == expected.attrs

    def test_a_chapter_given_the_run_s_address_tests_on_that_cluster(self, cluster, seed, tmp_path):
        """``corpus-essay run --engine dask`` leaves the address in the shared folder; a chapter connects as a client."""
        shared.write_engine(tmp_path, cluster.address)
        alone = cu.chapters.vocabulary(seed, n_resamples=50)
        run = cu.chapters.vocabulary(seed, n_resamples=50, shared=tmp_path)
        with get_task_stream(client=cluster.client) as stream:
            perm = run.perm
        pd.testing.assert_frame_equal(perm, alone.perm, check_exact=True)
        assert product_tasks(stream.data) == 1  # one comparison of five documents: one batch of 10 relabelings
        assert run.engine.address == cluster.address and run.engine.cluster is None  # a client, not a cluster
        assert alone.engine is None
        run.engine.close()
        assert cluster.n_workers == 2 and cluster.map(len, [[1, 2]]) == [2]  # closing it left the workers running


def test_cleaning_gives_the_same_texts_on_a_cluster(cluster, seed):
    rules = cu.load_rules()
    raw = seed["raw_text"].tolist()
    expected = list(cu.clean.clean_corpus(seed["doc_id"], raw, rules))
    assert list(cu.clean.clean_corpus(seed["doc_id"], raw, rules, engine=cluster)) == expected
    assert any(removed for _, removed in expected)  # the seed texts carry page furniture to remove


@pytest.fixture(scope="module")
def folder(seed, tmp_path_factory):
    """400 files of seed paragraphs, every fifth in cp1252 with a curly quote, some with page furniture."""
    paragraphs = [p for text in seed["raw_text"] for p in text.split("\n\n") if len(p) > 200]  # prose, no furniture
    rng = np.random.default_rng(5)
    docs = {}
    for i in range(400):
        text = "\n\n".join(rng.choice(paragraphs, size=int(rng.integers(1, 4))))
        if i % 7 == 0:
            text = "Share\n\n" + text + "\n\nTags:\n, , ,"
        body = (text + " \u2019").encode("cp1252", errors="replace") if i % 5 == 0 else text
        docs[f"doc{i:03d}.txt"] = (["pro", "anti"][i % 2], body)
    return write_corpus(tmp_path_factory.mktemp("generated") / "texts", docs)


class TestLoading:
    def test_seed_corpus_on_a_cluster(self, cluster, seed):
        pd.testing.assert_frame_equal(cu.load_corpus(SEED, engine=cluster), seed, check_exact=True)

    def test_generated_folder_on_a_cluster(self, cluster, folder):
        with pytest.warns(cu.CorpusWarning):
            expected = cu.load_corpus(folder)
        assert (expected["encoding"] != "utf-8").any() and expected["n_removed_lines"].gt(0).any()
        for where in (cluster, engine.memory(partitions=3)):
            with pytest.warns(cu.CorpusWarning):
                pd.testing.assert_frame_equal(cu.load_corpus(folder, engine=where), expected, check_exact=True)

    def test_the_first_broken_file_is_named(self, cluster, seed, tmp_path):
        # two binary files, in different partitions: the error names the first, as in memory
        docs = {f"doc{i:03d}.txt": ("pro" if i % 2 else "anti", f"Police need trust {i}.") for i in range(200)}
        docs["doc050.txt"] = ("pro", b"\x00\x01binary")
        docs["doc150.txt"] = ("pro", b"\x00\x02binary")
        folder = write_corpus(tmp_path / "texts", docs)
        with pytest.raises(DecodeError) as in_memory:
            cu.load_corpus(folder)
        with pytest.raises(DecodeError) as on_cluster:
            cu.load_corpus(folder, engine=cluster)
        assert str(on_cluster.value) == str(in_memory.value)
        assert str(in_memory.value).startswith("texts/doc050.txt: looks binary")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TestScheduler:
    def test_nothing_answers(self):
        address = f"tcp://127.0.0.1:{_free_port()}"
        with pytest.raises(SchedulerError) as error:
            engine.dask(address, timeout=1)
        message = str(error.value)
        assert message.startswith(f"{address}: no Dask scheduler answered within 1 s")
        assert message.endswith("or leave the scheduler out to start a cluster on this machine.")
        assert "\n" not in message and error.value.path == address

    def test_something_else_answers(self):
        with socket.socket() as listener:  # accepts connections and never says a word
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
            with pytest.raises(SchedulerError, match=r"no Dask scheduler answered within 1 s"):
                engine.dask(address, timeout=1)

    @pytest.mark.parametrize("address", ["", "not an address", "tcp://127.0.0.1:notaport", "tcp://127.0.0.1",
                                         "foo://127.0.0.1:8786", "tcp://[::1"])
    def test_malformed_address(self, address):
        with pytest.raises(SchedulerError) as error:
            engine.dask(address, timeout=1)
        assert str(error.value).startswith(f"{address}: is not a scheduler address (")
        assert "Give the address as tcp://HOST:PORT" in str(error.value)

    def test_a_worker_is_not_a_scheduler(self, cluster):
        worker = sorted(cluster.client.scheduler_info()["workers"])[0]
        with pytest.raises(SchedulerError, match="a Dask Worker answers at this address, not a scheduler"):
            engine.dask(worker, timeout=2)

    def test_a_scheduler_without_workers(self):
        from distributed import LocalCluster

        with LocalCluster(n_workers=0, processes=False, protocol="tcp://", host="127.0.0.1", dashboard_address=None,
                          scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as bare:
            with pytest.raises(SchedulerError) as error:
                engine.dask(bare.scheduler_address, timeout=1)
        assert str(error.value).startswith(f"{bare.scheduler_address}: the scheduler answers, but no worker joined it")

    def test_n_workers_is_for_a_local_cluster_only(self, cluster):
        with pytest.raises(ParameterError, match="n_workers applies to a local cluster only"):
            engine.dask(cluster.address, n_workers=2)

    def test_a_running_cluster_is_used_and_left_running(self, cluster, seed):
        with engine.dask(cluster.address) as remote:
            assert remote.cluster is None and remote.n_workers == 2
            assert_same_index(count.index_tokens(seed, engine=remote), count.index_tokens(seed))
        assert cluster.map(len, [[1, 2], [3]]) == [2, 1]  # closing the client left the cluster up


def _children() -> set[int]:
    """This process's descendants, but Python's resource tracker (one per process, it ends with it)."""
    return {p.pid for p in psutil.Process().children(recursive=True)
            if "multiprocessing.resource_tracker" not in " ".join(p.cmdline())}


class TestNoProcessLeft:
    def test_after_the_with_block(self):
        before = _children()
        with engine.dask(n_workers=1) as local:
            workers = set(local.client.run(os.getpid).values())
            assert local.map(sum, [[1, 2], [3]]) == [3, 3]
            assert workers <= _children() - before
        assert _children() - before == set()
        assert not any(psutil.pid_exists(pid) for pid in workers)

    def test_when_the_block_fails(self):
        before = _children()
        with pytest.raises(ZeroDivisionError), engine.dask(n_workers=1) as local:
            local.map(lambda part: 1 / 0, [[1]])
        assert _children() - before == set()


    def test_when_the_client_is_killed(self, tmp_path):
        # a run stopped with SIGKILL (or SIGTERM, which runs no clean-up either) closes nothing itself:
        # each worker watches the process that started it and exits when it is gone
        script = tmp_path / "client.py"
        script.write_text("import os, time\nfrom corpus_utils import engine\n\nif __name__ == '__main__':\n"
                          "    local = engine.dask(n_workers=1)\n"
                          "    print(*local.client.run(os.getpid).values(), flush=True)\n    time.sleep(600)\n")
        client = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
        try:
            workers = [int(pid) for pid in client.stdout.readline().split()]
        finally:
            client.kill()
            client.wait()
            client.stdout.close()
        assert len(workers) == 1
        deadline = time.monotonic() + 60  # a wait with a limit, not a measure of time
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class TestSplit:
    @pytest.mark.parametrize(("weights", "parts"), [
        (None, [[0, 1], [2, 3], [4, 5]]),
        ([1, 1, 1, 1, 1, 10], [[0, 1, 2, 3, 4], [5]]),  # the heaviest item is two thirds on its own
        ([0, 0, 0, 0, 0, 9], [[0, 1, 2, 3, 4, 5]]),  # every cut falls on the last item: one piece
    ])
    def test_contiguous_pieces_of_about_equal_weight(self, weights, parts):
        assert engine.memory(partitions=3).split(list(range(6)), weights) == parts

    def test_never_more_pieces_than_items_and_none_for_none(self):
        assert engine.memory(partitions=5).split([1, 2]) == [[1], [2]]
        assert engine.memory(partitions=5).split([]) == []

    @pytest.mark.parametrize("partitions", [0, -1, 1.5, True])
    def test_partitions_must_be_a_positive_whole_number(self, partitions):
        with pytest.raises(ParameterError, match="partitions must be a whole number of at least 1"):
            engine.memory(partitions)


# --------------------------------------------------------------------------- fold, and k-means over the partitions


def _visit(state: list, part: tuple) -> list:
    """A fold step that notes which partition it took and on which process it ran."""
    from distributed import get_worker

    try:
        where = get_worker().address
    except ValueError:  # not on a worker: this process
        where = "here"
    return state + [(part[0], sum(part[1]), where)]


def _fail_on_b(state: list, part: tuple) -> list:
    if part[0] == "b":
        raise ParameterError(f"step on {part[0]} after {len(state)} steps")
    return state + [part[0]]


class TestFold:
    PARTS = [("a", [1, 2]), ("b", [3]), ("c", [4, 5, 6]), ("d", [7])]

    def test_in_memory_the_steps_run_in_order(self):
        steps = engine.memory().fold(_visit, self.PARTS, [], order=[2, 0, 2, 1])
        assert steps == [("c", 15, "here"), ("a", 3, "here"), ("c", 15, "here"), ("b", 3, "here")]
        assert engine.memory().fold(_visit, self.PARTS, ["start"], order=[]) == ["start"]
        assert [s[0] for s in engine.memory().fold(_visit, self.PARTS, [])] == ["a", "b", "c", "d"]

    def test_on_a_cluster_each_step_runs_where_its_partition_is(self, cluster):
        order = [0, 1, 2, 3, 3, 2, 1, 0]
        steps = cluster.fold(_visit, self.PARTS, [], order=order)
        assert [s[:2] for s in steps] == [s[:2] for s in engine.memory().fold(_visit, self.PARTS, [], order=order)]
        where = {}
        for name, _, worker in steps:
            where.setdefault(name, set()).add(worker)
        # each partition stayed on one worker through both passes, and the partitions were spread over both workers
        assert all(len(workers) == 1 for workers in where.values())
        assert set().union(*where.values()) == set(cluster.client.scheduler_info(n_workers=-1)["workers"])

    def test_the_first_failing_step_raises_its_error(self, cluster):
        for runner in (engine.memory(), cluster):
            with pytest.raises(ParameterError, match=r"step on b after 1 steps"):
                runner.fold(_fail_on_b, self.PARTS, [], order=[0, 1, 2, 1])


@pytest.fixture(scope="module")
def vectors(generated):
    """The generated corpus's document vectors (LSA): more documents than LARGE_CORPUS."""
    return cu.cluster.document_vectors(count.count_terms(generated), seed=0)


class TestKMeansOnACluster:
    def test_memory_partitions_and_cluster_give_the_same_clusters(self, cluster, vectors):
        assert vectors.n_docs > cu.cluster.LARGE_CORPUS
        options = dict(n_init=3, seed=2, batch_size=128)  # 3,000 rows: round(3000 / 1024) = 3 partitions
        expected = cu.cluster.kmeans(vectors, 3, **options)
        assert expected.attrs["method"] == "MiniBatchKMeans (partial_fit over 3 partitions)"
        for runner in (engine.memory(partitions=3), cluster):
            got = cu.cluster.kmeans(vectors, 3, **options, engine=runner)
            pd.testing.assert_frame_equal(got, expected, check_exact=True)
            assert got.attrs == expected.attrs

    def test_seed_stability_on_a_cluster(self, cluster, vectors):
        kept = cu.cluster.kmeans(vectors, 2, n_init=2, batch_size=256)
        expected = cu.cluster.seed_stability(vectors, kept, n_seeds=3)
        got = cu.cluster.seed_stability(vectors, kept, n_seeds=3, engine=cluster)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.attrs == expected.attrs


# --------------------------------------------------------------------------- this machine's worker processes

def _pid_and_sum(part: list) -> tuple[int, int]:
    return os.getpid(), sum(part)


def _fail_on_three(part: list) -> int:
    if 3 in part:
        raise ValueError(f"three in {part}")
    return sum(part)


class TestProcesses:
    def test_partitions_run_in_worker_processes_and_come_back_in_order(self):
        before = _children()
        with engine.processes(n_workers=2, min_weight=1) as local:
            parts = local.split(list(range(40)))
            assert len(parts) == 8  # four per worker
            done = local.map(_pid_and_sum, parts)
            workers = {pid for pid, _ in done}
            assert [total for _, total in done] == [sum(part) for part in parts]
            assert os.getpid() not in workers and workers <= _children() - before
        assert _children() - before == set()  # the with block stopped them
        assert not any(_alive(pid) for pid in workers)

    def test_a_light_pass_is_one_partition_run_here_with_no_worker(self):
        before = _children()
        with engine.processes(n_workers=2, min_weight=100) as local:
            parts = local.split(list("abcdef"), weights=[10] * 6)  # 60 in all, under one partition's least weight
            assert parts == [list("abcdef")]
            assert local.map(_pid_and_sum, [[1, 2]]) == [(os.getpid(), 3)]
            assert _children() - before == set()

    def test_fewer_partitions_when_each_would_weigh_too_little(self):
        local = engine.processes(n_workers=2, min_weight=10)
        assert local.split(list(range(6)), weights=[5] * 6) == [[0, 1], [2, 3], [4, 5]]  # 30 in all: three of 10
        assert len(local.split(list(range(100)), weights=[5] * 100)) == 8  # never more than four per worker
        local.close()

    def test_the_first_failing_partition_in_order_raises_its_error(self):
        with engine.processes(n_workers=2, min_weight=1) as local:
            with pytest.raises(ValueError, match=r"three in \[3, 4\]"):
                local.map(_fail_on_three, [[1, 2], [3, 4], [5, 3]])

    def test_the_seed_corpus_and_its_index_are_the_in_memory_ones(self, seed, folder):
        with engine.processes(n_workers=2, min_weight=1) as local:
            pd.testing.assert_frame_equal(cu.load_corpus(SEED, engine=local), seed, check_exact=True)
            assert_same_index(count.index_tokens(seed, engine=local), count.index_tokens(seed))
            with pytest.warns(cu.CorpusWarning):
                expected = cu.load_corpus(folder)
            with pytest.warns(cu.CorpusWarning):
                pd.testing.assert_frame_equal(cu.load_corpus(folder, engine=local), expected, check_exact=True)

    @pytest.mark.parametrize("value", [0, 1.5, True])
    def test_n_workers_must_be_a_positive_whole_number(self, value):
        with pytest.raises(ParameterError, match="n_workers must be a whole number of at least 1"):
            engine.processes(n_workers=value)


def _signal_state(part: list) -> tuple:
    """How a worker takes Ctrl-C and SIGTERM, and which signals it blocks."""
    import signal

    return (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM),
            tuple(sorted(int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, []))))


class TestSignalsWhileWorkersStart:
    """A Ctrl-C, SIGTERM or SIGHUP that comes while worker processes start is acted on once they have started, so
    that a pool is never left half started (which cannot be shut down: 'cannot join thread before it is started',
    a traceback instead of the run's one line)."""

    def test_a_signal_inside_is_acted_on_as_the_block_ends(self):
        import signal

        reached = []
        with pytest.raises(KeyboardInterrupt):
            with engine.signals_deferred():
                signal.raise_signal(signal.SIGINT)  # to this thread: os.kill could reach another one later
                time.sleep(0.05)
                reached.append("the end of the block")
        assert reached == ["the end of the block"]
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == set()

    def test_ctrl_c_as_the_first_partition_is_handed_over_stops_the_pass_once_all_are(self, monkeypatch):
        import concurrent.futures
        import signal

        handed = []
        submit = concurrent.futures.ProcessPoolExecutor.submit

        def pressing_ctrl_c(pool, *args, **kwargs):
            if not handed:
                signal.raise_signal(signal.SIGINT)  # to this thread: os.kill could reach another one later
                time.sleep(0.05)
            handed.append(1)
            return submit(pool, *args, **kwargs)

        monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "submit", pressing_ctrl_c)
        before = _children()
        local = engine.processes(n_workers=2, min_weight=1)
        with pytest.raises(KeyboardInterrupt):
            local.map(_pid_and_sum, local.split(list(range(40))))
        assert len(handed) == 8
        local.close()  # the pool started whole: it shuts down
        assert _children() - before == set()

    def test_a_worker_takes_signals_as_it_did_before(self):
        import signal

        with engine.processes(n_workers=2, min_weight=1) as local:
            states = local.map(_signal_state, local.split(list(range(8))))
        assert set(states) == {(signal.SIG_IGN, signal.getsignal(signal.SIGTERM), ())}
