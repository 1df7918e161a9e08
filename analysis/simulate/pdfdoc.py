"""Print a SimDoc as a PDF with a text layer (fpdf2 + Noto Sans SC from pylopdf-fonts-zh-cn).

Tables are drawn with ruled cells, long labels and header cells wrap over lines, and each page has a
`- n -` footer, as in published reports.

fpdf2 embeds the OpenType (CFF) font with an embedded CMap named Adobe-Identity-UCS; pdfminer (and so
pdfplumber) cannot use a CMap stream and extracts no text at all. The CMap maps codes to glyphs like
Identity-H, so the stream's name is changed to Identity-H (same byte length, offsets unchanged):
viewers render the same, and the text layer becomes readable, as in PDFs written by office software.
"""

from __future__ import annotations

import datetime
import random

from analysis.simulate.doc import SimDoc, SimTable
from analysis.simulate.spans import spans

_OLD = b"/CMapName /Adobe-Identity-UCS\n/Length"
_NEW = b"/CMapName /Identity-H        \n/Length"


def _fpdf():
    from fpdf import FPDF

    class Report(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("noto", size=9)
            self.cell(0, 10, f"- {self.page_no()} -", align="C")

    return Report


def _widths(t: SimTable, n: int) -> tuple[float, ...] | None:
    if t.kind == "t3":
        return (7, 20, 50) + (15,) * (n - 3)
    if t.kind in ("legacy", "fujian"):
        return (80, 14) + (28,) * (n - 2)
    if t.kind == "t4":
        return None
    return (60,) + (40,) * (n - 1)


def _table(pdf, t: SimTable, rng: random.Random) -> None:
    grid = spans(t, spanned_header=rng.random() < 0.5)
    n = sum(cs for _, _, cs in grid[0])
    pdf.set_font("noto", size=7 if t.kind in ("t3", "t4") else 8)
    with pdf.table(first_row_as_headings=False, col_widths=_widths(t, n),
                   line_height=4.2, text_align="LEFT") as tb:
        for cells in grid:
            row = tb.row()
            for text, rs, cs in cells:
                row.cell(text, rowspan=rs, colspan=cs)
    pdf.ln(3)
    pdf.set_font("noto", size=10.5)


def to_pdf(doc: SimDoc, rng: random.Random) -> bytes:
    from pylopdf_fonts_zh_cn import sans_path

    pdf = _fpdf()(format="A4")
    pdf.set_creation_date(datetime.datetime(doc.year + 1, 3, 1, tzinfo=datetime.UTC))
    pdf.add_font("noto", "", sans_path())
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("noto", size=15)
    pdf.multi_cell(0, 9, doc.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("noto", size=10.5)
    for x in doc.items:
        if isinstance(x, SimTable):
            _table(pdf, x, rng)
        else:
            pdf.multi_cell(0, 6.5, x, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    return data.replace(_OLD, _NEW)
