"""Write a simulated corpus: one report per agency-year in that year's format and a form drawn per
report, the registry (agencies.csv), a few broken files, and the ground truth under DIR/truth/.

Truth files (paths relative to DIR):
- truth/files.csv: path, expect (report | failure), agency_id, agency, year, template, form,
  encoding, noise (the kinds applied, ';'-separated), bytes
- truth/facts.csv: path, indicator, breakdown, measure, value, status, source, printed (how a
  table cell was printed when it is not a plain cell: joined, mixed, spaced, pipe_row, dropped_row,
  docx), counts (what a narrative request figure counts: new, or new+carried_in)
- truth/flags.csv: path, rule, why (flags the file must raise)
- truth/missing.csv: agency_id, agency, year (agency-years deliberately left without a report)
"""

from __future__ import annotations

import csv
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis.simulate import noise as nz
from analysis.simulate.doc import Row, SimDoc, SimTable, Story, printed
from analysis.simulate.draws import Figures
from analysis.simulate.legacy_real import legacy_doc
from analysis.simulate.region import agencies as region_agencies
from analysis.simulate.region import write_registry
from analysis.simulate.templates import template_doc

FORMS = ("text", "markdown", "html", "pdf", "docx")
EXT = {"text": ".txt", "markdown": ".md", "html": ".html", "pdf": ".pdf", "docx": ".docx"}
MIX = {"legacy": {"text": 4, "html": 3, "markdown": 1.5, "pdf": 1.5},
       "template": {"html": 3.5, "pdf": 3, "markdown": 1.5, "text": 2}}
FILE_COLS = ["path", "expect", "agency_id", "agency", "year", "template", "form", "encoding",
             "noise", "bytes"]
FACT_COLS = ["path", "indicator", "breakdown", "measure", "value", "status", "source", "printed",
             "counts"]


@dataclass
class Summary:
    reports: int = 0
    bad: int = 0
    missing: int = 0
    facts: int = 0
    bytes: int = 0
    seconds: float = 0.0
    out: Path = Path(".")
    forms: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        forms = ", ".join(f"{k} {v}" for k, v in sorted(self.forms.items()))
        return (f"simulated {self.reports} report(s) ({forms}), {self.bad} broken file(s), "
                f"{self.missing} missing agency-year(s), {self.facts} true fact(s), "
                f"{self.bytes / 1e6:.1f} MB in {self.seconds:.1f}s -> {self.out}")


class _Truth:
    def __init__(self, root: Path):
        self.dir = root / "truth"
        self.dir.mkdir(parents=True, exist_ok=True)
        self._f = {n: open(self.dir / f"{n}.csv", "w", encoding="utf-8", newline="")
                   for n in ("files", "facts", "flags", "missing")}
        cols = {"files": FILE_COLS, "facts": FACT_COLS, "flags": ["path", "rule", "why"],
                "missing": ["agency_id", "agency", "year"]}
        self.w = {n: csv.DictWriter(f, cols[n]) for n, f in self._f.items()}
        for w in self.w.values():
            w.writeheader()

    def close(self) -> None:
        for f in self._f.values():
            f.close()


def _truncate(doc: SimDoc, rng: random.Random) -> None:
    """Cut the file inside its last table: rows after a point gone, one row half printed."""
    tables = [i for i, x in enumerate(doc.items) if isinstance(x, SimTable)]
    i = tables[-1]
    t: SimTable = doc.items[i]
    k = rng.randrange(0, len(t.rows))
    part = t.rows[k]
    keep = max(1, len(part.cells) - 2)
    rows = t.rows[:k] + [Row(part.labels, part.cells[:keep])]
    doc.items = doc.items[:i] + [SimTable(t.caption, t.header, rows, t.kind, t.unit_col)]
    doc.truncated = True
    doc.expect("truncated_table", f"file ends inside row {k + 1} of its last table")


