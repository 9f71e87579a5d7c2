"""Check the design's power against what happens: pilots drawn from a large corpus, fresh studies from all of it.

    .venv/bin/python benchmarks/power_check.py CORPUS [--label-column C] [--groups A B]
        [--pilots 20] [--pilot-size 5] [--sizes 10 20] [--fresh 100] [--seed S]

For each of ``--pilots`` pilots, ``--pilot-size`` documents of each of the two groups are drawn
(seeded) from the corpus and run through the chapters as the essay runs them: the vocabulary and
framing chapters' results, the synthesis's evidence, the design's main features
(:func:`corpus_utils.design.main_features`) and their predicted power with its interval
(:func:`corpus_utils.design.power`) at each of ``--sizes`` documents per group. Then, for each size,
``--fresh`` fresh studies of that many documents per group are drawn from the whole corpus and
tested with the essay's own rule (the max-T adjusted permutation test of
:func:`corpus_utils.keyness.permutation_test` and the dispersion filter for a word, of
:func:`corpus_utils.frame.separation` for a frame, the same sign as in the pilot): the share of
fresh studies that detect a feature is its realised power.

The table compares predicted and realised power per pilot, feature and size; the last line is
one JSON object: ``mean_signed_error`` (predicted - realised, averaged over every pilot, feature
and size), ``coverage`` (the share whose realised power lies inside the predicted interval),
``n_features`` (pilot-feature pairs), the same per size, and the settings. A benchmark, not a
test: it takes a few minutes on the 12,808-review corpus.

CORPUS is anything :func:`corpus_utils.load_corpus` reads, or a ``.csv.bz2`` table (read with
pandas; rows with empty text are dropped and counted, as ``benchmarks/run.py`` does).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import corpus_utils as cu


def _load(path: str, label_column: str, text_column: str) -> pd.DataFrame:
    """The corpus; a ``.csv.bz2`` table is read with pandas, its rows with empty text dropped (and counted)."""
    source = Path(path)
    if not source.name.endswith(".csv.bz2"):
        return cu.load_corpus(source, label_column=label_column, text_column=text_column)
    raw = pd.read_csv(source, dtype=str, keep_default_na=False)
    empty = raw[text_column].str.strip() == ""
    print(f"note: {source.name}: {len(raw):,} rows; dropped {int(empty.sum()):,} with empty text")
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / source.name[: -len(".bz2")]
        raw[~empty].to_csv(plain, index=False)
        return cu.load_corpus(plain, label_column=label_column, text_column=text_column)


def _sample(corpus: pd.DataFrame, groups: list[str], n: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` documents of each group, drawn without replacement, in corpus order."""
    picks = [rng.choice(np.flatnonzero(corpus["group"].to_numpy() == g), n, replace=False) for g in groups]
    return corpus.iloc[np.sort(np.concatenate(picks))].reset_index(drop=True)


def _pilot(corpus, groups, args, index: int) -> pd.DataFrame:
    """The design's features and predicted power for one pilot."""
    rng = np.random.default_rng(np.random.SeedSequence(args.seed, spawn_key=(index, 0)))
    pilot = _sample(corpus, groups, args.pilot_size, rng)
    vocab = cu.chapters.vocabulary(pilot, groups, seed=args.seed)
    framing = cu.chapters.framing(pilot, groups, seed=args.seed)
    evidence = _evidence(vocab, framing)
    features = cu.design.main_features(evidence)
    power = cu.design.power(vocab.dtm, framing.rates, features, groups, sizes=args.sizes, seed=args.seed)
    return power.assign(pilot=index)


def _evidence(vocab, framing) -> pd.DataFrame:
    """The synthesis's evidence table, with the framing chapter's coverage when the synthesis takes it."""
    try:
        return cu.synthesis.evidence(vocab.stable, vocab.perm, framing.separation, None, coverage=framing.coverage)
    except TypeError:  # a synthesis that does not read coverage yet
        return cu.synthesis.evidence(vocab.stable, vocab.perm, framing.separation, None)


