"""Schemathesis against the app's own OpenAPI document: every operation it lists, anonymous and with a token.

Property-based: for each documented operation Schemathesis generates valid and invalid requests from the
document served at /api/v1/openapi.json and checks that the API never answers with a server error, that
every status code it answers is documented, and that every body matches the documented schema. The
operations are read from the document itself, so routes added to openapi.py later are covered without
touching this file. Examples per operation are few (SETTINGS), so one backend takes well under a minute.

Schemathesis' own pytest integration (`schemathesis.pytest.from_fixture`) does not run on pytest 9.2
(it sets `Node._nodeid`, which pytest no longer has), so each operation is a plain parametrized test
that runs a Hypothesis test over the operation's strategies.
"""
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

from accounts.services import issue_token
from core.extensions import db
from core.timeutil import isoformat, utcnow
from openapi import build_spec
from wijken.roles import grant_wijk_role
from wijken.services import add_comment, follow, wijk_by_slug

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
OPERATIONS = [(path, method) for path, item in build_spec()["paths"].items() for method in item
              if method in HTTP_METHODS]
CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance,
          schemathesis.checks.status_code_conformance]
SETTINGS = settings(max_examples=12, deadline=None, database=None, derandomize=True, print_blob=False,
                    phases=[Phase.explicit, Phase.generate, Phase.shrink],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


@pytest.fixture
def seeded(make_app, make_user, make_wijk, make_post):
    """A second app on the test's database, with a wijk, an event with a thread, and a coordinator's token.

    The factories' app keeps its context open for the whole test; requests to another app each get their
    own app context, as on a real server (`g` holds the request's API user, which must not carry over).
    """
    app = make_app()
    with app.app_context():
        wijk = make_wijk("centrum", "Centrum")
        user = make_user("Schemathesis")
        grant_wijk_role(user, wijk, "coordinator")
        follow(user, wijk_by_slug("centrum"))
        start = utcnow() + timedelta(days=3)
        event = make_post(user, wijk_by_slug("centrum"), kind="evenement", title="Burendag", body="Kom ook!",
                          location="Plein", starts_at=isoformat(start), ends_at=isoformat(start + timedelta(hours=2)),
                          capacity=5)
        comment = add_comment(user, event, {"body": "Ik kom"})
        token, _record = issue_token(user)
        known = {"slug": "centrum", "post_id": event.id, "comment_id": comment.id}
        db.session.remove()
    return app, token, known


@pytest.mark.parametrize("caller", ["anonymous", "token"])
@pytest.mark.parametrize("path, method", OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_operation_answers_as_documented(seeded, caller, path, method):
    app, token, known = seeded
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method.upper()]
    headers = {"Authorization": f"Bearer {token}"} if caller == "token" else {}
    # Random ids and slugs mostly find nothing (404); half the cases use the seeded wijk, post and comment,
    # so the bodies and queries reach the code behind the lookup.
    existing = {name: value for name, value in known.items() if f"{{{name}}}" in path}
    path_variants = [None, existing] if existing else [None]
    cases = st.one_of(*(operation.as_strategy(mode, path_parameters=fixed)
                        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) for fixed in path_variants))

    @SETTINGS
    @given(case=cases)
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_numbers_beyond_any_id_are_client_errors_not_database_errors(api, client, make_user, make_wijk, make_post):
    """Found by fuzzing on SQLite, which cannot even compare integers beyond 2**63."""
    import base64

    from wijken.roles import grant_wijk_role as grant

    wijk = make_wijk("centrum")
    user = make_user()
    grant(user, wijk, "coordinator")
    post = make_post(user, wijk)
    me = api.as_user(user)
    huge = 2**70

    def cursor(*parts) -> str:
        return base64.urlsafe_b64encode("|".join(parts).encode()).decode().rstrip("=")

    assert me.get(f"/api/v1/posts/{huge}").status_code == 404
    assert me.patch(f"/api/v1/posts/{huge}", json={"title": "x"}).status_code == 404  # not a 405
    assert client.get(f"/w/centrum/p/{huge}").status_code == 404
    assert me.post(f"/api/v1/posts/{post.id}/comments", json={"body": "x", "parent_id": huge}).status_code == 422
    assert me.get(f"/api/v1/wijken/centrum/events?since={huge}").get_json()["items"] == []
    assert me.get(f"/api/v1/audit?wijk=centrum&before={huge}").status_code == 200
    assert me.get(f"/api/v1/wijken/centrum/posts?before={cursor('0', '2020-01-01T00:00:00', str(huge))}") \
        .status_code == 400
    assert me.get(f"/api/v1/posts/{post.id}/comments?before={cursor('2020-01-01T00:00:00', str(huge))}") \
        .status_code == 400


def test_text_with_nul_characters_finds_nothing_instead_of_failing(api, client, make_user, make_wijk):
    """Found by fuzzing on PostgreSQL, which refuses to compare text holding NUL characters."""
    make_wijk("centrum")
    user = make_user()
    assert client.post("/api/v1/tokens", json={"email": "\x00", "password": "x"}).status_code == 401
    assert client.post("/api/v1/tokens", json={"email": user.email + "\x00", "password": "correct horse battery"}) \
        .status_code == 401
    assert api.get("/api/v1/wijken/%00").status_code == 404
    assert api.as_user(user).get("/api/v1/audit?wijk=%00").status_code == 404
