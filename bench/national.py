"""`make bench-national`: the reads that span wijken, at national scale, on PostgreSQL.

A throw-away PostgreSQL database (migrated, so search has its real `dutch` tsvector index) gets 3,000 wijken with
outlines of ~200 vertices spread over the Netherlands, 14,000 buurten with a postcode each, and 1,000,000 published
posts (a tenth in one busy wijk) with their search documents, all generated in SQL. Every figure is the p95 of
in-process calls to the services the views and the API use, interleaved over the rounds, and reported as a ratio
to the wijk feed read (the first page of an ordinary wijk) measured in the same run:

- a wijk feed 30 pages deep (in the busy wijk): target within 2x;
- "my feed" over 20 followed wijken, first page and 30 pages deep: within 3x;
- the point lookup (after the per-process index is built; its build time is reported apart) and the postcode
  lookup: within 3x;
- a page of the wijken list (by name, `?before=` in the middle of the country): reported;
- search for a common word over 1,000,000 posts: p95 <= 100 ms (absolute);
- the front page `/` through the test client: its size stays small whatever the number of wijken (reported).

    .venv/bin/python bench/national.py [--wijken 3000] [--posts 1000000] [--rounds 5] [--keep]

TEST_POSTGRES_URL (as in the tests) says where PostgreSQL is (bench/world.py). Writes results/national-<timestamp>.json.
"""
import argparse
import math
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from machine import machine_info, write_results  # noqa: E402  (bench/machine.py)
from sqlalchemy import insert, select, text  # noqa: E402
from world import summary, throwaway_postgres, timed  # noqa: E402  (bench/world.py)

from accounts.services import create_user  # noqa: E402
from app import create_app  # noqa: E402
from core.extensions import db  # noqa: E402
from core.timeutil import utcnow  # noqa: E402
from search.index import search  # noqa: E402
from wijken.feeds import followed_feed, wijk_feed, wijken_page  # noqa: E402
from wijken.geo import point_index, wijk_at  # noqa: E402
from wijken.models import Follow, Municipality, PostcodeRange, Wijk  # noqa: E402
from wijken.postcodes import lookup_postcode  # noqa: E402

