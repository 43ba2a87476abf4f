"""A loopback service whose listings never end, or lie: a raw server that checks signatures.

`ListingService` verifies each request's OCI signature (with the local service's
verifier) and hands it to an `answer` function, which returns (status, headers,
document). It counts the requests, and once `cap` have come it answers 404 to all,
so a client without bounds still ends (with the wrong outcome) instead of hanging.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import oci
from aidp_notebook import AsyncNotebookClient, NotebookClient
from aidp_notebook.testing._keys import KeyRing, generate_api_key
from aidp_notebook.testing._signature import ReceivedRequest, verify

from ._fault_servers import RawRequest, RawServer, head, read_request

Answer = tuple[int, dict[str, str], Any]
Answerer = Callable[[RawRequest], Answer]


def content_path(request: RawRequest) -> str:
    """The contents path a request names (after `/contents/`), decoded."""
    path = request.target.split("?", 1)[0]
    return urllib.parse.unquote(path.split("/contents/", 1)[1])


def query(request: RawRequest) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(request.target.partition("?")[2]))


def directory(path: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": path.rsplit("/", 1)[-1], "path": path, "type": "directory",
            "format": "json", "content": entries}  # fmt: skip


def entry(path: str, kind: str = "directory") -> dict[str, Any]:
    return {"name": path.rsplit("/", 1)[-1], "path": path, "type": kind,
            "format": None, "content": None}  # fmt: skip


def session(index: int) -> dict[str, Any]:
    return {"id": f"s{index}", "name": f"session {index}", "agentFlowKey": None,
            "cluster_id": None, "kernel": None, "lifecycleState": None, "path": None,
            "type": None}  # fmt: skip


class ListingService:
    """`with ListingService(answer) as service:` serves until the block ends."""

    def __init__(self, answer: Answerer, *, cap: int = 2_000) -> None:
        self.answer = answer
        self.cap = cap
        self.requests: list[RawRequest] = []
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self._key = generate_api_key()
        self.tenancy = "ocid1.tenancy.oc1..listing"
        self.user = "ocid1.user.oc1..listing"
        key_id = f"{self.tenancy}/{self.user}/{self._key.fingerprint}"
        self._keyring = KeyRing(key_id, self._key.public_key)
        self._server = RawServer(self._handle)

    def __enter__(self) -> ListingService:
        self._server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.__exit__(*exc)

    def client(self, asynchronous: bool, **options: Any) -> Any:
        signer = oci.signer.Signer(
            self.tenancy, self.user, self._key.fingerprint,
            private_key_file_location=None, private_key_content=self._key.private_key_pem,
        )  # fmt: skip
        cls = AsyncNotebookClient if asynchronous else NotebookClient
        return cls(signer=signer, service_endpoint=self._server.endpoint, retry=None, **options)

    def _handle(self, conn: socket.socket, server: RawServer) -> None:
        while not server.stopped.is_set():
            request = read_request(conn)
            if request is None:
                return
            status, headers, document = self._respond(request)
            body = b"" if document is None else json.dumps(document).encode()
            fields = {
                "content-type": "application/json",
                "content-length": str(len(body)),
                "opc-request-id": f"hostile-{len(self.requests)}",
                **headers,
            }
            conn.sendall(head(status, fields) + body)

    def _respond(self, request: RawRequest) -> Answer:
        with self._lock:
            self.requests.append(request)
            over = len(self.requests) > self.cap
        received = ReceivedRequest(
            request.method, request.target,
            {name: [value] for name, value in request.headers.items()}, request.body,
        )  # fmt: skip
        check = verify(
            received, keyring=self._keyring,
            allowed_hosts={f"127.0.0.1:{self._server.port}"}, now=time.time(),
        )  # fmt: skip
        if not check.valid:
            self.problems.append(str(check.problem))
            return 401, {}, {"code": "NotAuthenticated", "message": str(check.problem)}
        if over:
            return 404, {}, {"code": "NotAuthorizedOrNotFound", "message": "cap reached"}
        return self.answer(request)
