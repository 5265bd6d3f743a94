"""Running the themes on the database: what enters (public items only), names that carry over to a later run
of the same theme and not to a different one, the CLI, and the RQ job. On SQLite and PostgreSQL."""
from datetime import timedelta

import pytest
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import select

from core.extensions import db
from core.timeutil import utcnow
from meldingen import categories
from meldingen import services as meldingen
from meldingen.webcare import ask
from tests.themes.corpus import PLANTED
from themes import jobs, services, sources
from themes.models import Theme, ThemeRun
from wijken.models import Comment


@pytest.fixture
def world(make_world):
    world = make_world("besoijen", "Besoijen")
    categories.save_category({"municipality": "Teststad", "slug": "afval", "name": "Afval",
                              "organisation": "gemeente", "target_days": 3})
    return world


def _keys(world):
    now = utcnow()
    return {item.key for item in sources.items([world.wijk.id], now - timedelta(days=56), now + timedelta(1))}


def test_only_public_texts_enter(world, add_posts, texts):
    shown, hidden, pending, removed = (add_posts(world.wijk, world.anna, texts(1), status=s)[0]
                                       for s in ("published", "hidden", "pending", "removed"))
    db.session.add_all([Comment(post_id=shown.id, author_id=world.bram.id, body=b, body_html=b, status=s)
                        for b, s in (("zichtbaar", "published"), ("verborgen", "hidden"))])
    db.session.add(Comment(post_id=hidden.id, author_id=world.bram.id, body="onder verborgen",
                           body_html="onder verborgen"))
    db.session.commit()
    public_melding = meldingen.create_report(world.anna, world.wijk, {
        "category": "afval", "lat": 51.05, "lon": 5.05, "body": "Zwerfvuil bij de glasbak."})
    private_melding = meldingen.create_report(world.anna, world.wijk, {
        "category": "afval", "lat": 51.05, "lon": 5.05, "body": "Mijn adres is geheim.", "private": True})
    public_question = ask(world.anna, world.wijk, {"organisation": "gemeente", "title": "Wanneer",
                                                    "body": "Wanneer komt de veegwagen?"})
    private_question = ask(world.anna, world.wijk, {"organisation": "gemeente", "title": "Privé",
                                                     "body": "Over mijn uitkering.", "private": True})
    keys = _keys(world)
    comments = {c.body: c.id for c in db.session.scalars(select(Comment))}
    assert f"post:{shown.id}" in keys and f"comment:{comments['zichtbaar']}" in keys
    assert f"post:{public_melding.post_id}" in keys and f"post:{public_question.post_id}" in keys
    assert not {f"post:{hidden.id}", f"post:{pending.id}", f"post:{removed.id}",
                f"post:{private_melding.post_id}", f"comment:{comments['verborgen']}",
                f"comment:{comments['onder verborgen']}"} & keys
    assert private_question.post_id is None
    everything = " ".join(item.text for item in sources.items([world.wijk.id], utcnow() - timedelta(days=9),
                                                              utcnow() + timedelta(1)))
    assert "geheim" not in everything and "uitkering" not in everything and "personal data" not in everything
    links = sources.links(sorted(keys) + [f"post:{hidden.id}", f"post:{private_melding.post_id}"])
    assert set(links) == keys and links[f"post:{shown.id}"]["url"] == f"/w/besoijen/p/{shown.id}"


def test_hidden_content_never_shapes_a_theme(world, add_posts, texts):
    add_posts(world.wijk, world.anna, texts(120, themes={k: PLANTED[k] for k in ("verkeer", "groen", "spelen")}))
    add_posts(world.wijk, world.bram, texts(60, themes={"geheim": "maanraket sterrenkijker telescoop planeet "
                                                        "komeet astronaut"}), status="hidden")
    run = services.run_scope(services.wijk_scope("besoijen"))
    assert run.text_count == 120
    words = {term for theme in run.themes for term in theme.terms}
    assert not words & {"maanraket", "sterrenkijker", "telescoop", "planeet", "komeet", "astronaut"}


def test_a_name_survives_a_run_on_a_slightly_changed_corpus(world, add_posts, texts):
    posts = add_posts(world.wijk, world.anna, texts(200))
    run = services.run_scope(services.wijk_scope("besoijen"))
    assert len(run.themes) >= 5
    playground = next(t for t in run.themes if "speeltuin" in t.terms)
    services.rename(world.poster, playground, {"name": "Speelplekken"})
    ids = {t.id for t in run.themes}

    for post in posts[:20]:  # a tenth of the texts gone, a few new ones
        post.status = "removed"
    db.session.commit()
    add_posts(world.wijk, world.bram, texts(20, seed=7))
    run = services.run_scope(services.wijk_scope("besoijen"))
    renamed = db.session.get(Theme, playground.id)
    assert renamed is not None and renamed.run_id == run.id and renamed.name == "Speelplekken"
    assert "speeltuin" in renamed.terms
    assert ids == {t.id for t in run.themes}  # every theme recognised: stable ids