WEST, SOUTH, EAST, NORTH = 3.4, 50.8, 7.2, 53.5  # the Netherlands, roughly
VERTICES, BUURTEN_PER_WIJK, WIJKEN_PER_MUNICIPALITY, FOLLOWED, DEEP = 200, 14 / 3, 8, 20, 30
TARGETS = {"feed_deep": 2.0, "my_feed": 3.0, "my_feed_deep": 3.0, "point_lookup": 3.0, "postcode_lookup": 3.0}
SEARCH_TARGET_MS = 100.0
CALLS_PER_ROUND = {"front_page": 2}  # a whole HTML page through the test client: slow where it lists every wijk
TITLES = ["Lantaarnpaal kapot", "Buurtbarbecue in het park", "Inbraak in de straat", "Wijkschouw zaterdag",
          "Speeltuin opgeknapt", "Afval naast de container", "Nieuwe bankjes", "Hardrijders op de dijk",
          "Koffieochtend in het buurthuis", "Bomen gekapt", "Parkeeroverlast", "Rommelmarkt"]


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def outline(cx: float, cy: float, radius: float, rng: random.Random) -> dict:
    """A closed ring of VERTICES points around (cx, cy), a little ragged like a real boundary."""
    ring = []
    for n in range(VERTICES):
        angle = 2 * math.pi * n / VERTICES
        r = radius * (0.85 + 0.15 * rng.random())
        ring.append([round(cx + r * math.cos(angle), 6), round(cy + r * math.sin(angle) * 0.62, 6)])
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def make_wijken(count: int, rng: random.Random) -> list[tuple[float, float]]:
    """`count` wijken on a grid over the country; returns their centres."""
    columns = math.ceil(math.sqrt(count * (EAST - WEST) / (NORTH - SOUTH)))
    rows = math.ceil(count / columns)
    width, height = (EAST - WEST) / columns, (NORTH - SOUTH) / rows
    now = utcnow()
    db.session.execute(insert(Municipality), [
        {"slug": f"gemeente-{m:03d}", "name": f"Gemeente {m:03d}", "primary_colour": "#1f5f8b", "created_at": now}
        for m in range(math.ceil(count / WIJKEN_PER_MUNICIPALITY))])
    municipalities = dict(db.session.execute(select(Municipality.slug, Municipality.id)).all())
    centres, batch = [], []
    for n in range(count):
        cx, cy = WEST + (n % columns + 0.5) * width, SOUTH + (n // columns + 0.5) * height
        centres.append((cx, cy))
        batch.append({"slug": f"w{n:05d}", "name": f"Wijk {n:05d}", "cbs_code": f"WK{n:06d}",
                      "municipality_id": municipalities[f"gemeente-{n // WIJKEN_PER_MUNICIPALITY:03d}"],
                      "geometry": outline(cx, cy, width * 0.45, rng),
                      "geometry_changed_at": now, "description": "", "last_seq": 0, "flag_threshold": 3,
                      "premoderation": False, "premoderation_posts": 3, "created_at": now})
        if len(batch) == 500:
            db.session.execute(insert(Wijk), batch)
            batch = []
    if batch:
        db.session.execute(insert(Wijk), batch)
    db.session.commit()
    return centres


def make_buurten(wijken: int) -> int:
    """About 14,000 buurten (14 per 3 wijken), each with one postcode run; in SQL."""
    count = int(wijken * BUURTEN_PER_WIJK)
    db.session.execute(text("""
        INSERT INTO buurt (cbs_code, name, wijk_code, page_id)
        SELECT 'BU' || lpad(g::text, 8, '0'), 'Buurt ' || g, w.cbs_code, w.id
        FROM generate_series(0, CAST(:count AS integer) - 1) g
        JOIN wijk w ON w.slug = 'w' || lpad((g % :wijken)::text, 5, '0')
    """), {"count": count, "wijken": wijken})
    db.session.execute(text("""
        INSERT INTO postcode_range (postcode, first_number, last_number, buurt_code, wijk_code, demo)
        SELECT (1000 + g / 26)::text || 'A' || chr(65 + g % 26), 1, 200, b.cbs_code, b.wijk_code, false
        FROM generate_series(0, CAST(:count AS integer) - 1) g
        JOIN buurt b ON b.cbs_code = 'BU' || lpad(g::text, 8, '0')
    """), {"count": count})
    db.session.commit()
    return count


def make_posts(total: int, wijken: int, author_id: int) -> None:
    """`total` published posts, a tenth in the busy wijk w00000 and the rest spread evenly; their search
    documents; in SQL, in chunks."""
    chunk = 100_000
    for start in range(0, total, chunk):
        db.session.execute(text("""
            INSERT INTO post (wijk_id, author_id, kind, title, body, body_html, status, pinned, created_at, seq,
                              thread_open, comment_count, going_count, maybe_count)
            SELECT CASE WHEN g % 10 = 0 THEN 1 ELSE 1 + g % :wijken END, :author, 'bericht',
                   t.titles[1 + g % 12] || ' ' || g, 'Beste buren, ' || t.titles[1 + (g / 7) % 12] || '.',
                   '<p>Beste buren.</p>', 'published', false,
                   (now() AT TIME ZONE 'utc') - make_interval(secs => g * 30), 0, true, 0, 0, 0
            FROM generate_series(CAST(:start AS integer), CAST(:stop AS integer)) g,
                 (SELECT CAST(:titles AS text[]) AS titles) t
        """), {"wijken": wijken, "author": author_id, "titles": TITLES, "start": start,
               "stop": min(start + chunk, total) - 1})
        db.session.commit()
        log(f"posts: {min(start + chunk, total):,}")
    db.session.execute(text("""
        INSERT INTO search_document (kind, source_id, wijk_id, public, user_id, title, body, terms, created_at)
        SELECT 'post', id, wijk_id, true, author_id, title, body, '', created_at FROM post
    """))
    db.session.commit()
    db.session.execute(text("ANALYZE"))


def cursor_after(pages: int, read) -> str | None:
    cursor = None
    for _ in range(pages):
        _items, cursor = read(cursor)
    return cursor


def measure(app, args, centres, rng, user) -> dict:
    ordinary = db.session.scalar(select(Wijk).where(Wijk.slug == f"w{min(123, args.wijken - 1):05d}"))
    busy = db.session.scalar(select(Wijk).where(Wijk.slug == "w00000"))
    deep_feed = cursor_after(DEEP - 1, lambda c: wijk_feed(busy, before=c))
    deep_mine = cursor_after(DEEP - 1, lambda c: followed_feed(user, before=c))
    middle = cursor_after(args.wijken // 200, lambda c: wijken_page(before=c))
    postcodes = db.session.scalars(select(PostcodeRange.postcode)).all()
    build = timed(lambda: (point_index.forget(), wijk_at(*reversed(centres[0]))))
    client = app.test_client()
    calls = {
        "feed": lambda: wijk_feed(ordinary),
        "feed_deep": lambda: wijk_feed(busy, before=deep_feed),
        "my_feed": lambda: followed_feed(user),
        "my_feed_deep": lambda: followed_feed(user, before=deep_mine),
        "point_lookup": lambda: wijk_at(*reversed(rng.choice(centres))),
        "postcode_lookup": lambda: lookup_postcode(rng.choice(postcodes), "12"),
        "wijken_list": lambda: wijken_page(before=middle),
        "search": lambda: search(None, rng.choice(["lantaarnpaal", "barbecue", "inbraak", "speeltuin"])),
        "front_page": lambda: client.get("/"),
    }
    timings = {name: [] for name in calls}
    for _ in range(args.rounds):
        for name, call in calls.items():
            for _ in range(CALLS_PER_ROUND.get(name, 40)):
                timings[name].append(timed(call))
                db.session.rollback()
    results = {name: summary(values) for name, values in timings.items()}
    base = results["feed"]["p95_ms"]
    for name, figures in results.items():
        figures["ratio_to_feed"] = round(figures["p95_ms"] / base, 2)
        if name in TARGETS:
            figures["target"], figures["met"] = TARGETS[name], figures["ratio_to_feed"] <= TARGETS[name]
    results["search"]["target_ms"] = SEARCH_TARGET_MS
    results["search"]["met"] = results["search"]["p95_ms"] <= SEARCH_TARGET_MS
    results["point_index_build_ms"] = round(build, 1)
    results["front_page_bytes"] = len(client.get("/").data)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wijken", type=int, default=3000)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    args = parser.parse_args()
    begun = time.monotonic()
    rng = random.Random(20)
    with throwaway_postgres("bench_national", keep=args.keep) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                          "REDIS_URL": None, "CACHE_TYPE": "SimpleCache", "MAIL_SUPPRESS_SEND": True,
                          "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            started = time.perf_counter()
            centres = make_wijken(args.wijken, rng)
            buurten = make_buurten(args.wijken)
            author = create_user({"email": "a@bench.example", "display_name": "Auteur",
                                  "password": "correct horse battery"}, verified=True)
            reader = create_user({"email": "r@bench.example", "display_name": "Lezer",
                                  "password": "correct horse battery"}, verified=True)
            for slug in sorted(rng.sample(range(1, args.wijken), FOLLOWED)):
                wijk_id = db.session.scalar(select(Wijk.id).where(Wijk.slug == f"w{slug:05d}"))
                db.session.add(Follow(user_id=reader.id, wijk_id=wijk_id))
            db.session.commit()
            make_posts(args.posts, args.wijken, author.id)
            log(f"generated {args.wijken:,} wijken, {buurten:,} buurten, {args.posts:,} posts in "
                f"{time.perf_counter() - started:.0f} s")
            with app.test_request_context():  # search builds links
                results = measure(app, args, centres, rng, reader)
            db.session.remove()
            db.engine.dispose()
    for key, figures in results.items():
        log(f"{key:16} {figures}")
    info = machine_info({"postgres": ["psql", "--version"]})
    write_results("national", {"machine": info, "wijken": args.wijken, "buurten": buurten, "posts": args.posts,
                               "followed": FOLLOWED, "results": results}, begun)


if __name__ == "__main__":
    main()
