"""A private jupyter_server in a child process: its own directories, a token, loopback only.

Everything the server and its kernels write lives in one temporary directory (the root
for notebooks and files, the runtime, data, config and IPython directories), removed at
stop. The token goes in a config file only this user can read: never on the command line
(every local user can see that) nor in the environment (every kernel inherits that). The
server listens on 127.0.0.1, on a port it picks, which it writes to the server-info file
in the private runtime directory. A kernel that dies is not restarted, so that its session
can show it as FAILED.

The child watches its stdin: when the process that started it ends, however it ends, the
pipe closes and the server shuts itself and its kernels down. stop() does the same at once,
waits, and kills what is left.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

import httpx

logger = logging.getLogger("aidp_notebook.testing")

START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
# How often the server checks that its kernels are alive: how soon a dead one shows.
KERNEL_POLL_SECONDS = 1.0
EXTRA_HINT = "backend='jupyter' needs the jupyter extra: pip install 'aidp-notebook[jupyter]'"

# Runs as the child's main program: the server, ended (SIGTERM shuts its kernels down
# first) when stdin reaches end of file. If that happens because the parent died without
# stopping it, the child also removes the private directory, which no one else will.
_BOOTSTRAP = """
import os, shutil, signal, sys, threading

folder = os.environ.pop("AIDP_LOCAL_JUPYTER_FOLDER", "")
orphaned = threading.Event()

def end_with_parent():
    # The raw descriptor, not sys.stdin: a thread blocked in a buffered read holds its lock,
    # and the interpreter's shutdown cannot close stdin then.
    while os.read(0, 4096):
        pass
    orphaned.set()
    os.kill(os.getpid(), signal.SIGTERM)

threading.Thread(target=end_with_parent, daemon=True).start()
from jupyter_server.serverapp import main
try:
    main()
finally:
    if orphaned.is_set() and folder:
        shutil.rmtree(folder, ignore_errors=True)
