"""The programme's pages: the dashboard, its exports and the follow-up list in the Wagtail admin
(programme managers only), and the public open data.

The admin wraps these views in its own gate (anonymous people and accounts without workspace access
are sent to log in); inside, anyone who is not a programme manager or a superuser gets a 403.
"""

import datetime
import zoneinfo
from functools import wraps

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.mfa import ask_for_mfa, needs_mfa
from accounts.roles import Role
from accounts.selectors import user_has_role
from accounts.text import fold
from onboarding.radar import radar
from privacy.masking import mask_email, mask_name, mask_phone
from privacy.services import access_log_record
from programme import catalogue, charts, exports, open_data, selectors
from programme.cache import cached, invalidate
from programme.filters import FilterForm, Filters, describe, districts, wards_for_datalist
from programme.indicators import (
    ASSESSED,
    ELECTRONIC_SHARE,
    FIRST_SALE,
    HEADLINE,
    PAYMENT_READY,
    share,
)
from programme.models import Indicator, OpenDataSnapshot
from programme.tables import Table, all_tables, dimension_names

FOLLOW_UP_PAGE_SIZE = 50
CITY_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
UNMASKED_FIELDS = ["owner_name", "phone", "email"]
FOLLOW_UP_LABELS = {
    "assessed_no_payment": gettext_lazy("Assessed, but no e-payment account ready"),
    "ready_not_selling": gettext_lazy("E-payment ready, but not selling online"),
    "not_assessed": gettext_lazy("Never assessed"),
}


def can_see_dashboard(user) -> bool:
    return user_has_role(user=user, role=Role.PROGRAMME_MANAGER)


def can_unmask(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user_has_role(user=user, role=Role.DATA_PROTECTION_OFFICER)
    )


def can_see_follow_up(user) -> bool:
    """Programme managers follow businesses up; the data-protection officer reviews the same list
    and is the one who may see a business's contact details whole."""
    return can_see_dashboard(user) or can_unmask(user)


def _forbidden(request, message=None):
    return TemplateResponse(
        request,
        "programme/forbidden.html",
        {"message": message or _("The programme dashboard is for programme managers only.")},
        status=403,
    )


