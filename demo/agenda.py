"""The demo's wijkagenda of Waalwijk: the gemeente has put the traffic plan on it, with a wijkoverleg to sign up
for. The idea that reached its threshold and the broadly supported stelling wait as candidates, for the
coordinator (Marieke) to promote."""
from datetime import datetime, time, timedelta

from agenda import services as agenda

OWNER = "sanne"
ITEM = {"title": "Het nieuwe verkeersplan voor Waalwijk",
        "body": "De gemeente bespreekt de uitkomst van de stellingen en de eerste ideeën voor het plan.",
        "organisation": "gemeente-waalwijk", "status": "scheduled"}


def create_agenda(users, wijken, now: datetime) -> None:
    evening = datetime.combine((now + timedelta(days=10)).date(), time(19, 30))  # no offset: Amsterdam time
    agenda.add_item(users[OWNER], wijken["waalwijk"], ITEM | {
        "feedback_due": (now + timedelta(days=45)).isoformat() + "Z",
        "new_meeting": {"title": "Wijkoverleg Waalwijk", "location": "Buurthuis De Els, Akkerlaan 12",
                        "starts_at": evening.isoformat(), "ends_at": (evening + timedelta(hours=2)).isoformat(),
                        "body": "Iedereen is welkom. Op de agenda: het verkeersplan."}})
