"""Radicals a PDF text layer printed for ideographs (⺠ for 民, ⻚ for 页) are read as the ideographs.

vocab/radicals.csv is data derived from a font, not typed by hand: where Noto Sans CJK is
installed (Debian fonts-noto-cjk, the font Chromium printed the converted fixtures with), the
test derives the pairs again from the font's character map (a radical and an ideograph drawn by
one glyph) and compares."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import vocab
from analysis.clean import clean_text
from analysis.model import Document
from analysis.parse.meta import detect

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def test_a_title_printed_with_radicals_gives_the_agency():
    # the form of a Chromium-printed PDF read by pdfplumber: Kangxi radicals (NFKC's) and
    # CJK Radicals Supplement ones (not NFKC's) in place of 示 人 民 工 首 页
    raw = "⾸⻚ 政务公开\n⽰例县⼈⺠政府2021年度政府信息公开⼯作年度报告\n发布⽇期:2022-01-30\n"
    text, _ = clean_text(raw)
    assert text.splitlines()[1] == "示例县人民政府2021年度政府信息公开工作年度报告"
    meta = detect(Document(path="x.txt", form="text", encoding="utf-8", text=text))
    assert (meta.agency, meta.year) == ("示例县人民政府", 2021)


def test_every_radical_maps_to_one_ideograph_outside_the_radical_blocks():
    table = vocab.radicals()
    assert len(table) >= 70
    assert all(0x2E80 <= cp <= 0x2EFF for cp in table)
    assert all(len(v) == 1 and not 0x2E80 <= ord(v) <= 0x2FDF for v in table.values())
    assert table[ord("⺠")] == "民" and table[ord("⻚")] == "页" and table[ord("⻓")] == "长"


@pytest.mark.skipif(not NOTO.is_file(), reason="Noto Sans CJK (fonts-noto-cjk) absent")
def test_the_pairs_are_the_glyphs_noto_sans_cjk_shares():
    from fontTools.ttLib import TTCollection

    shared: dict[int, set[int]] = {}
    for font in TTCollection(str(NOTO)).fonts:
        cmap = font.getBestCmap()
        by_glyph: dict[str, set[int]] = {}
        for cp, glyph in cmap.items():
            if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF:
                by_glyph.setdefault(glyph, set()).add(cp)
        for cp, glyph in cmap.items():
            if 0x2E80 <= cp <= 0x2EFF and glyph in by_glyph:
                shared.setdefault(cp, set()).update(by_glyph[glyph])
    assert {cp: {ord(v)} for cp, v in vocab.radicals().items()} == shared
