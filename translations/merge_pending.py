"""Fill the Dutch catalog from translations/pending/*.json ({msgid: Dutch}), clearing fuzzy marks.

    .venv/bin/python translations/merge_pending.py   # after translations/update.sh

A way to translate many new strings at once; the JSON files are removed once merged.
"""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent
PO = ROOT / "nl/LC_MESSAGES/messages.po"


def main() -> int:
    files = sorted((ROOT / "pending").glob("*.json"))
    pending = {}
    for path in files:
        pending.update(json.loads(path.read_text(encoding="utf-8")))
    with PO.open("rb") as f:
        catalog = read_po(f, locale="nl")
    merged = 0
    for message in catalog:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if msgid in pending and (not all(strings) or message.fuzzy):
            # a list of strings for a plural entry (ngettext), one string otherwise
            message.string = tuple(pending[msgid]) if isinstance(pending[msgid], list) else pending[msgid]
            message.flags.discard("fuzzy")
            merged += 1
    with PO.open("wb") as f:
        write_po(f, catalog)  # the width pybabel update uses: the catalog keeps one layout
    print(f"merged {merged} translations from {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
