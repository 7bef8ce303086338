"""How many people the served dashboard holds at once: N sessions through `make serve`.

Starts the same setup as `make serve` (serve/serve.sh: one Streamlit worker per core
behind nginx, sticky sessions), on 127.0.0.1 only, and drives sessions the way a
browser does, without a browser: the page's HTML first (nginx's answer pins the
visitor to a worker with a cookie), then Streamlit's websocket, where the client
sends `BackMsg.rerun_script` (a protobuf `ClientState`) and the server streams
`ForwardMsg`s back until `script_finished`. A session opens the home page by its URL
path, as a browser tab does, then goes to the five other chart and data pages by
their `page_script_hash` (read from the server's `navigation` message), as the
sidebar links do.

Each session runs the six pages; measured in the same run, after a warm-up (one
session per worker: caches and lazy imports filled):

1. the floor: N sessions one after another. Each one is left open when the next
   starts, so the growth of the workers' memory (RSS from /proc) over the N idle
   sessions, divided by N, is the memory one idle session holds;
2. the same N sessions all at once.

A page's time runs from the rerun request to its `script_finished`. Errors are
exception elements, compile errors, "page not found", closed sockets and timeouts.
Targets on 2 cores: all at once <= 0.75 x one after another, 0 errors, < 30 MB per
idle session.

Both runs are repeated (--repeat, default 2) and the fastest of each kind is
reported: on a shared machine the slow runs measure the neighbours. The columns "CPU
serveur" and "CPU autres" say how much processor time the workers and everything
else (less this client, which takes little) used during the reported runs: when
"autres" is high, the ratio is pessimistic, since the serial run leaves a core to
the neighbours and the concurrent one does not.

Usage (from the project root):
    python bench/load.py [--sessions 20] [--workers N] [--repeat 2] [--page-timeout 120]

Needs nginx (apt-get install nginx-light); without it the bench says so and stops.
It stops by itself: every page has a timeout, and the whole run a time budget.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["", "familles", "egalite", "ages", "livre3", "donnees"]  # url paths, home first
NAMES = {"": "accueil"}
RATIO_TARGET = 0.75
MB_TARGET = 30
BUDGET_S = 1800  # the whole run, whatever happens
COOKIE = "releve_worker"


def _ok(flag: bool) -> str:
    return "oui" if flag else "NON"


# ---- the server ----------------------------------------------------------------------


def _free_ports(count: int) -> int:
    """A first port such that it and the count-1 following are free on loopback
    (serve.sh puts the workers right after the public port)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = s.getsockname()[1]
        if first + count > 65535:
            continue
        try:
            for p in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
            return first
        except OSError:
            continue
    raise SystemExit("pas de ports libres consécutifs")


