"""`make bench-meldingen`: 10,000 open meldingen in one wijk (issue 18). Times the duplicate search before submitting
(meldingen.services.nearby: the (open, lat, lon) bounding box, then the exact distance) against p95 < 50 ms, the
wijk's map as GeoJSON (GET /api/v1/wijken/<slug>/reports/map) against 300 ms, and counts the statements of the
scorecards (organisation and wijk pages) with 100 and with 10,000 meldingen: constant. In-process, SQLite file.
Writes results/meldingen-<timestamp>.json; prints the figures."""
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert  # noqa: E402

from accounts.services import create_user  # noqa: E402
from app import create_app  # noqa: E402
from core.extensions import db  # noqa: E402
from core.timeutil import utcnow  # noqa: E402
from meldingen import categories, services  # noqa: E402
from meldingen.models import Report  # noqa: E402
from partners.services import create_or_update_organisation  # noqa: E402
from wijken.models import Post, Wijk  # noqa: E402
from wijken.municipalities import municipality_named  # noqa: E402
from wijken.roles import serve_wijken  # noqa: E402

OPEN, LOOKUPS, MAP_RUNS = 10_000, 300, 5
SOUTH, WEST, SIZE = 51.68, 5.04, 0.02  # a wijk of about 2 x 1.4 km


def _p95(timings: list[float]) -> float:
    timings = sorted(timings)
    return round(timings[int(0.95 * len(timings)) - 1], 1)


def _fill(author, wijk, category, start: int, count: int, rng) -> None:
    now = utcnow()
    posts = [{"wijk_id": wijk.id, "author_id": author.id, "kind": "melding", "title": f"Melding {n}",
              "body": "Kapot.", "body_html": "<p>Kapot.</p>", "status": "published", "created_at": now,
              "seq": 0, "thread_open": True, "comment_count": 0, "going_count": 0, "maybe_count": 0, "pinned": False}
             for n in range(start, start + count)]
    ids = [row.id for row in db.session.execute(insert(Post).returning(Post.id), posts)]
    db.session.execute(insert(Report), [{
        "wijk_id": wijk.id, "category_id": category.id, "organisation_id": category.organisation_id,
        "reporter_id": author.id, "post_id": post_id, "lat": SOUTH + rng.random() * SIZE,
        "lon": WEST + rng.random() * SIZE, "location_text": "", "body": "Kapot.", "private": False,
        "state": "gemeld", "open": True, "follower_count": 1, "source": "web",
        "created_at": now - timedelta(days=rng.randrange(60)), "due_at": now + timedelta(days=5)} for post_id in ids])
    db.session.commit()


def _statements(app, call) -> int:
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def main() -> None:
    rng = random.Random(18)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench",
                          "RATELIMIT_ENABLED": False, "REDIS_URL": None, "CACHE_TYPE": "SimpleCache"})
        with app.app_context():
            db.create_all()
            wijk = Wijk(slug="bench", name="Bench", cbs_code="WK999999", municipality=municipality_named("Bench"),
                        geometry={
                "type": "Polygon", "coordinates": [[[WEST, SOUTH], [WEST, SOUTH + SIZE], [WEST + SIZE, SOUTH + SIZE],
                                                    [WEST + SIZE, SOUTH], [WEST, SOUTH]]]})
            db.session.add(wijk)
            db.session.commit()
            author = create_user({"email": "r@bench.example", "display_name": "Melder",
                                  "password": "correct horse battery"}, verified=True)
            org = create_or_update_organisation({"slug": "gemeente", "name": "Gemeente", "kind": "gemeente",
                                                 "verified": True})
            serve_wijken(org, ["bench"], add=True)
            category = categories.save_category({"municipality": "Bench", "slug": "licht", "name": "Licht",
                                                 "organisation": "gemeente", "target_days": 5})
            client = app.test_client()

            def scorecards() -> dict:
                return {path: _statements(app, lambda p=path: client.get(p))
                        for path in ("/organisaties/gemeente/reactietijden", "/w/bench/reactietijden")}

            _fill(author, wijk, category, 0, 100, rng)
            few = scorecards()
            _fill(author, wijk, category, 100, OPEN - 100, rng)
            many = scorecards()
            results["scorecard_statements"] = {"with_100": few, "with_10000": many, "constant": few == many}

            timings = []
            for _ in range(LOOKUPS):
                lat, lon = SOUTH + rng.random() * SIZE, WEST + rng.random() * SIZE
                started = time.perf_counter()
                services.nearby(lat, lon, category=category)
                timings.append((time.perf_counter() - started) * 1000)
                db.session.rollback()
            results["duplicate_search"] = {"open_meldingen": OPEN, "lookups": LOOKUPS,
                                           "median_ms": round(statistics.median(timings), 1),
                                           "p95_ms": _p95(timings), "target_p95_ms": 50}
            map_timings = []
            for _ in range(MAP_RUNS):
                started = time.perf_counter()
                response = client.get("/api/v1/wijken/bench/reports/map")
                map_timings.append((time.perf_counter() - started) * 1000)
            results["map_geojson"] = {"features": len(response.json["features"]),
                                      "median_ms": round(statistics.median(map_timings), 1),
                                      "target_ms": 300}
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"meldingen-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
