"""Shared by the benchmark scripts: paths, the fixtures file, a tiny HTTP client, the machine description."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path

import requests

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "benchmarks" / "results"
VAR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var" / "bench"))
FIXTURES = VAR / "fixtures.json"
BASE_URL = os.environ.get("BENCH_BASE_URL", "http://127.0.0.1:8077")


def load_fixtures() -> dict:
    return json.loads(FIXTURES.read_text())


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return path


def read_result(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def session(token: str | None = None) -> requests.Session:
    s = requests.Session()
    if token:
        s.headers["Authorization"] = f"Token {token}"
    return s


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100) of the values; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


CPU_GROUPS = {"gunicorn": "gunicorn", "postgres": "postgres", "redis-server": "redis", "wrk": "wrk", "celery": "celery"}
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_snapshot() -> dict:
    """CPU seconds used so far by every process (grouped by what it is) and by the whole machine."""
    procs = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        seconds = (int(fields[11]) + int(fields[12])) / _TICK  # utime + stime
        started = int(fields[19]) / _TICK  # seconds after boot
        name = stat.split("(", 1)[1].rsplit(")", 1)[0]
        group = next((g for key, g in CPU_GROUPS.items() if key in name or key in cmdline.split(" -")[0]), "other")
        procs[int(entry.name)] = (group, seconds, started)
    return {"procs": procs, "uptime": float(Path("/proc/uptime").read_text().split()[0])}


def cpu_delta(before: dict, after: dict, requests: int, seconds: float) -> dict:
    """CPU per request (ms) of each group of processes between two snapshots, and how busy the cores were."""
    used: dict[str, float] = {}
    for pid, (group, cpu_s, started) in after["procs"].items():
        prev = before["procs"].get(pid)
        if prev is not None and prev[2] == started:
            used[group] = used.get(group, 0.0) + cpu_s - prev[1]
        elif started >= before["uptime"] - 0.01:  # born during the measurement: all of its CPU counts
            used[group] = used.get(group, 0.0) + cpu_s
    per = max(requests, 1)
    out = {g: round(s * 1000 / per, 3) for g, s in sorted(used.items()) if s > 0}
    out["all_ms"] = round(sum(used.values()) * 1000 / per, 3)
    out["cores_busy"] = round(sum(used.values()) / max(seconds, 1e-9), 2)  # 2.0 = both cores saturated
    return out


def _run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem_gib,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": _run(["psql", "--version"]),
        "redis": _run(["redis-server", "--version"]).split(" sha=")[0],
        "wrk": (_run(["wrk", "--version"]) or "\n").splitlines()[0],
    }
