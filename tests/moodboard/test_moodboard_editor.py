"""The gemeente creates and changes a moodboard in the participation editor, without JavaScript: its categories
one per line and the dot budget; a bad form is a 422 beside the field and stores nothing."""
from sqlalchemy import func, select

from core.extensions import db
from moodboard.models import Board, BoardCategory
from participation.models import Participation

FORM = {"tool": "moodboard", "title": "Speeltuin Akkerlaan: hoe moet hij worden?", "body": "Pin wat je mooi vindt.",
        "level": "adviseren", "decision_owner": "college van B&W", "closes_at": "2040-01-31T17:00",
        "eligibility": "account", "identity": "pseudonymous", "results_visibility": "live",
        "organisation": "gemeente", "wijken": "akkerlaan", "action": "save",
        "board_categories": "Spelen\n\nGroen\nZitten", "board_dots_per_person": "6", "board_max_per_pin": "3"}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_gemeente_creates_and_changes_a_moodboard(client, login, make_world):
    world = make_world("akkerlaan", "Akkerlaan")
    login(world.poster)
    assert "tool=moodboard" in client.get("/doe-mee/nieuw?wijk=akkerlaan").text  # offered among the tools
    page = client.get("/doe-mee/nieuw?wijk=akkerlaan&tool=moodboard")
    assert page.status_code == 200 and 'name="board_categories"' in page.text

    created = client.post("/doe-mee/nieuw?wijk=akkerlaan", data=FORM)
    assert created.status_code == 302, created.text
    board = db.session.scalar(select(Participation)).board
    assert [c.label for c in board.categories] == ["Spelen", "Groen", "Zitten"]
    assert (board.dots_per_person, board.max_per_pin) == (6, 3)

    participation_id = board.participation_id
    edit = client.get(f"/doe-mee/{participation_id}/bewerken").text
    assert "Spelen\nGroen\nZitten</textarea>" in edit and 'value="6"' in edit
    changed = client.post(f"/doe-mee/{participation_id}/bewerken",
                          data=FORM | {"board_categories": "Spelen\nWater", "board_dots_per_person": "4"})
    assert changed.status_code == 302, changed.text
    db.session.expire_all()
    board = db.session.get(Board, participation_id)
    assert [c.label for c in board.categories] == ["Spelen", "Water"] and board.dots_per_person == 4


def test_a_bad_moodboard_form_is_a_422_beside_the_field_and_stores_nothing(client, login, make_world):
    world = make_world("akkerlaan", "Akkerlaan")
    login(world.poster)
    for changes, shown in (({"board_max_per_pin": "9"}, "board_max_per_pin-error"),
                           ({"board_dots_per_person": "veel"}, "board_dots_per_person-error"),
                           ({"board_categories": "Groen\ngroen"}, "board_categories-error"),
                           ({"board_categories": "x" * 200}, "board_categories-error")):
        refused = client.post("/doe-mee/nieuw?wijk=akkerlaan", data=FORM | changes)
        assert refused.status_code == 422, changes
        assert f'id="{shown}"' in refused.text, changes
        assert 'name="board_categories"' in refused.text  # what was typed stays in the form
    assert _count(Participation) == 0 and _count(BoardCategory) == 0
