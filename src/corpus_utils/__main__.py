"""The ``corpus-essay`` command (also ``python -m corpus_utils``).

    corpus-essay check PATH [--label-column C] [--text-column T] [--rules FILE] [--lexicon FILE]
    corpus-essay run PATH --out DIR [--label-column C] [--groups A B] [--n-clusters K]
                                    [--lexicon FILE] [--rules FILE] [-p NAME VALUE ...] [--force]
    corpus-essay lexicon-draft PATH --out FILE [--force] [--label-column C] [--text-column T] [--rules FILE]
                                    [--themes K] [--seed N]
    corpus-essay refresh NOTEBOOK [NOTEBOOK ...]

``check`` summarises the corpus: documents and tokens per group, what cleaning removed, the
documents under :data:`SHORT_DOCUMENT` words, and the share of tokens the frame lexicon covers,
with what to do when it is under :data:`corpus_utils.frame.LOW_COVERAGE`. ``run`` writes a line
on stderr before each slow step, as each chapter starts and ends, and as a long chapter changes
stage (``--no-progress``: none), and the report's path on stdout. ``lexicon-draft`` finds the corpus's themes
(:func:`corpus_utils.themes.fit_themes`) and writes them as a draft frame lexicon
(:func:`corpus_utils.lexicon.draft_lexicon`) to edit and pass back with ``--lexicon``.

Input problems print one line (which file, what to do; after ``run``'s progress lines, if any) and
exit with status 2; a chapter that fails prints which chapter and cell, and exits with status 1;
Ctrl-C prints one line and exits with status 130, and SIGTERM and SIGHUP do the same with status 128 + the signal's
number (143, 129). ``run`` writes only inside --out and --figures-dir, and --force
replaces only a folder that ``run`` wrote; ``lexicon-draft`` writes only the file --out, replaces
an existing file only with --force, and never writes through a link or into the corpus.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

EXIT_INPUT = 2
EXIT_CHAPTER = 1
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``corpus-essay``: the subcommands ``check``, ``run``, ``lexicon-draft`` and ``refresh``.

    Returns
    -------
    argparse.ArgumentParser
        The parser; ``main`` gives it the arguments.
    """
    from .engine import ENGINES

    parser = argparse.ArgumentParser(
        prog="corpus-essay",
        description="Compare the vocabulary and framing of labelled groups of texts, as a rendered essay.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate and summarise a corpus (no analysis)")
    check.add_argument("corpus", help="a folder of texts (with metadata.csv or label sub-folders) or a .csv/.jsonl table")
    check.add_argument("--label-column", default="stance", help="metadata/table column with the groups (default: stance)")
    check.add_argument("--text-column", default="text", help="table column with the text (default: text)")
    check.add_argument("--rules", help="a cleaning-rules YAML file (default: the shipped rules)")
    check.add_argument("--lexicon", help="a frame-lexicon YAML file whose coverage to report (default: the shipped lexicon)")

    run = sub.add_parser("run", help="run every chapter on a corpus and render the report")
    run.add_argument("corpus", help="a folder of texts or a .csv/.jsonl table")
    run.add_argument("--out", required=True,
                     help="report folder to create (refused if it exists, unless --force and it is an earlier report)")
    run.add_argument("--label-column", help="column with the groups (default: stance)")
    run.add_argument("--text-column", help="table column with the text (default: text)")
    run.add_argument("--groups", nargs="+", metavar="GROUP", help="the groups to compare (default: all labels)")
    run.add_argument("--n-clusters", help="k for the clustering chapter, 2 to 50 (default: number of groups)")
    run.add_argument("--lexicon", help="a frame-lexicon YAML file (default: the shipped lexicon)")
    run.add_argument("--rules", help="a cleaning-rules YAML file (default: the shipped rules)")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="any other chapter parameter, e.g. -p min_df 2 (repeatable)")
    run.add_argument("--force", action="store_true", help="replace an earlier report (never any other folder)")
    run.add_argument("--jobs", help="chapters to run at once, 1 to 64 (default: cores, at most 2)")
    run.add_argument("--notebooks", help="folder of chapter notebooks (default: the project's notebooks/)")
    run.add_argument("--figures-dir", help="where figures go (default: OUT/figures; not inside the corpus)")
    run.add_argument("--engine", choices=ENGINES, default=ENGINES[0],
                     help="where the corpus is read, cleaned and tokenized once for every chapter: memory (this machine's "
                          "cores, the default) or dask (a Dask cluster: a local one with this machine's cores, or --scheduler)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="with --engine dask: the address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                          "(the corpus must be at the same path on its workers)")
    run.add_argument("--no-progress", action="store_true",
                     help="print no progress lines (by default a line on stderr before each slow step and as each "
                          "chapter starts and ends, with its seconds, and as a chapter past ten seconds changes "
                          "stage); warnings, errors and the last line stay")

    draft = sub.add_parser("lexicon-draft", help="write the corpus's themes as a draft frame lexicon to edit")
    draft.add_argument("corpus", help="a folder of texts or a .csv/.jsonl table")
    draft.add_argument("--out", required=True,
                       help="the lexicon file to write, e.g. frames.yml (refused if it exists, unless --force)")
    draft.add_argument("--force", action="store_true", help="replace an existing file (never a folder or a link)")
    draft.add_argument("--label-column", default="stance",
                       help="metadata/table column with the groups (default: stance; the loader needs one, the themes do not use it)")
    draft.add_argument("--text-column", default="text", help="table column with the text (default: text)")
    draft.add_argument("--rules", help="a cleaning-rules YAML file (default: the shipped rules)")
    draft.add_argument("--themes", help="how many themes, 2 to 50 (default: chosen from the corpus, as chapter 03 does)")
    draft.add_argument("--seed", default="0", help="seed of the factorization (default: 0)")

    refresh = sub.add_parser("refresh", help="re-execute committed notebooks in place (for maintainers)")
    refresh.add_argument("notebooks", nargs="+", help="notebooks or folders of notebooks")
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):
    print(f"warning: {message}", file=sys.stderr)


