"""evaluate: hand-counted scores on a tiny truth/dataset pair, and floors on a simulated corpus
ingested end to end with every kind of noise on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.dataset import package, schema
from analysis.dataset.store import FILES, write_table
from analysis.simulate.evaluate import _ratio, evaluate, summary

TINY = Path(__file__).parent / "fixtures" / "simulate" / "tiny"


def _fact(path, indicator, breakdown, measure, value, status="reported", source="table"):
    return {"report_id": path[-8:], "path": path, "indicator": indicator, "breakdown": breakdown,
            "measure": measure, "value": value, "status": status, "source": source,
            "location": "test"}


@pytest.fixture
def tiny_dataset(tmp_path: Path) -> Path:
    """The dataset a parser might have made of the tiny truth (paths as ingest saw them)."""
    a, b = "/x/corpus/a/a-2012.txt", "/x/corpus/b/b-2021.html"
    facts = pd.DataFrame([
        _fact(a, "proactive.total", "all", "annual", 928.0),                 # right
        _fact(a, "proactive.channel.website", "all", "annual", 202.0),       # right
        _fact(a, "proactive.channel.gazette", "all", "annual", 0.0),         # wrong: truth blank
        _fact(a, "proactive.total", "all", "annual", 928.0, source="narrative"),  # right
        _fact(b, "request.new", "total", "count", 21.0),                     # right
        _fact(b, "request.carried_in", "total", "count", 0.0),               # extra
        _fact(b, "request.carried_out", "total", "count", 1.0),              # extra
        # review.total (truth 0) is absent: missed
    ])
    reports = pd.DataFrame([
        {"report_id": "a", "path": a, "agency_id": "sl-a", "year": 2012, "template": "legacy",
         "n_facts": 4, "n_flags": 1},
        {"report_id": "b", "path": b, "agency_id": "sl-b", "year": 2020, "template": "t2021",
         "n_facts": 3, "n_flags": 1}])
    flags = pd.DataFrame([
        {"report_id": "b", "path": b, "rule": "encoding_detected", "severity": "info"},
        {"report_id": "a", "path": a, "rule": "spam_removed", "severity": "info"},
        {"report_id": "a", "path": a, "rule": "chrome_removed", "severity": "info"}])
    failures = pd.DataFrame([{"path": "/x/corpus/misc/empty-0.txt", "stage": "read",
                              "reason": "empty file"}])
    out = tmp_path / "ds"
    for name, df in (("facts", facts), ("reports", reports), ("flags", flags),
                     ("failures", failures)):
        write_table(out, name, schema.conform(name, df))
    return out


def test_tiny_scores_counted_by_hand(tiny_dataset: Path) -> None:
    res = evaluate(TINY, tiny_dataset)
    # table cells: 5 true, 6 found, 3 right (928, 202, 21) -> precision 3/6, recall 3/5
    assert res.precision == pytest.approx(0.5)
    assert res.recall == pytest.approx(0.6)
    assert res.score("narrative") == (1.0, 1.0)
    fam = res.tables["family"].set_index("family")
    assert fam.loc["proactive.channel", ["true", "right", "wrong"]].tolist() == [2, 1, 1]
    assert fam.loc["review", ["true", "found", "missed"]].tolist() == [1, 0, 1]
    assert fam.loc["t.request", ["true", "found", "extra"]].tolist() == [1, 3, 2]
    flags = res.flags.set_index("rule")
    assert flags.loc["spam_removed", ["expected", "raised", "hit", "missed", "false_alarm"]
                     ].tolist() == [1, 1, 0, 1, 1]
    assert flags.loc["encoding_detected", ["expected", "hit", "false_alarm"]].tolist() == [1, 1, 0]
    assert flags.loc["channels_vs_total", ["expected", "raised", "missed"]].tolist() == [1, 0, 1]
    assert not flags.loc["chrome_removed", "checked"]  # not decided by the simulator
    files = res.files.set_index("path")
    assert files.loc["misc/empty-0.txt", "outcome"] == "failure"
    assert files.loc["b/b-2021.html", "outcome"] == "report"
    assert not files.loc["b/b-2021.html", "year_ok"]  # dataset says 2020
    assert files.loc["a/a-2012.txt", "agency_ok"]
    worst = res.tables["worst"]
    assert worst.iloc[0]["path"] == "b/b-2021.html"  # 3 errors, against 1 for a
    assert "precision 0.5000, recall 0.6000" in summary(res)


def test_missing_truth_is_a_clear_error(tmp_path: Path, tiny_dataset: Path) -> None:
    with pytest.raises(FileNotFoundError, match="truth/facts.csv"):
        evaluate(tmp_path, tiny_dataset)


def test_cli_floor_sets_exit_status(tiny_dataset: Path, capsys) -> None:
    from analysis.cli import main

    assert main(["evaluate", "--truth", str(TINY), "--dataset", str(tiny_dataset)]) == 0
    assert main(["evaluate", "--truth", str(TINY), "--dataset", str(tiny_dataset),
                 "--floor", "0.9"]) == 1
    assert "table cells: precision" in capsys.readouterr().out


def _csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(path, index=False)


def test_abstentions_are_counted_apart_and_kept_out_of_precision(tmp_path: Path) -> None:
    """Table 三's first row printed joined (801000081): the parser gives 80 for natural_person,
    leaves the rest blank under an ambiguous_cells flag; a wrong value elsewhere stays wrong, and a
    blank without a flag naming its indicator is a plain miss."""
    p = "c/c-2021.page.txt"
    truth = tmp_path / "truth"
    cols = ["natural_person", "business", "research", "nonprofit", "legal_services", "other_org",
            "total"]
    rows = [dict(path=p, indicator="request.new", breakdown=c, measure="count", value=v,
                 status="reported", source="table", printed="joined", counts="")
            for c, v in zip(cols, [80, 1, 0, 0, 0, 0, 81], strict=True)]
    rows += [dict(path=p, indicator="review.total", breakdown="all", measure="count", value=3,
                  status="reported", source="table", printed="joined", counts=""),
             dict(path=p, indicator="request.carried_in", breakdown="total", measure="count",
                  value=2, status="reported", source="table", printed="", counts="")]
    _csv(truth / "facts.csv", rows)
    _csv(truth / "files.csv", [dict(path=p, expect="report", agency_id="sl-c", agency="示例市丙局",
                                    year=2021, template="t2021", form="text", encoding="utf-8",
                                    noise="crawled;joined", bytes=1)])
    _csv(truth / "flags.csv", [dict(path="x", rule="spam_removed", why="")])
    full = f"/corpus/{p}"
    facts = [_fact(full, "request.new", "natural_person", "count", 80.0)]
    facts += [_fact(full, "request.new", c, "count", float("nan"), status="blank")
              for c in cols[1:4]]  # the rest of the row (legal_services..total) left out
    facts += [_fact(full, "review.total", "all", "count", 4.0),  # wrong: truth 3
              _fact(full, "request.carried_in", "total", "count", float("nan"), status="blank")]
    flags = [{"report_id": "c", "path": full, "rule": "ambiguous_cells", "severity": "warning",
              "indicator": "request.new; review.corrected"},
             {"report_id": "c", "path": full, "rule": "narrative_vs_table", "severity": "warning",
              "indicator": "request.carried_in"}]  # not an abstention rule
    reports = [{"report_id": "c", "path": full, "agency_id": "sl-c", "year": 2021,
                "template": "t2021", "n_facts": 6, "n_flags": 2}]
    ds = tmp_path / "ds"
    for name, data in (("facts", facts), ("reports", reports), ("flags", flags),
                       ("failures", [])):
        write_table(ds, name, schema.conform(name, pd.DataFrame(data)))
    res = evaluate(tmp_path, ds)
    out = res.cells.set_index(["indicator", "breakdown"])["outcome"]
    assert out[("request.new", "natural_person")] == "right"
    assert (out.loc["request.new"].drop("natural_person") == "abstained").all()
    assert out[("review.total", "all")] == "wrong"  # a value given is never an abstention
    assert out[("request.carried_in", "total")] == "wrong"  # blank, but no flag names it
    assert res.abstained() == 6
    # precision: 1 right of the 3 values given (80, review 4, carried_in blank); recall 1 of 9
    assert res.precision == pytest.approx(1 / 3) and res.recall == pytest.approx(1 / 9)
    noise = res.tables["noise"].set_index("noise")  # per file: all nine cells of the joined page
    assert noise.loc["joined", ["true", "right", "abstained", "wrong"]].tolist() == [9, 1, 6, 2]
    printed = res.tables["printed"].set_index("printed")  # per cell: as the truth says it printed
    assert printed.loc["joined", ["true", "right", "abstained", "wrong"]].tolist() == [8, 1, 6, 1]
    assert printed.loc["plain", ["true", "wrong"]].tolist() == [1, 1]
    assert "6 abstained, counted as misses" in summary(res)


@pytest.fixture(scope="module")
def noisy(tmp_path_factory) -> tuple[Path, Path]:
    """3 agencies x 2009-2024 (about 45 reports, every form) with every kind of noise on at high
    rates, ingested with the real parser."""
    from analysis.dataset.ingest import ingest
    from analysis.simulate import Noise, simulate

    root = tmp_path_factory.mktemp("sim")
    noise = Noise.classic()  # the kinds the parser was built for; the real-file kinds are measured
    noise.spam, noise.gbk, noise.fullwidth, noise.blanks = 0.4, 0.3, 0.3, 0.4  # by the benchmark
    noise.inconsistent, noise.missing, noise.bad = 0.3, 0.05, 0.05
    simulate(root / "corpus", agencies=3, seed=5, noise=noise)
    ingest([root / "corpus"], root / "ds", progress=False)
    return root / "corpus", root / "ds"


def test_floors_on_noisy_simulated_corpus(noisy) -> None:
    corpus, ds = noisy
    res = evaluate(corpus, ds)
    files = res.files
    reports = files[files["expect"] == "report"]
    assert (reports["outcome"] == "report").all(), reports[reports["outcome"] != "report"]
    assert reports[["agency_ok", "year_ok", "template_ok"]].all().all()
    assert (files.loc[files["expect"] == "failure", "outcome"] == "failure").all()
    # The floor: cell-level precision and recall of at least 0.995, narrative figures too
    p, r = res.score("table")
    assert p >= 0.995 and r >= 0.995, summary(res)
    p, r = res.score("narrative")
    assert p >= 0.995 and r >= 0.995, summary(res)
    flags = res.flags.set_index("rule")
    for rule in ("spam_removed", "encoding_detected", "channels_vs_total", "categories_vs_total",
                 "t3_identity", "t4_block_sum", "truncated_table"):
        if rule in flags.index:
            assert flags.loc[rule, "missed"] == 0, rule
            assert flags.loc[rule, "false_alarm"] == 0, rule


def test_evaluate_is_independent_of_the_ingest_path_prefix(noisy, tmp_path: Path) -> None:
    """Paths in the dataset are matched to the truth by suffix: a moved corpus still matches."""
    corpus, ds = noisy
    moved = tmp_path / "elsewhere"
    shutil.copytree(ds, moved)
    facts = pd.read_parquet(moved / "facts.parquet")
    facts["path"] = "relative/prefix/" + facts["path"].str.split("/").str[-2:].str.join("/")
    facts.to_parquet(moved / "facts.parquet", index=False)
    package.write(moved, FILES)  # record the deliberate edit in the manifest load_dataset checks
    assert evaluate(corpus, moved).recall == pytest.approx(evaluate(corpus, ds).recall)


def test_bundled_sample_parses_to_its_ground_truth_in_every_form_and_template(tmp_path) -> None:
    """data/sample has every input form of every template year (text, Markdown, HTML, PDF x legacy,
    2019, 2021); each combination must yield exactly the facts its ground truth lists."""
    from analysis.dataset.ingest import ingest

    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    ingest([sample], tmp_path / "ds", jobs=2, progress=False)
    res = evaluate(sample, tmp_path / "ds")
    table = res.cells[res.cells["source"] == "table"]
    combos = table.groupby(["form", "template"]).size()
    assert len(combos) == 12, combos  # 4 forms x 3 templates, all present
    for (form, template), cells in table.groupby(["form", "template"]):
        p, r = _ratio(cells)
        assert (p, r) == (1.0, 1.0), (form, template, summary(res))


def test_tables_with_empty_lines_inside_read_whole(tmp_path: Path) -> None:
    """The `gaps` noise (found by benchmarks/real_variants.py on a real report): one-cell-a-line
    tables saved paragraph by paragraph, or with a spam line inside that the cleaner empties."""
    from analysis.dataset.ingest import ingest
    from analysis.simulate import Noise, simulate

    noise = Noise.none()
    noise.gaps = 1.0
    simulate(tmp_path / "corpus", agencies=3, years=(2009, 2018), seed=3, noise=noise)
    files = pd.read_csv(tmp_path / "corpus" / "truth" / "files.csv")
    text = files[files["path"].str.endswith(".txt")]
    kinds = text["noise"].fillna("").str.split(";")
    assert kinds.map(lambda k: "gaps" in k).all()  # every text report of this corpus
    spam = kinds.map(lambda k: "spam" in k)
    assert 0 < spam.sum() < len(text)  # both: a spam line inside a table, and paragraphs
    ingest([tmp_path / "corpus"], tmp_path / "ds", progress=False)
    res = evaluate(tmp_path / "corpus", tmp_path / "ds")
    assert res.score("table") == (1.0, 1.0), summary(res)
    flags = res.flags.set_index("rule")
    assert flags.loc["spam_removed", "missed"] == 0


def test_table_two_printed_out_of_order_reads_whole(tmp_path: Path) -> None:
    """The `reordered` noise (found in a real report converted from PDF): table 二's 规章 rows
    printed after its other sections, in every form, crawled one-line pages among them. Every
    table 二 cell is read right, or (crawled pages whose cells run together: 2019-template rows
    of three columns with no sums to settle a run like 7232 32) left blank under a flag naming
    it; no value is wrong, none is lost to the order."""
    from analysis.dataset.ingest import ingest
    from analysis.simulate import Noise, simulate

    two = ["rules", "normative", "licensing", "other_services", "penalty", "coercion",
           "admin_fees", "procurement"]
    noise = Noise.none()
    noise.reordered, noise.crawled, noise.joined = 1.0, 0.5, 0.5
    simulate(tmp_path / "corpus", agencies=4, years=(2019, 2024), seed=5, noise=noise)
    files = pd.read_csv(tmp_path / "corpus" / "truth" / "files.csv")
    assert files["noise"].fillna("").str.contains("reordered").all()
    assert files["form"].nunique() >= 3 and files["noise"].str.contains("crawled").any()
    page = next((tmp_path / "corpus").glob("*/*.page.txt")).read_text(encoding="utf-8")
    assert page.index("行政许可") < page.index("规章")  # printed out of the template's order
    ingest([tmp_path / "corpus"], tmp_path / "ds", progress=False)
    res = evaluate(tmp_path / "corpus", tmp_path / "ds")
    assert res.score("table")[0] == 1.0, summary(res)  # no wrong value in any table
    cells = res.cells[(res.cells["source"] == "table") & res.cells["indicator"].isin(two)]
    assert len(cells) > 300 and set(cells["indicator"]) == set(two)
    assert set(cells["outcome"]) <= {"right", "abstained"}, summary(res)
    open_ = cells[cells["outcome"] == "abstained"]
    assert open_["noise"].str.contains("joined").all() and len(open_) < 0.1 * len(cells)
    assert (cells[~cells["noise"].str.contains("joined")]["outcome"] == "right").all()


def test_an_ambiguous_flag_on_table_four_row_names_its_fifteen_cells() -> None:
    """Table 四 is one printed row (indicator "四" in its flags): a run-together row left blank
    under that flag is an abstention for each of its cells, not a wrong value (found on a crawled
    page of the simulator: 1545226102111430104 fits two splits)."""
    from analysis.simulate.evaluate import abstentions

    flags = pd.DataFrame({"path": ["a.page.txt", "b.txt"], "rule": ["ambiguous_cells", "yoy_mismatch"],
                          "indicator": ["四", "四"]})
    got = abstentions(flags)
    assert len(got) == 15 and {p for p, _ in got} == {"a.page.txt"}
    assert ("a.page.txt", "litigation_direct.corrected") in got
    assert ("a.page.txt", "review.total") in got and ("a.page.txt", "四") not in got
