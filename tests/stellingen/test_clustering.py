"""The opinion groups recover groups planted in synthetic votes (adjusted Rand index ≥ 0.9) and find the
planted consensus; the same votes always give the same groups. Pure computation: no database."""
import random

from sklearn.metrics import adjusted_rand_score

from stellingen.clustering import MIN_VOTES, opinion_groups

GROUPS, PER_GROUP, BLOCK, CONSENSUS = 3, 40, 8, 5


def planted(seed: int = 7, noise: float = 0.1, turnout: float = 0.8):
    """Three groups, each agreeing with its own block of stellingen and disagreeing with the others' blocks;
    five stellingen everyone agrees with. 10 % of votes flipped to pass or the other side."""
    rng = random.Random(seed)
    statements = list(range(1, GROUPS * BLOCK + CONSENSUS + 1))
    consensus = statements[-CONSENSUS:]
    votes, truth = [], {}
    for group in range(GROUPS):
        for member in range(PER_GROUP):
            person = 1000 + group * PER_GROUP + member
            truth[person] = group
            for statement in statements:
                if rng.random() > turnout:
                    continue
                if statement in consensus:
                    value = 1
                else:
                    value = 1 if (statement - 1) // BLOCK == group else -1
                if rng.random() < noise:
                    value = rng.choice([0, -value])
                votes.append((person, statement, value))
    return votes, truth, consensus


def test_planted_groups_are_recovered_with_their_consensus():
    votes, truth, consensus = planted()
    result = opinion_groups(votes)
    assert len(result.groups) == GROUPS
    people = sorted(truth)
    found = [result.group_of(person) for person in people]
    assert adjusted_rand_score([truth[p] for p in people], found) >= 0.9
    assert {statement for statement, _share in result.consensus} == set(consensus)
    for group in result.groups:
        assert group.representative and all(o.direction in ("agree", "disagree") for o in group.representative)
        own_block = {truth[group.members[0]] * BLOCK + i + 1 for i in range(BLOCK)}
        assert {o.statement_id for o in group.representative if o.direction == "agree"} <= own_block


def test_the_same_votes_give_the_same_groups():
    votes, _truth, _consensus = planted(seed=11)
    first, again = opinion_groups(votes), opinion_groups(list(reversed(votes)))
    assert [g.members for g in first.groups] == [g.members for g in again.groups]
    assert first.consensus == again.consensus


def test_too_few_participants_or_votes_give_no_groups():
    votes = [(person, statement, 1) for person in (1, 2) for statement in range(1, 10)]
    assert opinion_groups(votes).groups == []
    few = [(person, statement, 1) for person in (1, 2, 3) for statement in range(1, MIN_VOTES)]
    assert opinion_groups(few).participant_count == 0
