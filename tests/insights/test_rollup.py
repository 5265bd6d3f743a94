"""The daily roll-up against the hand-counted `world` (tests/insights/conftest.py), and incremental."""
from datetime import timedelta

from sqlalchemy import func, select

from core.extensions import db
from insights.metrics import dashboard
from insights.models import DailyCount, RollupMark
from insights.rollup import rollup

from .conftest import MONDAY, NOW, TUESDAY, add_post


def counts(metric):
    return {(str(day), key): value for day, key, value in db.session.execute(
        select(DailyCount.day, DailyCount.key, DailyCount.value).where(DailyCount.metric == metric))}


def test_daily_counts_match_the_hand_count(app, world):
    rollup(NOW)
    mon, tue, org = str(MONDAY.date()), str(TUESDAY.date()), str(world.org.id)
    assert counts("posts") == {(mon, "bericht:r"): 2, (tue, "vraag:r"): 1, (tue, f"aankondiging:{org}"): 1}
    assert counts("comments") == {(mon, org): 1, (mon, "r"): 1, (tue, org): 1}
    assert counts("reactions") == {(tue, "like"): 2, (tue, "thanks"): 1}
    assert counts("partner_reply_hours") == {(mon, "3"): 1, (tue, "30"): 1}
    assert counts("follow_sources") == {(tue, "flyer"): 1}
    followers = counts("followers")
    assert followers[(mon, "all")] == 1 and followers[(tue, "all")] == 2 and followers[(tue, "digest")] == 1
    assert counts("email_followers")[(tue, "")] == 1


def test_dashboard_reads_the_roll_up(app, world):
    rollup(NOW)
    dash = dashboard(world.wijk, 4, today=NOW.date())
    assert dash.reach.followers == {"all": 2, "important": 0, "digest": 1, "none": 0}
    assert dash.reach.email_followers == 1 and dash.reach.total == 4
    assert dash.reach.share_of_households(dash.reach.total) == 0.02
    assert dash.reach.sources["flyer"] == [0, 0, 0, 1]
    c = dash.conversation
    assert (c.resident_posts, c.partner_replied, c.share_replied, c.median_reply_hours) == (3, 2, 0.6667, 3)
    assert [(s.label, s.total) for s in c.posts_by_who][1] == ("Gemeente", 1)
    assert sum(s.total for s in c.reactions_by_kind) == 3


def test_the_dashboard_reads_no_day_after_today(app, world):
    rollup(NOW + timedelta(days=7))  # a clock ahead wrote next week's figures
    dash = dashboard(world.wijk, 4, today=NOW.date())
    assert dash.conversation.resident_posts == 3


def test_only_days_since_the_last_roll_up_are_counted(app, world):
    rollup(NOW)
    assert db.session.scalar(select(RollupMark.last_day)) == TUESDAY.date()
    # A post back-dated to Monday after Monday was rolled up is not counted again: Monday is complete.
    add_post(world.wijk, world.anna, MONDAY)
    db.session.commit()
    tomorrow = NOW + timedelta(days=1)
    add_post(world.wijk, world.anna, tomorrow)
    db.session.commit()
    rollup(tomorrow)
    posts = counts("posts")
    assert posts[(str(MONDAY.date()), "bericht:r")] == 2
    assert posts[(str(tomorrow.date()), "bericht:r")] == 1
    # Running again re-counts today only: nothing doubles.
    rollup(tomorrow)
    assert counts("posts") == posts
    assert db.session.scalar(select(func.count()).select_from(DailyCount).where(
        DailyCount.metric == "posts", DailyCount.day == tomorrow.date())) == 1