"""
_KERNEL_ID = re.compile(r"[0-9a-fA-F-]{1,64}")


class JupyterStartError(RuntimeError):
    """The Jupyter server did not start; the message ends with the tail of its log."""


def check_installed() -> None:
    """ImportError naming the extra unless what backend='jupyter' runs can be imported."""
    needed = ("jupyter_server", "ipykernel", "psutil")
    missing = [name for name in needed if not _importable(name)]
    if missing:
        raise ImportError(f"{EXTRA_HINT} ({', '.join(missing)} not found)")


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ValueError:
        return False


def _config(root: Path, token: str) -> dict[str, Any]:
    return {
        "IdentityProvider": {"token": token},
        "ServerApp": {
            "ip": "127.0.0.1",
            "port": 0,
            "port_retries": 0,
            "open_browser": False,
            "root_dir": str(root),
            "allow_remote_access": False,
            "allow_root": True,  # a container's root user is still this user
            "terminals_enabled": False,
        },
        "KernelRestarter": {"restart_limit": 0, "time_to_dead": KERNEL_POLL_SECONDS},
    }


def _environment(folder: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        # The user's own Jupyter setup must not leak in: paths, config, a token.
        if not name.startswith(("JUPYTER_", "JPY_")) and name != "IPYTHONDIR"
    }
    env.update(
        AIDP_LOCAL_JUPYTER_FOLDER=str(folder),
        JUPYTER_NO_CONFIG="1",
        JUPYTER_RUNTIME_DIR=str(folder / "runtime"),
        JUPYTER_DATA_DIR=str(folder / "data"),
        JUPYTER_PLATFORM_DIRS="1",
        IPYTHONDIR=str(folder / "ipython"),
        PYTHONUNBUFFERED="1",
    )
    return env


class JupyterServer:
    """One jupyter_server child process; `url` and `token` are set while it runs."""

    def __init__(self) -> None:
        self._folder: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.url: str | None = None
        self.token: str | None = None

    def __repr__(self) -> str:
        # The token is a credential: never shown.
        return f"JupyterServer(url={self.url!r})"

    @property
    def root_dir(self) -> Path:
        if self._folder is None:
            raise RuntimeError("the Jupyter server is not running")
        return self._folder / "root"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        check_installed()
        folder = Path(tempfile.mkdtemp(prefix="aidp-local-jupyter-"))  # mode 0700
        self._folder = folder
        for name in ("root", "runtime", "data", "ipython"):
            (folder / name).mkdir(mode=0o700)
        token = secrets.token_urlsafe(32)
        config_file = folder / "jupyter_server_config.json"
        fd = os.open(config_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(fd, "w", encoding="utf-8") as stream:
            json.dump(_config(folder / "root", token), stream)
        self._log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed in stop()
        try:
            self._process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed code
                [sys.executable, "-c", _BOOTSTRAP, f"--config={config_file}"],
                stdin=subprocess.PIPE,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                cwd=folder / "root",
                env=_environment(folder),
                # Its own session: a Ctrl-C meant for this process must not reach it.
                start_new_session=True,
            )
            self.url = self._wait_until_serving(folder / "runtime", token)
            self.token = token
        except BaseException:
            self.stop()
            raise

    def _wait_until_serving(self, runtime: Path, token: str) -> str:
        assert self._process is not None
        info_file = runtime / f"jpserver-{self._process.pid}.json"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise JupyterStartError(f"the Jupyter server exited at start:\n{self._log_tail()}")
            # Not there yet, half written, or not answering yet: look again shortly.
            with contextlib.suppress(OSError, ValueError, KeyError, httpx.HTTPError):
                info = json.loads(info_file.read_text(encoding="utf-8"))
                url = f"http://127.0.0.1:{int(info['port'])}"
                status = httpx.get(
                    f"{url}/api/status",
                    headers={"Authorization": f"token {token}"},
                    timeout=5,
                    trust_env=False,
                )
                if status.status_code == 200:
                    return url
            time.sleep(0.05)
        raise JupyterStartError(
            f"the Jupyter server did not answer within {START_TIMEOUT:g} s:\n{self._log_tail()}"
        )

    def _log_tail(self, lines: int = 20) -> str:
        if self._folder is None:
            return ""
        with contextlib.suppress(OSError):
            text = (self._folder / "server.log").read_text(encoding="utf-8", errors="replace")
            return "\n".join(text.splitlines()[-lines:])
        return ""

    def kernel_pid(self, kernel_id: str) -> int | None:
        """The process id of the running kernel `kernel_id`, or None if there is none."""
        process = self._process
        if process is None or process.poll() is not None or not _KERNEL_ID.fullmatch(kernel_id):
            return None
        marker = f"kernel-{kernel_id}.json"
        for child in _children(process.pid):
            with contextlib.suppress(Exception):  # it may end while we look
                if any(arg.endswith(marker) for arg in child.cmdline()) and child.is_running():
                    return int(child.pid)
        return None

    def stop(self) -> None:
        process, folder, log = self._process, self._folder, self._log
        self._process = self._log = self._folder = None
        self.url = self.token = None
        if process is not None:
            kernels = _children(process.pid)
            if process.poll() is None:
                with contextlib.suppress(OSError):
                    process.send_signal(signal.SIGTERM)  # shuts its kernels down, then exits
                try:
                    process.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    logger.warning("local service: the Jupyter server did not stop; killing it")
                    process.kill()
                    process.wait()
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            _kill(kernels)
        if log is not None:
            log.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _children(pid: int) -> list[Any]:
    import psutil  # noqa: PLC0415 - part of the jupyter extra

    try:
        return list(psutil.Process(pid).children(recursive=True))
    except psutil.Error:
        return []


def _kill(processes: list[Any]) -> None:
    """Kill what is still running of `processes` (kernels the server failed to end)."""
    import psutil  # noqa: PLC0415

    for process in processes:
        with contextlib.suppress(psutil.Error):
            if process.is_running():
                process.kill()
    psutil.wait_procs(processes, timeout=STOP_TIMEOUT)
