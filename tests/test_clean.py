"""Cleaning: normalisation, chrome, spam. Line numbers survive cleaning (locations stay true)."""

from __future__ import annotations

import re
import sys

from analysis import vocab
from analysis.clean import clean_text, normalise, remove_spam, unspaced
from analysis.clean.chrome import drop_chrome


def test_nfkc_full_width_digits_and_punctuation():
    assert normalise("主动公开１８２５条（其中：网上６６０条）") == "主动公开1825条(其中:网上660条)"


def test_seed_spam_sentence_still_reads():
    line = "本单位公开的所有信息全部在英皇娱乐,英皇国际娱乐网站(www.ganzhou.gov.cn)进行公布。"
    text, flags = remove_spam(line)
    assert text == "本单位公开的所有信息全部在网站(www.ganzhou.gov.cn)进行公布。"
    assert flags[0].rule == "spam_removed" and flags[0].found == "英皇娱乐,英皇国际娱乐"


def test_keyword_stuffed_line_is_dropped_and_pinyin_removed():
    text, flags = remove_spam("北京赛车 六合彩 百家乐 真人视讯 最新开奖\n政(zheng)府(fu)信息公开")
    assert text == "\n政府信息公开"  # the stuffed line is blanked, the line count stays
    assert "(zheng)(fu)" in flags[0].found


def test_real_words_that_look_like_spam_are_kept():
    for sentence in ("依法打击赌博违法犯罪活动", "金沙县人民政府", "规范娱乐场所经营", "禁止非法捕鱼"):
        assert remove_spam(sentence)[0] == sentence


def test_chrome_blanked_and_trailer_block_dropped():
    text, flags = drop_chrome("正文\n- 1 -\n上一篇:通知\n打印本页\n正文二\n相关文章\n链接一\n链接二")
    assert text.split("\n") == ["正文", "", "", "", "正文二", "", "", ""]
    assert flags[0].rule == "chrome_removed"


def test_page_markers_only_with_dashes():
    text, _ = drop_chrome("— 2 —\n928\n第 3 页 共 5 页")
    assert text.split("\n") == ["", "928", ""]


def test_clean_text_flags_each_kind():
    _, flags = clean_text("报告\n英皇娱乐网站公布\n打印本页")
    assert [f.rule for f in flags] == ["chrome_removed", "spam_removed"]


def test_spam_lexicon_is_clean_data():
    words = vocab.spam_words()
    assert len(words) == len(set(words)) and all(w.strip() == w and w for w in words)


def test_unspaced_drops_exactly_what_the_regex_dropped():
    """unspaced replaced re.sub(r"\\s", "", …) for speed: the same characters go, every Unicode
    whitespace (full-width space, no-break space, line and paragraph separators) and no other."""
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    assert unspaced(every) == re.sub(r"\s", "", every)
    assert unspaced("示例\u3000县\xa0人民政府\u2028 2023年") == "示例县人民政府2023年"
