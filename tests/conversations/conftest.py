"""A wijk with a gemeente whose wethouder hosts a spreekuur; `clock` moves its window instead of waiting."""
from datetime import timedelta

import pytest

from conversations import spreekuur
from core.extensions import db
from core.timeutil import utcnow


@pytest.fixture
def hold(make_user, make_wijk, make_org):
    """hold(**changes) -> (conversation, host, poster): a spreekuur starting in an hour, in wijk `besoijen`."""
    def factory(**changes):
        wijk = make_wijk("besoijen", "Besoijen")
        poster, host = make_user("Sanne Poster"), make_user("Wethouder Jansen")
        make_org("gemeente", "gemeente", wijken=[wijk], members=[poster, host])
        start = utcnow() + timedelta(hours=1)
        data = {"organisation": "gemeente", "host": host.id, "host_function": "wethouder Wonen",
                "title": "Spreekuur over wonen", "body": "Stel je vraag over wonen in Besoijen.",
                "starts_at": start.isoformat() + "Z", "ends_at": (start + timedelta(hours=1)).isoformat() + "Z",
                "slow_mode_seconds": 30} | changes
        return spreekuur.create_spreekuur(poster, wijk, data), host, poster
    return factory


@pytest.fixture
def clock():
    """Put a conversation's window around now: `clock.live(c)`, `clock.ended(c)`, `clock.scheduled(c)`."""
    class Clock:
        @staticmethod
        def _set(conversation, starts: timedelta, ends: timedelta):
            now = utcnow()
            conversation.starts_at, conversation.ends_at = now + starts, now + ends
            conversation.post.starts_at, conversation.post.ends_at = conversation.starts_at, conversation.ends_at
            db.session.commit()
            return conversation

        def live(self, conversation):
            return self._set(conversation, timedelta(minutes=-10), timedelta(minutes=50))

        def ended(self, conversation):
            return self._set(conversation, timedelta(hours=-2), timedelta(hours=-1))

        def scheduled(self, conversation):
            return self._set(conversation, timedelta(hours=1), timedelta(hours=2))

        @staticmethod
        def written_ago(entry, seconds: int):
            entry.created_at = utcnow() - timedelta(seconds=seconds)
            db.session.commit()
    return Clock()
