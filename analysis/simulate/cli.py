"""`xxgk simulate --out DIR --agencies N --years 2009-2024 --seed S [noise options]`.

Every kind of noise is on at its default rate; `--no-noise` turns all off, `--classic` keeps only the
kinds from before issue 9 (the corpus then matches what the simulator wrote before, byte for byte,
but for the reports made inconsistent: see legacy.py),
`--RATE-NAME X` sets one (e.g. `--spam 0.3 --gbk 0 --joined 1`). The kinds and their defaults are
documented on `analysis.simulate.Noise`.
"""

from __future__ import annotations

import argparse
import sys

from analysis.simulate.corpus import FORMS
from analysis.simulate.noise import KINDS, Noise

HELP = {
    "spam": "SEO spam injected into web copies", "gbk": "GBK-encoded web copies",
    "fullwidth": "full-width digits", "blanks": "zeros printed blank, 无 or —",
    "inconsistent": "a total made inconsistent (the matching flag expected)",
    "missing": "agency-years without a report", "bad": "extra broken files (per report)",
    "crawled": "text/HTML reports saved as a crawler's one-line page (.page.txt)",
    "joined": "text reports whose table cells run together (801000081)",
    "spaced": "text reports whose table cells are single-space separated on one line",
    "fujian": "agencies printing the Fujian legacy table (指标名称 计量单位 年度 历年累计)",
    "prose": "narrative phrased as real reports phrase it", "ocr": "Markdown reports that are "
    "OCR'd PDFs shredded into a pipe table per row", "dropped": "OCR reports with a blank cell "
    "dropped from a table 二 row", "docx": "reports published as Word files",
    "errors": "inconsistent reports carrying an error kind seen in real reports",
    "gaps": "text reports with empty lines inside their tables (a page saved as paragraphs, "
            "a spam line inside a table)",
    "reordered": "template reports printing table 二's first section (规章, 规范性文件) after the "
                 "others, its caption left in place",
}


def _years(text: str) -> tuple[int, int]:
    try:
        a, _, b = text.partition("-")
        lo, hi = int(a), int(b or a)
    except ValueError:
        raise argparse.ArgumentTypeError(f"years must look like 2009-2024, not {text!r}") from None
    if not 2008 <= lo <= hi <= 2100:
        raise argparse.ArgumentTypeError(f"years out of range: {text!r}")
    return lo, hi


def _rate(text: str) -> float:
    x = float(text)
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"a rate is between 0 and 1, not {text}")
    return x


def _forms(text: str) -> tuple[str, ...]:
    forms = tuple(f.strip() for f in text.split(",") if f.strip())
    bad = [f for f in forms if f not in FORMS]
    if bad or not forms:
        raise argparse.ArgumentTypeError(f"forms are among {', '.join(FORMS)}; got {text!r}")
    return forms


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="folder to write the corpus and truth/ into")
    p.add_argument("--agencies", type=int, default=12, help="number of agencies (default 12)")
    p.add_argument("--years", type=_years, default=(2009, 2024), help="e.g. 2009-2024")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--forms", type=_forms, default=FORMS,
                   help=f"comma-separated subset of {','.join(FORMS)}")
    base = p.add_mutually_exclusive_group()
    base.add_argument("--no-noise", action="store_true", help="turn every kind of noise off")
    base.add_argument("--classic", action="store_true",
                      help="only the kinds of noise from before the real-file kinds")
    defaults = Noise()
    for kind in KINDS:
        p.add_argument(f"--{kind}", type=_rate, default=None, metavar="RATE",
                       help=f"{HELP[kind]} (default {getattr(defaults, kind):g})")


def run(args: argparse.Namespace) -> int:
    from analysis.simulate import simulate

    noise = Noise.none() if args.no_noise else Noise.classic() if args.classic else Noise()
    for kind in KINDS:
        if getattr(args, kind) is not None:
            setattr(noise, kind, getattr(args, kind))
    if args.agencies < 1:
        print("xxgk simulate: --agencies must be at least 1", file=sys.stderr)
        return 2
    try:
        summary = simulate(args.out, agencies=args.agencies, years=args.years, seed=args.seed,
                           noise=noise, forms=args.forms)
    except ValueError as exc:
        print(f"xxgk simulate: {exc}", file=sys.stderr)
        return 2
    print(summary.line())
    print(f"  noise: {noise.describe()}; truth in {summary.out / 'truth'}")
    return 0
