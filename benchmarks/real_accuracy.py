"""Accuracy on the real reports: each file of ../shared/corpus/real/ and ../shared/corpus/ read alone.

The figures were checked by hand from the text (`real/expected.json`; `corpus_expected.json` beside
this script for the five files described in `corpus/README.md`). A file is read with
`analysis.read_report`, on its own: the `.txt` and `.html` copies of one page are scored apart, and
no other year's report is there to help.

How a figure is scored (key = indicator, breakdown [default `all`], measure [default `count`]):
- **right**: the preferred printed fact for the key (table, then derived, then narrative; only the
  named source where the entry names one) has the expected value; for an entry with
  `status: blank`, a blank fact;
- **wrong**: a printed fact for the key (of the named source, if any; any printed fact, not only
  the preferred one) with another value and no flag of the report naming that figure (the flag's
  indicator lists it, its expected/found holds the value, and its text names the breakdown: see
  `names_figure`): a silent wrong number, the one thing that must never happen. A flag merely on
  the same indicator does not excuse it;
- **missed**: neither, with the reason (no fact, blank cell, left ambiguous and flagged, a flagged
  other value).

    python benchmarks/real_accuracy.py [--corpus ../shared/corpus] [--results real_accuracy.md]

Prints the score per file and overall and writes the details (every miss with its reason, every
flag of every file for checking by hand) to benchmarks/real_accuracy.md. Exit 1 below the floor
(98% of the 347 real/ figures right, 0 silent wrong numbers), 2 when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import platform
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_CORPUS = HERE.parent.parent / "shared" / "corpus"
SHIPPED = HERE.parent / "data" / "real"  # the same reports, shipped for the demo


def shipped_corpus(view: Path) -> Path:
    """The development corpus's layout (real/ with expected.json, the other files at the top)
    made of symlinks to the copies shipped in data/real and the hand-checked figures kept here
    (real_expected.json, a copy of real/expected.json), for a checkout without ../shared/corpus."""
    (view / "real").mkdir(parents=True, exist_ok=True)
    links = [(view / "real" / "expected.json", HERE / "real_expected.json")]
    links += [(view / "real" / p.name, p) for p in (SHIPPED / "pingtan").iterdir()]
    links += [(view / p.name, p) for p in (SHIPPED / "other").iterdir()]
    for link, target in links:
        if not link.is_symlink():
            link.symlink_to(target.resolve())
    return view


def default_corpus() -> Path:
    """../shared/corpus beside the checkout, else the view of the copies in data/real (made
    when asked for, not when this module is imported)."""
    if (SHARED_CORPUS / "real" / "expected.json").is_file():
        return SHARED_CORPUS
    return shipped_corpus(HERE / "work" / "shipped-corpus")


REGISTRY = HERE.parent / "data" / "real" / "agencies.csv"  # the package ships no agencies
FLOOR = 0.98
PREFERENCE = {"table": 0, "derived": 1, "narrative": 2}


@dataclass
class FileScore:
    file: str
    group: str  # real | corpus
    total: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    meta: str = ""
    error: str = ""


def _key(e: dict) -> tuple[str, str, str]:
    return e["indicator"], e.get("breakdown", "all"), e.get("measure", "count")


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def _describe(e: dict) -> str:
    k = _key(e)
    src = f" [{e['source']}]" if e.get("source") else ""
    want = e.get("status", e.get("value"))
    return f"{k[0]} {k[1]} {k[2]}{src} = {want}"


_IDS = re.compile(r"[;,|\s]+")
_NUM = re.compile(r"-?\d+(?:\.\d+)?")


def names_figure(fl, fact) -> bool:
    """True when flag `fl` names this fact's figure: its indicator field lists the fact's
    indicator (one id or several joined by `|`, `;`, `,` or spaces), its expected or found holds
    the fact's value, and, for a breakdown other than `all`, its text names that breakdown (its id
    or its Chinese label). A flag on the indicator that carries other numbers (or none) names
    another figure, not this one."""
    if fact.indicator not in set(filter(None, _IDS.split(fl.indicator or ""))):
        return False
    from analysis.vocab import short_label

    text = f"{fl.expected} {fl.found}"
    said = f"{text} {fl.message} {fl.location}"
    if fact.breakdown != "all" and not any(w in said for w in (fact.breakdown,
                                                               short_label(fact.breakdown))):
        return False
    return any(_same(float(n), fact.value) for n in _NUM.findall(text.replace(",", "")))


def score_entry(e: dict, facts: list, flags: list) -> tuple[str, str]:
    """('right' | 'wrong' | 'missed', reason) for one expected figure against a report's facts.

    Every printed fact for the key (of the named source, if any) is looked at, not only the one
    preferred: a value other than the expected one that no flag names (`names_figure`) is a silent
    wrong number, even where the preferred fact is right."""
    key = _key(e)
    source = e.get("source")
    ok_sources = {"table": ("table", "derived"), "narrative": ("narrative",)}.get(source,
                                                                               tuple(PREFERENCE))
    cands = [f for f in facts if (f.indicator, f.breakdown, f.measure) == key
             and f.source in ok_sources]
    printed = sorted((f for f in cands if f.status == "reported"),
                     key=lambda f: PREFERENCE.get(f.source, 9))
    named = [f for f in printed if any(names_figure(fl, f) for fl in flags)]
    if e.get("status") == "blank":
        silent = [f for f in printed if f not in named]
        if silent:
            return "wrong", f"expected blank, found {silent[0].value:g} ({silent[0].location})"
        if any(f.status == "blank" for f in cands) and not printed:
            return "right", ""
        return "missed", f"expected blank, found {[f.value for f in printed] or 'no fact'}"
    want = float(e["value"])
    silent = [f for f in printed if not _same(f.value, want) and f not in named]
    if silent:
        return "wrong", f"found {silent[0].value:g} ({silent[0].source}, {silent[0].location})"
    if printed and _same(printed[0].value, want):
        return "right", ""
    if printed:
        fl = next(fl for fl in flags if names_figure(fl, printed[0]))
        return "missed", f"found {printed[0].value:g} ({printed[0].source}), flagged {fl.rule}"
    rules = {fl.rule for fl in flags if key[0] in _IDS.split(fl.indicator or "")}
    if "ambiguous_cells" in rules:
        return "missed", "cells unresolved (待核): the split is ambiguous (flagged ambiguous_cells)"
    if cands:
        return "missed", f"cell {cands[0].status} ({cands[0].location})"
    return "missed", "no fact"


def score_file(path: Path, entry: dict, group: str) -> FileScore:
    from analysis import read_report

    s = FileScore(file=path.name, group=group, total=len(entry["figures"]))
    try:
        rep = read_report(path)
    except Exception as exc:  # a crash is a result too: every figure missed
        s.error = f"{type(exc).__name__}: {exc}"
        s.missed = [f"{_describe(e)}: file not read ({s.error})" for e in entry["figures"]]
        return s
    m = rep.meta
    s.meta = (f"agency {m.agency!r} (as printed {m.agency_raw!r}), year {m.year}, "
              f"template {m.template}")
    for e in entry["figures"]:
        verdict, reason = score_entry(e, rep.facts, rep.flags)
        if verdict == "right":
            s.right += 1
        elif verdict == "wrong":
            s.wrong.append(f"{_describe(e)}: {reason}")
        else:
            s.missed.append(f"{_describe(e)}: {reason}")
    checked = verdicts()
    s.flags = []
    for fl in rep.flags:
        verdict, note = checked.get((path.name, fl.rule, fl.indicator), ("NOT CHECKED", ""))
        if fl.rule == "agency_unregistered":
            verdict, note = "right", "the registry does not list this agency"
        s.flags.append(f"**{verdict}** {fl.severity} {fl.rule} [{fl.indicator}] {fl.message} "
                       f"(expected {fl.expected!r}, found {fl.found[:120]!r}) {fl.location}"
                       + (f" — checked by hand: {note}" if note else ""))
    return s


def verdicts() -> dict[tuple[str, str, str], tuple[str, str]]:
    """The flags of the real files as checked by hand (real_flags_checked.csv)."""
    with open(HERE / "real_flags_checked.csv", encoding="utf-8", newline="") as f:
        return {(r["file"], r["rule"], r["indicator"]): (r["verdict"], r["note"])
                for r in csv.DictReader(f)}


def expected_files(corpus: Path) -> list[tuple[Path, dict]]:
    """Every hand-checked report with its expected figures: real/ first (real_expected.json: the
    corpus's real/expected.json as the project keeps it, corrections noted in each figure's note),
    then the corpus README's files (corpus_expected.json). Shared with real_variants.py and real_converters.py."""
    real = json.loads((HERE / "real_expected.json").read_text(encoding="utf-8"))
    extra = json.loads((HERE / "corpus_expected.json").read_text(encoding="utf-8"))["files"]
    return [(corpus / "real" / e["file"], e) for e in real] + [(corpus / e["file"], e)
                                                                for e in extra]


