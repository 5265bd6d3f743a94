"""What machine a benchmark ran on, recorded with its figures (shared by bench/*.py)."""
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def command_output(cmd: list[str]) -> str | None:
    """The first line a command prints (its version, say), or None."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=10, cwd=ROOT)
        return (done.stdout or done.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return None


def _installed(name: str) -> str | None:
    try:
        return package_version(name)
    except PackageNotFoundError:
        return None


def machine_info(commands: dict[str, list[str]], packages: tuple[str, ...] = ()) -> dict:
    """CPU, load, Python, the git commit, plus the given commands' versions and installed packages."""
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    info = {
        "cpus": os.cpu_count(), "cpu_model": cpu, "loadavg_before": os.getloadavg(),
        "platform": platform.platform(), "python": platform.python_version(),
        "git_commit": command_output(["git", "rev-parse", "--short", "HEAD"]),
        "git_dirty": bool(command_output(["git", "status", "--porcelain"])),
    }
    info |= {name: command_output(cmd) for name, cmd in commands.items()}
    if packages:
        info["packages"] = {name: _installed(name) for name in packages}
    return info


def write_results(kind: str, result: dict, started: float) -> None:
    """Write bench/results/<kind>-<UTC time>.json: when and how `make bench-<kind>` ran, `result`, and how long
    it took (since the monotonic `started`)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    out = results / f"{kind}-{stamp}.json"
    result = {"timestamp_utc": stamp,
              "command": " ".join([f".venv/bin/python bench/{kind}.py", *sys.argv[1:]]) + f"  (make bench-{kind})",
              **result, "elapsed_s": round(time.monotonic() - started, 1)}
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nWrote {out.relative_to(ROOT)} ({result['elapsed_s']:.0f}s in all)")
