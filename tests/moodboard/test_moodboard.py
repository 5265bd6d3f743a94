"""The moodboard: pins with images and on the drawing, near-duplicates offered first, dots within a budget,
results, the share image and the print, flags and review, and who sees which image."""
import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from audit.models import AuditEntry
from core.errors import Conflict, PermissionDenied, ValidationError
from core.extensions import db
from core.timeutil import utcnow
from media.models import StoredImage
from moodboard import services as boards
from moodboard.models import Pin
from participation import services as participations
from tests.conftest import log_in
from tests.photofiles import gps_of, photo, textured
from wijken.roles import grant_wijk_role


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    return tmp_path / "media"


@pytest.fixture
def world(make_world):
    return make_world("akkerlaan", "Akkerlaan")


def make_board(world, publish=True, **changes):
    data = {"tool": "moodboard", "wijken": ["akkerlaan"], "organisation": "gemeente",
            "title": "Speeltuin Akkerlaan: hoe moet hij worden?", "body": "Pin wat je mooi vindt.",
            "level": "adviseren", "decision_owner": "college van B&W", "results_visibility": "live",
            "closes_at": utcnow() + timedelta(days=14),
            "definition": {"categories": ["Spelen", "Groen", "Zitten"], "dots_per_person": 5, "max_per_pin": 2}}
    board = participations.create_participation(world.poster, data | changes)
    if publish:
        participations.publish(world.poster, board)
    return board


def pin(user, board, seed=1, caption="Zo'n klimrek", **data):
    return boards.add_pin(user, board, {"caption": caption, "alt": "Een klimrek", **data},
                          textured(seed, (800, 600)))


def test_define_reads_categories_and_the_dot_budget(world):
    board = make_board(world, publish=False)
    assert [c.label for c in board.board.categories] == ["Spelen", "Groen", "Zitten"]
    assert (board.board.dots_per_person, board.board.max_per_pin) == (5, 2)
    with pytest.raises(ValidationError) as refused:
        make_board(world, definition={"categories": ["Spelen", "spelen"], "dots_per_person": 2, "max_per_pin": 3})
    assert {"definition.categories", "definition.max_per_pin"} <= set(refused.value.fields)


def test_pins_dots_and_the_budget(world):
    board = make_board(world)
    a, b, c = pin(world.anna, board, 1), pin(world.bram, board, 2), pin(world.cor, board, 3)
    assert boards.set_dots(world.anna, a, board, 2)["dots_left"] == 3
    with pytest.raises(ValidationError):
        boards.set_dots(world.anna, b, board, 3)  # at most 2 on one image
    boards.set_dots(world.anna, b, board, 2)
    with pytest.raises(Conflict) as refused:
        boards.set_dots(world.anna, c, board, 2)  # only one left
    assert refused.value.code == "no_dots_left"
    result = boards.set_dots(world.anna, a, board, 0)  # moved: taken off one, onto another
    assert result["dots_left"] == 3 and a.dot_count == 0
    boards.set_dots(world.anna, c, board, 2)
    boards.set_dots(world.bram, c, board, 1)
    assert (c.dot_count, board.participant_count) == (3, 3)
    assert boards.results(board)["top"][0] == {"pin_id": c.id, "dots": 3}
    participations.close(world.poster, board)
    with pytest.raises(PermissionDenied):
        boards.set_dots(world.anna, c, board, 1)  # changeable until the close only


def test_a_near_duplicate_is_offered_first(client, login, world):
    board = make_board(world)
    first = pin(world.anna, board, 7)
    with pytest.raises(boards.SimilarPins) as similar:
        boards.add_pin(world.bram, board, {"caption": "Ook mooi", "alt": "Klimrek"},
                       textured(7, (400, 300)))
    assert similar.value.pins == [first]
    login(world.bram)
    page = client.post(f"/doe-mee/{board.id}/moodboard/pins", content_type="multipart/form-data",
                       data={"caption": "Ook mooi", "alt": "Klimrek", "image": (io.BytesIO(textured(7)), "k.jpg")})
    assert page.status_code == 409 and "Lijkt op deze" in page.text
    assert f'/moodboard/pins/{first.id}/stippen' in page.text and 'name="anyway" value="1"' in page.text
    anyway = client.post(f"/doe-mee/{board.id}/moodboard/pins", content_type="multipart/form-data",
                         data={"caption": "Ook mooi", "alt": "Klimrek", "anyway": "1",
                               "image": (io.BytesIO(textured(7)), "k.jpg")})
    assert anyway.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Pin)) == 2