def _role_required(allowed, message=None):
    """Anonymous visitors are sent to sign in, a role without TOTP to set it up (accounts.mfa),
    everyone else without ``allowed`` gets 403.

    These views are mounted beside the Wagtail admin rather than inside it, because the admin's own
    gate would redirect signed-in shoppers to the login page instead of refusing them."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm("wagtailadmin.access_admin"):
                raise PermissionDenied
            if needs_mfa(request.user):
                return ask_for_mfa(request)
            if not allowed(request.user):
                return _forbidden(request, message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


manager_required = _role_required(can_see_dashboard)
follow_up_access_required = _role_required(
    can_see_follow_up,
    gettext_lazy("The follow-up list is for programme managers and the data-protection officer."),
)


def _filters(request) -> tuple[FilterForm, Filters | None]:
    form = FilterForm(request.GET or None)
    if not form.is_bound:
        return form, Filters()
    return (form, form.filters()) if form.is_valid() else (form, None)


def _figures(filters: Filters) -> dict:
    return cached("dashboard", filters.key, lambda: selectors.dashboard(filters))


def _target_lines(targets, indicator) -> list[tuple[str, float]]:
    return [
        (
            _("Target %(year)s: %(value)s%%") % {"year": t.year, "value": f"{float(t.value):g}"},
            float(t.value),
        )
        for t in targets
        if t.indicator == indicator
    ]


def _next_target(targets, indicator, year: int) -> float | None:
    upcoming = sorted(
        (t for t in targets if t.indicator == indicator), key=lambda t: (t.year < year, t.year)
    )
    return float(upcoming[0].value) if upcoming else None


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{formats.number_format(value, decimal_pos=1)}%"


def _last(values: list) -> float | None:
    return next((value for value in reversed(values) if value is not None), None)


def _charts(figures: dict, tables: dict[str, Table], targets) -> dict:
    year = int(figures["built_at"][:4])
    summary = figures["summary"]
    indicator_bars = []
    for indicator in HEADLINE:
        if not indicator.of:
            continue
        value = share(summary[indicator.code], summary[indicator.of])
        indicator_bars.append(
            charts.Bar(
                str(indicator.label),
                value,
                text=_percent(value),
                target=_next_target(targets, indicator.code, year),
            )
        )
    electronic = summary["electronic_share"]
    indicator_bars.append(
        charts.Bar(
            str(ELECTRONIC_SHARE.label),
            electronic,
            text=_percent(electronic),
            target=_next_target(targets, ELECTRONIC_SHARE.code, year),
        )
    )
    trend = figures["trends"]
    months = [row["month"] for row in trend]
    trend_lines = [
        charts.Line(str(label), values, colour=colour, end_text=_percent(_last(values)))
        for label, values, colour in (
            (PAYMENT_READY.short, [r["payment_ready_share"] for r in trend], charts.BAR),
            (ASSESSED.short, [r["assessed_share"] for r in trend], "#4a5560"),
            (FIRST_SALE.short, [r["first_sale_share"] for r in trend], "#5b3a8c"),
            (ELECTRONIC_SHARE.short, [r["electronic_share"] for r in trend], "#8a4b08"),
        )
    ]
    names = dimension_names(short=True)
    dimension_values = [figures["maturity"]["dimensions"][code] for code in selectors.DIMENSIONS]
    result = {
        "indicators": charts.bars(
            indicator_bars, title=_("Indicators against the city's targets"), maximum=100
        ),
        "funnel": charts.bars(
            [charts.Bar(row[0], row[1]) for row in tables["funnel"].rows],
            title=_("Adoption funnel"),
            maximum=figures.get("signed_up") or summary["registered"] or 1,
        ),
        "levels": charts.bars(
            [charts.Bar(row[0], row[1]) for row in tables["levels"].rows],
            title=_("Level distribution (latest assessment)"),
        ),
        "trends": charts.lines(
            months,
            trend_lines,
            title=_("Monthly trends"),
            targets=_target_lines(targets, Indicator.PAYMENT_READY),
        )
        if months
        else None,
    }
    if any(value is not None for value in dimension_values):
        result["radar"] = radar(
            labels=[
                names[code] if len(names[code]) < 18 else code for code in selectors.DIMENSIONS
            ],
            values=[value or 0 for value in dimension_values],
        )
    for dimension in ("sector", "size_band", "business_type", "district"):
        rows = tables[f"by_{dimension}"].rows[:20]
        if rows:
            result[f"by_{dimension}"] = charts.bars(
                [charts.Bar(row[0], row[2], text=_percent(row[2])) for row in rows],
                title=_("E-payment ready (%)"),
                maximum=100,
            )
    return result


@manager_required
@require_GET
def dashboard(request):
    form, filters = _filters(request)
    context = {
        "form": form,
        "wards": wards_for_datalist(),
        "districts": districts(),
        "filters": filters,
        "follow_up_kinds": FOLLOW_UP_LABELS,
    }
    if filters is not None:
        targets = selectors.targets()
        figures = _figures(filters)
        tables = all_tables(figures, targets)
        context.update(
            figures=figures,
            built=city_time(figures["built_at"]),
            tables=tables,
            charts=_charts(figures, tables, targets),
            query=filters.query_string,
        )
    status = 200 if filters is not None else 400
    return TemplateResponse(request, "programme/dashboard.html", context, status=status)


@manager_required
@require_GET
def export(request, key: str, fmt: str):
    form, filters = _filters(request)
    if filters is None:
        return HttpResponseBadRequest(
            "\n".join(form.first_errors()), content_type="text/plain; charset=utf-8"
        )
    tables = all_tables(_figures(filters), selectors.targets())
    if key not in tables or fmt not in ("csv", "xlsx"):
        raise Http404
    table = tables[key]
    filename, about = _export_names(key, filters)
    if fmt == "xlsx":
        return exports.xlsx_response(
            filename=filename,
            title=key,
            columns=table.columns,
            rows=table.rows,
            notes=table.notes,
            about=about,
        )
    return exports.csv_response(
        filename=filename, columns=table.columns, rows=table.rows, notes=table.notes, about=about
    )


def city_time(iso: str) -> str:
    """An ISO timestamp in Ho Chi Minh City time, in the active locale's format."""
    moment = timezone.localtime(datetime.datetime.fromisoformat(iso), CITY_TZ)
    return formats.date_format(moment, "DATETIME_FORMAT")


