"""Benchmark: wall time and peak memory of every stage of the essay, on corpora of growing size.

    .venv/bin/python benchmarks/run.py [--corpora seed,rt2,rt3,synthetic100k] [--skip-essay]
                                       [--repeat N] [--bench-data PATH] [--timeout SECONDS]

Every (corpus, stage) runs in a fresh child process (this script with ``--stage``), so the
peak memory reported is that stage's own process; ``--repeat N`` runs it N times and keeps
the fastest time and the largest peak. The whole essay is compared with its papermill floor,
measured in the same run by the same command with the same number of parallel chapters: one
notebook per chapter that stops once the corpus is read (its ``parameters`` cell and its code up to
its ``load_corpus`` statement). The table is
printed and written to ``benchmarks/results/benchmarks.csv`` (git-ignored). See
benchmarks/README.md for the columns.

Nothing here downloads anything: the movie-review corpus is read from
``<repo>/../shared/bench/rotten_tomatoes_corpus_full.csv.bz2`` (or ``--bench-data``); when it
is missing, only the seed corpus is measured.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
DEFAULT_BENCH = REPO.parent / "shared" / "bench" / "rotten_tomatoes_corpus_full.csv.bz2"
PYTHON = sys.executable
ESSAY = Path(sys.executable).with_name("corpus-essay")

ALL_CORPORA = ("seed", "rt2", "rt3", "synthetic100k", "short250k", "short1m")
STAGES = ("load", "clean", "count", "vocabulary", "framing", "themes", "clustering", "design")
#: The whole essay, and its papermill floor (the same command on import-only chapters); with both
#: asked for, their runs alternate (essay, floor, essay, floor, ...).
ESSAY_STAGES = ("essay", "essay-floor")
#: Stages run only when asked for (--stages): the whole essay with --engine dask (a local cluster of this
#: machine's cores), to compare with the in-memory engine's ``essay``.
EXTRA_STAGES = ("essay-dask",)
SYNTHETIC_DOCS = 100_000
#: The corpora of short documents (one to three review sentences each) and their sizes.
SHORT_CORPORA = {"short250k": 250_000, "short1m": 1_000_000}
SEED = 20240607
COLUMNS = [
    "corpus", "documents", "stage", "seconds", "peak_mib", "floor_seconds", "ratio",
    "cpu_seconds", "floor_cpu_seconds", "cpu_ratio", "input_mib", "max_process_mib", "status", "detail",
]


def _mib(kib: float) -> float:
    return kib / 1024.0


# ------------------------------------------------------------------------------------------
# child side: one stage in this process


def _peak_mib() -> float:
    return _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


_CPU = {}


def _start() -> float:
    """Start the stage's clock: wall time returned, CPU time of this process remembered."""
    _CPU["start"] = time.process_time()
    return time.perf_counter()


def _stop(start: float) -> float:
    """Wall seconds since :func:`_start`; the CPU seconds are kept for the report."""
    _CPU.setdefault("cpu_seconds", time.process_time() - _CPU["start"])
    return time.perf_counter() - start


def _load(path: str, label_column: str, clean: bool = True):
    import corpus_utils as cu

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate-text warnings on resampled corpora
        return cu.load_corpus(path, label_column=label_column, clean=clean)


def _stage_load(path, label_column):
    t = _start()
    data = _load(path, label_column, clean=False)
    return _stop(t), {"documents": len(data)}


def _stage_clean(path, label_column):
    t, c = time.perf_counter(), time.process_time()
    _load(path, label_column, clean=False)
    raw, raw_cpu = time.perf_counter() - t, time.process_time() - c
    t = _start()
    data = _load(path, label_column, clean=True)
    full = _stop(t)
    _CPU["cpu_seconds"] = max(_CPU["cpu_seconds"] - raw_cpu, 0.0)
    return max(full - raw, 0.0), {"load_clean_false_s": raw, "load_clean_true_s": full, "documents": len(data)}


