"""Officials as themselves: the organisation's admin gives members a function title ("wethouder", "wijkagent"),
shown with the organisation's badge on what they write for it (posts, comments, the spreekuur's chat); the
organisation's integrity policy is linked from its page. Pages, API and the audit log."""
from datetime import timedelta

from sqlalchemy import select

from audit.models import AuditEntry
from conversations import services as conversations
from conversations import spreekuur
from core.extensions import db
from core.timeutil import utcnow
from partners.services import grant_membership
from tests.conftest import Api, log_in
from wijken.services import add_comment


def _gemeente(make_user, make_wijk, make_org):
    wijk = make_wijk("besoijen", "Besoijen")
    admin, wethouder, resident = make_user("Annet Admin"), make_user("Wethouder Jansen"), make_user("Bewoner Bas")
    org = make_org("gemeente", "gemeente", wijken=[wijk], members=[wethouder])
    grant_membership(admin, org, "admin")
    return wijk, org, admin, wethouder, resident


def test_admin_sets_a_function_shown_on_posts_and_comments(make_user, make_wijk, make_org, make_post, client):
    wijk, org, admin, wethouder, resident = _gemeente(make_user, make_wijk, make_org)
    log_in(client, admin)
    members = client.get("/organisaties/gemeente/leden").text
    assert f'id="function-{wethouder.id}"' in members
    done = client.post(f"/organisaties/gemeente/leden/{wethouder.id}/functie",
                       data={"function_title": "wethouder Wonen"})
    assert done.status_code == 302
    post = make_post(wethouder, wijk, kind="aankondiging", title="Nieuwe woningen", organisation=org)
    own = make_post(wethouder, wijk, title="Als buurtbewoner")  # not for the organisation: no function
    reply = add_comment(wethouder, post, {"body": "Vragen? Kom naar het spreekuur.", "organisation": "gemeente"})
    assert (post.author_function, own.author_function, reply.author_function) == ("wethouder Wonen", None,
                                                                                   "wethouder Wonen")
    page = client.get(f"/w/besoijen/p/{post.id}").text
    assert page.count('<span class="author-function">wethouder Wonen</span>') == 2
    assert 'href="/organisaties/gemeente"' in page
    api = Api(client)
    assert api.get(f"/api/v1/posts/{post.id}").json["author_function"] == "wethouder Wonen"
    assert api.get(f"/api/v1/posts/{own.id}").json["author_function"] is None
    assert api.get(f"/api/v1/posts/{post.id}/comments").json["items"][0]["author_function"] == "wethouder Wonen"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "set_function")).one()
    assert entry.actor_id == admin.id and entry.target_id == wethouder.id and entry.reason == "wethouder Wonen"
    public = client.get("/organisaties/gemeente").text.split('id="officials-title"')[1].split("</section>")[0]
    assert "Wethouder Jansen" in public and "wethouder Wonen" in public and "Annet Admin" not in public


def test_only_the_organisations_admin_sets_functions_through_the_api(make_user, make_wijk, make_org, client):
    wijk, org, admin, wethouder, resident = _gemeente(make_user, make_wijk, make_org)
    path = f"/api/v1/organisations/gemeente/members/{wethouder.id}"
    assert Api(client, wethouder).patch(path, json={"function_title": "burgemeester"}).status_code == 403
    assert Api(client, resident).patch(path, json={"function_title": "burgemeester"}).status_code == 403
    as_admin = Api(client, admin)
    too_long = as_admin.patch(path, json={"function_title": "x" * 61})
    assert too_long.status_code == 422 and "function_title" in too_long.json["error"]["fields"]
    assert as_admin.patch(f"/api/v1/organisations/gemeente/members/{resident.id}",
                          json={"function_title": "wijkagent"}).status_code == 404  # not a member
    assert as_admin.patch("/api/v1/organisations/gemeente/members/999999", json={}).status_code == 404
    done = as_admin.patch(path, json={"function_title": "  wethouder Wonen  "})
    assert done.status_code == 200 and done.json == {"user_id": wethouder.id, "display_name": "Wethouder Jansen",
                                                     "role": "poster", "function_title": "wethouder Wonen"}
    shown = Api(client).get("/api/v1/organisations/gemeente").json
    assert shown["officials"] == [{"id": wethouder.id, "display_name": "Wethouder Jansen",
                                   "function_title": "wethouder Wonen"}]
    assert as_admin.patch(path, json={"function_title": ""}).json["function_title"] is None
    assert Api(client).get("/api/v1/organisations/gemeente").json["officials"] == []


def test_the_integrity_policy_is_linked_from_the_organisations_page(make_user, make_wijk, make_org, client):
    wijk, org, admin, wethouder, resident = _gemeente(make_user, make_wijk, make_org)
    as_admin = Api(client, admin)
    for bad in ("javascript:alert(1)", "www.waalwijk.nl", "https://", "https://exa mple.nl", "http://[abc"):
        refused = as_admin.patch("/api/v1/organisations/gemeente", json={"policy_url": bad})
        assert refused.status_code == 422 and "policy_url" in refused.json["error"]["fields"], bad
    assert Api(client, wethouder).patch("/api/v1/organisations/gemeente",
                                        json={"policy_url": "https://evil.test"}).status_code == 403
    url = "https://www.waalwijk.nl/integriteit-social-media"
    assert as_admin.patch("/api/v1/organisations/gemeente", json={"policy_url": url}).json["policy_url"] == url
    assert f'href="{url}"' in client.get("/organisaties/gemeente").text
    log_in(client, admin)
    refused = client.post("/organisaties/gemeente/beleid", data={"policy_url": "ftp://x.test/beleid"})
    assert refused.status_code == 422 and "ftp://x.test/beleid" in refused.text and "field-error" in refused.text
    assert client.post("/organisaties/gemeente/beleid", data={"policy_url": ""}).status_code == 302
    assert "policy_url" not in client.get("/organisaties/gemeente").text and org.policy_url is None
    assert client.get("/organisaties/atlantis").status_code == 404


def test_the_spreekuur_takes_the_hosts_function_and_chat_shows_other_officials(make_user, make_wijk, make_org,
                                                                               client):
    wijk, org, admin, wethouder, resident = _gemeente(make_user, make_wijk, make_org)
    agent = make_user("Agent Pieters")
    grant_membership(agent, org, "poster")
    org.memberships  # noqa: B018
    Api(client, admin).patch(f"/api/v1/organisations/gemeente/members/{wethouder.id}",
                             json={"function_title": "wethouder Wonen"})
    Api(client, admin).patch(f"/api/v1/organisations/gemeente/members/{agent.id}",
                             json={"function_title": "wijkcoördinator"})
    db.session.expire_all()
    start = utcnow() + timedelta(hours=1)
    conversation = spreekuur.create_spreekuur(wethouder, wijk, {
        "organisation": "gemeente", "host": wethouder.id, "title": "Spreekuur wonen",
        "starts_at": start.isoformat() + "Z", "ends_at": (start + timedelta(hours=1)).isoformat() + "Z"})
    assert conversation.host_function == "wethouder Wonen"
    conversation.starts_at = conversation.post.starts_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    conversations.say(agent, conversation, {"body": "Ik help ook mee."})
    page = client.get(f"/spreekuur/{conversation.id}").text
    assert '<span class="host-function">wijkcoördinator</span>' in page
    shown = Api(client).get(f"/api/v1/spreekuren/{conversation.id}").json["messages"][0]
    assert shown["organisation"]["slug"] == "gemeente" and shown["author_function"] == "wijkcoördinator"
