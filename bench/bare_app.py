"""The baseline for `make bench-pages`: a bare Flask app rendering a small Jinja page.

No database, no extensions, no session: only Flask's routing, a request context
and one Jinja template. Served exactly like the real app (gunicorn, 2 sync
workers, debug off), it is the ceiling the wijk page is compared against.

    .venv/bin/gunicorn -w 2 -b 127.0.0.1:8001 --chdir bench bare_app:app
"""
from pathlib import Path

from flask import Flask, render_template

app = Flask(__name__, template_folder=str(Path(__file__).resolve().parent / "templates"))

ITEMS = [
    {"title": "Welkom op de wijkpagina", "author": "Marieke", "comments": 3},
    {"title": "Groenonderhoud langs de Taxandriaweg", "author": "Gemeente Waalwijk", "comments": 1},
    {"title": "Vraag: hoe laat ik grofvuil ophalen?", "author": "Jeroen", "comments": 2},
    {"title": "Vrijwilligers gezocht voor de boodschappenbus", "author": "ContourdeTwern", "comments": 0},
    {"title": "Meerdere inbraken in Besoijen", "author": "Politie Waalwijk", "comments": 4},
]


@app.get("/")
def page():
    return render_template("bare.html", wijk="Waalwijk", items=ITEMS)
