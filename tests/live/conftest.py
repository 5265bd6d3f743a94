"""Real server processes (gunicorn, as in production) and real Socket.IO clients."""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
import socketio

from tests.conftest import unused_totp_code
from tests.conversations.conftest import clock, hold  # noqa: F401  (the spreekuur's fixtures, for its live tests)
from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def start_server(app, tmp_path):
    """Start `gunicorn app:create_app()` processes on this test's database; returns their base URLs."""
    processes = []
    channel = f"wp-test-{uuid.uuid4().hex[:8]}"

    def start(redis_url: str | None = None, **settings: str) -> str:
        port = free_port()
        env = os.environ | {
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "live-test",
            "RATELIMIT_ENABLED": "0", "SOCKETIO_CHANNEL": channel, "BASE_URL": f"http://127.0.0.1:{port}",
        } | settings
        env.pop("REDIS_URL", None)
        if redis_url:
            env["REDIS_URL"] = redis_url
        log = (tmp_path / f"server-{port}.log").open("w")
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-w", "1", "--threads", "16",
             "-b", f"127.0.0.1:{port}", "--graceful-timeout", "2", "app:create_app()"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        processes.append((process, log))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/api/v1/wijken", timeout=2).status_code == 200:
                    return base
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"server on {base} did not start: {(tmp_path / f'server-{port}.log').read_text()}")

    yield start
    for process, log in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class Listener:
    """A python-socketio client that records every event it receives."""

    def __init__(self, base: str):
        self.base = base
        self.events: list[tuple[str, dict]] = []
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", lambda name, data: self.events.append((name, data)))

    def connect(self, **rooms) -> "Listener":
        self.client.connect(self.base, transports=["websocket"], wait_timeout=10)
        for key, value in rooms.items():
            assert self.client.call("join", {key: value}, timeout=5)["ok"], (key, value)
        return self

    def wait_for(self, name: str, count: int = 1, timeout: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [data for event, data in self.events if event == name]
            if len(found) >= count:
                return found
            time.sleep(0.02)
        return [data for event, data in self.events if event == name]

    def close(self):
        if self.client.connected:
            self.client.disconnect()


@pytest.fixture
def listener():
    made = []

    def make(base: str) -> Listener:
        made.append(Listener(base))
        return made[-1]

    yield make
    for item in made:
        item.close()


def bearer(base: str, user) -> dict:
    credentials = {"email": user.email, "password": "correct horse battery"}
    if user.two_factor_enabled:
        credentials["otp"] = unused_totp_code(user)
    response = requests.post(base + "/api/v1/tokens", json=credentials, timeout=5)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
