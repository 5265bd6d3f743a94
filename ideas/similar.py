"""Similar ideas in a round ("Bedoel je deze? Steun hem dan"): a fuzzy match of title and text.

rapidfuzz scores the candidates; on PostgreSQL the candidates are first narrowed by trigram similarity
(pg_trgm, with a GIN index on the title), elsewhere they are the round's most recent ideas.
"""
from rapidfuzz import fuzz, utils
from sqlalchemy import func, select

from core.extensions import db

from .models import Idea

CANDIDATES = 300     # ideas scored in Python at most
MIN_SCORE = 62       # 0..100: below this an idea is not offered
SHOWN = 5
TEXT_WEIGHT = 0.6    # a matching text counts less than a matching title


def _candidates(participation_id: int, title: str) -> list[Idea]:
    query = select(Idea).where(Idea.participation_id == participation_id, Idea.status == "published",
                               Idea.state != "merged")
    if db.session.get_bind().dialect.name == "postgresql":  # pg_trgm: the migration installs it
        query = query.order_by(func.similarity(Idea.title, title).desc(), Idea.id.desc())
    else:
        query = query.order_by(Idea.id.desc())
    return list(db.session.scalars(query.limit(CANDIDATES)))


def score(title: str, body: str, idea: Idea) -> float:
    """How alike (0..100): the best of the titles' match and the texts' (weighted) match."""
    on_title = fuzz.token_set_ratio(title, idea.title, processor=utils.default_process)
    on_text = fuzz.token_set_ratio(f"{title} {body}", f"{idea.title} {idea.body}",
                                   processor=utils.default_process) if body else 0
    return max(on_title, TEXT_WEIGHT * on_text + (1 - TEXT_WEIGHT) * on_title)


def similar_ideas(participation_id: int, title: str, body: str = "", exclude: int | None = None) -> list[Idea]:
    """The round's shown ideas most like this title and text, best first (at most SHOWN)."""
    title, body = (title or "").strip(), (body or "").strip()
    if len(title) < 3:
        return []
    scored = [(score(title, body, idea), idea) for idea in _candidates(participation_id, title)
              if idea.id != exclude]
    scored = [(s, idea) for s, idea in scored if s >= MIN_SCORE]
    scored.sort(key=lambda pair: (-pair[0], -pair[1].id))
    return [idea for _s, idea in scored[:SHOWN]]
