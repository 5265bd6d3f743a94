"""What the in-process benchmarks share: an app on a fresh SQLite file (or `BENCH_DATABASE_URL`, an empty database
of its own) and a wijk served by a verified gemeente with a poster, made through the real services; residents in
bulk; and p95 of a list of timings."""
import os
import statistics
import time
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from accounts import two_factor
from accounts.models import User
from accounts.services import create_user
from app import create_app
from core.extensions import db
from core.timeutil import utcnow
from partners.services import create_or_update_organisation, grant_membership
from wijken.models import Wijk
from wijken.municipalities import municipality_named
from wijken.roles import serve_wijken

PASSWORD = "correct horse battery"
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextmanager
def throwaway_postgres(prefix: str, *, keep: bool = False):
    """The URL of a new, empty PostgreSQL database (TEST_POSTGRES_URL says where), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        if keep:
            print(f"[bench] kept database {name}", flush=True)
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def timed(call) -> float:
    """How long `call()` takes, in ms."""
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


@contextmanager
def bench_app(tmp: str):
    """An app context on a new database with every table."""
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "MAIL_SUPPRESS_SEND": True, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        db.create_all()
        try:
            yield app
        finally:
            db.session.remove()
            if url.startswith("postgresql"):
                db.drop_all()


def gemeente_owner(slug: str = "bench") -> User:
    """The wijk `slug`, served by the verified organisation `gemeente`; its poster (two-factor on, as an
    organisation role needs)."""
    db.session.add(Wijk(slug=slug, name=slug.title(), cbs_code="WK999999", municipality=municipality_named("Bench"),
                        geometry={"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}))
    db.session.commit()
    owner = create_user({"email": "owner@bench.example", "display_name": "Owner", "password": PASSWORD},
                        verified=True)
    two_factor.provision(owner, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    org = create_or_update_organisation({"slug": "gemeente", "name": "Gemeente", "kind": "gemeente",
                                         "verified": True})
    serve_wijken(org, [slug], add=True)
    grant_membership(owner, org, "poster")
    return owner


def residents(count: int, prefix: str = "p") -> list[User]:
    """`count` verified accounts, inserted at once (no password: they only answer in-process)."""
    made = [User(email=f"{prefix}{n}@bench.example", display_name=f"{prefix.upper()}{n}", password_hash="-",
                 email_verified_at=utcnow()) for n in range(count)]
    db.session.add_all(made)
    db.session.commit()
    return made


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(int(0.95 * len(ordered)) - 1, 0)]


def summary(timings_ms: list[float]) -> dict:
    return {"median_ms": round(statistics.median(timings_ms), 2), "p95_ms": round(p95(timings_ms), 2)}
