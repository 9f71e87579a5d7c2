"""Publish: where a report may go, and the only code of ``run`` that creates, renames or deletes folders.

A report is written into a fresh staging folder beside ``--out`` (with the marker file
:data:`REPORT_MARKER`), and renamed into place when it is complete. ``--force`` replaces only
a folder that carries the marker; the old report is moved aside first and removed last. An
unfinished report is kept as the one folder ``.<name>.partial`` beside ``--out``. Before any
of this, :func:`check_out` and :func:`check_figures_dir` refuse every place a report may not
go: the root, home and working folders, the corpus, anything that holds them, links, files,
and folders the command did not write.

A single file (``corpus-essay lexicon-draft --out FILE``) goes the same way, on a small scale:
:func:`check_out_file` refuses a link, a folder, anything but a regular file, the corpus or a
file inside it, and an existing file without ``--force``; :func:`write_file` writes a hidden
temporary file beside it and renames it into place, so the file is never seen half written,
and removes nothing but that temporary file.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from ..errors import ParameterError
from ..shared import ENGINE_FILE, SHARED_DIR

__all__ = [
    "REPORT_MARKER",
    "check_figures_dir",
    "check_out",
    "check_out_file",
    "is_report",
    "keep_partial",
    "make_figures_dir",
    "make_staging",
    "publish",
    "refuse_owned_parameters",
    "remove_stale_staging",
    "write_file",
]

#: The file every report folder carries; ``--force`` replaces only a folder that has it.
REPORT_MARKER = ".corpus-essay-report"

#: The file, in a staging folder only, naming the run that writes it: its pid and the process's start time.
_OWNER = ".corpus-essay-run"

#: The text of the marker file.
_MARKER_TEXT = "This folder is a report written by `corpus-essay run`; --force replaces only folders with this file.\n"


def is_report(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (not a link) that carries the report marker.

    Parameters
    ----------
    folder : Path
        Any path.

    Returns
    -------
    bool
        True only for a folder, not a symbolic link, holding the regular file :data:`REPORT_MARKER`.
    """
    marker = folder / REPORT_MARKER
    return folder.is_dir() and not folder.is_symlink() and marker.is_file() and not marker.is_symlink()


def refuse_owned_parameters(options: dict) -> None:
    """Refuse ``corpus``, ``figures_dir`` and ``shared`` among the options: the command sets them itself; ``-p`` may not.

    Parameters
    ----------
    options : dict
        The chapter parameters given on the command line.

    Raises
    ------
    ParameterError
        If ``corpus``, ``figures_dir`` or ``shared`` is among them.
    """
    if "corpus" in options:
        raise ParameterError(
            "the corpus is the first argument of `corpus-essay run`, not -p corpus",
            fix="Drop -p corpus and give the folder or table as PATH: corpus-essay run PATH --out DIR",
        )
    if "figures_dir" in options:
        raise ParameterError("figures go where --figures-dir says, not -p figures_dir", fix="Use --figures-dir DIR instead")
    if "shared" in options:
        raise ParameterError("`corpus-essay run` gives the chapters their shared results itself, not -p shared",
                             fix="Drop -p shared")


def _protected(target: Path, corpus: Path) -> str | None:
    """Why no report may be written at ``target`` (a resolved path), or None if it may."""
    if target == Path(target.anchor):
        return "the root folder"
    corpus = corpus.resolve()
    if target == corpus:
        return "the corpus"
    if corpus.is_relative_to(target):
        return "a folder that contains the corpus"
    if target.is_relative_to(corpus):
        return "inside the corpus"
    places = {"working folder": Path.cwd()}
    try:
        places["home folder"] = Path.home()
    except (KeyError, RuntimeError):  # no home folder known
        pass
    for name, place in places.items():
        place = place.resolve()
        if target == place:
            return f"the {name}"
        if place.is_relative_to(target):
            return f"a folder that contains the {name}"
    return None