def _realised(corpus, groups, features: pd.DataFrame, n: int, args) -> pd.DataFrame:
    """The share of fresh studies of ``n`` per group that detect each (kind, feature, group)."""
    wanted = features.drop_duplicates(["kind", "feature", "group"])
    terms = wanted.loc[wanted["kind"] == "term", "feature"].unique().tolist()
    frames = wanted.loc[wanted["kind"] == "frame", "feature"].unique().tolist()
    hits = pd.Series(0, index=pd.MultiIndex.from_frame(wanted[["kind", "feature", "group"]]), dtype=np.int64)
    floor = 2  # the vocabulary chapter's dispersion filter (min_docs None)
    for study in range(args.fresh):
        rng = np.random.default_rng(np.random.SeedSequence(args.seed, spawn_key=(n, 1, study)))
        sample = _sample(corpus, groups, n, rng)
        if terms:
            dtm = cu.count_terms(sample)
            vocabulary = set(dtm.terms.tolist())
            present = [t for t in terms if t in vocabulary]
            if present:
                test = cu.keyness.permutation_test(dtm, present, "log_odds", groups=groups,
                                                   seed=args.seed + study)
                in_a = np.asarray(dtm.labels) == groups[0]
                cols = [dtm.column(t) for t in present]
                used = (dtm.counts[:, cols] > 0).toarray()
                docs = {groups[0]: used[in_a].sum(axis=0), groups[1]: used[~in_a].sum(axis=0)}
                for j, row in enumerate(test.itertuples(index=False)):
                    lean = groups[0] if row.score > 0 else groups[1]
                    if row.p_adjusted <= args.alpha and docs[lean][j] >= min(floor, n) and ("term", row.term, lean) in hits.index:
                        hits[("term", row.term, lean)] += 1
        if frames:
            separation = cu.chapters.framing(sample, groups, seed=args.seed + study).separation
            for row in separation[separation["frame"].isin(frames)].itertuples(index=False):
                lean = row.group_a if row.diff > 0 else row.group_b
                if row.diff != 0 and row.p_adjusted <= args.alpha and ("frame", row.frame, lean) in hits.index:
                    hits[("frame", row.frame, lean)] += 1
    return (hits / args.fresh).rename("realised").reset_index()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--label-column", default="label")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--groups", nargs=2, default=None, metavar=("A", "B"))
    parser.add_argument("--pilots", type=int, default=20)
    parser.add_argument("--pilot-size", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20])
    parser.add_argument("--fresh", type=int, default=100, help="fresh studies per size (default 100)")
    parser.add_argument("--alpha", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    corpus = _load(args.corpus, args.label_column, args.text_column)
    groups = args.groups or sorted(corpus["group"].unique().tolist())
    if len(groups) != 2:
        parser.error(f"the check compares two groups; pass --groups A B (labels: {', '.join(groups)})")
    corpus = corpus[corpus["group"].isin(groups)].reset_index(drop=True)
    sizes = ", ".join(f"{g} {int((corpus['group'] == g).sum()):,}" for g in groups)
    print(f"corpus: {len(corpus):,} documents ({sizes}); "
          f"{args.pilots} pilots of {args.pilot_size} + {args.pilot_size}; fresh studies: {args.fresh} per size", flush=True)
    predicted = pd.concat([_pilot(corpus, groups, args, i) for i in range(args.pilots)], ignore_index=True)
    predicted = predicted[predicted["status"] == "simulated"]
    if predicted.empty:
        print(json.dumps({"mean_signed_error": None, "coverage": None, "n_features": 0}))
        return 1
    realised = pd.concat([_realised(corpus, groups, predicted, n, args).assign(n_per_group=n) for n in args.sizes],
                         ignore_index=True)
    table = predicted.merge(realised, on=["kind", "feature", "group", "n_per_group"], how="left")
    table["realised"] = table["realised"].fillna(0.0)
    table["error"] = table["power"] - table["realised"]
    table["inside"] = (table["realised"] >= table["power_low"] - 1e-9) & (table["realised"] <= table["power_high"] + 1e-9)
    shown = table[["pilot", "kind", "feature", "group", "n_per_group", "observed", "shrunk", "power", "power_low",
                   "power_high", "realised", "inside"]]
    with pd.option_context("display.width", 160, "display.max_rows", 400):
        print(shown.round(3).to_string(index=False))
    per_size = {str(n): {"mean_signed_error": round(float(part["error"].mean()), 4),
                         "coverage": round(float(part["inside"].mean()), 4),
                         "mean_predicted": round(float(part["power"].mean()), 4),
                         "mean_realised": round(float(part["realised"].mean()), 4), "rows": int(len(part))}
                for n, part in table.groupby("n_per_group")}
    summary = {
        "mean_signed_error": round(float(table["error"].mean()), 4),
        "coverage": round(float(table["inside"].mean()), 4),
        "n_features": int(table.drop_duplicates(["pilot", "kind", "feature", "group"]).shape[0]),
        "by_size": per_size,
        "settings": {"pilots": args.pilots, "pilot_size": args.pilot_size, "sizes": args.sizes, "fresh": args.fresh,
                     "alpha": args.alpha, "seed": args.seed, "groups": groups},
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
