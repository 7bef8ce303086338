"""Draw docs/screenshot.png, the picture the README shows: the home page as a first
visitor sees it, in the system Chromium (`apt-get install chromium`).

    make screenshot            # or: python docs/screenshot.py [--out FILE] [--page PATH]

It starts the dashboard on a free port, waits for the first chart, takes a
1 440 × 900 picture and writes it as an optimised PNG, so the file stays small
enough to live in the repository."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
FIRST_CHART = ".js-plotly-plot .main-svg"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "streamlit", "run", "web.py", "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    cmd += ["--client.toolbarMode", "minimal"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return proc
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit("le tableau de bord n'a pas démarré") from None
            time.sleep(0.25)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    ap.add_argument("--page", default="", help="chemin de la page (vide : l'accueil)")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium introuvable ({CHROMIUM}) : apt-get install chromium")
    from playwright.sync_api import sync_playwright

    port = _free_port()
    proc = _serve(port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="fr-FR")
            page.goto(f"http://127.0.0.1:{port}/{args.page}", wait_until="networkidle")
            page.wait_for_selector(FIRST_CHART, timeout=90_000)
            page.wait_for_timeout(1500)  # plotly's transitions end
            png = page.screenshot(full_page=False)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    from PIL import Image  # installed with streamlit

    tmp = args.out.with_suffix(".tmp.png")
    import io

    Image.open(io.BytesIO(png)).convert("P", palette=Image.Palette.ADAPTIVE, colors=128).save(tmp, optimize=True)
    os.replace(tmp, args.out)
    print(f"{args.out.relative_to(ROOT)} : {args.out.stat().st_size // 1024} Ko")
    return 0


if __name__ == "__main__":
    sys.exit(main())