def _http_get(port: int, path: str, cookie: str = "") -> tuple[int, str]:
    """(status, routing cookie set by nginx or '')."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        resp = conn.getresponse()
        resp.read()
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie" and value.startswith(COOKIE + "="):
                return resp.status, value.split(";", 1)[0]
        return resp.status, ""
    finally:
        conn.close()


def start_server(workers: int, run_dir: str) -> tuple[subprocess.Popen, int]:
    """serve/serve.sh, as `make serve` runs it (the store is built beforehand)."""
    etl = subprocess.run([sys.executable, "-m", "etl"], cwd=ROOT, capture_output=True, text=True)
    if etl.returncode:
        raise SystemExit(f"magasin de données non construit :\n{etl.stderr or etl.stdout}")
    port = _free_ports(workers + 1)
    env = dict(
        os.environ, PORT=str(port), WORKERS=str(workers), ADDRESS="127.0.0.1", PYTHON=sys.executable, RUN_DIR=run_dir
    )
    proc = subprocess.Popen(
        [str(ROOT / "serve" / "serve.sh")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"serve/serve.sh s'est arrêté : {proc.stderr.read().strip()}")
        try:
            if _http_get(port, "/_stcore/health")[0] == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(proc)
    raise SystemExit("le serveur n'a pas répondu en 180 s")


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM to the supervisor only: it stops its workers and nginx itself (the
    behaviour `make serve` promises on Ctrl-C)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _children(supervisor: int) -> list[Path]:
    """/proc folders of the supervisor's children: the workers and nginx's master."""
    out = []
    for d in Path("/proc").iterdir():
        try:
            if d.name.isdigit() and int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == supervisor:
                out.append(d)
        except OSError:  # gone meanwhile
            continue
    return out


def workers_rss_mb(supervisor: int) -> float:
    total_kb = 0
    for d in _children(supervisor):
        try:
            if b"streamlit" in (d / "cmdline").read_bytes():
                status = (d / "status").read_text()
                total_kb += int(status.split("VmRSS:", 1)[1].split()[0])
        except (OSError, IndexError):
            continue
    return total_kb / 1024


# ---- one browser tab ---------------------------------------------------------------------


def _rerun(url: str, page_name: str = "", page_hash: str = "", cached: set[str] | None = None) -> bytes:
    """The rerun request a browser tab sends: first by URL path, then by page hash;
    with the hashes of the messages it has cached, which the server then sends as
    references only."""
    state = ClientState(
        page_name=page_name,
        page_script_hash=page_hash,
        cached_message_hashes=sorted(cached or ()),
        context_info=ContextInfo(
            timezone="Europe/Paris",
            timezone_offset=-60,
            locale="fr-FR",
            url=url,
            is_embedded=False,
            color_scheme="light",
        ),
    )
    return BackMsg(rerun_script=state).SerializeToString()


def _error_in(msg: ForwardMsg) -> str | None:
    kind = msg.WhichOneof("type")
    if (
        kind == "delta"
        and msg.delta.WhichOneof("type") == "new_element"
        and msg.delta.new_element.WhichOneof("type") == "exception"
    ):
        exc = msg.delta.new_element.exception
        return f"{exc.type}: {exc.message}"[:200]
    if kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
        return "compilation : " + msg.session_event.script_compilation_exception.message[:200]
    if kind == "page_not_found":
        return "page introuvable"
    return None


class Tab:
    """One browser tab: the worker its cookie names, its websocket, its page times
    and its errors. A failure is recorded, never raised, so one bad session does not
    hide the others' figures."""

    def __init__(self, port: int, page_timeout: float) -> None:
        self.port, self.page_timeout = port, page_timeout
        self.worker = ""
        self.pages_ms: list[float] = []
        self.errors: list[str] = []
        self._ws = None

    async def open(self) -> None:
        try:
            status, cookie = await asyncio.to_thread(_http_get, self.port, "/")
            if status != 200 or not cookie:
                self.errors.append(f"GET / : {status}, cookie {cookie!r}")
                return
            self.worker = cookie.split("=", 1)[1]
            self._ws = await connect(
                f"ws://127.0.0.1:{self.port}/_stcore/stream",
                subprotocols=["streamlit"],
                additional_headers={"Cookie": cookie},
                max_size=None,
                open_timeout=30,
            )
        except (OSError, WebSocketException) as err:
            self.errors.append(f"connexion : {type(err).__name__} {err}")

    async def visit_pages(self) -> None:
        if self._ws is None:
            return
        base = f"http://127.0.0.1:{self.port}"
        hashes: dict[str, str] = {}  # url path -> page_script_hash, from `navigation`
        cached: set[str] = set()
        path = ""
        try:
            for path in PAGES:
                if path and path not in hashes:
                    self.errors.append(f"{path} : absente de la navigation")
                    continue
                request = (
                    _rerun(f"{base}/{path}", page_hash=hashes[path], cached=cached)
                    if path
                    else _rerun(f"{base}/", page_name="")
                )
                t = time.perf_counter()
                await self._ws.send(request)
                async with asyncio.timeout(self.page_timeout):
                    while True:
                        msg = ForwardMsg.FromString(await self._ws.recv())
                        kind = msg.WhichOneof("type")
                        if msg.metadata.cacheable and msg.hash:
                            cached.add(msg.hash)
                        if kind == "navigation":
                            hashes = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                        if (err := _error_in(msg)) is not None:
                            self.errors.append(f"{NAMES.get(path, path)} : {err}")
                        # FINISHED_EARLY_FOR_RERUN (st.rerun) is followed by another run.
                        if kind == "script_finished" and msg.script_finished in (
                            ForwardMsg.FINISHED_SUCCESSFULLY,
                            ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
                        ):
                            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                                self.errors.append(f"{NAMES.get(path, path)} : erreur de compilation")
                            break
                self.pages_ms.append((time.perf_counter() - t) * 1000)
        except TimeoutError:
            self.errors.append(f"{NAMES.get(path, path)} : pas de fin en {self.page_timeout:.0f} s")
        except (OSError, WebSocketException) as err:
            self.errors.append(f"{NAMES.get(path, path)} : connexion fermée ({type(err).__name__})")

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()


