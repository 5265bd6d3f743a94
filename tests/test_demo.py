"""`flask seed-demo` loads the Waalwijk demo through the real services, once."""
from sqlalchemy import func, select

from accounts.models import User
from accounts.services import authenticate
from core.extensions import db
from core.timeutil import utcnow
from demo.seed import DEMO_PASSWORD, USERS, demo_email, seed_demo_command
from participation.models import Participation
from partners.models import ORGANISATION_KINDS, Membership, Organisation
from themes.models import ThemeRun
from themes.services import rising as services_rising
from wijken.kinds import KINDS
from wijken.models import Comment, Follow, Post, Reaction, Rsvp, Wijk, WijkEvent, WijkRole

MODELS = (User, Wijk, Organisation, Membership, WijkRole, Follow, Post, Comment, Reaction, Rsvp, WijkEvent)
DEMO_WIJKEN = {"Waalwijk", "Sprang-Capelle", "Waspik"}
LOON_OP_ZAND = {"Kaatsheuvel-West", "Kaatsheuvel-Oost", "Loon op Zand", "De Moer"}


def seed(app) -> str:
    result = app.test_cli_runner().invoke(seed_demo_command)
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    return result.output


def counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in MODELS}


def test_second_run_adds_nothing_and_prints_the_logins_again(app):
    first = seed(app)
    loaded = counts()
    second = seed(app)

    assert counts() == loaded
    assert "already loaded" in second
    for output in (first, second):
        assert DEMO_PASSWORD in output
        assert all(demo_email(spec) in output for spec in USERS)


def test_demo_content(app):
    seed(app)
    now = utcnow()
    posts = list(db.session.scalars(select(Post).order_by(Post.id)))
    comments = list(db.session.scalars(select(Comment).order_by(Comment.id)))

    # Every wijk, post kind and organisation kind is there.
    assert {w.name for w in db.session.scalars(select(Wijk))} == DEMO_WIJKEN | LOON_OP_ZAND
    assert {p.wijk.name for p in posts} == DEMO_WIJKEN | {"Kaatsheuvel-Oost"}
    assert {p.kind for p in posts} == set(KINDS)
    assert set(db.session.scalars(select(Organisation.kind))) == set(ORGANISATION_KINDS)

    # An active burglary warning by the police in Waalwijk; a coming wijkschouw with sign-ups.
    assert any(p.kind == "inbraakwaarschuwing" and not p.is_expired(now) and p.wijk.name == "Waalwijk"
               and p.organisation.kind == "politie" for p in posts)
    assert any(p.kind == "wijkschouw" and p.starts_at > now and p.capacity and p.going_count >= 2
               for p in posts)
    assert any(p.pinned for p in posts)
    assert any(c.parent_id is not None for c in comments)

    # Backdated over about two weeks, in creation order, replies after their post. (Meldingen and questions to
    # organisations are made after the timeline and backdated with their own history: demo/meldingen.py.)
    own_history = {"melding", "vraag_aan"}
    timeline = [p for p in posts if p.kind not in own_history]
    for items in (timeline, [c for c in comments if c.post.kind not in own_history]):
        assert [i.created_at for i in items] == sorted(i.created_at for i in items)
    assert (timeline[-1].created_at - timeline[0].created_at).days >= 10
    assert all(c.created_at > c.post.created_at for c in comments)

    admin = authenticate(demo_email(USERS[0]), DEMO_PASSWORD)
    assert admin is not None and admin.is_admin and admin.email_verified_at is not None

    # The themes job ran at seed time: the municipality's themes, with fireworks rising in the last weeks.
    municipal = db.session.scalar(select(ThemeRun).where(ThemeRun.municipality == "Waalwijk"))
    assert municipal is not None and len(municipal.themes) >= 5
    assert any("vuurwerk" in t.terms for t in services_rising(municipal))

    # The budget tools: five lines with consequences, a € 40.000 vote of six projects, one from a resident's idea.
    schuiver = db.session.scalar(select(Participation).where(Participation.tool == "budgetschuiver"))
    assert len(schuiver.budget_lines) == 5 and all(line.consequences for line in schuiver.budget_lines)
    vote = db.session.scalar(select(Participation).where(Participation.tool == "budget_vote"))
    assert vote.vote.budget == 40_000 and len(vote.projects) == 6
    assert [p.idea.title for p in vote.projects if p.idea] == ["Een moestuin voor de buurt"]


def test_privileged_demo_users_have_two_factor_and_the_output_says_how(app):
    from accounts.permissions import holds_privileged_role, needs_two_factor
    from demo.seed import DEMO_TOTP_SECRET
    output = seed(app)
    users = list(db.session.scalars(select(User).where(User.is_service.is_(False))))
    privileged = [u for u in users if holds_privileged_role(u)]
    assert len(privileged) >= 4 and not any(needs_two_factor(u) for u in users)
    assert DEMO_TOTP_SECRET in output


def test_demo_posters_have_two_factor_also_in_a_demo_loaded_before_they_needed_it(app):
    """Organisation posters (the police posts warnings) need the second step; a demo database from before that
    rule gets it at the next `make run`, so the posters can still post as their organisation."""
    seed(app)
    politie = db.session.scalar(select(User).where(User.email == demo_email(next(u for u in USERS
                                                                                if u["key"] == "ruud"))))
    posters = list(db.session.scalars(select(User).join(Membership).where(User.is_service.is_(False))))
    assert politie in posters and all(u.two_factor_enabled for u in posters)
    politie.totp_secret = politie.totp_enabled_at = None  # as seeded before the rule
    assert not politie.two_factor_enabled
    db.session.commit()
    seed(app)
    db.session.refresh(politie)
    assert politie.two_factor_enabled


def test_loon_op_zand_stands_beside_waalwijk_with_its_own_branding_admin_and_partners(app, client, api):
    from wijken.models import Municipality
    from wijken.municipalities import partners_of

    seed(app)
    towns = {m.slug: m for m in db.session.scalars(select(Municipality))}
    assert set(towns) == {"waalwijk", "loon-op-zand"}
    loon = towns["loon-op-zand"]
    assert loon.cbs_code == "GM0809" and loon.primary_colour == "#1d6b3a" and loon.logo is not None
    assert {o.slug for o in partners_of(loon)} == {"gemeente-loon-op-zand", "dorpsraad-de-moer"}
    home = client.get("/").text
    assert 'href="/g/waalwijk"' in home and 'href="/g/loon-op-zand"' in home
    admin = db.session.scalar(select(User).where(User.email == "beheer.loonopzand@wijkpagina.example"))
    beheer = api.as_user(admin)
    assert beheer.patch("/api/v1/municipalities/waalwijk/branding", json={"primary_colour": "#1d6b3a"}) \
        .status_code == 403
    assert beheer.patch("/api/v1/municipalities/loon-op-zand/branding", json={"primary_colour": "#7a1f5c"}) \
        .status_code == 200
    db.session.expire_all()
    assert db.session.get(Municipality, towns["waalwijk"].id).primary_colour == "#0b5c8c"
