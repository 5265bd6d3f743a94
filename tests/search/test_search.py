"""Full-text search: Dutch stemming on both databases, only what the viewer may see, filters, pagination."""
import pytest
from sqlalchemy import func, select, update

from core.extensions import db
from core.transactions import commit
from search.models import SearchDocument
from tests.querycount import count_queries
from wijken.models import Post
from wijken.services import add_comment, set_status, update_comment, update_post


@pytest.fixture
def place(make_user, make_wijk):
    return {"wijk": make_wijk("centrum"), "other": make_wijk("noord"), "author": make_user("Auteur"),
            "neighbour": make_user("Buur")}


def found(api, q, **params):
    answer = api.get("/api/v1/search", query_string={"q": q, **params})
    assert answer.status_code == 200, answer.json
    return [(item["kind"], item["id"]) for item in answer.json["items"]]


@pytest.mark.parametrize("query", ["lantaarnpaal", "Lantaarnpalen", "LANTAARNPAAL kapot", "kapotte lantaarnpalen"])
def test_dutch_stemming(api, place, make_post, query):
    post = make_post(place["author"], place["wijk"], title="Straatverlichting",
                     body="De lantaarnpalen in de Grotestraat zijn kapot.")
    assert found(api, query) == [("post", post.id)]


def test_every_word_must_occur_and_stop_words_are_ignored(api, place, make_post):
    post = make_post(place["author"], place["wijk"], title="Bomen gekapt", body="Op het plein zijn bomen gekapt.")
    assert found(api, "de bomen op het plein") == [("post", post.id)]
    assert found(api, "bomen fietsen") == []
    answer = api.get("/api/v1/search?q=de+het+een")
    assert answer.json == {"items": [], "next": None, "words": []}


def test_a_post_is_found_by_a_word_in_one_of_its_comments(api, place, make_post):
    post = make_post(place["author"], place["wijk"], title="Wie weet raad?", body="Mijn schutting waait om.")
    comment = add_comment(place["neighbour"], post, {"body": "Bel de **klusjesman** van nummer 12."})
    hits = api.get("/api/v1/search?q=Klusjesman").json["items"]
    assert [(h["kind"], h["id"]) for h in hits] == [("comment", comment.id)]
    assert hits[0]["url"] == f"/w/centrum/p/{post.id}#comment-{comment.id}"
    assert hits[0]["title_html"] == "Wie weet raad?" and "<mark>klusjesman</mark>" in hits[0]["snippet_html"]
    update_comment(place["neighbour"], comment, {"body": "Bel de timmerman."})
    assert found(api, "klusjesman") == [] and found(api, "timmerman") == [("comment", comment.id)]


def test_a_hidden_post_is_never_found_nor_its_comments(api, place, make_post, make_user):
    post = make_post(place["author"], place["wijk"], title="Geheim", body="Het woord is zeepbel.")
    comment = add_comment(place["neighbour"], post, {"body": "Zeepbel hier ook."})
    assert len(found(api, "zeepbel")) == 2
    set_status(post, "hidden")
    commit()
    moderator = make_user(admin=True)
    for viewer in (api, api.as_user(place["author"]), api.as_user(moderator)):
        assert found(viewer, "zeepbel") == []
    assert db.session.scalar(select(func.count()).select_from(SearchDocument)) == 0  # dropped, not only filtered
    set_status(post, "published")
    commit()
    assert sorted(found(api, "zeepbel")) == sorted([("post", post.id), ("comment", comment.id)])
    set_status(comment, "removed")
    commit()
    assert found(api, "zeepbel") == [("post", post.id)]


def test_a_stale_index_still_never_shows_what_is_gone(api, place, make_post):
    """A change that bypassed the services (a bulk SQL fix, say) is caught at query time."""
    post = make_post(place["author"], place["wijk"], title="Oud", body="Vuurwerkoverlast op oudjaar.")
    db.session.execute(update(Post).where(Post.id == post.id).values(status="removed"))
    db.session.commit()
    assert found(api, "vuurwerkoverlast") == []


def test_edits_and_pending_posts(api, place, make_post):
    post = make_post(place["author"], place["wijk"], title="Fietsenstalling", body="Waar laat ik mijn fiets?")
    update_post(place["author"], post, {"title": "Parkeerplaats", "body": "Waar parkeer ik mijn auto?"})
    assert found(api, "fietsenstalling") == [] and found(api, "parkeer") == [("post", post.id)]
    place["wijk"].premoderation = True
    db.session.commit()
    newcomer_post = make_post(place["neighbour"], place["wijk"], title="Eerste", body="Parkeer hier gratis!")
    assert db.session.get(Post, newcomer_post.id).status == "pending"
    assert found(api, "parkeer") == [("post", post.id)]


