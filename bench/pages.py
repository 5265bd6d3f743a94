"""`make bench-pages`: requests/s of the wijk page against a bare Flask page.

What it does, all on loopback and in a throw-away temp dir:

1. Creates a fresh SQLite database, runs `flask db upgrade` and `flask seed-demo`,
   then grows the wijk Waalwijk to at least 20 published posts, each with
   comments, through the same services the views use (wijken.services).
2. Serves the app the production way: gunicorn, 2 sync workers, debug off,
   rate limiting off (RATELIMIT_ENABLED=0, or wrk would measure 429 pages).
   Serves bench/bare_app.py (a bare Flask app rendering a small Jinja template)
   with exactly the same gunicorn settings.
3. Logs a demo user in through the real /login form (CSRF token and all) and
   hands the session cookie to wrk.
4. Checks every target answers 200 with the expected page, warms it up, then
   measures it with wrk; targets are interleaved over the rounds so that noise
   on a shared machine hits all of them alike.
5. Prints a table and the ratios against the targets (anonymous >= 0.6 and
   logged in >= 0.25 of the bare page), and writes
   bench/results/pages-<timestamp>.json.

The servers are always stopped (try/finally). With the defaults the whole run
takes about a minute and a half (3 rounds x 3 pages x 8 s of wrk).

    .venv/bin/python bench/pages.py [--duration 8] [--rounds 3] [--strict] [--keep]
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from machine import machine_info as _machine_info  # bench/machine.py
from machine import write_results
from servers import BIN, ROOT, bench_env, flask_cli, free_port, stop_server, wait_until_up  # bench/servers.py

BENCH = ROOT / "bench"

WIJK_KEY = "waalwijk"          # demo.seed.WIJKEN key; the slug is looked up after seeding
MIN_POSTS = 20                 # published posts on the wijk after growing the demo
TARGETS = {"wijk_anonymous": 0.60, "wijk_logged_in": 0.25}
SECRET_KEY = "bench-pages-fixed-secret-key-not-for-production"

LABELS = {
    "bare": "bare Flask + Jinja page",
    "wijk_anonymous": "/w/<wijk> anonymous",
    "wijk_logged_in": "/w/<wijk> logged in",
}


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- setup -------------------------------------------------------------------

def grow_demo(env: dict, db_url: str) -> dict:
    """Grow the demo wijk to MIN_POSTS published posts, every one with comments.

    Runs in this process: the environment is set before `app`/`config` are imported
    because config.Config reads it at import time.
    """
    os.environ.update(env)
    for name in ("FLASK_DEBUG", "FLASK_ENV", "FLASK_RUN_RELOAD", "REDIS_URL", "BASE_URL"):
        if name not in env:
            os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))

    from sqlalchemy import func, select

    from accounts.services import find_user
    from app import create_app
    from core.extensions import db
    from demo import seed as demo
    from wijken import services
    from wijken.models import Comment, Post, Wijk
    from wijken.permissions import can_comment

    app = create_app()
    if app.config["SQLALCHEMY_DATABASE_URI"] != db_url:
        # instance/config.py overrides the database: never benchmark (or write to) that one.
        raise SystemExit(f"instance/config.py overrides the database ({app.config['SQLALCHEMY_DATABASE_URI']});"
                         " refusing to run the benchmark against it.")
    with app.app_context():
        wijk = db.session.scalar(select(Wijk).where(Wijk.cbs_code == demo.WIJKEN[WIJK_KEY]["cbs_code"]))
        users = {spec["key"]: find_user(demo.demo_email(spec)) for spec in demo.USERS}
        residents = [users[k] for k in ("anouk", "jeroen", "lotte", "marieke", "kees", "fatma")]
        commenters = [users[k] for k in ("jeroen", "anouk", "marieke", "lotte", "youssef", "kees")]

        def published():
            return list(db.session.scalars(
                select(Post).where(Post.wijk_id == wijk.id, Post.status == "published").order_by(Post.id)))

        def comment(post, n):
            author = commenters[n % len(commenters)]
            body = (f"Reactie {n + 1}: goed dat je dit deelt. Ik kom er zaterdag even langs, "
                    f"en ik vraag de buren van nummer {n + 3} ook.")
            services.add_comment(author, post, {"body": body})

        posts = published()
        # Demo posts without comments get one where their thread is open, so "20 posts with comments" holds as far
        # as it can (a private melding, an ended spreekuur or a question answered elsewhere take none).
        for i, post in enumerate(posts):
            if post.comment_count == 0 and can_comment(commenters[i % len(commenters)], post):
                comment(post, i)
        i = 0
        while len(posts) < MIN_POSTS:
            author = residents[i % len(residents)]
            post = services.create_post(author, wijk, {
                "kind": "bericht",
                "title": f"Buurtbericht {i + 1}: wie heeft er tips voor de "
                         f"{['tuin', 'fiets', 'zolder', 'buurtapp'][i % 4]}?",
                "body": (
                    f"Dit is bericht {i + 1} uit de groei van de demo voor de benchmark. "
                    "We zoeken in de buurt iemand die even mee wil kijken.\n\n"
                    "- Het gaat om een klein klusje, een uurtje werk.\n"
                    "- Koffie en **appeltaart** staan klaar.\n\n"
                    "Reageer hieronder of spreek me aan bij de [Markt](https://www.waalwijk.nl)."
                ),
            })
            for n in range(2 + i % 3):
                comment(post, i + n)
            posts.append(post)
            i += 1
        posts = published()
        stats = {
            "wijk_slug": wijk.slug,
            "wijk_name": wijk.name,
            "published_posts": len(posts),
            "posts_without_comments": sum(1 for p in posts if p.comment_count == 0 and can_comment(commenters[0], p)),
            "comments": db.session.scalar(
                select(func.count(Comment.id)).join(Comment.post).where(Post.wijk_id == wijk.id)),
            "posts_added": i,
            "demo_login": demo.demo_email(next(s for s in demo.USERS if s["key"] == "anouk")),
            "demo_password": demo.DEMO_PASSWORD,
        }
        db.session.remove()
        db.engine.dispose()
    return stats


# --- servers -----------------------------------------------------------------

def start_gunicorn(name: str, app_spec: str, chdir: Path, env: dict, logdir: Path):
    port = free_port()
    cmd = [str(BIN / "gunicorn"), "--workers", "2", "--worker-class", "sync",
           "--bind", f"127.0.0.1:{port}", "--chdir", str(chdir),
           "--graceful-timeout", "5", "--log-level", "warning", app_spec]
    logfile = open(logdir / f"gunicorn-{name}.log", "w")
    proc = subprocess.Popen(cmd, cwd=chdir, env=env, stdout=logfile, stderr=subprocess.STDOUT)
    return {"name": name, "proc": proc, "port": port, "cmd": cmd, "log": logfile,
            "base": f"http://127.0.0.1:{port}"}


# --- pages and login ---------------------------------------------------------

class _CsrfFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.token = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrf_token" and self.token is None:
            self.token = attrs.get("value")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, cookie: str | None = None):
    """GET without following redirects or keeping cookies: what wrk sees."""
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace")


def login(base: str, email: str, password: str) -> str:
    """Log in through the real form; returns the `session=...` cookie for wrk."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login", timeout=10) as resp:
        finder = _CsrfFinder()
        finder.feed(resp.read().decode("utf-8", "replace"))
    if not finder.token:
        raise SystemExit("No csrf_token input on /login")
    form = urllib.parse.urlencode({"csrf_token": finder.token, "email": email, "password": password})
    # The redirect after login is followed (GET /), which also shows and so
    # clears the "Welcome" flash: the cookie handed to wrk has no pending flashes.
    with opener.open(base + "/login", data=form.encode(), timeout=10) as resp:
        resp.read()
        landed = urllib.parse.urlsplit(resp.url).path
    if landed == "/login":
        raise SystemExit(f"Logging in as {email} failed (still on /login)")
    cookies = {c.name: c.value for c in jar}
    if "session" not in cookies:
        raise SystemExit(f"No session cookie after logging in as {email}: {sorted(cookies)}")
    return f"session={cookies['session']}"


