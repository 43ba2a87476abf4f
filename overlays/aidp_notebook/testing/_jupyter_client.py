"""Talking to the private Jupyter server: its REST API, and kernel_info over its websocket.

The REST calls are blocking (httpx), made from the local service's worker threads. The
kernel probes run on an event loop of their own: a kernel counts as started once it has
answered a kernel_info request, which is what a Jupyter front end waits for too.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import threading
import uuid
from datetime import UTC, datetime
from typing import Any

import aiohttp
import httpx

# Starting a kernel can take a while on a busy machine.
REQUEST_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
KERNEL_START_TIMEOUT = 60.0


class JupyterError(Exception):
    """The Jupyter server answered with an error, or could not be reached."""

    def __init__(self, status: int | None, message: str) -> None:
        super().__init__(message)
        self.status = status  # None when there was no answer
        self.message = message


class JupyterClient:
    """The REST API of one Jupyter server, authenticated with its token."""

    def __init__(self, url: str, token: str) -> None:
        self._http = httpx.Client(
            base_url=url,
            headers={"Authorization": f"token {token}"},
            timeout=REQUEST_TIMEOUT,
            trust_env=False,  # loopback: never through a proxy
        )

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        try:
            response = self._http.request(method, path, json=body)
        except httpx.HTTPError as exc:
            raise JupyterError(None, f"no answer from the Jupyter server ({exc})") from None
        if response.status_code >= 400:
            try:
                message = str(response.json().get("message") or response.reason_phrase)
            except (ValueError, AttributeError):
                message = response.reason_phrase
            raise JupyterError(response.status_code, message)
        return response.json() if response.content else None

    def kernel_names(self) -> list[str]:
        specs = self._call("GET", "/api/kernelspecs")
        return sorted(specs.get("kernelspecs", {}))

    def sessions(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/api/sessions"))

    def session(self, session_id: str) -> dict[str, Any] | None:
        """The session, or None once Jupyter no longer has it (its kernel died)."""
        try:
            return dict(self._call("GET", f"/api/sessions/{session_id}"))
        except JupyterError as exc:
            if exc.status == 404:
                return None
            raise

    def create_session(self, body: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call("POST", "/api/sessions", body))

    def patch_session(self, session_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return dict(self._call("PATCH", f"/api/sessions/{session_id}", body))

    def delete_session(self, session_id: str) -> None:
        """Delete the session and shut its kernel down; one that is gone already is fine."""
        try:
            self._call("DELETE", f"/api/sessions/{session_id}")
        except JupyterError as exc:
            if exc.status != 404:
                raise

    def restart_kernel(self, kernel_id: str) -> dict[str, Any]:
        return dict(self._call("POST", f"/api/kernels/{kernel_id}/restart"))


def _kernel_info_request() -> dict[str, Any]:
    """A kernel_info_request in the JSON form of Jupyter's websocket (messaging spec 5.3)."""
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": "kernel_info_request",
            "username": "aidp-local-service",
            "session": uuid.uuid4().hex,
            "date": datetime.now(UTC).isoformat(),
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": {},
        "channel": "shell",
        "buffers": [],
    }


class KernelProbes:
    """Asks kernels whether they answer, on an event loop thread of its own."""

    def __init__(self, url: str, token: str, timeout: float = KERNEL_START_TIMEOUT) -> None:
        self._ws_url = "ws" + url.removeprefix("http")
        self._headers = {"Authorization": f"token {token}"}
        self._timeout = timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="aidp-local-service-kernel-probes", daemon=True
        )
        self._thread.start()

    def probe(self, kernel_id: str) -> concurrent.futures.Future[bool]:
        """True once the kernel has answered kernel_info; False if it never did, or is gone."""
        return asyncio.run_coroutine_threadsafe(self._probe(kernel_id), self._loop)

    def stop(self) -> None:
        async def cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        if self._thread.is_alive():
            with contextlib.suppress(concurrent.futures.TimeoutError):
                asyncio.run_coroutine_threadsafe(cancel_all(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop.close()

    async def _probe(self, kernel_id: str) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout
        url = f"{self._ws_url}/api/kernels/{kernel_id}/channels"
        async with aiohttp.ClientSession(headers=self._headers) as http:
            while loop.time() < deadline:
                try:
                    async with asyncio.timeout(max(0.0, deadline - loop.time())):
                        return await self._ask(http, url)
                except aiohttp.WSServerHandshakeError as exc:
                    if exc.status == 404:
                        return False  # the kernel is gone
                except (aiohttp.ClientError, ConnectionError):
                    pass  # not ready yet: ask again
                except TimeoutError:
                    return False
                await asyncio.sleep(0.2)
        return False

    @staticmethod
    async def _ask(http: aiohttp.ClientSession, url: str) -> bool:
        async with http.ws_connect(url, autoping=True) as ws:
            request = _kernel_info_request()
            await ws.send_str(json.dumps(request))
            async for message in ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    continue
                with contextlib.suppress(ValueError, AttributeError, TypeError):
                    reply = json.loads(message.data)
                    if (
                        reply.get("header", {}).get("msg_type") == "kernel_info_reply"
                        and reply.get("parent_header", {}).get("msg_id")
                        == request["header"]["msg_id"]
                    ):
                        return True
        raise aiohttp.ClientError("the websocket closed before the kernel answered")
