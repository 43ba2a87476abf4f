"""LocalNotebookService(backend="jupyter"): every session a real ipykernel of a real Jupyter server.

One service (one Jupyter server) serves the whole module; each test makes its own
sessions, in a workspace of its own, and kernels are checked as processes with psutil.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import aiohttp
import httpx
import oci
import pytest
from aidp_notebook import NotebookClient, OCIAuth, PreconditionFailedError, Session
from aidp_notebook.testing import (
    SEED_AI_DATA_PLATFORM_ID,
    SEED_WORKSPACE_KEY,
    Fault,
    LocalNotebookService,
)

psutil = pytest.importorskip("psutil", reason="the jupyter extra")
pytest.importorskip("jupyter_server", reason="the jupyter extra")
pytest.importorskip("ipykernel", reason="the jupyter extra")

P = SEED_AI_DATA_PLATFORM_ID
WAIT = {"timeout": 60.0, "poll_interval": 0.1}


@pytest.fixture(scope="module")
def jupyter() -> Iterator[LocalNotebookService]:
    with LocalNotebookService(backend="jupyter") as service:
        yield service


@pytest.fixture
def workspace(jupyter: LocalNotebookService, request: pytest.FixtureRequest) -> str:
    """A fresh workspace per test, so no test sees another's sessions."""
    key = request.node.name
    jupyter.add_workspace(P, key)
    return key


@pytest.fixture
def client(jupyter: LocalNotebookService) -> Iterator[NotebookClient]:
    with jupyter.client() as client:
        yield client


def kernel_process(service: LocalNotebookService, kernel_id: str) -> psutil.Process:
    """The kernel's process, checked without the service's help: an ipykernel whose
    connection file names the kernel, a descendant of the Jupyter server."""
    pid = service.kernel_pid(kernel_id)
    assert pid is not None
    process = psutil.Process(pid)
    cmdline = " ".join(process.cmdline())
    assert "ipykernel" in cmdline
    assert f"kernel-{kernel_id}.json" in cmdline
    server_pid = service._jupyter.server.pid  # type: ignore[union-attr]
    assert server_pid in {parent.pid for parent in process.parents()}
    return process


def poll_until(get: Callable[[], Session], lifecycle_state: str) -> Session:
    """The session once it is in `lifecycle_state` (the kernel's death takes a poll to see)."""
    deadline = time.monotonic() + 30
    session = get()
    while session.lifecycle_state != lifecycle_state and time.monotonic() < deadline:
        time.sleep(0.1)
        session = get()
    return session


def gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


# -- item 4: a session is a running kernel, and deleting it ends the kernel ---------------------


def test_a_session_is_a_real_kernel_from_start_to_delete(jupyter, client, workspace):
    """Item 4 of the issue: open a session on a path, wait for the kernel to be idle, find
    its process, delete the session, and the process is gone."""
    created = client.create_session(
        P, workspace, {"path": "/Workspace/Shared/analysis.ipynb", "cluster_id": "c1"}
    )
    # The kernel process cannot answer before it has even imported ipykernel.
    assert created.lifecycle_state == "CREATING"
    assert created.kernel.execution_state == "starting"
    assert created.path == "/Workspace/Shared/analysis.ipynb"
    assert created.name == "analysis.ipynb"
    assert created.cluster_id == "c1"

    session = client.wait_for_session(P, workspace, created.id, kernel_states=["idle"], **WAIT)
    assert session.lifecycle_state == "ACTIVE"
    assert session.kernel.id == created.kernel.id
    assert session.kernel.name == "python3"
    assert session.kernel.last_activity  # the kernel's own, from Jupyter
    process = kernel_process(jupyter, session.kernel.id)
    assert process.is_running()

    client.delete_session(P, workspace, created.id)
    assert gone(process)
    assert jupyter.kernel_pid(session.kernel.id) is None
    assert jupyter.get_session_json(P, workspace, created.id) is None
    assert client.list_sessions(P, workspace) == []


