"""OCR for scanned reports: image files, and PDF pages with no usable text layer.

The pages go through RapidOCR (analysis.read.ocr.engine) in a bounded child (scan), their boxes are
rebuilt into lines and table rows (layout) and become an `OcrDocument`: the same Document the
parsers read, plus, for every table row (by its text line), the value cells with their page, box,
confidence and, for an unsure digit, every reading (the pipeline lets the template arithmetic
settle those: analysis.check.ocr_digits).

>>> usable("一、总体情况 2023年，本机关主动公开政府信息123条。" * 3)
True
>>> usable("ÕþÐÅÏ¢¹«¿ª ¹¤×÷Äê¶È±¨¸æ" * 5)
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.clean import normalise, unspaced
from analysis.clean.chrome import PAGE_MARKER
from analysis.model import Document, Flag, Table
from analysis.read.ocr.digits import Cell
from analysis.read.ocr.engine import INSTALL, OcrMissing
from analysis.read.ocr.layout import PageRow
from analysis.read.ocr.scan import DPI, MAX_PAGES, count_image_pages, ocr_pages

__all__ = ["IMAGE_SUFFIXES", "INSTALL", "OcrDocument", "OcrMissing", "read_scanned", "usable"]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
_CJK = re.compile(r"[\u4e00-\u9fff\u2e80-\u2fdf]")  # with the radicals PDFs map 行, 人… to
_GOOD = re.compile(r"[\u4e00-\u9fff\u2e80-\u2fdf0-9A-Za-z\u2010-\u205f\u3000-\u303f\uff00-\uffef.,:;()%/\-|#*]")  # punctuation blocks; | # * of a printed text report's tables


def usable(text: str) -> bool:
    """Whether a page's text layer can be read: some text, mostly Chinese, digits and the
    punctuation reports use. A broken font map gives Latin-1 noise or (cid:N) codes instead."""
    s = unspaced(text)
    if len(s) < 20 or s.count("(cid:") * 6 > len(s) * 0.2:
        return False
    return len(_GOOD.findall(s)) >= 0.8 * len(s) and len(_CJK.findall(s)) >= 0.2 * len(s)


@dataclass
class OcrDocument(Document):
    """A Document read (in part) by OCR. `cells`: text line of a table row -> its value cells
    (None where blank); `raw_labels`: the same line -> the row's labels as recognised."""

    cells: dict[int, list[Cell | None]] = field(default_factory=dict)
    raw_labels: dict[int, list[str]] = field(default_factory=dict)
    ocr_pages: list[int] = field(default_factory=list)
    line_pages: list[int] = field(default_factory=list)  # per text line: its OCR'd page, or 0


def _chrome_cut(doc: OcrDocument, piece: str, where: str) -> None:
    """Note a page's chrome cut (its number, `- 1 -`): one flag for the document, as the text
    readers give (analysis.clean.chrome), listing the pieces; located at the first."""
    old = next((k for k, f in enumerate(doc.notes) if f.rule == "chrome_removed"), None)
    pieces = [*doc.notes[old].found.split(" / "), piece] if old is not None else [piece]
    flag = Flag("chrome_removed", f"cut {len(pieces)} piece(s) of page chrome", severity="info",
                found=" / ".join(pieces),
                location=doc.notes[old].location if old is not None else where)
    if old is None:
        doc.notes.append(flag)
    else:
        doc.notes[old] = flag


def _add_page(doc: OcrDocument, lines: list[str], items: list, page: int) -> None:
    tables: dict[int, Table] = {}
    for _, item, t in items:
        if isinstance(item, str):
            line = normalise(item)
            if PAGE_MARKER.match(line.strip()):  # - 1 -: page chrome, not the row above's digits
                _chrome_cut(doc, line.strip(), f"line {len(lines) + 1} (ocr p{page})")
                line = ""
            lines.append(line)
            continue
        row: PageRow = item
        values = [c.text if c else "" for c in row.cells]
        lines.append(normalise("  ".join(row.labels + [v or "_" for v in values])))
        if t not in tables:
            tables[t] = Table(rows=[], index=0, kind="flat", line=len(lines), page=page)
            doc.tables.append(tables[t])
        tables[t].rows.append([normalise(x) for x in row.labels] + values)
        tables[t].row_lines.append(len(lines))
        doc.cells[len(lines)] = row.cells
        doc.raw_labels[len(lines)] = row.raw_labels
        for raw, got in zip(row.raw_labels, row.labels, strict=True):
            if raw != got:
                doc.notes.append(Flag("ocr_label_matched", f"OCR label {raw!r} read as {got!r}",
                                      severity="info", found=raw, expected=got,
                                      location=f"line {len(lines)} (ocr p{page})"))


def read_scanned(path: str, data: bytes, form: str, todo: list[int] | None = None,
                 text_pages: list[str] | None = None, tables: list[Table] | None = None
                 ) -> OcrDocument:
    """The document of a scanned file: `form` "image" (every page OCR'd) or "pdf": the pages in
    `todo` are OCR'd, the others keep their text layer (`text_pages`) and `tables`.
    Raises OcrMissing when the engine is not installed."""
    n_pages = len(text_pages) if text_pages is not None else count_image_pages(data)
    text_pages = text_pages or [""] * n_pages
    todo = list(range(1, n_pages + 1)) if todo is None else todo
    skipped = todo[MAX_PAGES:]
    pages, late = ocr_pages(data, "pdf" if form == "pdf" else "image", todo[:MAX_PAGES])
    doc = OcrDocument(path=path, form="ocr", encoding=form, text="",
                      tables=[t for t in tables or [] if t.page not in todo], ocr_pages=todo)
    lines: list[str] = []
    for n in range(1, n_pages + 1):
        if n in pages:
            _add_page(doc, lines, pages[n], n)
            doc.line_pages += [n] * (len(lines) - len(doc.line_pages))
        elif n not in todo:
            lines += normalise(text_pages[n - 1]).split("\n")
            doc.line_pages += [0] * (len(lines) - len(doc.line_pages))
    doc.text = "\n".join(lines)
    for k, t in enumerate(sorted(doc.tables, key=lambda t: (t.page or 0, t.line))):
        t.index = k
    pages_read = ",".join(str(n) for n in sorted(pages))
    doc.notes.insert(0, Flag("ocr_read", f"pages {pages_read} read by OCR (RapidOCR PP-OCRv4, "
                             f"{DPI} dpi for PDF pages)", severity="info", found=pages_read))
    if late or skipped:
        miss = ",".join(str(n) for n in sorted(late + skipped))
        doc.notes.append(Flag("ocr_page_skipped", f"pages {miss} not OCR'd (time limit per page "
                              f"or the cap of {MAX_PAGES} pages)", found=miss))
    return doc
