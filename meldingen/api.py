"""The JSON API of meldingen (reports_api: meldingen, the map, partner systems and webhooks) and of webcare and the
scorecards (webcare_api), on one blueprint; importing this module declares all their operations."""
from . import webcare_api  # noqa: F401  (declares its operations on the blueprint)
from .reports_api import bp

__all__ = ["bp"]
