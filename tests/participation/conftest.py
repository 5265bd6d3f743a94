"""Fixtures shared by the participation tests: the world of test_participation_api (a wijk, its gemeente with a
poster, three residents) and poppler for the letters PDF."""
from tests.live.conftest import listener, start_server  # noqa: F401,E402
from tests.participation.test_participation_api import world  # noqa: F401
from tests.reach.test_flyer import poppler  # noqa: F401
