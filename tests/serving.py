"""A served shiftboard for tests and the bench: `shiftboard serve` in its own process on
127.0.0.1 and a free port, waited on until it answers, and stopped afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shiftboard(data_dir: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SHIFTBOARD_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "shiftboard", *args], capture_output=True, text=True,
                          env=env, input=input, timeout=60, cwd=ROOT)


def add_account(data_dir: Path, name: str, role: str, password: str = "password9", by: str | None = None) -> None:
    """Add an account; once the team has one, `by` (a lead) adds the next."""
    acting = ("--agent", by) if by else ()
    done = shiftboard(data_dir, *acting, "team", "add", name, "--role", role, "--password-stdin",
                      input=password + "\n")
    assert done.returncode == 0, done.stderr


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1)
    except urllib.error.HTTPError:
        return True  # a refusal is an answer
    except OSError:
        return False
    return True


@contextmanager
def served(data_dir: Path, *args: str):
    """Yield the base URL of `shiftboard serve` on a free local port; stop it on the way out."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
    command = [sys.executable, "-m", "shiftboard", "--data-dir", str(data_dir), "serve",
               "--host", "127.0.0.1", "--port", str(port), *args]
    log = open(data_dir.parent / f"serve-{port}.log", "w+")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + TIMEOUT
        while not answers(f"{base}/signin"):
            assert server.poll() is None, Path(log.name).read_text()
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