def test_kernel_connections_are_the_real_kernels(jupyter, client, workspace):
    created = client.create_session(P, workspace, {"path": "/watched.ipynb"})
    session = client.wait_for_session(P, workspace, created.id, kernel_states=["idle"], **WAIT)
    server = jupyter._jupyter.server  # type: ignore[union-attr]
    url = f"ws{server.url.removeprefix('http')}/api/kernels/{session.kernel.id}/channels"

    def connections() -> int:
        return int(client.get_session(P, workspace, created.id).kernel.connections)

    def settles_at(count: int) -> int:
        """The count once Jupyter has caught up with the attach or detach (or after 10 s)."""
        deadline = time.monotonic() + 10
        while (seen := connections()) != count and time.monotonic() < deadline:
            time.sleep(0.05)
        return seen

    async def attached() -> int:
        # A front end attaches to the kernel, as JupyterLab would, straight to Jupyter.
        headers = {"Authorization": f"token {server.token}"}
        async with aiohttp.ClientSession(headers=headers) as http, http.ws_connect(url):
            return await asyncio.to_thread(settles_at, 1)

    assert settles_at(0) == 0  # the service's own kernel_info probe has detached
    assert asyncio.run(attached()) == 1
    assert settles_at(0) == 0
    client.delete_session(P, workspace, created.id)


def test_a_kernel_that_dies_makes_its_session_failed(jupyter, client, workspace):
    created = client.create_session(P, workspace, {"path": "/doomed.ipynb"})
    session = client.wait_for_session(P, workspace, created.id, kernel_states=["idle"], **WAIT)
    process = kernel_process(jupyter, session.kernel.id)
    os.kill(process.pid, signal.SIGKILL)
    failed = poll_until(lambda: client.get_session(P, workspace, created.id), "FAILED")
    assert failed.lifecycle_state == "FAILED"
    assert failed.kernel.execution_state == "dead"
    assert failed.kernel.id == session.kernel.id  # the kernel it had
    client.delete_session(P, workspace, created.id)
    assert client.list_sessions(P, workspace) == []


def test_must_refresh_context_restarts_the_kernel(jupyter, client, workspace):
    created = client.create_session(P, workspace, {"path": "/restart.ipynb"})
    session = client.wait_for_session(P, workspace, created.id, kernel_states=["idle"], **WAIT)
    before = kernel_process(jupyter, session.kernel.id)
    client.patch_session(P, workspace, created.id, {"must_refresh_context": True})
    after = client.wait_for_session(P, workspace, created.id, kernel_states=["idle"], **WAIT)
    assert after.kernel.id == session.kernel.id  # Jupyter restarts a kernel in place
    assert kernel_process(jupyter, after.kernel.id).pid != before.pid
    assert gone(before)
    client.delete_session(P, workspace, created.id)


def test_sessions_are_per_path_and_per_workspace(jupyter, client, workspace):
    other = f"../{workspace}/ü %00"  # any text: workspaces are directories named by digest
    jupyter.add_workspace(P, other)
    first = client.create_session(P, workspace, {"path": "/same.ipynb", "cluster_id": "a"})
    again = client.create_session_detailed(P, workspace, {"path": "/same.ipynb", "name": "x"})
    assert again.status_code == 201
    assert again.data.id == first.id  # get-or-create by path
    elsewhere = client.create_session(P, other, {"path": "/same.ipynb"})
    assert elsewhere.id != first.id
    assert elsewhere.kernel.id != first.kernel.id
    unnamed = client.create_session(P, workspace, {"agentFlowKey": "flow-1", "type": "agentflow"})
    assert unnamed.name == "Untitled"
    assert unnamed.path is None or not unnamed.path
    listed = {session.id for session in client.list_sessions(P, workspace)}
    assert listed == {first.id, unnamed.id}
    assert [s.id for s in client.list_sessions(P, workspace, path="/same.ipynb")] == [first.id]
    assert [s.id for s in client.list_sessions(P, workspace, agent_flow_key="flow-1")] == [
        unnamed.id
    ]
    for ws, session in (
        (workspace, first),
        (other, elsewhere),
        (workspace, unnamed),
    ):
        client.delete_session(P, ws, session.id)


