"""Dutch is the default language: every string in the code has a Dutch translation."""
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
