"""The meldingen demo: Waalwijk's categories (gemeente and Casade), and meldingen in Besoijen in every state, made
through the services and then spread over the past weeks so the scorecards show measured times; and webcare
questions to Casade and the gemeente (answered, with a holding reply, accepted, still open), backdated likewise."""
from datetime import datetime, timedelta

from core.extensions import db
from core.transactions import commit
from core.workdays import add_business_minutes, add_working_days, business_minutes_between
from meldingen import categories, services, webcare
from meldingen.models import Question, Report
from wijken.models import Comment

MUNICIPALITY = "Waalwijk"
CATEGORIES = [
    ("straatverlichting", "Straatverlichting", "gemeente-waalwijk", 5),
    ("afval", "Afval en zwerfvuil", "gemeente-waalwijk", 3),
    ("stoep-en-weg", "Stoep, straat en fietspad", "gemeente-waalwijk", 10),
    ("groen", "Bomen, struiken en gras", "gemeente-waalwijk", 10),
    ("huurwoning", "Portiek of galerij van een huurwoning", "casade", 5),
]

# Besoijen, in the wijk Waalwijk. (reporter, category, lat, lon, where, text, private, days ago, steps), each step
# (handler, state, text, hours after the previous step, planned in days).
MELDINGEN = [
    ("anouk", "straatverlichting", 51.68951, 5.04652, "Besoijenstraat, bij nummer 40",
     "De lantaarnpaal knippert al een week en is nu helemaal uit. Het is er 's avonds erg donker.", False, 12,
     [("sanne", "in_behandeling", "Dank je! We hebben de storing doorgegeven aan de aannemer.", 5, None),
      ("sanne", "ingepland", "De monteur komt op de ingeplande dag.", 20, 3),
      ("sanne", "afgehandeld", "De lamp en de kap zijn vervangen. Hij brandt weer.", 60, None)]),
    ("jeroen", "afval", 51.68902, 5.04401, "Speeltuin Vijverlaan",
     "Rond de bankjes bij de speeltuin ligt veel zwerfvuil en er staan kapotte flessen.", False, 4,
     [("sanne", "in_behandeling", "De wijkploeg neemt dit mee in de ronde van deze week.", 3, None)]),
    ("anouk", "stoep-en-weg", 51.69046, 5.04890, "Akkerlaan",
     "Op de stoep liggen meerdere tegels los; een buurvrouw met een rollator is bijna gevallen.", False, 8,
     [("sanne", "ingepland", "De stratenmakers leggen de tegels opnieuw.", 26, 6)]),
    ("jeroen", "straatverlichting", 51.68978, 5.04630, "Besoijenstraat, bij de kerk",
     "De lantaarnpaal bij de kerk doet het niet.", False, 1, []),
    ("lotte", "huurwoning", 51.68870, 5.04720, "Portiek Vijverlaan",
     "De lamp in ons portiek is kapot. Ik woon op nummer 7 en ben overdag thuis voor de monteur.", True, 2,
     [("ilse", "in_behandeling", "Dank u, de huismeester komt langs. Hij belt eerst aan.", 2, None)]),
]


def create_meldingen(users: dict, wijken: dict, now: datetime) -> None:
    """Categories for Waalwijk, and the Besoijen meldingen with their history, backdated."""
    for slug, name, organisation, days in CATEGORIES:
        categories.save_category({"municipality": MUNICIPALITY, "slug": slug, "name": name,
                                  "organisation": organisation, "target_days": days})
    wijk = wijken["waalwijk"]
    for reporter, category, lat, lon, where, text, private, days_ago, steps in MELDINGEN:
        report = services.create_report(users[reporter], wijk, {
            "category": category, "lat": lat, "lon": lon, "location": where, "body": text, "private": private})
        for handler, state, note, _hours, planned in steps:
            data = {"state": state, "text": note}
            if planned is not None:
                data["planned_for"] = (now + timedelta(days=planned)).date().isoformat()
            services.change_status(users[handler], report, data)
        _backdate(report, now - timedelta(days=days_ago), [step[3] for step in steps])


