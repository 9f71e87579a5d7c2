"""Engine: where the corpus-wide passes run, in this process or on a Dask cluster, with the same results.

A few passes read the whole corpus, and they are what grows with it: reading, decoding and cleaning
the files (:func:`corpus_utils.load_corpus`), tokenizing them into the positional index
(:func:`corpus_utils.count.index_tokens`), summing the counts of each group
(:func:`corpus_utils.count.group_sums`) and the products of the relabelings of a permutation test
(:meth:`corpus_utils.resample.Relabelings.products`). Each takes ``engine=None``, which is this
process, as before; an engine from :func:`dask` runs it on a ``dask.distributed`` cluster instead:

* the pass cuts its documents into contiguous partitions (:meth:`Engine.split`), balanced by their
  length, a few per worker;
* one function runs on each partition on the workers (:meth:`Engine.map`); the data every partition
  needs (the cleaning rules, a matrix) is sent to each worker once;
* a pass that carries a state from partition to partition (the partial fits of k-means,
  :func:`corpus_utils.cluster.kmeans`, whose partitions the data cuts, not the engine) runs each step on the worker that holds its partition, and only
  the state travels (:meth:`Engine.fold`);
* the partitions' results are merged here, in corpus order, by the pass itself (a type's id does not
  depend on how the documents were split, integer sums do not depend on their order, the relabelings
  are drawn here from the one seeded generator), so the results are the ones the in-memory code
  gives: the same arrays, dtypes and order, the same p-values for the same seed.

When a partition fails, the first failing partition in corpus order raises its error, which is the
error the in-memory pass raises (the first failing document). The cleaning rules' time budget
(:data:`corpus_utils.clean.RULES_TIME_BUDGET`) is shared out evenly between the partitions.

Without an address, :func:`dask` starts a ``LocalCluster`` on this machine: one worker process per
core, one thread each, listening on the loopback address only. With the address of a running
scheduler, it connects to that cluster (and never stops it). The engine is a context manager: leaving
the ``with`` block closes the client and the cluster it started, workers included; an engine that is
never closed (a notebook's, whose kernel simply ends) is closed when it is collected or when Python exits.

A script that starts a local cluster must guard its entry point with ``if __name__ == "__main__":``
(the workers are started as new Python processes, which import the script's main module).

Examples
--------
>>> import pandas as pd
>>> from corpus_utils import count, engine
>>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"], "text": ["Trust us.", "Fear."]})
>>> with engine.memory() as local:
...     count.index_tokens(corpus, engine=local).types.tolist()
['fear', 'trust', 'us']
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import logging
import multiprocessing
import numbers
import os
import signal
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

from .errors import ParameterError, SchedulerError

__all__ = ["CONNECT_TIMEOUT", "DEFERRED_SIGNALS", "ENGINES", "MIN_PARTITION_WEIGHT", "PARTITIONS_PER_WORKER",
           "STOP_SIGNALS", "DaskEngine", "Engine", "ProcessEngine", "dask", "follow_parent", "memory", "processes",
           "signals_deferred"]

#: The engines by name, as ``corpus-essay run --engine`` takes them: :func:`memory` and :func:`dask`.
ENGINES = ("memory", "dask")

#: Seconds to wait for a scheduler given by address to answer before giving up with a SchedulerError.
CONNECT_TIMEOUT = 5.0
#: Partitions of a pass per worker: a few, so that a slow partition does not hold up the others.
PARTITIONS_PER_WORKER = 4
#: The least weight (characters of text, bytes of a file) worth a partition of :class:`ProcessEngine`'s
#: own: a worker pays for the texts it is sent and the results it sends back.
MIN_PARTITION_WEIGHT = 250_000
_ADDRESS_FORMAT = "tcp://HOST:PORT"


class Engine:
    """Runs a pass in this process: the in-memory engine (what ``engine=None`` means).

    Parameters
    ----------
    partitions : int, default 1
        How many partitions :meth:`split` cuts the documents into. One is the in-memory code as it
        was; more runs the same splitting and merging as a cluster does, in this process.
    """

    name = "memory"

    def __init__(self, partitions: int = 1):
        self.partitions = _positive_int(partitions, "partitions")

    @property
    def n_workers(self) -> int:
        """How many processes run the partitions (1: this one)."""
        return 1

    def split(self, items: Sequence, weights: Iterable[float] | None = None) -> list:
        """Cut ``items`` into at most ``partitions`` contiguous, non-empty pieces of about equal weight.

        Parameters
        ----------
        items : sequence
            Anything that slices (a list, a NumPy array).
        weights : iterable of float, optional
            The cost of each item (a text's length); by default 1 each.

        Returns
        -------
        list
            ``items[a:b]`` pieces, in order; none for no items.

        Examples
        --------
        >>> Engine(partitions=2).split(["a", "b", "c", "d"], weights=[3, 1, 1, 1])
        [['a'], ['b', 'c', 'd']]
        """
        n = len(items)
        if n == 0:
            return []
        cost = np.ones(n) if weights is None else np.asarray(list(weights), dtype=np.float64)
        if len(cost) != n:
            raise ParameterError(f"weights must have one value per item (got {len(cost)} for {n} items)")
        total = np.cumsum(cost)
        k = min(self.partitions, n)
        # cut after the item where the running weight first reaches each k-th of the total
        cuts = np.searchsorted(total, total[-1] * np.arange(1, k) / k, side="left") + 1
        bounds = np.unique(np.concatenate([[0], np.clip(cuts, 1, n), [n]]))
        return [items[a:b] for a, b in zip(bounds[:-1], bounds[1:])]

    def map(self, func: Callable, parts: Sequence, *shared) -> list:
        """``[func(part, *shared) for part in parts]``: one call per partition, results in order."""
        return [func(part, *shared) for part in parts]

    def imap(self, func: Callable, items: Iterable, *shared) -> Iterator[tuple]:
        """Yield ``(item, func(item, *shared))`` for each item, in order, computing as they are asked for."""
        for item in items:
            yield item, func(item, *shared)

    def fold(self, func: Callable, parts: Sequence, state, order: Iterable[int] | None = None):
        """Carry ``state`` through the partitions: ``state = func(state, parts[i])`` for each ``i`` of ``order``.

        The calls are made one after the other, in ``order`` (by default each partition once, in turn; a
        partition may come back, as in passes over the data); the final state is returned. On a cluster
        each call runs on the worker that holds its partition, and only the state travels between them.

        Parameters
        ----------
        func : callable
            ``func(state, part) -> state``.
        parts : sequence
            The partitions (from :meth:`split`, or any list).
        state
            The state before the first call.
        order : iterable of int, optional
            Which partition each call takes.

        Returns
        -------
        The state after the last call (``state`` itself when there is no call).

        Examples
        --------
        >>> Engine().fold(lambda seen, part: seen + part, [["a", "b"], ["c"]], [], order=[0, 1, 0])
        ['a', 'b', 'c', 'a', 'b']
        """
        for i in range(len(parts)) if order is None else order:
            state = func(state, parts[i])
        return state

    def close(self) -> None:
        """Release what the engine holds (nothing, in this process)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(partitions={self.partitions})"


class DaskEngine(Engine):
    """Runs a pass on a ``dask.distributed`` cluster; made by :func:`dask`.

    Attributes
    ----------
    client : distributed.Client
    cluster : distributed.LocalCluster or None
        The local cluster this engine started (closed with the engine), or None when it connected
        to a running scheduler.
    address : str
        The scheduler's address.
    """

    name = "dask"

    def __init__(self, client, cluster=None, partitions_per_worker: int = PARTITIONS_PER_WORKER):
        self.client, self.cluster = client, cluster
        self.address = client.scheduler.address
        self.partitions_per_worker = _positive_int(partitions_per_worker, "partitions_per_worker")
        super().__init__(partitions=self.n_workers * self.partitions_per_worker)
        # closed once: by close(), or when the engine is collected or Python exits (a kernel that ends)
        self._finalizer = weakref.finalize(self, _close, client, cluster)

    @property
    def n_workers(self) -> int:
        """How many workers the cluster has now (at least 1)."""
        return max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    def split(self, items: Sequence, weights: Iterable[float] | None = None) -> list:
        self.partitions = self.n_workers * self.partitions_per_worker  # workers may have joined or left
        return super().split(items, weights)

    def _share(self, shared: tuple) -> list:
        """Send each shared argument to every worker once; futures stand for them in the tasks."""
        return [self.client.scatter([value], broadcast=True, hash=False)[0] for value in shared]

    def map(self, func: Callable, parts: Sequence, *shared) -> list:
        """Run ``func(part, *shared)`` on the workers, one task per partition; results in order.

        The results are collected in order, so when some tasks fail, the first failing partition in
        order raises its error.
        """
        if not parts:
            return []
        handles = self._share(shared)
        data = self.client.scatter(list(parts), hash=False)
        futures = [self.client.submit(func, part, *handles, pure=False) for part in data]
        try:
            return [future.result() for future in futures]
        finally:
            self.client.cancel(futures + data + handles)

    def imap(self, func: Callable, items: Iterable, *shared) -> Iterator[tuple]:
        """Yield ``(item, func(item, *shared))`` in order, with a few tasks per worker running ahead.

        The items are made here, lazily (the relabelings from the one seeded generator), and sent
        to the workers with their tasks as they are made; at most two tasks per worker wait at any time.
        """
        handles = self._share(shared)
        window: collections.deque = collections.deque()
        ahead = 2 * self.n_workers
        try:
            for item in items:
                while len(window) >= ahead:
                    done_item, future = window.popleft()
                    yield done_item, future.result()
                window.append((item, self.client.submit(func, item, *handles, pure=False)))
            while window:
                done_item, future = window.popleft()
                yield done_item, future.result()
        finally:
            self.client.cancel([future for _, future in window] + handles)

    def fold(self, func: Callable, parts: Sequence, state, order: Iterable[int] | None = None):
        """Carry ``state`` through the partitions on the workers, each call where its partition is.

        The partitions are sent to the workers once; each call is a task that takes the previous call's
        result and runs on the worker holding its partition, so that the rows stay where they are and only
        the state moves. The whole chain is submitted at once and its last state collected; when a call
        fails, the first failing call in order raises its error.
        """
        order = list(range(len(parts)) if order is None else order)
        if not order:
            return state
        data = self.client.scatter(list(parts), hash=False)
        holders = self.client.who_has(data)
        chain: list = []  # every step is held until the end, so that cancelling the chain cancels wanted tasks only
        try:
            for i in order:
                where = list(holders.get(data[i].key, ()))
                chain.append(self.client.submit(func, chain[-1] if chain else state, data[i], pure=False,
                                                workers=where or None, allow_other_workers=True))
            return chain[-1].result()
        finally:
            self.client.cancel(chain + data)

    def close(self) -> None:
        """Close the client and, when this engine started it, the local cluster and its workers (once)."""
        self._finalizer()

    def __repr__(self) -> str:
        where = "local cluster" if self.cluster is not None else "scheduler"
        return f"{type(self).__name__}({where} at {self.address}, {self.n_workers} worker(s))"


class ProcessEngine(Engine):
    """Runs a pass's partitions in worker processes of this machine, forked from this one; made by :func:`processes`.

    What ``corpus-essay run`` reads, cleans and tokenizes a corpus with when no cluster is asked for:
    the partitions are the ones a cluster would get (:meth:`split`), so the results are the in-memory
    ones. A pass whose documents weigh less than ``min_weight`` per partition gets fewer partitions,
    and a pass of one partition runs in this process (a small corpus pays for no worker). The workers
    are forked at the first pass that needs them; :meth:`imap` and :meth:`fold` run in this process.

    Parameters
    ----------
    n_workers : int, optional
        Worker processes; by default one per core this process may use.
    partitions_per_worker : int, default PARTITIONS_PER_WORKER (4)
    min_weight : float, default MIN_PARTITION_WEIGHT
        The least weight (characters of text, bytes of a file) worth a partition of its own.
    """

    name = "memory"

    def __init__(self, n_workers: int | None = None, partitions_per_worker: int = PARTITIONS_PER_WORKER,
                 min_weight: float = MIN_PARTITION_WEIGHT):
        self.workers = _cores() if n_workers is None else _positive_int(n_workers, "n_workers")
        self.partitions_per_worker = _positive_int(partitions_per_worker, "partitions_per_worker")
        self.min_weight = _positive_number(min_weight, "min_weight")
        super().__init__(partitions=self.workers * self.partitions_per_worker)
        self._pools: list = []  # the pool, once a pass needed it
        self._finalizer = weakref.finalize(self, _shut_down, self._pools)

    @property
    def n_workers(self) -> int:
        """How many processes run the partitions."""
        return self.workers

    def split(self, items: Sequence, weights: Iterable[float] | None = None) -> list:
        """:meth:`Engine.split`, into fewer partitions when each would weigh less than ``min_weight``.

        Examples
        --------
        >>> ProcessEngine(n_workers=2, min_weight=10).split(list("abcdef"), weights=[5] * 6)
        [['a', 'b'], ['c', 'd'], ['e', 'f']]
        """
        cost = [1.0] * len(items) if weights is None else [float(w) for w in weights]
        most = self.workers * self.partitions_per_worker
        self.partitions = max(1, min(most, int(sum(cost) // self.min_weight)))
        return super().split(items, cost)

    def map(self, func: Callable, parts: Sequence, *shared) -> list:
        """Run ``func(part, *shared)`` in the worker processes, one task per partition; results in order.

        ``func`` and the arguments travel to the workers by pickle. The results are collected in
        order, so the first failing partition in order raises its error; one partition runs here.
        """
        if len(parts) <= 1 or self.workers == 1:
            return super().map(func, parts, *shared)
        if not self._pools:
            context = multiprocessing.get_context("fork")  # the workers start from this process's modules
            self._pools.append(concurrent.futures.ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=follow_parent, initargs=(os.getpid(),)))
        with signals_deferred():  # a Ctrl-C as the workers start is acted on once they have
            futures = [self._pools[0].submit(func, part, *shared) for part in parts]
        try:
            return [future.result() for future in futures]
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        """Stop the worker processes, once the partitions they are working on are done (once)."""
        self._finalizer()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.workers} worker(s))"


def _shut_down(pools: list) -> None:
    """Shut the process pool down (if one was started): queued partitions are dropped, running ones awaited."""
    while pools:
        pools.pop().shutdown(wait=True, cancel_futures=True)


#: The signals that stop a run like Ctrl-C (those of SIGTERM and SIGHUP this platform has).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
#: The signals that stop a run, Ctrl-C's too: :func:`signals_deferred` holds them while workers start.
DEFERRED_SIGNALS = (signal.SIGINT, *STOP_SIGNALS)


class _Deferred:
    """A signal handler that notes the signal for later; it keeps the handler it stands in for."""

    def __init__(self, previous, caught: list):
        self.previous, self.caught = previous, caught

    def __call__(self, signum, frame) -> None:
        self.caught.append(signum)


@contextlib.contextmanager
def signals_deferred():
    """While inside, Ctrl-C, SIGTERM and SIGHUP wait; the first that came is acted on as the block ends.

    Worker processes are started inside, so that a signal never stops a pool halfway through its
    start: a pool whose processes are forked but whose manager thread is not yet running cannot be
    shut down (``cannot join thread before it is started``), and a process forked before it has set
    how it takes signals would act on Ctrl-C itself. This thread blocks the signals, so a process
    forked inside starts with them blocked (:func:`follow_parent` unblocks them once it has set its
    handlers), and this process notes any that reaches another of its threads. Outside the main
    thread, where handlers cannot be set, and where signals cannot be blocked, nothing is held.

    Examples
    --------
    >>> import signal
    >>> try:
    ...     with signals_deferred():
    ...         signal.raise_signal(signal.SIGINT)  # as Ctrl-C would
    ...         print("still running")
    ... except KeyboardInterrupt:
    ...     print("interrupted after the block")
    still running
    interrupted after the block
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    caught: list[int] = []
    # a handler not set from Python (None) cannot be set back: that signal is left as it is
    previous = {s: handler for s in DEFERRED_SIGNALS if (handler := signal.getsignal(s)) is not None}
    for s, handler in previous.items():
        signal.signal(s, _Deferred(handler, caught))
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, DEFERRED_SIGNALS)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # one held here is acted on now, by its own handler
        if caught:  # one that reached another thread meanwhile
            signal.raise_signal(caught[0])


def follow_parent(parent: int) -> None:
    """Start a worker process that ignores Ctrl-C (its parent handles it) and dies with its parent.

    On Linux the worker is killed when its parent dies, even by SIGKILL (``PR_SET_PDEATHSIG``), so
    no worker goes on working for a run that is gone. A worker forked inside :func:`signals_deferred`
    takes SIGTERM and SIGHUP as its parent did before the block, and unblocks them.

    Parameters
    ----------
    parent : int
        The parent's process id, as the parent saw it (if the parent died before the worker asked
        to follow it, the worker exits at once).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for s in STOP_SIGNALS:  # as the parent took them before signals_deferred
        handler = signal.getsignal(s)
        if isinstance(handler, _Deferred):
            signal.signal(s, handler.previous)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, DEFERRED_SIGNALS)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)


