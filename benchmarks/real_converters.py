"""The reports as users hold them: each hand-checked report put through the real conversion tools.

Every development report with hand-checked figures (../shared/corpus/real/ with real/expected.json,
../shared/corpus/ with corpus_expected.json) is turned into the forms users bring, by the real tools
(convert_tools.py), and each result is read alone by xxgk and scored against the same figures with
real_accuracy.py's scoring:

- PDF: the HTML pages printed by headless Chromium, the text reports wrapped in a minimal page and
  printed the same way, the published PDFs as they are; read by xxgk as PDFs;
- PDF to text or Markdown: `pdftotext -layout`, `-raw` and its default reading order (poppler),
  pdfplumber's text, pypdf, pdfminer.six, markitdown, pymupdf4llm; poppler's pdftohtml (the PDF
  as a web page of text placed by coordinates);
- HTML to text as crawlers save it: html2text, trafilatura, BeautifulSoup's get_text;
- HTML and Word to Markdown: Pandoc's GFM (tables with merged cells as HTML <table>) and its own
  Markdown (grid tables, styled text as [text]{style=…} spans);
- Word: LibreOffice's .docx of the page (and markitdown's Markdown of that .docx), LibreOffice's
  .doc (xxgk does not read .doc: the line it fails with is shown);
- HTML to Markdown: markitdown on the HTML pages.

A few hundred simulated reports (`xxgk simulate`, HTML and text forms, ground truth known) go
through the same tools (`--sim-agencies 0` leaves them out). Scanned forms (a PDF rasterised and
OCR'd) are not in this bench: xxgk has no OCR reader yet.

Per form: right / total, the share of the figures the original (the file as published, read by
xxgk) gives, the silent wrong numbers (a wrong value no flag names) and the files not read.
Conversions are cached under benchmarks/work/converters/ (`--fresh` makes them again).

    python benchmarks/real_converters.py [--corpus ../shared/corpus] [--sim-agencies 20]

Writes benchmarks/real_converters.md. Exit 1 when a silent wrong number appears anywhere or a
lossless form (all but LibreOffice's PDF, which clips a table wider than the page, and the
reading-order texts, which lose which numbers are whose row) gives fewer
than 98% of the figures its original gives; 2 without
the corpus.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import convert_tools as ct  # noqa: E402
import converters_report as rep  # noqa: E402
from real_accuracy import FileScore, arguments, expected_files, score_file  # noqa: E402

from analysis.dataset.inputs import collect  # noqa: E402

WORK = HERE / "work" / "converters"
FLOOR = 0.98
ORIGINAL = "as published"
# LibreOffice prints a Word table wider than the page clipped at its edge (the 总计 column of a
# page saved as Word, for one): the PDF holds less than the file
# pdftotext's default order and pdfminer.six print a table in reading order, a column's cells
# down the page, a label wrapped over two lines after the numbers beside it: which numbers are
# whose row is no longer in the text (and no sum tells a permutation of rows apart)
NOT_LOSSLESS = ("LibreOffice PDF (of the .docx)", "pdftotext -layout (LibreOffice PDF)",
                "pdftotext (reading order)", "pdfminer.six")
PDF_TOOLS = {"pdftotext -layout": "pdftotext-layout", "pdftotext -raw": "pdftotext-raw",
             "pdftotext (reading order)": "pdftotext-default", "pypdf": "pypdf",
             "pdfminer.six": "pdfminer", "pdftohtml (PDF as a page)": "pdftohtml",
             "pdfplumber text": "pdfplumber", "markitdown (PDF)": "markitdown",
             "pymupdf4llm (PDF)": "pymupdf4llm"}
Source = tuple[Path, dict]


def kind(path: Path) -> str:
    return {".html": "html", ".txt": "txt", ".pdf": "pdf"}[path.suffix]


def chains(k: str) -> dict[str, tuple[str, ...]]:
    """The forms made from a source of kind `k`, each as the steps that make it."""
    to_pdf = {"html": ("chromium",), "txt": ("wrapped", "chromium"), "pdf": ()}[k]
    out: dict[str, tuple[str, ...]] = {ORIGINAL: (), "PDF": to_pdf}
    if k == "pdf":
        out.pop("PDF")
    out.update({name: to_pdf + (step,) for name, step in PDF_TOOLS.items()})
    if k != "pdf":
        page = () if k == "html" else ("wrapped",)
        out.update({"LibreOffice .docx": page + ("lo-docx",),
                    "markitdown (.docx)": page + ("lo-docx", "markitdown"),
                    "LibreOffice .doc": page + ("lo-doc",),
                    "PDF, small page": page + ("chromium-small",),
                    "pdftotext -layout (small page)": page + ("chromium-small", "pdftotext-layout"),
                    "LibreOffice PDF (of the .docx)": page + ("lo-docx", "lo-pdf"),
                    "pdftotext -layout (LibreOffice PDF)": page + ("lo-docx", "lo-pdf",
                                                                   "pdftotext-layout")})
    if k != "pdf":
        out.update({"html2text (HTML)": page + ("html2text",),
                    "trafilatura (HTML)": page + ("trafilatura",),
                    "BeautifulSoup get_text (HTML)": page + ("soup-text",),
                    "Pandoc GFM (HTML)": page + ("pandoc-gfm",),
                    "Pandoc Markdown (HTML)": page + ("pandoc-md",),
                    "Pandoc Markdown (.docx)": page + ("lo-docx", "pandoc-md")})
    if k == "html":
        out["markitdown (HTML)"] = ("markitdown",)
    return out


def stem(path: Path) -> str:
    return path.name[: -len(path.suffix)]


def target(src: Path, chain: tuple[str, ...], root: Path) -> Path:
    """Where `chain` leaves `src`: one folder per chain, the file keeping its name."""
    return root / "+".join(chain) / (stem(src) + ct.STEPS[chain[-1]].gives)


def made(src: Path, chain: tuple[str, ...], root: Path, fresh: bool = False) -> Path:
    """`src` through every step of `chain` (each result cached; `fresh` makes the last step's
    again, the earlier ones being made first by `prepare`). Raises RuntimeError."""
    cur = src
    for i in range(len(chain)):
        cur = ct.convert(ct.STEPS[chain[i]], cur, target(src, chain[: i + 1], root),
                         fresh and i == len(chain) - 1)
    return cur


def prepare(sources: list[Source], root: Path, jobs: int, fresh: bool, py_jobs: int = 2) -> None:
    """Every form made, step by step: the external commands (Chromium, mostly waiting, so several
    at once; pdftotext; LibreOffice, one process for many files), then the Python tools in
    worker processes of their own (in a process that had loaded markitdown's onnxruntime, a
    fork hung: xxgk's PDF reader's child, and once a pdftotext call)."""
    pages: list[tuple[Path, tuple[str, ...]]] = []
    for src, _ in sources:
        if kind(src) == "pdf":
            continue
        page = () if kind(src) == "html" else ("wrapped",)
        try:
            made(src, page, root, fresh)
        except RuntimeError:
            continue  # the wrapping failed: every form of it is scored as not converted
        pages.append((src, page))
    _chromium_all(pages, root, jobs, fresh)
    for src, _ in sources:
        for chain in chains(kind(src)).values():
            if chain and chain[-1].startswith("pdftotext"):
                try:
                    made(src, chain, root, fresh)
                except RuntimeError:
                    pass  # kept in OUT.err
    for step in ("lo-docx", "lo-doc"):
        for page in {p for _, p in pages}:
            pairs = [(made(s, p, root) if p else s, target(s, p + (step,), root))
                     for s, p in pages if p == page]
            for _, out in pairs if fresh else ():
                out.unlink(missing_ok=True)
                out.with_suffix(".err").unlink(missing_ok=True)
            ct.soffice_batch(ct.STEPS[step], pairs)
    _spawned(_python_tools, [(src, root, fresh) for src, _ in sources], py_jobs)


def _python_tools(src: Path, root: Path, fresh: bool) -> None:
    """The forms the Python tools make from one source (in a worker of their own: a process
    that has loaded markitdown's onnxruntime hangs when xxgk's PDF reader forks its child)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its font warnings, by the thousand
    for chain in chains(kind(src)).values():
        try:
            made(src, chain, root, fresh) if chain else None
        except RuntimeError:
            pass  # kept in OUT.err


