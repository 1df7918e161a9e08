"""The kinds of noise real files carry, each switchable and drawn at its own rate.

Noise is decided per report (`draw`), then applied: figures and cells while the report is laid out
(blanks, inconsistent totals), text while it is written (spam, pinyin, full-width digits), bytes
when it is saved (GBK). Spam words come from the package's spam lexicon (analysis/vocab/spam.txt).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, fields

from analysis import vocab

KINDS = ("spam", "gbk", "fullwidth", "blanks", "inconsistent", "missing", "bad",
         "crawled", "joined", "spaced", "fujian", "prose", "ocr", "dropped", "docx", "errors",
         "gaps", "reordered")
# The kinds real crawled, converted and Word files showed (issue 9). Each is drawn from its own
# random stream, so with these at 0 a seed writes the same bytes as before they existed.
REAL_KINDS = KINDS[7:]


@dataclass
class Noise:
    """Rates (0..1). Per report unless said otherwise; `bad` is the share of extra broken files
    (empty, binary, truncated, .doc/.wps).

    Real-file kinds: `crawled` text/HTML reports saved by a site crawler as a one-line page
    (`.page.txt`: header block, breadcrumb, inline headings); `joined` / `spaced` text reports whose
    tables run their cells together with no separator / with single spaces (the rest keep one cell or
    one row per line); `fujian` agencies whose pre-2019 tables are the local 指标名称 | 计量单位 |
    年度 | 历年累计 variant (per agency); `prose` reports whose narrative is phrased as real reports
    phrase it; `ocr` Markdown reports that are OCR'd PDFs shredded into one pipe table per row, and
    `dropped` of those with a blank cell the converter dropped; `docx` reports published as Word
    files; `errors` inconsistent reports whose error is of a kind found in real reports; `gaps`
    text reports with empty lines inside their one-cell-a-line tables: a page saved paragraph by
    paragraph (two empty lines after every line) or a spam line injected inside a table (the
    cleaner empties it); `reordered` template reports whose table 二 prints its first section's
    table (规章, 规范性文件) after the other sections, its 第二十条第(一)项 caption left in place, as a
    PDF converter left a real report (its sections' loose lines first, the grid last).
    """

    spam: float = 0.15
    gbk: float = 0.15
    fullwidth: float = 0.1
    blanks: float = 0.25
    inconsistent: float = 0.1
    missing: float = 0.04
    bad: float = 0.01
    crawled: float = 0.35
    joined: float = 0.6
    spaced: float = 0.25
    fujian: float = 0.3
    prose: float = 0.5
    ocr: float = 0.5
    dropped: float = 0.3
    docx: float = 0.08
    errors: float = 0.6
    gaps: float = 0.3
    reordered: float = 0.1

    @classmethod
    def none(cls) -> Noise:
        return cls(**{k: 0.0 for k in KINDS})

    @classmethod
    def classic(cls) -> Noise:
        """The default rates of the kinds the simulator had before issue 9, the real-file kinds off."""
        return cls(**{k: 0.0 for k in REAL_KINDS})

    def describe(self) -> str:
        return ", ".join(f"{f.name}={getattr(self, f.name):g}" for f in fields(self))


@dataclass
class Drawn:
    """What noise one report gets."""

    spam: str = ""  # '' | mid | title | pinyin | hidden
    gbk: bool = False
    fullwidth: bool = False
    blanks: str = ""  # '' | blank | wu | dash : how a zero is printed
    inconsistent: bool = False
    names: list[str] = field(default_factory=list)
    crawled: bool = False
    cells: str = ""  # '' | joined | spaced : how a text report's table cells are separated
    fujian: bool = False
    prose: bool = False
    ocr: bool = False
    dropped: bool = False
    errors: bool = False
    gaps: str = ""  # '' | paragraphs | spam : empty lines inside a flattened table
    reordered: bool = False  # table 二's first section printed after the others


def draw(noise: Noise, rng: random.Random, form: str) -> Drawn:
    """Decide one report's noise. Spam and encodings belong to web copies, not to PDFs."""
    d = Drawn()
    web = form != "pdf"
    if web and rng.random() < noise.spam:
        d.spam = rng.choice(["mid", "title", "pinyin"] + (["hidden"] if form == "html" else []))
    d.gbk = web and rng.random() < noise.gbk
    d.fullwidth = web and rng.random() < noise.fullwidth
    if rng.random() < noise.blanks:
        d.blanks = rng.choice(["blank", "blank", "wu", "dash"])
    d.inconsistent = rng.random() < noise.inconsistent
    d.names = names(d)
    return d


def names(d: Drawn) -> list[str]:
    """The noise kinds a report carries, in KINDS order (files.csv `noise`)."""
    on = {"spam": d.spam, "gbk": d.gbk, "fullwidth": d.fullwidth, "blanks": d.blanks,
          "inconsistent": d.inconsistent, "crawled": d.crawled, "joined": d.cells == "joined",
          "spaced": d.cells == "spaced", "fujian": d.fujian, "prose": d.prose, "ocr": d.ocr,
          "dropped": d.dropped, "errors": d.errors, "gaps": d.gaps,
          "reordered": d.reordered}
    return [k for k in KINDS if on.get(k)]


def draw_gaps(noise: Noise, rng: random.Random, d: Drawn, form: str, template: str) -> None:
    """Empty lines inside a text report's one-cell-a-line tables, from their own stream (`rng`):
    the other draws, and so the bytes of the other kinds' corpora, stay as they were."""
    flat = form == "text" and template == "legacy" and not d.crawled and not d.cells
    if flat and rng.random() < noise.gaps:
        d.gaps = rng.choice(["paragraphs", "spam"])
        if d.gaps == "spam":
            d.spam = "table"  # the spam line goes inside the table, not above the title
        d.names = names(d)


def draw_reordered(noise: Noise, rng: random.Random, d: Drawn, template: str) -> None:
    """Table 二's sections out of order, from its own stream (`rng`), as `draw_gaps`."""
    if template != "legacy" and rng.random() < noise.reordered:
        d.reordered = True
        d.names = names(d)


def draw_real(noise: Noise, rng: random.Random, d: Drawn, form: str, template: str,
              fujian: bool, forms: tuple[str, ...], plain: bool) -> str:
    """Decide the real-file kinds from their own stream; returns the report's final form.

    `plain` keeps the report as first drawn (a file cut inside its table stays plain text)."""
    if "docx" in forms and not plain and rng.random() < noise.docx:
        form = "docx"
    elif form in ("text", "html") and not plain and rng.random() < noise.crawled:
        form, d.crawled = "text", True
    if form == "text" and not plain:
        u = rng.random()
        d.cells = "joined" if u < noise.joined else "spaced" if u < noise.joined + noise.spaced else ""
    d.fujian = fujian and template == "legacy"
    d.prose = rng.random() < noise.prose
    d.ocr = form == "markdown" and template != "legacy" and rng.random() < noise.ocr
    d.dropped = d.ocr and rng.random() < noise.dropped
    d.errors = d.inconsistent and rng.random() < noise.errors
    if form in ("docx", "text") and (form == "docx" or d.crawled):
        d.gbk = d.gbk and form == "text" and not d.crawled  # crawlers and Word save Unicode
        d.spam = "mid" if d.spam == "hidden" else d.spam  # hidden spam shows once flattened
        d.spam = "" if form == "docx" else d.spam
        d.fullwidth = d.fullwidth and form != "docx"
    if d.crawled or d.cells:
        d.blanks = ""  # these pages print their zeros: a blank cell vanishes from a run
    d.names = names(d)
    return form


# ---- text transforms -------------------------------------------------------------------------

PINYIN = {"政": "zheng", "府": "fu", "信": "xin", "息": "xi", "公": "gong", "开": "kai",
          "工": "gong", "作": "zuo", "年": "nian", "度": "du", "报": "bao", "告": "gao"}
_FULL = str.maketrans("0123456789.,%()", "０１２３４５６７８９．，％（）")
SITE_SENTENCE = "{ref}的政府信息均在示例市人民政府门户网站(www.example.gov.cn)同步公布。"


def fullwidth(text: str) -> str:
    """Digits and some punctuation to full-width (NFKC folds them back)."""
    return text.translate(_FULL)


def _spam_words(rng: random.Random, k: int) -> list[str]:
    words = [w for w in vocab.spam_words() if w.isascii() is False]
    return rng.sample(words, k)


def spam_title(rng: random.Random) -> str:
    """A keyword-stuffed line like the ones injected above copied pages."""
    return " ".join(_spam_words(rng, 5)) + " 最新开奖"


def spam_mid(sentence: str, rng: random.Random) -> str:
    """Spam site names swapped in before 门户网站, as in the seed (…在英皇娱乐,英皇国际娱乐网站…)."""
    a, b = _spam_words(rng, 2)
    return sentence.replace("门户网站", f"{a},{b}门户网站", 1)


def pinyin(sentence: str) -> str:
    """公(gong)开(kai): pinyin interleaved after common characters."""
    return "".join(c + (f"({PINYIN[c]})" if c in PINYIN else "") for c in sentence)


def hidden_block(rng: random.Random) -> str:
    return f'<div style="display:none">{" ".join(_spam_words(rng, 4))}</div>'
