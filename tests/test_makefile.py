"""The Makefile: a second `make run` does not reinstall what is already installed."""
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path):
    """The Makefile and pyproject.toml in a scratch dir, with a venv whose pip and pybabel only log calls."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("pip", "pybabel", "python"):
        (bin_dir / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> "{tmp_path}/calls"\n')
        (bin_dir / tool).chmod(0o755)
    (tmp_path / "translations" / "nl" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "translations" / "nl" / "LC_MESSAGES" / "messages.po").write_text("")
    return tmp_path


def _install(project: Path) -> list[str]:
    calls = project / "calls"
    calls.unlink(missing_ok=True)
    subprocess.run(["make", "-s", "install"], cwd=project, check=True, capture_output=True,
                   env={k: v for k, v in os.environ.items() if not k.startswith("MAKE")})
    return calls.read_text().splitlines() if calls.exists() else []


def test_install_runs_pip_only_when_pyproject_changed(project):
    assert any(c.startswith("pip install") for c in _install(project))
    assert not any(c.startswith("pip") for c in _install(project))  # the second `make run`
    later = time.time() + 5
    os.utime(project / "pyproject.toml", (later, later))
    assert any(c.startswith("pip install") for c in _install(project))
