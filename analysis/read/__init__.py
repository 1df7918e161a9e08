"""Read: a file (text, Markdown, HTML, PDF, Word, images by OCR) -> a cleaned Document with its
tables.

>>> from analysis.read import read_document  # doctest: +SKIP
>>> doc = read_document("report.txt")        # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from analysis.base import procs
from analysis.base.files import human_size, not_regular
from analysis.clean import clean_text
from analysis.clean.markup import single_spaced, strip_inline
from analysis.model import Document, Flag
from analysis.read.decode import ReadError, decode, is_traditional, to_simplified
from analysis.read.mdtables import as_page, holds_tables
from analysis.read.texttables import find_tables

__all__ = ["read_document", "ReadError", "FORMS"]

FORMS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
         ".html": "html", ".htm": "html", ".shtml": "html", ".pdf": "pdf", ".docx": "docx",
         **dict.fromkeys((".doc", ".wps", ".rtf", ".odt"), "office"),
         **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"), "image")}
MAX_BYTES = 50 * 1024 * 1024


def form_of(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, form in FORMS.items():
        if name.endswith(suffix):
            return form
    return None


def _mask_lines(text: str, tables) -> str:
    """Blank the lines HTML tables occupy, so text-table detection does not see them twice."""
    lines = text.split("\n")
    for t in tables:
        for ln in t.row_lines:
            lines[ln - 1] = ""
    return "\n".join(lines)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; its kind and size are checked before reading (a FIFO would block, a
    3 GB file would be read whole only to be refused), and reading stops past MAX_BYTES."""
    try:
        st = path.stat()
        kind = not_regular(st)
        if kind:
            raise ReadError(f"not a regular file: {kind}")
        if st.st_size > MAX_BYTES:
            raise ReadError(f"file too large ({human_size(st.st_size)} > {human_size(MAX_BYTES)}"
                            " limit): not read")
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc} (check that it still exists "
                        "and that its permissions let you read it)") from exc
    if len(data) > MAX_BYTES:  # it grew after the check
        raise ReadError(f"file too large (> {human_size(MAX_BYTES)} limit): not read")
    return data


def _read_image(path: Path, data: bytes) -> Document:
    """An image of a report (a scan, a photo of a printed table), read by OCR."""
    from analysis.read.ocr import INSTALL, OcrMissing, read_scanned

    try:
        return read_scanned(str(path), data, "image")
    except OcrMissing as exc:
        raise ReadError(f"an image needs OCR to be read, which is not installed: {INSTALL}"
                        ) from exc
    except Exception as exc:  # Pillow raises many kinds for a damaged image; OCR past its limits
        raise ReadError(f"the image could not be read ({type(exc).__name__}: {exc})") from exc


def read_document(path: str | Path) -> Document:
    """Read one report file. Raises ReadError (with the reason) for unreadable input.

    Every reader runs under one memory cap (`analysis.base.procs.bounded`, in a child process):
    PDFs and .docx always (a small file can unpack or decode into gigabytes), text and HTML past
    `procs.INLINE` bytes; smaller pages are read here, their peak bounded by their size."""
    path = Path(path)
    form = form_of(path)
    if form is None:
        raise ReadError(f"unsupported file type {path.suffix or '(none)'}")
    data = _read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    if form == "pdf":
        from analysis.read.pdf import read_pdf

        doc = read_pdf(path, data)
        doc.sha256 = doc.sha256 or sha
        return doc
    if form == "image":
        doc = _read_image(path, data)
        doc.sha256 = sha
        return doc
    if form in ("docx", "office"):  # .doc/.wps/.rtf/.odt, or Word 97 bytes under a .docx name
        from analysis.read.docx import read_docx, word97
        from analysis.read.office import read_office

        word = form == "office" or word97(data)
        doc = read_office(path, data) if word else read_docx(path, data)
        doc.sha256 = sha
        return doc
    if len(data) <= procs.INLINE:
        return _read_page(path, form, data, sha)
    try:
        return procs.bounded(_read_page, path, form, data, sha, size=len(data))
    except procs.OverMemory as exc:
        raise ReadError(str(exc)) from None


def _read_page(path: Path, form: str, data: bytes, sha: str) -> Document:
    """A text, Markdown or HTML file's bytes -> its Document (decoded, cleaned, tables found)."""
    raw, encoding = decode(data)
    notes: list[Flag] = []
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(Flag("encoding_detected", f"decoded as {encoding}", severity="info",
                          found=encoding))
    if encoding.replace("_", "").lower().startswith("big5") or is_traditional(raw):
        raw = to_simplified(raw)
        notes.append(Flag("encoding_detected", "traditional characters converted to simplified "
                          "(OpenCC t2s) so labels match the vocabulary", severity="info",
                          found="traditional"))
    if form == "markdown":
        raw = strip_inline(raw)
    if form in ("text", "markdown"):
        raw, spaced = single_spaced(raw)
        if spaced:
            notes.append(Flag("blank_lines_dropped", "a blank line after every line (paragraphs "
                              "written out one by one) was dropped: line N here is about line "
                              "2N-1 of the file", severity="info", found=form))
    looks_html = form == "text" and raw.lstrip()[:200].lower().startswith(
        ("<!doctype", "<html", "<p", "<div", "<table"))
    if form in ("text", "markdown") and not looks_html and holds_tables(raw):
        raw, looks_html = as_page(raw), True  # Markdown with HTML tables (MinerU, marker …)
        notes.append(Flag("html_tables_in_text", "the text holds HTML tables: read as a page",
                          severity="info", found=form))
    if form == "html" or looks_html:
        from analysis.read.htmlpage import read_html

        text, tables, more, title = read_html(raw)
        tables += find_tables(_mask_lines(text, tables))
        tables.sort(key=lambda t: t.line)
        for k, t in enumerate(tables):
            t.index = k
        form = "html"
    else:
        text, more = clean_text(raw)
        tables, title = find_tables(text), ""
    return Document(path=str(path), form=form, encoding=encoding, text=text, tables=tables,
                    notes=notes + more, sha256=sha, title=title)