def _close(client, cluster) -> None:
    """Close a client and the local cluster it was made for (None when it connected to a running scheduler)."""
    try:
        client.close()
    finally:
        if cluster is not None:
            cluster.close()


def memory(partitions: int = 1) -> Engine:
    """The in-memory engine: every pass runs in this process (the same as ``engine=None``).

    Parameters
    ----------
    partitions : int, default 1
        One runs the passes as they always ran; more cuts them into partitions and merges them, as
        on a cluster, without one (the results are the same).

    Returns
    -------
    Engine
    """
    return Engine(partitions)


def processes(n_workers: int | None = None, *, min_weight: float = MIN_PARTITION_WEIGHT) -> ProcessEngine:
    """An engine of worker processes on this machine, forked from this one (see :class:`ProcessEngine`).

    Parameters
    ----------
    n_workers : int, optional
        By default one per core this process may use.
    min_weight : float, default MIN_PARTITION_WEIGHT

    Returns
    -------
    ProcessEngine
        A context manager: leaving it stops the workers.

    Examples
    --------
    >>> import pandas as pd
    >>> from corpus_utils import count
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "group": ["x", "y"], "text": ["Trust us.", "Fear."]})
    >>> with processes(n_workers=2, min_weight=1) as local:
    ...     count.index_tokens(corpus, engine=local).types.tolist()
    ['fear', 'trust', 'us']
    """
    return ProcessEngine(n_workers, min_weight=min_weight)


