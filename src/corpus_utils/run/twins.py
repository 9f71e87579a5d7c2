"""Twins: the text twin of a chapter notebook, for review.

The twin ``NN_name.py`` beside ``NN_name.ipynb`` holds the notebook's cells in jupytext's
percent format, without outputs, so that a change to a chapter reads as a diff.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["TWIN_FORMAT", "twin_text", "write_twin"]

#: The text twin of a chapter is jupytext's percent format (``# %%`` before each cell).
TWIN_FORMAT = "py:percent"

#: Only the cell tags are kept (``parameters``, ``prose``, ...): no header, so no kernel name,
#: Python version or jupytext version that would change from one machine to the next.
_TWIN_FILTERS = {"notebook_metadata_filter": "-all", "cell_metadata_filter": "tags,-all"}


def twin_text(nb) -> str:
    """Return the text twin of a notebook: its cells, in jupytext's percent format, without outputs.

    Each cell becomes a ``# %%`` marker (``# %% [markdown]`` for Markdown, with the cell's
    non-empty ``tags``, e.g. ``# %% tags=["parameters"]``) followed by its source; Markdown
    lines and IPython magics are commented out. Nothing else is written (no header, no
    outputs, no other metadata), so the text changes only when a cell's type, source or tags do,
    and ``jupytext.reads(text, fmt="py:percent")`` gives back the same cells.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook (it is not modified).

    Returns
    -------
    str
        The twin's text.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_markdown_cell("# Title"),
    ...                          new_code_cell("k = 2", metadata={"tags": ["parameters"]})])
    >>> print(twin_text(nb))
    # %% [markdown]
    # # Title
    <BLANKLINE>
    # %% tags=["parameters"]
    k = 2
    <BLANKLINE>
    """
    import jupytext
    from nbformat import v4

    makers = {"code": v4.new_code_cell, "markdown": v4.new_markdown_cell, "raw": v4.new_raw_cell}
    cells = []
    for cell in nb.cells:
        tags = list(cell.get("metadata", {}).get("tags") or [])
        cells.append(makers[cell.cell_type](source=cell.source, metadata={"tags": tags} if tags else {}))
    bare = v4.new_notebook(cells=cells, metadata={"jupytext": dict(_TWIN_FILTERS)})
    return jupytext.writes(bare, fmt=TWIN_FORMAT)


def write_twin(notebook: str | Path, nb=None) -> Path:
    """Write the text twin ``NN_name.py`` beside a notebook ``NN_name.ipynb``; return its path.

    The twin (see :func:`twin_text`) makes a change to a chapter a readable diff. It is
    written for review only: edit the notebook, then rewrite the twin (``make twins``, or
    ``make notebooks``, which re-executes the chapters and writes their twins).

    Parameters
    ----------
    notebook : str or Path
        The ``.ipynb`` file.
    nb : nbformat.NotebookNode, optional
        Its content, if already read; by default the file is read.

    Returns
    -------
    pathlib.Path
        The twin's path (the notebook's, with the suffix ``.py``).
    """
    import nbformat

    notebook = Path(notebook)
    if nb is None:
        nb = nbformat.read(str(notebook), as_version=4)
    twin = notebook.with_suffix(".py")
    with open(twin, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(twin_text(nb))
    return twin