def run(corpus: Path) -> list[FileScore]:
    return [score_file(p, e, "real" if p.parent.name == "real" else "corpus")
            for p, e in expected_files(corpus)]


def _totals(scores: list[FileScore], group: str) -> tuple[int, int, int]:
    sel = [s for s in scores if s.group == group]
    return (sum(s.right for s in sel), sum(s.total for s in sel), sum(len(s.wrong) for s in sel))


def report(scores: list[FileScore]) -> str:
    out = ["| file | right / total | wrong (silent) | missed |", "|---|---|---|---|"]
    for s in scores:
        out.append(f"| {s.file} | {s.right} / {s.total} | {len(s.wrong)} | {len(s.missed)} |")
    for group in ("real", "corpus"):
        r, t, w = _totals(scores, group)
        out.append(f"| **{group}/ overall** | **{r} / {t} ({r / max(t, 1):.1%})** | **{w}** | "
                   f"**{t - r - w}** |")
    out += ["", "## Silent wrong numbers", ""]
    out += [f"- {s.file}: {w}" for s in scores for w in s.wrong] or ["None."]
    out += ["", "## Figures missed, with the reason", ""]
    out += [f"- {s.file}: {m}" for s in scores for m in s.missed] or ["None."]
    out += ["", "## What each file was read as, and every flag it raised", "",
            "Each flag carries its verdict from a check by hand (benchmarks/real_flags_checked.csv):"
            " **real error** (the report contradicts itself), **right** (a true statement about "
            "the text), **overstated** (the text removed is right, the rule name says too much); "
            "**NOT CHECKED** marks a flag nobody has looked at yet.", ""]
    for s in scores:
        out += [f"### {s.file}", "", f"{s.meta or s.error}", ""]
        out += [f"- {f}" for f in s.flags] or ["- (no flags)"]
        out.append("")
    return "\n".join(out)


