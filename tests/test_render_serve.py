"""`xxgk serve`: a render server keeps a warm kernel for one output folder; `xxgk render` gives it
its run. A served page is the one a fresh kernel writes, byte for byte, run after run; a run the
server cannot do for the command (other settings, other code) is rendered by the command."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from fixtures.charts import synthetic
from test_render_here import output, probe, same, xxgk

from analysis.render import serve, served

pytestmark = pytest.mark.slow


class Server:
    """`xxgk serve --out OUT` in a child process, ready once it said so; a thread keeps what it
    prints."""

    def __init__(self, out: Path, cwd: Path, idle: float = 300):
        self.out = out
        self.proc = subprocess.Popen([sys.executable, "-m", "analysis", "serve", "--out", str(out),
                                      "--idle", str(idle)], cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True).start()
        self.read_until("rendering for", 120)

    def read_until(self, text: str, seconds: float) -> str:
        """The server's output once a line of it holds `text`."""
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.lines):
            assert time.monotonic() < deadline, f"server said only: {self.lines!r}"
            assert self.proc.poll() is None or self.lines, "server ended"
            time.sleep(0.05)
        return "".join(self.lines)

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it: its kernel and its socket file go with it."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise
        assert not served.address(self.out).exists()


@pytest.fixture
def setup(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    server = Server(tmp_path / "out", tmp_path)
    yield tmp_path, root, server
    server.stop()


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and p.suffix != ".ipynb")


def test_served_pages_equal_a_fresh_kernels_run_after_run(setup):
    tmp_path, root, server = setup
    for agency in ("a-big", "a-small", "a-big"):  # the second a-big after another page's state
        args = ["render", "agency_profile", "--agency", agency, "--dataset", root, "--force",
                "--quiet"]
        proc, out, err = xxgk(*args, "--out", "out", cwd=tmp_path)
        assert proc.returncode == 0, err
        assert "1 written" in out and out.strip().endswith(str(tmp_path / "out" / "index.html"))
        assert server.read_until(f"--agency {agency} -> exit 0", 30)  # the server ran it
        alone, _, err = xxgk(*args, "--out", tmp_path / "alone", "--isolated", cwd=tmp_path)
        assert alone.returncode == 0, err
        a, b = (tmp_path / o / "agency_profile" / agency for o in ("out", "alone"))
        names = files(b)
        assert "report.html" in names and any(n.startswith("charts/") for n in names)
        assert files(a) == names
        for name in names:
            assert same(a / name) == same(b / name), (agency, name)


def test_runs_use_the_servers_warm_kernel_and_a_failed_request_does_not_stop_it(setup):
    tmp_path, root, server = setup
    nb = probe(tmp_path / "probe.ipynb", "x = globals().get('x', 0) + 1\nprint(x)")
    pids = []
    for _ in range(2):
        proc, _, err = xxgk("render", nb, "--dataset", root, "--out", "out", "--quiet",
                            "--force", cwd=tmp_path)
        assert proc.returncode == 0, err
        done = nbformat.read(next((tmp_path / "out" / "probe").rglob("notebook.ipynb")), 4)
        pids.append(output(done, "getpid")[0].text.strip())
        assert output(done, "globals()")[0].text.strip() == "1"  # no state left by the last run
    assert pids[0] == pids[1] and pids[0] != str(proc.pid)
    bad, _, err = xxgk("render", "agency_profile", "--agency", "nobody", "--dataset", root,
                       "--out", "out", cwd=tmp_path)
    assert bad.returncode == 2 and "nobody" in err
    assert server.read_until("--agency nobody -> exit 2", 30)
    again, _, err = xxgk("render", nb, "--dataset", root, "--out", "out", "--quiet", "--force",
                         cwd=tmp_path)
    assert again.returncode == 0, err
    assert server.read_until("--agency None -> exit 0", 30)


