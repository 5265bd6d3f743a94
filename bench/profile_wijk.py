"""Where the time of one /w/<wijk> request goes, anonymous (cached) and logged in.

Builds the same throw-away database as bench/pages.py (demo grown to 20 posts
with comments), then drives the app in-process with Flask's test client (no
gunicorn, no wrk: one request at a time) and reports per page:

- wall time per request (mean over --requests),
- SQL statements per request and the time spent executing them,
- time inside render_template (the whole Jinja render, incl. lazy loads it triggers),
- the statements grouped by table, so N+1 patterns stand out,
- optionally a pyinstrument profile (`.venv/bin/pip install pyinstrument`),
  otherwise the top of a cProfile run.

    .venv/bin/python bench/profile_wijk.py [--requests 50] [--profile logged_in|anonymous|none]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # noqa: E402  (bench/pages.py: same setup)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--profile", choices=("logged_in", "anonymous", "none"), default="logged_in")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="wijkpagina-profile-"))
    try:
        db_url = f"sqlite:///{tmp / 'bench.db'}"
        env = pages.bench_env(db_url, pages.SECRET_KEY)
        pages.flask_cli(env, "db", "upgrade")
        pages.flask_cli(env, "seed-demo")
        data = pages.grow_demo(env, db_url)
        run(data, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def run(data: dict, args) -> None:
    from flask import before_render_template, template_rendered
    from sqlalchemy import event

    from app import create_app
    from core.extensions import db

    app = create_app()
    stats = {"queries": [], "sql_s": 0.0, "render_s": 0.0}

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, params, context, executemany):
        conn.info["t0"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, params, context, executemany):
        stats["sql_s"] += time.perf_counter() - conn.info.pop("t0")
        stats["queries"].append(statement)

    render_start = []
    before_render_template.connect(lambda sender, **kw: render_start.append(time.perf_counter()), app,
                                   weak=False)
    template_rendered.connect(
        lambda sender, **kw: stats.__setitem__("render_s", stats["render_s"] + time.perf_counter()
                                               - render_start.pop()), app, weak=False)

    url = f"/w/{data['wijk_slug']}"
    anon = app.test_client()
    user = app.test_client()
    html = user.get("/login").get_data(as_text=True)
    finder = pages._CsrfFinder()
    finder.feed(html)
    resp = user.post("/login", data={"csrf_token": finder.token, "email": data["demo_login"],
                                     "password": data["demo_password"]}, follow_redirects=True)
    assert resp.status_code == 200, resp.status_code

    clients = {"anonymous": anon, "logged_in": user}
    print(f"\n{url}: {data['published_posts']} posts, {data['comments']} comments; "
          f"{args.requests} requests each, in-process (test client)\n")
    print(f"{'page':<12}{'ms/req':>8}{'queries':>9}{'SQL ms':>8}{'render ms':>11}{'bytes':>8}")
    for name, client in clients.items():
        for _ in range(5):  # warm: template compile, anonymous cache fill
            assert client.get(url).status_code == 200
        stats.update(queries=[], sql_s=0.0, render_s=0.0)
        times = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            r = client.get(url)
            times.append(time.perf_counter() - t0)
        n = args.requests
        print(f"{name:<12}{statistics.mean(times) * 1e3:>8.2f}{len(stats['queries']) / n:>9.1f}"
              f"{stats['sql_s'] / n * 1e3:>8.2f}{stats['render_s'] / n * 1e3:>11.2f}{len(r.data):>8}")
        clients[name] = (client, Counter(_table(q) for q in stats["queries"]), n)

    for name, (_client, tables, n) in clients.items():
        print(f"\nSQL per {name} request, by table:")
        for table, count in tables.most_common():
            print(f"  {count / n:5.1f}  {table}")

    if args.profile == "none":
        return
    client = clients[args.profile][0]
    try:
        from pyinstrument import Profiler
    except ImportError:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.requests):
            client.get(url)
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(30)
        print(f"\ncProfile, {args.profile}, {args.requests} requests (tottime):\n{out.getvalue()}")
        return
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.requests):
        client.get(url)
    profiler.stop()
    print(f"\npyinstrument, {args.profile}, {args.requests} requests:")
    print(profiler.output_text(unicode=True, color=False, short_mode=True, show_all=False))


def _table(statement: str) -> str:
    """`SELECT … FROM post JOIN …` -> 'SELECT post (joins wijk, user)'."""
    s = " ".join(statement.split())
    verb = s.split(" ", 1)[0].upper()
    m = re.search(r"\bFROM (\w+)", s) or re.search(r"\b(?:INTO|UPDATE) (\w+)", s)
    joins = re.findall(r"\bJOIN (\w+)", s)
    where = re.search(r"\bWHERE (\w+\.\w+)", s)
    text = f"{verb} {m.group(1) if m else '?'}"
    if joins:
        text += f" (joins {', '.join(joins)})"
    if where:
        text += f" where {where.group(1)}"
    return text


if __name__ == "__main__":
    sys.exit(main())
