"""`make demo`: the aidp-notebook command against a local service, end to end.

Starts `aidp-notebook local-service` as a separate process, waits for its `ready`
line, gets a seeded session with `aidp-notebook session get` as JSON and as a
table, then stops the service. Nothing leaves this machine and nothing needs to be
set up: the local service makes its own API key and checks every signature.
Exits 0, or 1 with a message saying which step failed; never leaves a process or
a temporary file behind.
"""

from __future__ import annotations

import os
import queue
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from typing import IO

from aidp_notebook.testing import SEED_AI_DATA_PLATFORM_ID, SEED_SESSION_ID, SEED_WORKSPACE_KEY

COMMAND = Path(sys.executable).parent / "aidp-notebook"
READY_TIMEOUT = 30.0
COMMAND_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


class DemoError(Exception):
    """A step failed; the message says which and why."""


def say(text: str = "") -> None:
    print(text, flush=True)


def heading(number: int, text: str) -> None:
    say()
    say(f"{number}. {text}")


def indented(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), "   ")


def shown(argv: list[str], width: int = 86) -> str:
    """The command as a user would type it, wrapped with `\\` between options."""
    groups: list[list[str]] = [["$", "aidp-notebook"]]
    for word in argv[1:]:
        if word.startswith("--"):
            groups.append([])
        groups[-1].append(shlex.quote(word))
    lines = [""]
    for group in (" ".join(words) for words in groups):
        if lines[-1] and len(lines[-1]) + 1 + len(group) > width:
            lines[-1] += " \\"
            lines.append("    " + group)
        else:
            lines[-1] = f"{lines[-1]} {group}" if lines[-1] else group
    return "\n".join(lines)


def child_environment() -> dict[str, str]:
    # The demo passes everything explicitly; the user's OCI CLI settings must not interfere.
    env = {name: value for name, value in os.environ.items() if not name.startswith("OCI_CLI_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def read_lines(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def wait_until_ready(process: subprocess.Popen[str]) -> tuple[str, list[str]]:
    """The endpoint the service printed, once it printed `ready`, and all it printed."""
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=read_lines, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    endpoint = None
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.0))
        except queue.Empty:
            raise DemoError(
                f"the local service printed no `ready` line within {READY_TIMEOUT:g} s"
            ) from None
        if line is None:
            output = indented("".join(seen)) or "   (no output)"
            raise DemoError(f"the local service exited before it was ready:\n{output}")
        seen.append(line)
        if line.startswith("endpoint: "):
            endpoint = line.split(" ", 1)[1].strip()
        if line.strip() == "ready":
            break
    if endpoint is None:
        raise DemoError("the local service did not print its endpoint")
    return endpoint, seen


def start_service(folder: Path) -> tuple[subprocess.Popen[str], str, list[str]]:
    argv = [str(COMMAND), "local-service", "--write-config", str(folder)]
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=child_environment(),
    )
    say(indented(shown(argv)))
    try:
        endpoint, seen = wait_until_ready(process)
    except BaseException:
        stop_service(process)
        raise
    return process, endpoint, seen


def run_command(argv: list[str]) -> str:
    say(indented(shown(argv)))
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            env=child_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DemoError(f"the command did not finish within {COMMAND_TIMEOUT:g} s") from None
    if done.returncode != 0:
        raise DemoError(
            f"the command exited with {done.returncode}:\n{indented(done.stderr or done.stdout)}"
        )
    return done.stdout


def stop_service(process: subprocess.Popen[str]) -> bool:
    """Ctrl-C, as a user would; kill if it does not stop in time. True if it stopped cleanly."""
    if process.poll() is not None:
        return process.returncode == 0
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(STOP_TIMEOUT) == 0
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False


def demo(folder: Path) -> None:
    say("aidp-notebook demo: the command-line tool against a local notebook-sessions service.")
    say("Nothing leaves this machine, and no OCI account is needed.")

    heading(1, "Start a local service. It makes its own API key and checks the OCI signature")
    say("   of every request, answering 401 to anything not signed with that key.")
    process, endpoint, _ = start_service(folder)
    try:
        say(f"   Service pid {process.pid}, listening at {endpoint}")
        say(f"   It wrote a config profile for its key to {folder / 'config'}")
        base = [
            str(COMMAND),
            "--config-file",
            str(folder / "config"),
            "--endpoint",
            endpoint,
        ]
        ids = [
            "--ai-data-platform-id",
            SEED_AI_DATA_PLATFORM_ID,
            "--workspace-key",
            SEED_WORKSPACE_KEY,
            "--session-id",
            SEED_SESSION_ID,
        ]

        heading(2, "Get a session as JSON, the API's own fields. The command signs the request")
        say("   with the profile's key; the service verified the signature before answering.")
        say(indented(run_command([*base, "--output", "json", "session", "get", *ids])))

        heading(3, "The same session as a table:")
        say(indented(run_command([*base, "--output", "table", "session", "get", *ids])))
    finally:
        # Stop first: printing can fail too (a closed pipe), and the service must not stay.
        stopped = stop_service(process)
    heading(4, "Stop the local service (Ctrl-C).")
    if not stopped:
        raise DemoError(f"the local service did not stop cleanly (exit {process.returncode})")
    say("   Stopped.")
    say()
    say("Done. Next: `aidp-notebook --help`, or point it at your tenancy with your")
    say("~/.oci/config and --region.")


def main() -> int:
    if not COMMAND.exists():
        print(f"demo failed: {COMMAND} not found; install the project first (make demo does)")
        return 1
    folder = Path(tempfile.mkdtemp(prefix="aidp-notebook-demo-"))
    try:
        demo(folder)
    except DemoError as exc:
        print(f"\ndemo failed: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("\ndemo interrupted", file=sys.stderr, flush=True)
        return 130
    except BrokenPipeError:
        return 1  # whoever read the output went away; the service is stopped all the same
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
