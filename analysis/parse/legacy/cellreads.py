"""A legacy text table row's printed value text -> its possible readings as cells.

The tokens are cut into the columns' cells every well-formed way (`analysis.parse.cells.splits`);
a flattened table's cells marked ` |` are read as marked; a number wrapped inside a narrow cell is
read joined as well as apart. The solver (`analysis.parse.cells.solver`) then keeps what the
table's arithmetic allows.
"""

from __future__ import annotations

from analysis.parse.cells import solver
from analysis.parse.cells.solve import GAP, joined_with_gaps
from analysis.parse.cells.splits import split_row, tokens


def _marked_cells(text: str, n: int) -> tuple[str, ...] | None:
    """A flattened table's cells each end in ` |` (a bare `|` is a blank cell): where every cell
    of the row is so marked and holds one token, the cells are read as marked, digits never cut.
    The trailing blanks the row's text lost are blank. None where the row is not so printed.

    >>> _marked_cells("1165 |\\n726 |\\n", 3), _marked_cells("1165 726", 3)
    (('1165', '726', '∅'), None)
    """
    if "|" not in text:
        return None
    marked = [c.strip() for c in text.split("|")]
    if marked and not marked[-1]:
        marked.pop()  # the text after the last mark
    held = [tokens(c) for c in marked]
    if not marked or len(marked) > n or any(len(t) != (1 if c else 0)
                                           for c, t in zip(marked, held, strict=True)):
        return None
    cells = [t[0] if t else GAP for t in held]
    return tuple(cells + [GAP] * (n - len(cells)))


def row_readings(key: str, text: str, kinds: tuple[str, ...], measures: list[str]) -> solver.Row:
    """A row's readings: its tokens cut into the columns' cells; a 同比 cell may also be gone
    (left blank, it vanishes from flattened text). Counts and cumulatives are printed (0 when
    none) in these tables, so a blank one is read only when nothing else fits the digits. A
    number wrapped inside a narrow cell (`126` / `2` for 1262) is read joined as well."""
    toks = tokens(text)
    if not toks:
        return solver.Row(key, [(GAP,) * len(kinds)])
    if (cells := _marked_cells(text, len(kinds))) is not None:
        return solver.Row(key, [cells])
    options: list[tuple[str, ...]] = []
    capped = False
    for variant in wrapped(text, len(kinds)):
        found, more = _split(variant, kinds, measures)
        options += [o for o in found if o not in options]
        capped = capped or more
    if not options:
        extra = joined_with_gaps(toks, kinds)
        options, capped = extra.options, extra.capped
    return solver.Row(key, options, capped)


def _split(toks: list[str], kinds: tuple[str, ...], measures: list[str]
           ) -> tuple[list[tuple[str, ...]], bool]:
    found = split_row(toks, kinds)
    options, capped = list(found.options), found.capped
    if "yoy_pct" in measures and len(measures) > 1:
        y = measures.index("yoy_pct")
        rest = split_row(toks, kinds[:y] + kinds[y + 1:])
        options += [cells[:y] + (GAP,) + cells[y:] for cells in rest.options]
        capped = capped or rest.capped
    return options, capped


def wrapped(text: str, n_cols: int = 0) -> list[list[str]]:
    """A row's tokens as printed, and (where a line break falls between two numbers) with the
    numbers on either side of each break joined: a PDF-to-text tool prints a number too wide for
    its cell on two lines (`2448 126` / `2`: 1262, or 126 and a 同比 of 2).

    A row of `n_cols` lines of one number each is a table printed a cell a line: not joined.

    >>> wrapped("2448 126\\n2"), wrapped("3195 1528 -8"), wrapped("1318\\n4421", 2)
    ([['2448', '126', '2'], ['2448', '1262']], [['3195', '1528', '-8']], [['1318', '4421']])
    """
    lines = [t for t in (tokens(line) for line in text.split("\n")) if t]
    flat = [t for line in lines for t in line]
    if n_cols and len(lines) == n_cols and all(len(line) == 1 for line in lines):
        return [flat]  # a table printed a cell a line (1318 / 4421): each line is a cell
    joined = list(lines[0]) if lines else []
    for nxt in lines[1:]:
        if joined[-1].isdigit() and nxt[0].isdigit():
            joined[-1] += nxt[0]
            joined += nxt[1:]
        else:
            joined += nxt
    return [flat] if joined == flat else [flat, joined]