def test_bad_pins_store_nothing(client, login, world, uploads):
    board = make_board(world)
    login(world.anna)
    for data in ({"caption": "Zonder beschrijving", "image": (io.BytesIO(photo()), "a.jpg")},
                 {"caption": "Geen plaatje", "alt": "x", "image": (io.BytesIO(b"<html>"), "a.jpg")},
                 {"caption": "", "alt": "x", "image": (io.BytesIO(photo()), "a.jpg")},
                 {"caption": "Een punt zonder tekening", "x_percent": "20", "y_percent": "30"}):
        response = client.post(f"/doe-mee/{board.id}/moodboard/pins", content_type="multipart/form-data", data=data)
        assert response.status_code == 422, data
    assert db.session.scalar(select(func.count()).select_from(StoredImage)) == 0
    assert not uploads.exists() or not list(uploads.glob("*/*"))


def test_the_drawing_and_comments_on_points(client, login, world):
    board = make_board(world)
    with pytest.raises(PermissionDenied):
        boards.set_drawing(world.anna, board, photo(size=(1600, 1000)), "Tekening")
    boards.set_drawing(world.poster, board, photo(size=(1600, 1000)), "Ontwerptekening van bovenaf")
    login(world.anna)
    response = client.post(f"/doe-mee/{board.id}/moodboard/pins", data={
        "caption": "Hier een hek om de zandbak", "x_percent": "20", "y_percent": "25"})
    assert response.status_code == 302
    note = db.session.scalar(select(Pin))
    assert (note.x, note.y, note.image) == (0.2, 0.25, None)
    page = client.get(f"/doe-mee/{board.id}").text
    assert '<circle cx="320" cy="250"' in page and "Hier een hek om de zandbak" in page
    assert "Ontwerptekening van bovenaf" in page


def test_images_follow_the_pin_and_the_board(client, api, world):
    board = make_board(world, publish=False)
    boards.set_drawing(world.poster, board, photo(size=(900, 600)), "Tekening")
    drawing = f"/doe-mee/{board.id}/moodboard/beeld/{board.board.drawing.key}/900.jpg"
    assert client.get(drawing).status_code == 404  # a draft: only its owner
    assert api.as_user(world.poster).get(drawing).status_code == 200  # the owner, with a bearer token
    participations.publish(world.poster, board)
    served = client.get(drawing)
    assert served.status_code == 200 and served.headers["X-Content-Type-Options"] == "nosniff"
    assert gps_of(served.data) == {}
    one = boards.add_pin(world.anna, board, {"caption": "Mooi", "alt": "Iets"}, photo(gps=True, size=(500, 400)))
    url = f"/doe-mee/{board.id}/moodboard/beeld/{one.image.key}/500.jpg"
    assert client.get(url).status_code == 200
    assert gps_of(client.get(url).data) == {}
    one.status = "hidden"
    db.session.commit()
    assert client.get(url).status_code == 404


def test_flags_hide_a_pin_and_a_reviewer_decides(world):
    board = make_board(world)
    world.wijk.flag_threshold = 2
    db.session.commit()
    target = pin(world.anna, board)
    boards.flag_pin(world.bram, target, board, {"reason": "spam"})
    assert target.status == "published"
    with pytest.raises(Conflict):
        boards.flag_pin(world.bram, target, board, {"reason": "spam"})
    boards.flag_pin(world.cor, target, board, {"reason": "anders", "text": "Reclame voor een winkel"})
    assert target.status == "hidden"
    assert boards.review_queue(board) == [(target, 2)]
    with pytest.raises(PermissionDenied):
        boards.review(world.bram, target, board, "restore", "Niets mis mee")
    boards.review(world.poster, target, board, "restore", "Niets mis mee")
    assert target.status == "published" and boards.review_queue(board) == []
    boards.review(world.poster, target, board, "remove", "Toch reclame")
    assert target.status == "removed" and target.image is None
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["moodboard_restore", "moodboard_remove"]


def test_reported_pins_wait_on_the_review_queue_of_who_may_review_them(app, client, login, world, make_user,
                                                                         make_wijk):
    board = make_board(world)
    target = pin(world.anna, board)
    review_link = f"/doe-mee/{board.id}/moodboard/beoordelen"
    coordinator, elsewhere = make_user("Coördinator"), make_user("Coördinator elders")
    grant_wijk_role(coordinator, world.wijk, "coordinator")
    grant_wijk_role(elsewhere, make_wijk("centrum", "Centrum"), "coordinator")
    login(coordinator)
    assert review_link not in client.get("/moderatie").get_data(as_text=True)

    boards.flag_pin(world.bram, target, board, {"reason": "spam"})
    page = client.get("/moderatie").get_data(as_text=True)
    assert review_link in page and "1 gemelde pin" in page
    other = app.test_client()
    log_in(other, elsewhere)
    assert review_link not in other.get("/moderatie").get_data(as_text=True)

    boards.review(coordinator, target, board, "dismiss", "Niets mis mee")
    assert review_link not in client.get("/moderatie").get_data(as_text=True)


