"""Configuration from the environment."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import _base_url

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "http://127.0.0.1:5000"),
    ({"PORT": "5055"}, "http://127.0.0.1:5055"),
    ({"HOST": "192.168.1.20", "PORT": "8080"}, "http://192.168.1.20:8080"),
    ({"HOST": "0.0.0.0", "PORT": "5055"}, "http://127.0.0.1:5055"),
    ({"HOST": "::1", "PORT": "5055"}, "http://[::1]:5055"),
    ({"BASE_URL": "https://wijkpagina.example/", "PORT": "5055"}, "https://wijkpagina.example"),
])
def test_base_url_follows_host_and_port_unless_set(environ, expected):
    assert _base_url(environ) == expected


def test_make_run_on_another_port_links_to_that_port():
    """`make run PORT=5055`: the recipes see HOST and PORT, and the app's absolute links use them."""
    env = {k: v for k, v in os.environ.items() if k not in ("BASE_URL", "HOST", "PORT")}
    printed = subprocess.run(
        ["make", "--no-print-directory", "-s", "-f", "-", "show", "PORT=5055"], cwd=ROOT, check=True,
        capture_output=True, text=True, env=env,
        input=Path(ROOT / "Makefile").read_text()
        + f"\nshow:\n\t{sys.executable} -c 'from core.config import Config; print(Config.BASE_URL)'\n").stdout
    assert printed.strip() == "http://127.0.0.1:5055"
