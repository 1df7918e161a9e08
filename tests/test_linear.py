"""Readers take time in proportion to their input: four times the input, about four times the time.

Each shape below once made a reader super-linear (a 50 MB one-line page hung ingest). The test
compares the CPU time for n and 4n bytes *within this run* (the best of a few tries each), so a
slow or busy machine changes both alike; linear gives a ratio near 4, quadratic 16. The slack is
wide (8) and the inputs small, so the whole test takes a few seconds.
"""

from __future__ import annotations

import time

import pytest

from analysis.pipeline import read_report
from analysis.read import ReadError

LEGACY = "示例市统计局2015年政府信息公开工作年度报告\n"
T2021 = "示例市统计局2021年政府信息公开工作年度报告\n本年新收政府信息公开申请数量\n"
HTML = "<title>示例市2021年政府信息公开工作年度报告</title><p>"

# name: (suffix, head, repeated unit, tail, KB of the small input), what was super-linear
SHAPES = {
    # narrative: each figure looked back over the whole line for its sentence
    "narrative_one_line": (".txt", LEGACY, "主动公开政府信息共120条,受理申请3件 ", "", 48),
    # narrative items and the chrome content test: regex backtracking inside a run of digits
    "digits_one_line": (".txt", LEGACY, "1", "", 32),
    "digits_and_commas": (".txt", LEGACY, "1,", "", 24),
    # table 三 labels re-joined and fuzzy-matched once per word of a one-line page
    "template_one_line": (".txt", T2021, "本年新收政府信息公开申请数量 801000081 x ", "", 24),
    # 相关文章: every trailer line rescanned the rest of the page
    "chrome_trailers": (".txt", LEGACY, "相关文章\n", "a |\n", 48),
    # an unclosed <!--[if scanned to the end of the line from every opening
    "unclosed_comments": (".txt", LEGACY, "<!--[if ", "", 48),
    # drop_tree per sibling re-joined the surrounding text each time
    "html_comments": (".html", HTML, "<!--x-->a", "", 192),
    "html_hidden": (".html", HTML, "<span style='display:none'>x</span>a", "", 96),
    # spans expanded without a bound (a 42 KB table took 1.7 GB)
    "html_spans": (".html", HTML + "<table>", "<tr><td rowspan=200 colspan=50>1</td></tr>",
                   "</table>", 16),
}


def best_time(path, tries: int = 3) -> float:
    """Seconds to read `path` through the whole pipeline, best of `tries`."""
    best = float("inf")
    for _ in range(tries):
        t0 = time.process_time()  # this process's CPU: other work on the machine does not count
        try:
            read_report(path)
        except ReadError:
            pass
        best = min(best, time.process_time() - t0)
    return best


def _write(tmp_path, name, suffix, head, unit, tail, kb):
    n = max(1, kb * 1024 // len(unit.encode()))
    p = tmp_path / f"{name}-{kb}{suffix}"
    p.write_text(head + unit * n + tail, encoding="utf-8")
    return p


@pytest.mark.parametrize("name", list(SHAPES))
def test_four_times_the_input_takes_about_four_times_the_time(tmp_path, name):
    suffix, head, unit, tail, kb = SHAPES[name]
    small = _write(tmp_path, name, suffix, head, unit, tail, kb)
    large = _write(tmp_path, name, suffix, head, unit, tail, 4 * kb)
    best_time(small, tries=1)  # warm caches (vocabularies, compiled patterns)
    t_small = best_time(small)
    assert t_small < 2, f"{name}: {t_small:.1f}s for only {kb} KB"  # not worth timing 4x that
    t_large = best_time(large)
    ratio = t_large / max(t_small, 1e-4)
    assert ratio < 8, f"{name}: {t_small:.3f}s for {kb} KB, {t_large:.3f}s for {4 * kb} KB"
