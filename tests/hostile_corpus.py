"""A generated corpus of every kind of input that once stopped, hung or silently lost a file.

`make(root)` writes it and returns what each input must become: a report, a failure whose reason
says its real cause, or a declared skip. Small and quick: every file parses in well under a second
and the whole corpus takes a few MB of disk (the 3 GB file is sparse).
"""

from __future__ import annotations

import codecs
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

REPORT = """示例市{agency}{year}年政府信息公开工作年度报告
一、主动公开政府信息情况
指标名称 |
单位 |
本年度数 |
主动公开政府信息数 |
条 |
{total} |
政府网站公开 |
条 |
{total} |
"""


def report(agency: str = "统计局", year: int = 2015, total: int = 12) -> str:
    return REPORT.format(agency=agency, year=year, total=total)


@dataclass(frozen=True)
class Expect:
    outcome: str  # report | failure | skip | merged
    says: str = ""  # a substring of the failure or skip reason, or a flag rule of the report


def bomb_pdf(width_range: int = 2_000_000_000) -> bytes:
    """A one-page PDF whose font width table spans `width_range` character codes: pdfminer
    builds a dict entry for each (24 GB for two billion, found by benchmarks/fuzz.py)."""
    stream = b"BT /F1 12 Tf 10 10 Td <0001> Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 "
            b"5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry "
            b"(Adobe) /Ordering (Identity) /Supplement 0 >> /W [0 %d 500] >>" % width_range]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _encrypted_pdf() -> bytes:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="2015 annual report")
    pdf.set_encryption(owner_password="o", user_password="secret",
                       encryption_method=EncryptionMethod.AES_128)
    return bytes(pdf.output())


class _Corpus:
    def __init__(self, root: Path):
        self.root = root
        self.want: dict[str, Expect] = {}

    def put(self, rel: str, data: str | bytes, expect: Expect | None) -> Path:
        """Write a file; `expect` None when the file is listed through its folder."""
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if expect:
            self.want[str(p)] = expect
        return p

    def expect(self, rel: str, outcome: str, says: str = "") -> Path:
        self.want[str(self.root / rel)] = Expect(outcome, says)
        return self.root / rel


def _reports_and_skips(c: _Corpus) -> None:
    """Reports (some with names a shell would trip on), a duplicate, declared skips."""
    c.put("good/a-2014.txt", report(year=2014, total=10), Expect("report"))
    good = c.put("good/a-2015.md", report(year=2015), Expect("report"))
    c.put("good/a b 'c';$(x)\n-d 2016.txt", report(year=2016, total=7), Expect("report"))
    c.put("good/-lead 2017.txt", report(year=2017, total=8), Expect("report"))
    c.put("good/=HYPERLINK(1) 2018.txt", report(year=2018, total=9), Expect("report"))
    c.put("zz-copy-of-2015.md", good.read_bytes(), Expect("merged"))  # kept: the first path
    c.put("README.md", "# notes", Expect("skip", "README"))
    c.put("agencies.csv", "agency_id,name,aliases,level,parent\nsl-tj,示例市统计局,,department,示例市\n",
          Expect("skip", "registry"))
    c.put(".hidden.txt", report(year=2013), Expect("skip", "hidden"))
    c.put(".git/config", "[core]", None)
    c.expect(".git", "skip", "hidden")


def _not_reports(c: _Corpus) -> None:
    """Files of other types, broken files, files no reader can use."""
    c.put("data.json", "{}", Expect("failure", "unsupported file type .json"))
    c.put("tool.py", "print(1)", Expect("failure", "unsupported file type .py"))
    for name in ("old.doc", "old.wps"):  # read through LibreOffice, but not four bytes
        c.put(name, b"\xd0\xcf\x11\xe0", Expect("failure", "damaged or not what its name says"))
    c.put("scan.png", b"\x89PNG\r\n", Expect("failure", "image"))
    c.put("empty.txt", b"", Expect("failure", "empty file"))
    c.put("binary.txt", bytes(range(256)) * 4, Expect("failure", "binary file"))
    c.put("no-table.txt", "会议通知\n请各单位按时参加。\n", Expect("failure", "not a disclosure report"))
    c.put("bad-utf16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8a", Expect("failure", "UTF-16"))
    c.put("encrypted.pdf", _encrypted_pdf(), Expect("failure", "encrypted"))
    c.put("width-bomb.pdf", bomb_pdf(), Expect("failure", "the memory cap"))
    huge = c.put("huge.txt", b"", Expect("failure", "too large"))
    with open(huge, "wb") as f:
        f.truncate(3 * 1024**3)  # sparse: 3 GB long, nothing on disk
    c.put("unreadable.txt", report(year=2006), Expect("failure", "cannot read the file"))
    c.put("slow.txt", report(year=2005), Expect("failure", "time limit"))