def _encode(text: str, gbk: bool) -> tuple[bytes, str]:
    if not gbk:
        return text.encode("utf-8"), "utf-8"
    try:
        return text.encode("gbk"), "gbk"
    except UnicodeEncodeError:
        return text.encode("gb18030"), "gb18030"


def render(doc: SimDoc, form: str, drawn: nz.Drawn, rng: random.Random,
           rx: random.Random | None = None) -> tuple[bytes, str]:
    """(file bytes, encoding) of a report in a form; `rx` draws the real-file kinds' choices."""
    from analysis.simulate import writers

    rx = rx or random.Random(0)
    if form == "docx":
        from analysis.simulate.worddoc import to_docx

        return to_docx(doc, rx), "docx"
    if drawn.crawled:
        from analysis.simulate.crawled import to_page

        return _encode(to_page(doc, drawn, rng, rx), drawn.gbk)
    if form == "markdown" and drawn.ocr:
        from analysis.simulate.ocrmd import to_ocr_markdown

        return _encode(to_ocr_markdown(doc, drawn, rng, rx), drawn.gbk)
    if form == "pdf":
        from analysis.simulate.pdfdoc import to_pdf

        return to_pdf(doc, rng), "pdf"
    if form == "html":
        from analysis.simulate.webpage import to_html

        charset = "gbk" if drawn.gbk else "utf-8"
        return _encode(to_html(doc, drawn, rng, charset), drawn.gbk)
    text = writers.to_markdown(doc, drawn, rng) if form == "markdown" else writers.to_text(
        doc, drawn, rng, rx)
    return _encode(text, drawn.gbk)


def _pick_form(template: str, forms: tuple[str, ...], rng: random.Random) -> str:
    """The form drawn by weight; Word files are chosen by the `docx` rate instead."""
    mix = MIX["legacy" if template == "legacy" else "template"]
    choices = [f for f in forms if f in mix]
    if not choices:
        return "docx"
    return rng.choices(choices, [mix[f] for f in choices])[0]


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file magic of .doc and .wps
BAD_NAMES = {"empty": "misc/notice-{k}.txt", "binary": "misc/attachment-{k}.txt",
             "badpdf": "misc/scan-{k}.pdf", "doc": "misc/report-{k}.doc",
             "wps": "misc/report-{k}.wps"}


def _bad_files(root: Path, truth: _Truth, n: int, rng: random.Random, word: bool) -> int:
    """Empty and binary files beside the reports (and old Word/WPS files when `word`); each must
    land in failures.csv."""
    made = 0
    kinds = ("empty", "binary", "badpdf") + (("doc", "wps") if word else ())
    for k in range(n):
        kind = kinds[k % len(kinds)]
        name = BAD_NAMES[kind].format(k=k)
        data = b"" if kind == "empty" else bytes(rng.randrange(256) for _ in range(2048))
        if kind == "badpdf":
            data = b"%PDF-1.4\n" + data[:512]
        elif kind in ("doc", "wps"):
            data = OLE + data
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
        truth.w["files"].writerow({"path": name, "expect": "failure", "form": kind,
                                   "noise": "bad", "bytes": len(data)})
        made += 1
    return made


