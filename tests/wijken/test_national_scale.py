"""What keeps cross-wijk reads flat as the country's wijken grow: the point index, the paged wijken list and
"my feed" merged from each followed wijk's newest posts."""
from datetime import timedelta

from core.extensions import db
from core.timeutil import utcnow
from tests.querycount import count_queries
from wijken.feeds import followed_feed
from wijken.geo import wijk_at
from wijken.models import Post


def square(x0, y0, size=0.1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size],
                                                [x0, y0 + size], [x0, y0]]]}


def test_point_lookup_reads_no_geometry_once_indexed(app, make_wijk):
    make_wijk("noord", geometry=square(5.0, 51.1))
    make_wijk("zuid", geometry=square(5.0, 51.0))
    assert wijk_at(51.05, 5.05).slug == "zuid"  # builds the index
    with count_queries(app) as statements:
        assert wijk_at(51.15, 5.05).slug == "noord"
        assert wijk_at(52.0, 5.05) is None
    assert len(statements) == 3  # the index key twice, one wijk by id
    assert not any("geometry," in s or "geometry AS" in s for s in statements)


def test_point_lookup_follows_a_changed_outline(app, make_wijk):
    make_wijk("noord", geometry=square(5.0, 51.1))
    zuid = make_wijk("zuid", geometry=square(5.0, 51.0))
    assert wijk_at(51.05, 5.05).slug == "zuid"
    zuid.geometry = square(6.0, 51.0)  # moved east
    db.session.commit()
    assert wijk_at(51.05, 5.05) is None
    assert wijk_at(51.05, 6.05).slug == "zuid"
    db.session.delete(zuid)
    db.session.commit()
    assert wijk_at(51.05, 6.05) is None


def test_the_wijken_list_is_paged_by_name(app, api, make_wijk):
    for slug in ("delta", "alfa", "charlie", "bravo", "echo"):
        make_wijk(slug, geometry=square(5.0, 51.0))
    seen, cursor = [], None
    while True:
        page = api.get("/api/v1/wijken?limit=2" + (f"&before={cursor}" if cursor else "")).json
        assert len(page["items"]) <= 2
        seen += [w["slug"] for w in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == ["alfa", "bravo", "charlie", "delta", "echo"]
    bad = api.get("/api/v1/wijken?before=nonsense")
    assert bad.status_code == 400 and bad.json["error"]["code"] == "bad_cursor"


def test_my_feed_merges_the_followed_wijken_newest_first(app, make_user, make_wijk, make_post):
    from wijken.services import follow

    reader, author = make_user(), make_user()
    wijken = [make_wijk(slug, geometry=square(5.0, 51.0)) for slug in ("a", "b", "c")]
    elsewhere = make_wijk("d", geometry=square(5.0, 51.0))
    for wijk in wijken[:2] + [wijken[2]]:
        follow(reader, wijk)
    start = utcnow() - timedelta(days=1)
    expected = []
    for n in range(12):
        wijk = wijken[n % 3] if n % 4 else wijken[0]
        post = make_post(author, wijk, title=f"Bericht {n}")
        post.created_at = start + timedelta(minutes=n)
        expected.append(post.id)
        hidden = make_post(author, elsewhere, title=f"Elders {n}")
        hidden.created_at = start + timedelta(minutes=n, seconds=30)
    db.session.get(Post, expected[5]).status = "hidden"
    expected.remove(expected[5])
    db.session.commit()

    seen, cursor = [], None
    while True:
        posts, cursor = followed_feed(reader, before=cursor, limit=4)
        seen += [p.id for p in posts]
        if cursor is None:
            break
    assert seen == expected[::-1]
    with count_queries(app) as statements:
        followed_feed(reader, limit=4)
    assert len(statements) <= 3  # the follows, the page, its photos


def test_my_feed_of_someone_following_nothing(app, make_user):
    assert followed_feed(make_user()) == ([], None)
