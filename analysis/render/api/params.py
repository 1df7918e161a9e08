"""A notebook's parameters: read from its `parameters` cell, and checked before anything runs
(papermill itself only warns about a name the notebook does not know).

Read with json and ast, not papermill: planning a run that skips everything must not pay for
papermill's import (1.3 s, mostly jsonschema through nbformat).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

DEFAULT_TIMEOUT = 600  # seconds a notebook cell may run


class ParameterError(ValueError):
    """A parameter the notebook does not declare, or a value that cannot be read."""


def declared(notebook: Path, source: str | None = None) -> dict[str, str]:
    """Parameter name -> its default as written in the cell tagged `parameters`.

    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]},
    ...         "source": ["year = None  # 年度\\n", "agency_id = 'a'"]}
    >>> declared(Path("x.ipynb"), json.dumps({"cells": [cell]}))
    {'year': 'None', 'agency_id': "'a'"}
    """
    nb = json.loads(Path(notebook).read_text(encoding="utf-8") if source is None else source)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
                "tags", []):
            text = "".join(cell.get("source", []))
            tree = ast.parse(text)
            return {t.id: ast.get_source_segment(text, node.value)
                    for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                    for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                    if isinstance(t, ast.Name)}
    raise ParameterError(f"{Path(notebook).name}: no cell tagged 'parameters'")


def check(notebook: Path, given: dict, known: dict | None = None) -> None:
    """Raise ParameterError naming every parameter `notebook` does not declare."""
    known = declared(notebook) if known is None else known
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ParameterError(f"{notebook.name}: unknown parameter(s) {', '.join(unknown)}; "
                             f"it declares {', '.join(known)}")


def parse_pairs(pairs: list[str] | None) -> dict:
    """["year=2022", "parent=淮安市", "agencies=['a','b']"] -> a dict; values are Python
    literals where they parse as one, else text."""
    out = {}
    for pair in pairs or []:
        name, sep, text = pair.partition("=")
        if not sep or not name.strip().isidentifier():
            raise ParameterError(f"-p {pair!r}: expected NAME=VALUE")
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            value = text
        out[name.strip()] = value
    return out
