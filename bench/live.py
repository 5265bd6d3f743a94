"""`make bench-live`: delivery latency of live comments to N websocket clients in one wijk room.

What it does, all on loopback and in a throw-away temp dir:

1. Creates a fresh SQLite database, runs `flask db upgrade` and `flask seed-demo`.
2. For every client count (200 and 1,000) and every scenario it starts fresh servers the
   production way, `gunicorn -w 1 --threads N 'app:create_app()'` (threading async mode,
   simple-websocket), rate limiting off. Each websocket holds a worker thread, so N is the
   clients per server + 100, and --worker-connections is raised to N + 100 (gunicorn's default
   of 1000 connections per worker would stop the worker accepting anything at 1,000 sockets):
   - "one server": one gunicorn process, every client on it;
   - "two + Redis": two gunicorn processes sharing REDIS_URL=redis://127.0.0.1:6379/15 and a
     unique SOCKETIO_CHANNEL, clients split evenly, comments posted to the first one.
3. Connects the clients (python-socketio AsyncClient, websocket transport only, like the
   browser) from a few client processes, each running its share in one asyncio loop, and
   joins every client to the room `wijk:waalwijk` with `emit("join", {"wijk": ...})`.
4. Reads the RSS of the gunicorn processes before and after the clients connected:
   memory per connection = growth / connections.
5. Posts comments over the HTTP API (`POST /api/v1/posts/<id>/comments` with a bearer token),
   spaced apart; the send time is taken just before the POST. Every client stamps each
   `comment_created` event it receives (by comment id); latency = receive - send, both
   `time.time()` on this one machine. p50/p95/p99 are over all deliveries; missing
   deliveries are counted.
6. Repeats that for --rounds rounds (3), fresh servers every time and the two scenarios
   interleaved, so that noise on a shared machine hits both alike; a table row is the median
   of its rounds (deliveries are added up).
7. Prints a table, PASS/MISS against p95 < 250 ms at 1,000 clients (and nothing missed),
   and writes bench/results/live-<timestamp>.json with every round.

Servers and client processes are always stopped (try/finally), every phase has a timeout,
and the whole run takes about three minutes.

    .venv/bin/python bench/live.py [--clients 200,1000] [--scenarios single,redis] [--rounds 3]
        [--comments 20] [--interval 0.2] [--client-procs 0] [--strict] [--keep]
"""
from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing as mp
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
from machine import machine_info as _machine_info  # bench/machine.py
from machine import write_results
from servers import (  # bench/servers.py
    BIN,
    ROOT,
    bench_env,
    child_pids,
    flask_cli,
    free_port,
    stop_server,
    wait_until_up,
)

WIJK_SLUG = "waalwijk"
EVENT = "comment_created"
SECRET_KEY = "bench-live-fixed-secret-key-not-for-production"
DEMO_LOGIN = ("anouk@wijkpagina.example", "wijkpagina-demo")   # demo.USERS "anouk", demo.DEMO_PASSWORD
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
TARGET_CLIENTS = 1000
TARGET_P95_MS = 250.0
SCENARIOS = {"single": "one server", "redis": "two + Redis"}
# Each connection holds a thread of the worker (threading mode); keep spares for the HTTP requests.
SPARE_THREADS = 100


def log(message: str) -> None:
    print(f"[bench-live] {message}", flush=True)


