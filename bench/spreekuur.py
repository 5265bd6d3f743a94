"""`make bench-spreekuur`: the spreekuur's two performance targets (issue 22), each against a baseline measured in
the same run (the machine is shared: ratios mean more than absolute numbers).

1. **Delivery.** N sockets (300) in a spreekuur's room (`post:<id>`), messages posted at 5 a second
   (`POST /api/v1/spreekuren/<id>/messages`): p95 from the POST to each socket's `comment_created`, target
   < 250 ms, nothing missed. Baseline: the same sockets in the room of an ordinary post of the same wijk, plain
   comments at the same rate (`POST /api/v1/posts/<id>/comments`). The spreekuur's extra work per message (its
   window, slow mode and mute checks under the wijk's lock, the entry row, the `entry_updated` event) shows as the
   ratio of the two p95s. Servers, clients and rounds are bench/live.py's (gunicorn as in production, python-socketio
   AsyncClients in child processes, fresh servers per measurement, kinds interleaved, the median of the rounds).
   The demo's live spreekuur with the wethouder is used, its slow mode set to 0 (one poster writes 5 a second).
2. **Transcript.** `GET /spreekuur/<id>` with 2,000 messages, in the app itself (Flask's test client on the same
   database): the number of SQL statements (must equal the count with 20 messages: constant queries) and the
   render time, against the same page with 20 messages.

    .venv/bin/python bench/spreekuur.py [--clients 300] [--scenarios single,redis] [--rounds 3] [--messages 20]
        [--interval 0.2] [--transcript 2000] [--skip-delivery] [--keep]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import live  # bench/live.py
import requests
from machine import write_results
from servers import ROOT, bench_env, flask_cli, stop_server, wait_until_up

TARGET_CLIENTS = 300
TARGET_P95_MS = 250.0
KINDS = {"comment": "comments on a post (baseline)", "spreekuur": "spreekuur messages"}


def log(message: str) -> None:
    print(f"[bench-spreekuur] {message}", flush=True)


def find_setups(base: str, db_path: Path) -> dict[str, dict]:
    """A token, the demo's live spreekuur (slow mode off) and an ordinary post of the same wijk."""
    token = requests.post(base + "/api/v1/tokens", timeout=10, json={
        "email": live.DEMO_LOGIN[0], "password": live.DEMO_LOGIN[1]}).json()["token"]
    posts = requests.get(f"{base}/api/v1/wijken/{live.WIJK_SLUG}/posts?limit=100", timeout=10).json()["items"]
    ordinary = next(p for p in posts if p["kind"] == "bericht")
    conversation_id = None
    for post in (p for p in posts if p["kind"] == "spreekuur"):
        found = re.search(r"/spreekuur/(\d+)", post["body"])
        shown = requests.get(f"{base}/api/v1/spreekuren/{found.group(1)}", timeout=10).json()
        if shown["state"] == "live":
            conversation_id, spreekuur_post = shown["id"], shown["post_id"]
    if conversation_id is None:
        raise SystemExit("the demo has no live spreekuur")
    with sqlite3.connect(db_path) as connection:  # one poster at 5 a second: slow mode off for the bench
        connection.execute("UPDATE conversation SET slow_mode_seconds = 0 WHERE id = ?", (conversation_id,))
    return {
        "comment": {"token": token, "post_id": ordinary["id"], "slug": {"post": ordinary["id"]}},
        "spreekuur": {"token": token, "post_id": spreekuur_post, "slug": {"post": spreekuur_post},
                      "path": f"/api/v1/spreekuren/{conversation_id}/messages", "conversation_id": conversation_id},
    }


def delivery(args, env: dict, tmp: Path, setups: dict) -> tuple[list[dict], list[dict]]:
    runs: dict[tuple[str, str], list[dict]] = {(k, s): [] for s in args.scenarios for k in KINDS}
    for round_no in range(1, args.rounds + 1):
        for scenario in args.scenarios:
            for kind in KINDS:  # interleaved: noise on the machine hits both alike
                log(f"{args.clients} sockets, {KINDS[kind]}, {live.SCENARIOS[scenario]}, round {round_no}")
                run = live.measure(scenario, args.clients, args, env, tmp, setups[kind])
                if d := run.get("delivery"):
                    log(f"  p50 {d['p50_ms']} ms, p95 {d['p95_ms']} ms, {d['delivered']}/{d['expected']} delivered")
                runs[(kind, scenario)].append(run | {"kind": kind, "round": round_no})
    rows = []
    for (kind, scenario), rs in runs.items():
        row = live.summarise(args.clients, scenario, rs) | {"kind": kind, "kind_label": KINDS[kind]}
        rows.append(row)
    for scenario in args.scenarios:
        base, message = (next(r for r in rows if r["kind"] == k and r["scenario"] == scenario) for k in KINDS)
        if base.get("p95_ms") and message.get("p95_ms"):
            message["p95_ratio_to_comments"] = round(message["p95_ms"] / base["p95_ms"], 2)
    return rows, [run for rs in runs.values() for run in rs]


