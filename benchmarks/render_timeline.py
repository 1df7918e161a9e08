"""Where a render command's time goes before and after its first page: a timeline of one
`xxgk …` process (imports, planning, kernel boot, papermill, export, manifest, index, exit).

    .venv/bin/python benchmarks/render_timeline.py render agency_profile --agency sl-city \
        --dataset DS --out OUT --force --quiet
    .venv/bin/python benchmarks/render_timeline.py --code /tmp/base render …  # another checkout
(with --code the command runs in that folder: give absolute paths)

The command runs in a child process whose functions of interest are wrapped as their modules are
imported (nothing else changes: the same imports in the same order); each wrapped call prints
when it started and ended, in seconds since the child was launched. The child's exit is timed
from outside. Prints the timeline (one line per event) and the whole command's seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

# module -> functions ("Class.method" for methods) whose calls are put on the timeline
WATCH = {
    "analysis.render.batch": ["render", "executor_for", "render_plans", "record_all"],
    "analysis.render.plan": ["plan", "_runs"],
    "analysis.render.api.slices": ["reports", "digests", "signature"],
    "analysis.render.manifest": ["data_hashes", "code_hash", "save"],
    "analysis.render.index_page": ["write"],
    "analysis.render.engine.worker": ["init_worker", "run_one", "_execute", "_page"],
    "analysis.render.engine.export": ["warm", "write", "exporter"],
    "analysis.render.engine.kernels": ["WarmKernel.ensure_started", "WarmKernel._warm_up",
                                "prestart", "close_all", "start"],
    "analysis.render.engine.inprocess": ["HereKernel.ensure_started"],
    "analysis.render.engine.kernel_state": ["warm_up"],
    "analysis.render.boot": ["start", "Booting.wait"],
    "papermill": ["execute_notebook"],
}
# the same modules where checkouts before render/ was split into engine/ and api/ had them
WATCH.update({f"analysis.render.{name.rsplit('.', 1)[1]}": fns for name, fns in list(WATCH.items())
              if name.startswith(("analysis.render.engine.", "analysis.render.api."))})
CHILD = r"""
import functools, importlib.abc, importlib.machinery, json, sys, threading, time
T0 = float(sys.argv.pop(1)); WATCH = json.loads(sys.argv.pop(1)); OUT = sys.stderr
def emit(what, t):
    OUT.write("@@TL " + json.dumps([round(t - T0, 3), threading.current_thread().name, what]) + "\n")
    OUT.flush()
emit("python ready", time.time())
def wrap(owner, attr, label):
    fn = getattr(owner, attr, None)
    if fn is None or getattr(fn, "_tl", False):
        return
    @functools.wraps(fn)
    def timed(*a, **k):
        emit(label + " {", time.time())
        try:
            return fn(*a, **k)
        finally:
            emit("} " + label, time.time())
    timed._tl = True
    setattr(owner, attr, timed)
class Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in WATCH:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        real = spec.loader.exec_module
        def exec_module(module, real=real):
            t = time.time()
            real(module)
            emit(f"import {name} (self+children {time.time() - t:.2f} s)", time.time())
            for item in WATCH[name]:
                owner, _, attr = item.rpartition(".")
                wrap(getattr(module, owner) if owner else module, attr, f"{name.split('.')[-1]}.{item}")
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Hook())
import analysis.cli as cli
emit("analysis.cli imported", time.time())
main = cli.main
def timed_main(argv=None):
    code = main(argv)
    emit("main returned", time.time())
    return code
cli.main = timed_main
sys.argv = ["xxgk", *sys.argv[1:]]
if hasattr(cli, "entry"):  # the command's own way out
    cli.entry()
sys.exit(cli.main())
"""


def timeline(command: list[str], code: Path | None = None) -> tuple[list[tuple], float]:
    """Run `xxgk COMMAND` (of this checkout, or of `code`); return the events and the seconds
    from launch to exit."""
    env = dict(os.environ)
    if code:
        env["PYTHONPATH"] = str(code)
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", CHILD, repr(t0), json.dumps(WATCH), *command],
                          capture_output=True, text=True, env=env, cwd=code)  # `-c`: cwd first
    total = time.time() - t0
    events = [tuple(json.loads(line[5:])) for line in proc.stderr.splitlines()
              if line.startswith("@@TL ")]
    if proc.returncode:
        sys.stderr.write(proc.stderr[-3000:])
    return events + [(round(total, 3), "-", "process ended")], total


def show(events: list[tuple]) -> str:
    return "\n".join(f"{t:7.3f}  {thread[:14]:14}  {what}" for t, thread, what in events)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--code", type=Path, help="another checkout to run (PYTHONPATH)")
    p.add_argument("command", nargs=argparse.REMAINDER, help="xxgk's arguments")
    args = p.parse_args()
    events, total = timeline(args.command, args.code)
    print(show(events))
    print(f"whole command: {total:.2f} s")


if __name__ == "__main__":
    main()
