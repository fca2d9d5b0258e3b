"""Model fields that keep personal data encrypted at rest.

``EncryptedTextField`` stores a Fernet token and gives Python code the plaintext. It cannot be
filtered or ordered on (the ciphertext is randomised); pair it with a ``BlindIndexField`` filled by
the model's service for exact lookups.
"""

from django.db import models

from privacy import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted with MultiFernet on the way to the database and decrypted on the way back."""

    description = "Encrypted text"

    def __init__(self, *args, classification: str = "basic", **kwargs):
        # Which class of personal data this is under Decree 13/2023 / Law 91/2025: basic or sensitive.
        self.classification = classification
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.classification != "basic":
            kwargs["classification"] = self.classification
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull",):
            return None
        return super().get_lookup(lookup_name)


class BlindIndexField(models.CharField):
    """HMAC-SHA256 hex digest of a normalised value (see ``privacy.crypto.blind_index``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)
