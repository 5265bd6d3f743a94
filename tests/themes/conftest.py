import pytest

from core.extensions import db
from core.timeutil import utcnow
from tests.themes.corpus import planted_texts
from wijken.models import Post


@pytest.fixture
def texts():
    """The planted corpus, written in the weeks up to now."""
    def make(n: int, **kwargs):
        return planted_texts(n, end=utcnow(), **kwargs)
    return make


@pytest.fixture
def add_posts():
    """Posts straight into the table (the services' side effects are not what these tests are about)."""
    def add(wijk, author, texts, *, status="published"):
        posts = [Post(wijk_id=wijk.id, author_id=author.id, kind="bericht", title=text.split(" ")[0][:140],
                      body=text, body_html=f"<p>{text}</p>", status=status, created_at=created)
                 for _theme, text, created in texts]
        db.session.add_all(posts)
        db.session.commit()
        return posts
    return add