def test_share_image_is_the_open_graph_image_and_the_print_is_a3(client, world):
    board = make_board(world)
    for seed in range(1, 8):
        pin(world.anna if seed % 2 else world.bram, board, seed * 10, caption=f"Plaatje {seed}")
    page = client.get(f"/doe-mee/{board.id}").text
    share = re.search(r'<meta property="og:image" content="http://localhost(/doe-mee/\d+/moodboard/deelbeeld-\d+\.jpg)"',
                      page)
    assert share, page[:2000]
    image = client.get(share.group(1))
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(image.data)).size == (1200, 630)
    assert '<meta property="og:image:width" content="1200">' in page
    pdf = client.get(f"/doe-mee/{board.id}/moodboard.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[\s*0 0 1190\.55\d* 841\.88\d*\s*\]", pdf.data)  # A3 landscape
    assert len(pdf.data) < 1_500_000


def test_a_large_board_loads_a_page_at_a_time(client, world, monkeypatch):
    monkeypatch.setattr(boards, "PAGE_SIZE", 5)
    board = make_board(world)
    for n in range(12):
        db.session.add(Pin(participation_id=board.id, author_id=world.anna.id, caption=f"Tekst {n}"))
    db.session.commit()
    first = client.get(f"/doe-mee/{board.id}").text
    assert first.count('class="board-pin"') == 5 and "data-more-pins" in first
    more = re.search(r'href="([^"]+voor=\d+)[^"]*" data-more-pins', first).group(1).replace("&amp;", "&")
    second = client.get(more).text
    assert "Tekst 6" in second and "Tekst 11" not in second


def test_the_api_pins_dots_and_flags(api, world):
    board = make_board(world)
    anna = api.as_user(world.anna)
    created = anna.client.post(f"/api/v1/participations/{board.id}/pins", headers=anna.headers,
                               content_type="multipart/form-data",
                               data={"caption": "Een waterpomp", "alt": "Pomp", "category": str(
                                   board.board.categories[0].id), "image": (io.BytesIO(textured(3)), "p.heic")})
    assert created.status_code == 201, created.json
    pin_id = created.json["id"]
    assert created.json["category"]["label"] == "Spelen" and created.json["image"]["alt"] == "Pomp"
    assert anna.post(f"/api/v1/participations/{board.id}/pins", json={"caption": "Punt", "x": 0.5, "y": 0.5}
                     ).status_code == 422  # no drawing
    dots = api.as_user(world.bram).put(f"/api/v1/pins/{pin_id}/dots", json={"count": 2})
    assert dots.status_code == 200 and dots.json == {"pin_id": pin_id, "mine": 2, "dot_count": 2, "dots_left": 3}
    listed = api.get(f"/api/v1/participations/{board.id}/pins").json
    assert listed["items"][0]["dots"] == 2 and listed["next"] is None
    assert api.as_user(world.cor).post(f"/api/v1/pins/{pin_id}/flags", json={"reason": "spam"}).status_code == 201
    assert api.as_user(world.bram).delete(f"/api/v1/pins/{pin_id}").status_code == 403
    assert anna.delete(f"/api/v1/pins/{pin_id}").status_code == 204
    assert api.get(f"/api/v1/participations/{board.id}/pins").json["items"] == []


def test_deleting_an_account_gives_dots_back_and_takes_images(client, login, world, uploads):
    board = make_board(world)
    theirs = pin(world.anna, board, 5)
    boards.set_dots(world.bram, theirs, board, 2)
    mine = pin(world.bram, board, 6)
    boards.set_dots(world.anna, mine, board, 1)
    bram = world.bram
    login(bram)
    exported = client.get("/me/gegevens").json
    assert exported["moodboard_pins"][0]["caption"] == "Zo'n klimrek" and exported["moodboard_dots"]
    from privacy.services import delete_account
    delete_account(bram, {"password": "correct horse battery", "content": "remove"})
    db.session.expire_all()
    assert db.session.get(Pin, theirs.id).dot_count == 0
    assert db.session.get(Pin, mine.id).status == "removed"
    assert db.session.scalar(select(func.count()).select_from(StoredImage).where(
        StoredImage.owner_id == bram.id)) == 0
