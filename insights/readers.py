"""Readers per day, counted without cookies or third parties.

A page view of a wijk (its page or one of its posts) adds sha256(daily salt + ip + user agent) to that day's set of
the wijk in Redis. The salt is made once per day, shared by the processes, and never leaves Redis. The roll-up keeps
only the size of each set (DailyCount "readers") and `purge` deletes the sets and salts of past days right after:
nothing identifying outlives its day (both also expire by themselves after two days, in case no roll-up runs).
Without REDIS_URL readers are not counted.
"""
import hashlib
import logging
import secrets
from datetime import date

from flask import current_app, request
from redis import Redis, RedisError

log = logging.getLogger(__name__)

PREFIX = "insights:"
KEEP_SECONDS = 2 * 86400
COUNTED_ENDPOINTS = ("wijken.wijk", "wijken.post")
BOTS = ("bot", "crawl", "spider", "preview")


def _salt_key(day: date) -> str:
    return f"{PREFIX}salt:{day.isoformat()}"


def _set_key(day: date, slug: str) -> str:
    return f"{PREFIX}readers:{day.isoformat()}:{slug}"


def connection(app) -> Redis | None:
    """The app's Redis for reader counts (None without REDIS_URL); gives up after REDIS_TIMEOUT."""
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    if "insights_redis" not in app.extensions:
        timeout = app.config["REDIS_TIMEOUT"]
        app.extensions["insights_redis"] = Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    return app.extensions["insights_redis"]


def _salt(redis: Redis, day: date) -> bytes:
    key = _salt_key(day)
    pipe = redis.pipeline()
    pipe.set(key, secrets.token_hex(32), nx=True, ex=KEEP_SECONDS)
    pipe.get(key)
    return pipe.execute()[1]


def visitor_hash(salt: bytes, ip: str, user_agent: str) -> str:
    return hashlib.sha256(salt + ip.encode() + b"\0" + user_agent.encode()).hexdigest()


def count_view(response, today: date):
    """After a successful GET of a wijk page or post: add the visitor's hash to the day's set of the wijk."""
    slug = (request.view_args or {}).get("slug")
    agent = request.headers.get("User-Agent", "")
    if (request.method != "GET" or response.status_code != 200 or request.endpoint not in COUNTED_ENDPOINTS
            or not slug or any(word in agent.lower() for word in BOTS)):
        return response
    redis = connection(current_app)
    if redis is None:
        return response
    try:
        digest = visitor_hash(_salt(redis, today), request.remote_addr or "", agent)
        pipe = redis.pipeline()
        pipe.sadd(_set_key(today, slug), digest)
        pipe.expire(_set_key(today, slug), KEEP_SECONDS)
        pipe.execute()
    except RedisError as error:  # the page was served; a reader not counted is no reason to fail it
        log.warning("reader not counted: %s", error)
    return response


def readers_on(app, day: date) -> dict[str, int]:
    """{wijk slug: distinct readers} on `day` (only today and yesterday still have their sets)."""
    redis = connection(app)
    if redis is None:
        return {}
    prefix = _set_key(day, "")
    try:
        keys = [k.decode() for k in redis.scan_iter(match=prefix + "*", count=1000)]
        pipe = redis.pipeline()
        for key in keys:
            pipe.scard(key)
        sizes = pipe.execute() if keys else []
    except RedisError as error:  # the roll-up goes on without readers; their sets expire by themselves
        log.warning("readers not counted: %s", error)
        return {}
    return {key[len(prefix):]: size for key, size in zip(keys, sizes, strict=True)}


def purge(app, today: date) -> int:
    """Delete every set and salt of a day before `today`; returns how many keys went."""
    redis = connection(app)
    if redis is None:
        return 0
    today_marks = (f"{PREFIX}salt:{today.isoformat()}", f"{PREFIX}readers:{today.isoformat()}:")
    try:
        old = [k for k in redis.scan_iter(match=PREFIX + "*", count=1000) if not k.decode().startswith(today_marks)]
        return redis.delete(*old) if old else 0
    except RedisError as error:  # they expire after KEEP_SECONDS anyway
        log.warning("old reader sets not deleted: %s", error)
        return 0