def raise_fd_limit() -> int:
    """Open files: every connection is a socket on both ends; children inherit the limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else 65536
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# --- setup -------------------------------------------------------------------

def redis_ok(url: str) -> str | None:
    """None when Redis answers PING, else why not."""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means: skip the Redis scenario
        return f"{type(exc).__name__}: {exc}"


# --- servers -----------------------------------------------------------------

def start_gunicorn(name: str, env: dict, logdir: Path, threads: int, worker_connections: int) -> dict:
    port = free_port()
    cmd = [str(BIN / "gunicorn"), "-w", "1", "--threads", str(threads),
           "--worker-connections", str(worker_connections), "-b", f"127.0.0.1:{port}",
           "--graceful-timeout", "3", "--log-level", "warning", "app:create_app()"]
    logfile = open(logdir / f"gunicorn-{name}-{port}.log", "w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env | {"BASE_URL": f"http://127.0.0.1:{port}"},
                            stdout=logfile, stderr=subprocess.STDOUT)
    return {"name": name, "proc": proc, "port": port, "log": logfile, "base": f"http://127.0.0.1:{port}",
            "cmd": " ".join(cmd[1:])}


def server_log_problems(path: Path) -> dict | None:
    """Tracebacks and errors a gunicorn log shows (kept in the results, so a failed row can be explained)."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return None
    flagged = [i for i, line in enumerate(lines) if "Traceback" in line or "ERROR" in line or "CRITICAL" in line]
    if not flagged:
        return None
    first = flagged[0]
    return {"tracebacks": sum("Traceback" in line for line in lines), "flagged_lines": len(flagged),
            "first": lines[max(0, first - 2):first + 40]}