def _export_names(name: str, filters: Filters, *, extra: str = "") -> tuple[str, str]:
    """An export's file name and first line: the filters that made it and when, in city time."""
    made = timezone.localtime(timezone=CITY_TZ)
    described = describe(filters)
    codes = filters.__dict__
    # Places by name, the other filters by their short codes.
    parts = [
        slugify(fold(value if name in ("ward", "district") else codes[name]))
        for name, _label, value in described
    ]
    filename = "-".join(["cho-so", name, *parts, made.strftime("%Y%m%d-%H%M")])
    text = "; ".join(f"{label}: {value}" for _name, label, value in described)
    about = _("%(what)sFilters: %(filters)s. Made at %(time)s (Ho Chi Minh City time).") % {
        "what": f"{extra}. " if extra else "",
        "filters": text or _("none, the whole city"),
        "time": formats.date_format(made, "DATETIME_FORMAT"),
    }
    return filename, about


class UnmaskForm(forms.Form):
    business = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Why do you need to see this business's contact details?"),
        min_length=5,
        max_length=255,
    )


def _payment_label(facts) -> str:
    """The e-payment account as the indicator counts it (any electronic rail ready)."""
    return _("Ready") if facts.payment_ready else _("Not ready")


def _follow_up_rows(page, unmasked_id: int | None) -> list[dict]:
    rows = []
    for facts in page:
        business = facts.business
        whole = business.pk == unmasked_id
        rows.append(
            {
                "business": business,
                "facts": facts,
                "owner_name": business.owner_name if whole else mask_name(business.owner_name),
                "phone": business.phone if whole else mask_phone(business.phone),
                "email": business.email if whole else mask_email(business.email),
                "unmasked": whole,
                "payment_state": _payment_label(facts),
            }
        )
    return rows


def _listed_business(form: UnmaskForm, filters: Filters | None, kind: str):
    """The business to unmask, only if it is on the list shown (same kind and filters); otherwise
    None, with the form's error saying why."""
    if not form.is_valid():
        return None
    facts = None
    if filters is not None:
        facts = selectors.follow_up(filters, kind).filter(business_id=form.cleaned_data["business"])
        facts = facts.first()
    if facts is None:
        form.add_error(
            "business",
            _("Only a business on the list shown can be unmasked. Reload the list and try again."),
        )
        return None
    return facts.business