async def one_tab(port: int, page_timeout: float) -> Tab:
    tab = Tab(port, page_timeout)
    await tab.open()
    await tab.visit_pages()
    return tab


# ---- the runs ------------------------------------------------------------------------------


def cpu_s(supervisor: int) -> tuple[float, float]:
    """CPU seconds used so far by the server (workers, nginx's master) and by the
    whole machine. Their difference, less the client's, is what other programs took
    during a run."""
    tick = os.sysconf("SC_CLK_TCK")
    server = 0
    for d in _children(supervisor):
        try:
            stat = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        server += int(stat[11]) + int(stat[12])  # utime + stime
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:]]
    return server / tick, (sum(ticks) - ticks[3] - ticks[4]) / tick  # all but idle, iowait


@dataclass
class Run:
    wall_s: float
    tabs: list[Tab]
    cpu_server: float = 0.0
    cpu_others: float = 0.0

    @property
    def pages_ms(self) -> list[float]:
        return [ms for tab in self.tabs for ms in tab.pages_ms]

    @property
    def errors(self) -> list[str]:
        return [e for tab in self.tabs for e in tab.errors]

    def quantile(self, q: float) -> float:
        ms = sorted(self.pages_ms)
        return ms[min(len(ms) - 1, round(q * (len(ms) - 1)))] if ms else float("nan")


async def timed(tabs_coro, supervisor: int) -> Run:
    server0, machine0 = cpu_s(supervisor)
    client0 = time.process_time()
    t = time.perf_counter()
    tabs = await tabs_coro
    wall = time.perf_counter() - t
    server1, machine1 = cpu_s(supervisor)
    client = time.process_time() - client0
    return Run(wall, tabs, server1 - server0, max(0.0, machine1 - machine0 - (server1 - server0) - client))


async def one_after_another(port: int, n: int, page_timeout: float) -> list[Tab]:
    """Each session is left open (idle) while the next runs: the floor's tabs are
    also the idle sessions whose memory is measured."""
    return [await one_tab(port, page_timeout) for _ in range(n)]


async def all_at_once(port: int, n: int, page_timeout: float) -> list[Tab]:
    return list(await asyncio.gather(*(one_tab(port, page_timeout) for _ in range(n))))


async def close_all(tabs: list[Tab]) -> None:
    await asyncio.gather(*(tab.close() for tab in tabs))


async def measure(port: int, n: int, workers: int, page_timeout: float, repeat: int, supervisor: int) -> dict:
    # Warm-up: one session per worker, together (least_conn then gives each worker
    # one), so that the timed runs find caches full and lazy imports done.
    warm = await all_at_once(port, workers, page_timeout)
    await close_all(warm)
    if errors := [e for tab in warm for e in tab.errors]:
        raise SystemExit("échauffement : " + " ; ".join(errors[:5]))
    out: dict = {"serial": [], "concurrent": []}
    for i in range(repeat):
        rss_before = workers_rss_mb(supervisor)
        run = await timed(one_after_another(port, n, page_timeout), supervisor)
        await asyncio.sleep(1)  # the last answers sent, the runs' garbage collected
        if i == 0:  # later rounds reuse memory the first one left in the allocator
            out["rss"] = (rss_before, workers_rss_mb(supervisor))
        await close_all(run.tabs)
        out["serial"].append(run)

        peak = [workers_rss_mb(supervisor)]

        async def sample() -> None:
            while True:
                await asyncio.sleep(0.5)
                peak.append(workers_rss_mb(supervisor))

        sampler = asyncio.create_task(sample())
        run = await timed(all_at_once(port, n, page_timeout), supervisor)
        sampler.cancel()
        await close_all(run.tabs)
        out["concurrent"].append(run)
        out["rss_peak"] = max(out.get("rss_peak", 0), *peak)
    return out


# ---- report ----------------------------------------------------------------------------------