def simulate(out: str | Path, agencies: int = 12, years: tuple[int, int] = (2009, 2024),
             seed: int = 0, noise: nz.Noise | None = None,
             forms: tuple[str, ...] = FORMS) -> Summary:
    """Write the corpus and its truth into `out`; returns counts."""
    t0 = time.perf_counter()
    noise = noise if noise is not None else nz.Noise()
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    ags = region_agencies(agencies)
    write_registry(ags, root / "agencies.csv")
    truth = _Truth(root)
    s = Summary(out=root)
    rng0 = random.Random(seed)
    n_total = len(ags) * (years[1] - years[0] + 1)
    n_bad = max(1, round(noise.bad * n_total)) if noise.bad > 0 else 0
    truncate_at = set(rng0.sample(range(n_total), min(n_bad, n_total)))
    k = -1
    for a in ags:
        fig = Figures(a, seed)
        story = Story(fujian=random.Random(f"{seed}:{a.agency_id}:fujian").random() < noise.fujian)
        for year in range(years[0], years[1] + 1):
            k += 1
            cut = k in truncate_at and year < 2019 and "text" in forms
            doc, form, drawn, rng, rx = _report(a, year, fig, story, noise, forms, seed, cut)
            if rng.random() < noise.missing and not cut:
                truth.w["missing"].writerow({"agency_id": a.agency_id, "agency": a.name,
                                             "year": year})
                s.missing += 1
                continue
            if cut:
                _truncate(doc, rng)
                drawn.names.append("truncated")
            _write(root, truth, doc, form, drawn, (rng, rx), s)
            story.written(doc, year, cut)
    s.bad = _bad_files(root, truth, n_bad, rng0, noise.docx > 0)
    truth.close()
    s.seconds = time.perf_counter() - t0
    return s


def _report(a, year: int, fig: Figures, story: Story, noise: nz.Noise, forms: tuple[str, ...],
            seed: int, cut: bool):
    """Lay out one agency-year: (doc, form, drawn noise, report rng, real-kinds rng).

    The real-file kinds draw from their own stream (`rx`), so turning them off leaves every other
    draw, and so the bytes of a seed's corpus, as they were."""
    rng = random.Random(f"{seed}:{a.agency_id}:{year}")
    rx = random.Random(f"{seed}:{a.agency_id}:{year}:real")
    template = "legacy" if year < 2019 else "template"
    form = "text" if cut else _pick_form(template, forms, rng)
    drawn = nz.draw(noise, rng, form)
    form = nz.draw_real(noise, rx, drawn, form, template, story.fujian, forms, cut)
    nz.draw_gaps(noise, random.Random(f"{seed}:{a.agency_id}:{year}:gaps"), drawn, form, template)
    nz.draw_reordered(noise, random.Random(f"{seed}:{a.agency_id}:{year}:reordered"), drawn,
                      template)
    if template != "legacy" and form == "text" and drawn.blanks == "blank":
        drawn.blanks = "wu"  # space-separated rows cannot show an empty cell
    if template == "legacy":
        doc = legacy_doc(a, year, fig, drawn, rng, story, rx)
        story.prev_total = printed(doc, "proactive.total", "annual")
    else:
        doc = template_doc(a, year, fig, drawn, rng, rx)
    return doc, form, drawn, rng, rx


def _write(root: Path, truth: _Truth, doc: SimDoc, form: str, drawn: nz.Drawn,
           rngs: tuple[random.Random, random.Random], s: Summary) -> None:
    ext = ".page.txt" if drawn.crawled else EXT[form]
    rel = f"{doc.agency_id}/{doc.agency_id}-{doc.year}{ext}"
    data, encoding = render(doc, form, drawn, *rngs)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_bytes(data)
    truth.w["files"].writerow({"path": rel, "expect": "report", "agency_id": doc.agency_id,
                               "agency": doc.agency, "year": doc.year, "template": doc.template,
                               "form": form, "encoding": encoding, "noise": ";".join(drawn.names),
                               "bytes": len(data)})
    for tr in doc.truths():
        truth.w["facts"].writerow({"path": rel, **tr.row()})
        s.facts += 1
    flags = list(doc.flags)
    if drawn.spam:
        flags.append(("spam_removed", f"spam injected ({drawn.spam})"))
    if encoding in ("gbk", "gb18030"):
        flags.append(("encoding_detected", f"file written in {encoding}"))
    for rule, why in flags:
        truth.w["flags"].writerow({"path": rel, "rule": rule, "why": why})
    s.reports += 1
    s.bytes += len(data)
    s.forms[form] = s.forms.get(form, 0) + 1
