"""Live tallies: `participation_updated` to the rooms of the participation's wijk post, at most once a second per
participation.

Every write that changes a participation's counts collects its id (`services.TALLIES_CHANGED`); after the commit the
`Throttle` either sends at once (nothing went out for it in the last second) or makes sure one send follows when the
second is over — however many answers came in meanwhile, that one send carries the counts as they are then. Each
send is its own short transaction: it takes the wijk's next `seq` and logs the event, like every live event.

What is sent is decided at the moment of sending, from the rules as they are then: the tallies go out only when
everyone may see them (results visibility `live`, or the participation is closed); otherwise only the counts. The
wijk's event log keeps the counts alone, never the tallies, so a client resuming later (or after the results became
stricter) reads nothing from it it may not see now. Someone who may see the results on other grounds (the owner,
a person who answered under `after_answering`) fetches them with GET .../results when the count changes.

The throttle lives in each server process: with several processes, each sends at most once a second.
"""
import threading
import time
from collections.abc import Callable

from flask import current_app

from core.extensions import db, socketio
from core.transactions import after_commit, commit
from wijken.live import register_event

from .models import Participation
from .services import TALLIES_CHANGED, announce_to_post, results

INTERVAL = 1.0  # seconds between two sends for one participation
register_event("participation_updated")


class Throttle:
    """At most one `send(key)` per INTERVAL per key; touches in between are coalesced into one trailing send.

    `clock()` gives the time in seconds and `schedule(delay, job)` runs `job()` after `delay` seconds (0: now,
    in the background); tests give both, so they need no sleeping."""

    def __init__(self, send: Callable, schedule: Callable, clock: Callable = time.monotonic,
                 interval: float = INTERVAL):
        self.send, self.schedule, self.clock, self.interval = send, schedule, clock, interval
        self._last: dict = {}
        self._waiting: set = set()
        self._lock = threading.Lock()

    def touch(self, key) -> None:
        with self._lock:
            if key in self._waiting:
                return  # a send is coming, and it will carry this change too
            self._waiting.add(key)
            delay = max(0.0, self._last.get(key, float("-inf")) + self.interval - self.clock())
        self.schedule(delay, lambda: self._run(key))

    def _run(self, key) -> None:
        with self._lock:
            self._waiting.discard(key)
            self._last[key] = self.clock()
        self.send(key)


def payload(participation: Participation) -> tuple[dict, dict]:
    """(what is sent, what the log keeps): the counts, and the tallies only while everyone may see them."""
    counts = {"participation_id": participation.id, "post_id": participation.post_id,
              "status": participation.status, "participant_count": participation.participant_count}
    public = participation.results_visibility == "live" or participation.status == "closed"
    return (counts | {"results": results(participation)} if public else counts), counts


def send_tallies(participation_id: int) -> None:
    """One send, in its own transaction (the event's seq and log row)."""
    participation = db.session.get(Participation, participation_id)
    if participation is None or participation.post_id is None:
        return
    sent, logged = payload(participation)
    announce_to_post(participation, "participation_updated", sent, logged=logged)
    commit()


def _in_background(app) -> Callable:
    def schedule(delay: float, job: Callable) -> None:
        def run():
            if delay:
                socketio.sleep(delay)
            with app.app_context():
                try:
                    job()
                except Exception:  # a lost update is made good by the next one; never a dead thread's traceback
                    app.logger.exception("live tallies could not be sent")
                    db.session.rollback()
                finally:
                    db.session.remove()
        socketio.start_background_task(run)
    return schedule


def throttle(app=None) -> Throttle:
    """The app's throttle (made on first use; a test may put its own in app.extensions first)."""
    app = app or current_app._get_current_object()
    if "participation_live" not in app.extensions:
        app.extensions["participation_live"] = Throttle(send_tallies, _in_background(app))
    return app.extensions["participation_live"]


@after_commit(TALLIES_CHANGED)
def _tallies_changed(participation_ids: list) -> None:
    current = throttle()
    for participation_id in dict.fromkeys(participation_ids):
        current.touch(participation_id)
