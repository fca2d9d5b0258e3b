"""Starts the loopback city identity provider (``provider.js``, oidc-provider from npm) for a test.

``.ci/run`` installs the exact packages of ``package-lock.json`` with ``npm ci`` into
``OIDC_FAKE_CACHE`` (default ``var/cache/oidc-fake``); the provider script is copied next to its
``node_modules`` and started with ``node`` on a free loopback port. ``unavailable()`` says why it
cannot start here (no Node, not installed), so a fixture can skip (or fail in CI) with the reason.
"""

import json
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CACHE = Path(os.environ.get("OIDC_FAKE_CACHE", ROOT / "var" / "cache" / "oidc-fake"))
SECRET = "city-test-secret-0123456789"
# Clients whose ID tokens the provider breaks on purpose (see provider.js).
CLIENT_IDS = (
    "choso",
    "choso-wrong-aud",
    "choso-wrong-iss",
    "choso-bad-sig",
    "choso-wrong-nonce",
)


def unavailable() -> str:
    if shutil.which("node") is None:
        return "needs Node.js for the loopback OpenID provider (apt-get install nodejs npm)"
    if not (CACHE / "node_modules" / "oidc-provider").is_dir():
        return (
            f"the loopback OpenID provider is not installed in {CACHE}: run "
            "`cp tests/fakes/oidc/package*.json var/cache/oidc-fake/ && "
            "npm ci --prefix var/cache/oidc-fake` (.ci/run does)"
        )
    return ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class CityProvider:
    issuer: str
    process: subprocess.Popen
    secret: str = SECRET

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(redirect_uris: list[str]) -> CityProvider:
    shutil.copy(HERE / "provider.js", CACHE / "provider.js")
    port = _free_port()
    clients = [
        {"client_id": client_id, "client_secret": SECRET, "redirect_uris": redirect_uris}
        for client_id in CLIENT_IDS
    ]
    process = subprocess.Popen(  # noqa: S603
        ["node", str(CACHE / "provider.js")],  # noqa: S607
        cwd=CACHE,
        env={**os.environ, "PORT": str(port), "FAKE_OIDC_CLIENTS": json.dumps(clients)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    deadline = time.monotonic() + 20
    line = process.stdout.readline()
    while not line.startswith("ready ") and time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the loopback OpenID provider exited at start")
        line = process.stdout.readline()
    if not line.startswith("ready "):
        process.kill()
        raise RuntimeError("the loopback OpenID provider did not start in 20 s")
    return CityProvider(issuer=line.split()[1], process=process)