LOGGED_IN_MARKER = 'action="/logout"'


def check_page(name: str, url: str, cookie: str | None, *, logged_in: bool | None,
               articles: int | None = None) -> dict:
    status, headers, body = fetch(url, cookie)
    if status != 200:
        raise SystemExit(f"{name}: {url} answered {status}, not 200; not measuring an error page.")
    found = len(re.findall(r"<article\b", body))
    if logged_in is not None and (LOGGED_IN_MARKER in body) != logged_in:
        raise SystemExit(f"{name}: expected {'a logged-in' if logged_in else 'an anonymous'} page at {url}")
    if articles is not None and found < articles:
        raise SystemExit(f"{name}: expected {articles} posts on {url}, found {found}")
    return {"status": status, "bytes": len(body.encode()), "articles": found,
            "sets_cookie": "Set-Cookie" in headers}


# --- wrk ---------------------------------------------------------------------

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    num, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(num) * _UNITS[unit]


def run_wrk(url: str, cookie: str | None, *, threads: int, connections: int, seconds: float) -> dict:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "--latency"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(url)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30)
    out = done.stdout
    if done.returncode != 0 or "Requests/sec:" not in out:
        raise SystemExit(f"wrk failed ({done.returncode}):\n{out}\n{done.stderr}")
    result = {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx_3xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)) else 0,
        "socket_errors": None,
        "latency_ms": {},
    }
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        result["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups()), strict=True))
    if m := re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out):
        result["latency_ms"]["avg"] = _ms(m.group(1))
        result["latency_ms"]["max"] = _ms(m.group(3))
    for pct in ("50", "90", "99"):
        if m := re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M):
            result["latency_ms"][f"p{pct}"] = _ms(m.group(1))
    if result["non_2xx_3xx"]:
        raise SystemExit(f"wrk saw {result['non_2xx_3xx']} non-2xx/3xx responses from {url}:\n{out}")
    return result


