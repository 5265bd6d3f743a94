"""`make bench-budgets`: the budget tools with 10,000 answers each, in-process on a SQLite file (or
`BENCH_DATABASE_URL`).

- Tallying: the budgetschuiver's results (per line the median, the quartiles, raised and lowered, the residents'
  budget) over 10,000 distributions of five lines, and the wijkbudget vote's (greedy winners, the cut-off, the
  origins) over 10,000 ballots, against the issue's 1 s. Baseline in the same run: the plain read of the same
  rows (every amount in order; the projects with their counts), the least any tally must do.
- Submitting: one distribution and one ballot through the frame (`participation.services.respond`, as a request
  does: eligibility, one answer per person, the tool's checks, the counts kept on write, live tallies), p95
  against the issue's 50 ms, with 10,000 answers already in. Baseline in the same run: a poll answer through the
  same frame, interleaved with them.

The 20,000 answers are inserted in bulk (the rows and the counts the services keep), each a valid answer: a
random distribution on the lines' grids brought within the rule, a random ballot within the budget.
Writes results/budgets-<timestamp>.json; prints the figures."""
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, update  # noqa: E402
from world import bench_app, gemeente_owner, residents, summary  # noqa: E402

from budgets import rules  # noqa: E402
from budgets.models import BudgetAmount, BudgetBallot, BudgetLine, BudgetProject, BudgetSubmission  # noqa: E402
from budgets.services import budget_results, vote_results  # noqa: E402
from core.extensions import db  # noqa: E402
from core.timeutil import utcnow  # noqa: E402
from participation import services as participations  # noqa: E402
from participation.models import Participation  # noqa: E402

ANSWERS, TIMED, ROUNDS = 10_000, 300, 5
TARGET_TALLY_S, TARGET_P95_MS = 1.0, 50
FRAME = {"wijken": ["bench"], "organisation": "gemeente", "body": "Bench", "level": "adviseren",
         "decision_owner": "bench", "results_visibility": "live"}
LINES = [("Speeltuinen", 80_000, 40_000, 120_000, 5_000), ("Bomen", 70_000, 50_000, 100_000, 5_000),
         ("Bloembakken", 40_000, 10_000, 60_000, 5_000), ("Grasvelden", 50_000, 30_000, 70_000, 5_000),
         ("Geveltuinen", 30_000, 0, 50_000, 5_000)]
PROJECTS = [("Moestuin", 12_000), ("Jeu-de-boulesbaan", 9_000), ("Bankjes", 7_500), ("Speeltoestel", 18_000),
            ("Buurtfeest", 4_000), ("Waterpunt", 6_000)]


def create(owner, tool: str, title: str, definition: dict) -> Participation:
    participation = participations.create_participation(owner, FRAME | {
        "tool": tool, "title": title, "closes_at": (utcnow() + timedelta(days=7)).isoformat() + "Z",
        "definition": definition})
    return participations.publish(owner, participation)


def setup(owner) -> tuple[Participation, Participation, Participation]:
    schuiver = create(owner, "budgetschuiver", "Groenbudget", {"total": 250_000, "rule": "balance", "lines": [
        {"label": label, "current": current, "minimum": low, "maximum": high, "step": step,
         "consequences": [{"delta": -step * 2, "text": "Minder onderhoud."}, {"delta": step * 2, "text": "Meer."}]}
        for label, current, low, high, step in LINES]})
    vote = create(owner, "budget_vote", "Wijkbudget", {"budget": 40_000, "rule": "knapsack", "projects": [
        {"title": title, "cost": cost} for title, cost in PROJECTS]})
    poll = create(owner, "poll", "Baseline", {"options": ["Ja", "Nee", "Weet niet"]})
    return schuiver, vote, poll


def distribution(rng: random.Random, schuiver: Participation) -> dict[int, int]:
    lines, settings = schuiver.budget_lines, schuiver.budget
    wished = {line.id: rng.randint(line.minimum, line.maximum) for line in lines}
    return rules.fit(settings.rule, settings.total, lines, wished)


def ballot(rng: random.Random, vote: Participation) -> list[int]:
    chosen, left = [], vote.vote.budget
    for project in rng.sample(vote.projects, len(vote.projects)):
        if project.cost <= left and rng.random() < 0.6:
            chosen.append(project.id)
            left -= project.cost
    return chosen or [min(vote.projects, key=lambda p: p.cost).id]