#: A document with fewer tokens (words, after cleaning) than this, about one sentence, is reported by
#: ``check`` as very short: each frame hit moves its rate per 1,000 tokens by more than 50.
SHORT_DOCUMENT = 20

#: Documents named in ``check``'s line on very short documents; the rest are counted.
SHORT_LISTED = 5

#: Unframed words named in ``check``'s advice when the lexicon covers too little.
UNFRAMED_LISTED = 8

LEXICON_LINE = "  frame lexicon ({which}): its entries cover {share:.1%} of the tokens (stop words included)"
LEXICON_LOW = ("  that is under {low:.0%}: chapter 03's frames would describe little of these texts, and the synthesis "
               "(chapter 05) does not count them. Write a lexicon for your topic (corpus-essay lexicon-draft {corpus} --out "
               "frames.yml drafts one from the corpus's themes; or copy {shipped} and list each frame's words and phrases) and "
               "pass it with --lexicon FILE; the most frequent words no frame covers: {words}.")
SHORT_LINE = ("  {n_short} of {n_docs} {have} fewer than {short} words: {names}. Each weighs as much as a long "
              "document in every test over documents, and one word moves its rates a lot; if they are fragments, "
              "leave them out or join them to the texts they belong to.")


def _check(args) -> int:
    import shlex

    from . import count, frame, lexicon, load
    from .groups import check_groups
    from .report import plural

    frames = lexicon.load_lexicon(args.lexicon)  # a bad lexicon is one line, before the summary
    data = load.load_corpus(args.corpus, label_column=args.label_column, text_column=args.text_column, rules=args.rules)
    per_group = data.groupby("group", sort=True).agg(documents=("doc_id", "size"), tokens=("n_tokens", "sum"))
    print(f"{args.corpus}: {len(data)} documents, {int(data['n_tokens'].sum()):,} tokens after cleaning")
    for label, row in per_group.iterrows():
        print(f"  {label}: {plural(int(row['documents']), 'document')}, {plural(int(row['tokens']), 'token')}")
    removed = int(data["n_removed_lines"].sum())
    print(f"  cleaning removed {removed} boilerplate line(s); duplicates: {int((data['duplicate_of'] != '').sum())}")
    short = data[data["n_tokens"] < SHORT_DOCUMENT]
    if len(short):
        names = ", ".join(short["doc_id"].astype(str).head(SHORT_LISTED))
        if len(short) > SHORT_LISTED:
            names += f" and {len(short) - SHORT_LISTED:,} more"
        print(SHORT_LINE.format(n_short=f"{len(short):,}", n_docs=plural(len(data), "document"),
                                have="has" if len(short) == 1 else "have", short=SHORT_DOCUMENT, names=names))
    tokens = count.index_tokens(data)  # coverage as chapter 03 counts it, with the lexicon the run would use
    matches = frame.match_frames(tokens, frames, context=0)
    share = frame.coverage(matches, tokens).attrs["token_share"]
    print(LEXICON_LINE.format(which="the shipped one" if args.lexicon is None else args.lexicon, share=share))
    if share < frame.LOW_COVERAGE:
        unframed = frame.unframed_words(matches, tokens, n=UNFRAMED_LISTED)
        words = ", ".join(f"{t} ({c:,})" for t, c in zip(unframed["term"], unframed["count"])) or "none"
        print(LEXICON_LOW.format(low=frame.LOW_COVERAGE, corpus=shlex.quote(str(args.corpus)),
                                 shipped="src/corpus_utils/data/frames.yml", words=words))
    check_groups(data, minimum=2)  # after the summary, so one group is shown before the error (exit 2)
    return 0