def report(n: int, workers: int, m: dict) -> str:
    """The fastest run of each kind (on a shared machine the slow ones measure the
    neighbours); errors of every run."""
    ser = min(m["serial"], key=lambda r: r.wall_s)
    con = min(m["concurrent"], key=lambda r: r.wall_s)
    ratio = con.wall_s / ser.wall_s
    rss_before, rss_idle = m["rss"]
    per_idle = (rss_idle - rss_before) / n
    errors = [e for r in m["serial"] + m["concurrent"] for e in r.errors]
    head = (
        f"{f'{n} sessions x 6 pages':<31} {'durée (s)':>9} {'page p50 (ms)':>14} {'page p95 (ms)':>14}"
        f" {'erreurs':>8} {'CPU serveur (s)':>16} {'CPU autres (s)':>15}"
    )
    lines = [
        f"{workers} workers Streamlit derrière nginx (serve/serve.sh), {len(os.sched_getaffinity(0))} cœurs,"
        f" client sur la même machine ; meilleure de {len(m['serial'])} mesure(s)",
        head,
        "-" * len(head),
    ]
    for label, run in (("l'une après l'autre (plancher)", ser), ("toutes en même temps", con)):
        lines.append(
            f"{label:<31} {run.wall_s:>9.1f} {run.quantile(0.5):>14.0f} {run.quantile(0.95):>14.0f}"
            f" {len(run.errors):>8} {run.cpu_server:>16.1f} {run.cpu_others:>15.1f}"
        )
    spread = Counter(t.worker.rsplit(":", 1)[-1] for t in con.tabs)
    lines += [
        "",
        f"en même temps / l'une après l'autre : {ratio:.2f}   cible <= {RATIO_TARGET}   {_ok(ratio <= RATIO_TARGET)}",
        f"erreurs : {len(errors)}   cible 0   {_ok(not errors)}",
        f"mémoire par session inactive : {per_idle:.1f} Mo   cible < {MB_TARGET} Mo   {_ok(per_idle < MB_TARGET)}"
        f"   (RSS des workers : {rss_before:.0f} Mo après l'échauffement, {rss_idle:.0f} Mo avec {n} sessions"
        f" inactives, {m['rss_peak']:.0f} Mo au plus fort des {n} sessions actives)",
        "sessions simultanées par worker (port) : " + ", ".join(f"{w} : {c}" for w, c in sorted(spread.items())),
    ]
    lines += [f"  erreur : {e}" for e in errors[:10]]
    met = ratio <= RATIO_TARGET and not errors and per_idle < MB_TARGET
    row = {  # the README's row, read by bench/table.py (`make bench`)
        "measure": f"`make serve` ({workers} workers) : {n} sessions × 6 pages en même temps : {fr(con.wall_s, 1)} s ; "
        f"page p50 {fr(con.quantile(0.5) / 1000, 1)} s, p95 {fr(con.quantile(0.95) / 1000, 1)} s ; "
        f"{len(errors)} erreur(s) ; {fr(per_idle, 1)} Mo par session inactive",
        "floor": f"les mêmes l'une après l'autre : {fr(ser.wall_s, 1)} s",
        "ratio": f"{fr(ratio)}×",
        "target": f"≤ {fr(RATIO_TARGET)}× ; 0 erreur ; < {MB_TARGET} Mo",
        "met": met,
    }
    lines.append("BENCH " + json.dumps(row, ensure_ascii=False))
    return "\n".join(lines)


def fr(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20, help="sessions per run (default 20)")
    ap.add_argument(
        "--workers",
        type=int,
        default=len(os.sched_getaffinity(0)),
        help="Streamlit processes (default: one per core, as `make serve`)",
    )
    ap.add_argument("--repeat", type=int, default=2, help="rounds of both runs; the fastest of each is reported")
    ap.add_argument("--page-timeout", type=float, default=120, help="seconds before a page counts as failed")
    args = ap.parse_args(argv)
    if not (Path("/usr/sbin/nginx").exists() or shutil.which("nginx")):
        print("nginx absent (apt-get install nginx-light) : banc de charge ignoré.", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="releve-load-") as run_dir:
        proc, port = start_server(args.workers, run_dir)
        try:
            m = asyncio.run(
                asyncio.wait_for(
                    measure(port, args.sessions, args.workers, args.page_timeout, args.repeat, proc.pid), BUDGET_S
                )
            )
        except TimeoutError:
            raise SystemExit(f"banc arrêté : plus de {BUDGET_S} s") from None
        finally:
            stop_server(proc)
    print(report(args.sessions, args.workers, m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
