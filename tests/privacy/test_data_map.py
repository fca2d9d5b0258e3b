"""The data map in docs/architecture.md is the one in the code (``config.personal_data.DATA_MAP``),
and the code's map names every encrypted column of every model and only fields that exist."""

from django.apps import apps
from django.core.management import call_command

from config.personal_data import DATA_MAP, NOT_PERSONAL
from privacy import rights
from privacy.fields import EncryptedTextField
from privacy.management.commands.privacy_data_map import docs_path, documented_table


def test_the_documented_data_map_is_the_generated_one():
    documented = documented_table(docs_path().read_text(encoding="utf-8"))
    assert documented == rights.data_map_markdown(DATA_MAP), (
        "docs/architecture.md's data map is out of date: run manage.py privacy_data_map --write"
    )


def test_every_encrypted_column_is_in_the_data_map():
    mapped = {(entry.model, name) for entry in DATA_MAP for name in entry.fields}
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
        and (model, field.name) not in mapped
        and (model, field.name) not in NOT_PERSONAL
    ]
    assert missing == [], "add these personal fields to config.personal_data.DATA_MAP"


def test_every_mapped_field_exists_and_each_table_once():
    tables = [entry.table for entry in DATA_MAP]
    assert len(tables) == len(set(tables))
    for entry in DATA_MAP:
        for name in entry.fields:
            entry.model._meta.get_field(name)  # raises FieldDoesNotExist


def test_the_command_prints_the_table(capsys):
    call_command("privacy_data_map")
    out = capsys.readouterr().out
    assert out == rights.data_map_markdown(DATA_MAP)
    assert "| `payments_incomingtransfer` | memo, payload | S | memo, payload |" in out