def run_options(args) -> dict:
    """The chapter parameters of ``corpus-essay run``: every ``-p NAME VALUE``, then the options of their own.

    Each ``-p`` value and ``--n-clusters`` is read by :func:`~corpus_utils.parameters.parse_value`
    (plain YAML); :func:`~corpus_utils.run.run_essay` checks every value before anything is written.
    """
    from .errors import ParameterError
    from .parameters import parse_value
    from .run import FLAG_PARAMETERS

    options, given = {}, {}
    for name, value in args.parameter:
        options[name] = parse_value(name, value)
        given.setdefault(name, []).append(f"-p {name} {value}")
    for name in FLAG_PARAMETERS:
        value = getattr(args, name)
        if value is None:
            continue
        options[name] = parse_value(name, value) if name == "n_clusters" else value
        shown = " ".join(map(str, value)) if isinstance(value, list) else value
        given.setdefault(name, []).append(f"--{name.replace('_', '-')} {shown}")
    for name, ways in given.items():
        if len(ways) > 1:  # the last would win silently
            raise ParameterError(f"{name} is given twice ({', '.join(ways)})", fix="Give each parameter once")
    return options


def _run(args) -> int:
    from .parameters import parse_value
    from .run import run_essay, stop_on_signals

    options = run_options(args)
    jobs = None if args.jobs is None else parse_value("jobs", args.jobs)
    with stop_on_signals():  # SIGTERM and SIGHUP stop the run as Ctrl-C does
        out = run_essay(
            args.corpus,
            args.out,
            options=options,
            force=args.force,
            notebooks_dir=args.notebooks,
            figures_dir=args.figures_dir,
            jobs=jobs,
            progress=not args.no_progress,  # a pipe, a log file or a notebook gets the lines too
            engine=args.engine,
            scheduler=args.scheduler,
        )
    print(f"report written to {out}/index.html")
    return 0


DRAFT_LINE = ("wrote a draft lexicon to {out}, {frames}: rename each frame, define it, move or delete its entries, "
              "then pass it back: corpus-essay run {corpus} --lexicon {out_arg} --out {report}")

#: The report folder of the printed ``run`` command when the corpus's path names nothing.
DRAFT_REPORT = "my-texts"


