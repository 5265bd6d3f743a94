"""Who may add, review and vote on stellingen, and who sees the opinion groups: plain predicates on the
participation frame's."""
from accounts.permissions import is_user
from participation.permissions import can_manage_participation, can_view_participation, is_eligible, is_open
from wijken.permissions import can_manage_wijk

from .clustering import MIN_VOTES


def can_take_part(user, participation, followed_wijk_ids) -> bool:
    """Vote and add stellingen: eligible people while the set is open."""
    return is_user(user) and is_open(participation) and is_eligible(user, participation, followed_wijk_ids)


def can_vote(user, statement, followed_wijk_ids) -> bool:
    return statement.status == "approved" and can_take_part(user, statement.participation, followed_wijk_ids)


def can_review_statements(user, participation) -> bool:
    """Approve or refuse residents' stellingen: the owner and the coordinators of the set's wijken."""
    return (can_manage_participation(user, participation)
            or any(can_manage_wijk(user, wijk) for wijk in participation.wijken))


def can_view_statement(user, statement) -> bool:
    """An approved stelling of a published set is public; one waiting or refused only for its author and
    those who review them."""
    if not can_view_participation(user, statement.participation):
        return False
    if statement.status == "approved":
        return True
    return (is_user(user) and statement.author_id == user.id) or can_review_statements(user, statement.participation)


def can_see_groups(user, participation, votes_cast: int) -> bool:
    """The opinion groups: for the owner, and for anyone who voted on at least MIN_VOTES stellingen."""
    return can_manage_participation(user, participation) or votes_cast >= MIN_VOTES


TEMPLATE_PREDICATES = {f.__name__: f for f in (can_review_statements,)}
