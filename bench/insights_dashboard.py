"""`make bench-insights`: a wijk's dashboard over 100,000 posts, 1,000,000 comments and 300,000 reactions (issue 21),
generated in SQL on PostgreSQL. Times the first roll-up (400 days back) and a nightly one, then the dashboard page
(/inzichten/w/<wijk>, rendered in-process as a site admin) against the wijk's feed page read in the same run (the
page cache cleared each time): target < 500 ms, reported as a ratio. Writes bench/results/insights-<timestamp>.json.

Needs PostgreSQL (TEST_POSTGRES_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/postgres): a throw-away
database is made and dropped."""
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_login import login_user  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402
from world import bench_app, gemeente_owner, residents, throwaway_postgres, timed  # noqa: E402

from accounts.models import User  # noqa: E402
from core.extensions import cache, db  # noqa: E402
from insights.models import RollupMark  # noqa: E402
from insights.rollup import rollup  # noqa: E402
from wijken.models import Wijk  # noqa: E402

POSTS, COMMENTS, REACTIONS, USERS, RUNS = 100_000, 1_000_000, 300_000, 100, 15


def generate(wijk_id: int, org_id: int, first_user: int) -> None:
    """The volume, in three INSERT ... SELECT FROM generate_series: a year of posts (one in ten by the gemeente,
    one in fifty hidden), ten comments per post (one in seven as the gemeente), three reactions per post."""
    db.session.execute(text("""
        INSERT INTO post (wijk_id, author_id, organisation_id, kind, title, body, body_html, status, pinned,
                          created_at, seq, thread_open, comment_count, going_count, maybe_count)
        SELECT :wijk, :first + g % :users, CASE WHEN g % 10 = 0 THEN :org END,
               (ARRAY['bericht', 'oproep', 'aankondiging', 'bericht'])[1 + g % 4], 'Bericht ' || g, 'Tekst',
               '<p>Tekst</p>', CASE WHEN g % 50 = 0 THEN 'hidden' ELSE 'published' END, false,
               now() AT TIME ZONE 'utc' - (g % 365) * interval '1 day' - (g % 600) * interval '1 minute', 0, true,
               10, 0, 0
        FROM generate_series(1, :n) g"""), {"wijk": wijk_id, "first": first_user, "users": USERS, "org": org_id,
                                             "n": POSTS})
    first_post = db.session.scalar(text("SELECT min(id) FROM post"))
    db.session.execute(text("""
        INSERT INTO comment (post_id, author_id, organisation_id, body, body_html, status, created_at, seq)
        SELECT p.id, :first + g % :users, CASE WHEN g % 7 = 0 THEN :org END, 'Reactie', '<p>Reactie</p>',
               'published', p.created_at + (1 + g % 72) * interval '1 hour', 0
        FROM generate_series(1, :n) g JOIN post p ON p.id = :first_post + g % :posts"""),
                       {"first": first_user, "users": USERS, "org": org_id, "n": COMMENTS, "first_post": first_post,
                        "posts": POSTS})
    db.session.execute(text("""
        INSERT INTO reaction (post_id, user_id, kind, created_at)
        SELECT :first_post + g % :posts, :first + g / :posts, (ARRAY['like', 'thanks', 'useful'])[1 + g / :posts],
               now() AT TIME ZONE 'utc' - (g % 365) * interval '1 day'
        FROM generate_series(0, :n - 1) g"""), {"first_post": first_post, "posts": POSTS, "first": first_user,
                                                 "n": REACTIONS})
    db.session.commit()
    db.session.execute(text("ANALYZE"))


def main() -> None:
    with throwaway_postgres("wp_bench") as url:
        os.environ["BENCH_DATABASE_URL"] = url
        extensions = create_engine(url)
        with extensions.begin() as conn:  # as the migrations make them: create_all's indexes need them
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
        extensions.dispose()
        results: dict = {"posts": POSTS, "comments": COMMENTS, "reactions": REACTIONS}
        with tempfile.TemporaryDirectory() as tmp, bench_app(tmp) as app:
            owner = gemeente_owner("bench")
            owner.is_admin = True
            owner_id = owner.id
            users = residents(USERS)
            wijk = db.session.scalar(select(Wijk).where(Wijk.slug == "bench"))
            wijk.households = 5000
            db.session.commit()
            org_id = db.session.scalar(text("SELECT id FROM organisation WHERE slug = 'gemeente'"))
            started = time.perf_counter()
            generate(wijk.id, org_id, users[0].id)
            results["generate_s"] = round(time.perf_counter() - started, 1)
            results["first_rollup_s"] = round(timed(rollup) / 1000, 2)
            mark = db.session.scalar(select(RollupMark))
            mark.last_day -= timedelta(days=1)  # as at night: yesterday and today to count
            db.session.commit()
            results["nightly_rollup_s"] = round(timed(rollup) / 1000, 2)
            dashboard_view = app.view_functions["insights.wijk_dashboard"]
            feed_view = app.view_functions["wijken.wijk"]
            dashboard_ms, feed_ms = [], []
            for _ in range(RUNS):  # interleaved, so both see the same load
                with app.test_request_context("/inzichten/w/bench"):
                    login_user(db.session.get(User, owner_id))
                    dashboard_ms.append(timed(lambda: dashboard_view(slug="bench")))
                db.session.expire_all()  # every run reads afresh
                cache.clear()
                with app.test_request_context("/w/bench"):
                    feed_ms.append(timed(lambda: feed_view(slug="bench")))
                db.session.expire_all()  # every run reads afresh
            dash, feed = statistics.median(dashboard_ms), statistics.median(feed_ms)
            results |= {"dashboard_median_ms": round(dash, 1), "feed_median_ms": round(feed, 1),
                        "ratio_dashboard_to_feed": round(dash / feed, 2), "target_met": dash < 500}
    out = ROOT / "bench" / "results" / f"insights-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