def _stage_count(path, label_column):
    import corpus_utils as cu
    from sklearn.feature_extraction.text import TfidfVectorizer

    data = _load(path, label_column)
    info = {"input_mib": _peak_mib()}
    t = _start()
    tokens = cu.index_tokens(data)
    t_index = time.perf_counter() - t
    dtm = cu.count_terms(tokens, ngram_range=(1, 2), min_df=1, stop_words="default")
    seconds = _stop(t)
    info.update(peak_mib=_peak_mib(), index_tokens_s=t_index, count_terms_s=seconds - t_index,
                n_tokens=int(tokens.n_tokens), n_terms=int(dtm.shape[1]), documents=len(data))
    del tokens, dtm
    texts = data["text"].tolist()
    t, c = time.perf_counter(), time.process_time()
    floor = TfidfVectorizer().fit_transform(texts)
    info["floor_seconds"] = time.perf_counter() - t
    info["floor_cpu_seconds"] = time.process_time() - c
    info["floor_terms"] = int(floor.shape[1])
    return seconds, info


def _time_chapter(result) -> tuple[float, dict]:
    """Compute every table of a chapter result in the chapter's order, timing each (``<table>_s``)."""
    info = {"documents": len(result.corpus)}
    start = _start()
    for name in result.TABLES:
        t = time.perf_counter()
        getattr(result, name)
        info[f"{name}_s"] = time.perf_counter() - t
    return _stop(start), info


def _stage_vocabulary(path, label_column):
    """Chapter 02's computation, all of it (``chapters.vocabulary``)."""
    import corpus_utils as cu

    data = _load(path, label_column)
    input_mib = _peak_mib()
    seconds, info = _time_chapter(cu.chapters.vocabulary(data))
    return seconds, {"input_mib": input_mib, **info}


def _stage_framing(path, label_column):
    """Chapter 03's computation, all of it (``chapters.framing``)."""
    import corpus_utils as cu

    data = _load(path, label_column)
    input_mib = _peak_mib()
    seconds, info = _time_chapter(cu.chapters.framing(data))
    return seconds, {"input_mib": input_mib, **info}


def _stage_themes(path, label_column):
    """Chapter 03's theme step on its own: choosing the number of themes, the fit, the shares, the comparison and
    the typical sentences (the token index is built before the clock starts)."""
    import corpus_utils as cu
    from corpus_utils import themes

    data = _load(path, label_column)
    tokens = cu.index_tokens(data)
    info = {"input_mib": _peak_mib(), "documents": len(data)}
    start = _start()
    t = time.perf_counter()
    model = themes.fit_themes(tokens, seed=0)
    info["fit_s"] = time.perf_counter() - t
    t = time.perf_counter()
    table, shares = themes.theme_table(model), themes.theme_shares(model)
    compared = themes.compare_themes(shares, n_resamples=200, seed=0)
    info["compare_s"] = time.perf_counter() - t
    t = time.perf_counter()
    themes.typical_sentences(model, tokens, n=2, per_group=True)
    info["sentences_s"] = time.perf_counter() - t
    seconds = _stop(start)
    info.update(n_themes=model.n_themes, n_terms=int(model.settings["n_terms"]), choice_docs=int(
        model.choice.attrs["n_docs_used"]) if model.choice is not None else len(data), n_compared=len(compared),
        n_listed=len(table))
    return seconds, info


def _stage_clustering(path, label_column):
    """Chapter 04's computation, all of it (``chapters.clustering``)."""
    import corpus_utils as cu

    data = _load(path, label_column)
    input_mib = _peak_mib()
    seconds, info = _time_chapter(cu.chapters.clustering(data))
    return seconds, {"input_mib": input_mib, **info}


def _stage_design(path, label_column):
    """Chapter 05's simulation of the next study, from the chapters' own results (which are not timed)."""
    import corpus_utils as cu
    from corpus_utils import design

    data = _load(path, label_column)
    vocab, framing = cu.chapters.vocabulary(data), cu.chapters.framing(data)
    evidence = cu.synthesis.evidence(vocab.stable, vocab.perm, framing.separation)
    main = design.main_features(evidence)
    info = {"input_mib": _peak_mib(), "documents": len(data)}
    vocab.dtm, framing.rates  # the pilot's tables come from the chapters, which are not timed
    start = _start()
    design.power(vocab.dtm, framing.rates, main, vocab.groups)
    info["n_features"] = len(main)
    return _stop(start), info