def transcript(db_url: str, messages: int) -> dict:
    """The transcript page at 20 and at `messages` messages, in the app: statements and render time."""
    os.environ["DATABASE_URL"] = db_url
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import event, func, insert, select

    from accounts.models import User
    from app import create_app
    from conversations.models import Conversation, Entry
    from core.extensions import db
    from core.timeutil import utcnow
    from wijken.models import Comment

    app = create_app({"RATELIMIT_ENABLED": False, "TESTING": True})
    with app.app_context():
        conversation = db.session.scalar(select(Conversation).where(Conversation.kind == "spreekuur")
                                         .order_by(Conversation.id.desc()))
        people = db.session.scalars(select(User.id).where(User.is_service.is_(False)).order_by(User.id)).all()
        post_id, conversation_id = conversation.post_id, conversation.id

        def add(n: int) -> None:
            """`n` messages more, as rows (the page only reads them; the services' path is part 1)."""
            now = utcnow()
            start = db.session.scalar(select(func.count()).select_from(Entry)
                                      .where(Entry.conversation_id == conversation_id))
            for i in range(start, start + n):
                author = people[i % len(people)]
                body = f"Vraag {i}: wanneer komt er meer groen in de straat?"
                comment_id = db.session.execute(insert(Comment).values(
                    post_id=post_id, author_id=author, body=body, body_html=f"<p>{body}</p>", status="published",
                    created_at=now, seq=0)).inserted_primary_key[0]
                db.session.execute(insert(Entry).values(
                    comment_id=comment_id, conversation_id=conversation_id, user_id=author, kind="question",
                    votes=i % 7, created_at=now))
            db.session.commit()

        def measure_page(rounds: int = 5) -> dict:
            client = app.test_client()
            path = f"/spreekuur/{conversation_id}"
            client.get(path)  # warm
            statements: list[str] = []

            def record(conn, cursor, statement, *rest):
                statements.append(statement)
            event.listen(db.engine, "before_cursor_execute", record)
            try:
                assert client.get(path).status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", record)
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            return {"statements": len(statements), "sql": [s[:160] for s in statements],
                    "ms_median": round(statistics.median(times), 1), "bytes": len(response.data)}

        have = db.session.scalar(select(func.count()).select_from(Entry).where(
            Entry.conversation_id == conversation_id))
        add(max(0, 20 - have))
        small = measure_page()
        add(messages - 20)
        large = measure_page()
    return {"messages_small": 20, "messages_large": messages, "small": small, "large": large,
            "constant_queries": small["statements"] == large["statements"],
            "time_ratio": round(large["ms_median"] / small["ms_median"], 1) if small["ms_median"] else None,
            "ms_per_message": round((large["ms_median"] - small["ms_median"]) / (messages - 20), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=TARGET_CLIENTS, help="sockets in the room (300)")
    parser.add_argument("--scenarios", default="single,redis", help="single and/or redis (single,redis)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the median counts (3)")
    parser.add_argument("--messages", dest="comments", type=int, default=20, help="messages per measurement (20)")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between messages (0.2: 5 a second)")
    parser.add_argument("--transcript", type=int, default=2000, help="messages in the transcript (2000)")
    parser.add_argument("--skip-delivery", action="store_true", help="only the transcript")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args()
    args.scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    # bench/live.py's knobs, at its defaults
    args.client_procs, args.threads, args.worker_connections = 0, 0, 0
    args.connect_concurrency, args.connect_timeout, args.connect_budget, args.drain = 25, 20, 90, 15

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    fd_limit = live.raise_fd_limit()
    tmp = Path(tempfile.mkdtemp(prefix="wijkpagina-bench-spreekuur-"))
    db_path = tmp / "bench.db"
    db_url = f"sqlite:///{db_path}"
    env = bench_env(db_url, live.SECRET_KEY)
    rows, runs, page = [], [], None
    try:
        flask_cli(env, "db", "upgrade")
        flask_cli(env, "seed-demo")
        if not args.skip_delivery:
            if "redis" in args.scenarios and (problem := live.redis_ok(live.REDIS_URL)):
                log(f"Redis scenario skipped: {problem}")
                args.scenarios.remove("redis")
            server = live.start_gunicorn("setup", env, tmp, 4, 100)
            try:
                wait_until_up(server, "/api/v1/wijken")
                setups = find_setups(server["base"], db_path)
            finally:
                stop_server(server)
            rows, runs = delivery(args, env, tmp, setups)
        log(f"transcript: 20 and {args.transcript} messages")
        page = transcript(db_url, args.transcript)
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print()
    verdicts = {}
    for row in rows:
        ratio = row.get("p95_ratio_to_comments")
        print(f"{row['clients']:>4} sockets  {row['label']:<12} {row['kind_label']:<30} p50 "
              f"{live.fmt(row.get('p50_ms')):>4} ms  p95 {live.fmt(row.get('p95_ms')):>4} ms  "
              f"delivered {row.get('delivered', 0)}/{row.get('expected', '-')}"
              + (f"  ratio to comments {ratio}" if ratio else ""))
        if row["kind"] == "spreekuur":
            verdicts[row["scenario"]] = live.verdict(row)
    for scenario, verdict in verdicts.items():
        print(f"{verdict}: {args.clients} sockets, {live.SCENARIOS[scenario]}: p95 < {TARGET_P95_MS:.0f} ms, "
              "nothing missed")
    if page:
        print(f"transcript: {page['small']['statements']} statements at 20 messages, {page['large']['statements']} "
              f"at {page['messages_large']} ({'constant' if page['constant_queries'] else 'NOT constant'}); "
              f"{page['small']['ms_median']} ms -> {page['large']['ms_median']} ms (x{page['time_ratio']}, "
              f"{page['ms_per_message']} ms per message), {page['large']['bytes'] // 1024} KiB")
    write_results("spreekuur", {
        "machine": live.machine_info() | {"loadavg_after": os.getloadavg(), "open_files_limit": fd_limit},
        "target": {"clients": TARGET_CLIENTS, "rate_per_s": round(1 / args.interval, 1),
                   "p95_ms_below": TARGET_P95_MS, "transcript_messages": args.transcript},
        "rows": rows, "runs": runs, "verdicts": verdicts, "transcript": page,
    }, started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