def proc_status(pid: int) -> dict:
    """VmRSS (KiB) and thread count of one process."""
    out = {"rss_kib": 0, "threads": 0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out["rss_kib"] = int(line.split()[1])
            elif line.startswith("Threads:"):
                out["threads"] = int(line.split()[1])
    except OSError:
        pass
    return out


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def server_usage(servers: list[dict]) -> dict:
    """RSS of the gunicorn masters and their workers (children included), worker threads, worker CPU."""
    rss = threads = 0
    cpu = 0.0
    for server in servers:
        master = server["proc"].pid
        rss += proc_status(master)["rss_kib"]
        for pid in child_pids(master):
            status = proc_status(pid)
            rss += status["rss_kib"]
            threads += status["threads"]
            cpu += cpu_seconds(pid)
    return {"rss_kib": rss, "worker_threads": threads, "worker_cpu_s": round(cpu, 2)}


# --- clients (run in child processes) ------------------------------------------

def room_of(slug) -> dict:
    """What the clients join: a wijk's slug (this bench), or the join message itself (bench/spreekuur.py: a post)."""
    return slug if isinstance(slug, dict) else {"wijk": slug}


def client_process(index: int, urls: list[str], slug: str, conn, received, connect_concurrency: int,
                   connect_timeout: float) -> None:
    """Entry point of one client process: its share of the clients in one asyncio loop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when we stop
    try:
        asyncio.run(_run_clients(urls, slug, conn, received, connect_concurrency, connect_timeout))
    except Exception as exc:  # noqa: BLE001 - report anything to the parent rather than die silently
        try:
            conn.send(("error", f"client process {index}: {type(exc).__name__}: {exc}"))
        except OSError:
            pass


async def _run_clients(urls, slug, conn, received, connect_concurrency, connect_timeout) -> None:
    import socketio

    clients = []
    stamps: list[dict[int, float]] = []
    errors: dict[str, int] = {}
    gate = asyncio.Semaphore(connect_concurrency)

    def make(url: str):
        client = socketio.AsyncClient(reconnection=False)
        seen: dict[int, float] = {}

        def on_comment(data):
            now = time.time()
            if isinstance(data, dict) and data.get("id") not in seen:
                seen[data.get("id")] = now
                received.value += 1

        client.on(EVENT, on_comment)
        clients.append((client, url))
        stamps.append(seen)

    for url in urls:
        make(url)

    async def connect(client, url) -> float | None:
        async with gate:
            started = time.perf_counter()
            try:
                await client.connect(url, transports=["websocket"], wait_timeout=connect_timeout)
                reply = await client.call("join", room_of(slug), timeout=connect_timeout)
                if not (isinstance(reply, dict) and reply.get("ok")):
                    raise RuntimeError(f"join refused: {reply!r}")
                return time.perf_counter() - started
            except Exception as exc:  # noqa: BLE001 - counted and reported
                key = f"{type(exc).__name__}: {exc}"[:160]
                errors[key] = errors.get(key, 0) + 1
                return None

    started = time.perf_counter()
    durations = await asyncio.gather(*(connect(c, u) for c, u in clients))
    joined = [d for d in durations if d is not None]
    conn.send(("ready", {"clients": len(clients), "joined": len(joined), "errors": errors,
                         "connect_wall_s": round(time.perf_counter() - started, 2),
                         "connect_s": sorted(round(d, 4) for d in joined)}))

    while not conn.poll():
        await asyncio.sleep(0.05)
    conn.recv()   # "stop"
    disconnected_early = sum(1 for c, _ in clients if not c.connected)
    conn.send(("done", {"stamps": [{str(k): v for k, v in s.items()} for s in stamps],
                        "joined_flags": [d is not None for d in durations],
                        "disconnected_before_stop": disconnected_early - (len(clients) - len(joined))}))

    async def close(client):
        try:
            await asyncio.wait_for(client.disconnect(), 10)
        except Exception:  # noqa: BLE001 - the process ends anyway
            pass
        http = getattr(client.eio, "http", None)   # each client's own aiohttp session, if still open
        if http is not None and not http.closed:
            await http.close()

    await asyncio.wait_for(asyncio.gather(*(close(c) for c, _ in clients)), 25)


# --- one measurement ----------------------------------------------------------

def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(q / 100 * len(sorted_values)) - 1)]


def warm_up(servers: list[dict], slug: str) -> None:
    """One socket connection and join per server, so lazy imports are not counted as per-connection memory."""
    import socketio

    for server in servers:
        client = socketio.Client(reconnection=False)
        client.connect(server["base"], transports=["websocket"], wait_timeout=10)
        if not client.call("join", room_of(slug), timeout=10).get("ok"):
            raise RuntimeError(f"warm-up join refused on {server['base']}")
        client.disconnect()


def post_comment(base: str, post_id: int, headers: dict, body: str, path: str | None = None
                 ) -> tuple[float, float, int]:
    """POST one comment (or, with `path`, one message of a spreekuur: bench/spreekuur.py); its id is the comment's."""
    sent = time.time()
    response = requests.post(base + (path or f"/api/v1/posts/{post_id}/comments"), json={"body": body},
                             headers=headers, timeout=10)
    done = time.time()
    if response.status_code != 201:
        raise RuntimeError(f"POST comment answered {response.status_code}: {response.text[:200]}")
    return sent, done, response.json()["id"]


def measure(scenario: str, n_clients: int, args, env: dict, tmp: Path, setup: dict) -> dict:
    """Start the servers, connect n_clients, post the comments, collect and compute; always clean up."""
    n_servers = 2 if scenario == "redis" else 1
    per_server = math.ceil(n_clients / n_servers)
    threads = args.threads or per_server + SPARE_THREADS
    worker_connections = args.worker_connections or threads + SPARE_THREADS
    server_env = dict(env)
    if scenario == "redis":
        server_env |= {"REDIS_URL": REDIS_URL, "SOCKETIO_CHANNEL": f"wijkpagina-bench-live-{uuid.uuid4().hex[:10]}"}
    procs_n = args.client_procs or min(4, math.ceil(n_clients / 250))
    result: dict = {"scenario": scenario, "label": SCENARIOS[scenario], "clients": n_clients,
                    "servers": n_servers, "gunicorn_threads": threads, "worker_connections": worker_connections,
                    "client_procs": procs_n, "comments": args.comments, "interval_s": args.interval}
    servers: list[dict] = []
    workers: list[tuple] = []
    ctx = mp.get_context("spawn")
    started = time.monotonic()
    try:
        for i in range(n_servers):
            servers.append(start_gunicorn(f"{scenario}{n_clients}-{'ab'[i]}", server_env, tmp, threads,
                                          worker_connections))
        for server in servers:
            wait_until_up(server, "/api/v1/wijken")
        result["gunicorn_cmd"] = [s["cmd"] for s in servers]
        headers = {"Authorization": f"Bearer {setup['token']}"}
        warm_up(servers, setup["slug"])
        post_comment(servers[0]["base"], setup["post_id"], headers, "Bench-live opwarmen (telt niet mee).",
                     setup.get("path"))
        time.sleep(0.5)
        before = server_usage(servers)

        # Client i goes to server i % n_servers; process p gets every procs_n-th client.
        connect_started = time.monotonic()
        urls = [servers[i % n_servers]["base"] for i in range(n_clients)]
        for p in range(procs_n):
            parent_end, child_end = ctx.Pipe()
            counter = ctx.RawValue("i", 0)
            proc = ctx.Process(target=client_process, daemon=True,
                               args=(p, urls[p::procs_n], setup["slug"], child_end, counter,
                                     args.connect_concurrency, args.connect_timeout))
            proc.start()
            workers.append((proc, parent_end, counter))

        ready = {}
        deadline = time.monotonic() + args.connect_budget
        for p, (_proc, pipe, _) in enumerate(workers):
            if not pipe.poll(max(0.0, deadline - time.monotonic())):
                raise RuntimeError(f"client process {p} not connected within {args.connect_budget:.0f}s")
            kind, payload = pipe.recv()
            if kind != "ready":
                raise RuntimeError(payload)
            ready[p] = payload
        joined = sum(r["joined"] for r in ready.values())
        errors: dict[str, int] = {}
        for r in ready.values():
            for key, count in r["errors"].items():
                errors[key] = errors.get(key, 0) + count
        connect_all = sorted(d for r in ready.values() for d in r["connect_s"])
        result["connect"] = {
            "joined": joined, "failed": n_clients - joined, "errors": errors,
            "wall_s": round(time.monotonic() - connect_started, 1),
            "per_client_p50_ms": round(1000 * (percentile(connect_all, 50) or 0), 1),
            "per_client_p95_ms": round(1000 * (percentile(connect_all, 95) or 0), 1),
        }
        log(f"  {joined}/{n_clients} clients joined ({result['connect']['wall_s']}s)"
            + (f"; failures: {errors}" if errors else ""))
        if joined == 0:
            raise RuntimeError("no client could connect")
        time.sleep(1.0)
        after = server_usage(servers)
        result["memory"] = {
            "rss_before_kib": before["rss_kib"], "rss_after_kib": after["rss_kib"],
            "per_connection_kib": round((after["rss_kib"] - before["rss_kib"]) / joined, 1),
            "worker_threads_before": before["worker_threads"], "worker_threads_after": after["worker_threads"],
            "threads_per_connection": round((after["worker_threads"] - before["worker_threads"]) / joined, 2),
        }

        sends: dict[int, float] = {}
        post_ms = []
        cpu_before = server_usage(servers)["worker_cpu_s"]
        client_cpu_before = sum(cpu_seconds(proc.pid) for proc, _, _ in workers)
        posting_started = time.monotonic()
        for i in range(args.comments):
            sent, done, comment_id = post_comment(
                servers[0]["base"], setup["post_id"], headers,
                f"Bench-live reactie {i + 1} van {args.comments}: wie komt er zaterdag helpen?", setup.get("path"))
            sends[comment_id] = sent
            post_ms.append((done - sent) * 1000)
            time.sleep(max(0.0, args.interval - (time.time() - sent)))
        expected = joined * len(sends)
        drain_deadline = time.monotonic() + args.drain
        while time.monotonic() < drain_deadline and sum(c.value for _, _, c in workers) < expected:
            time.sleep(0.05)
        result["while_posting"] = {
            "wall_s": round(time.monotonic() - posting_started, 2),
            "server_worker_cpu_s": round(server_usage(servers)["worker_cpu_s"] - cpu_before, 2),
            "client_procs_cpu_s": round(sum(cpu_seconds(proc.pid) for proc, _, _ in workers) - client_cpu_before, 2),
        }

        latencies: list[float] = []
        per_comment_last: list[float] = []
        stray = early_disconnects = 0
        last_by_comment: dict[int, float] = {}
        for p, (_proc, pipe, _) in enumerate(workers):
            pipe.send("stop")
            if not pipe.poll(30):
                raise RuntimeError(f"client process {p} did not report its deliveries")
            kind, payload = pipe.recv()
            if kind != "done":
                raise RuntimeError(payload)
            early_disconnects += payload["disconnected_before_stop"]
            for stamps, ok in zip(payload["stamps"], payload["joined_flags"], strict=True):
                if not ok:
                    continue
                for key, received_at in stamps.items():
                    cid = int(key)
                    if cid not in sends:
                        stray += 1    # e.g. the warm-up comment, if a client joined before it
                        continue
                    ms = (received_at - sends[cid]) * 1000
                    latencies.append(ms)
                    last_by_comment[cid] = max(last_by_comment.get(cid, 0.0), ms)
        per_comment_last = sorted(last_by_comment.values())
        latencies.sort()
        result["delivery"] = {
            "expected": expected, "delivered": len(latencies), "missed": expected - len(latencies),
            "p50_ms": _r(percentile(latencies, 50)), "p95_ms": _r(percentile(latencies, 95)),
            "p99_ms": _r(percentile(latencies, 99)), "max_ms": _r(latencies[-1] if latencies else None),
            "min_ms": _r(latencies[0] if latencies else None),
            "fanout_complete_p50_ms": _r(percentile(per_comment_last, 50)),
            "fanout_complete_max_ms": _r(per_comment_last[-1] if per_comment_last else None),
            "stray_events": stray, "clients_disconnected_before_stop": early_disconnects,
        }
        post_ms.sort()
        result["post_ms"] = {"p50": _r(percentile(post_ms, 50)), "max": _r(post_ms[-1])}
    except Exception as exc:  # noqa: BLE001 - one failed row must not lose the others
        result["error"] = f"{type(exc).__name__}: {exc}"
        log(f"  FAILED: {result['error']}")
    finally:
        result["servers_alive_at_end"] = all(s["proc"].poll() is None for s in servers)
        for _proc, pipe, _ in workers:
            try:
                pipe.send("stop")   # harmless when already stopped; lets a process still connecting finish
            except OSError:
                pass
        deadline = time.monotonic() + 35
        for proc, pipe, _ in workers:
            proc.join(timeout=max(0.1, deadline - time.monotonic()))
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
            pipe.close()
        for server in servers:
            stop_server(server)
            problems = server_log_problems(Path(server["log"].name))
            if problems:
                result.setdefault("server_log_problems", {})[server["name"]] = problems
                log(f"  {server['name']}: {problems['tracebacks']} traceback(s) in {server['log'].name}")
        result["elapsed_s"] = round(time.monotonic() - started, 1)
    return result


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# --- machine -----------------------------------------------------------------

def machine_info() -> dict:
    return _machine_info({"redis_server": ["redis-server", "--version"]},
                         packages=("gunicorn", "flask-socketio", "python-socketio", "python-engineio",
                                   "simple-websocket", "aiohttp", "redis"))


# --- main --------------------------------------------------------------------

def fmt(value, spec=".0f") -> str:
    return "-" if value is None else format(value, spec)


def summarise(n_clients: int, scenario: str, runs: list[dict]) -> dict:
    """One table row from the rounds of one setup: medians of the rounds, deliveries added up."""
    ok = [r for r in runs if r.get("delivery") and "error" not in r]
    row = {"clients": n_clients, "scenario": scenario, "label": SCENARIOS[scenario], "rounds": len(runs),
           "rounds_ok": len(ok), "errors": [r["error"] for r in runs if "error" in r]}
    if any("skipped" in r for r in runs):
        row["skipped"] = runs[0]["skipped"]
        return row

    def med(get):
        values = [v for v in (get(r) for r in ok) if v is not None]
        return _r(statistics.median(values)) if values else None

    row |= {
        "p50_ms": med(lambda r: r["delivery"]["p50_ms"]),
        "p95_ms": med(lambda r: r["delivery"]["p95_ms"]),
        "p99_ms": med(lambda r: r["delivery"]["p99_ms"]),
        "p95_ms_rounds": [r["delivery"]["p95_ms"] for r in ok],
        "max_ms": max((r["delivery"]["max_ms"] for r in ok), default=None),
        "delivered": sum(r["delivery"]["delivered"] for r in ok),
        "expected": sum(r["delivery"]["expected"] for r in ok),
        "kib_per_connection": med(lambda r: r["memory"]["per_connection_kib"]),
        "threads_per_connection": med(lambda r: r["memory"]["threads_per_connection"]),
        "connect_wall_s": med(lambda r: r["connect"]["wall_s"]),
        "post_ms_p50": med(lambda r: r["post_ms"]["p50"]),
    }
    return row


def print_table(rows: list[dict]) -> None:
    print()
    print(f"{'clients':>7}  {'setup':<13}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}  {'p95 per round':<20}"
          f"{'delivered/expected':>20}{'KiB/conn':>10}{'thr/conn':>9}{'POST ms':>9}")
    for row in rows:
        got = f"{row['delivered']}/{row['expected']}" if "expected" in row else "-"
        rounds = " / ".join(fmt(v) for v in row.get("p95_ms_rounds", [])) or "-"
        line = (f"{row['clients']:>7}  {row['label']:<13}{fmt(row.get('p50_ms')):>8}{fmt(row.get('p95_ms')):>8}"
                f"{fmt(row.get('p99_ms')):>8}{fmt(row.get('max_ms')):>8}  {rounds:<20}{got:>20}"
                f"{fmt(row.get('kib_per_connection')):>10}{fmt(row.get('threads_per_connection'), '.1f'):>9}"
                f"{fmt(row.get('post_ms_p50')):>9}")
        if row.get("errors"):
            line += f"  {len(row['errors'])} round(s) failed: {row['errors'][0][:70]}"
        if "skipped" in row:
            line += f"  SKIPPED {row['skipped'][:80]}"
        print(line)
    print("(p50/p95/p99: median over the rounds; max: over all rounds; POST ms: median time of the comment POST)")
    print()


def verdict(row: dict) -> str:
    good = (not row.get("errors") and row.get("rounds_ok") and row.get("p95_ms") is not None
            and row["p95_ms"] < TARGET_P95_MS and row["delivered"] == row["expected"])
    return "PASS" if good else "MISS"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", default="200,1000", help="client counts, comma-separated (200,1000)")
    parser.add_argument("--scenarios", default="single,redis", help="single and/or redis (single,redis)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds, fresh servers each, setups interleaved; the median counts (3)")
    parser.add_argument("--comments", type=int, default=20, help="comments posted per measurement (20)")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between comment POSTs (0.2)")
    parser.add_argument("--client-procs", type=int, default=0,
                        help="client processes (0: one per 250 clients, at most 4)")
    parser.add_argument("--threads", type=int, default=0,
                        help=f"gunicorn --threads (0: clients per server + {SPARE_THREADS})")
    parser.add_argument("--worker-connections", type=int, default=0,
                        help=f"gunicorn --worker-connections (0: threads + {SPARE_THREADS})")
    parser.add_argument("--connect-concurrency", type=int, default=25,
                        help="connects in flight per client process (25)")
    parser.add_argument("--connect-timeout", type=float, default=20, help="seconds per connect and join (20)")
    parser.add_argument("--connect-budget", type=float, default=90, help="seconds for all clients to join (90)")
    parser.add_argument("--drain", type=float, default=15, help="seconds to wait for the last deliveries (15)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, gunicorn logs)")
    args = parser.parse_args()

    counts = [int(x) for x in args.clients.split(",") if x.strip()]
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    if unknown := set(scenarios) - set(SCENARIOS):
        raise SystemExit(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    if not (BIN / "gunicorn").exists():
        raise SystemExit(f"gunicorn is not installed in {BIN} (pip install -e '.[prod]')")
    try:
        import aiohttp  # noqa: F401 - python-socketio's AsyncClient needs it
    except ImportError:
        raise SystemExit("aiohttp is not installed: pip install 'python-socketio[asyncio_client]'") from None

    # A SIGTERM (say, from a CI timeout) unwinds through the finally blocks, which stop every process.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    fd_limit = raise_fd_limit()
    machine = machine_info()
    tmp = Path(tempfile.mkdtemp(prefix="wijkpagina-bench-live-"))
    db_url = f"sqlite:///{tmp / 'bench.db'}"
    env = bench_env(db_url, SECRET_KEY)
    redis_problem = redis_ok(REDIS_URL) if "redis" in scenarios else None
    runs: dict[tuple[int, str], list[dict]] = {(n, s): [] for n in counts for s in scenarios}
    setup: dict = {}
    setup_server = None
    try:
        log(f"database {db_url}; open-files limit {fd_limit}")
        flask_cli(env, "db", "upgrade")
        flask_cli(env, "seed-demo")
        # Token and post id through the API of a short-lived server on the same database.
        setup_server = start_gunicorn("setup", env, tmp, 4, 100)
        wait_until_up(setup_server, "/api/v1/wijken")
        base = setup_server["base"]
        response = requests.post(base + "/api/v1/tokens", json={"email": DEMO_LOGIN[0], "password": DEMO_LOGIN[1]},
                                 timeout=10)
        if response.status_code != 201:
            raise SystemExit(f"POST /api/v1/tokens answered {response.status_code}: {response.text[:200]}")
        posts = requests.get(f"{base}/api/v1/wijken/{WIJK_SLUG}/posts", timeout=10).json()["items"]
        if not posts:
            raise SystemExit(f"the demo wijk {WIJK_SLUG} has no posts")
        setup = {"token": response.json()["token"], "post_id": posts[0]["id"], "slug": WIJK_SLUG}
        stop_server(setup_server)
        setup_server = None
        log(f"room wijk:{WIJK_SLUG}; comments on post {setup['post_id']} as {DEMO_LOGIN[0]}")

        for n in counts:
            for round_no in range(1, args.rounds + 1):
                for scenario in scenarios:
                    if scenario == "redis" and redis_problem:
                        if round_no == 1:
                            log(f"{n} clients, {SCENARIOS[scenario]}: SKIPPED, Redis at {REDIS_URL}: "
                                f"{redis_problem}")
                        runs[(n, scenario)].append({"skipped": f"Redis not reachable at {REDIS_URL}: "
                                                               f"{redis_problem}"})
                        continue
                    log(f"{n} clients, {SCENARIOS[scenario]}, round {round_no}/{args.rounds}")
                    run = measure(scenario, n, args, env, tmp, setup)
                    run["round"] = round_no
                    if d := run.get("delivery"):
                        log(f"  p50 {d['p50_ms']} ms, p95 {d['p95_ms']} ms, p99 {d['p99_ms']} ms, "
                            f"{d['delivered']}/{d['expected']} delivered, "
                            f"{run['memory']['per_connection_kib']} KiB/connection, POST {run['post_ms']['p50']} ms")
                    runs[(n, scenario)].append(run)
    finally:
        if setup_server:
            stop_server(setup_server)
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    rows = [summarise(n, scenario, rs) for (n, scenario), rs in runs.items()]
    print_table(rows)
    verdicts = {}
    for row in rows:
        if row["clients"] == TARGET_CLIENTS and "skipped" not in row:
            verdicts[row["scenario"]] = verdict(row)
            print(f"{verdicts[row['scenario']]}: {TARGET_CLIENTS} clients, {row['label']}: p95 "
                  f"{fmt(row.get('p95_ms'), '.1f')} ms (median of {row['rounds_ok']} round(s); target < "
                  f"{TARGET_P95_MS:.0f} ms), delivered {row.get('delivered', 0)}/{row.get('expected', '-')}")
    if not verdicts:
        print(f"(no {TARGET_CLIENTS}-client measurement ran: no verdict)")

    write_results("live", {
        "machine": machine | {"loadavg_after": os.getloadavg(), "open_files_limit": fd_limit},
        "setup": {"database": "SQLite (temp file)", "async_mode": "threading (simple-websocket)",
                  "ratelimit": False, "redis_url": REDIS_URL, "room": f"wijk:{WIJK_SLUG}",
                  "post_id": setup.get("post_id"), "rounds": args.rounds,
                  "client": "python-socketio AsyncClient (aiohttp), websocket transport"},
        "target": {"clients": TARGET_CLIENTS, "p95_ms_below": TARGET_P95_MS, "missed": 0},
        "rows": rows,
        "runs": [run for rs in runs.values() for run in rs],
        "verdicts": verdicts,
    }, started)
    return 1 if args.strict and "MISS" in verdicts.values() else 0


if __name__ == "__main__":
    sys.exit(main())