def test_rename_and_etags(jupyter, client, workspace):
    created = client.create_session_detailed(P, workspace, {"path": "/old.ipynb"})
    etag = created.etag
    renamed = client.patch_session_detailed(
        P, workspace, created.data.id, {"name": "new", "path": "/new.ipynb"}, if_match=etag
    )
    assert renamed.data.name == "new"
    assert renamed.data.path == "/new.ipynb"
    assert renamed.data.kernel.id == created.data.kernel.id  # same kernel, moved
    assert renamed.etag != etag
    # The kernel starting up does not change the etag: only the API's own changes do.
    client.wait_for_session(P, workspace, created.data.id, kernel_states=["idle"], **WAIT)
    assert client.get_session_detailed(P, workspace, created.data.id).etag == renamed.etag
    with pytest.raises(PreconditionFailedError):
        client.delete_session(P, workspace, created.data.id, if_match=etag)
    client.delete_session(P, workspace, created.data.id, if_match=renamed.etag)


def test_retry_token_replays_without_a_second_kernel(jupyter, client, workspace):
    first = client.create_session(P, workspace, {"name": "once"}, opc_retry_token="tok-1")
    second = client.create_session(P, workspace, {"name": "once"}, opc_retry_token="tok-1")
    assert second.id == first.id
    assert second.kernel.id == first.kernel.id
    assert len(client.list_sessions(P, workspace)) == 1
    client.delete_session(P, workspace, first.id)


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"path": "/../escape.ipynb"}, "'..'"),
        ({"path": "/"}, "must name a notebook"),
        ({"path": "/x.ipynb", "kernel": {"name": "no-such-kernel"}}, "not a kernel of this"),
    ],
)
def test_bad_requests_start_no_kernel(jupyter, workspace, details, message):
    api = _signed_http(jupyter)
    response = api.post(_sessions_url(jupyter, workspace), content=json.dumps(details))
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "InvalidParameter"
    assert message in response.json()["message"]
    with jupyter.client() as client:
        assert client.list_sessions(P, workspace) == []


def test_unknown_workspace_and_session_are_404(jupyter, workspace):
    api = _signed_http(jupyter)
    assert api.get(_sessions_url(jupyter, "no-such-workspace")).status_code == 404
    assert api.get(_sessions_url(jupyter, workspace) + "/no-such-session").status_code == 404


def test_signatures_and_faults_apply_before_jupyter(jupyter, workspace):
    unsigned = httpx.post(_sessions_url(jupyter, workspace), json={"path": "/x.ipynb"})
    assert unsigned.status_code == 401
    jupyter.inject(Fault.status_only(503), operation="CreateSession")
    api = _signed_http(jupyter)
    faulted = api.post(_sessions_url(jupyter, workspace), content=b'{"path": "/x.ipynb"}')
    assert faulted.status_code == 503
    with jupyter.client() as client:
        assert client.list_sessions(P, workspace) == []  # no kernel was started


def test_a_kernel_that_does_not_exist_never_answers(jupyter):
    probes = jupyter._jupyter._probes  # type: ignore[union-attr]
    assert probes.probe("00000000-0000-4000-8000-000000000000").result(30) is False


