"""Fills Vietnamese msgstr entries of a .po file from a JSON dict {msgid: msgstr}.

Usage: python tools/fill_po.py path/to/vi/django.po translations.json
Reports msgids still without a translation, so a catalogue is never silently incomplete.
"""

import json
import sys

import polib


def main(po_path: str, json_path: str) -> int:
    with open(json_path, encoding="utf-8") as handle:
        translations = json.load(handle)
    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr:
            missing.append(entry.msgid)
    po.save(po_path)
    for msgid in missing:
        print(f"missing: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
