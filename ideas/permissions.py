"""Who may submit, support, answer, merge and moderate ideas: plain predicates on the participation frame's."""
from accounts.permissions import is_user
from participation.permissions import can_manage_participation, can_view_participation, is_eligible, is_open
from wijken.permissions import can_manage_wijk


def can_submit_idea(user, participation, followed_wijk_ids) -> bool:
    return is_user(user) and is_open(participation) and is_eligible(user, participation, followed_wijk_ids)


def is_supportable(idea) -> bool:
    """A shown idea, not merged away."""
    return idea.status == "published" and idea.state != "merged"


def can_support(user, idea, followed_wijk_ids) -> bool:
    """Steun (and withdrawing it): eligible people while the round is open, on a supportable idea."""
    return is_supportable(idea) and can_submit_idea(user, idea.participation, followed_wijk_ids)


def can_answer_ideas(user, participation) -> bool:
    """The round's owner answers ideas and keeps the answer templates."""
    return can_manage_participation(user, participation)


def can_curate_ideas(user, participation) -> bool:
    """Merge duplicates and hide or restore ideas: the owner and the coordinators of the round's wijken."""
    return (can_manage_participation(user, participation)
            or any(can_manage_wijk(user, wijk) for wijk in participation.wijken))


def can_view_idea(user, idea) -> bool:
    """A shown idea of a published round is public; a hidden one only for those who curate the round."""
    if not can_view_participation(user, idea.participation):
        return False
    return idea.status == "published" or can_curate_ideas(user, idea.participation)


TEMPLATE_PREDICATES = {f.__name__: f for f in (can_answer_ideas, can_curate_ideas, is_supportable)}
