"""Fault-test helpers: a private redis-server on its own port and Celery worker subprocesses, stopped by PID.

The shared Redis is never stopped: the broker outages happen on the private one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery import app
from tests.conftest import on_postgres

ROOT = Path(__file__).resolve().parents[2]
# Short limits in the worker subprocesses so a killed worker's message is re-delivered in seconds, not an hour.
HARD_LIMIT_S = 10
VISIBILITY_TIMEOUT_S = 15


def fault_skip_reason() -> str | None:
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        return "broker fault tests need Redis (CELERY_BROKER_URL is not redis://; on a laptop this is expected)"
    if not on_postgres():
        return "worker subprocesses need a database they can open (PostgreSQL), not SQLite in memory"
    if not shutil.which("redis-server"):
        return "redis-server is not installed"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A throwaway redis-server (no persistence) on `port`; start() and stop() may be called again."""

    def __init__(self, port: int, log_dir: Path):
        self.port, self.log_dir, self.proc = port, log_dir, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        log = open(self.log_dir / f"redis-{self.port}.log", "a")  # noqa: SIM115 (closed with the process)
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_process(broker_url: str, log_path: Path, **extra_env: str) -> subprocess.Popen:
    """`celery worker -Q simulations -P solo` on the test database, with short time limits (and `extra_env`)."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "SIMULATION_HARD_TIME_LIMIT": str(HARD_LIMIT_S),
        "SIMULATION_SOFT_TIME_LIMIT": str(HARD_LIMIT_S - 2),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT_S),
        "DJANGO_CONN_MAX_AGE": "0",
        **extra_env,
    }
    log = open(log_path, "a")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.simulator.worker_app",
            "worker",
            "-Q",
            "simulations",
            "-P",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
            "-n",
            f"faults-{time.monotonic_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop_process(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def publishing_to(broker_url: str):
    """Make this process's Celery app publish to another broker (the private Redis) for the test's duration."""
    # Celery reads CELERY_BROKER_URL from the environment before its own setting: switch both.
    old, old_env = app.conf.broker_url, os.environ.get("CELERY_BROKER_URL")

    def switch(url, env_url):
        app.conf.broker_url = url
        if env_url is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = env_url
        # Only forget the app's pools: kombu keeps one pool per broker URL and hands the same one back later,
        # so closing them here would leave a dead pool for the next test (its publishes would block).
        app._pool = None
        app.amqp._producer_pool = None

    switch(broker_url, broker_url)
    try:
        yield
    finally:
        switch(old, old_env)
