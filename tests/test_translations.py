"""Dutch is the default language: every string in the code has a Dutch translation."""
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def test_every_message_is_translated_to_dutch(tmp_path):
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext",
                    "--ignore-dirs=.* ._ tests bench migrations node_modules instance static docs data",
                    "-o", str(pot), "."], cwd=ROOT, check=True)
    with pot.open("rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with (ROOT / "translations/nl/LC_MESSAGES/messages.po").open("rb") as f:
        dutch = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(f, locale="nl") if m.id}
    missing = sorted(i for i in wanted if i not in dutch or not dutch[i].string or dutch[i].fuzzy)
    assert missing == [], "run translations/update.sh and translate: " + "; ".join(missing)


def _dutch_pairs():
    with (ROOT / "translations/nl/LC_MESSAGES/messages.po").open("rb") as f:
        for m in read_po(f, locale="nl"):
            if m.id:
                ids = m.id if isinstance(m.id, tuple) else (m.id,)
                strings = m.string if isinstance(m.string, tuple) else (m.string,)
                yield " ".join(ids).lower(), " ".join(s or "" for s in strings).lower()


def test_one_dutch_word_for_one_thing():
    """A melding is a report about the public space; in-app notifications are notificaties and flagging a post
    is rapporteren (issue 18). Sign-ups (aanmelden) and the system name "Meldkamer" are other words."""
    wrong = []
    for english, dutch in _dutch_pairs():
        if ("notification" in english or "flag" in english) and re.search(r"\bmelding", dutch):
            wrong.append((english, dutch))
        if "notificatie" in dutch and "notification" not in english:
            wrong.append((english, dutch))
        if "rapport" in dutch and not any(w in english for w in ("flag", "report")):
            wrong.append((english, dutch))
    assert wrong == []
    assert ("notifications", "notificaties") in set(_dutch_pairs())
