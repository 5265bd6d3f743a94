"""The arithmetic of both tools, free of the database: a budget rule and what breaks it, the consequence a line's
change reaches, medians and spread, the residents' collective budget balanced by the rule, and the wijkbudget's
winners chosen greedily with the cut-off line."""
from dataclasses import dataclass
from math import ceil, gcd

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

# A budgetschuiver's rule: the sum of the lines must equal the total, may not exceed it (staying under is
# fine), or is free (the total is a guide: the difference is shown, nothing is refused).
RULES = {"balance": _l("Must balance: the lines add up to the total"),
         "not_exceed": _l("May not exceed the total (staying under is fine)"),
         "free": _l("The total is a guide: going over or under is allowed")}
# A wijkbudget vote's rule.
VOTE_RULES = {"knapsack": _l("Choose projects that together fit the budget"),
              "approval": _l("Choose up to a number of projects"),
              "minimum_spend": _l("Choose projects that spend at least part of the budget, within it")}
MONEY_MAX = 1_000_000_000  # whole euros; a line, a total, a project's cost


def money(amount: int | float, signed: bool = False) -> str:
    """"€ 20.000" (Dutch grouping in Dutch, the locale's otherwise); `signed`: "+€ 5.000", "−€ 20.000"."""
    text = "€\u00a0" + format_decimal(abs(round(amount)), format="#,##0")
    if amount < 0:
        return "−" + text
    return ("+" + text) if signed and amount > 0 else text


def rule_breach(rule: str, total: int, spent: int) -> str | None:
    """Why a distribution summing to `spent` breaks the rule, or None."""
    if rule == "balance" and spent != total:
        over = spent - total
        return (_("%(amount)s too much: the lines must add up to exactly %(total)s.", amount=money(over),
                  total=money(total)) if over > 0 else
                _("%(amount)s still to distribute: the lines must add up to exactly %(total)s.",
                  amount=money(-over), total=money(total)))
    if rule == "not_exceed" and spent > total:
        return _("%(amount)s too much: the lines may add up to at most %(total)s.", amount=money(spent - total),
                 total=money(total))
    return None


def standings(rule: str) -> dict[str, str]:
    """How a sum stands against the total, per case (`%(amount)s`: the difference, `%(total)s`: the total);
    the page shows it, and budgets.js fills in the same texts as the sliders move."""
    left = _("%(amount)s still to distribute.") if rule == "balance" else _("%(amount)s not spent.")
    over = _("%(amount)s over the total.") if rule == "free" else _("%(amount)s too much.")
    return {"balanced": _("Adds up to the total of %(total)s."), "left": left, "over": over}


def standing(rule: str, total: int, spent: int) -> str:
    case = "balanced" if spent == total else "left" if spent < total else "over"
    return standings(rule)[case] % {"amount": money(abs(total - spent)), "total": money(total)}


def off_grid(line, amount: int) -> str | None:
    """Why `amount` is not a possible amount for the line (outside its limits, or not whole steps), or None."""
    if not line.minimum <= amount <= line.maximum:
        return _("Choose an amount from %(min)s to %(max)s.", min=money(line.minimum), max=money(line.maximum))
    if (amount - line.current) % line.step:
        return _("Change it in steps of %(step)s.", step=money(line.step))
    return None


def consequence(line, amount: int) -> str | None:
    """The consequence the change reaches: the largest stated change in the same direction that is not more
    than the change itself."""
    change = amount - line.current
    reached = [c for c in line.consequences if c.delta * change > 0 and abs(c.delta) <= abs(change)]
    return max(reached, key=lambda c: abs(c.delta)).text if reached else None


def median(values: list[int]) -> float | None:
    """Of sorted values."""
    n = len(values)
    if not n:
        return None
    middle = n // 2
    return float(values[middle]) if n % 2 else (values[middle - 1] + values[middle]) / 2


def quantile(values: list[int], share: float) -> int | None:
    """Nearest rank, of sorted values."""
    return values[max(ceil(share * len(values)) - 1, 0)] if values else None


def snap(line, amount: float) -> int:
    """The possible amount of the line nearest to `amount`."""
    steps = round((amount - line.current) / line.step)
    return min(max(line.current + steps * line.step, line.minimum), line.maximum)


def reachable(rule: str, total: int, lines) -> str | None:
    """Why no distribution of these lines can keep the rule, or None."""
    low, high = sum(line.minimum for line in lines), sum(line.maximum for line in lines)
    if rule in ("balance", "not_exceed") and low > total:
        return _("The minimums together (%(low)s) are more than the total.", low=money(low))
    if rule == "balance":
        if high < total:
            return _("The maximums together (%(high)s) are less than the total.", high=money(high))
        grid = gcd(*(line.step for line in lines))
        if (total - sum(line.current for line in lines)) % grid:
            return _("With these steps the lines can never add up to exactly the total.")
    return None


def fit(rule: str, total: int, lines, amounts: dict[int, float]) -> dict[int, int]:
    """The amounts on each line's grid, brought within the rule: for `balance` to the total, for `not_exceed`
    down to it when over; each line moves in proportion to its room, then step by step (largest room first).
    When the steps cannot meet the total exactly the nearest sum is kept (the caller shows the difference)."""
    fitted = {line.id: snap(line, amounts[line.id]) for line in lines}
    spent = sum(fitted.values())
    if rule == "free" or (rule == "not_exceed" and spent <= total) or spent == total:
        return fitted
    up = total > spent

    def room(line) -> int:
        return line.maximum - fitted[line.id] if up else fitted[line.id] - line.minimum

    rooms = sum(room(line) for line in lines)
    if rooms:
        share = abs(total - spent) / rooms
        for line in lines:
            steps = int(room(line) * share // line.step)
            fitted[line.id] += steps * line.step if up else -steps * line.step
    for _round in range(10_000):  # a bound; each round moves one line one step
        left = total - sum(fitted.values())
        if left == 0 or (rule == "not_exceed" and left > 0):
            break
        movable = [line for line in lines if room(line) >= line.step
                   and (line.step <= abs(left) or (rule == "not_exceed" and not up))]
        if not movable:
            break
        line = max(movable, key=lambda candidate: (room(candidate), -candidate.position))
        fitted[line.id] += line.step if up else -line.step
    return fitted


@dataclass
class Funding:
    """A project's place in the results: its votes, whether the money reaches it, and if not, why."""
    project: object
    votes: int
    funded: bool
    left_before: int  # the budget left when its turn came
    reason: str | None


def greedy_winners(projects, budget: int) -> list[Funding]:
    """Projects by votes (ties: the cheaper first, then the order on the ballot); each is funded while the money
    lasts. A project that no longer fits is passed over with the reason, and cheaper ones after it may still
    fit; projects without votes are not funded."""
    ranked = sorted(projects, key=lambda p: (-p.votes, p.cost, p.position))
    left, result = budget, []
    for project in ranked:
        if project.votes and project.cost <= left:
            result.append(Funding(project, project.votes, True, left, None))
            left -= project.cost
        elif project.votes:
            result.append(Funding(project, project.votes, False, left, _(
                "%(title)s no longer fits the remaining budget: %(cost)s needed, %(left)s left.",
                title=project.title, cost=money(project.cost), left=money(left))))
        else:
            result.append(Funding(project, 0, False, left, _("No votes.")))
    return result
