"""Live tallies: at most one `participation_updated` a second per participation (coalesced), tallies only where
everyone may see them, and never in the stored event log. The throttle with a given clock (no sleeping), then real
Socket.IO clients against real server processes sharing Redis. On SQLite and PostgreSQL."""
import time

import requests
from sqlalchemy import select

from core.extensions import db, socketio
from participation.live import Throttle, send_tallies
from tests.live.conftest import bearer
from tests.participation.test_participation_api import _published
from wijken.models import WijkEvent


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_throttle_sends_at_once_then_coalesces_into_one_trailing_send_a_second():
    clock, scheduled, sent = Clock(), [], []
    throttle = Throttle(sent.append, lambda delay, job: scheduled.append((delay, job)), clock)
    assert throttle.claim(7) and scheduled == []  # the first change goes out with its own write
    clock.now += 0.25
    assert not any(throttle.claim(7) for _i in range(50))  # fifty answers within the second: one send after it
    assert throttle.claim(8)  # another participation is not held up
    assert [delay for delay, _job in scheduled] == [0.75]
    clock.now += 0.75
    scheduled.pop()[1]()
    assert sent == [7]
    clock.now += 0.5
    assert not throttle.claim(7)  # a second since that send has not passed yet
    clock.now += 5
    scheduled.pop()[1]()
    clock.now += 5
    assert throttle.claim(7)  # quiet for a while: at once again


def _manual(app):
    """A once-a-second throttle whose clock stands still and whose later sends the test runs itself."""
    jobs = []
    app.extensions["participation_live"] = Throttle(send_tallies, lambda delay, job: jobs.append(job), Clock())
    return jobs


def _received(client):
    return [event["args"][0] for event in client.get_received() if event["name"] == "participation_updated"]


def test_tallies_go_out_only_where_everyone_may_see_them_and_the_log_keeps_counts_only(app, api, world):
    jobs = _manual(app)
    live_poll = _published(api, world, title="Live")
    private = _published(api, world, title="Na afloop", results_visibility="after_closing")
    watcher = socketio.test_client(app)
    for shown in (live_poll, private):
        assert watcher.emit("join", {"post": shown["post_id"]}, callback=True)["ok"]
        option = shown["definition"]["options"][0]["id"]
        for person in (world.anna, world.bram, world.cor):
            api.as_user(person).put(f"/api/v1/participations/{shown['id']}/response", json={"choices": [option]})
    first = _received(watcher)
    assert [sent["participant_count"] for sent in first] == [1, 1]  # each first answer at once, the rest wait
    assert len(jobs) == 2  # one later send per participation, carrying both other answers
    for job in jobs:
        job()
    public, counts = _received(watcher)
    assert public["participant_count"] == 3 and public["results"]["options"][0]["votes"] == 3
    assert counts["participant_count"] == 3 and "results" not in counts
    assert "results" in first[0] and "results" not in first[1]
    logged = db.session.scalars(select(WijkEvent.payload).where(WijkEvent.name == "participation_updated")).all()
    assert len(logged) == 4 and not any("results" in payload for payload in logged)
    resumed = api.get("/api/v1/wijken/besoijen/events?since=0").json["items"]
    assert not any("results" in item["data"] for item in resumed if item["event"] == "participation_updated")
    # closing makes the results everyone's: the send after it has them
    api.as_user(world.poster).post(f"/api/v1/participations/{private['id']}/close")
    jobs[-1]()
    closed = _received(watcher)[-1]
    assert closed["status"] == "closed" and closed["results"]["participant_count"] == 3
    watcher.disconnect()


def test_a_stricter_visibility_holds_back_tallies_already_waiting_to_be_sent(app, api, world):
    jobs = _manual(app)
    shown = _published(api, world)
    watcher = socketio.test_client(app)
    assert watcher.emit("join", {"post": shown["post_id"]}, callback=True)["ok"]
    for person in (world.anna, world.bram):
        api.as_user(person).put(f"/api/v1/participations/{shown['id']}/response",
                                json={"choices": [shown["definition"]["options"][0]["id"]]})
    api.as_user(world.poster).patch(f"/api/v1/participations/{shown['id']}", json={"results_visibility":
                                                                                     "after_answering"})
    jobs.pop()()
    assert [("results" in sent) for sent in _received(watcher)] == [True, False]
    watcher.disconnect()


def test_real_clients_get_at_most_one_update_a_second_with_the_final_counts(start_server, listener, redis_url, api,
                                                                           world, make_user):
    shown = _published(api, world)
    pid, option = shown["id"], shown["definition"]["options"][1]["id"]
    people = [make_user(f"Bewoner {i}") for i in range(12)]
    db.session.rollback()
    base = start_server(redis_url, LIVE_TALLY_INTERVAL="1")
    headers = [bearer(base, person) for person in people]
    watchers = [listener(base).connect(post=shown["post_id"]) for _i in range(3)]
    arrivals = []
    watchers[0].client.on("participation_updated", lambda data: arrivals.append((time.monotonic(), data)))
    started = time.monotonic()
    for header in headers:
        answered = requests.put(f"{base}/api/v1/participations/{pid}/response", json={"choices": [option]},
                                headers=header, timeout=10)
        assert answered.status_code == 200, answered.text
    took = time.monotonic() - started
    final = watchers[1].wait_for("participation_updated", count=1, timeout=5)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (not arrivals or arrivals[-1][1]["participant_count"] < 12):
        watchers[2].wait_for("participation_updated", count=len(watchers[2].events) + 1, timeout=0.2)
    assert final and arrivals[-1][1]["participant_count"] == 12
    assert arrivals[-1][1]["results"]["options"][1]["votes"] == 12
    gaps = [later - earlier for (earlier, _a), (later, _b) in zip(arrivals, arrivals[1:], strict=False)]
    assert all(gap > 0.8 for gap in gaps), gaps  # at most one a second (a little slack for delivery)
    assert len(arrivals) <= took + 2
