"""A notebook's parameters: read from its `parameters` cell, and checked before anything runs
(papermill itself only warns about a name the notebook does not know)."""

from __future__ import annotations

import ast
from pathlib import Path


class ParameterError(ValueError):
    """A parameter the notebook does not declare, or a value that cannot be read."""


def declared(notebook: Path) -> dict[str, str]:
    """Parameter name -> its default as written in the cell tagged `parameters`."""
    import papermill

    found = papermill.inspect_notebook(str(notebook))
    if not found:
        raise ParameterError(f"{notebook}: no cell tagged 'parameters'")
    return {name: info["default"] for name, info in found.items()}


def check(notebook: Path, given: dict) -> None:
    """Raise ParameterError naming every parameter `notebook` does not declare."""
    known = declared(notebook)
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
