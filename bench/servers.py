"""The flask commands and gunicorn servers of a benchmark, on loopback (shared by bench/*.py)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "gunicorn").exists() else Path(sys.executable).parent


def bench_env(db_url: str, secret_key: str) -> dict[str, str]:
    """The environment of every child: the temp database, a fixed key, no limiter, no debug.

    Self-contained and production-like: no debug/reloader, no Redis or Socket.IO settings from the caller's
    shell, no https BASE_URL (that would make cookies Secure)."""
    env = dict(os.environ)
    for name in ("FLASK_DEBUG", "FLASK_ENV", "FLASK_RUN_RELOAD", "REDIS_URL", "BASE_URL", "SOCKETIO_CHANNEL",
                 "SOCKETIO_ORIGINS"):
        env.pop(name, None)
    env.update(DATABASE_URL=db_url, SECRET_KEY=secret_key, RATELIMIT_ENABLED="0", PYTHONDONTWRITEBYTECODE="1")
    return env


def flask_cli(env: dict, *args: str) -> str:
    cmd = [str(BIN / "flask"), "--app", "app", *args]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        raise SystemExit(f"`{' '.join(cmd[1:])}` failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(server: dict, path: str, timeout: float = 40.0) -> None:
    """Return once `path` answers with any HTTP status (checked later); RuntimeError if the server exits or stays
    silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server["proc"].poll() is not None:
            raise RuntimeError(f"gunicorn {server['name']} exited; see {server['log'].name}")
        try:
            with urllib.request.urlopen(server["base"] + path, timeout=2) as resp:
                resp.read()
                return
        except urllib.error.HTTPError:
            return
        except (TimeoutError, urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn {server['name']} did not answer within {timeout:.0f}s")


def child_pids(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def stop_server(server: dict) -> None:
    """SIGTERM to the master (it stops its workers); after 10 s, SIGKILL to the workers and the master."""
    proc = server["proc"]
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            for pid in child_pids(proc.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            proc.kill()
            proc.wait(timeout=5)
    server["log"].close()
