"""`make run` (scripts/run.sh): everything it starts stops within 10 s of Ctrl-C or SIGTERM to its group."""

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STOP_WITHIN = 10.0
START_WITHIN = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def processes_marked(marker: str) -> list[int]:
    """PIDs whose environment carries the marker: every descendant of the script, even once re-parented."""
    needle = f"RUN_SH_TEST_MARKER={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # gone meanwhile, or not ours
            continue
        if needle in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found


def serves(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310 (loopback)
    except urllib.error.HTTPError:
        return True  # any answer (a 503 from an unmigrated database included) means the server is up
    except OSError:
        return False
    return True


def wait_for(predicate, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


@pytest.mark.worker
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_it_stops_the_site_the_worker_and_the_beat_within_10_s(tmp_path, sig):
    marker = uuid.uuid4().hex
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_URL"))
    }
    env.update(VAR_DIR=str(tmp_path / "var"), RUN_SH_TEST_MARKER=marker, PYTHONUNBUFFERED="1")
    log_path = tmp_path / "run.log"
    with open(log_path, "wb") as log:
        script = subprocess.Popen(
            ["bash", "scripts/run.sh", "127.0.0.1", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, as a terminal's foreground job is
        )
    try:
        started = wait_for(
            lambda: serves(port)
            and b" ready." in log_path.read_bytes()  # the worker, its pool forked
            and b"beat: Starting" in log_path.read_bytes(),
            START_WITHIN,
        )
        assert started, log_path.read_text(errors="replace")[-3000:]
        # The script, runserver, the worker with its two pool processes, and the beat.
        assert len(processes_marked(marker)) >= 6, log_path.read_text(errors="replace")[-3000:]

        os.killpg(script.pid, sig)
        began = time.monotonic()
        stopped = wait_for(lambda: not processes_marked(marker), STOP_WITHIN + 5, interval=0.1)
        elapsed = time.monotonic() - began

        assert stopped, f"still running after {elapsed:.1f} s: {processes_marked(marker)}"
        assert elapsed < STOP_WITHIN, f"stopped after {elapsed:.1f} s"
        assert script.wait(timeout=1) is not None
    finally:
        for pid in processes_marked(marker):  # only what this test started
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