def _draft_report(corpus: str | Path, out: Path) -> Path:
    """The report folder of the ``run`` command ``lexicon-draft`` prints: ``reports/NAME`` beside the draft.

    The corpus's name is its folder's, or its table's without the suffix (``texts.csv``: ``texts``);
    beside the draft, which ``lexicon-draft`` never writes inside the corpus, the folder is never in
    the corpus either, so ``run`` takes it as a new report folder.

    Examples
    --------
    >>> _draft_report("data/my texts", Path("frames.yml")).as_posix()
    'reports/my texts'
    >>> _draft_report("texts.csv", Path("drafts/frames.yml")).as_posix()
    'drafts/reports/texts'
    """
    import os

    from .load import TABLE_SUFFIXES

    path = Path(os.path.abspath(corpus))  # "." and ".." name the folder they stand for
    name = path.stem if path.suffix.lower() in TABLE_SUFFIXES else path.name
    return out.parent / "reports" / (name or DRAFT_REPORT)


def _lexicon_draft(args) -> int:
    import shlex

    import yaml

    from . import count, lexicon, load, themes
    from .errors import ParameterError
    from .parameters import check_parameter, parse_value
    from .report import plural
    from .run.publish import check_out_file, write_file

    out = check_out_file(args.out, Path(args.corpus), args.force)  # before any work: a refusal changes nothing
    if out.resolve() == lexicon.default_lexicon_path().resolve():
        raise ParameterError("refused as --out: it is the shipped lexicon", out,
                             "Choose another --out, a new file such as --out frames.yml")
    n_themes = None if args.themes is None else check_parameter("n_themes", parse_value("n_themes", args.themes))
    seed = check_parameter("seed", parse_value("seed", args.seed))
    data = load.load_corpus(args.corpus, label_column=args.label_column, text_column=args.text_column, rules=args.rules)
    tokens = count.index_tokens(data)
    model = themes.fit_themes(tokens, n_themes=n_themes, seed=seed)
    table = themes.theme_table(model)
    text = lexicon.draft_lexicon(table, name=f"draft from the themes of {Path(args.corpus).name}", tokens=tokens)
    n_frames = len(lexicon.load_lexicon(yaml.safe_load(text)).names)  # checked before it is written
    write_file(out, text, args.force)
    frames = (f"{plural(n_frames, 'frame')}, one per theme" if n_frames == len(table)
              else f"{plural(n_frames, 'frame')} from {plural(len(table), 'theme')} (its first lines name the themes left "
                   "out)")
    print(DRAFT_LINE.format(frames=frames, out=out, corpus=shlex.quote(str(args.corpus)), out_arg=shlex.quote(str(out)),
                            report=shlex.quote(str(_draft_report(args.corpus, out)))))
    return 0


def _refresh(args) -> int:
    from .run import find_chapters, refresh_notebook

    paths = []
    for item in args.notebooks:
        p = Path(item)
        paths.extend(find_chapters(p) if p.is_dir() else [p])
    for path in paths:
        print(f"executing {path} ...", file=sys.stderr)
        twin = refresh_notebook(path)
        print(f"  wrote {path} and its text twin {twin}", file=sys.stderr)
    return 0


def _without_iri_grammar() -> None:
    """Spare the command the second ``jsonschema`` spends compiling an IRI grammar when nbformat loads it.

    ``jsonschema`` imports ``rfc3987_syntax`` when it can, to check the ``iri`` string format, and that
    module builds a parser at import (0.9 s of the command's start here). No schema this command validates
    (the notebook format's) has such a format, so the command's process marks the module as absent before
    anything imports nbformat, and jsonschema goes without that one check, as it does where the module is
    not installed. A module already imported is left alone.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``corpus-essay``; returns the exit status."""
    _without_iri_grammar()
    from .errors import CorpusError
    from .run import ChapterError

    args = build_parser().parse_args(argv)
    warnings.showwarning = _show_warning
    try:
        commands = {"check": _check, "run": _run, "lexicon-draft": _lexicon_draft, "refresh": _refresh}
        return commands[args.command](args)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except ChapterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CHAPTER
    except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP: one line, no traceback
        print(str(exc) or "interrupted", file=sys.stderr)
        return 128 + getattr(exc, "signum", EXIT_INTERRUPTED - 128)


if __name__ == "__main__":
    sys.exit(main())
