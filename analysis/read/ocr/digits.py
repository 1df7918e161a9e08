"""A table cell as the recogniser read it -> its text, its confidence and the readings it leaves open.

A cell counts as a value when, read with the known confusions (0/O/D, 1/l/I, 5/S, 8/B), it is a
number or a not-applicable mark. A character is unsure when the recogniser's runner-up at that
place is another digit with real weight, or when the character is a letter taken for a digit: the
cell then carries every reading (at most MAX_READINGS), and only the template arithmetic may choose
one of them later (`analysis.check.ocr_digits`); the text given to the parser is the first reading.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from analysis import vocab
from analysis.read.ocr.engine import Box, Char
from analysis.vocab import marks

# letters and shapes the recogniser gives for a digit (analysis/vocab/ocr_confusions.csv)
CONFUSED = {r["shape"]: r["digit"] for r in vocab.rows("ocr_confusions.csv")}
# whole-cell marks (analysis/vocab/marks.csv), the same for OCR as for every other reader
MARKS = marks.cell_marks("not_applicable") | marks.cell_marks("none")
ALT_P = 0.08  # a runner-up digit this probable makes the character unsure
# a digit other than 0 the recogniser gives less probability than this, with no other digit as
# its runner-up, is no reading: a sliver of a digit a crop cut at its ruling (half a 0) reads as
# a 1 at 0.3
MIN_P = 0.5
MAX_READINGS = 8
DIGITS = frozenset("0123456789")
_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
# a unit printed in the cell after its number (251000元 in table 二's amount cell): kept in the
# text, for the parser's unit handling, and left out of the digits
_UNIT = re.compile(r"(?:万元|元|件|条|个|项)$")
# a sign before the number (the 2019 template's 本年增/减 column: -2, +5), kept in the text
_SIGN = re.compile(r"^[-−+]")
_DIGITISH = set("0123456789.,") | set(CONFUSED)


@dataclass
class Cell:
    """One value cell of an OCR table row: what the parser reads and what the trace keeps."""

    text: str  # the first reading (digits), or a mark, or ""
    raw: str  # as recognised
    page: int
    box: tuple[int, int, int, int]
    conf: float  # lowest character probability
    # every reading when unsure, else []; for an unread cell whose digits were only faint (under
    # MIN_P, no rival), that faint reading: the sums may still confirm it (analysis.check.ocr_digits)
    readings: list[str] = field(default_factory=list)
    unread: bool = False  # ink the recogniser could not read as a value (text "", raw as read)


def _digit(ch: str) -> str:
    ch = unicodedata.normalize("NFKC", ch)  # a full-width ４ is a 4
    return CONFUSED.get(ch, ch)


def is_value_text(text: str) -> bool:
    """True for what reads as a number (allowing the known confusions) or a not-applicable mark."""
    s = text.replace(" ", "")
    if not s:
        return False
    if s in MARKS or s.strip(marks.DASH + "-") == "":
        return True
    s = _SIGN.sub("", _UNIT.sub("", unicodedata.normalize("NFKC", s)))
    return set(s) <= _DIGITISH and any(_digit(c) in DIGITS for c in s) and bool(
        _NUMBER.match("".join(_digit(c) for c in s)))


def _choices(c: Char) -> list[str]:
    """The digits this character may be: itself (mapped), and its runner-up when that is a
    different digit with weight."""
    first = _digit(c.ch)
    out = [first]
    alt = _digit(c.alt) if c.alt else ""
    if alt in DIGITS and alt != first and c.alt_p >= ALT_P:
        out.append(alt)
    return out


def unreadable(box: Box, page: int) -> Cell:
    """A cell holding ink that reads as no value (a smudge, a `。` where a digit should be): its
    text is blank for the parser, and its fact is left unresolved (analysis.check.ocr_digits)."""
    return Cell("", box.text, page, (int(box.x0), int(box.y0), int(box.x1), int(box.y1)),
                round(box.score, 3), unread=True)


def read_cell(boxes: list[Box], page: int) -> Cell:
    """The cell made of these boxes (left to right), with its readings when a digit is unsure;
    unread (text "", the ink kept as raw) when what they read is no value."""
    raw = " ".join(b.text for b in boxes).strip()
    box = (int(min(b.x0 for b in boxes)), int(min(b.y0 for b in boxes)),
           int(max(b.x1 for b in boxes)), int(max(b.y1 for b in boxes)))
    chars = [c for b in boxes for c in b.chars if c.ch.strip()]
    conf = min((c.p for c in chars), default=min(b.score for b in boxes))
    s = raw.replace(" ", "")
    if not is_value_text(s):  # `=` where a digit stood: ink that is no value, left unresolved
        return Cell("", raw, page, box, round(conf, 3), unread=True)
    if s in MARKS or not chars:
        return Cell(s, raw, page, box, round(conf, 3))
    unit = m.group(0) if (m := _UNIT.search(s)) else ""
    first_ch = unicodedata.normalize("NFKC", s[0])
    sign = "" if not _SIGN.match(first_ch) else "+" if first_ch == "+" else "-"
    digits = chars[len(sign):len(chars) - len(unit)]
    options = [_choices(c) for c in digits]
    first = "".join(o[0] for o in options)
    unsure = any(len(o) > 1 for o in options) or any(c.ch in CONFUSED for c in digits)
    if any(c.p < MIN_P and len(o) == 1 and o[0] != "0" for c, o in zip(digits, options,
                                                                         strict=True)):
        # no digit to weigh it against (its runner-up a blank or a letter): not read. A 0 is
        # often unsure of its own shape (。 o O its runners-up), and still a 0. The faint
        # reading is kept for the sums alone to confirm (a digit with no unit after it)
        faint = [sign + first] if not unit and not unsure and _NUMBER.match(first) else []
        return Cell("", raw, page, box, round(conf, 3), faint, unread=True)
    if unit and (unsure or "".join(c.ch for c in chars[len(sign) + len(digits):]) != unit):
        # the sums settle digits in the table's unit, not in the cell's: not guessed
        return Cell("", raw, page, box, round(conf, 3), unread=True)
    readings: list[str] = []
    if unsure:
        for combo in itertools.islice(itertools.product(*options), MAX_READINGS):
            r = "".join(combo)
            if _NUMBER.match(r) and sign + r not in readings:
                readings.append(sign + r)
    return Cell(sign + first + unit, raw, page, box, round(conf, 3), readings)
