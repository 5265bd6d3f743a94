"""`make bench-stellingen`: the opinion groups of 2,000 participants × 200 stellingen (synthetic votes with three
planted groups), computed as the job does it (stellingen.clustering), against the issue's 10 s; and one vote
through the service (stellingen.services.vote) on an in-process SQLite database, p95 against 50 ms.
Writes results/stellingen-<timestamp>.json; prints the figures."""
import json
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.metrics import adjusted_rand_score  # noqa: E402
from world import bench_app, gemeente_owner, residents, summary  # noqa: E402

from core.timeutil import utcnow  # noqa: E402
from participation import services as participations  # noqa: E402
from stellingen import services  # noqa: E402
from stellingen.clustering import opinion_groups  # noqa: E402

PEOPLE, STATEMENTS, GROUPS, TURNOUT, NOISE = 2_000, 200, 3, 0.5, 0.1
VOTES_TIMED = 200


def synthetic_votes(seed: int = 1):
    rng = random.Random(seed)
    block = STATEMENTS // (GROUPS + 1)
    votes, truth = [], {}
    for person in range(PEOPLE):
        group = person % GROUPS
        truth[person] = group
        for statement in range(STATEMENTS):
            if rng.random() > TURNOUT:
                continue
            owner = statement // block
            value = 1 if owner in (group, GROUPS) else -1  # the last block: everyone agrees
            if rng.random() < NOISE:
                value = rng.choice((0, -value))
            votes.append((person, statement, value))
    return votes, truth


def time_groups() -> dict:
    votes, truth = synthetic_votes()
    started = time.perf_counter()
    result = opinion_groups(votes)
    seconds = time.perf_counter() - started
    people = sorted(truth)
    ari = adjusted_rand_score([truth[p] for p in people], [result.group_of(p) for p in people])
    return {"participants": PEOPLE, "statements": STATEMENTS, "votes": len(votes), "seconds": round(seconds, 2),
            "groups": len(result.groups), "adjusted_rand_index": round(ari, 3), "consensus": len(result.consensus),
            "target_seconds": 10}


def time_votes() -> dict:
    with tempfile.TemporaryDirectory() as tmp, bench_app(tmp) as app:
        owner = gemeente_owner()
        statement_set = participations.create_participation(owner, {
            "tool": "stellingen", "wijken": ["bench"], "organisation": "gemeente", "title": "Bench",
            "body": "Bench", "level": "raadplegen", "decision_owner": "bench",
            "closes_at": (utcnow() + timedelta(days=2)).isoformat() + "Z",
            "definition": {"statements": [f"Stelling {n}" for n in range(15)]}})
        participations.publish(owner, statement_set)
        seeds = list(statement_set.statements)
        people = residents(20)
        timings = []
        for n in range(VOTES_TIMED):
            with app.test_request_context():  # as in a request: the groups are left to the job queue
                started = time.perf_counter()
                services.vote(people[n % 20], seeds[n % 15], {"value": (n % 3) - 1})
                timings.append((time.perf_counter() - started) * 1000)
    figures = summary(timings)
    return {"votes": VOTES_TIMED, "median_ms": round(figures["median_ms"], 1), "p95_ms": round(figures["p95_ms"], 1),
            "target_p95_ms": 50,
            "note": "SQLite file, in-process, one request context per vote (the groups go to the job queue); "
                    "compare with a run on an idle machine: the figures scale with the load"}


def main() -> None:
    results = {"opinion_groups": time_groups(), "vote": time_votes()}
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"stellingen-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
