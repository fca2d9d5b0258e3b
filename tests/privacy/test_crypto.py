from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from accounts.models import Business
from privacy import crypto
from privacy.masking import mask_address, mask_email, mask_middle, mask_name, mask_phone
from tests.factories import BusinessFactory


def test_encrypt_round_trip():
    token = crypto.encrypt("0314409058")
    assert token != "0314409058"
    assert crypto.decrypt(token) == "0314409058"


def test_wrong_key_fails_loudly(settings):
    token = crypto.encrypt("secret")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


def test_blind_index_is_deterministic_and_keyed(settings):
    first = crypto.blind_index("taxcode:0314409058")
    assert first == crypto.blind_index("taxcode:0314409058")
    settings.BLIND_INDEX_KEY = "another-key"
    assert crypto.blind_index("taxcode:0314409058") != first


def _raw_row(business_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tax_code, owner_name, phone, street_address FROM accounts_business WHERE id = %s",
            [business_id],
        )
        return cursor.fetchone()


@pytest.mark.django_db
def test_raw_sql_shows_no_plaintext():
    business = BusinessFactory(
        tax_code="0314409058",
        owner_name="Nguyễn Thị Lan",
        phone="+84903123789",
        street_address="12 Lê Lợi",
    )
    raw = _raw_row(business.pk)
    for plaintext, stored in zip(
        ["0314409058", "Nguyễn Thị Lan", "+84903123789", "12 Lê Lợi"], raw, strict=True
    ):
        assert plaintext not in stored
        assert "903123789" not in stored
    reloaded = Business.objects.get(pk=business.pk)
    assert reloaded.tax_code == "0314409058"
    assert reloaded.owner_name == "Nguyễn Thị Lan"


@pytest.mark.django_db
def test_reading_with_a_wrong_key_raises(settings):
    business = BusinessFactory()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.DecryptionError):
        Business.objects.get(pk=business.pk)


@pytest.mark.django_db
def test_rotation_command_reencrypts_under_the_new_key(settings):
    business = BusinessFactory(phone="+84903123789")
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    before = _raw_row(business.pk)
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_encryption_keys", stdout=StringIO())
    after = _raw_row(business.pk)
    assert all(b != a for b, a in zip(before, after, strict=True))
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone: values still read
    assert Business.objects.get(pk=business.pk).phone == "+84903123789"


@pytest.mark.django_db
def test_encrypted_fields_refuse_plaintext_lookups():
    with pytest.raises(FieldError):
        list(Business.objects.filter(phone="+84903123789"))


def test_masks():
    assert mask_phone("+84903123789") == "0903 *** 789"
    assert mask_middle("031234567812") == "03********12"
    assert mask_email("lan.nguyen@example.vn") == "l***@example.vn"
    assert mask_name("Nguyễn Thị Lan") == "Nguyễn T. L."
    assert mask_address("12 Lê Lợi, Phường Bến Thành") == "***, Phường Bến Thành"
    assert mask_phone("") == ""
