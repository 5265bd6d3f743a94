"""One environment-driven configuration.

Every setting can come from the environment; `instance/config.py` may override
them on a deployed machine. Tests pass a dict to `create_app` instead.
"""
import os
import secrets
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once per instance folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'wijkpagina.db'}")
    # Heroku-style URLs and plain postgresql:// mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _base_url(environ=os.environ) -> str:
    """BASE_URL, or else the address `make run` serves on (HOST and PORT), so links in mail, feeds, the
    flyer's QR code and the SSO redirect URI point where the demo really is. A wildcard HOST (0.0.0.0, ::)
    says nothing about the address people use: then this machine's loopback, and set BASE_URL."""
    if environ.get("BASE_URL"):
        return environ["BASE_URL"].rstrip("/")
    host = environ.get("HOST") or "127.0.0.1"
    if host in ("0.0.0.0", "::", "[::]", ""):
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{environ.get('PORT') or '5000'}"


class Config:
    SECRET_KEY = _secret_key()
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    BASE_URL = _base_url()

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = BASE_URL.startswith("https://")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Single sign-on providers on this machine or a private network (partners/sso.py); off: internet only.
    SSO_ALLOW_PRIVATE_HOSTS = os.environ.get("SSO_ALLOW_PRIVATE_HOSTS") == "1"
    # Reverse proxies in front of the app (core/security.py): 0 means visitors connect directly.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    MAX_CONTENT_LENGTH = 1024 * 1024
    # Uploaded files (organisation logos under logos/); unset means <instance>/uploads.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER")

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"

    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") == "1"
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # Seconds to wait for Redis (rate limits, the job queue, live events) before treating it as away.
    REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT}
    # Redis away: the limits hold per process in memory (Flask-Limiter logs a warning) until it is back;
    # an error in between skips the limit for that one request (logged) rather than answering 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    # Login, registration, token and reset attempts (accounts/ratelimits.py).
    AUTH_LIMIT_PER_IP = os.environ.get("AUTH_LIMIT_PER_IP", "20 per minute;200 per day")
    AUTH_LIMIT_PER_ACCOUNT = os.environ.get("AUTH_LIMIT_PER_ACCOUNT", "5 per minute;30 per hour")
    FLYER_LIMIT_PER_USER = os.environ.get("FLYER_LIMIT_PER_USER", "10 per minute")
    # Live tallies of a participation: at most one update per this many seconds (participation/live.py).
    LIVE_TALLY_INTERVAL = float(os.environ.get("LIVE_TALLY_INTERVAL", "1"))
    # Refused letter codes per client address (participation/codes.py): guessing is slowed down, typos are not.
    CODE_LIMIT_PER_IP = os.environ.get("CODE_LIMIT_PER_IP", "10 per minute;50 per day")
    # Posts, comments, reactions, RSVPs and flags, pages and API together (ratelimits.write_limit).
    WRITE_LIMIT_PER_USER = os.environ.get("WRITE_LIMIT_PER_USER", "30 per minute;500 per day")

    # Anonymous wijk pages are cached, keyed on the wijk's latest change (its seq).
    CACHE_TYPE = "SimpleCache"
    CACHE_DEFAULT_TIMEOUT = 300

    # Socket.IO: clients only send small join/leave messages; anything bigger is dropped.
    SOCKETIO_MAX_MESSAGE = 16 * 1024
    # The Redis pub/sub channel the processes of one site share (pub/sub ignores Redis db numbers).
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL", "wijkpagina")
    # None: same origin only (the page's own host); a comma-separated list adds others.
    SOCKETIO_ORIGINS = os.environ.get("SOCKETIO_ORIGINS", "").split(",") if os.environ.get("SOCKETIO_ORIGINS") \
        else None

    PASSWORD_HASH_METHOD = "scrypt"
    API_TOKEN_DAYS = 30
    WARNING_DEFAULT_DAYS = 14
    FEED_PAGE_SIZE = 20
    EVENT_LOG_RETENTION_DAYS = 30

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "Wijkpagina <noreply@wijkpagina.local>")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS") == "1"
    MAIL_TIMEOUT = 10
    # "smtp" (also under TESTING: the tests read real mail from a local SMTP server), or "file": every
    # message is written to MAIL_FILE_PATH instead (`make run` without MAIL_SERVER: the demo's mailbox).
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_FILE_PATH = os.environ.get("MAIL_FILE_PATH", str(INSTANCE_DIR / "mail"))
    # The outbox (reach/outbox.py): seconds between attempts after a temporary failure, then "failed";
    # a message left "sending" by a dead worker is tried again after MAIL_CLAIM_TIMEOUT seconds.
    MAIL_RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
    MAIL_CLAIM_TIMEOUT = int(os.environ.get("MAIL_CLAIM_TIMEOUT", "600"))
    # Outgoing webhooks (meldingen/webhooks.py): retried after these many seconds, then failed. Plain http to
    # localhost only where this is set (development and tests); elsewhere https to a public host.
    WEBHOOK_RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
    WEBHOOK_ALLOW_LOCALHOST = os.environ.get("WEBHOOK_ALLOW_LOCALHOST", "") == "1"
    # Without workers, a request delivers what is due at most this often (after its response).
    MAIL_SWEEP_SECONDS = 60
    # "rq": with REDIS_URL, `flask jobs worker` processes deliver mail; "inline": the web process does.
    JOBS_MODE = os.environ.get("JOBS_MODE", "rq")
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE")
