"""Lists the Wagtail, wagtail-localize and django-taggit msgids that no catalogue translates to
Vietnamese, so locale_thirdparty/vi can be kept complete after an upgrade.

Run: ``DEBUG=1 .venv/bin/python -m tests.workspace_i18n.missing_msgids`` (prints one line per gap);
``tests/workspace_i18n/test_catalogue.py`` asserts the list is empty.
"""

import os
from pathlib import Path

import django
import polib
from django.apps import apps
from django.utils.translation import trans_real

THIRD_PARTY = ("wagtail", "wagtail_localize", "taggit")


def _key(entry: polib.POEntry):
    key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    return (key, 0) if entry.msgid_plural else key


def missing_msgids(language: str = "vi") -> list[tuple[str, str | None, str]]:
    """(app label, msgctxt, msgid) of every msgid of an installed third-party app's English
    catalogue that the merged ``language`` catalogue does not translate."""
    catalogue = trans_real.translation(language)._catalog
    missing = []
    for app in apps.get_app_configs():
        if app.name.split(".")[0] not in THIRD_PARTY:
            continue
        source = Path(app.path) / "locale" / "en" / "LC_MESSAGES" / "django.po"
        if not source.exists():
            continue
        for entry in polib.pofile(str(source)):
            if not entry.obsolete and _key(entry) not in catalogue:
                missing.append((app.label, entry.msgctxt, entry.msgid))
    return missing


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    for label, context, msgid in missing_msgids():
        print(f"{label}\t{context or ''}\t{msgid!r}")
