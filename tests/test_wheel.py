"""The built wheel runs outside a checkout: SQL, configuration and the bundled sample travel inside it, the
warehouse goes under JIXIAO_HOME, `jixiao load` loads the sample and `jixiao demo` serves the dashboard."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from warehouse.paths import CHECKOUT

SAMPLE_ROWS = "加载 10353 行，拒绝 0 行"  # the report rows, the forms of the review sample, 3 notice answers


def _uv() -> str:
    for candidate in (shutil.which("uv"), CHECKOUT / ".tools/bin/uv", CHECKOUT / ".tools/lib/bin/uv"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    if os.environ.get("CI"):
        pytest.fail("uv 不可用：无法构建 wheel")
    pytest.skip("uv 不可用（./dev.sh 会安装它）")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A fresh virtual environment with only the built wheel (and its dependencies) installed."""
    uv = _uv()
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([uv, "build", "--wheel", "-q", "-o", str(work / "dist")], cwd=CHECKOUT, check=True)
    (wheel,) = (work / "dist").glob("jixiao-*.whl")
    venv = work / "venv"
    subprocess.run([uv, "venv", "-q", str(venv), "--python", "python3"], check=True)
    subprocess.run([uv, "pip", "install", "-q", "--python", str(venv / "bin/python"), str(wheel)], check=True)
    outside = work / "elsewhere"  # no pyproject.toml, sql/ or data/ around
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("JIXIAO_DB", "VIRTUAL_ENV", "PYTHONPATH")}
    env["JIXIAO_HOME"] = str(work / "home")
    return {"bin": venv / "bin", "cwd": outside, "env": env, "home": work / "home"}


def test_wheel_carries_no_sample_generator(installed):
    check = "import importlib.util, sys; sys.exit(importlib.util.find_spec('samplegen') is not None)"
    assert subprocess.run([installed["bin"] / "python", "-c", check], cwd=installed["cwd"]).returncode == 0


def test_installed_wheel_loads_the_bundled_sample_into_its_home(installed):
    result = subprocess.run(
        [installed["bin"] / "jixiao", "load"],
        cwd=installed["cwd"],
        env=installed["env"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert SAMPLE_ROWS in result.stdout
    assert (installed["home"] / "jixiao.duckdb").resolve().is_file()


def test_installed_wheel_demo_serves_the_dashboard(installed, tmp_path):
    port = _free_port()
    # the load report goes to a file: an unread pipe fills up on the sample's several hundred lines and
    # blocks the server before it starts
    log = open(tmp_path / "demo.log", "w+", encoding="utf-8")  # noqa: SIM115 (closed in finally)
    server = subprocess.Popen(
        [installed["bin"] / "jixiao", "demo", "--port", str(port)],
        cwd=installed["cwd"],
        env=installed["env"],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        healthy = False
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                    healthy = reply.status == 200
                    break
            except OSError:
                time.sleep(0.5)
        log.seek(0)
        assert healthy, log.read()[-2000:] if server.poll() is not None else "服务未在 120 秒内就绪"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
            assert reply.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    # Stopping `jixiao` stops the server: nothing is left holding the port.
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
    # The dashboard itself runs from the installed package: its opening page renders without an error.
    script = (
        "import sys; from streamlit.testing.v1 import AppTest; from warehouse.paths import APP; "
        "at = AppTest.from_file(str(APP), default_timeout=120).run(); "
        "sys.exit(1 if at.exception else 0)"
    )
    env = {**installed["env"], "JIXIAO_DB": str(installed["home"] / "jixiao.duckdb")}
    result = subprocess.run(
        [installed["bin"] / "python", "-c", script],
        cwd=installed["cwd"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