def _spawned(fn, args: list[tuple], jobs: int) -> list:
    """fn(*a) for each a in `args`, in `jobs` freshly started processes, results in order."""
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        return [f.result() for f in [pool.submit(fn, *a) for a in args]]


def _chromium_all(pages: list[tuple[Path, tuple[str, ...]]], root: Path, jobs: int,
                  fresh: bool) -> None:
    def one(item: tuple[Path, tuple[str, ...]]) -> None:
        try:
            made(item[0], item[1] + ("chromium",), root, fresh)
        except RuntimeError:
            pass  # kept in OUT.err, scored as not read

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, pages))


def score_source(src: Path, entry: dict, root: Path, group: str) -> dict[str, FileScore]:
    """Every form of one source, read alone: {form: score} (a form not made yet is made here)."""
    out: dict[str, FileScore] = {}
    for form, chain in chains(kind(src)).items():
        try:
            path = made(src, chain, root) if chain else src
            refused = collect([path]).failures
            if refused:
                raise RuntimeError(f"xxgk ingest refuses it: {refused[0]['reason']}")
        except RuntimeError as exc:
            s = FileScore(file=src.name, group=group, total=len(entry["figures"]))
            s.error = str(exc)
            s.missed = [f"not read ({exc})"] * s.total
            out[form] = s
            continue
        out[form] = score_file(path, entry, group)
        out[form].file = src.name
    return out


