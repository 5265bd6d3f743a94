"""Issue 15's "done when", tried on the demo as new people would, through the pages: a resident submits an idea
and is offered the similar one; three residents vote on the seeded stellingen set and each sees their group and
the broadly supported stellingen; the coordinator promotes one to the wijkagenda with a meeting; the owner
answers every idea of the round."""
from sqlalchemy import select

from agenda.models import AgendaItem
from core.extensions import db
from demo.seed import seed_demo_command
from ideas.models import Idea
from participation.models import Participation
from partners.services import grant_membership
from stellingen.models import Statement
from tests.conftest import log_in
from wijken.models import Wijk
from wijken.roles import grant_wijk_role


def test_residents_set_the_agenda_in_the_demo(app, make_user):
    assert app.test_cli_runner().invoke(seed_demo_command).exit_code == 0
    round_ = db.session.scalar(select(Participation).where(Participation.tool == "ideas"))
    statement_set = db.session.scalar(select(Participation).where(Participation.tool == "stellingen"))

    resident = app.test_client()
    log_in(resident, make_user("Nieuwe Bewoner"))
    offered = resident.post(f"/doe-mee/{round_.id}/ideeen", data={"title": "Bomen planten op het Akkerlaanplein",
                                                                   "body": "Meer schaduw."})
    assert "Bedoel je een van deze?" in offered.text and "Meer bomen op het Akkerlaanplein" in offered.text

    for n in range(3):
        voter = app.test_client()
        log_in(voter, make_user(f"Stemmer {n}"))
        for _ in range(7):
            card = db.session.scalar(select(Statement).where(
                Statement.participation_id == statement_set.id, Statement.text.in_(
                    [s.text for s in statement_set.statements])).order_by(Statement.id).offset(_))
            choice = "eens" if _ == 0 else ("eens", "oneens", "pas")[(n + _) % 3]  # all agree on the zebra
            assert voter.post(f"/doe-mee/{statement_set.id}/stellingen/{card.id}/{choice}").status_code == 302
        statement_set.statement_set.groups_requested_at = None  # as if ten seconds went by
        db.session.commit()
        groups = voter.get(f"/doe-mee/{statement_set.id}/meningen").text
        assert "Breed gedragen" in groups and "Er moet een zebrapad komen" in groups
        groups = voter.get(f"/doe-mee/{statement_set.id}/meningen").text
        assert "jouw groep" in groups

    waalwijk = db.session.scalar(select(Wijk).where(Wijk.slug == "waalwijk"))
    coordinator = app.test_client()
    log_in(coordinator, grant_wijk_role(make_user("Coördinator"), waalwijk, "coordinator").user)
    page = coordinator.get("/w/waalwijk/wijkagenda").text
    assert "Klaar voor de agenda" in page and "Er moet een zebrapad komen" in page
    zebra = db.session.scalar(select(Statement).where(Statement.text.startswith("Er moet een zebrapad")))
    meeting = db.session.scalar(select(AgendaItem.meeting_id))
    promoted = coordinator.post("/w/waalwijk/wijkagenda", data={"statement": str(zebra.id), "meeting": str(meeting),
                                                               "status": "scheduled"}, follow_redirects=True)
    assert "Het agendapunt staat op de wijkagenda." in promoted.text
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.statement_id == zebra.id))
    assert item.meeting_id == meeting and item.status == "scheduled"

    owner = app.test_client()
    log_in(owner, grant_membership(make_user("Gemeente"), round_.organisation, "poster").user)
    waiting = db.session.scalars(select(Idea.id).where(Idea.participation_id == round_.id,
                                                       Idea.state.in_(("submitted", "in_review")))).all()
    answered = owner.post(f"/doe-mee/{round_.id}/beantwoorden", data={
        "idea": [str(i) for i in waiting], "state": "partly", "body": "We nemen dit mee in het ontwerp."},
        follow_redirects=True)
    assert "Elk idee heeft een antwoord." in answered.text
    assert set(db.session.scalars(select(Idea.state).where(Idea.participation_id == round_.id))) <= {
        "adopted", "partly", "rejected", "merged"}
