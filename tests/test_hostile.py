"""Hostile and broken input: whatever the bytes, a file becomes a report or a failure with a reason.

Property tests feed random bytes, random text around real table fragments, and nasty HTML to the
reader; anything but a Report or a ReadError is a bug (ingest would list it as a parse failure with
a traceback location, which is the safety net, not the goal).
"""

from __future__ import annotations

import fuzzing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.dataset.records import process
from analysis.pipeline import read_report
from analysis.read import ReadError

FRAGMENTS = ["指标名称 |", "单位 |", "本年度数 |", "主动公开政府信息数 |", "条 |", "12 |", "|",
             "| 信息内容 | 本年制发件数 |", "|---|---|", "(七)总计 1 2 3", "行政复议 0 0 0 0 0",
             "<table><tr><td rowspan=\"999999\">x</td></tr>", "英皇娱乐", "公(gong)开(kai)",
             "二〇一一年十二月三十一日", "2011年度数", "—", "无", "１２３", "\t", "  "]
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(tmp_path, name: str, data: bytes) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    try:
        rep = read_report(p)
    except ReadError as exc:
        assert str(exc)  # a reason, always
        return
    for f in rep.facts:  # every fact it does keep is traceable
        assert f.location and f.status in ("reported", "blank", "not_applicable")


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes(tmp_path, data):
    _read(tmp_path, "x.txt", data)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=80))
def test_random_text_around_table_fragments(tmp_path, parts):
    text = "\n".join(parts)
    _read(tmp_path, "x.txt", text.encode("utf-8"))
    _read(tmp_path, "x.md", text.encode("gb18030", errors="replace"))
    _read(tmp_path, "x.html", ("<p>" + "</p><p>".join(parts) + "</p>").encode("utf-8"))


def test_pathological_html_spans_and_nesting(tmp_path):
    deep = "<div>" * 3000 + "x" + "</div>" * 3000
    spans = "<table>" + "<tr><td rowspan='1000000' colspan='1000000'>1</td></tr>" * 50 + "</table>"
    for i, html in enumerate([deep, spans, "<html><body><table></table></body></html>", "<",
                              "<!--x-->", "<!--[if <!--[if "]):  # only comments: found by fuzz.py
        _read(tmp_path, f"h{i}.html", html.encode("utf-8"))


def test_huge_line_and_fake_pdf_fail_cleanly(tmp_path):
    _read(tmp_path, "long.txt", ("主动公开政府信息" + "1" * 200_000 + "条\n").encode("utf-8"))
    p = tmp_path / "fake.pdf"
    p.write_bytes(b"%PDF-1.4\n garbage that is not a pdf")
    result = process(str(p))
    assert result["failure"]["stage"] == "read" and "fake.pdf" in str(p)
    assert result["failure"]["reason"]


# The same strategies and oracles as the large run (benchmarks/fuzz.py), a few examples each.
SMALL = settings(max_examples=25, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow, HealthCheck.data_too_large])


@SMALL
@given(fuzzing.mutated(fuzzing.seeds(limit=16 * 1024)))
def test_mutated_real_looking_reports(tmp_path, case):
    fuzzing.check_read(fuzzing.write(tmp_path, *case))


@SMALL
@given(fuzzing.grids())
def test_table_parsers_on_random_grids(rows):
    fuzzing.check_grid(rows)


@SMALL
@given(fuzzing.run_on_text())
def test_run_on_readers_on_random_text(text):
    fuzzing.check_run_on(text)


@SMALL
@given(fuzzing.token_rows())
def test_cell_splitter_on_digit_runs(case):
    fuzzing.check_split(*case)


def test_the_summed_splitter_is_bounded_in_work():
    """Found by fuzz.py: thirty 1s between a 0 and a 无 read as table 四's fifteen cells took
    40 s; the cells tried are bounded, and past the bound the row is unknown, not guessed."""
    from analysis.parse.cells.splits import COUNT, split_summed

    toks, kinds, groups = ["0", "1" * 30, "无"], (COUNT,) * 15, [(0, 5), (5, 10), (10, 15)]
    got = split_summed(toks, kinds, groups, budget=2000)
    assert got.capped and got.unique is None
    assert split_summed(["801000081"], (COUNT,) * 7, [(0, 7)]).unique == \
        ("80", "1", "0", "0", "0", "0", "81")
