"""`xxgk simulate --out DIR --agencies N --years 2009-2024 --seed S [noise options]`.

Every kind of noise is on at its default rate; `--no-noise` turns all off, `--RATE-NAME X` sets one
(e.g. `--spam 0.3 --gbk 0`). Imports stay light: the simulator loads only when the command runs.
"""

from __future__ import annotations

import argparse
import sys

KINDS = ("spam", "gbk", "fullwidth", "blanks", "inconsistent", "missing", "bad")
FORMS = ("text", "markdown", "html", "pdf")


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
                   help="comma-separated subset of text,markdown,html,pdf")
    p.add_argument("--no-noise", action="store_true", help="turn every kind of noise off")
    for kind in KINDS:
        p.add_argument(f"--{kind}", type=_rate, default=None, metavar="RATE",
                       help=f"rate of {kind} noise (0..1)")


def run(args: argparse.Namespace) -> int:
    from analysis.simulate import Noise, simulate

    noise = Noise.none() if args.no_noise else Noise()
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
