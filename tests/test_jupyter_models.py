"""The translation between AIDP's models and Jupyter's (no Jupyter server needed)."""

from __future__ import annotations

import pytest
from aidp_notebook.testing import _jupyter_models as models
from aidp_notebook.testing._errors import ApiError
from hypothesis import given
from hypothesis import strategies as st

ROOT = models.workspace_dir("ocid1.aidataplatform.oc1..p", "ws")


def test_workspace_dirs_are_distinct_and_plain():
    assert models.workspace_dir("a", "b\x00c") != models.workspace_dir("a\x00b", "c")
    assert models.workspace_dir("p", "..") != models.workspace_dir("p", ".")
    for platform, workspace in (("p", ".."), ("../x", "/etc"), ("p", "a/b")):
        directory = models.workspace_dir(platform, workspace)
        assert directory.startswith(f"{models.WORKSPACES_DIR}/")
        assert ".." not in directory
        assert directory.count("/") == 1


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/data/test.ipynb", "data/test.ipynb"),
        ("data/test.ipynb", "data/test.ipynb"),
        ("//data/./test.ipynb", "data/test.ipynb"),
        ("/a b/ü.ipynb", "a b/ü.ipynb"),
    ],
)
def test_paths_map_into_the_workspace(path, expected):
    assert models.jupyter_path(ROOT, path) == f"{ROOT}/{expected}"
    assert models.aidp_path(ROOT, models.jupyter_path(ROOT, path)) == f"/{expected}"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/../x", "'..'"),
        ("/a/../../x", "'..'"),
        ("/", "must name"),
        ("", "must name"),
        ("a\x00", "NUL"),
    ],
)
def test_paths_that_could_leave_the_workspace_are_400(path, message):
    with pytest.raises(ApiError) as refused:
        models.jupyter_path(ROOT, path)
    assert refused.value.status == 400
    assert message in refused.value.message
    assert refused.value.message.startswith("path ")


def _mapped(path: str) -> str | None:
    try:
        return models.jupyter_path(ROOT, path)
    except ApiError as error:
        if error.status != 400:
            raise
        return None


@given(st.text(alphabet=st.sampled_from("ab./\\%\x00"), max_size=30))
def test_no_path_leaves_its_workspace(path):
    mapped = _mapped(path)
    if mapped is not None:
        assert mapped.startswith(ROOT + "/")
        assert ".." not in mapped.split("/")
        assert "\x00" not in mapped


@pytest.mark.parametrize(
    ("kernel", "answered", "state"),
    [
        ({"execution_state": "starting"}, None, "CREATING"),
        ({"execution_state": "starting"}, True, "ACTIVE"),  # answered; Jupyter not caught up
        ({"execution_state": "idle"}, None, "ACTIVE"),  # something else woke it
        ({"execution_state": "busy"}, True, "ACTIVE"),
        ({"execution_state": "restarting"}, None, "ACTIVE"),
        ({"execution_state": "starting"}, False, "FAILED"),  # never answered
        ({"execution_state": "dead"}, True, "FAILED"),
        (None, True, "FAILED"),  # Jupyter dropped the session: the kernel died
        ({}, None, "CREATING"),
    ],
)
def test_lifecycle_follows_the_kernel(kernel, answered, state):
    assert models.lifecycle_state(kernel, answered) == state


def test_session_carries_the_live_kernel_or_the_last_one_seen_dead():
    kernel = {
        "id": "k1",
        "name": "python3",
        "execution_state": "idle",
        "connections": 2,
        "last_activity": "2026-04-30T09:15:27.123456Z",
        "extra": "not AIDP's",
    }
    fields = {"name": "n", "path": "/n.ipynb", "type": "notebook", "cluster_id": "c"}
    live = models.aidp_session("s1", fields, kernel, kernel, True)
    assert live == {
        "id": "s1",
        **fields,
        "lifecycleState": "ACTIVE",
        "kernel": {name: kernel[name] for name in models.KERNEL_FIELDS},
    }
    dead = models.aidp_session("s1", fields, None, kernel, True)
    assert dead["lifecycleState"] == "FAILED"
    assert dead["kernel"]["execution_state"] == "dead"
    assert dead["kernel"]["connections"] == 0
    assert dead["kernel"]["id"] == "k1"


def test_create_and_patch_requests():
    created = models.create_request({"path": "/d/t.ipynb", "kernel": {"name": "py"}}, ROOT, "s")
    assert created == {
        "path": f"{ROOT}/d/t.ipynb",
        "name": "t.ipynb",
        "type": "notebook",
        "kernel": {"name": "py"},
    }
    untitled = models.create_request({"type": "agentflow"}, ROOT, "s1")
    assert untitled["name"] == "Untitled"
    assert untitled["path"].startswith(ROOT + "/")
    assert untitled["path"] != models.create_request({}, ROOT, "s2")["path"]
    assert models.patch_request({"name": "x", "cluster_id": "c"}, ROOT, "python3") == {"name": "x"}
    # Only a different kernel name asks Jupyter for a new kernel; states are not the caller's.
    same = {"kernel": {"name": "python3", "execution_state": "busy"}}
    assert models.patch_request(same, ROOT, "python3") == {}
    other = models.patch_request({"kernel": {"name": "ir"}, "path": "/m"}, ROOT, "python3")
    assert other == {"kernel": {"name": "ir"}, "path": f"{ROOT}/m"}
