"""The records every stage passes along: a read document, its tables, the facts and flags parsed from it.

Stages: read (file -> Document) -> clean (inside read) -> parse (Document -> facts, flags)
-> check (facts -> flags) -> dataset (tables on disk). Each stage imports only from earlier ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Status of one number, so that blank, zero and 不适用 stay distinct.
REPORTED = "reported"  # a number was printed (0 included); 无 counts as 0 reported
BLANK = "blank"  # the cell was empty
NOT_APPLICABLE = "not_applicable"  # 不适用, —, / and the like: printed, but not a number
UNRESOLVED = "unresolved"  # printed, but not placed for certain (cells run together): 待核
STATUSES = (REPORTED, BLANK, NOT_APPLICABLE, UNRESOLVED)

SEVERITIES = ("error", "warning", "info")


@dataclass
class Table:
    """One table as a grid of normalised cell texts, with where it came from."""

    rows: list[list[str]]
    index: int  # 0-based order in the document
    kind: str  # flat | pipe | html | pdf | whitespace
    line: int = 0  # 1-based line of the cleaned text where it starts (0 where not from text)
    page: int | None = None  # PDF page, 1-based
    caption: str = ""  # the heading just before the table, e.g. 一、主动公开政府信息情况
    row_lines: list[int] = field(default_factory=list)  # 1-based text line of each row, where known
    # (row, column) -> the readings of a cell printed but not placed for certain (unresolved)
    unsure: dict[tuple[int, int], str] = field(default_factory=dict)
    # (row, column) -> where a cell printed apart from its row was (placed there by the rebuilder)
    apart: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Flag:
    """A data-quality finding. `expected`/`found` are text so any kind of value fits."""

    rule: str
    message: str
    severity: str = "warning"
    indicator: str = ""
    expected: str = ""
    found: str = ""
    location: str = ""

    def to_dict(self) -> dict:
        return dict(self.__dict__)  # flat dataclass: a copy of the fields, faster than asdict


@dataclass
class Document:
    """A report after reading and cleaning: narrative lines plus tables, with provenance."""

    path: str
    form: str  # text | markdown | html | pdf
    encoding: str
    text: str  # cleaned full text
    tables: list[Table] = field(default_factory=list)
    notes: list[Flag] = field(default_factory=list)  # what cleaning did (spam removed, ...)
    sha256: str = ""
    title: str = ""

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass
class Fact:
    """One number of one report. `value` is NaN unless status is `reported`."""

    indicator: str
    value: float
    status: str = REPORTED
    breakdown: str = "all"
    measure: str = "count"
    unit: str = ""
    source: str = "table"  # table | narrative | derived
    raw_label: str = ""
    raw_value: str = ""
    location: str = ""  # where, in words: "table 三 row (一)予以公开 col 总计 (line 12)"
    # the same place as columns, for filtering: table name (二/三/四, "1" for a legacy table's
    # order, "narrative"), row label as printed, column header as printed, line of the cleaned text
    table: str = ""
    row: str = ""
    column: str = ""
    line: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)  # flat dataclass: a copy of the fields, faster than asdict


@dataclass
class Meta:
    """What a report is: agency, year, template kind."""

    agency: str = ""
    agency_raw: str = ""
    agency_id: str = ""
    year: int | None = None
    template: str = ""  # legacy | t2019 | t2021
    title: str = ""
    published: str = ""  # ISO date where known
    flags: list[Flag] = field(default_factory=list)


@dataclass
class Report:
    """Everything parsed from one file."""

    doc: Document
    meta: Meta
    facts: list[Fact] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def report_id(self) -> str:
        return self.doc.sha256[:16]
