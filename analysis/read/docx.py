"""Word files (.docx) -> Document: paragraphs as text lines, tables as grids, in document order.

python-docx yields a row's cells with a merged cell repeated into every grid column it covers
(horizontal gridSpan, vertical vMerge), which is how the HTML reader expands rowspan/colspan, so a
merged 三、本年度办理结果 or 申请人情况 lands in every cell it covers. As in the HTML reader, each table
is marked in the text, the text is cleaned, and the mark is replaced by one `a | b | c` line per row
with the Table's `line` / `row_lines` pointing at them: the parsers read a Word file as they read a
web page. Headings are paragraphs like the others; a nested table is read as its cell's text.

Encrypted files (an OLE container holding EncryptionInfo), .doc/.wps bytes under a .docx name,
corrupt zips and zip bombs raise ReadError with the reason.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from analysis.clean import clean_text, normalise
from analysis.model import Document, Table
from analysis.read.decode import ReadError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNPACKED = 200 * 1024 * 1024  # a report's .docx is well under a few MB once unpacked
_MARK = "\u2063TABLE{}\u2063"
_MARK_LINE = re.compile("\u2063TABLE(\\d+)\u2063")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")
CONVERT = "convert it with `soffice --headless --convert-to docx FILE`"


def check_package(path: Path, data: bytes) -> None:
    """Raise ReadError unless `data` looks like a readable, unencrypted .docx package."""
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


def _cell(cell) -> str:
    text = " ".join(p.text.strip() for p in cell.paragraphs)
    return _CJK_GAP.sub("", normalise(text.replace("\xa0", " ")).strip())


def grid(table) -> list[list[str]]:
    """A Word table as rows of cell texts, merged cells repeated, ragged rows padded."""
    rows = []
    for row in table.rows:
        cells = [_cell(c) for c in row.cells]
        rows.append([""] * row.grid_cols_before + cells + [""] * row.grid_cols_after)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _blocks(d) -> tuple[str, list[list[list[str]]]]:
    """The body in order: paragraph texts, and a mark line where each table stands."""
    from docx.table import Table as DocxTable

    lines, grids = [], []
    for block in d.iter_inner_content():
        if isinstance(block, DocxTable):
            grids.append(grid(block))
            lines.append(_MARK.format(len(grids) - 1))
        else:
            lines.append(block.text)
    return "\n".join(lines), grids


def place_tables(cleaned: str, grids: list[list[list[str]]]) -> tuple[str, list[Table]]:
    """Replace each mark by its table's rows as `a | b` lines; the Table knows those lines."""
    lines, tables = [], []
    for line in cleaned.split("\n"):
        m = _MARK_LINE.fullmatch(line.strip())
        rows = [r for r in grids[int(m.group(1))] if any(r)] if m else []
        if not m or not rows:
            lines += [] if m else [line]
            continue
        start = len(lines) + 1
        caption = next((x for x in reversed(lines) if x.strip()), "")
        tables.append(Table(rows=rows, index=len(tables), kind="html", line=start, caption=caption,
                            row_lines=list(range(start, start + len(rows)))))
        lines.extend(" | ".join(r) for r in rows)
    return "\n".join(lines), tables


def read_docx(path: str | Path, data: bytes) -> Document:
    """Read a .docx report. Raises ReadError naming the file and the reason."""
    import docx

    path = Path(path)
    check_package(path, data)
    try:
        d = docx.Document(io.BytesIO(data))
        raw, grids = _blocks(d)
    except Exception as exc:  # lxml, python-docx and zipfile raise many kinds on broken parts
        raise ReadError(f"{path}: not a readable .docx ({type(exc).__name__}: {exc})") from exc
    cleaned, notes = clean_text(raw)
    text, tables = place_tables(cleaned, grids)
    title = normalise(d.core_properties.title or "").strip() or next(
        (x.strip() for x in text.split("\n") if "年度报告" in x or "年报" in x), "")
    return Document(path=str(path), form="docx", encoding="docx", text=text, tables=tables,
                    notes=notes, title=title)
