"""xxgk: read, check, chart and brief government information-disclosure annual reports.

Each subcommand lives in the module of its stage and is imported only when chosen, so
`xxgk ingest` does not pay for papermill or python-docx.

Exit status: 0 when the run completed (failures are reported, not fatal), 1 under --strict when any
input failed, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys

# subcommand -> module with `add_arguments(parser)` and `run(args) -> int`
COMMANDS = {
    "ingest": ("analysis.dataset.ingest", "read reports into the dataset"),
    "simulate": ("analysis.simulate.cli", "write a simulated corpus with ground truth"),
    "evaluate": ("analysis.simulate.evaluate", "compare a parsed dataset with ground truth"),
    "render": ("analysis.render.batch", "render notebooks per agency with papermill"),
    "serve": ("analysis.render.serve", "keep a warm render server for an output folder"),
    "brief": ("analysis.brief.cli", "write Word briefings and chart packs"),
    "demo": ("analysis.demo", "ingest the bundled data and render everything"),
    "registry": ("analysis.dataset.registry", "write a starter agencies.csv for a corpus"),
    "export": ("analysis.export", "write the dataset wide, for Excel or R (.xlsx or .csv)"),
}
# optional parts of the install: module -> the extra that brings it
EXTRAS = {"fpdf": "simulate", "distributed": "cluster", "jupyterlab": "lab"}


def version() -> str:
    from importlib import metadata

    try:
        return metadata.version("xxgk")
    except metadata.PackageNotFoundError:  # running from a checkout that is not installed
        return "unknown (not installed)"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen subcommand's module is imported (a broken or heavy stage never
    costs the others anything)."""
    parser = argparse.ArgumentParser(prog="xxgk", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        p.set_defaults(_module=module)
        if name == command:
            try:
                importlib.import_module(module).add_arguments(p)
            except ModuleNotFoundError as exc:  # a stage not built in this install
                if not (exc.name and module.startswith(exc.name)):
                    raise
                p.set_defaults(_missing=str(exc))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(argv)  # exits 2 on a usage error
    if getattr(args, "_missing", None):
        print(f"xxgk {args.command}: not available in this build ({args._missing})", file=sys.stderr)
        return 2
    try:
        return int(importlib.import_module(args._module).run(args) or 0)
    except ModuleNotFoundError as exc:  # an optional part this install does not have
        extra = EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        print(f"xxgk {args.command}: needs {exc.name}: pip install 'xxgk[{extra}]'",
              file=sys.stderr)
        return 2


def entry() -> None:
    """The `xxgk` command: `main`, then exit without tearing the interpreter down. The exit
    handlers run (kernels stopped, logs flushed) and the output is flushed; what is skipped is
    freeing every module and object one by one, which after a render (pandas, papermill,
    nbconvert, a kernel client) took 0.3-1 s of the command's wall time. A usage error or an
    exception leaves the ordinary way."""
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


if __name__ == "__main__":
    entry()
