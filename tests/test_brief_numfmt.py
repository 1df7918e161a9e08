"""Chinese number formatting of the briefings: exact expected strings."""

from __future__ import annotations

import doctest
import math

import pytest

from analysis.brief import numfmt


@pytest.mark.parametrize("value, text", [
    (3985758, "3,985,758"),  # 行政处罚 3985758 in the 2024 Huai'an report: in full, as printed
    (3985758.0, "3,985,758"),  # a float count: never 3985758.0
    (3119, "3,119"),
    (0, "0"),
    (96171.6, "96,171.6"),  # 收费 in 万元 keeps its decimal
    (123456789, "123,456,789"),
])
def test_count_is_the_house_format(value, text):
    from analysis.figures import written

    assert numfmt.count(value) == text == written.number(value)  # one format, one function


def test_count_refuses_blank():
    with pytest.raises(ValueError):
        numfmt.count(math.nan)


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
