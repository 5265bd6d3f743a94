"""The demo's spreekuren and debates in Waalwijk: a past spreekuur with the wijkagent (its transcript and summary),
the gemeente's spreekuur with the wethouder, live for four hours from when the demo is loaded (so whoever tries the
demo can ask, upvote and get answers; two residents said they would come), a debate closed with conclusions and
an open one started by a resident. Through the same services as the pages, like the rest of the demo."""
from datetime import datetime, timedelta

from conversations import debates, services, spreekuur
from conversations.models import Conversation
from core.extensions import db
from core.transactions import commit
from wijken.services import set_rsvp

PAST_QUESTIONS = [  # (who, question, votes from, answer of the wijkagent)
    ("anouk", "Er wordt 's avonds hard gereden op de Grotestraat. Kunnen jullie daar vaker controleren?",
     ("jeroen", "lotte"), "Ja. We hebben de Grotestraat de komende maand op het rooster voor snelheidscontroles, "
                          "vooral tussen 21 en 23 uur."),
    ("jeroen", "Wat moet ik doen als ik een verdacht busje in de straat zie staan?",
     ("anouk",), "Bel 112 als je denkt dat er iets gebeurt, anders 0900-8844. Noteer het kenteken, en deel het "
                 "niet met naam en foto op sociale media."),
    ("lotte", "Komt er weer een inloopavond in het wijkcentrum?", (), None),
]
PAST_SUMMARY = (
    "Dank voor alle vragen! De belangrijkste: **hard rijden op de Grotestraat** (we controleren vaker, tussen 21 en "
    "23 uur) en **wat te doen bij verdachte situaties** (112 bij spoed, anders 0900-8844). De vraag over een "
    "inloopavond neem ik mee: die komt in het voorjaar, de datum staat straks in de agenda.")
DEBATE_ARGUMENTS = [  # (who, stance, text, found useful by)
    ("anouk", "for", "Meer groen en bankjes maken het plein een plek waar je blijft in plaats van doorloopt.",
     ("jeroen", "lotte", "kees")),
    ("jeroen", "against", "Als de parkeerplaatsen verdwijnen, rijden mensen naar het winkelcentrum buiten de stad.",
     ("kees",)),
    ("lotte", "neutral", "Kan het plein op marktdagen anders ingericht worden dan in de rest van de week?",
     ("anouk",)),
]


def create_conversations(users, wijken, now: datetime) -> None:
    """Called once by demo.seed.load_demo."""
    past_spreekuur(users, wijken["waalwijk"], now)
    live_spreekuur(users, wijken["waalwijk"], now)
    closed_debate(users, wijken["waalwijk"])
    open_debate(users, wijken["waalwijk"], now)


def _window(conversation: Conversation, starts: datetime, ends: datetime) -> None:
    conversation.starts_at = conversation.post.starts_at = starts
    conversation.ends_at = conversation.post.ends_at = ends
    commit()


def past_spreekuur(users, wijk, now: datetime) -> None:
    """Held last week: questions, votes and answers written while it was open, then moved back to its evening."""
    wijkagent = users["ruud"]
    start = now + timedelta(minutes=5)
    conversation = spreekuur.create_spreekuur(wijkagent, wijk, {
        "organisation": "politie-waalwijk", "host": wijkagent.id, "host_function": "wijkagent Waalwijk-centrum",
        "title": "Spreekuur met de wijkagent", "slow_mode_seconds": 30,
        "body": "Vragen over veiligheid, verkeer of overlast in de wijk? Stel ze hier, de wijkagent antwoordt live.",
        "starts_at": start.isoformat() + "Z", "ends_at": (start + timedelta(hours=1)).isoformat() + "Z"})
    _window(conversation, now - timedelta(minutes=1), now + timedelta(hours=1))
    written = [services.say(wijkagent, conversation, {"body": "Goedenavond! Ik ben er tot 20.00 uur. Stel je vraag."})]
    for who, question, voters, answer in PAST_QUESTIONS:
        asked = services.say(users[who], conversation, {"body": question})
        for voter in voters:
            services.set_vote(users[voter], conversation, asked, True)
        written.append(asked)
        if answer:
            written.append(services.say(wijkagent, conversation, {"body": answer, "parent_id": asked.comment_id}))
    # Its evening, on the spreekuur page (the thread's comments keep the time the demo was loaded: the demo's
    # timeline stays in order).
    evening = (now - timedelta(days=1)).replace(hour=18, minute=0, second=0, microsecond=0)
    for minute, entry in enumerate(written):
        entry.created_at = evening + timedelta(minutes=3 + 4 * minute)
        if entry.answered_at:
            entry.answered_at = evening + timedelta(minutes=5 + 4 * minute)
    _window(conversation, evening, evening + timedelta(hours=1))
    spreekuur.publish_summary(wijkagent, conversation, {"body": PAST_SUMMARY})


