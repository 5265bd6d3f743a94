"""Opinion groups from the vote matrix, the Polis way, in numpy and scikit-learn (no database here).

Participants with at least MIN_VOTES votes are rows, approved stellingen columns; a vote is 1 (eens), -1
(oneens) or 0 (pas), a missing vote the column's mean. PCA reduces the matrix to two dimensions; k-means
groups the points for k = 2..5 and the k with the best silhouette wins. Every step is seeded, and groups are
numbered by their lowest participant, so the same votes always give the same groups.

A group's representative stellingen are those it agrees (or disagrees) with significantly more than the rest
(a one-sided two-proportion z-test); the broadly supported ("breed gedragen") stellingen are those every
group agrees with.
"""
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

MIN_VOTES = 7          # a participant counts (and sees the groups) from this many votes
MAX_GROUPS = 5
Z_90 = 1.2816          # one-sided 90 %: "significantly more than the rest"
REPRESENTATIVE = 5     # shown per group
CONSENSUS_AGREE = 0.6  # every group agrees at least this much (smoothed)
SEED = 0


@dataclass
class Opinion:
    statement_id: int
    direction: str          # "agree" or "disagree"
    share: float            # of the group (smoothed), 0..1
    others: float           # of the rest of the participants (smoothed)


@dataclass
class Group:
    members: list[int]
    representative: list[Opinion] = field(default_factory=list)


@dataclass
class Groups:
    participant_count: int
    groups: list[Group]
    consensus: list[tuple[int, float]]  # (statement id, the lowest agreement of any group), most agreed first

    def group_of(self, participant: int) -> int | None:
        for index, group in enumerate(self.groups):
            if participant in group.members:
                return index
        return None


def matrix(votes, min_votes: int = MIN_VOTES) -> tuple[list[int], list[int], np.ndarray]:
    """(participants, statements, matrix with NaN where not voted) from (participant, statement, value)."""
    per_person: dict[int, int] = {}
    for person, _statement, _value in votes:
        per_person[person] = per_person.get(person, 0) + 1
    people = sorted(p for p, n in per_person.items() if n >= min_votes)
    statements = sorted({s for p, s, _v in votes if p in per_person and per_person[p] >= min_votes})
    rows, cols = {p: i for i, p in enumerate(people)}, {s: j for j, s in enumerate(statements)}
    values = np.full((len(people), len(statements)), np.nan)
    for person, statement, value in votes:
        if person in rows:
            values[rows[person], cols[statement]] = value
    return people, statements, values


def _cluster(points: np.ndarray) -> np.ndarray:
    """Labels of the best k by silhouette (k = 2..5, fewer than the distinct points); ties go to the smaller k."""
    n = len(points)
    distinct = len(np.unique(points.round(9), axis=0))
    best, best_score = np.zeros(n, dtype=int), -2.0
    for k in range(2, min(MAX_GROUPS, n - 1, distinct) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(points)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(points, labels)
        if score > best_score + 1e-9:
            best, best_score = labels, score
    return best


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Group 0 holds the first participant, group 1 the first not in group 0, and so on."""
    order: dict[int, int] = {}
    for label in labels:
        order.setdefault(int(label), len(order))
    return np.array([order[int(label)] for label in labels], dtype=int)


def _share(agree: np.ndarray, seen: np.ndarray) -> np.ndarray:
    return (agree + 1) / (seen + 2)  # Laplace smoothing: few votes say little


def _z(p1: np.ndarray, n1: np.ndarray, p2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    pooled = (p1 * n1 + p2 * n2) / np.maximum(n1 + n2, 1)
    spread = np.sqrt(np.maximum(pooled * (1 - pooled) * (1 / np.maximum(n1, 1) + 1 / np.maximum(n2, 1)), 1e-12))
    return (p1 - p2) / spread


def _representative(values: np.ndarray, in_group: np.ndarray, statements: list[int]) -> list[Opinion]:
    seen = ~np.isnan(values)
    agree, disagree = np.nan_to_num(values) > 0, np.nan_to_num(values) < 0
    n_in, n_out = (seen & in_group[:, None]).sum(0), (seen & ~in_group[:, None]).sum(0)
    found = []
    for direction, mask in (("agree", agree), ("disagree", disagree)):
        p_in = _share((mask & in_group[:, None]).sum(0), n_in)
        p_out = _share((mask & ~in_group[:, None]).sum(0), n_out)
        z = _z(p_in, n_in, p_out, n_out)
        for j in np.nonzero((z > Z_90) & (p_in > 0.5))[0]:
            found.append((p_in[j] / p_out[j] * p_in[j], Opinion(statements[j], direction, round(float(p_in[j]), 3),
                                                                round(float(p_out[j]), 3))))
    found.sort(key=lambda pair: (-pair[0], pair[1].statement_id))
    return [opinion for _score, opinion in found[:REPRESENTATIVE]]


def _consensus(values: np.ndarray, labels: np.ndarray, statements: list[int]) -> list[tuple[int, float]]:
    seen = ~np.isnan(values)
    agree = np.nan_to_num(values) > 0
    lowest = np.ones(len(statements))
    for group in range(labels.max() + 1):
        members = labels == group
        lowest = np.minimum(lowest, _share((agree & members[:, None]).sum(0), (seen & members[:, None]).sum(0)))
    chosen = [(statements[j], round(float(lowest[j]), 3)) for j in np.nonzero(lowest >= CONSENSUS_AGREE)[0]]
    return sorted(chosen, key=lambda pair: (-pair[1], pair[0]))


def opinion_groups(votes, min_votes: int = MIN_VOTES) -> Groups:
    """The groups of these votes ((participant, statement, value) with value 1, 0 or -1)."""
    people, statements, values = matrix(votes, min_votes)
    if len(people) < 3 or len(statements) < 2:
        return Groups(len(people), [], [])
    means = np.nan_to_num(np.nanmean(values, axis=0))
    filled = np.where(np.isnan(values), means, values)
    points = PCA(n_components=2, random_state=SEED).fit_transform(filled)
    labels = _renumber(_cluster(points))  # everyone voting alike: one group
    groups = [Group(members=[people[i] for i in np.nonzero(labels == g)[0]],
                    representative=_representative(values, labels == g, statements)
                    if labels.max() > 0 else [])
              for g in range(labels.max() + 1)]
    return Groups(len(people), groups, _consensus(values, labels, statements))
