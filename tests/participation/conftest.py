"""Fixtures shared by the participation tests: the world of test_participation_api (a wijk, its gemeente with a
poster, three residents) and poppler for the letters PDF."""
from tests.participation.test_participation_api import world  # noqa: F401
from tests.reach.test_flyer import poppler  # noqa: F401