def dask(
    scheduler: str | None = None,
    n_workers: int | None = None,
    *,
    timeout: float = CONNECT_TIMEOUT,
    partitions_per_worker: int = PARTITIONS_PER_WORKER,
) -> DaskEngine:
    """An engine on a ``dask.distributed`` cluster: a running one, or a local one it starts.

    Parameters
    ----------
    scheduler : str, optional
        The address of a running Dask scheduler (``tcp://HOST:PORT``, as ``dask scheduler``
        prints it). Without it, a ``LocalCluster`` is started on this machine: worker processes
        with one thread each, on the loopback address only.
    n_workers : int, optional
        Workers of the local cluster; by default one per core this process may use. Only with no
        ``scheduler`` (a running cluster has its own workers).
    timeout : float, default CONNECT_TIMEOUT (5 s)
        Seconds to wait for the scheduler to answer.
    partitions_per_worker : int, default PARTITIONS_PER_WORKER (4)

    Returns
    -------
    DaskEngine
        A context manager: leaving it closes the client and the local cluster it started.

    Raises
    ------
    SchedulerError
        If the address is malformed, nothing answers at it within ``timeout`` seconds, what
        answers is not a Dask scheduler, or no worker joins it within ``timeout`` seconds.
    ParameterError
        If ``n_workers`` is given with a ``scheduler``, or is not a positive whole number.
    """
    from distributed import Client, LocalCluster

    timeout = _positive_number(timeout, "timeout")
    if scheduler is not None:
        if n_workers is not None:
            raise ParameterError(
                f"n_workers applies to a local cluster only (got n_workers={n_workers!r} with the scheduler {scheduler!r})",
                fix="Leave n_workers out when connecting to a running scheduler: its workers are the cluster's own",
            )
        address = _check_scheduler(scheduler, timeout)
        try:
            client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, asyncio.TimeoutError) as exc:  # it answered a moment ago: it went away since
            raise _unreachable(scheduler, timeout, exc) from None
        try:
            client.wait_for_workers(1, timeout=timeout)  # tasks would wait for ever on a cluster without workers
        except (OSError, asyncio.TimeoutError):
            client.close()
            raise SchedulerError(
                f"the scheduler answers, but no worker joined it within {timeout:g} s",
                str(scheduler),
                "Start workers for it (`dask worker ADDRESS` on each machine that should work), "
                "or leave the scheduler out to start a cluster on this machine",
            ) from None
        return DaskEngine(client, None, partitions_per_worker)
    n_workers = _cores() if n_workers is None else _positive_int(n_workers, "n_workers")
    # no dashboard; the scheduler's small HTTP server (health checks) on a free loopback port
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                           silence_logs=logging.ERROR)
    try:
        client = Client(cluster, set_as_default=False)
    except BaseException:
        cluster.close()
        raise
    return DaskEngine(client, cluster, partitions_per_worker)


