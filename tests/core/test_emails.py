"""Account emails come from Chợ Số and link to the host the site is served on, whatever its port."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "greeting"), [("vi", "Xin chào từ Chợ Số!"), ("en", "Hello from Chợ Số!")]
)
def test_password_reset_email_names_cho_so_and_links_to_the_real_port(client, language, greeting):
    user = UserFactory()
    response = client.post(
        f"/{language}/accounts/password/reset/",
        {"email": user.email},
        HTTP_HOST="127.0.0.1:8101",
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject.startswith("[Chợ Số] ")
    assert "127.0.0.1]" not in message.subject
    assert message.body.startswith(greeting)
    assert "from 127.0.0.1" not in message.body and "từ 127.0.0.1" not in message.body
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith("http://127.0.0.1:8101/") for link in links)
    assert ":8000" not in message.body
