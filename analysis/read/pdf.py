"""PDF with a text layer -> Document: the page text for the narrative, ruled tables as grids.

pdfplumber's table finding uses the ruling lines, so a cell printed over several lines (商业\\n企业,
vertical 三\\n、\\n本\\n年…) stays one cell, and a number centred beside a two-line label stays on the
label's row. Cell text is joined without the line breaks and normalised (NFKC). One-column "tables"
(boxes around prose) are skipped. A row a page break cut in two is closed on each page and its
label's end joined to it (pdfbreaks.py). Pages without ruled tables are read from their text alone; the
parser then falls back to text lines.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from analysis.base.procs import ChildDied, OverMemory, bounded
from analysis.clean import clean_text, normalise
from analysis.model import Document, Flag, Table
from analysis.read import pdfbreaks
from analysis.read.decode import ReadError
from analysis.read.ocr import INSTALL, OcrMissing, read_scanned, usable

MIN_COLS = 2


def _cell(text: str | None) -> str:
    if not text:
        return ""
    return normalise(text.replace("\n", "")).strip()


def _tables(page, number: int, start: int) -> tuple[list[Table], bool, bool]:
    """The page's ruled tables, and whether its first table opens with a row cut by the page
    break above and its last table ends with one cut below (analysis.read.pdfbreaks)."""
    found = page.find_tables()
    borders = [x for f in found for x in _open_borders(page, f.bbox)]
    if borders:  # a side the printer left open: its column is read with the others
        found = page.find_tables(table_settings={"explicit_vertical_lines": borders})
    cuts = [pdfbreaks.closing_lines(page.edges, f.bbox) for f in found]
    lines = [y for cut in cuts for y in cut if y is not None]
    if lines:  # close the cut rows and find the tables again: each half is then a row
        found = page.find_tables(table_settings={"explicit_horizontal_lines": lines,
                                                 "explicit_vertical_lines": borders})
    out = []
    for f in found:
        rows = [[_cell(c) for c in r] for r in f.extract()]
        rows = [r for r in rows if any(r)]
        if not rows or max(len(r) for r in rows) < MIN_COLS:
            continue
        out.append(Table(rows=rows, index=start + len(out), kind="pdf", page=number))
    return out, bool(cuts) and cuts[0][1] is not None, bool(cuts) and cuts[-1][0] is not None


def _open_borders(page, bbox: tuple) -> list[float]:
    """x of a table's outer side drawn without its vertical rule (a page printed by Chromium
    left the 总计 column's right border as dots): most of the rules across the table's rows
    reach past its last vertical line to one x, and text stands between. Without that line the
    column's cells were no cells, and its numbers (the row totals) were lost."""
    x0, top, x1, bottom = bbox
    rules = [e for e in page.edges if e["orientation"] == "h" and top - 1 <= e["top"] <= bottom + 1
             and e["x0"] < x1 + 2 and e["x1"] > x0 - 2]  # touching the table, or in it
    out = []
    ys = {round(e["top"]) for e in rules}  # the row rules
    for side in ("x1", "x0"):
        beyond = [round(e[side]) for e in rules if (e[side] > x1 + 2 if side == "x1"
                                                    else e[side] < x0 - 2)]
        if not beyond:
            continue
        far = max(set(beyond), key=beyond.count)  # where most rules past the table end
        reach = {round(e["top"]) for e in rules if abs(e[side] - far) <= 1}
        if len(reach) < max(3, 0.5 * len(ys)):
            continue
        lo, hi = sorted((far, x1 if far > x1 else x0))
        if any(lo < c["x0"] < hi and top < c["top"] < bottom for c in page.chars):
            out.append(float(far))
    return out


