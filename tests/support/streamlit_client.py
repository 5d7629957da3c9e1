"""A browser session without the browser: speaks Streamlit's websocket protocol (protobuf BackMsg /
ForwardMsg on /_stcore/stream) to ask for a page run and read what it drew.

Enough to tell which warehouse version a server process serves (the multi-process test) and to keep many
sessions busy at once on a small machine (bench/bench_sessions.py), where a headless browser per session
would cost more than the server under test. It does not render: it times a run from the request to the
server's "script finished", and collects the text of the elements drawn.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

# Statuses that end the run a request started (a run cut short for a rerun is followed by another).
_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class Render:
    seconds: float
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(self.texts)


def _element_texts(element) -> tuple[list[str], list[str]]:
    kind = element.WhichOneof("type")
    if kind is None:
        return [], []
    body = getattr(element, kind)
    if kind == "exception":
        return [], [f"{body.type}: {body.message}"]
    texts = [getattr(body, name) for name in ("label", "body") if isinstance(getattr(body, name, None), str)]
    return [t for t in texts if t], []


class Session:
    """One session on one server: `async with Session(url, page, query) as s: r = await s.render()`."""

    def __init__(self, base_url: str, page: str = "", query: str = "", timeout: float = 120) -> None:
        self.stream_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.page = page
        self.query = query
        self.timeout = timeout
        self._ws = None

    async def __aenter__(self) -> Session:
        self._ws = await websockets.connect(
            self.stream_url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,  # a busy server answers late; the render timeout is the limit here
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()

    async def render(self) -> Render:
        """Ask for a run of the page (as a browser does on load and on every rerun) and wait for its end."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = self.page
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        result = Render(0.0)
        while True:
            raw = await asyncio.wait_for(self._ws.recv(), self.timeout)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                texts, errors = _element_texts(forward.delta.new_element)
                result.texts.extend(texts)
                result.exceptions.extend(errors)
            elif kind == "script_finished" and forward.script_finished in _DONE:
                result.seconds = time.perf_counter() - start
                return result


def server_command(app_root: Path, port: int) -> list[str]:
    """The command serving the dashboard of the source tree at `app_root` on 127.0.0.1:`port`: this tree's
    `jixiao serve` command line (warehouse.cli.server_command); a tree from before dashboard/server.py existed
    ran `streamlit` itself. Run it with the tree on PYTHONPATH."""
    app = app_root / "dashboard" / "app.py"
    if (app_root / "dashboard" / "server.py").exists():
        from warehouse.cli import server_command as serve_command

        return serve_command(port, "127.0.0.1", app)
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def wait_until_serving(base_url: str, timeout: float = 90) -> None:
    """Block until the server's health endpoint answers ok."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base_url.rstrip("/") + "/_stcore/health", timeout=5) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{base_url} 在 {timeout:.0f} 秒内没有开始服务")
        time.sleep(0.3)


async def render_once(base_url: str, page: str = "", query: str = "") -> Render:
    async with Session(base_url, page, query) as session:
        return await session.render()


def run_scenario(coroutine):
    """Run a client scenario to its end from synchronous code, in a thread of its own: a test session may
    already hold a running event loop in this thread (Playwright's sync API keeps one)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()
