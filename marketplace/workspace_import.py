"""Import and export of products in the seller workspace (the Wagtail admin), for vendors.

A vendor picks one of their businesses (admins: any) and uploads a CSV or XLSX file. The first step
is always a dry run of ``marketplace.imports.import_products``: its report (rows, products to create
and to update, every bad row with its column and reason) is shown, and only a clean file can be
confirmed. The confirmation runs the same function without the dry run, so every row is checked
again against the catalogue as it is then, and all rows are written in one transaction or none.

Between the check and the confirmation the file is kept on the server, in the cache: the vendor
confirms what they saw without picking the file again. The cache is the one store that every web
process and machine shares in production (Redis, see docs/operations.md), that forgets by itself
(after ``PENDING_SECONDS``) and that keeps the file off the session row, which every request would
load. Each user has one slot (a new check replaces the previous file), so the space a user can hold
is capped at ``imports.MAX_FILE_BYTES``. The confirmation must carry the slot's one-time token (an
old tab cannot confirm a newer file) and claims the slot by deleting it, so a double click imports
once. A file the cache lost (expiry, eviction, the local-memory cache of another process) is asked
for again; it is never guessed.

Checking and importing are costly (each parses the whole file), so both count against the API's
``imports`` rate per user, the same count as the API's import endpoint: over it, the page answers
429 and changes nothing.

Everything here needs the Django permissions to add and change products (what the "My products"
snippet needs); anonymous visitors and accounts without workspace access are sent to sign in by the
admin's own gate.
"""

import secrets
from collections import Counter
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from rest_framework.settings import api_settings
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.models import Business
from marketplace import imports, selectors

PRODUCT_LIST_URL = "wagtailsnippets_marketplace_product:list"
PENDING_SECONDS = 30 * 60
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What each column of ``imports.COLUMNS`` means, shown on the page (a test keeps them in step).
COLUMN_HELP = {
    "slug": gettext_lazy(
        "The product's slug in this shop, as in an export: that product is updated. "
        "Leave it empty to add a new product."
    ),
    "name": gettext_lazy("The name in Vietnamese, up to 200 characters."),
    "name_en": gettext_lazy("The name in English."),
    "category": gettext_lazy(
        "The category's slug or name from the list below, with or without diacritics."
    ),
    "price": gettext_lazy("The price in whole đồng: 150000 or 150.000."),
    "stock": gettext_lazy("How many you have: a whole number, 0 or more (empty means 0)."),
    "made_to_order": gettext_lazy("yes or no (also có/không, true/false, 1/0); empty means no."),
    "status": gettext_lazy(
        "draft, active or archived (also nháp, đang bán, ngừng bán); empty means draft."
    ),
    "description": gettext_lazy("The description in Vietnamese."),
    "description_en": gettext_lazy("The description in English."),
}


def can_transfer(user) -> bool:
    """Import and export need the permissions to add and change products."""
    return user.is_authenticated and user.has_perms(
        ["marketplace.add_product", "marketplace.change_product"]
    )


def _businesses(user):
    # Only what the choice lists show: no ward, no encrypted personal fields to decrypt.
    return (
        selectors.manageable_businesses(user=user)
        .select_related(None)
        .only("id", "trading_name", "slug")
        .order_by("trading_name", "id")
    )


