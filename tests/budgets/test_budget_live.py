"""Live results of the budget tools through the participation frame's live tallies: every distribution or ballot
sends `participation_updated` to the rooms of the wijk post (at most once a second), with the tool's results only
while everyone may see them (live, or closed) - so a vote whose results wait for the closing shows its cut-off
line to the room only then. In-process Socket.IO clients with a clock that stands still, then a real client
against a real server process sharing Redis. On SQLite and PostgreSQL."""
import requests

from core.extensions import db, socketio
from participation.live import Throttle, send_tallies
from tests.live.conftest import bearer

from .conftest import groen, projects, published


class StillClock:
    def __call__(self):
        return 100.0


def _updates(client) -> list[dict]:
    return [event["args"][0] for event in client.get_received() if event["name"] == "participation_updated"]


def _watch(app, shown):
    watcher = socketio.test_client(app)
    assert watcher.emit("join", {"post": shown["post_id"]}, callback=True)["ok"]
    return watcher


def test_distributions_send_the_residents_budget_live_and_ballots_only_counts_until_closing(app, api, world):
    jobs = []
    app.extensions["participation_live"] = Throttle(send_tallies, lambda delay, job: jobs.append(job), StillClock())
    schuiver = published(api, world, "budgetschuiver", groen())
    vote = published(api, world, "budget_vote", projects(), results_visibility="after_closing", title="Wijkbudget")
    watcher = _watch(app, schuiver)
    assert watcher.emit("join", {"post": vote["post_id"]}, callback=True)["ok"]
    lines = [line["id"] for line in schuiver["definition"]["lines"]]
    for person, amounts in ((world.anna, (40_000, 40_000, 20_000)), (world.bram, (50_000, 30_000, 20_000))):
        answered = api.as_user(person).put(f"/api/v1/participations/{schuiver['id']}/response", json={
            "amounts": {str(line): amount for line, amount in zip(lines, amounts, strict=True)}})
        assert answered.status_code == 200, answered.json
    ids = {p["title"]: p["id"] for p in vote["definition"]["projects"]}
    for person, titles in ((world.anna, ("Speeltoestel", "Moestuin")), (world.bram, ("Speeltoestel", "Moestuin")),
                           (world.cor, ("Jeu-de-boulesbaan", "Buurtfeest"))):
        api.as_user(person).put(f"/api/v1/participations/{vote['id']}/response",
                                json={"projects": [ids[title] for title in titles]})
    first = _updates(watcher)
    assert [sent["participation_id"] for sent in first] == [schuiver["id"], vote["id"]]  # the rest wait a second
    assert first[0]["results"]["lines"][0]["median"] == 40_000 and "results" not in first[1]
    for job in jobs:
        job()
    budget, ballots = _updates(watcher)
    assert budget["participant_count"] == 2 and budget["results"]["lines"][0]["median"] == 45_000
    assert budget["results"]["collective_total"] == 100_000
    assert ballots["participant_count"] == 3 and "results" not in ballots  # the cut-off waits for the closing
    api.as_user(world.poster).post(f"/api/v1/participations/{vote['id']}/close")
    jobs[-1]()
    closed = _updates(watcher)[-1]
    assert closed["status"] == "closed" and closed["results"]["spent"] == 38_000
    cut = next(p for p in closed["results"]["projects"] if p["id"] == closed["results"]["cut_off"])
    assert cut["title"] == "Jeu-de-boulesbaan" and not cut["funded"]
    watcher.disconnect()


def test_a_real_client_sees_the_distribution_arrive(start_server, listener, redis_url, api, world):
    shown = published(api, world, "budgetschuiver", groen())
    db.session.rollback()
    base = start_server(redis_url, LIVE_TALLY_INTERVAL="1")
    watcher = listener(base).connect(post=shown["post_id"])
    amounts = {str(line["id"]): amount for line, amount in zip(shown["definition"]["lines"], (40_000, 40_000, 20_000),
                                                               strict=True)}
    answered = requests.put(f"{base}/api/v1/participations/{shown['id']}/response", json={"amounts": amounts},
                            headers=bearer(base, world.anna), timeout=10)
    assert answered.status_code == 200, answered.text
    sent = watcher.wait_for("participation_updated", count=1, timeout=5)
    assert sent and sent[0]["participation_id"] == shown["id"] and sent[0]["participant_count"] == 1
    assert [line["collective"] for line in sent[0]["results"]["lines"]] == [40_000, 40_000, 20_000]
