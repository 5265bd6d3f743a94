#!/usr/bin/env bash
# Refresh the message catalogs after strings changed in the code or templates.
#
#   translations/update.sh
#
# 1. Extracts all msgids (English) from the Python code and Jinja templates
#    into translations/messages.pot (babel.cfg says which files; .venv, tests,
#    bench and migrations are skipped).
# 2. Merges the template into the nl and en catalogs (`pybabel update`), or
#    creates a catalog with `pybabel init` when it does not exist yet.
# 3. Lists nl entries that still need work (empty or fuzzy msgstr).
#
# Then translate the reported entries in translations/nl/LC_MESSAGES/messages.po
# (the en catalog may stay empty: English falls back to the msgid) and run
# `make translations` to compile the .mo files (they are not committed).
set -euo pipefail

cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
PYTHON=${PYTHON:-.venv/bin/python}
LOCALES=(nl en)

"$PYBABEL" -q extract -F babel.cfg \
    -k _l -k lazy_gettext \
    --ignore-dirs='.* ._ tests bench migrations node_modules instance static docs data' \
    --project=Wijkpagina --copyright-holder=Wijkpagina \
    -o translations/messages.pot .

for locale in "${LOCALES[@]}"; do
    if [[ -f translations/$locale/LC_MESSAGES/messages.po ]]; then
        "$PYBABEL" -q update -i translations/messages.pot -d translations \
            -l "$locale" --ignore-obsolete
    else
        "$PYBABEL" -q init -i translations/messages.pot -d translations -l "$locale"
    fi
done

echo "Catalogs updated; run 'make translations' to compile them."

# Report what is left to translate in Dutch; exits non-zero if anything is.
"$PYTHON" - <<'EOF'
import sys
from babel.messages.pofile import read_po

with open("translations/nl/LC_MESSAGES/messages.po", "rb") as f:
    catalog = read_po(f)
todo = []
total = 0
for m in catalog:
    if not m.id:
        continue
    total += 1
    strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
    if m.fuzzy or not all(strings):
        todo.append(m)
print(f"nl: {total - len(todo)}/{total} messages translated")
for m in todo:
    msgid = m.id[0] if isinstance(m.id, (list, tuple)) else m.id
    where = ", ".join(f"{f}:{l}" for f, l in m.locations[:2])
    print(f"  {'fuzzy' if m.fuzzy else 'empty'}: {msgid!r}  ({where})")
sys.exit(1 if todo else 0)
EOF