def _tree_memory_mib(root: int) -> tuple[float, float]:
    """Memory of ``root`` and all its descendants now (read from /proc): the sum of their resident sets, and the
    sum of their proportional sets (PSS: a page shared by n of them, such as the pages a forked worker inherits
    or the memory-mapped token index every kernel reads, counts 1/n in each, so the sum counts it once)."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
            fields = stat[stat.rindex(")") + 2:].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, proportional, todo, seen = 0, 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        proportional += _pss(pid, rss.get(pid, 0))
        todo.extend(p for p, pp in parents.items() if pp == pid)
    return total / 2**20, proportional / 2**20


def _pss(pid: int, fallback: int) -> int:
    """The proportional set size of a process in bytes (``/proc/PID/smaps_rollup``); its resident set if unreadable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return fallback


def _chapters_folder() -> Path:
    """The chapters the essay runs: ``--essay-notebooks``, or the project's ``notebooks/``."""
    return Path(os.environ.get("CORPUS_BENCH_NOTEBOOKS") or REPO / "notebooks")


def _floor_source(cells: list[str]) -> str:
    """The chapter's code up to and including its ``load_corpus`` statement: its imports and the corpus read back.

    ``cells`` are the code cells after the ``parameters`` cell, in order. Magic lines (``%matplotlib
    inline``) are kept as they are; the statements are found with :mod:`ast`.
    """
    import ast

    lines = "\n".join(cells).splitlines()
    parsable = "\n".join("pass" if line.lstrip().startswith("%") else line for line in lines)
    for node in ast.parse(parsable).body:
        calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
        if any(getattr(n.func, "attr", getattr(n.func, "id", None)) == "load_corpus" for n in calls):
            return "\n".join(lines[: node.end_lineno])
    raise RuntimeError("no load_corpus statement after the parameters cell")


def _write_floor_notebooks(chapters: Path, folder: Path) -> int:
    """Write, for each chapter, a notebook of its ``parameters`` cell and its code up to reading the corpus.

    The floor is what every chapter pays before it computes anything: its kernel starting, the package
    imported and the corpus read back (from the run's shared results). Code after the chapter's
    ``load_corpus`` statement is left out, also within the same cell (chapter 05's first code cell
    computes its whole synthesis). Returns the number of notebooks written.
    """
    import nbformat

    from corpus_utils.run import find_chapters

    chapter_paths = find_chapters(chapters)
    for chapter in chapter_paths:
        nb = nbformat.read(str(chapter), as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        first = next((i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])), None)
        if first is None or first + 1 >= len(code) or "import corpus_utils" not in code[first + 1].source:
            raise RuntimeError(f"{chapter.name}: no parameters cell followed by an imports cell (import corpus_utils)")
        try:
            source = _floor_source([c.source for c in code[first + 1:]])
        except (RuntimeError, SyntaxError) as exc:
            raise RuntimeError(f"{chapter.name}: {exc}") from None
        floor = nbformat.v4.new_notebook(cells=[code[first], nbformat.v4.new_code_cell(source)], metadata=nb.metadata)
        nbformat.write(floor, str(folder / chapter.name))
    return len(chapter_paths)


def _stage_essay_floor(path, label_column):
    """The papermill floor: the essay's command on copies of its chapters that stop once the corpus is read."""
    folder = Path(tempfile.mkdtemp(prefix="corpus-bench-floor-"))
    try:
        n = _write_floor_notebooks(_chapters_folder(), folder)
        seconds, info = _stage_essay(path, label_column, notebooks=folder, log_name="essay-floor")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    info["chapters"] = n
    return seconds, info


def _stage_essay_dask(path, label_column):
    """The whole essay with ``--engine dask``: its corpus-wide passes and the chapters' relabeling products on a
    local cluster started by the command (one worker per core); the workers' memory is in the peak."""
    return _stage_essay(path, label_column, log_name="essay-dask", options=("--engine", "dask"))