def _backdate(report: Report, created: datetime, hours: list[int]) -> None:
    """Move a melding and its history into the past, as if it was handled at those moments."""
    report.created_at = report.post.created_at = created
    report.due_at = add_working_days(created, report.category.target_days)
    moment = created
    report.updates[0].created_at = created
    for update, after in zip(report.updates[1:], hours, strict=True):
        moment += timedelta(hours=after)
        update.created_at = moment
        if update.comment_id:
            comment = db.session.get(Comment, update.comment_id)
            comment.created_at = moment
    handled = report.updates[1:]
    report.first_reaction_at = handled[0].created_at if handled else None
    report.reaction_minutes = _minutes(created, report.first_reaction_at)
    closed = next((u.created_at for u in handled if u.to_state == "afgehandeld"), None)
    report.closed_at, report.within_target = closed, (closed <= report.due_at) if closed else None
    report.closed_minutes = _minutes(created, closed)
    commit()


def _minutes(start: datetime, end: datetime | None) -> int | None:
    return None if end is None else int((end - start).total_seconds() // 60)


# Questions to organisations in Besoijen: (asker, organisation, title, text, private, days ago, replies, accepted),
# each reply (staff member, text, holding, business minutes after the question).
QUESTIONS = [
    ("anouk", "casade", "Wanneer wordt de galerij aan de Vijverlaan geverfd?",
     "De verf op de galerij bladdert al maanden. Staat dit op de planning?", False, 9,
     [("ilse", "Goede vraag, we zoeken het uit bij de planning.", True, 45),
      ("ilse", "De schilder komt in de eerste week van maart. U krijgt vooraf een brief.", False, 300)], True),
    ("jeroen", "casade", "Mag ik een fietsenrek bij de portiek zetten?",
     "In de portiek staan veel fietsen. Mag de VvE of ik een rek plaatsen?", False, 3,
     [("ilse", "Dat mag met toestemming. Stuur ons een mail met de plek, dan kijken we mee.", False, 90)], False),
    ("lotte", "gemeente-waalwijk", "Waar haal ik een nieuwe groene container?",
     "Onze groene container is gestolen. Waar kan ik een nieuwe aanvragen?", False, 1, [], False),
]


def create_questions(users: dict, wijken: dict, now: datetime) -> None:
    """Webcare questions with their replies, backdated so the scorecards show measured business hours."""
    wijk = wijken["waalwijk"]
    for asker, organisation, title, text, private, days_ago, replies, accepted in QUESTIONS:
        question = webcare.ask(users[asker], wijk, {"organisation": organisation, "title": title, "body": text,
                                                    "private": private})
        for staff, body, holding, _minutes_after in replies:
            webcare.reply(users[staff], question, {"body": body, "holding": holding})
        _backdate_question(question, now - timedelta(days=days_ago), [r[3] for r in replies])
        if accepted:
            webcare.accept(users[asker], question, {"reply": question.replies[-1].id})


def _backdate_question(question: Question, created: datetime, minutes: list[int]) -> None:
    settings = webcare.settings_of(question.organisation)
    hours, opens, closes = settings.first_reaction_hours, settings.opens, settings.closes
    question.created_at = created
    if question.post is not None:
        question.post.created_at = created
    question.reaction_due_at = add_business_minutes(created, hours * 60, opens, closes)
    question.answer_due_at = add_working_days(created, settings.answer_days)
    question.first_reaction_at = question.answered_at = None
    for reply, after in zip(question.replies, minutes, strict=True):
        reply.created_at = add_business_minutes(created, after, opens, closes)
        if reply.comment_id:
            db.session.get(Comment, reply.comment_id).created_at = reply.created_at
        if question.first_reaction_at is None:
            question.first_reaction_at, question.reaction_in_time = reply.created_at, reply.created_at <= \
                question.reaction_due_at
            question.reaction_minutes = business_minutes_between(created, reply.created_at, opens, closes)
        if not reply.holding and question.answered_at is None:
            question.answered_at = reply.created_at
            question.answer_in_time = reply.created_at <= question.answer_due_at
    commit()
