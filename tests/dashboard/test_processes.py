"""Several dashboard processes behind one proxy (deploy/nginx.conf): each reads the same published warehouse
version, and a load that publishes a new version reaches every process on its sessions' next rerun.

Two real server processes on two ports (through nginx when it is installed, else directly), each spoken to
as a browser would (tests/support/streamlit_client.py). The sidebar states the loaded file count: one file
before, two after the second load."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from support.streamlit_client import Session, run_scenario, server_command, wait_until_serving

from warehouse.paths import CHECKOUT

RAW = CHECKOUT / "data" / "raw" / "2021"
FIRST = RAW / "2021年度项目支出绩效自评结果汇总表.xlsx"
SECOND = RAW / "2021年度财政重点绩效评价结果汇总表.xlsx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _load(env: dict, path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "warehouse.cli", "load", str(path)],
        env=env,
        cwd=CHECKOUT,
        check=True,
        capture_output=True,
    )


def _nginx_front(tmp_path: Path, ports: list[int]) -> tuple[subprocess.Popen, str] | None:
    """A plain-HTTP copy of deploy/nginx.conf's upstream and WebSocket settings, when nginx exists."""
    nginx = shutil.which("nginx")
    if nginx is None:
        return None
    port = _free_port()
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in ports)
    (tmp_path / "logs").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"""daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/logs/error.log;
events {{}}
http {{
  access_log off;
  upstream jixiao {{
    ip_hash;
{servers}  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://jixiao;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $host;
      proxy_read_timeout 86400;
    }}
  }}
}}
""",
        encoding="utf-8",
    )
    proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)])
    return proc, f"http://127.0.0.1:{port}"


def _file_count(texts: list[str]) -> str:
    return next(t for t in texts if t.startswith("数据更新："))


async def _render_all(sessions: list[Session]) -> list[list[str]]:
    renders = await asyncio.gather(*(s.render() for s in sessions))
    for render in renders:
        assert not render.exceptions, render.exceptions
    return [r.texts for r in renders]


@pytest.fixture
def two_processes(tmp_path):
    env = {**os.environ, "JIXIAO_HOME": str(tmp_path / "home")}
    env.pop("JIXIAO_DB", None)
    _load(env, FIRST)
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            server_command(CHECKOUT, port),
            env=env,
            cwd=CHECKOUT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    front = None
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            wait_until_serving(url)
        front = _nginx_front(tmp_path / "nginx", ports) if shutil.which("nginx") else None
        yield env, urls, (front[1] if front else None)
    finally:
        if front:
            front[0].terminate()
            front[0].wait(timeout=20)
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def test_every_process_serves_the_published_version_and_follows_a_new_one(two_processes):
    env, urls, front = two_processes

    async def scenario():
        sessions = [Session(url) for url in urls]
        if front:  # the proxy in front: its sessions too
            sessions.append(Session(front))
        for session in sessions:
            await session.__aenter__()
        try:
            before = await _render_all(sessions)
            _load(env, SECOND)  # publishes a new version while the sessions stay open
            after = await _render_all(sessions)
        finally:
            for session in sessions:
                await session.__aexit__(None, None, None)
        return before, after

    before, after = run_scenario(scenario())
    assert {_file_count(t) for t in before} == {_file_count(before[0])}
    assert _file_count(before[0]).endswith("· 1 个文件")
    # The same open sessions, next rerun: every process now reads the new version.
    assert all(_file_count(t).endswith("· 2 个文件") for t in after)
