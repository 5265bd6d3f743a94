"""Themes from texts, in numpy and scikit-learn (no database, no Flask here): texts in, themes out.

1. Every text becomes stems and bigrams (`themes.text`), weighted by TF-IDF (sublinear term frequency; terms
   in fewer than MIN_DF texts or more than MAX_DF of them left out).
2. NMF (non-negative matrix factorisation, `nndsvd` start, fixed random_state) splits the matrix into k themes
   for every k from MIN_THEMES to MAX_THEMES on a sample of the texts; the k whose themes' top words co-occur
   most (mean NPMI over the texts, the usual topic coherence) wins, and is fitted on all texts.
3. A text belongs to its strongest theme. A theme has its top terms (readable words), its term weights (to
   recognise it in a later run), its size, the texts per week of the period, how much it grew in the last
   weeks, and the public texts that show it best.

The same texts always give the same themes.
"""
import math
import warnings
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer

from .text import Vocabulary

MIN_THEMES, MAX_THEMES = 5, 15
MIN_TEXTS = 25            # below this, no themes: too little to group
TEXTS_PER_THEME = 4       # k is at most (texts / this)
MIN_DF, MAX_DF = 2, 0.4
MAX_TERMS = 20000
SAMPLE = 4000             # texts used to choose k
COHERENCE_TERMS = 8       # top single words whose co-occurrence scores a theme
SHOWN_TERMS = 8
KEPT_WEIGHTS = 30         # term weights stored per theme, for recognising it later
EXAMPLES = 3
RECENT_WEEKS = 2          # "stijgers": the last weeks against the weeks before
SEED = 0


@dataclass(frozen=True)
class Item:
    key: str                 # "post:12": kind and id, for linking
    text: str
    created_at: datetime
    public: bool = True      # may be shown and linked as an example


@dataclass
class Theme:
    terms: list[str]                    # readable, strongest first
    weights: dict[str, float]           # stem term -> weight (unit length), for matching runs
    size: int
    weekly: list[int]                   # texts per week, oldest week first
    growth: float                       # > 0: grew in the last RECENT_WEEKS weeks
    examples: list[str] = field(default_factory=list)  # keys of public texts, best first


@dataclass
class Result:
    themes: list[Theme]
    text_count: int
    k: int = 0
    coherence: float = 0.0


