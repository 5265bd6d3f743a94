"""Time is stored as naive UTC and shown in Europe/Amsterdam."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    """The current time as naive UTC, the form every column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_utc(value: datetime) -> datetime:
    """Naive UTC from an aware datetime, or from a naive one read as Amsterdam time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(UTC).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    """An aware Europe/Amsterdam datetime from a stored naive UTC one."""
    return value.replace(tzinfo=UTC).astimezone(LOCAL_TZ)


def isoformat(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, as the API writes every time."""
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat() + "Z"


def parse_iso(text: str) -> datetime:
    """Naive UTC from ISO 8601 text; raises ValueError for anything else."""
    if not isinstance(text, str):
        raise ValueError("not a string")
    return to_utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
