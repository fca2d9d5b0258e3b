"""Tests against the running cluster (``make cluster``; .ci/run runs them after the short fault
run of benchmarks/cluster.py). Skipped when no cluster is running: they need its processes, logs
and replica, not the test database."""

import json
import os
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cluster() -> dict:
    folder = Path(os.environ.get("CLUSTER_DIR", ROOT / "var" / "cluster"))
    try:
        info = json.loads((folder / "cluster.json").read_text())
        httpx.get(f"{info['url']}/healthz", timeout=5).raise_for_status()
    except (OSError, ValueError, httpx.HTTPError):
        pytest.skip("no cluster running (make cluster)")
    info["root"] = folder
    return info