def find_themes(items: list[Item], *, period_end: datetime, weeks: int) -> Result:
    """Group `items` (of the `weeks` weeks up to `period_end`) into themes, largest first."""
    if len(items) < MIN_TEXTS:
        return Result([], len(items))
    vocabulary = Vocabulary()
    documents = [vocabulary.terms(item.text) for item in items]
    try:
        vectorizer = TfidfVectorizer(analyzer=_identity, min_df=MIN_DF, max_df=MAX_DF, max_features=MAX_TERMS,
                                     sublinear_tf=True, dtype=np.float32)
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # nothing left after min_df / max_df
        return Result([], len(items))
    terms = vectorizer.get_feature_names_out()
    present = np.asarray(matrix.getnnz(axis=1)).ravel() > 0
    k_max = min(MAX_THEMES, int(present.sum()) // TEXTS_PER_THEME, len(terms) - 1)
    if k_max < MIN_THEMES:
        return Result([], len(items))
    single = np.array([" " not in t for t in terms])
    binary = (matrix > 0).astype(np.float32).tocsc()
    k, coherence = _choose_k(matrix, binary, single, k_max)
    weights, components = _fit(matrix, k, max_iter=400)
    themes = _themes(items, weights, components, terms, vocabulary, period_end, weeks)
    return Result(themes, len(items), k, coherence)


def _identity(document):
    return document


def _fit(matrix, k: int, *, max_iter: int):
    model = NMF(n_components=k, init="nndsvd", random_state=SEED, max_iter=max_iter, tol=1e-4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a close enough fit is fine for grouping texts
        weights = model.fit_transform(matrix)
    return weights, model.components_


def _choose_k(matrix, binary, single, k_max: int) -> tuple[int, float]:
    """The k in MIN_THEMES..k_max whose themes are most coherent, fitted on an even sample of the texts."""
    rows = matrix.shape[0]
    sample = matrix if rows <= SAMPLE else matrix[np.linspace(0, rows - 1, SAMPLE).astype(int)]
    best = (MIN_THEMES, -math.inf)
    for k in range(MIN_THEMES, k_max + 1):
        _weights, components = _fit(sample, k, max_iter=200)
        score = float(np.mean([_npmi(binary, _top(row, single, COHERENCE_TERMS)) for row in components]))
        if score > best[1] + 1e-9:
            best = (k, score)
    return best


def _top(row, mask, n: int) -> np.ndarray:
    order = np.argsort(-row, kind="stable")
    order = order[mask[order] & (row[order] > 0)]
    return order[:n]


def _npmi(binary, columns) -> float:
    """Mean normalised pointwise mutual information of the columns' pairs over the texts (-1..1)."""
    if len(columns) < 2:
        return -1.0
    sub = binary[:, columns]
    together = (sub.T @ sub).toarray()
    n = binary.shape[0]
    alone = np.diag(together)
    scores = []
    for i in range(len(columns)):
        for j in range(i + 1, len(columns)):
            both = together[i, j]
            if both == 0:
                scores.append(-1.0)
                continue
            p_both = both / n
            if p_both >= 1.0:
                scores.append(1.0)
                continue
            pmi = math.log(p_both / ((alone[i] / n) * (alone[j] / n)))
            scores.append(pmi / -math.log(p_both))
    return float(np.mean(scores))


def _themes(items, weights, components, terms, vocabulary, period_end, weeks) -> list[Theme]:
    strongest = weights.argmax(axis=1)
    assigned = weights.max(axis=1) > 0
    themes = []
    for index, row in enumerate(components):
        members = np.flatnonzero(assigned & (strongest == index))
        if len(members) == 0:
            continue
        themes.append(Theme(
            terms=_readable_terms(row, terms, vocabulary),
            weights=_kept_weights(row, terms),
            size=len(members),
            weekly=(weekly := _weekly([items[m].created_at for m in members], period_end, weeks)),
            growth=growth(weekly),
            examples=_examples(items, members, weights[:, index]),
        ))
    themes.sort(key=lambda t: (-t.size, t.terms))
    return themes


def _readable_terms(row, terms, vocabulary) -> list[str]:
    """The strongest terms as words, leaving out a term whose words are all shown already."""
    shown: list[str] = []
    words: set[str] = set()
    for index in _top(row, np.ones(len(terms), dtype=bool), SHOWN_TERMS * 3):
        parts = terms[index].split(" ")
        if all(p in words for p in parts):
            continue
        shown.append(vocabulary.readable(terms[index]))
        words.update(parts)
        if len(shown) == SHOWN_TERMS:
            break
    return shown


def _kept_weights(row, terms) -> dict[str, float]:
    top = _top(row, np.ones(len(terms), dtype=bool), KEPT_WEIGHTS)
    norm = float(np.linalg.norm(row[top])) or 1.0
    return {str(terms[i]): round(float(row[i]) / norm, 5) for i in top}


def _weekly(moments: list[datetime], period_end: datetime, weeks: int) -> list[int]:
    counts = [0] * weeks
    for moment in moments:
        back = int((period_end - moment).total_seconds() // (7 * 86400))
        if 0 <= back < weeks:
            counts[weeks - 1 - back] += 1
    return counts


def growth(weekly: list[int]) -> float:
    """Texts per week in the last RECENT_WEEKS weeks against the weeks before, relative (+1 smoothed)."""
    if len(weekly) <= RECENT_WEEKS:
        return 0.0
    recent = sum(weekly[-RECENT_WEEKS:]) / RECENT_WEEKS
    before = sum(weekly[:-RECENT_WEEKS]) / (len(weekly) - RECENT_WEEKS)
    return round((recent - before) / (before + 1), 4)


def _examples(items, members, strength) -> list[str]:
    public = [m for m in members if items[m].public]
    public.sort(key=lambda m: (-strength[m], items[m].key))
    return [items[m].key for m in public[:EXAMPLES]]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two term-weight vectors (dicts of term -> weight)."""
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def match(previous: dict[int, dict[str, float]], current: list[dict[str, float]],
          threshold: float) -> dict[int, int]:
    """{index in current: previous id} for pairs at least `threshold` alike, best pairs first, each once."""
    pairs = sorted(((cosine(weights, old), index, old_id) for index, weights in enumerate(current)
                    for old_id, old in previous.items()), key=lambda p: (-p[0], p[1], p[2]))
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    matched = {}
    for score, index, old_id in pairs:
        if score < threshold:
            break
        if index not in taken_new and old_id not in taken_old:
            matched[index] = old_id
            taken_new.add(index)
            taken_old.add(old_id)
    return matched