def check_out(out: str | Path | None, corpus: Path, force: bool) -> Path:
    """Return ``out`` as a path if a report may be written there.

    Parameters
    ----------
    out : str or Path
        The ``--out`` the user gave.
    corpus : Path
        The corpus.
    force : bool
        Whether an earlier report at ``out`` may be replaced.

    Returns
    -------
    pathlib.Path
        ``out``, normalised.

    Raises
    ------
    ParameterError
        If ``out`` is empty, starts with an unexpanded ``~``, is the root, home or working
        folder, the corpus, inside it or holds one of these, a link or a file, a folder
        without the report marker, or an earlier report without ``force``.
    """
    if out is None or not str(out).strip():
        raise ParameterError("--out is empty", fix="Name a new folder for the report, such as --out reports/my-texts")
    fix = "Choose another --out, a new folder such as reports/my-texts"
    if str(out).startswith("~"):  # the shell did not expand it: a folder named ~ invites rm -rf ~
        raise ParameterError("refused as --out: it starts with '~', which the shell did not expand to a home folder",
                             out, "Write the path without quotes around ~, or spell it out")
    out = Path(os.path.normpath(out))
    reason = _protected(out.resolve(), corpus)
    if reason is not None:
        raise ParameterError(f"refused as --out: it is {reason}", out, fix)
    if out.is_symlink():
        raise ParameterError("refused as --out: it is a symbolic link", out, fix)
    if out.exists():
        if not out.is_dir():
            raise ParameterError("refused as --out: it is a file", out, fix)
        if not is_report(out):
            raise ParameterError("already exists and was not written by corpus-essay; it is left alone", out,
                                 "Choose another --out")
        if not force:
            raise ParameterError("already holds a report", out, "Choose another --out, or pass --force to replace it")
    return out


def check_figures_dir(figures_dir: str | Path | None, corpus: Path, out: Path) -> Path | None:
    """Where the figures go relative to the report folder, or None for a folder outside it.

    Parameters
    ----------
    figures_dir : str or Path, optional
        The ``--figures-dir`` the user gave; None for the default, ``figures`` in the report.
    corpus : Path
        The corpus.
    out : Path
        The report folder (checked by :func:`check_out`).

    Returns
    -------
    pathlib.Path or None
        The figures' folder relative to ``out`` when it lies inside it (it is then written
        and swapped in with the report), or None for a folder elsewhere.

    Raises
    ------
    ParameterError
        If ``figures_dir`` is empty, or refused as ``--out`` would be (the root, home or working
        folder, the corpus, inside it, or a folder that holds one of these), or a file.
    """
    if figures_dir is None:
        return Path("figures")
    if not str(figures_dir).strip():
        raise ParameterError("--figures-dir is empty", fix="Name a folder, or leave --figures-dir out to keep figures in OUT/figures")
    folder = Path(os.path.normpath(figures_dir))
    target, report = folder.resolve(), out.resolve()
    fix = "Choose another --figures-dir, or leave it out to keep figures in OUT/figures"
    reason = _protected(target, corpus)
    if reason is not None:
        raise ParameterError(f"refused as --figures-dir: it is {reason}", folder, fix)
    if target.is_relative_to(report):  # written with the report, swapped in with it
        return target.relative_to(report)
    if folder.exists() and not folder.is_dir():
        raise ParameterError("refused as --figures-dir: it is a file", folder, fix)
    return None


