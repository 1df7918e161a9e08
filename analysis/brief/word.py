"""Write a briefing as a Word document (python-docx): A4 portrait, Chinese fonts set as East Asian
fonts (w:eastAsia) on every style and every run, charts embedded as PNG with alt text.

This module only lays out text it is given (`Content`); the figures are computed in `content.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from analysis.base.files import atomic_write

BODY_FONT = "宋体"  # SimSun: the usual body face of Chinese official documents
HEADING_FONT = "黑体"  # SimHei
LATIN_FONT = "Times New Roman"
PAGE = (Cm(21.0), Cm(29.7))  # A4 portrait
MARGINS = {"top": Cm(2.5), "bottom": Cm(2.5), "left": Cm(2.5), "right": Cm(2.5)}
PICTURE_WIDTH = Cm(16.0)  # the text width: 21 − 2 × 2.5 cm
TABLE_WIDTHS = (Cm(5.8), Cm(1.2), Cm(3.0), Cm(3.0), Cm(3.0))  # 指标 | 单位 | year | y0 | 增减
AUTHOR = "xxgk"  # the tool wrote it; the agency is named in the title
LANGUAGE = "zh-CN"
STYLE_FONTS = {"Normal": (BODY_FONT, 11), "Title": (HEADING_FONT, 18),
               "Heading 1": (HEADING_FONT, 14), "Caption": (BODY_FONT, 9.5),
               "Table Grid": (BODY_FONT, 10)}


@dataclass
class Chart:
    png: Path
    title: str
    caption: str
    alt: str


@dataclass
class Content:
    """Everything a briefing says, already worded; see content.build()."""

    title: str
    subtitle: str
    summary: str
    table_header: list[str]
    table_rows: list[list[str]]
    table_note: str
    charts: list[Chart] = field(default_factory=list)
    chart_notes: list[str] = field(default_factory=list)  # charts with nothing to show, why
    flags: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # 核对清单: its lead line, then one per item
    sources: list[str] = field(default_factory=list)
    headings: tuple[str, ...] = ("一、总体情况", "二、主要指标", "三、图表", "四、数据质量说明",
                                 "五、数据来源")


def set_font(element, east_asia: str, size: float | None = None) -> None:
    """Set Latin and East Asian faces on a run or style element, dropping theme fonts that would
    override them."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, face in (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT),
                       ("w:eastAsia", east_asia), ("w:cs", LATIN_FONT)):
        fonts.set(qn(attr), face)
    if size:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = rpr.makeelement(qn(tag), {})
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))


def _metadata(doc, title: str) -> None:
    """Title, author, dates and language of the file (python-docx's template says creator
    python-docx, created 2013, and East Asian language ja-JP: Japanese glyph forms)."""
    props = doc.core_properties
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    props.title, props.author, props.last_modified_by = title, AUTHOR, AUTHOR
    props.created = props.modified = now
    props.language, props.revision = LANGUAGE, 1
    props.comments = props.keywords = ""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    settings = doc.settings.element
    for parent, tag in ((rpr, "w:lang"), (settings, "w:themeFontLang")):
        el = parent.find(qn(tag))
        if el is None:
            el = parent.makeelement(qn(tag), {})
            parent.append(el)
        el.set(qn("w:eastAsia"), LANGUAGE)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)


def _styles(doc) -> None:
    for name, (face, size) in STYLE_FONTS.items():
        style = doc.styles[name]
        set_font(style.element, face, size)
        style.font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles["Caption"].font.bold = False  # a quiet line under the chart, not a second title


def _page_numbers(doc) -> None:
    """第 N 页, centred in the footer (a PAGE field: Word and LibreOffice fill it in)."""
    from docx.oxml import OxmlElement

    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run("第 ")._r, BODY_FONT, 9)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    set_font(p.add_run(" 页")._r, BODY_FONT, 9)


def _para(doc, text: str, style: str | None = None, face: str = BODY_FONT,
          align=None, size: float | None = None):
    p = doc.add_paragraph(style=style)
    run = p.add_run(text)
    set_font(run._r, face, size)
    if align is not None:
        p.alignment = align
    return p


def _heading(doc, text: str) -> None:
    p = doc.add_heading(level=1)
    set_font(p.add_run(text)._r, HEADING_FONT)


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if len(header) == len(TABLE_WIDTHS):  # grid widths too: LibreOffice ignores cell widths alone
        table.autofit = False
        for column, width in zip(table.columns, TABLE_WIDTHS, strict=True):
            column.width = width
    for r, values in enumerate([header, *rows]):
        for c, text in enumerate(values):
            cell = table.cell(r, c)
            if len(header) == len(TABLE_WIDTHS):
                cell.width = TABLE_WIDTHS[c]
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            run = p.add_run(text)
            set_font(run._r, HEADING_FONT if r == 0 else BODY_FONT)


def _chart(doc, number: int, chart: Chart) -> None:
    doc.add_picture(str(chart.png), width=PICTURE_WIDTH)
    pic = doc.paragraphs[-1]
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in pic.runs:
        set_font(run._r, BODY_FONT)
    doc_pr = doc.inline_shapes[-1]._inline.docPr
    doc_pr.set("descr", chart.alt)
    doc_pr.set("title", chart.title)
    # the title is drawn on the chart itself: the caption numbers it and says the rest
    _para(doc, f"图{number}  {chart.caption}", style="Caption", align=WD_ALIGN_PARAGRAPH.CENTER)


def write(content: Content, path: Path) -> Path:
    """Write the briefing to `path` (atomically) and return it."""
    doc = Document()
    _metadata(doc, content.title)
    _page(doc)
    _styles(doc)
    _page_numbers(doc)
    h = content.headings
    _para(doc, content.title, style="Title", face=HEADING_FONT)
    _para(doc, content.subtitle, align=WD_ALIGN_PARAGRAPH.CENTER)
    _heading(doc, h[0])
    _para(doc, content.summary).paragraph_format.first_line_indent = Pt(22)
    _heading(doc, h[1])
    _table(doc, content.table_header, content.table_rows)
    _para(doc, content.table_note, style="Caption")
    _heading(doc, h[2])
    for i, chart in enumerate(content.charts, 1):
        _chart(doc, i, chart)
    for line in content.chart_notes:
        _para(doc, line, style="Caption")
    _heading(doc, h[3])
    for i, line in enumerate(content.flags):  # the first line leads, the flags are bullets
        _para(doc, line, style="List Bullet" if i else None)
    for i, line in enumerate(content.checks):  # the same: a lead, then the items
        _para(doc, line, style="List Bullet" if i else None)
    _heading(doc, h[4])
    for line in content.sources:
        _para(doc, line)
    atomic_write(Path(path), lambda p: doc.save(str(p)))
    return Path(path)