def score_forms(sources: list[Source], root: Path, group: str,
                jobs: int) -> dict[str, list[FileScore]]:
    """Every form of every source, read alone and scored: {form: [FileScore]}, in `jobs` worker
    processes that load no converter (all forms are made by then)."""
    out: dict[str, list[FileScore]] = {}
    for scores in _spawned(score_source, [(src, e, root, group) for src, e in sources], jobs):
        for form, score in scores.items():
            out.setdefault(form, []).append(score)
    return out


def failures(results: dict[str, dict[str, list[FileScore]]]) -> list[str]:
    """What breaks the floors: a silent wrong number anywhere, a lossless form below 98%."""
    bad = []
    for group, forms in results.items():
        base = {s.file: s.right for s in forms.get(ORIGINAL, [])}
        for form, scores in forms.items():
            bad += [f"{group} / {form}: silent wrong {s.file}: {w}" for s in scores
                    for w in s.wrong]
            right = sum(s.right for s in scores)
            want = sum(base.get(s.file, 0) for s in scores)
            if form not in NOT_LOSSLESS and right < FLOOR * want:
                bad.append(f"{group} / {form}: {right} figures right, below {FLOOR:.0%} of the "
                           f"{want} its originals give")
    return bad


def main(argv: list[str] | None = None) -> int:
    extra = rep.options(argv)
    if (got := arguments(__doc__, HERE / "real_converters.md", extra.rest)) is None:
        return 2
    corpus, results_file = got
    t0 = time.perf_counter()
    groups = {"real": expected_files(corpus)}
    if extra.sim_agencies:
        groups["simulated"] = rep.simulated(WORK / "sim", extra.sim_agencies, extra.seed,
                                           extra.sim_reports)
    results = {}
    for group, sources in groups.items():
        root = WORK / group
        prepare(sources, root, extra.jobs, extra.fresh, extra.score_jobs)
        results[group] = score_forms(sources, root, group, extra.score_jobs)
    bad = failures(results)
    text = rep.report(results, bad, ORIGINAL, time.perf_counter() - t0)
    Path(results_file).write_text(text, encoding="utf-8")
    rep.summary(results, ORIGINAL)
    print(f"written {results_file}")
    for b in bad:
        print("FLOOR:", b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