LIVE_HOURS = 4  # the longest a spreekuur may last


def live_spreekuur(users, wijk, now: datetime) -> None:
    """Scheduled by the gemeente's poster with the wethouder as host (the function: the one the gemeente gave him),
    then opened from now on; Anouk asked the first question."""
    wethouder = users["joost"]
    start = now + timedelta(minutes=5)
    conversation = spreekuur.create_spreekuur(users["sanne"], wijk, {
        "organisation": "gemeente-waalwijk", "host": wethouder.id,
        "title": "Spreekuur met de wethouder: wonen in Waalwijk",
        "body": "Starterswoningen, huurprijzen, de plannen voor Landgoed Driessen: stel je vraag aan de wethouder.",
        "starts_at": start.isoformat() + "Z", "ends_at": (start + timedelta(hours=1)).isoformat() + "Z",
        "slow_mode_seconds": 30})
    for who, status in (("anouk", "going"), ("jeroen", "maybe")):
        set_rsvp(users[who], conversation.post, status)
    _window(conversation, now - timedelta(minutes=1), now + timedelta(hours=LIVE_HOURS) - timedelta(minutes=1))
    services.say(users["anouk"], conversation, {
        "body": "Hoe lang is de wachttijd voor een starterswoning in Waalwijk nu, en wordt die korter?"})


def closed_debate(users, wijk) -> None:
    debate = debates.create_debate(users["sanne"], wijk, {
        "organisation": "gemeente-waalwijk", "title": "Wat doen we met het Raadhuisplein?",
        "body": "Het Raadhuisplein wordt volgend jaar opnieuw ingericht. Wat vind jij belangrijk?"})
    for who, stance, text, useful_for in DEBATE_ARGUMENTS:
        argument = services.say(users[who], debate, {"body": text, "stance": stance})
        for voter in useful_for:
            services.set_vote(users[voter], debate, argument, True)
    debates.close_debate(users["sanne"], debate, {
        "heard": "Veel steun voor meer groen en plekken om te zitten; zorgen over parkeren voor de winkels; het "
                 "idee om het plein op marktdagen anders in te richten.",
        "next_steps": "Het ontwerpbureau maakt twee schetsen: één met en één zonder parkeerplaatsen aan de "
                      "oostkant. In maart liggen ze in het gemeentehuis en hier op de wijkpagina ter inzage."})


def open_debate(users, wijk, now: datetime) -> None:
    debates.set_residents_may_start(users["marieke"], wijk, True)
    debate = debates.create_debate(users["anouk"], wijk, {
        "title": "Zullen we de straten autoluw maken rond de basisscholen?",
        "body": "Tussen 8.00 en 8.45 uur is het druk bij de scholen. Wat vinden jullie van autoluwe schoolstraten?",
        "ends_at": (now + timedelta(days=14)).isoformat() + "Z"})
    services.say(users["jeroen"], debate, {"body": "Ja, veiliger voor de kinderen en rustiger voor de buurt.",
                                           "stance": "for"})
    services.say(users["kees"], debate, {"body": "Hoe moeten ouders die verder weg wonen dan hun kinderen brengen?",
                                         "stance": "against"})
    db.session.commit()