def fill(schuiver: Participation, vote: Participation, rng: random.Random) -> None:
    """ANSWERS distributions and ANSWERS ballots, with the counts the services keep on write."""
    first = (db.session.scalar(select(db.func.max(BudgetSubmission.id))) or 0) + 1
    made = [distribution(rng, schuiver) for _n in range(ANSWERS)]
    db.session.execute(insert(BudgetSubmission), [
        {"id": first + n, "participation_id": schuiver.id, "origin": "paper"} for n in range(ANSWERS)])
    db.session.execute(insert(BudgetAmount), [
        {"submission_id": first + n, "line_id": line_id, "amount": amount}
        for n, amounts in enumerate(made) for line_id, amount in amounts.items()])
    for line in schuiver.budget_lines:
        changes = [amounts[line.id] - line.current for amounts in made]
        db.session.execute(update(BudgetLine).where(BudgetLine.id == line.id).values(
            raised=sum(c > 0 for c in changes), lowered=sum(c < 0 for c in changes)))
    ballots = [ballot(rng, vote) for _n in range(ANSWERS)]
    db.session.execute(insert(BudgetBallot), [
        {"participation_id": vote.id, "origin": "paper", "projects": chosen} for chosen in ballots])
    for project in vote.projects:
        db.session.execute(update(BudgetProject).where(BudgetProject.id == project.id).values(
            votes=sum(project.id in chosen for chosen in ballots)))
    for participation in (schuiver, vote):
        db.session.execute(update(Participation).where(Participation.id == participation.id).values(
            participant_count=ANSWERS))
    db.session.commit()


def median_of(*jobs, rounds: int = ROUNDS) -> list[tuple[float, list[float]]]:
    """Per job, the median seconds of `rounds` runs and the runs: after one warm-up run each, the jobs take turns
    (so both see the same machine), each on a fresh session (no objects kept between runs)."""
    seconds: list[list[float]] = [[] for _job in jobs]
    for round_ in range(rounds + 1):
        for job, taken in zip(jobs, seconds, strict=True):
            db.session.expire_all()
            started = time.perf_counter()
            job()
            if round_:
                taken.append(time.perf_counter() - started)
    return [(statistics.median(taken), taken) for taken in seconds]


def time_tallies(schuiver: Participation, vote: Participation) -> dict:
    line_ids = [line.id for line in schuiver.budget_lines]

    def read_amounts():
        db.session.execute(select(BudgetAmount.line_id, BudgetAmount.amount).where(
            BudgetAmount.line_id.in_(line_ids)).order_by(BudgetAmount.line_id, BudgetAmount.amount)).all()

    def read_projects():
        db.session.execute(select(BudgetProject.id, BudgetProject.cost, BudgetProject.votes).where(
            BudgetProject.participation_id == vote.id)).all()

    figures = {}
    for name, tally, baseline in (("budgetschuiver", lambda: budget_results(db.session.get(Participation,
                                                                                             schuiver.id)),
                                   read_amounts),
                                  ("budget_vote", lambda: vote_results(db.session.get(Participation, vote.id)),
                                   read_projects)):
        (base, _rounds), (took, rounds) = median_of(baseline, tally)
        figures[name] = {"answers": ANSWERS, "seconds": round(took, 4), "rounds": [round(s, 4) for s in rounds],
                         "baseline_seconds": round(base, 4), "ratio_to_baseline": round(took / base, 1),
                         "target_seconds": TARGET_TALLY_S, "pass": took < TARGET_TALLY_S}
    figures["budgetschuiver"]["baseline"] = "SELECT of the 50,000 amounts in line and amount order"
    figures["budget_vote"]["baseline"] = "SELECT of the projects with their kept vote counts"
    return figures


def time_submits(app, schuiver: Participation, vote: Participation, poll: Participation, rng) -> dict:
    people = residents(TIMED, "r")
    timings: dict[str, list[float]] = {"budgetschuiver": [], "budget_vote": [], "poll": []}
    options = [option.id for option in poll.options]
    for person in people:
        answers = (("budgetschuiver", schuiver, {"amounts": {str(k): v for k, v in
                                                             distribution(rng, schuiver).items()}}),
                   ("budget_vote", vote, {"projects": ballot(rng, vote)}),
                   ("poll", poll, {"choices": [rng.choice(options)]}))
        for name, participation, data in rng.sample(answers, 3):  # interleaved, in a changing order
            with app.test_request_context():
                started = time.perf_counter()
                participations.respond(person, participation, data)
                timings[name].append((time.perf_counter() - started) * 1000)
    baseline = summary(timings["poll"])
    figures = {"baseline_poll": baseline | {"answers": TIMED}}
    for name in ("budgetschuiver", "budget_vote"):
        figures[name] = summary(timings[name]) | {
            "answers": TIMED, "ratio_p95_to_poll": round(summary(timings[name])["p95_ms"] / baseline["p95_ms"], 2),
            "target_p95_ms": TARGET_P95_MS, "pass": summary(timings[name])["p95_ms"] < TARGET_P95_MS}
    return figures


def main() -> None:
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as tmp, bench_app(tmp) as app:
        owner = gemeente_owner()
        schuiver, vote, poll = setup(owner)
        started = time.perf_counter()
        fill(schuiver, vote, rng)
        filled = time.perf_counter() - started
        results = {"tally": time_tallies(schuiver, vote),
                   "submit": time_submits(app, schuiver, vote, poll, rng),
                   "setup_seconds": round(filled, 1),
                   "database": db.engine.url.get_backend_name(),
                   "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                               "load_average": [round(x, 2) for x in os.getloadavg()]}}
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"budgets-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
