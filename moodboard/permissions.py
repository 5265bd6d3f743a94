"""Who may pin, dot, flag, review and see what on a moodboard: plain predicates over the participation frame's
rules (open, eligible) and the wijk's moderators."""
from accounts.permissions import is_admin, is_author, is_verified
from participation.permissions import can_manage_participation, can_view_participation, is_eligible, is_open
from wijken.permissions import is_coordinator


def can_take_part(user, participation, followed_wijk_ids) -> bool:
    """Pin and put dots: while the participation is open, for whoever it is meant for (its eligibility)."""
    return (participation.tool == "moodboard" and is_open(participation) and is_verified(user)
            and is_eligible(user, participation, followed_wijk_ids))


def can_review(user, participation) -> bool:
    """Hide, restore and remove pins, and dismiss flags: the owner, the wijken's coordinators, site admins."""
    return (is_admin(user) or can_manage_participation(user, participation)
            or any(is_coordinator(user, wijk) for wijk in participation.wijken))


def can_view_pin(user, pin, participation) -> bool:
    """Published pins of a visible board are public; a hidden pin only for its author and the reviewers."""
    if not can_view_participation(user, participation):
        return False
    if pin.status == "published":
        return True
    return pin.status == "hidden" and (is_author(user, pin) or can_review(user, participation))


def can_flag_pin(user, pin) -> bool:
    return is_verified(user) and pin.status == "published" and pin.author_id != user.id


def can_delete_pin(user, pin, participation) -> bool:
    return pin.status != "removed" and (is_author(user, pin) or can_review(user, participation))


TEMPLATE_PREDICATES = {f.__name__: f for f in (can_review, can_flag_pin, can_delete_pin)}
