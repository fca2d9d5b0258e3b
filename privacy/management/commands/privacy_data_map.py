"""Prints the data map (``PRIVACY_DATA_MAP``) as the Markdown table of docs/architecture.md, or
writes it there between its markers (``--write``)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacy import rights

START = "<!-- data-map:start (generated: manage.py privacy_data_map --write) -->"
END = "<!-- data-map:end -->"


def docs_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "architecture.md"


def documented_table(text: str) -> str:
    """The table between the markers of docs/architecture.md."""
    if START not in text or END not in text:
        raise CommandError(f"docs/architecture.md has no data-map markers ({START} … {END}).")
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


class Command(BaseCommand):
    help = "Print the data map as Markdown, or write it into docs/architecture.md (--write)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true")

    def handle(self, *args, write=False, **options):
        table = rights.data_map_markdown(rights.data_map())
        if not write:
            self.stdout.write(table, ending="")
            return
        path = docs_path()
        text = path.read_text(encoding="utf-8")
        documented_table(text)
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        path.write_text(f"{before}{START}\n{table}{END}{after}", encoding="utf-8")
        self.stdout.write(f"Data map written to {path}")
