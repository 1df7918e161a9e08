"""Word 97-2003 (.doc), WPS (.wps), RTF and OpenDocument (.odt) reports -> Document, through
LibreOffice.

Many government sites publish the annual report as a .doc attachment. No maintained Python
library reads the Word 97 binary format's tables, so the file is converted to .docx by
LibreOffice (`soffice --headless --convert-to docx`, the tool users convert with themselves) in a
temporary folder with a profile of its own (two conversions at once would otherwise share one
and fail), under a time limit, and the .docx is read by `analysis.read.docx` like any other. The
Document keeps the original path and form, and says what converted it (flag `converted`).
Without LibreOffice the file is a failure whose reason says how to install it or convert by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from analysis.base.procs import extend_time_limits
from analysis.model import Document, Flag
from analysis.read.decode import ReadError
from analysis.read.docx import OLE, read_docx

KINDS = {".doc": "a Word 97-2003 file", ".wps": "a WPS Office file", ".rtf": "an RTF file",
         ".odt": "an OpenDocument text file"}
SECONDS = 120.0  # a conversion; LibreOffice takes 2-5 s for a report, most of it starting up
INSTALL = ("install LibreOffice (Debian/Ubuntu: apt install libreoffice-writer-nogui; it provides "
           "`soffice`), or convert it yourself: soffice --headless --convert-to docx FILE")


def soffice() -> str | None:
    """The LibreOffice command on PATH ($XXGK_SOFFICE first), or None."""
    named = os.environ.get("XXGK_SOFFICE")
    if named:
        return shutil.which(named)
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(path: Path, data: bytes, tool: str) -> bytes:
    """The .docx LibreOffice makes of `data` (the bytes of `path`). Raises ReadError."""
    with tempfile.TemporaryDirectory(prefix="xxgk-office-") as tmp:
        src = Path(tmp) / ("in" + path.suffix.lower())
        src.write_bytes(data)
        cmd = [tool, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", "docx", "--outdir", str(Path(tmp) / "out"), str(src)]
        extend_time_limits(SECONDS)  # the file's own time limit covers reading, not converting
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=SECONDS,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ReadError(f"{path}: LibreOffice did not convert it within {SECONDS:g} s") from None
        except OSError as exc:
            raise ReadError(f"{path}: LibreOffice could not be started ({exc})") from exc
        out = Path(tmp) / "out" / "in.docx"
        if done.returncode != 0 or not out.is_file():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
            raise ReadError(f"{path}: LibreOffice could not convert it (exit {done.returncode}"
                            f"{': ' + said if said else ''}); is it a damaged or password-"
                            "protected file?")
        return out.read_bytes()


def damaged_compound(data: bytes) -> bool:
    """Whether `data` claims to be a compound file (.doc, .wps) but its header is not one: the
    byte-order mark FFFE at offset 28, a sector shift of 9 or 12 and a mini-sector shift of 6
    ([MS-CFB] 2.2). Checked before LibreOffice is started (seconds per file), which would take
    such bytes as plain text."""
    if not data.startswith(OLE):
        return False
    return (len(data) < 512 or data[28:30] != b"\xfe\xff"
            or int.from_bytes(data[30:32], "little") not in (9, 12)
            or int.from_bytes(data[32:34], "little") != 6)


def read_office(path: str | Path, data: bytes) -> Document:
    """Read a .doc/.wps/.rtf/.odt report through LibreOffice. Raises ReadError with the reason."""
    path = Path(path)
    what = KINDS.get(path.suffix.lower(), "a word-processor file")
    if (path.suffix.lower() in (".doc", ".wps") and not data.startswith(OLE)
            or damaged_compound(data)):
        raise ReadError(f"{path}: {what} that is damaged or not what its name says (no valid "
                        "compound-file header): not read")
    tool = soffice()
    if tool is None:
        raise ReadError(f"{path}: {what}, read through LibreOffice, which is not installed: "
                        f"{INSTALL}")
    doc = read_docx(path, to_docx(path, data, tool))
    doc.form = path.suffix.lower().lstrip(".")
    doc.notes.append(Flag("converted", f"{what}, converted to .docx by LibreOffice before reading",
                          severity="info", found=Path(tool).name))
    return doc
