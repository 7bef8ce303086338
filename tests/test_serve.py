"""`make serve` as a visitor meets it: nginx in front of two Streamlit workers, each
visitor kept on one worker by the `releve_worker` cookie, a forged cookie ignored,
and every process gone when the supervisor stops (serve/serve.sh)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx-light)")


def _free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def _get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, {k.lower(): v for k, v in resp.headers.items()}


@pytest.fixture(scope="module")
def served(tmp_path_factory, built_store):
    port, worker = _free_ports(2)
    run_dir = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "PORT": str(port), "WORKERS": "2", "WORKER_PORT": str(worker), "PYTHON": sys.executable}
    env.update(RUN_DIR=str(run_dir), NGINX=NGINX)
    proc = subprocess.Popen(["bash", "serve/serve.sh"], cwd=ROOT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while True:
        try:
            _get(url + "/_stcore/health")
            break
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                os.killpg(proc.pid, signal.SIGKILL)
                pytest.fail("make serve did not answer")
            time.sleep(0.5)
    yield url, proc, (worker, worker + 1)
    try:  # whatever the tests left running
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def test_a_visitor_gets_a_worker_cookie_and_keeps_it(served):
    url, _, workers = served
    status, headers = _get(url + "/")
    assert status == 200
    cookie = headers.get("set-cookie", "")
    assert cookie.startswith("releve_worker=127.0.0.1:"), cookie
    pinned = cookie.split(";")[0]
    assert int(pinned.rsplit(":", 1)[1]) in workers
    for _ in range(4):  # the same visitor stays on the same worker
        _, again = _get(url + "/", pinned)
        assert again.get("set-cookie", pinned).split(";")[0] == pinned


def test_a_forged_cookie_cannot_reach_another_port(served):
    url, _, workers = served
    status, headers = _get(url + "/", "releve_worker=127.0.0.1:22")
    assert status == 200
    assert int(headers["set-cookie"].split(";")[0].rsplit(":", 1)[1]) in workers


def test_stopping_the_supervisor_stops_every_worker(served):
    url, proc, workers = served
    os.kill(proc.pid, signal.SIGTERM)  # the supervisor alone: it must take the workers down
    proc.wait(timeout=30)
    time.sleep(1)
    for port in workers:
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"worker on {port} still answers"