def _hard_reports(c: _Corpus) -> None:
    """Reports that once broke a reader: GBK behind a BOM, deep HTML, huge spans, one line."""
    c.put("gbk-behind-bom.txt", codecs.BOM_UTF8 + report(year=2012).encode("gbk"),
          Expect("report", "encoding_detected"))
    deep = "<div>" * 3000 + "x" + "</div>" * 3000
    c.put("deep.html", f"<title>示例市统计局2011年政府信息公开工作年度报告</title><pre>{report(year=2011)}"
          f"</pre>{deep}", Expect("report", "html_truncated"))
    spans = "<table>" + "<tr><td rowspan=200 colspan=50>1</td></tr>" * 1000 + "</table>"
    c.put("spans.html", f"<title>示例市统计局2010年政府信息公开工作年度报告</title><pre>{report(year=2010)}"
          f"</pre>{spans}", Expect("report", "table_capped"))
    c.put("one-line.txt", "示例市统计局2009年政府信息公开工作年度报告 " + "主动公开政府信息共120条,受理申请3件 "
          * 5000, Expect("report"))


def _odd_paths(c: _Corpus) -> None:
    """Paths that are not files, links that lead nowhere or in circles, names that are not UTF-8,
    a folder that cannot be listed."""
    root = c.root
    os.mkfifo(c.expect("pipe.txt", "failure", "FIFO"))
    os.symlink(root / "missing.txt", c.expect("broken.txt", "failure", "broken symbolic link"))
    os.symlink(root / "loop-b.txt", c.expect("loop-a.txt", "failure", "symbolic link loop"))
    os.symlink(root / "loop-a.txt", c.expect("loop-b.txt", "failure", "symbolic link loop"))
    (root / "nested").mkdir()
    os.symlink(root, c.expect("nested/up", "failure", "leads back"))
    os.symlink(root / "good", c.expect("good-again", "skip", "already read"))
    name = os.fsencode(str(root)) + b"/\xb1\xa8\xb8\xe6.txt"  # 报告 in GBK
    with open(name, "wb") as f:
        f.write(report(year=2008).encode("utf-8"))
    c.want[name.decode("utf-8", "backslashreplace")] = Expect("failure", "'报告.txt'")
    c.put("locked/inside.txt", report(year=2007), None)
    c.expect("locked", "failure", "cannot list the folder")


FORMULA_NAMES = ("＝1+1.json", "＋1+1.json", "－1+1.json", "＠SUM(1).json", "  =1+1.json")


def _round_two(c: _Corpus) -> None:
    """Issue 24: file names that are formulas in full-width or after spaces, two different
    broken pages under one title with no figures (never merged), a link out of the folder."""
    for name in FORMULA_NAMES:
        c.put(name, "{}", Expect("failure", "unsupported file type .json"))
    title = "<title>示例市统计局2004年政府信息公开工作年度报告</title>"
    spans = "<table>" + "<tr><td rowspan=200 colspan=50>x</td></tr>" * 1000 + "</table>"
    c.put("broken/first.html", f"{title}<p>页面加载失败，请稍后再试。{spans}",
          Expect("report", "table_capped"))
    c.put("broken/second.html", f"{title}<div>本页内容已迁移至新网站，请访问新网址。</div>",
          Expect("report", "same_agency_year"))
    outside = c.root.parent / f"{c.root.name}-outside.txt"
    outside.write_text(report(year=2003), encoding="utf-8")
    os.symlink(outside, c.expect("outside-link.txt", "failure", "outside the input folders"))


def near_cap_docx(path: Path, unpacked: int = 190 * 1024**2) -> Path:
    """A .docx whose document.xml unpacks to `unpacked` bytes (under the 200 MB package cap)
    and packs to well under a megabyte: one short paragraph repeated. Written in the test,
    never committed."""
    import zipfile

    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
            '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    para = "<w:p><w:r><w:t>示例市统计局政府信息公开</w:t></w:r></w:p>" * 64
    tail = "</w:body></w:document>"
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
             'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
             'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
             '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    block = para.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head.encode())
            for _ in range((unpacked - len(head) - len(tail)) // len(block)):
                f.write(block)
            f.write(tail.encode())
    return path


def make(root: Path, docx_bomb: bool = False) -> dict[str, Expect]:
    """Write the corpus under `root`; {path as the dataset will name it: what it must become}."""
    root.mkdir(parents=True, exist_ok=True)
    c = _Corpus(root)
    for part in (_reports_and_skips, _not_reports, _hard_reports, _odd_paths, _round_two):
        part(c)
    if docx_bomb:  # 190 MB of XML: a few seconds to write, so only where it is tested
        near_cap_docx(root / "near-cap.docx")
        c.expect("near-cap.docx", "failure", "the memory cap")
    return c.want


def lock_down(root: Path) -> None:
    """Take away the permissions of `locked/` and `unreadable.txt` (no effect for root)."""
    os.chmod(root / "unreadable.txt", 0)
    os.chmod(root / "locked", 0)


def unlock(root: Path) -> None:
    os.chmod(root / "unreadable.txt", 0o644)
    os.chmod(root / "locked", 0o755)
    shutil.rmtree(root, ignore_errors=True)
