"""Property tests over random small simulated datasets (analysis.simulate, seeded loop):

- every number a brief's key table, a chart's alt text, a chart, a notebook table and `ds.figures`
  / `ds.series` give for the same agency, year and concept is the same number (or the same word);
- `ds.figures` summed over agencies equals the simulator's ground truth (truth/facts.csv), for the
  printed cells and for the group rows the resolver derives from their sub-rows.
"""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest

from analysis import charts, metrics, tables
from analysis.brief import alttext, content, numfmt
from analysis.dataset.ingest import ingest
from analysis.dataset.store import load_dataset
from analysis.figures import NUMBER, concepts, word
from analysis.simulate import Noise, simulate

SEEDS = (3, 17)


def _dataset(tmp_path, seed: int, noise: Noise):
    rng = random.Random(seed)
    first = rng.choice((2012, 2015, 2017))
    sim = tmp_path / f"sim{seed}"
    simulate(sim, agencies=rng.randint(2, 4), years=(first, first + 7), seed=seed, noise=noise,
             forms=("text", "html"))
    ingest([sim], tmp_path / f"ds{seed}", progress=False)
    return sim, load_dataset(tmp_path / f"ds{seed}")


@pytest.fixture(scope="module", params=SEEDS)
def noisy(request, tmp_path_factory):
    """Blanks and inconsistencies on, so that partial, blank and conflict figures occur."""
    return _dataset(tmp_path_factory.mktemp("noisy"), request.param,
                    Noise(spam=0, gbk=0, fullwidth=0, blanks=0.5, inconsistent=0.3, missing=0.1,
                          bad=0))


@pytest.fixture(scope="module", params=SEEDS)
def clean(request, tmp_path_factory):
    return _dataset(tmp_path_factory.mktemp("clean"), request.param, Noise.none())


def _said(value: float, status: str, fmt=numfmt.count) -> str:  # the house format
    return fmt(value) if status in NUMBER and not math.isnan(value) else word(status)


def test_every_consumer_gives_the_same_figure(noisy):
    _, ds = noisy
    seen = set()
    for agency_id, year in _pairs(ds):
        s = ds.series(None, [agency_id], [year]).set_index("concept")
        k = metrics.key_figures(ds, agency_id, year).set_index("concept")
        notebook = tables.key_figures(ds, agency_id, year).set_index("指标")
        p, _, _ = content.period(ds, agency_id, year, year - 1)
        brief = {r[0]: r[2] for r in content.key_table(p)[1]}
        for concept in concepts.key_figures():
            if concept not in s.index:
                assert concept not in k.index or k.loc[concept, "status"] == "absent"
                continue
            value, status = float(s.loc[concept, "value"]), str(s.loc[concept, "status"])
            seen.add(status)
            label = concepts.label(concept)[0]
            assert k.loc[concept, "status"] == status
            assert _same(k.loc[concept, "value"], value)
            assert _same(notebook.loc[label, f"{year}年"], value)
            assert brief[label] == _said(value, status)
    # the noisy cases occurred (unresolved too: a cell printed but not placed, said 待核)
    assert seen & {"partial", "blank", "conflict", "derived", "unresolved"}, seen


def _pairs(ds, n: int = 5) -> list[tuple[str, int]]:
    """Up to n agency-years, those with a key figure that is not a plain printed number first."""
    s = ds.series()
    s = s[s["concept"].isin(concepts.key_figures())]
    odd = s[s["status"] != "reported"]
    pairs = list(dict.fromkeys(zip(odd["agency_id"].astype(str), odd["year"].astype(int),
                                   strict=True)))[: n // 2 + 1]
    rest = list(dict.fromkeys(zip(s["agency_id"].astype(str), s["year"].astype(int),
                                  strict=True)))
    return list(dict.fromkeys(pairs + random.Random(0).sample(rest, min(n, len(rest)))))[:n]


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_chart_and_alt_text_show_the_series(noisy):
    _, ds = noisy
    for agency_id, year in metrics.latest_years(ds).items():
        s = ds.series("requests_received", [agency_id])
        numbers = s[s["status"].isin(NUMBER)]
        fig = charts.requests_by_year(ds, agency_id)
        if not (numbers["value"] > 0).any():  # nothing positive: a note, never an empty chart
            assert charts.empty(fig), agency_id
        else:
            heights = sorted(p.get_height() for p in fig.axes[0].patches)
            assert heights == sorted(numbers["value"].tolist())
        alt = alttext.requests_by_year(ds, agency_id, int(year))
        for y, v, st in zip(s["year"], s["value"], s["status"], strict=True):
            said = numfmt.count(v) + "件" if st in NUMBER else word(st)
            assert f"{int(y)}年{said}" in alt, (y, said, alt)


def _truth(sim) -> pd.DataFrame:
    t = pd.read_csv(sim / "truth" / "facts.csv", keep_default_na=False)
    files = pd.read_csv(sim / "truth" / "files.csv", keep_default_na=False)
    t = t[(t["source"] == "table") & (t["status"] == "reported")]
    t = t.merge(files[["path", "agency_id", "year", "template"]], on="path")
    return t.assign(value=pd.to_numeric(t["value"]))


def test_figures_summed_over_agencies_equal_the_truth(clean):
    sim, ds = clean
    truth = _truth(sim)
    key = ["year", "indicator", "breakdown", "measure"]
    want = truth.groupby(key)["value"].sum()
    f = ds.figures.astype({"indicator": str, "breakdown": str, "measure": str})
    f = f.assign(year=f["year"].astype(int))
    got = f[f["status"].isin(NUMBER)].groupby(key)["value"].sum()
    assert len(want) > 100
    pd.testing.assert_series_equal(got.reindex(want.index), want, check_names=False,
                                   check_dtype=False)
    # group rows the templates do not print: the truth's sub-rows, summed, per year
    groups = [(t, g, subs) for t in concepts.TEMPLATES for g, subs in concepts.groups(t).items()]
    checked = 0
    for template, group, subs in groups:
        sub = truth[(truth["template"] == template) & truth["indicator"].isin(subs)
                    & (truth["breakdown"] == "total")]
        if sub.empty or (truth["indicator"] == group).any():
            continue
        expected = sub.groupby("year")["value"].sum()
        mine = f[(f["indicator"] == group) & (f["breakdown"] == "total")
                 & (f["template"].astype(str) == template)]
        assert set(mine["status"]) == {"derived"}
        pd.testing.assert_series_equal(mine.groupby("year")["value"].sum(), expected,
                                       check_names=False, check_dtype=False)
        checked += 1
    assert checked
