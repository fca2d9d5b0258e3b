"""The workspace wears Chợ Số's name and mark, not Wagtail's (issue #16)."""

import pytest

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_workspace_shows_the_cho_so_name_and_mark(client, settings):
    settings.WORKSPACE_REQUIRE_MFA = False
    client.force_login(UserFactory(roles=[Role.EDITOR]))
    response = client.get("/admin/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>" in page and "- Chợ Số</title>" in page.replace("\n", "")
    assert "img/favicon.svg" in page
    assert "wagtailadmin/images/favicon.ico" not in page
    assert 'alt="Chợ Số"' in page  # the sidebar's logo