def test_a_name_is_dropped_for_a_really_different_theme(world, add_posts, texts):
    posts = add_posts(world.wijk, world.anna, texts(200))
    run = services.run_scope(services.wijk_scope("besoijen"))
    playground = next(t for t in run.themes if "speeltuin" in t.terms)
    services.rename(world.poster, playground, {"name": "Speelplekken"})
    for post in posts:
        post.status = "removed"
    db.session.commit()
    other = {"winkels": "winkel winkels markt kassa boodschappen supermarkt bakker slager openingstijden",
             "honden": "hond honden poep uitlaten aangelijnd hondenpoep hondenveld riem blaffen",
             "feest": "feest buurtfeest muziek barbecue springkussen optreden vrijwilligers tent",
             "bus": "bus bushalte dienstregeling trein station fiets fietsenstalling vertraging",
             "jeugd": "jongeren hangjongeren overlast jongerenwerk avondklok vuurwerk brommers"}
    add_posts(world.wijk, world.bram, texts(200, themes=other))
    run = services.run_scope(services.wijk_scope("besoijen"))
    assert db.session.get(Theme, playground.id) is None
    assert all(t.name is None for t in run.themes)


def test_the_cli_runs_a_wijk_a_municipality_or_everything(app, world, add_posts, texts):
    add_posts(world.wijk, world.anna, texts(100))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["themes", "run", "--wijk", "besoijen", "--days", "28"])
    assert result.exit_code == 0, result.output
    assert f"wijk:{world.wijk.id}: " in result.output
    run = db.session.scalar(select(ThemeRun).where(ThemeRun.wijk_id == world.wijk.id))
    assert run.days == 28 and run.text_count < 100 and run.themes
    result = runner.invoke(args=["themes", "run", "--municipality", "Teststad"])
    assert result.exit_code == 0 and f"gemeente:{world.wijk.municipality_id}: " in result.output
    assert runner.invoke(args=["themes", "run"]).exit_code == 0
    assert db.session.scalar(select(db.func.count()).select_from(ThemeRun)) == 2
    assert runner.invoke(args=["themes", "run", "--wijk", "nergens"]).exit_code != 0
    assert runner.invoke(args=["themes", "run", "--days", "3"]).exit_code == 2
    assert runner.invoke(args=["themes", "schedule"]).exit_code == 2  # no REDIS_URL


def test_the_rq_jobs_run_on_a_worker_and_the_nightly_one_reschedules_itself(make_app, redis_url, make_world,
                                                                            add_posts, texts):
    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE="themes-test")
    with app.app_context():
        world = make_world("besoijen", "Besoijen")
        add_posts(world.wijk, world.anna, texts(100))
        connection = Redis.from_url(redis_url)
        queue = Queue("themes-test", connection=connection)
        queue.empty()
        jobs.enqueue_run(app, wijk="besoijen", municipality=None, days=56)
        queue.enqueue(jobs.nightly_job)
        SimpleWorker([queue], connection=connection).work(burst=True)
        assert db.session.scalar(select(db.func.count()).select_from(ThemeRun)) == 2  # the wijk and Teststad
        scheduled = queue.scheduled_job_registry
        assert jobs.NIGHTLY_ID in scheduled.get_job_ids()
        assert scheduled.get_scheduled_time(jobs.NIGHTLY_ID) == jobs.next_night(utcnow())
        scheduled.remove(jobs.NIGHTLY_ID, delete_job=True)
        queue.empty()


def test_a_renamed_municipality_keeps_its_themes_and_their_names(world, add_posts, texts):
    add_posts(world.wijk, world.anna, texts(100))
    run = services.run_scope(services.municipality_scope("Teststad"))
    theme = run.themes[0]
    services.rename(world.poster, theme, {"name": "Regio"})
    world.wijk.municipality.name = "Nieuwstad"
    db.session.commit()
    again = services.run_scope(services.municipality_scope("Nieuwstad"))
    assert again.id == run.id and again.municipality == "Nieuwstad"
    assert db.session.get(Theme, theme.id).name == "Regio"
    assert services.scope_of(again).name == "Nieuwstad"