class _BusinessForm(forms.Form):
    """A choice among ``businesses`` only (the user's own), preselected when there is one."""

    business = forms.ModelChoiceField(
        queryset=Business.objects.none(),
        label=gettext_lazy("Business"),
        empty_label=gettext_lazy("Choose one of your businesses"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of your businesses.")},
    )

    def __init__(self, *args, businesses, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["business"]
        field.queryset = businesses
        mine = list(businesses[:2])
        if len(mine) == 1:
            field.initial = mine[0].pk


class ImportForm(_BusinessForm):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy("UTF-8 CSV or Excel XLSX, up to 5 MB and 5000 rows."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        fmt = Path(upload.name).suffix.lower().lstrip(".")
        if fmt not in imports.FORMATS:
            raise ValidationError(_("Choose a .csv or .xlsx file."), code="file_type")
        if upload.size > imports.MAX_FILE_BYTES:
            raise ValidationError(_("The file is too large: the limit is 5 MB."), code="size")
        self.file_format = fmt
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ExportForm(_BusinessForm):
    format = forms.ChoiceField(choices=[(fmt, fmt.upper()) for fmt in imports.FORMATS])

    def __init__(self, *args, **kwargs):
        # A prefix keeps its field ids apart from the import form's on the same page.
        super().__init__(*args, prefix="export", **kwargs)


def _pending_key(user) -> str:
    return f"marketplace:workspace-import:{user.pk}"


def _pending_keep(*, user, business: Business, fmt: str, name: str, content: bytes) -> str:
    """Keeps a checked file for ``user`` (replacing any earlier one); returns its one-time token."""
    token = secrets.token_urlsafe(24)
    cache.set(
        _pending_key(user),
        {"token": token, "business": business.pk, "fmt": fmt, "name": name, "content": content},
        PENDING_SECONDS,
    )
    return token


def _pending_peek(*, user, token: str) -> dict | None:
    pending = cache.get(_pending_key(user))
    if pending and constant_time_compare(pending["token"], token):
        return pending
    return None


def _pending_claim(*, user, token: str) -> dict | None:
    """The checked file for this token, taken out of the cache; None when it is gone, replaced by a
    newer check, or claimed by a request a moment earlier (the delete decides which one wins)."""
    pending = _pending_peek(user=user, token=token)
    if pending is None or not cache.delete(_pending_key(user)):
        return None
    return pending


def _download(body: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _error_rows(report: imports.ImportReport) -> int:
    return len(Counter(error.row for error in report.errors))


def _within_rate(request, view) -> bool:
    """Counts this request with the API's throttles (``view.throttle_scope`` names the scope)."""
    return all(
        throttle().allow_request(request, view)
        for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
    )


def _too_many_imports() -> str:
    return _("Too many imports in a short time. Wait a while, then try again.")


def _categories() -> list[tuple[str, str, bool]]:
    english = get_language() == "en"
    rows = []
    for top in selectors.category_tree():
        for node in (top, *top.children):
            name = (node.name_en or node.name) if english else node.name
            rows.append((node.slug, name, node.parent_id is not None))
    return rows


class _TransferView(WagtailAdminTemplateMixin, View):
    """Refuses users without the product permissions with a 403 page inside the admin."""

    template_name = "marketplace/workspace/import_export.html"
    page_title = gettext_lazy("Import and export products")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_transfer(request.user):
            return TemplateResponse(
                request,
                "marketplace/workspace/forbidden.html",
                {
                    "header_title": _("Not allowed"),
                    "message": _("Importing and exporting products is for the members of a shop."),
                },
                status=403,
            )
        self.businesses = _businesses(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(PRODUCT_LIST_URL), "label": _("My products")},
            {"url": "", "label": self.get_page_title()},
        ]

    def render_page(self, *, import_form=None, export_form=None, status=200, **extra):
        context = self.get_context_data(
            import_form=import_form or ImportForm(businesses=self.businesses),
            export_form=export_form or ExportForm(businesses=self.businesses),
            has_business=self.businesses.exists(),
            columns=[
                (name, name in imports.REQUIRED, COLUMN_HELP[name]) for name in imports.COLUMNS
            ],
            categories=_categories(),
            max_rows=imports.MAX_ROWS,
            formats=imports.FORMATS,
            **extra,
        )
        return self.render_to_response(context, status=status)


class ImportView(_TransferView):
    """GET: the page. POST: the dry run of an uploaded file, with its report."""

    throttle_scope = "imports"

    def get(self, request):
        return self.render_page()

    def post(self, request):
        form = ImportForm(request.POST, request.FILES, businesses=self.businesses)
        if not _within_rate(request, self):
            form.is_valid()  # binds the form, so the page shows the choice made
            form.add_error(None, _too_many_imports())
            return self.render_page(import_form=form, status=429)
        if not form.is_valid():
            return self.render_page(import_form=form, status=400)
        business = form.cleaned_data["business"]
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            report = imports.import_products(
                business=business,
                upload=ContentFile(content, name=upload.name),
                fmt=form.file_format,
                dry_run=True,
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            return self.render_page(import_form=form, status=400)
        context = {"report": report, "business": business, "file_name": upload.name}
        if report.errors:
            context["bad_rows"] = _error_rows(report)
            return self.render_page(import_form=form, **context)
        token = _pending_keep(
            user=request.user,
            business=business,
            fmt=form.file_format,
            name=upload.name,
            content=content,
        )
        return self.render_page(
            import_form=ImportForm(businesses=self.businesses, initial={"business": business.pk}),
            confirm_form=ConfirmForm(initial={"token": token}),
            **context,
        )


class ConfirmView(_TransferView):
    """POST: imports the file checked a moment ago, if it is still clean."""

    http_method_names = ["post"]
    throttle_scope = "imports"

    def post(self, request):
        if not _within_rate(request, self):
            messages.error(request, _too_many_imports())
            return redirect("products_import:import")
        form = ConfirmForm(request.POST)
        pending = form.is_valid() and _pending_claim(
            user=request.user, token=form.cleaned_data["token"]
        )
        if not pending:
            messages.error(
                request,
                _(
                    "The checked file is no longer here (it was imported, replaced or expired). "
                    "Upload it again."
                ),
            )
            return redirect("products_import:import")
        business = self.businesses.filter(pk=pending["business"]).first()
        if business is None:
            raise Http404
        upload = ContentFile(pending["content"], name=pending["name"])
        try:
            report = imports.import_products(
                business=business, upload=upload, fmt=pending["fmt"], dry_run=False
            )
        except ValidationError as exc:  # a rule of the services that the row check missed
            return self.render_page(
                import_form=ImportForm(
                    businesses=self.businesses, initial={"business": business.pk}
                ),
                write_errors=exc.messages,
                status=400,
            )
        if report.errors:
            # The catalogue changed since the check (a product renamed, a category removed...).
            return self.render_page(
                import_form=ImportForm(
                    businesses=self.businesses, initial={"business": business.pk}
                ),
                report=report,
                business=business,
                file_name=pending["name"],
                bad_rows=_error_rows(report),
                refused=True,
                status=409,
            )
        messages.success(
            request,
            _("Imported into %(business)s: %(created)d new products, %(updated)d updated.")
            % {
                "business": business.trading_name,
                "created": report.created,
                "updated": report.updated,
            },
        )
        return redirect(PRODUCT_LIST_URL)


class ExportView(_TransferView):
    """GET: the business's products as CSV or XLSX, in the import's columns."""

    def get(self, request):
        form = ExportForm(request.GET, businesses=self.businesses)
        if not form.is_valid():
            return self.render_page(export_form=form, status=400)
        business, fmt = form.cleaned_data["business"], form.cleaned_data["format"]
        body = imports.export_products(business=business, fmt=fmt)
        return _download(body, fmt, f"{business.slug}-products")


class ImportTemplateView(_TransferView):
    """GET: an example file with every column and one product."""

    def get(self, request, fmt):
        if fmt not in imports.FORMATS:
            raise Http404
        return _download(imports.template(fmt), fmt, "cho-so-products-template")


urlpatterns = [
    path("import/", ImportView.as_view(), name="import"),
    path("import/confirm/", ConfirmView.as_view(), name="confirm"),
    path("export/", ExportView.as_view(), name="export"),
    path("import-template.<str:fmt>", ImportTemplateView.as_view(), name="template"),
]