def make_staging(out: Path) -> Path:
    """Create an empty folder, with the report marker, beside ``out``; it gets the user's usual permissions.

    Parameters
    ----------
    out : Path
        The report folder (checked by :func:`check_out`); its parent is created if missing.

    Returns
    -------
    pathlib.Path
        The staging folder, ``.<name of out>.<random>.staging`` beside ``out``. Besides the
        marker it holds, until the report is published or kept, the file ``.corpus-essay-run``
        with this process's pid and start time (see :func:`remove_stale_staging`).

    Raises
    ------
    ParameterError
        If the folder cannot be created.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = out.parent / f".{out.name}.{secrets.token_hex(4)}.staging"
        staging.mkdir()  # mode 0o777 less the umask (tempfile.mkdtemp would make it 0o700)
        (staging / REPORT_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        (staging / _OWNER).write_text(f"{os.getpid()} {_start_time(os.getpid())}\n", encoding="utf-8")
    except OSError as exc:
        raise ParameterError(f"cannot create the report folder here ({exc.strerror or exc})", out.parent,
                             "Choose another --out") from None
    return staging


def _start_time(pid: int) -> str:
    """When process ``pid`` started (clock ticks since boot, from /proc), or "-" where that is not known."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat.rsplit(")", 1)[1].split()[19]  # field 22, counted after the command name in parentheses
    except (OSError, IndexError):
        return "-"


