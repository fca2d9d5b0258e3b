"""Issue #16: guides written by editors are reviewed by a "Guide reviewers" group, not only by the
superuser: the group opens the workspace and sits on the guide workflow's review task (beside
Moderators and Admin), so a reviewer sees the guides waiting for them, reviews and approves or
asks for changes. ``cms.services.GUIDE_REVIEW_GROUPS`` names it for workflows made later."""

from django.db import migrations

GROUP = "Guide reviewers"
WORKFLOW = "Guide review"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(access_admin)
    for task in GroupApprovalTask.objects.filter(workflow_tasks__workflow__name=WORKFLOW):
        task.groups.add(group)
    # Approving the last task publishes the guide as the approver: edit and publish below the
    # guide library (in every language).
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GuideIndexPage = apps.get_model("cms", "GuideIndexPage")
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=("change_page", "publish_page")
    )
    for guides in GuideIndexPage.objects.all():
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=guides.pk, permission=permission
            )


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_site_roles_no_root_choose"),
        ("accounts", "0003_role_groups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, remove)]
