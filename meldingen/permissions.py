"""Who may report, see, follow and handle a melding: plain predicates, used by views, the API, sockets and
templates alike."""
from datetime import timedelta

from accounts.permissions import is_admin, is_user, is_verified
from core.timeutil import utcnow
from partners.permissions import POSTING_ROLES, membership_role
from wijken.permissions import muted_until, posting_organisations

SATISFACTION_DAYS = 14  # how long after afgehandeld the reporter is asked "tevreden?"


def can_report(user, wijk) -> bool:
    """A verified resident who is not muted in the wijk (partner systems report through their back office)."""
    return is_verified(user) and not user.is_service and not muted_until(user, wijk)


def is_reporter(user, report) -> bool:
    return is_user(user) and report.reporter_id == user.id


def is_handler(user, report) -> bool:
    """Staff (poster, moderator, admin) of the organisation handling the melding, and site admins."""
    return is_admin(user) or membership_role(user, report.organisation) in POSTING_ROLES


def can_view_report(user, report) -> bool:
    """A public melding whose post is visible; a private one (personal data) only for reporter and handler."""
    if is_reporter(user, report) or is_handler(user, report):
        return True
    return not report.private and report.post is not None and report.post.status == "published"


def can_follow_report(user, report) -> bool:
    """"Is het deze? Volg hem dan": any verified user on an open public melding they did not make."""
    return (is_verified(user) and not user.is_service and report.open and not report.private
            and not is_reporter(user, report))


def can_answer_satisfaction(user, report, now=None) -> bool:
    """The reporter, once, in the SATISFACTION_DAYS after the melding was afgehandeld."""
    now = now or utcnow()
    return (is_reporter(user, report) and report.state == "afgehandeld" and report.satisfied is None
            and report.closed_at is not None and now <= report.closed_at + timedelta(days=SATISFACTION_DAYS))


def can_convert(user, item) -> bool:
    """Turn a post or comment into a melding: its author, or staff of an organisation serving the wijk."""
    post = getattr(item, "post", None) or item
    if not is_verified(user) or item.status != "published" or post.status != "published":
        return False
    return item.author_id == user.id or bool(posting_organisations(user, post.wijk))




# --- webcare ---------------------------------------------------------------------------------------------------

def can_ask(user, wijk) -> bool:
    """A verified resident, not muted in the wijk, may ask an organisation serving it a question."""
    return is_verified(user) and not user.is_service and not muted_until(user, wijk)


def is_asker(user, question) -> bool:
    return is_user(user) and question.asker_id == user.id


def is_webcare_staff(user, question) -> bool:
    """Staff (poster, moderator, admin) of the organisation asked, and site admins."""
    return is_admin(user) or membership_role(user, question.organisation) in POSTING_ROLES


def can_view_question(user, question) -> bool:
    """A public question whose post is visible; a private one only for the asker and the organisation."""
    if is_asker(user, question) or is_webcare_staff(user, question):
        return True
    return not question.private and question.post is not None and question.post.status == "published"


def can_accept_answer(user, question) -> bool:
    """The asker, once the organisation gave an answer (not only a holding reply) and none is marked yet."""
    return (is_asker(user, question) and question.accepted_reply_id is None and question.state != "converted"
            and any(not r.holding for r in question.replies))


def can_convert_question(user, question) -> bool:
    """The asker or the organisation's staff, while it is not a melding yet."""
    return (question.report_id is None and is_verified(user) and not user.is_service
            and (is_asker(user, question) or is_webcare_staff(user, question)))


TEMPLATE_PREDICATES = {f.__name__: f for f in (
    can_report, is_handler, is_reporter, can_follow_report, can_answer_satisfaction, can_convert, can_ask, is_asker,
    is_webcare_staff, can_view_question, can_accept_answer, can_convert_question)}
