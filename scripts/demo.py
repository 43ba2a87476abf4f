"""`make demo`: the aidp-notebook command against a local service, doing the real job.

Starts `aidp-notebook local-service` as a separate process and waits for its `ready`
line. Then, each step with the command that does it: upload a notebook to the
workspace, open a session on it, wait until the session is ACTIVE, rename the
session, export the notebook to HTML, download the notebook back and check that it
is byte for byte the file uploaded, delete the notebook and the session, and stop
the service. Nothing leaves this machine and nothing needs to be set up: the local
service makes its own API key and checks every signature. Exits 0, or 1 with a
message saying which step failed; never leaves a process or a temporary file behind.
"""

from __future__ import annotations

import json
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
from typing import IO, Any

import nbformat
from aidp_notebook.testing import SEED_AI_DATA_PLATFORM_ID, SEED_WORKSPACE_KEY

COMMAND = Path(sys.executable).parent / "aidp-notebook"
READY_TIMEOUT = 30.0
COMMAND_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
# A created session stays CREATING this long, so that waiting for ACTIVE is seen.
ACTIVATION_DELAY = "1"
NOTEBOOK_PATH = "Workspace/Shared/demo-analysis.ipynb"


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


# Set by the demo once the service is up (and shown as `export` lines): the config file
# and the workspace ids, so that each command shows only what it is about.
SETTINGS: dict[str, str] = {}


def child_environment() -> dict[str, str]:
    # The demo passes everything itself; the user's own settings must not interfere.
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("OCI_CLI_", "AIDP_NOTEBOOK_"))
    }
    env["PYTHONUNBUFFERED"] = "1"
    env.update(SETTINGS)
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
    argv = [
        str(COMMAND), "local-service", "--write-config", str(folder),
        "--activation-delay", ACTIVATION_DELAY,
    ]  # fmt: skip
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


def make_notebook(path: Path) -> bytes:
    """A small notebook as Jupyter saves it: markdown, code, a stream and a rich output."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Demo analysis\n\nTotals by region.", id="intro"),
        nbformat.v4.new_code_cell(
            "totals = {'north': 120, 'south': 95}\nprint(sum(totals.values()))",
            id="total", execution_count=1,
            outputs=[nbformat.v4.new_output("stream", name="stdout", text="215\n")],
        ),
    ]  # fmt: skip
    nbformat.write(notebook, str(path))
    return path.read_bytes()


def document(output: str) -> Any:
    try:
        return json.loads(output)
    except ValueError:
        raise DemoError(f"the command did not print JSON:\n{indented(output)}") from None


def demo(folder: Path) -> None:
    say("aidp-notebook demo: a notebook goes to the workspace, through a session, to HTML")
    say("and back, with the command-line tool against a local notebook service.")
    say("Nothing leaves this machine, and no OCI account is needed.")

    heading(1, "Start a local service. It makes its own API key and checks the OCI signature")
    say("   of every request, answering 401 to anything not signed with that key.")
    process, endpoint, _ = start_service(folder)
    try:
        say(f"   Service pid {process.pid}, listening at {endpoint}")
        say(f"   It wrote a config profile for its key to {folder / 'config'}")
        SETTINGS.update(
            OCI_CLI_CONFIG_FILE=str(folder / "config"),
            AIDP_NOTEBOOK_AI_DATA_PLATFORM_ID=SEED_AI_DATA_PLATFORM_ID,
            AIDP_NOTEBOOK_WORKSPACE_KEY=SEED_WORKSPACE_KEY,
        )
        say("   The commands below read that profile and the workspace's ids from these:")
        for name, value in SETTINGS.items():
            say(f"   $ export {name}={shlex.quote(value)}")
        base = [str(COMMAND), "--endpoint", endpoint]
        local = folder / "analysis.ipynb"
        original = make_notebook(local)

        heading(2, f"Upload a notebook ({len(original):,} bytes, checked with nbformat first).")
        say("   The command signs the request with the profile's key; the service verified")
        say("   the signature before it saved the file. The output is the API's JSON:")
        out = run_command([
            *base, "contents", "upload", "--path", NOTEBOOK_PATH,
            "--file", str(local),
        ])  # fmt: skip
        say(indented(out))
        if document(out)["data"]["type"] != "notebook":
            raise DemoError("the upload was not saved as a notebook")

        heading(3, "Open a notebook session on it:")
        out = run_command([
            *base, "--query", "data.id", "--raw-output", "session", "create",
            "--name", "demo-analysis", "--path", NOTEBOOK_PATH,
        ])  # fmt: skip
        session_id = out.strip()
        say(f"   Session {session_id}, CREATING for {ACTIVATION_DELAY} s.")
        ids = ["--session-id", session_id]

        heading(4, "Wait until it is ACTIVE:")
        say(indented(run_command([
            *base, "--output", "table", "session", "wait", *ids, "--poll-interval", "0.5",
            "--timeout", "30",
        ])))  # fmt: skip

        heading(5, "Rename the session:")
        out = run_command([
            *base, "--query", "data.name", "--raw-output", "session", "rename", *ids,
            "--name", "demo-analysis (renamed)",
        ])  # fmt: skip
        say(indented(out))

        heading(6, "Export the notebook to HTML, a self-contained page:")
        page = folder / "analysis.html"
        out = run_command([
            *base, "--output", "table", "contents", "export", "--path",
            NOTEBOOK_PATH, "--format", "html", "--file", str(page),
        ])  # fmt: skip
        say(indented(out))
        html = page.read_text(encoding="utf-8")
        if not html.startswith("<!DOCTYPE html>") or "Demo analysis" not in html:
            raise DemoError("the export is not the notebook's HTML page")
        say(f"   {page.name}: {html.splitlines()[0]} ... with the title and both cells.")

        heading(7, "Download the notebook back and compare it with the file uploaded:")
        back = folder / "analysis-back.ipynb"
        run_command([
            *base, "contents", "download", "--path", NOTEBOOK_PATH,
            "--file", str(back),
        ])  # fmt: skip
        if back.read_bytes() != original:
            raise DemoError(f"{back.name} differs from the notebook uploaded")
        say(f"   {back.name}: {len(original):,} bytes, byte for byte the notebook uploaded.")

        heading(8, "Delete the notebook and the session:")
        run_command([*base, "contents", "delete", "--path", NOTEBOOK_PATH])
        run_command([*base, "session", "delete", *ids])
        out = run_command([
            *base, "--output", "table", "contents", "ls", "--path", "Workspace/Shared",
        ])  # fmt: skip
        say(indented(out))
        if "demo-analysis" in out:
            raise DemoError("the notebook is still listed after its deletion")
    finally:
        # Stop first: printing can fail too (a closed pipe), and the service must not stay.
        stopped = stop_service(process)
    heading(9, "Stop the local service (Ctrl-C).")
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
    SETTINGS.clear()
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
