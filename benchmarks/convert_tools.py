"""The real conversion tools a report passes through before it reaches a user, one call each.

Each step turns one file into another (`Step.run(src, out)`); `convert` caches the result under
benchmarks/work/ and keeps a tool's failure as `OUT.err`, so that a rerun converts only what is new.
The tools are the ones users' files come from: headless Chromium printing a page to PDF, poppler's
pdftotext, pdfplumber, pypdf, pdfminer.six, markitdown, pymupdf4llm, Pandoc, html2text, trafilatura,
BeautifulSoup and LibreOffice (`soffice`). A tool that is not
installed is said so (`missing`), never replaced by another.

Used by real_converters.py; `python benchmarks/convert_tools.py` prints which tools are here.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--no-pdf-header-footer"]
TIMEOUT = 180


@dataclass(frozen=True)
class Step:
    """One conversion: `name` (also the output's file name), input and output suffixes."""

    name: str
    takes: tuple[str, ...]
    gives: str
    run: Callable[[Path, Path], None]
    needs: str  # the command or module it needs, for `missing`


def _call(cmd: list[str], cwd: Path | None = None) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["(no message)"]
        raise RuntimeError(f"{cmd[0]} exited {done.returncode}: {tail[0][:300]}")


def wrap_text(src: Path, out: Path) -> None:
    """A text report as the minimal HTML page a user would print it from (lines kept, long ones
    wrapped at the page's edge as a browser does)."""
    from analysis.read.decode import decode

    text, _ = decode(src.read_bytes())
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    out.write_text("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                   f"<title>{html.escape(title)}</title><style>body{{font-family:'Noto Sans CJK SC',"
                   "sans-serif}pre{white-space:pre-wrap;font-family:inherit}</style></head>"
                   f"<body><pre>{html.escape(text)}</pre></body></html>", encoding="utf-8")


def chromium_pdf(src: Path, out: Path) -> None:
    """Headless Chromium's print to PDF (its own profile folder, so that runs never share one)."""
    with tempfile.TemporaryDirectory() as prof:
        _call(CHROMIUM + [f"--user-data-dir={prof}", f"--print-to-pdf={out}",
                          src.resolve().as_uri()])
    if not out.is_file() or out.stat().st_size == 0:
        raise RuntimeError("chromium wrote no PDF")


SMALL_PAGE = "148mm 170mm"  # a page on which long rows are cut by page breaks and labels wrap


def chromium_small_pdf(src: Path, out: Path) -> None:
    """Chromium's print on a small page (CSS @page, margins 10 mm): tables break across pages,
    rows among them, and narrow columns wrap their labels over lines."""
    page = out.with_name(out.stem + ".small.html")
    text = src.read_text(encoding="utf-8", errors="replace")
    style = f"<style>@page{{size:{SMALL_PAGE};margin:10mm}}</style>"
    text = re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + style, text, count=1, flags=re.I) \
        if re.search(r"<head[^>]*>", text, re.I) else style + text
    page.write_text(text, encoding="utf-8")
    try:
        chromium_pdf(page, out)
    finally:
        page.unlink(missing_ok=True)


def _soffice(target: str) -> Callable[[Path, Path], None]:
    def run(src: Path, out: Path) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            prof = Path(tmp) / "profile"
            _call(["soffice", f"-env:UserInstallation={prof.as_uri()}", "--headless",
                   "--convert-to", target, "--outdir", tmp, str(src.resolve())])
            made = Path(tmp) / (src.stem + out.suffix)
            if not made.is_file():
                raise RuntimeError(f"soffice made no {out.suffix} file")
            shutil.move(made, out)
    return run


def _pdftotext(mode: str) -> Callable[[Path, Path], None]:
    def run(src: Path, out: Path) -> None:
        _call(["pdftotext", mode, "-enc", "UTF-8", str(src), str(out)])
    return run


def pdfplumber_text(src: Path, out: Path) -> None:
    """pdfplumber's extract_text, page after page (what a script built on it saves)."""
    import pdfplumber

    with pdfplumber.open(src) as pdf:
        out.write_text("\n".join(p.extract_text() or "" for p in pdf.pages), encoding="utf-8")


def markitdown_md(src: Path, out: Path) -> None:
    from markitdown import MarkItDown

    out.write_text(MarkItDown().convert(str(src)).text_content, encoding="utf-8")


def pymupdf4llm_md(src: Path, out: Path) -> None:
    import pymupdf4llm

    out.write_text(pymupdf4llm.to_markdown(str(src), show_progress=False), encoding="utf-8")


def _pandoc(to: str) -> Callable[[Path, Path], None]:
    """Pandoc (from pypandoc-binary) to Markdown: `gfm` writes a table with merged cells as an HTML
    <table>, pandoc's own `markdown` a grid table, styled text as [text]{style=…} spans."""
    def run(src: Path, out: Path) -> None:
        import pypandoc

        fmt = {".html": "html", ".docx": "docx"}[src.suffix]
        _call([pypandoc.get_pandoc_path(), "-f", fmt, "-t", to, "--wrap=none", str(src),
               "-o", str(out)])
    return run


def pdftohtml_page(src: Path, out: Path) -> None:
    """poppler's pdftohtml as one page (-s), images left out: every piece of text placed by
    coordinates (position:absolute), as sites publish a PDF as a web page."""
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        _call(["pdftohtml", "-s", "-i", "-noframes", "-q", str(src), str(stem)])
        made = stem.with_suffix(".html")
        if not made.is_file():
            raise RuntimeError("pdftohtml made no file")
        shutil.copy(made, out)


def pypdf_text(src: Path, out: Path) -> None:
    """pypdf's extract_text, page after page (what many Python scripts save)."""
    import pypdf

    out.write_text("\n".join(p.extract_text() or "" for p in pypdf.PdfReader(src).pages),
                   encoding="utf-8")


def pdfminer_text(src: Path, out: Path) -> None:
    """pdfminer.six's extract_text with its default layout analysis."""
    from pdfminer.high_level import extract_text

    out.write_text(extract_text(str(src)), encoding="utf-8")


def _page(src: Path) -> str:
    return src.read_bytes().decode("utf-8", "replace")


def html2text_md(src: Path, out: Path) -> None:
    """html2text (a crawler's HTML to Markdown: tables as `a| b| c` lines)."""
    import html2text

    h = html2text.HTML2Text()
    h.body_width = 0
    out.write_text(h.handle(_page(src)), encoding="utf-8")


def trafilatura_text(src: Path, out: Path) -> None:
    """trafilatura's main text of the page, tables kept (a crawler's extraction)."""
    import trafilatura

    out.write_text(trafilatura.extract(_page(src), include_tables=True) or "", encoding="utf-8")


def soup_text(src: Path, out: Path) -> None:
    """BeautifulSoup's get_text, a line per text node (a table's cells a line each)."""
    from bs4 import BeautifulSoup

    out.write_text(BeautifulSoup(_page(src), "lxml").get_text("\n"), encoding="utf-8")


TARGETS = {"lo-docx": "docx:MS Word 2007 XML", "lo-doc": "doc:MS Word 97"}
STEPS = {s.name: s for s in (
    Step("wrapped", (".txt",), ".html", wrap_text, "python"),
    Step("chromium", (".html",), ".pdf", chromium_pdf, "chromium"),
    Step("chromium-small", (".html",), ".pdf", chromium_small_pdf, "chromium"),
    Step("lo-pdf", (".docx",), ".pdf", _soffice("pdf"), "soffice"),
    Step("lo-docx", (".html",), ".docx", _soffice("docx:MS Word 2007 XML"), "soffice"),
    Step("lo-doc", (".html",), ".doc", _soffice("doc:MS Word 97"), "soffice"),
    Step("pdftotext-layout", (".pdf",), ".txt", _pdftotext("-layout"), "pdftotext"),
    Step("pdftotext-raw", (".pdf",), ".txt", _pdftotext("-raw"), "pdftotext"),
    Step("pdfplumber", (".pdf",), ".txt", pdfplumber_text, "pdfplumber"),
    Step("markitdown", (".pdf", ".docx", ".html"), ".md", markitdown_md, "markitdown"),
    Step("pymupdf4llm", (".pdf",), ".md", pymupdf4llm_md, "pymupdf4llm"),
    Step("pdftotext-default", (".pdf",), ".txt", _pdftotext("-q"), "pdftotext"),
    Step("pypdf", (".pdf",), ".txt", pypdf_text, "pypdf"),
    Step("pdftohtml", (".pdf",), ".html", pdftohtml_page, "pdftohtml"),
    Step("pdfminer", (".pdf",), ".txt", pdfminer_text, "pdfminer"),
    Step("html2text", (".html",), ".md", html2text_md, "html2text"),
    Step("trafilatura", (".html",), ".txt", trafilatura_text, "trafilatura"),
    Step("soup-text", (".html",), ".txt", soup_text, "bs4"),
    Step("pandoc-gfm", (".html", ".docx"), ".md", _pandoc("gfm"), "pypandoc"),
    Step("pandoc-md", (".html", ".docx"), ".md", _pandoc("markdown"), "pypandoc"),
)}


def missing(step: Step) -> str:
    """Why `step` cannot run here ('' when it can)."""
    if step.needs in ("chromium", "soffice", "pdftotext", "pdftohtml"):
        return "" if shutil.which(step.needs) else f"{step.needs} not installed"
    if step.needs == "python":
        return ""
    import importlib.util

    return "" if importlib.util.find_spec(step.needs) else (
        f"{step.needs} not installed (pip install -e '.[bench]')")


def done(src: Path, out: Path) -> bool:
    """An earlier result (or failure, OUT.err) of `src` is there and not older than it."""
    return any(p.is_file() and p.stat().st_mtime >= src.stat().st_mtime
               for p in (out, out.with_suffix(".err")))


def convert(step: Step, src: Path, out: Path, fresh: bool = False) -> Path:
    """`src` through `step` into `out`, reusing an earlier result newer than `src`. Raises
    RuntimeError with the tool's message (kept in OUT.err) when the tool fails."""
    err = out.with_suffix(".err")
    if not fresh and done(src, out):
        if err.is_file():
            raise RuntimeError(err.read_text(encoding="utf-8"))
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    err.unlink(missing_ok=True)
    if why := missing(step):
        raise RuntimeError(why)
    try:
        step.run(src, out)
    except Exception as exc:  # a tool's crash is a result: kept, said, never fatal
        err.write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
        raise RuntimeError(f"{type(exc).__name__}: {exc}") from exc
    return out


def soffice_batch(step: Step, pairs: list[tuple[Path, Path]], chunk: int = 40) -> None:
    """Many files through one LibreOffice step, `chunk` files a process (LibreOffice starts in
    seconds and converts in a fraction of one). Each output is OUT; a file LibreOffice did not
    convert gets OUT.err. Pairs already done are skipped."""
    todo = [(s, o) for s, o in pairs if not done(s, o)]
    if why := missing(step):
        for _, out in todo:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.with_suffix(".err").write_text(f"RuntimeError: {why}", encoding="utf-8")
        return
    for k in range(0, len(todo), chunk):
        part = todo[k:k + chunk]
        with tempfile.TemporaryDirectory() as tmp:
            try:
                _call(["soffice", f"-env:UserInstallation={(Path(tmp) / 'p').as_uri()}",
                       "--headless", "--convert-to", TARGETS[step.name], "--outdir", tmp,
                       *(str(s.resolve()) for s, _ in part)])
                why = "soffice made no file"
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                why = f"{type(exc).__name__}: {exc}"
            for src, out in part:
                out.parent.mkdir(parents=True, exist_ok=True)
                made = Path(tmp) / (src.stem + step.gives)
                if made.is_file():
                    shutil.move(made, out)
                else:
                    out.with_suffix(".err").write_text(f"RuntimeError: {why}", encoding="utf-8")


if __name__ == "__main__":
    for s in STEPS.values():
        print(f"{s.name:18s} {'/'.join(s.takes):18s} -> {s.gives:6s} {missing(s) or 'ok'}")