def _stage_essay(path, label_column, notebooks: Path | None = None, log_name: str = "essay", options: tuple = ()):
    scratch = tempfile.mkdtemp(prefix="corpus-bench-essay-")
    out = str(Path(scratch) / "report")  # a new folder: run refuses to replace one it did not write
    # with its chapter lines (each chapter's seconds, and its stage past ten seconds), kept in the stderr log below
    cmd = [str(ESSAY), "run", path, "--out", out, "--label-column", label_column, *options]
    if notebooks is None and os.environ.get("CORPUS_BENCH_NOTEBOOKS"):
        notebooks = Path(os.environ["CORPUS_BENCH_NOTEBOOKS"])
    if notebooks is not None:
        cmd += ["--notebooks", str(notebooks)]
    env = dict(os.environ, MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1", JUPYTER_PLATFORM_DIRS="1")
    peak = [0.0, 0.0]  # the largest sums over the process tree: proportional sets, resident sets
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    done = threading.Event()

    def sample():
        while not done.is_set():
            resident, proportional = _tree_memory_mib(proc.pid)
            peak[0], peak[1] = max(peak[0], proportional), max(peak[1], resident)
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - t
    done.set()
    sampler.join()
    shutil.rmtree(scratch, ignore_errors=True)
    log = RESULTS / f"{log_name}-{Path(path).stem}.stderr.txt"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(stderr, encoding="utf-8")  # the kernels' warnings and any traceback, for diagnosis
    _CPU["essay_peak_mib"] = peak[0]
    info = {
        "peak_mib": peak[0],
        "peak_rss_sum_mib": peak[1],
        "max_process_mib": _mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
        "cpu_seconds": resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime,
        "exit_status": proc.returncode,
    }
    if proc.returncode != 0:
        _CPU["failed_after_s"] = seconds
        lines = [line for line in stderr.splitlines() if line.strip()]
        raise RuntimeError(f"corpus-essay exited {proc.returncode}: {lines[-1] if lines else stdout.strip()[-300:]}")
    return seconds, info


STAGE_FUNCTIONS = {
    "load": _stage_load,
    "clean": _stage_clean,
    "count": _stage_count,
    "vocabulary": _stage_vocabulary,
    "framing": _stage_framing,
    "themes": _stage_themes,
    "clustering": _stage_clustering,
    "design": _stage_design,
    "essay": _stage_essay,
    "essay-floor": _stage_essay_floor,
    "essay-dask": _stage_essay_dask,
}


def run_stage(stage: str, path: str, label_column: str, result: str) -> int:
    """Child entry point: run one stage and write its measurements as JSON."""
    record = {"stage": stage}
    if not stage.startswith("essay"):  # import outside the timed region; its cost is reported on its own
        t = time.perf_counter()
        import corpus_utils  # noqa: F401
        from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: F401

        record["import_s"] = time.perf_counter() - t
        record["import_mib"] = _peak_mib()
    try:
        seconds, info = STAGE_FUNCTIONS[stage](path, label_column)
        record.update(info)
        record["seconds"] = seconds
        if "cpu_seconds" in _CPU:
            record["cpu_seconds"] = _CPU["cpu_seconds"]
        record.setdefault("peak_mib", _peak_mib())
        record["status"] = "ok"
    except Exception as exc:  # report, never hide: the parent prints it in the table
        record["status"] = f"error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
        record["peak_mib"] = _CPU.get("essay_peak_mib", _peak_mib())
        if "failed_after_s" in _CPU:
            record["failed_after_s"] = _CPU["failed_after_s"]
    Path(result).write_text(json.dumps(record))
    return 0


# ------------------------------------------------------------------------------------------
# parent side: build corpora, run children, print the table


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def build_corpora(bench: Path, wanted: list[str], folder: Path) -> dict[str, tuple[str, str, int]]:
    """Write the benchmark corpora as CSV tables; return {name: (path, label_column, documents)}."""
    import numpy as np
    import pandas as pd

    corpora = {}
    if "seed" in wanted:
        corpora["seed"] = (str(REPO / "data" / "seed"), "stance", 5)
    need_rt = [c for c in wanted if c != "seed"]
    if not need_rt:
        return corpora
    if not bench.is_file():
        print(f"note: benchmark data not found at {bench}; measuring the seed corpus only "
              "(pass --bench-data PATH to point at rotten_tomatoes_corpus_full.csv.bz2)")
        return corpora
    raw = pd.read_csv(bench, dtype=str, keep_default_na=False)
    raw["doc_id"] = [f"rt-{i + 1:05d}" for i in range(len(raw))]
    empty = raw["text"].str.strip() == ""
    print(f"note: {bench.name}: {len(raw):,} rows; dropped {int(empty.sum()):,} with empty text")
    table = raw.loc[~empty, ["doc_id", "category", "text"]].reset_index(drop=True)
    reviews = table[table["category"].isin(["fresh", "rotten"])].reset_index(drop=True)
    if "rt2" in wanted:
        path = folder / "rt2.csv"
        reviews.to_csv(path, index=False)
        corpora["rt2"] = (str(path), "category", len(reviews))
    if "rt3" in wanted:
        path = folder / "rt3.csv"
        table.to_csv(path, index=False)
        corpora["rt3"] = (str(path), "category", len(table))
    if "synthetic100k" in wanted:
        rng = np.random.default_rng(SEED)
        split = [[s for s in _SENTENCE_END.split(t.strip()) if s] for t in table["text"]]
        lengths = np.array([len(s) for s in split])
        sentences = np.array([s for doc in split for s in doc], dtype=object)
        n_sent = rng.choice(lengths, size=SYNTHETIC_DOCS, replace=True)
        picks = rng.integers(0, len(sentences), size=int(n_sent.sum()))
        bounds = np.concatenate([[0], np.cumsum(n_sent)])
        texts = [" ".join(sentences[picks[a:b]]) for a, b in zip(bounds[:-1], bounds[1:])]
        shares = reviews["category"].value_counts(normalize=True).sort_index()
        labels = rng.choice(shares.index.to_numpy(), size=SYNTHETIC_DOCS, p=shares.to_numpy())
        width = len(str(SYNTHETIC_DOCS))
        synthetic = pd.DataFrame({"doc_id": [f"syn-{i + 1:0{width}d}" for i in range(SYNTHETIC_DOCS)],
                                  "category": labels, "text": texts})
        path = folder / "synthetic100k.csv"
        synthetic.to_csv(path, index=False)
        print(f"note: synthetic100k: {SYNTHETIC_DOCS:,} documents resampled from {len(sentences):,} sentences of the "
              f"{len(table):,} texts (seed {SEED}); labels drawn with the fresh/rotten shares "
              + ", ".join(f"{k} {v:.3f}" for k, v in shares.items()))
        corpora["synthetic100k"] = (str(path), "category", SYNTHETIC_DOCS)
    for name, n_docs in SHORT_CORPORA.items():
        if name in wanted:
            corpora[name] = _short_documents(table, reviews, n_docs, folder / f"{name}.csv", name)
    return corpora


def _short_documents(table, reviews, n_docs: int, path: Path, name: str) -> tuple[str, str, int]:
    """Short documents: each of one to three sentences (equally likely) drawn from the review texts, seeded; labels
    drawn with the reviews' fresh/rotten shares. Written as a CSV table in chunks (no list of a million strings)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(SEED + n_docs)
    sentences = np.array([s for t in table["text"] for s in _SENTENCE_END.split(t.strip()) if s], dtype=object)
    shares = reviews["category"].value_counts(normalize=True).sort_index()
    width = len(str(n_docs))
    chunk = 100_000
    for start in range(0, n_docs, chunk):
        n = min(chunk, n_docs - start)
        n_sent = rng.integers(1, 4, size=n)
        picks = rng.integers(0, len(sentences), size=int(n_sent.sum()))
        bounds = np.concatenate([[0], np.cumsum(n_sent)])
        part = pd.DataFrame({
            "doc_id": [f"short-{i + 1:0{width}d}" for i in range(start, start + n)],
            "category": rng.choice(shares.index.to_numpy(), size=n, p=shares.to_numpy()),
            "text": [" ".join(sentences[picks[a:b]]) for a, b in zip(bounds[:-1], bounds[1:])],
        })
        part.to_csv(path, index=False, mode="w" if start == 0 else "a", header=start == 0)
    print(f"note: {name}: {n_docs:,} documents of one to three sentences drawn from {len(sentences):,} sentences of "
          f"the {len(table):,} texts (seed {SEED + n_docs})")
    return str(path), "category", n_docs


def _measure(stage: str, path: str, label_column: str, timeout: float) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        result = fh.name
    cmd = [PYTHON, str(Path(__file__).resolve()), "--stage", stage, "--corpus-path", path,
           "--label-column", label_column, "--result", result]
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO)
        text = Path(result).read_text() if Path(result).stat().st_size else ""
        if not text:
            lines = [line for line in proc.stderr.splitlines() if line.strip()]
            return {"status": f"child failed ({proc.returncode}): {lines[-1] if lines else ''}"[:300]}
        return json.loads(text)
    except subprocess.TimeoutExpired:
        return {"status": f"timeout after {timeout:.0f} s"}
    finally:
        Path(result).unlink(missing_ok=True)


def _fmt(value, digits=2) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def print_table(rows: list[dict]) -> None:
    head = ["corpus", "documents", "stage", "seconds", "peak MiB", "floor s", "ratio", "cpu s", "cpu ratio", "status"]
    keys = ["corpus", "documents", "stage", "seconds", "peak_mib", "floor_seconds", "ratio", "cpu_seconds", "cpu_ratio",
            "status"]
    cells = [[_fmt(r.get(k), 1 if k == "peak_mib" else 2)[:70] for k in keys] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(head)]
    right = {1, 3, 4, 5, 6, 7, 8}
    line = lambda vals: "  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(vals, widths)))
    print(line(head))
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print(line(c))


def write_csv(rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=",".join(ALL_CORPORA),
                        help=f"comma-separated, from {', '.join(ALL_CORPORA)} (default: all available)")
    parser.add_argument("--stages", default=",".join(STAGES + ESSAY_STAGES), help="comma-separated stages (default: all)")
    parser.add_argument("--skip-essay", action="store_true", help="do not run the whole essay (nor its papermill floor)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per stage; the fastest time is kept (default 1)")
    parser.add_argument("--bench-data", type=Path, default=DEFAULT_BENCH, help="the movie-review corpus (.csv.bz2)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds before a stage is stopped (default 1800)")
    parser.add_argument("--essay-notebooks", type=Path,
                        help="run the essay on the chapters in this folder instead of notebooks/ (diagnosis)")
    parser.add_argument("--out", type=Path, default=RESULTS / "benchmarks.csv", help="CSV to write")
    parser.add_argument("--stage", choices=sorted(STAGE_FUNCTIONS), help=argparse.SUPPRESS)
    parser.add_argument("--corpus-path", help=argparse.SUPPRESS)
    parser.add_argument("--label-column", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.stage:
        return run_stage(args.stage, args.corpus_path, args.label_column, args.result)

    if args.essay_notebooks:
        os.environ["CORPUS_BENCH_NOTEBOOKS"] = str(args.essay_notebooks.resolve())
    wanted = [c.strip() for c in args.corpora.split(",") if c.strip()]
    unknown = sorted(set(wanted) - set(ALL_CORPORA))
    if unknown:
        parser.error(f"unknown corpora {', '.join(unknown)} (choose from {', '.join(ALL_CORPORA)})")
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    if args.skip_essay:
        stages = [s for s in stages if s not in ESSAY_STAGES]
    unknown = sorted(set(stages) - set(STAGE_FUNCTIONS))
    if unknown:
        parser.error(f"unknown stages {', '.join(unknown)} (choose from {', '.join(STAGES + ESSAY_STAGES + EXTRA_STAGES)})")
    print(f"note: {os.cpu_count()} cores; each stage in a fresh process; best of {args.repeat} run(s)", flush=True)

    rows: list[dict] = []
    folder = Path(tempfile.mkdtemp(prefix="corpus-bench-"))
    try:
        corpora = build_corpora(args.bench_data, wanted, folder)
        for name in [c for c in ALL_CORPORA if c in corpora]:
            path, label_column, n_docs = corpora[name]
            by_stage, paired = {}, {}
            for stage in stages:
                if stage in ESSAY_STAGES and not paired and all(s in stages for s in ESSAY_STAGES):
                    for _ in range(max(1, args.repeat)):  # essay and floor take turns: both meet the same load
                        for s in ESSAY_STAGES:
                            paired.setdefault(s, []).append(_measure(s, path, label_column, args.timeout))
                runs = paired.get(stage) or [_measure(stage, path, label_column, args.timeout)
                                             for _ in range(max(1, args.repeat))]
                good = [r for r in runs if r.get("status") == "ok"]
                best = min(good, key=lambda r: r["seconds"]) if good else runs[-1]
                row = {"corpus": name, "documents": best.get("documents", n_docs), "stage": stage,
                       "seconds": best.get("seconds"), "peak_mib": max((r.get("peak_mib") or 0.0) for r in runs),
                       "floor_seconds": best.get("floor_seconds"), "input_mib": best.get("input_mib"),
                       "max_process_mib": best.get("max_process_mib"), "status": best.get("status", "?"),
                       "cpu_seconds": best.get("cpu_seconds"), "floor_cpu_seconds": best.get("floor_cpu_seconds")}
                skip = {"stage", "status", "seconds", "peak_mib", "floor_seconds", "input_mib", "max_process_mib", "documents",
                        "cpu_seconds", "floor_cpu_seconds"}
                row["detail"] = "; ".join(
                    f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in best.items() if k not in skip
                )
                if stage == "count" and row["seconds"] and row["floor_seconds"]:
                    row["ratio"] = row["seconds"] / row["floor_seconds"]
                    if row["cpu_seconds"] is not None and row["floor_cpu_seconds"]:
                        row["cpu_ratio"] = row["cpu_seconds"] / row["floor_cpu_seconds"]
                by_stage[stage] = row
                rows.append(row)
                print(f"  {name:14s} {stage:11s} {_fmt(row['seconds'])} s  {_fmt(row['peak_mib'], 1)} MiB  "
                      f"{row['status']}", flush=True)
                write_csv(rows, args.out)
            essay, floor_row = by_stage.get("essay"), by_stage.get("essay-floor")
            if essay and floor_row and essay["status"] == "ok" and floor_row["status"] == "ok":
                essay["floor_seconds"], essay["floor_cpu_seconds"] = floor_row["seconds"], floor_row["cpu_seconds"]
                essay["ratio"] = essay["seconds"] / floor_row["seconds"]
                if essay["cpu_seconds"] is not None and floor_row["cpu_seconds"]:
                    essay["cpu_ratio"] = essay["cpu_seconds"] / floor_row["cpu_seconds"]
                print(f"  {name:14s} essay / papermill floor: {essay['ratio']:.2f} (target for the seed corpus: 1.25 or less)", flush=True)
                write_csv(rows, args.out)
            if all(s in by_stage and by_stage[s].get("seconds") is not None for s in ("load", "clean", "count")):
                floor = by_stage["count"].get("floor_seconds")
                total = sum(by_stage[s]["seconds"] for s in ("load", "clean", "count"))
                cpu = [by_stage[s].get("cpu_seconds") for s in ("load", "clean", "count")]
                floor_cpu = by_stage["count"].get("floor_cpu_seconds")
                cpu_total = sum(cpu) if None not in cpu else None
                rows.append({"corpus": name, "documents": by_stage["count"]["documents"], "stage": "load+clean+count",
                             "cpu_seconds": cpu_total, "floor_cpu_seconds": floor_cpu,
                             "cpu_ratio": cpu_total / floor_cpu if cpu_total is not None and floor_cpu else None,
                             "seconds": total, "peak_mib": max(by_stage[s]["peak_mib"] for s in ("load", "clean", "count")),
                             "floor_seconds": floor, "ratio": total / floor if floor else None, "status": "ok",
                             "detail": "sum of the three stages; ratio to the TfidfVectorizer floor"})
                write_csv(rows, args.out)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    print_table(rows)
    try:
        shown = args.out.resolve().relative_to(REPO)
    except ValueError:
        shown = args.out
    print(f"\nwritten to {shown}")
    return 0 if all(r.get("status") == "ok" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