@follow_up_access_required
@require_http_methods(["GET", "POST"])
def follow_up(request):
    form, filters = _filters(request)
    kind = request.GET.get("kind") or "assessed_no_payment"
    if kind not in FOLLOW_UP_LABELS:
        return HttpResponseBadRequest(
            _("Unknown follow-up list “%(kind)s”.") % {"kind": kind[:40]},
            content_type="text/plain; charset=utf-8",
        )
    unmask_form, unmasked_id, status = UnmaskForm(), None, 200
    if request.method == "POST":
        if not can_unmask(request.user):
            return _forbidden(
                request, _("Only a data-protection officer may see personal details whole.")
            )
        unmask_form = UnmaskForm(request.POST)
        listed = _listed_business(unmask_form, filters, kind)
        if listed is not None:
            access_log_record(
                actor=request.user,
                subject=listed,
                fields=UNMASKED_FIELDS,
                reason=unmask_form.cleaned_data["reason"],
            )
            unmasked_id = listed.pk
        else:
            status = 400
    context = {
        "form": form,
        "wards": wards_for_datalist(),
        "districts": districts(),
        "kind": kind,
        "kinds": FOLLOW_UP_LABELS,
        "can_unmask": can_unmask(request.user),
        "can_see_dashboard": can_see_dashboard(request.user),
        "unmask_form": unmask_form,
    }
    if filters is None:
        status = 400
    else:
        page = Paginator(selectors.follow_up(filters, kind), FOLLOW_UP_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context.update(
            page=page,
            rows=_follow_up_rows(page, unmasked_id),
            query=filters.query_string,
        )
    return TemplateResponse(request, "programme/follow_up.html", context, status=status)


@follow_up_access_required
@require_GET
def follow_up_export(request):
    """The follow-up list without any personal column (names of shops, places, states only)."""
    form, filters = _filters(request)
    kind = request.GET.get("kind") or "assessed_no_payment"
    if filters is None or kind not in FOLLOW_UP_LABELS:
        errors = form.first_errors() or [_("Unknown follow-up list.")]
        return HttpResponseBadRequest("\n".join(errors), content_type="text/plain; charset=utf-8")
    columns = [
        _("Business"),
        _("Ward or commune"),
        _("Sector"),
        _("Joined"),
        _("Latest score"),
        _("Level"),
        _("E-payment account"),
    ]
    rows = []
    for facts in selectors.follow_up(filters, kind):
        business = facts.business
        rows.append(
            [
                business.trading_name,
                business.ward.display_name,
                business.sector,
                facts.joined_at.date().isoformat(),
                facts.latest_overall,
                facts.latest_level,
                str(_payment_label(facts)),
            ]
        )
    filename, about = _export_names(f"follow-up-{kind}", filters, extra=str(FOLLOW_UP_LABELS[kind]))
    return exports.csv_response(filename=filename, columns=columns, rows=rows, about=about)


@manager_required
@require_POST
def refresh(request):
    invalidate()
    return redirect(reverse("programme_admin:dashboard") + "?" + request.GET.urlencode())


# Public open data ---------------------------------------------------------------------------


@require_GET
def open_data_page(request):
    data = open_data.dataset()
    return TemplateResponse(
        request,
        "programme/open_data.html",
        {
            "data": data,
            "updated": city_time(data["generated_at"]),
            "fields": list(open_data.field_descriptions().items()),
            "rows_count": len(data["rows"]),
            "snapshot_files": list(open_data.FILES),
        },
    )


@require_GET
def open_data_redirect(request):
    """/open-data/ (no language prefix) is the page in the reader's language."""
    return redirect("programme_page:open_data")


def _open_data_file(name: str):
    data = open_data.dataset()
    response = HttpResponse(open_data.file_bytes(name, data), content_type=open_data.FILES[name])
    if name.endswith(".csv"):
        response["Content-Disposition"] = f'attachment; filename="cho-so-{name}"'
    return _stamped(response, data)


@require_GET
def open_data_csv(request):
    return _open_data_file("adoption.csv")


@require_GET
def open_data_sales_csv(request):
    return _open_data_file("electronic-sales.csv")


@require_GET
def open_data_json(request):
    return _open_data_file("adoption.json")


@require_GET
def open_data_snapshot(request, month: str, name: str):
    """A month's file as it was kept at the month's end: never rewritten, so cached for good."""
    snapshot = OpenDataSnapshot.objects.filter(month=month, name=name).first()
    if snapshot is None:
        raise Http404
    response = HttpResponse(bytes(snapshot.content), content_type=snapshot.content_type)
    if name.endswith(".csv"):
        stem = name.removesuffix(".csv")
        response["Content-Disposition"] = f'attachment; filename="cho-so-{stem}-{month}.csv"'
    response["Last-Modified"] = http_date(snapshot.created_at.timestamp())
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _base(request) -> str:
    return request.build_absolute_uri(reverse("programme:open_data"))


@require_GET
def open_data_package(request):
    data = open_data.dataset()
    descriptor = catalogue.datapackage(data, base=_base(request))
    return _stamped(JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False}), data)


@require_GET
def open_data_catalog(request, fmt: str):
    data = open_data.dataset()
    triples = catalogue.dcat_triples(data, base=_base(request))
    if fmt == "jsonld":
        response = HttpResponse(catalogue.jsonld(triples), content_type="application/ld+json")
    else:
        response = HttpResponse(
            catalogue.turtle(triples), content_type="text/turtle; charset=utf-8"
        )
    return _stamped(response, data)


def _stamped(response, data):
    built = datetime.datetime.fromisoformat(data["generated_at"])
    response["Last-Modified"] = http_date(built.timestamp())
    response["Cache-Control"] = "public, max-age=300"
    return response
