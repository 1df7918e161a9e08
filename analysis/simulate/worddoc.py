"""Print a SimDoc as a Word file (.docx, python-docx), as agencies attach their reports.

Paragraphs and headings in order; tables as real Word tables whose merged cells are the template's:
三、本年度办理结果 and each (三)不予公开-style group merged down their rows, the header's 申请人情况 /
法人或其他组织 / 行政诉讼 merged across, table 四's column names merged down two rows. A seed writes
the same bytes: the package's dates and the zip entries' times are fixed to the report's year.
"""

from __future__ import annotations

import datetime
import io
import random
import re
import zipfile

from analysis.simulate.doc import SimDoc, SimTable
from analysis.simulate.spans import layout, spans

_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def _table(d, t: SimTable, rng: random.Random) -> None:
    grid = spans(t, spanned_header=rng.random() < 0.5)
    places = layout(grid)
    n_rows = max(r + rs for r, _, rs, _, _ in places)
    n_cols = max(c + cs for _, c, _, cs, _ in places)
    table = d.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    for r, c, rs, cs, text in places:
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        cell.text = text


def _fixed_zip(data: bytes, year: int) -> bytes:
    """The same archive with every entry dated 1 January of `year` (python-docx stamps 'now')."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(year, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def to_docx(doc: SimDoc, rng: random.Random) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = Document()
    when = datetime.datetime(doc.year + 1, 3, 1, tzinfo=datetime.UTC)
    props = d.core_properties
    props.created = props.modified = props.last_printed = when
    props.author = props.last_modified_by = doc.agency
    props.title, props.revision = doc.title, 1
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(doc.title).bold = True
    for x in doc.items:
        if isinstance(x, SimTable):
            _table(d, x, rng)
        elif _HEADING.match(x) and len(x) < 40 and rng.random() < 0.6:
            d.add_heading(x, level=2)
        else:
            d.add_paragraph(x)
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip(buf.getvalue(), doc.year + 1)