def arguments(doc: str, results: Path, argv: list[str] | None) -> tuple[Path, str] | None:
    """(corpus, results file) from the command line; None (said on stderr) when the corpus is
    absent. Shared with real_variants.py."""
    p = argparse.ArgumentParser(description=doc.split("\n")[0])
    p.add_argument("--corpus", default=None, help="default: ../shared/corpus, else data/real")
    p.add_argument("--results", default=str(results))
    args = p.parse_args(argv)
    corpus = Path(args.corpus) if args.corpus else default_corpus()
    if not (corpus / "real" / "expected.json").is_file():
        print(f"{results.stem}: no corpus at {corpus} (real/expected.json)", file=sys.stderr)
        return None
    return corpus, args.results


def use_registry() -> None:
    """The registry of these reports (data/real/agencies.csv), as `xxgk ingest data/real` reads it."""
    from analysis.parse import agency

    with open(REGISTRY, encoding="utf-8") as f:
        agency.use(list(csv.DictReader(f)), str(REGISTRY))


def main(argv: list[str] | None = None) -> int:
    if (got := arguments(__doc__, HERE / "real_accuracy.md", argv)) is None:
        return 2
    corpus, results = got
    use_registry()
    t0 = time.perf_counter()
    scores = run(corpus)
    body = report(scores)
    r, t, w = _totals(scores, "real")
    head = ["# Accuracy on real reports", "",
            f"Measured {time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}, "
            f"{time.perf_counter() - t0:.1f}s. Command: `python benchmarks/real_accuracy.py`.", "",
            f"Floor: {FLOOR:.0%} of the real/ figures right and 0 silent wrong numbers.", ""]
    Path(results).write_text("\n".join(head) + body + "\n", encoding="utf-8")
    for s in scores:
        print(f"{s.file:42s} {s.right:3d}/{s.total:3d}  wrong {len(s.wrong)}  missed "
              f"{len(s.missed)}" + (f"  ERROR {s.error}" if s.error else ""))
    rc, tc, wc = _totals(scores, "corpus")
    print(f"written {results}")
    print(f"corpus/ (README facts): {rc}/{tc} right, {wc} silent wrong")
    print(f"real/: {r}/{t} right ({r / t:.1%}), {w} silent wrong numbers (floor {FLOOR:.0%}, 0)")
    return 0 if r / t >= FLOOR and w == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