def test_other_settings_render_in_the_command_and_stop_ends_the_server(setup):
    tmp_path, root, server = setup
    env = {**os.environ, "XXGK_SOMETHING": "else"}
    proc = subprocess.run([sys.executable, "-m", "analysis", "render", "agency_profile",
                           "--agency", "a-small", "--dataset", str(root), "--out", "out",
                           "--quiet"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "other XXGK_ settings; rendering in this command" in proc.stderr
    assert (tmp_path / "out" / "agency_profile" / "a-small" / "report.html").exists()
    stop, out, _ = xxgk("serve", "--stop", "--out", "out", cwd=tmp_path)
    assert stop.returncode == 0 and "stopped" in out
    assert server.proc.wait(timeout=60) == 0
    time.sleep(0.2)  # the reading thread takes the last lines
    assert not any("-> exit" in line for line in server.lines)  # it rendered nothing
    assert not served.address(tmp_path / "out").exists()
    again, _, err = xxgk("serve", "--stop", "--out", "out", cwd=tmp_path)
    assert again.returncode == 1 and "no render server" in err


def test_an_idle_server_stops_by_itself(tmp_path):
    server = Server(tmp_path / "out", tmp_path, idle=1)
    try:
        assert server.proc.wait(timeout=60) == 0
        assert not served.address(tmp_path / "out").exists()
    finally:
        server.stop()


# The pieces, without a kernel.

def test_a_request_from_other_code_is_declined_and_a_server_whose_code_changed_stops(
        monkeypatch):
    def ask(fingerprint_now: str) -> tuple[bool, dict]:
        monkeypatch.setattr(served, "fingerprint", lambda environ=None: fingerprint_now)
        mine, theirs = socket.socketpair()
        with mine, theirs:
            served.send(theirs, {"op": "render", "args": {}, "cwd": "/",
                                 "fingerprint": "the client's"})
            going_on = serve._handle(mine, "the server's at start")
            mine.shutdown(socket.SHUT_WR)
            return going_on, next(served.messages(theirs))

    going_on, reply = ask("the server's at start")  # the client differs: it renders itself
    assert going_on and "another installation or other XXGK_ settings" in reply["declined"]
    going_on, reply = ask("the server's now")  # the package changed under the server
    assert not going_on and "has changed since" in reply["declined"]


def test_fingerprint_follows_the_code_and_the_xxgk_settings(tmp_path, monkeypatch):
    (tmp_path / "mod.py").write_text("x = 1\n")
    monkeypatch.setattr("analysis.base.files.PACKAGE", tmp_path)
    first = served.fingerprint({"XXGK_DATASET": "a", "HOME": "/h"})
    assert served.fingerprint({"XXGK_DATASET": "a", "HOME": "/elsewhere"}) == first
    assert served.fingerprint({"XXGK_DATASET": "b", "HOME": "/h"}) != first
    os.utime(tmp_path / "mod.py", ns=(1, 1))
    assert served.fingerprint({"XXGK_DATASET": "a", "HOME": "/h"}) != first


def test_no_server_or_a_dead_ones_socket_leaves_the_command_to_render(tmp_path, monkeypatch):
    monkeypatch.setattr(served.tempfile, "gettempdir", lambda: str(tmp_path))
    args = type("Args", (), {"out": str(tmp_path / "out")})()
    assert served.forward("render", args) is None  # no socket: one stat
    served.private_folder()
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(served.address(args.out)))  # a killed server's socket file, nobody listening
    dead.close()
    assert served.forward("render", args) is None


def test_the_socket_folder_must_be_private(tmp_path, monkeypatch):
    monkeypatch.setattr(served.tempfile, "gettempdir", lambda: str(tmp_path))
    served.folder().mkdir(mode=0o755)
    os.chmod(served.folder(), 0o755)
    with pytest.raises(PermissionError, match="not a private folder"):
        served.private_folder()
    os.chmod(served.folder(), 0o700)
    assert served.private_folder() == served.folder()


def test_an_interrupted_command_leaves_its_run_to_the_server(setup):
    tmp_path, root, server = setup
    nb = probe(tmp_path / "slow.ipynb", "import time\ntime.sleep(4)\nprint('done')")
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "render", str(nb), "--dataset",
                             str(root), "--out", "out", "--quiet"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2)  # the run has started in the server
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "finishes the run it started" in err
    assert server.read_until("slow.ipynb --agency None -> exit 0", 60)
    done = nbformat.read(next((tmp_path / "out" / "slow").rglob("notebook.ipynb")), 4)
    assert output(done, "time.sleep")[0].text.strip() == "done"


def test_a_socket_path_too_long_is_said_in_one_line(tmp_path, monkeypatch, capsys):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(served.tempfile, "gettempdir", lambda: str(deep))
    assert serve.serve(tmp_path / "out", idle=1) == 1
    assert "cannot listen at" in capsys.readouterr().err
    args = type("Args", (), {"out": str(tmp_path / "out")})()
    assert served.forward("render", args) is None  # the command renders itself
