"""The client side of `xxgk serve` (analysis.render.serve): where the render server of an output
folder listens, what it must share with a command to render for it, and handing a run over.

A server keeps the analysis stack imported and a kernel warm between commands, for one output
folder and one Python installation. `xxgk render` gives its run to the server of its --out when
one listens, and prints what the run printed there; with no server, or one that runs other code
or another environment, it renders itself, as it always did. Nothing here imports more than the
standard library: a command with no server pays one `stat`.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
import tempfile
from pathlib import Path

from analysis.base.files import package_files

CONNECT_TIMEOUT = 2.0  # seconds to reach a listening server (it accepts in microseconds)
ENV_PREFIX = "XXGK_"  # a server renders with the environment it was started in: these must match
CODE_SUFFIXES = (".py", ".csv", ".txt", ".json", ".ipynb", ".mplstyle", ".j2", ".tpl", ".css")


def folder() -> Path:
    """The private folder of this user's server sockets ($TMPDIR/xxgk-serve-UID, mode 0700)."""
    return Path(tempfile.gettempdir()) / f"xxgk-serve-{os.getuid()}"


def private_folder() -> Path:
    """`folder()`, made if missing; refused when another user owns it, when anyone else may
    read or write it, or when it is a link (a socket there would be theirs to answer)."""
    path = folder()
    path.mkdir(mode=0o700, exist_ok=True)
    st = path.lstat()
    if path.is_symlink() or st.st_uid != os.getuid() or st.st_mode & 0o077:
        raise PermissionError(f"{path} is not a private folder of this user (owner uid "
                              f"{st.st_uid}, mode {st.st_mode & 0o777:o}): remove it")
    return path


def address(out: str | os.PathLike) -> Path:
    """The socket of the server for output folder `out` run by this Python installation."""
    key = hashlib.sha256(f"{Path(out).resolve()}\0{sys.prefix}".encode(
        "utf-8", "surrogateescape")).hexdigest()[:24]
    return folder() / f"{key}.sock"


def fingerprint(environ: dict[str, str] | None = None) -> str:
    """What a served run shares with the server: the package's code and data files (by name,
    size and modification time), the interpreter, and the XXGK_ environment variables."""
    environ = os.environ if environ is None else environ
    h = hashlib.sha256(f"{sys.executable}\0{sys.version}\n".encode())
    for key in sorted(k for k in environ if k.startswith(ENV_PREFIX)):
        h.update(f"{key}={environ[key]}\n".encode("utf-8", "surrogateescape"))
    for path in package_files(("",), CODE_SUFFIXES):
        st = path.stat()
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def send(conn: socket.socket, message: dict) -> None:
    conn.sendall(json.dumps(message, ensure_ascii=False).encode("utf-8", "surrogateescape")
                 + b"\n")


def messages(conn: socket.socket):
    """The JSON messages arriving on `conn`, one a line, until it closes."""
    with conn.makefile("rb") as stream:
        for line in stream:
            yield json.loads(line.decode("utf-8", "surrogateescape"))


def connect(path: Path) -> socket.socket | None:
    """A connection to the server listening at `path`, or None (none there, or not answering)."""
    if not path.exists():
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(CONNECT_TIMEOUT)
    try:
        conn.connect(str(path))
    except OSError:
        conn.close()
        return None
    conn.settimeout(None)
    return conn


def forward(command: str, args) -> int | None:
    """Give `xxgk COMMAND` with parsed `args` to the server of `args.out`: its exit status once
    the run there ended, having printed what it printed; None when this command must run the
    work itself (no server, or one that cannot render for it: a line on stderr says why)."""
    conn = connect(address(args.out))
    if conn is None:
        return None
    wanted = {k: v for k, v in vars(args).items() if not k.startswith("_")}
    with conn:
        try:
            send(conn, {"op": command, "args": wanted, "cwd": os.getcwd(),
                        "fingerprint": fingerprint()})
            for msg in messages(conn):
                if "out" in msg:
                    sys.stdout.write(msg["out"])
                    sys.stdout.flush()
                elif "err" in msg:
                    sys.stderr.write(msg["err"])
                    sys.stderr.flush()
                elif "declined" in msg:
                    print(f"xxgk {command}: the render server of {args.out} {msg['declined']}; "
                          f"rendering in this command", file=sys.stderr)
                    return None
                elif "exit" in msg:
                    return int(msg["exit"])
        except KeyboardInterrupt:
            print(f"\nxxgk {command}: interrupted; the render server of {args.out} finishes the "
                  f"run it started", file=sys.stderr)
            return 130
        except (OSError, ValueError) as exc:
            print(f"xxgk {command}: the render server of {args.out} broke off ({exc}); "
                  f"rendering in this command", file=sys.stderr)
            return None
    print(f"xxgk {command}: the render server of {args.out} stopped during the run; rendering "
          f"in this command", file=sys.stderr)
    return None
