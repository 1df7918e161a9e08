"""The simulator's abstract report: paragraphs and tables whose cells know the fact they should yield.

Writers (text, Markdown, HTML, PDF) print the same SimDoc; the ground truth is read off its cells, so
what a file says and what the truth expects cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Truth:
    """One fact a report should yield (status: reported / blank / not_applicable)."""

    indicator: str
    value: float
    status: str = "reported"
    breakdown: str = "all"
    measure: str = "count"
    source: str = "table"
    printed: str = ""  # set by writers that print the cell unusually (joined, spaced, pipe_row...)
    counts: str = ""  # a narrative request figure: new | new+carried_in

    def row(self) -> dict:
        v = f"{self.value:g}" if self.status == "reported" else ""
        return {"indicator": self.indicator, "breakdown": self.breakdown, "measure": self.measure,
                "value": v, "status": self.status, "source": self.source,
                "printed": self.printed, "counts": self.counts}


@dataclass
class Cell:
    text: str
    truth: Truth | None = None


@dataclass
class Row:
    """A table row: label parts (e.g. ['三、本年度办理结果', '(三)不予公开', '1.属于国家秘密']) + cells."""

    labels: list[str]
    cells: list[Cell]

    @property
    def label(self) -> str:
        return self.labels[-1] if self.labels else ""


@dataclass
class SimTable:
    """A table: header rows (plain text, already expanded to the grid) and body rows.

    `kind` names the layout for writers that print spans (legacy, fujian, t2, t3, t4).
    """

    caption: str
    header: list[list[str]]
    rows: list[Row]
    kind: str = "legacy"
    unit_col: bool = False  # legacy tables print a 单位 column (already inside the rows' cells)


@dataclass
class SimDoc:
    """A report before printing. `items` are paragraphs (str) and tables, in order."""

    agency_id: str
    agency: str
    year: int
    template: str  # legacy | t2019 | t2021
    title: str
    items: list[str | SimTable] = field(default_factory=list)
    narrative: list[Truth] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)  # (rule, why)
    truncated: bool = False  # the file ends inside its last table

    def tables(self) -> list[SimTable]:
        return [t for t in self.items if isinstance(t, SimTable)]

    def truths(self) -> list[Truth]:
        out = [c.truth for t in self.tables() for r in t.rows for c in r.cells if c.truth]
        return out + self.narrative

    def expect(self, rule: str, why: str) -> None:
        self.flags.append((rule, why))


def printed(doc: SimDoc, indicator: str, measure: str) -> float | None:
    """The value a report's table prints for (indicator, measure), None if blank or absent."""
    for t in doc.tables():
        for r in t.rows:
            for c in r.cells:
                tr = c.truth
                if tr and tr.indicator == indicator and tr.measure == measure:
                    return tr.value if tr.status == "reported" else None
    return None


@dataclass
class Story:
    """What an agency's reports carry from one year to the next, beside its figures."""

    fujian: bool = False  # the agency prints the Fujian local variant of the legacy table
    prev_total: float | None = None  # last year's printed annual total (for 同比)
    prev_cum: float | None = None  # printed cumulative total of the last report written
    prev_year: int = 0  # year of that report

    def written(self, doc: SimDoc, year: int, cut: bool) -> None:
        """Remember a report that was saved whole (a cut file may have lost its cumulative)."""
        cum = printed(doc, "proactive.total", "cumulative")
        self.prev_cum, self.prev_year = (None, 0) if cut or cum is None else (cum, year)