def test_memory_only_helpers_say_so(jupyter):
    with pytest.raises(ValueError, match="backend='memory'"):
        jupyter.add_session(P, SEED_WORKSPACE_KEY, {"name": "scripted"})
    with pytest.raises(ValueError, match="backend='memory'"):
        jupyter.set_session_state(P, SEED_WORKSPACE_KEY, "x", lifecycle_state="ACTIVE")
    with pytest.raises(ValueError, match="backend='memory'"):
        jupyter.activation_delay = 1.0
    with pytest.raises(ValueError, match="activation_delay"):
        LocalNotebookService(backend="jupyter", activation_delay=1.0)
    with pytest.raises(ValueError, match="backend must be one of memory, jupyter"):
        LocalNotebookService(backend="kubernetes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="backend='jupyter'"):
        LocalNotebookService(seed=False).kernel_pid("k")


def test_the_jupyter_server_is_private(jupyter):
    server = jupyter._jupyter.server  # type: ignore[union-attr]
    assert server.url.startswith("http://127.0.0.1:")
    assert server.token not in repr(server)
    assert server.token not in repr(jupyter)
    assert httpx.get(f"{server.url}/api/sessions").status_code == 403  # no token, no entry
    config = server.root_dir.parent / "jupyter_server_config.json"
    assert config.stat().st_mode & 0o077 == 0
    assert server.root_dir.parent.stat().st_mode & 0o077 == 0
    process = psutil.Process(server.pid)
    assert server.token not in " ".join(process.cmdline())
    assert all(server.token not in value for value in process.environ().values())
    listening = {c.laddr.ip for c in process.net_connections("tcp") if c.status == "LISTEN"}
    assert listening == {"127.0.0.1"}


# -- lifecycle: nothing is left behind ----------------------------------------------------------


_ORPHAN = """
import json, os, sys
from aidp_notebook.testing import LocalNotebookService
service = LocalNotebookService(backend="jupyter").start()
server = service._jupyter.server
with service.client() as client:
    session = client.create_session(sys.argv[1], sys.argv[2], {"path": "/orphan.ipynb"})
pid = service.kernel_pid(session.kernel.id)
print(json.dumps([server.pid, pid, str(server.root_dir.parent)]), flush=True)
os._exit(0)  # dies without stop(): no cleanup of its own
"""


def test_the_server_ends_with_the_process_that_started_it():
    done = subprocess.run(
        [sys.executable, "-c", _ORPHAN, P, SEED_WORKSPACE_KEY],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    server_pid, kernel_pid, folder = json.loads(done.stdout.splitlines()[-1])
    processes = []
    for pid in (server_pid, kernel_pid):
        with contextlib.suppress(psutil.NoSuchProcess):  # already gone is fine
            processes.append(psutil.Process(pid))
    _, alive = psutil.wait_procs(processes, timeout=30)
    assert alive == []
    deadline = time.monotonic() + 10
    while Path(folder).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(folder).exists()


# -- helpers -----------------------------------------------------------------------------------


def _sessions_url(service: LocalNotebookService, workspace: str) -> str:
    quoted = (urllib.parse.quote(part, safe="") for part in (P, workspace))
    platform, key = quoted
    return (
        f"{service.endpoint}/20260430/aiDataPlatforms/{platform}/workspaces/{key}"
        "/notebook/api/sessions"
    )


def _signed_http(service: LocalNotebookService) -> httpx.Client:
    config = service.config
    signer = oci.signer.Signer(
        config["tenancy"], config["user"], config["fingerprint"], None,
        private_key_content=service.private_key_pem,
    )  # fmt: skip
    return httpx.Client(
        auth=OCIAuth(signer), timeout=60, headers={"content-type": "application/json"}
    )


# -- the command ---------------------------------------------------------------------------------


def test_the_command_serves_real_kernels_and_ends_them(tmp_path):
    from .test_cli import CONSOLE_SCRIPT, _start_local_service, child_environment

    process, lines = _start_local_service("--backend", "jupyter")
    try:
        assert any("each session created there is a real kernel" in line for line in lines)
        create = next(line.strip() for line in lines if " session create " in line)
        assert any(" session wait " in line and "--kernel-state idle" in line for line in lines)
        argv = shlex.split(create)
        argv[0] = str(CONSOLE_SCRIPT)
        argv[argv.index("table")] = "json"
        created = subprocess.run(  # the command the banner suggests, as printed
            argv, capture_output=True, text=True, timeout=60, env=child_environment(), check=False
        )
        assert created.returncode == 0, created.stderr
        session = json.loads(created.stdout)["data"]
        assert session["path"] == "/demo.ipynb"
        endpoint = next(line.split(" ", 1)[1] for line in lines if line.startswith("endpoint: "))
        config = next(line.split(": ", 1)[1] for line in lines if line.startswith("config file: "))
        with NotebookClient.from_file(config, service_endpoint=endpoint) as sdk:
            idle = sdk.wait_for_session(
                P, SEED_WORKSPACE_KEY, session["id"], kernel_states=["idle"], **WAIT
            )
        assert idle.lifecycle_state == "ACTIVE"
        kernels = [
            child
            for child in psutil.Process(process.pid).children(recursive=True)
            if f"kernel-{session['kernel']['id']}.json" in " ".join(child.cmdline())
        ]
        assert len(kernels) == 1
        everything = psutil.Process(process.pid).children(recursive=True)
        (server,) = [p for p in everything if "jupyter_server" in " ".join(p.cmdline())]
        folder = Path(server.cwd()).parent  # the server runs in its private root directory
        assert folder.name.startswith("aidp-local-jupyter-")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    _, alive = psutil.wait_procs(everything, timeout=15)
    assert alive == []  # the Jupyter server and its kernel ended with the command
    assert not folder.exists()  # and its files are gone
