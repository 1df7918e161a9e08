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


def make(root: Path) -> dict[str, Expect]:
    """Write the corpus under `root`; {path as the dataset will name it: what it must become}."""
    root.mkdir(parents=True, exist_ok=True)
    want: dict[str, Expect] = {}

    def put(rel: str, data: str | bytes, expect: Expect) -> Path:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        want[str(p)] = expect
        return p

    # reports, some with names a shell would trip on
    put("good/a-2014.txt", report(year=2014, total=10), Expect("report"))
    good = put("good/a-2015.md", report(year=2015), Expect("report"))
    put("good/a b 'c';$(x)\n-d 2016.txt", report(year=2016, total=7), Expect("report"))
    put("good/-lead 2017.txt", report(year=2017, total=8), Expect("report"))
    put("good/=HYPERLINK(1) 2018.txt", report(year=2018, total=9), Expect("report"))
    put("zz-copy-of-2015.md", good.read_bytes(), Expect("merged"))  # kept: the first path
    # declared skips
    put("README.md", "# notes", Expect("skip", "README"))
    put("agencies.csv", "agency_id,name,aliases,level,parent\nsl-tj,示例市统计局,,department,示例市\n",
        Expect("skip", "registry"))
    put(".hidden.txt", report(year=2013), Expect("skip", "hidden"))
    put(".git/config", "[core]", Expect("skip"))
    del want[str(root / ".git" / "config")]
    want[str(root / ".git")] = Expect("skip", "hidden")
    # not reports at all
    put("data.json", "{}", Expect("failure", "unsupported file type .json"))
    put("tool.py", "print(1)", Expect("failure", "unsupported file type .py"))
    put("old.doc", b"\xd0\xcf\x11\xe0", Expect("failure", "soffice --headless --convert-to docx"))
    put("old.wps", b"\xd0\xcf\x11\xe0", Expect("failure", "soffice --headless --convert-to docx"))
    put("scan.png", b"\x89PNG\r\n", Expect("failure", "image"))
    put("empty.txt", b"", Expect("failure", "empty file"))
    put("binary.txt", bytes(range(256)) * 4, Expect("failure", "binary file"))
    put("no-table.txt", "会议通知\n请各单位按时参加。\n", Expect("failure", "not a disclosure report"))
    put("bad-utf16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8a", Expect("failure", "UTF-16"))
    # encodings and readers
    put("gbk-behind-bom.txt", codecs.BOM_UTF8 + report(year=2012).encode("gbk"),
        Expect("report", "encoding_detected"))
    put("encrypted.pdf", _encrypted_pdf(), Expect("failure", "encrypted"))
    deep = "<div>" * 3000 + "x" + "</div>" * 3000
    put("deep.html", f"<title>示例市统计局2011年政府信息公开工作年度报告</title><pre>{report(year=2011)}"
        f"</pre>{deep}", Expect("report", "html_truncated"))
    spans = "<table>" + "<tr><td rowspan=200 colspan=50>1</td></tr>" * 1000 + "</table>"
    put("spans.html", f"<title>示例市统计局2010年政府信息公开工作年度报告</title><pre>{report(year=2010)}"
        f"</pre>{spans}", Expect("report", "table_capped"))
    put("one-line.txt", "示例市统计局2009年政府信息公开工作年度报告 " + "主动公开政府信息共120条,受理申请3件 "
        * 5000, Expect("report"))
    huge = put("huge.txt", b"", Expect("failure", "too large"))
    with open(huge, "wb") as f:
        f.truncate(3 * 1024**3)  # sparse: 3 GB long, nothing on disk
    # paths that are not files, or not reachable
    fifo = root / "pipe.txt"
    os.mkfifo(fifo)
    want[str(fifo)] = Expect("failure", "FIFO")
    os.symlink(root / "missing.txt", root / "broken.txt")
    want[str(root / "broken.txt")] = Expect("failure", "broken symbolic link")
    os.symlink(root / "loop-b.txt", root / "loop-a.txt")
    os.symlink(root / "loop-a.txt", root / "loop-b.txt")
    want[str(root / "loop-a.txt")] = Expect("failure", "symbolic link loop")
    want[str(root / "loop-b.txt")] = Expect("failure", "symbolic link loop")
    (root / "nested").mkdir()
    os.symlink(root, root / "nested" / "up")
    want[str(root / "nested" / "up")] = Expect("failure", "leads back")
    os.symlink(root / "good", root / "good-again")
    want[str(root / "good-again")] = Expect("skip", "already read")
    name = os.fsdecode(os.fsencode(str(root)) + b"/\xb1\xa8\xb8\xe6.txt")  # 报告 in GBK
    with open(os.fsencode(name), "wb") as f:
        f.write(report(year=2008).encode("utf-8"))
    want[os.fsencode(name).decode("utf-8", "backslashreplace")] = Expect("failure", "'报告.txt'")
    put("locked/inside.txt", report(year=2007), Expect("failure"))
    del want[str(root / "locked" / "inside.txt")]
    want[str(root / "locked")] = Expect("failure", "cannot list the folder")
    put("unreadable.txt", report(year=2006), Expect("failure", "cannot read the file"))
    put("slow.txt", report(year=2005), Expect("failure", "time limit"))
    return want


def lock_down(root: Path) -> None:
    """Take away the permissions of `locked/` and `unreadable.txt` (no effect for root)."""
    os.chmod(root / "unreadable.txt", 0)
    os.chmod(root / "locked", 0)


def unlock(root: Path) -> None:
    os.chmod(root / "unreadable.txt", 0o644)
    os.chmod(root / "locked", 0o755)
    shutil.rmtree(root, ignore_errors=True)
