"""Chinese number formatting of the briefings: exact expected strings."""

from __future__ import annotations

import doctest
import math

import pytest

from analysis.brief import numfmt


@pytest.mark.parametrize("value, text", [
    (3985758, "398.6万"),  # 行政处罚 3985758 in the 2024 Huai'an report
    (3119, "3119"),
    (0, "0"),
    (99999, "99999"),  # below 10万 counts stay exact
    (100000, "10万"),  # no trailing .0
    (123456789, "1.2亿"),
    (4200000.0, "420万"),
])
def test_count(value, text):
    assert numfmt.count(value) == text


def test_count_refuses_blank():
    with pytest.raises(ValueError):
        numfmt.count(math.nan)


@pytest.mark.parametrize("value, text", [(3985758.0, "3985758"), (96171.6, "96171.6"), (0.0, "0")])
def test_exact(value, text):
    assert numfmt.exact(value) == text


@pytest.mark.parametrize("value, text", [(96171.6, "9.6亿元"), (35.5, "35.5万元")])
def test_amount_wan(value, text):
    assert numfmt.amount_wan(value) == text


@pytest.mark.parametrize("share, text", [(1500 / 2460, "61.0%"), (0, "0.0%"), (1, "100.0%"),
                                         (1 / 6, "16.7%")])
def test_pct(share, text):
    assert numfmt.pct(share) == text


@pytest.mark.parametrize("now, before, text", [
    (2500, 3119, "下降19.8%"),  # (2500 − 3119) / 3119 = −19.846 %
    (8, 11, "下降27.3%"),
    (11, 2, "增长450.0%"),
    (5, 5, "持平"),
    (3, 0, "上年为0"),
    (0, 0, "持平"),
])
def test_change(now, before, text):
    assert numfmt.change(now, before) == text


@pytest.mark.parametrize("now, before, text", [(2500, 3119, "-19.8%"), (15, 12, "+25.0%"),
                                               (1, 1, "0.0%"), (1, 0, "—")])
def test_signed_pct(now, before, text):
    assert numfmt.signed_pct(now, before) == text


def test_words_never_zero():
    assert {numfmt.words(s) for s in ("blank", "not_applicable", "absent", "no_report")} == {
        "未填报", "不适用", "未载明", "无报告"}


def test_docstring_examples():
    assert doctest.testmod(numfmt).failed == 0
