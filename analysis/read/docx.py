"""Word files (.docx) -> Document: paragraphs as text lines, tables as grids, in document order.

python-docx yields a row's cells with a merged cell repeated into every grid column it covers
(horizontal gridSpan, vertical vMerge), which is how the HTML reader expands rowspan/colspan, so a
merged 三、本年度办理结果 or 申请人情况 lands in every cell it covers. The body is then written out as a
plain HTML page (a <p> per paragraph, heading or not; a <table> per table, grid already expanded)
and read by the HTML reader: the same cleaning, the same table marks in the text (one `a | b` line
per row, Table.line/row_lines/caption), the same cell normalisation, so the parsers read a Word file
exactly as a web page. A nested table is read as its cell's text.

Encrypted files (an OLE container holding EncryptionInfo), .doc/.wps bytes under a .docx name,
corrupt zips and zip bombs raise ReadError with the reason.
"""

from __future__ import annotations

import io
import zipfile
from html import escape
from pathlib import Path

from analysis.base.procs import OverMemory, bounded
from analysis.model import Document
from analysis.read.decode import ReadError
from analysis.read.htmlpage import read_html

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNPACKED = 200 * 1024 * 1024  # a report's .docx is well under a few MB once unpacked
CONVERT = "convert it with `soffice --headless --convert-to docx FILE`"


def word97(data: bytes) -> bool:
    """Whether `data` is a Word 97-2003 or WPS file (an OLE container) that is not encrypted: such
    files saved under a .docx name are read through LibreOffice (analysis.read.office)."""
    return data.startswith(OLE) and "EncryptionInfo".encode("utf-16-le") not in data and len(data) >= 512


def check_package(path: Path, data: bytes) -> int:
    """Raise ReadError unless `data` looks like a readable, unencrypted .docx package; its
    unpacked size otherwise."""
    if data.startswith(OLE):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ReadError(f"{path}: encrypted (password-protected) Word file; save it without a "
                            "password first")
        raise ReadError(f"{path}: a Word 97-2003 (.doc) or WPS file, not a .docx; {CONVERT}")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(f"{path}: not a readable .docx (not a zip package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = {i.filename for i in z.infolist()}
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"{path}: not a readable .docx ({type(exc).__name__}: {exc})") from exc
    if "word/document.xml" not in names:
        raise ReadError(f"{path}: not a Word document (no word/document.xml in the package)")
    if unpacked > MAX_UNPACKED:
        raise ReadError(f"{path}: unpacks to {unpacked} bytes (> {MAX_UNPACKED}); refused")
    return unpacked


def _cell(cell) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs)


def grid(table) -> list[list[str]]:
    """A Word table as rows of cell texts, merged cells repeated, ragged rows padded."""
    rows = []
    for row in table.rows:
        cells = [_cell(c) for c in row.cells]
        rows.append([""] * row.grid_cols_before + cells + [""] * row.grid_cols_after)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def as_html(d) -> str:
    """The body as a plain HTML page: a <p> per paragraph, a <table> per table with its grid
    already expanded (no spans), the package title as <title>."""
    from docx.table import Table as DocxTable

    parts = [f"<html><head><title>{escape(d.core_properties.title or '')}</title></head><body>"]
    for block in d.iter_inner_content():
        if isinstance(block, DocxTable):
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>"
                           for r in grid(block))
            parts.append(f"<table>{rows}</table>")
        else:
            parts.append(f"<p>{escape(block.text)}</p>")
    return "\n".join(parts) + "</body></html>"


def read_docx(path: str | Path, data: bytes) -> Document:
    """Read a .docx report. Raises ReadError naming the file and the reason.

    The XML is parsed in a child under the readers' memory cap for its unpacked size
    (`procs.bounded`): a 600 KB file whose document.xml unpacks to 190 MB once took 3.6 GB."""
    path = Path(path)
    unpacked = check_package(path, data)
    try:
        text, tables, notes, title = bounded(_read, path, data, size=unpacked)
    except OverMemory as exc:
        raise ReadError(f"{path}: {exc}") from None
    return Document(path=str(path), form="docx", encoding="docx", text=text, tables=tables,
                    notes=notes, title=title)


def _read(path: Path, data: bytes):
    """(text, tables, notes, title) of a checked package: its body as a page, read as HTML."""
    import docx

    try:
        page = as_html(docx.Document(io.BytesIO(data)))
    except MemoryError:
        raise
    except Exception as exc:  # lxml, python-docx and zipfile raise many kinds on broken parts
        raise ReadError(f"{path}: not a readable .docx ({type(exc).__name__}: {exc})") from exc
    return read_html(page)
