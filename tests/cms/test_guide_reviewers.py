"""Guides are reviewed by the "Guide reviewers" group, not only by the superuser: the group opens
the workspace, sits on the guide workflow's review task, and a reviewer sees and approves a guide
an editor submitted."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from cms import services
from cms.models import GuidePage
from tests.cms.factories import guide
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_group_opens_the_workspace_and_reviews_guides():
    group = Group.objects.get(name="Guide reviewers")
    assert group.permissions.filter(codename="access_admin").exists()
    sections = services.site_sections_ensure()
    workflow = sections.guides.get_workflow()
    task = workflow.tasks.get().specific
    assert "Guide reviewers" in set(task.groups.values_list("name", flat=True))


def test_a_reviewer_approves_a_guide_an_editor_submitted(client):
    services.site_sections_ensure()
    page = guide("ban-hang-online", title="Bán hàng trực tuyến")
    editor = UserFactory(roles=[Role.EDITOR])
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name="Guide reviewers"))
    page.title = "Bán hàng trực tuyến (sửa)"
    page.save_revision(user=editor)
    state = page.get_workflow().start(page, editor)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert "approve" in [action for action, *_ in task.get_actions(page, reviewer)]

    client.force_login(reviewer)
    assert "Bán hàng trực tuyến" in client.get("/admin/").content.decode()
    # Approving is Wagtail's own task action, open to the group's members.
    task.on_action(task_state, reviewer, "approve")
    state.refresh_from_db()
    assert state.status == state.STATUS_APPROVED
    assert GuidePage.objects.get(pk=page.pk).title == "Bán hàng trực tuyến (sửa)"