def _cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ParameterError(f"{name} must be a whole number of at least 1 (got {value!r})")
    return int(value)


def _positive_number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
        raise ParameterError(f"{name} must be a positive number of seconds (got {value!r})")
    return float(value)


def _check_scheduler(scheduler, timeout: float) -> str:
    """The scheduler's address once a Dask scheduler has answered at it; else a SchedulerError.

    The question is asked from a thread of its own, so that it works in a notebook (whose event
    loop is already running) as in a script, and it gives up after ``timeout`` seconds.
    """
    from distributed.comm import parse_address

    shown = str(scheduler)
    if not isinstance(scheduler, str) or not scheduler.strip():
        raise _malformed(shown, "it is empty" if isinstance(scheduler, str) else f"got {type(scheduler).__name__}")
    address = scheduler.strip()
    try:
        parse_address(address)
        host_port = address.split("://", 1)[-1]
        if ":" not in host_port or not host_port.rsplit(":", 1)[1].isdigit():
            raise ValueError(f"no port number in {host_port!r}")
    except ValueError as exc:
        raise _malformed(shown, str(exc)) from None
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        try:
            kind = pool.submit(asyncio.run, _identify(address, timeout)).result()
        except ValueError as exc:
            raise _malformed(shown, str(exc)) from None
        except (OSError, asyncio.TimeoutError) as exc:
            raise _unreachable(shown, timeout, exc) from None
    if kind != "Scheduler":
        raise SchedulerError(
            f"a Dask {kind or 'service'} answers at this address, not a scheduler",
            shown,
            f"Give the scheduler's address ({_ADDRESS_FORMAT}, as `dask scheduler` prints it), not a worker's",
        )
    return address


async def _identify(address: str, timeout: float) -> str:
    """What answers at ``address``: ``"Scheduler"``, ``"Worker"``, ... (asks its ``identity``)."""
    from distributed.core import rpc

    async def ask() -> str:
        async with rpc(address, timeout=timeout) as remote:
            return str((await remote.identity()).get("type", ""))

    return await asyncio.wait_for(ask(), timeout)


def _malformed(shown: str, why: str) -> SchedulerError:
    return SchedulerError(
        f"is not a scheduler address ({why})",
        shown,
        f"Give the address as {_ADDRESS_FORMAT} (as `dask scheduler` prints it), "
        "or leave the scheduler out to start a cluster on this machine",
    )


def _unreachable(shown: str, timeout: float, exc: BaseException) -> SchedulerError:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return SchedulerError(
        f"no Dask scheduler answered within {timeout:g} s ({detail})",
        shown,
        "Check that the scheduler is running and that this machine can reach its host and port, "
        "or leave the scheduler out to start a cluster on this machine",
    )