def _is_dead(pid: int, started: str) -> bool:
    """Whether the process that wrote an owner file is gone (or its pid now belongs to another process)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a process of another user holds the pid: not ours
        return True
    now = _start_time(pid)
    return started != "-" and now != "-" and now != started


def remove_stale_staging(out: Path) -> list[Path]:
    """Remove the staging folders of earlier runs into ``out`` whose process is dead (killed, say).

    Only a folder named ``.<name of out>.<8 hex digits>.staging`` that is no link and carries
    the report marker and an owner file (written by :func:`make_staging`) naming a process
    that no longer runs is removed; nothing else is touched.

    Returns
    -------
    list of Path
        The folders removed.
    """
    removed = []
    prefix = f".{out.name}."
    try:
        candidates = list(out.parent.iterdir())
    except OSError:
        return removed
    for folder in candidates:
        middle = folder.name[len(prefix):-len(".staging")]
        if not (folder.name.startswith(prefix) and folder.name.endswith(".staging") and len(middle) == 8
                and all(c in "0123456789abcdef" for c in middle)):
            continue
        owner = folder / _OWNER
        if not is_report(folder) or owner.is_symlink() or not owner.is_file():
            continue
        try:
            pid, started = owner.read_text(encoding="utf-8").split()
            dead = _is_dead(int(pid), started)
        except (OSError, ValueError):
            continue
        if dead:
            shutil.rmtree(folder)
            removed.append(folder)
    return removed


def make_figures_dir(staging: Path, figures: Path) -> Path:
    """Create the figures' folder inside the staging folder (the report's ``figures/`` by default).

    Parameters
    ----------
    staging : Path
        The report being written (made by :func:`make_staging`).
    figures : Path
        The figures' folder relative to the report, as :func:`check_figures_dir` returns it.

    Returns
    -------
    pathlib.Path
        The folder created (or already there).
    """
    folder = staging / figures
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_shared(staging: Path) -> Path:
    """Create the folder of shared results inside the staging folder (:data:`corpus_utils.shared.SHARED_DIR`).

    Returns
    -------
    pathlib.Path
        The folder created.
    """
    folder = staging / SHARED_DIR
    folder.mkdir()
    return folder


#: The files :mod:`corpus_utils.shared` writes (and nothing else is removed with the folder).
_SHARED_FILES = ("corpus-*.parquet", "corpus-*.json", "tokens-*.npy", "table-*.parquet", "table-*.json", ".corpus-*.tmp",
                 ".tokens-*.tmp", ".table-*.tmp", ENGINE_FILE, f".{ENGINE_FILE}.*.tmp")


def remove_shared(staging: Path) -> None:
    """Remove the folder of shared results before the report is published: the files we wrote, then the folder.

    Only files named as :mod:`corpus_utils.shared` names them are deleted; anything else found there
    (which no code of ours puts there) stays, with the folder.
    """
    folder = staging / SHARED_DIR
    if not folder.is_dir() or folder.is_symlink():
        return
    for pattern in _SHARED_FILES:
        for path in folder.glob(pattern):
            if path.is_file() and not path.is_symlink():
                path.unlink()
    try:
        folder.rmdir()
    except OSError:  # something we did not write is in it: leave it
        pass


def keep_partial(staging: Path, out: Path) -> Path:
    """Keep an unfinished report as the one folder ``.NAME.partial`` beside ``out``; return where it is.

    An earlier partial folder is replaced only if it carries the report marker; otherwise,
    or if the rename fails, the staging folder stays where it is.

    Parameters
    ----------
    staging : Path
        The unfinished report (made by :func:`make_staging`).
    out : Path
        The report folder it was meant for.

    Returns
    -------
    pathlib.Path
        Where the unfinished report is now.
    """
    remove_shared(staging)  # the chapters' shared inputs: ours, large, and of no use to a reader
    partial = out.parent / f".{out.name}.partial"
    (staging / _OWNER).unlink(missing_ok=True)
    try:
        if os.path.lexists(partial):
            if not is_report(partial):
                return staging
            shutil.rmtree(partial)
        os.rename(staging, partial)
    except OSError:
        return staging
    return partial


def publish(staging: Path, out: Path, force: bool) -> None:
    """Rename the finished report to ``out``; with ``force``, swap it for the report that is there.

    The old report is moved aside, the new one renamed into place, and only then is the
    old one removed. Without ``force`` the rename fails, rather than replaces, if a folder
    appeared at ``out`` meanwhile. A folder without the marker is never removed.

    Parameters
    ----------
    staging : Path
        The finished report (made by :func:`make_staging`).
    out : Path
        Where it goes (checked by :func:`check_out` before the run).
    force : bool
        Whether an earlier report at ``out`` may be replaced.

    Raises
    ------
    ParameterError
        If a folder appeared at ``out`` while the chapters ran and may not be replaced; it is
        left alone, and this run's report is kept beside it (see :func:`keep_partial`).
    """
    (staging / _OWNER).unlink(missing_ok=True)
    remove_shared(staging)
    old = None
    if os.path.lexists(out):
        if not force:
            _refuse_late(staging, out, "a report appeared here while this run was working; it is left alone")
        if not is_report(out):
            _refuse_late(staging, out, "was replaced while this run was working, by a folder not written by corpus-essay; "
                                       "it is left alone")
        old = out.parent / f".{out.name}.{secrets.token_hex(4)}.old"
        try:
            os.rename(out, old)
        except OSError as exc:
            _refuse_late(staging, out, f"could not be moved aside ({exc.strerror or exc}); it is left alone")
        if not is_report(old):  # swapped for another folder between the check and the move: put it back
            _put_back(old, out)
            _refuse_late(staging, out, "was replaced while this run was working, by a folder not written by corpus-essay; "
                                       "it is left alone")
    try:
        os.rename(staging, out)
    except OSError:
        if old is not None:
            _put_back(old, out)
        _refuse_late(staging, out, "a folder appeared here while this run was working; it is left alone")
    if old is not None:
        shutil.rmtree(old)


def _put_back(old: Path, out: Path) -> None:
    try:
        os.rename(old, out)
    except OSError:  # ``out`` is taken again; the old report stays, hidden, beside it
        pass


def _refuse_late(staging: Path, out: Path, reason: str) -> None:
    kept = keep_partial(staging, out)
    raise ParameterError(reason, out, f"This run's report is kept at {kept}; choose another --out")


def check_out_file(out: str | Path | None, corpus: Path, force: bool) -> Path:
    """Return ``out`` as a path if a file may be written there (checked before any work, again by :func:`write_file`).

    Parameters
    ----------
    out : str or Path
        The ``--out`` the user gave: a file.
    corpus : Path
        The corpus, which is never written.
    force : bool
        Whether an existing regular file at ``out`` may be replaced.

    Returns
    -------
    pathlib.Path
        ``out``, normalised.

    Raises
    ------
    ParameterError
        If ``out`` is empty, starts with an unexpanded ``~``, is a symbolic link (never written
        through, even with ``force``), a folder or anything else that is not a regular file, the
        corpus or inside it, lies in a "folder" that is a file, or exists and ``force`` is not given.
    """
    if out is None or not str(out).strip():
        raise ParameterError("--out is empty", fix="Name the file to write, such as --out frames.yml")
    fix = "Choose another --out, a new file such as --out frames.yml"
    if str(out).startswith("~"):
        raise ParameterError("refused as --out: it starts with '~', which the shell did not expand to a home folder",
                             out, "Write the path without quotes around ~, or spell it out")
    out = Path(os.path.normpath(out))
    if out.is_symlink():
        raise ParameterError("refused as --out: it is a symbolic link, which is never written through", out, fix)
    reason = _protected(out.resolve(), corpus)
    if reason is not None:
        raise ParameterError(f"refused as --out: it is {reason}", out, fix)
    if out.is_dir():
        raise ParameterError("refused as --out: it is a folder", out, "Name a file, such as --out frames.yml")
    if os.path.lexists(out):
        if not out.is_file():
            raise ParameterError("refused as --out: it is not a regular file", out, fix)
        if not force:
            raise ParameterError("already exists; it is left alone", out,
                                 "Choose another --out, or pass --force to replace it")
    for parent in out.parents:
        if os.path.lexists(parent):
            if not parent.is_dir():
                raise ParameterError(f"refused as --out: {parent} is not a folder", out, fix)
            break
    return out


def write_file(out: Path, text: str, force: bool) -> None:
    """Write ``text`` (UTF-8) to the file ``out`` at once: a temporary file beside it, renamed into place.

    The temporary file ``.<name>.<random>.tmp`` is created new (never an existing file or
    link) in ``out``'s folder, which is created if missing, and written and synced to disk.
    Without ``force`` it is then hard-linked to ``out``, which fails rather than replaces if
    anything (even a dangling link) appeared there meanwhile; on a file system without hard
    links it is renamed after a last check. With ``force``, ``out`` is checked again (a link or
    folder put there meanwhile is refused) and the file renamed over it; a rename replaces a
    link itself and never writes through it. Whatever happens, the temporary file is the only
    thing removed.

    Parameters
    ----------
    out : Path
        The file, checked by :func:`check_out_file`.
    text : str
        Its content.
    force : bool
        Whether an existing regular file at ``out`` may be replaced.

    Raises
    ------
    ParameterError
        If the file or its folder cannot be written (permissions, a full disk), or something
        other than a regular file appeared at ``out``, or anything did without ``force``;
        ``out`` is then left as it was.
    """
    data = text.encode("utf-8")
    fix = "Choose another --out"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(f"cannot create the folder for --out ({exc.strerror or exc})", out.parent, fix) from None
    temp = out.parent / f".{out.name}.{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(temp, flags, 0o666)  # the user's usual permissions, less the umask
    except OSError as exc:
        raise ParameterError(f"cannot write in this folder ({exc.strerror or exc})", out.parent, fix) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            if out.is_symlink() or (os.path.lexists(out) and not out.is_file()):
                raise ParameterError("was replaced by a link or a folder meanwhile; it is left alone", out, fix)
            os.replace(temp, out)
        else:
            appeared = ParameterError("appeared meanwhile; it is left alone", out,
                                      "Choose another --out, or pass --force to replace it")
            try:
                os.link(temp, out)
            except FileExistsError:
                raise appeared from None
            except OSError:  # no hard links here (some shared or removable drives)
                if os.path.lexists(out):
                    raise appeared from None
                os.replace(temp, out)
    except OSError as exc:
        raise ParameterError(f"cannot be written ({exc.strerror or exc}); it is left as it was", out, fix) from None
    finally:
        if os.path.lexists(temp):  # ours: created new above; after a hard link, its second name
            os.unlink(temp)