def _why(exc: Exception) -> str:
    """The reason in words; pdfplumber wraps pdfminer's error (an encrypted file said only
    "PdfminerException: ")."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ("the PDF is encrypted (it needs a password to open): save an unprotected copy, "
                "e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf")
    if isinstance(inner, OverMemory):
        return str(inner)
    return f"not a readable PDF ({type(inner).__name__}: {inner})"


def _on_baselines(page) -> list[dict]:
    """The page's characters placed by their baseline: an upright character's top is set to its
    baseline. Chromium sets digits and Latin text in another font than the CJK text around them;
    on one baseline their tops differ by the fonts' ascents (3.5 pt at 16 px), and pdfplumber,
    which groups lines by top within 3 pt, put a sentence's digits on a line of their own."""
    out = []
    for c in page.chars:
        m = c.get("matrix") or (1, 0, 0, 1, 0, 0)
        if c.get("upright") and m[1] == 0 and m[2] == 0:
            base = page.height - m[5] + page.bbox[1]
            c = {**c, "top": base - 1, "bottom": base}
        out.append(c)
    return out


def _page_text(page) -> str:
    from pdfplumber.utils import extract_text

    return extract_text(_on_baselines(page)) or ""


def _extract(data: bytes) -> tuple[list[str], list[Table], list[bool]]:
    """Each page's text, the ruled tables and whether each page holds an image (run in a child
    process under a memory limit)."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages: list[str] = []
    tables: list[Table] = []
    images: list[bool] = []
    cut_below = False  # the last table so far ends with a row the page break cut
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            pages.append(_page_text(page))
            images.append(bool(page.images))
            if usable(pages[-1]):
                found, cut_above, below = _tables(page, n, len(tables))
                if found and cut_above and cut_below and tables[-1].page == n - 1:
                    pdfbreaks.join_cut_rows(tables[-1].rows, found[0].rows)
                tables += [t for t in found if t.rows]
                cut_below = below if found else False
            page.close()  # its layout objects go: memory stays flat over a long report
    return pages, tables, images


def _to_ocr(pages: list[str], images: list[bool]) -> list[int]:
    """The pages to OCR: no usable text layer, and either an image (a scan) or text that is not
    usable (a broken font map). A blank page, or one holding only its page number, is not."""
    return [n for n, (text, image) in enumerate(zip(pages, images, strict=True), start=1)
            if not usable(text) and (image or len(text.strip()) >= 20)]


def _scanned(path: Path, data: bytes, todo: list[int], pages: list[str], tables: list[Table]
             ) -> Document:
    """The PDF with its pages in `todo` read by OCR; a ReadError saying how to install OCR where
    it is missing."""
    try:
        return read_scanned(str(path), data, "pdf", todo, pages, tables)
    except OcrMissing as exc:
        raise ReadError(f"{path}: pages {','.join(map(str, todo))} have no usable text layer "
                        f"(scanned images); reading them needs OCR: {INSTALL}") from exc
    except (ChildDied, MemoryError) as exc:
        raise ReadError(f"{path}: OCR did not finish ({type(exc).__name__}: {exc})") from exc


def read_pdf(path: Path, data: bytes) -> Document:
    """Read a PDF's text layer and ruled tables. Raises ReadError naming the file and the reason.

    pdfminer runs in a child process under the readers' memory cap (`procs.bounded`): a damaged
    width table made it ask for 24 GB, and the machine's OOM killer then picks any process."""
    try:
        pages, tables, images = bounded(_extract, data, size=len(data))
    except Exception as exc:  # pdfminer raises many kinds; name the file and the reason
        raise ReadError(f"{path}: {_why(exc)}") from exc
    todo = _to_ocr(pages, images)
    if todo:
        return _scanned(path, data, todo, pages, tables)
    raw = "\n".join(pages)
    notes: list[Flag] = []
    if not raw.strip():
        raise ReadError(f"{path}: the PDF has no text layer and no image to OCR")
    text, more = clean_text(raw)
    return Document(path=str(path), form="pdf", encoding="pdf", text=text, tables=tables,
                    notes=notes + more)