def test_filters_by_kind_and_wijk(api, place, make_post):
    here = make_post(place["author"], place["wijk"], title="Buurtfeest", body="Kom naar het buurtfeest.")
    there = make_post(place["author"], place["other"], title="Buurtfeest noord", body="Ook hier een buurtfeest.")
    comment = add_comment(place["neighbour"], here, {"body": "Gezellig, dat buurtfeest!"})
    assert len(found(api, "buurtfeest")) == 3
    assert found(api, "buurtfeest", wijk="noord") == [("post", there.id)]
    assert found(api, "buurtfeest", kind="comment") == [("comment", comment.id)]
    assert found(api, "buurtfeest", kind="post", wijk="centrum") == [("post", here.id)]
    assert api.get("/api/v1/search?q=buurtfeest&kind=nonsense").status_code == 422
    assert api.get("/api/v1/search?q=buurtfeest&wijk=nergens").status_code == 404


def test_keyset_pagination(app, api, place, make_post):
    posts = [make_post(place["author"], place["wijk"], title=f"Melding {n}", body="Losliggende stoeptegels.")
             for n in range(25)]
    seen, cursor, pages = [], None, 0
    while True:
        answer = api.get("/api/v1/search", query_string={"q": "stoeptegel", "limit": 10,
                                                          **({"before": cursor} if cursor else {})}).json
        seen += [item["id"] for item in answer["items"]]
        pages += 1
        cursor = answer["next"]
        if cursor is None:
            break
    assert pages == 3 and seen == [p.id for p in reversed(posts)]
    assert api.get("/api/v1/search?q=stoeptegel&before=bm9uc2Vuc2U").status_code == 400
    assert api.get("/api/v1/search?q=stoeptegel&before=%00").status_code == 400


def test_query_count_does_not_grow_with_results(app, api, place, make_post):
    def queries():
        with count_queries(app) as statements:
            assert api.get("/api/v1/search?q=hond&limit=50").status_code == 200
        return len(statements)

    post = make_post(place["author"], place["wijk"], title="Hond", body="Hond loslopend gezien.")
    add_comment(place["neighbour"], post, {"body": "Die hond is van nummer 3."})
    few = queries()
    for n in range(15):
        add_comment(place["neighbour"], make_post(place["author"], place["other"], title=f"Hond {n}",
                                                  body="Nog een hond."), {"body": "Hond!"})
    assert queries() == few <= 4


@pytest.mark.parametrize("query", ['"', "'", '"lantaarn', "lantaarn*", "a AND b", "NEAR(a b)", "-x", "a:b",
                                   "!&|()", "\\", "%", "_", "'); DROP TABLE post; --", "tsquery & | !", "^a",
                                   "lantaarn'paal", "{}[]", "😀", "ü", "x" * 200])
def test_operators_and_quotes_never_break_search(api, client, place, make_post, query):
    make_post(place["author"], place["wijk"], title="Lantaarnpaal", body="Kapot.")
    assert api.get("/api/v1/search", query_string={"q": query}).status_code == 200
    assert client.get("/zoeken", query_string={"q": query}).status_code == 200


@pytest.mark.parametrize("query, status", [("", 422), ("   ", 422), ("x" * 201, 422), ("a\x00b", 422)])
def test_bad_queries_are_refused(api, client, place, query, status):
    answer = api.get("/api/v1/search", query_string={"q": query})
    assert answer.status_code == status and answer.json["error"]["code"] == "validation_failed"
    if query.strip():
        assert client.get("/zoeken", query_string={"q": query}).status_code == status


def test_search_page_highlights_and_links(client, place, make_post):
    post = make_post(place["author"], place["wijk"], title="Zwerfvuil <script>", body="Veel **zwerfvuil** hier.")
    page = client.get("/zoeken?q=zwerfvuil").text
    assert f'href="/w/centrum/p/{post.id}"' in page
    assert "<mark>Zwerfvuil</mark> &lt;script&gt;" in page and "<script>" not in page.split("</header>")[1]
    assert client.get("/zoeken").status_code == 200  # the empty form


def test_reindex_rebuilds_from_the_content(app, api, place, make_post):
    post = make_post(place["author"], place["wijk"], title="Speeltuin", body="De speeltuin is open.")
    db.session.execute(SearchDocument.__table__.delete())
    db.session.commit()
    assert found(api, "speeltuin") == []
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "1 documents indexed" in result.output
    assert found(api, "speeltuin") == [("post", post.id)]
