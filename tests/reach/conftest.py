"""A wijk (centrum) and a police officer who posts there, for the reach tests."""
import pytest


@pytest.fixture
def wijk(make_wijk):
    return make_wijk("centrum", "Centrum")


@pytest.fixture
def politie(make_org, make_user, wijk):
    """(agent, organisation): a police poster serving centrum."""
    agent = make_user("Agent Bakker")
    return agent, make_org("politie", "politie", [wijk], [agent])