# --- machine -----------------------------------------------------------------

def machine_info() -> dict:
    return _machine_info({"gunicorn": [str(BIN / "gunicorn"), "--version"], "wrk": ["wrk", "--version"]})


# --- main --------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=8, help="seconds of wrk per measurement (8)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of wrk warm-up per target (2)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median counts (3)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, gunicorn logs)")
    args = parser.parse_args()

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    if not (BIN / "gunicorn").exists():
        raise SystemExit(f"gunicorn is not installed in {BIN} (pip install -e '.[prod]')")
    budget = 3 * (args.warmup + 1) + 3 * args.rounds * (args.duration + 0.5) + 30
    if budget > 175:
        raise SystemExit(f"That run would take about {budget:.0f}s; keep it under 3 minutes.")

    started = time.monotonic()
    machine = machine_info()
    tmp = Path(tempfile.mkdtemp(prefix="wijkpagina-bench-"))
    db_url = f"sqlite:///{tmp / 'bench.db'}"
    env = bench_env(db_url, SECRET_KEY)
    servers = []
    try:
        log(f"database {db_url}")
        flask_cli(env, "db", "upgrade")
        flask_cli(env, "seed-demo")
        data = grow_demo(env, db_url)
        log(f"wijk {data['wijk_slug']}: {data['published_posts']} published posts, {data['comments']} comments "
            f"({data['posts_added']} posts added to the demo)")
        if data["published_posts"] < MIN_POSTS or data["posts_without_comments"]:
            raise SystemExit("Growing the demo failed")

        app_server = start_gunicorn("app", "app:create_app()", ROOT, env, tmp)
        servers.append(app_server)
        bare_server = start_gunicorn("bare", "bare_app:app", BENCH, env, tmp)
        servers.append(bare_server)
        wait_until_up(app_server, "/login")
        wait_until_up(bare_server, "/")
        log(f"gunicorn app on :{app_server['port']}, bare on :{bare_server['port']} (2 sync workers each)")

        wijk_url = f"{app_server['base']}/w/{data['wijk_slug']}"
        cookie = login(app_server["base"], data["demo_login"], data["demo_password"])
        log(f"logged in as {data['demo_login']} through /login")

        targets = {
            "bare": (bare_server["base"] + "/", None),
            "wijk_anonymous": (wijk_url, None),
            "wijk_logged_in": (wijk_url, cookie),
        }
        checks = {
            "bare": check_page("bare", targets["bare"][0], None, logged_in=None, articles=None),
            "wijk_anonymous": check_page("wijk_anonymous", wijk_url, None, logged_in=False, articles=MIN_POSTS),
            "wijk_logged_in": check_page("wijk_logged_in", wijk_url, cookie, logged_in=True, articles=MIN_POSTS),
        }
        wrk_opts = {"threads": args.threads, "connections": args.connections}
        for name, (url, ck) in targets.items():
            log(f"warm-up {LABELS[name]} ({args.warmup:g}s)")
            run_wrk(url, ck, seconds=args.warmup, **wrk_opts)

        runs = {name: [] for name in targets}
        for r in range(args.rounds):
            for name, (url, ck) in targets.items():
                res = run_wrk(url, ck, seconds=args.duration, **wrk_opts)
                runs[name].append(res)
                log(f"round {r + 1}/{args.rounds} {LABELS[name]:<26} {res['requests_per_s']:8.1f} req/s "
                    f"(p50 {res['latency_ms'].get('p50', 0):.1f} ms)")
        # A final check: the servers still serve the right pages after the load.
        for name, (url, ck) in targets.items():
            check_page(name, url, ck, logged_in=None)
    finally:
        for server in servers:
            stop_server(server)
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    rps = {name: statistics.median(r["requests_per_s"] for r in rs) for name, rs in runs.items()}
    # Each round measures bare, anonymous and logged in back to back; the ratio of a
    # round compares pages measured under the same background load, and the median
    # over the rounds is the figure that counts.
    per_round = {name: [round(runs[name][i]["requests_per_s"] / runs["bare"][i]["requests_per_s"], 3)
                        for i in range(args.rounds)] for name in TARGETS}
    ratios = {name: statistics.median(per_round[name]) for name in TARGETS}
    verdicts = {name: "PASS" if ratios[name] >= target else "MISS" for name, target in TARGETS.items()}

    print()
    print(f"{'page':<28}{'req/s (median)':>16}{'rounds':>22}{'p50 ms':>9}{'ratio':>8}  target"
          "   (ratio: median over rounds of page/bare in the same round)")
    for name in targets:
        rounds_txt = " / ".join(f"{r['requests_per_s']:.0f}" for r in runs[name])
        p50 = statistics.median(r["latency_ms"].get("p50", 0) for r in runs[name])
        if name in TARGETS:
            tail = f"{ratios[name]:>8.2f}  >= {TARGETS[name]:.2f}  {verdicts[name]}"
        else:
            tail = f"{1:>8.2f}  (baseline)"
        print(f"{LABELS[name]:<28}{rps[name]:>16.1f}{rounds_txt:>22}{p50:>9.1f}{tail}")
    print()
    for name, target in TARGETS.items():
        print(f"{verdicts[name]}: {LABELS[name]} = {ratios[name]:.3f} x bare (target >= {target:.2f}; "
              f"per round {', '.join(f'{x:.2f}' for x in per_round[name])})")

    write_results("pages", {
        "machine": machine | {"loadavg_after": os.getloadavg()},
        "server": {"gunicorn_workers": 2, "worker_class": "sync", "debug": False, "ratelimit": False,
                   "database": "SQLite (temp file)", "cache": "Flask-Caching SimpleCache (per worker)"},
        "wrk": {"threads": args.threads, "connections": args.connections, "duration_s": args.duration,
                "warmup_s": args.warmup, "rounds": args.rounds},
        "data": {k: v for k, v in data.items() if k != "demo_password"},
        "pages": {name: {"url_path": urllib.parse.urlsplit(url).path, "logged_in": ck is not None,
                         "check": checks[name], "runs": runs[name], "requests_per_s_median": rps[name]}
                  for name, (url, ck) in targets.items()},
        "ratios": ratios,
        "ratios_per_round": per_round,
        "targets": TARGETS,
        "verdicts": verdicts,
    }, started)
    return 1 if args.strict and "MISS" in verdicts.values() else 0


if __name__ == "__main__":
    sys.exit(main())
