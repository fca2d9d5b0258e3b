"""The register lookup the business-profile form's script calls when a tax code is typed."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import ratelimit
from registry.selectors import register_entry_for

LOOKUPS_PER_USER = ratelimit.Limit("register-lookup-user", 60, 3600)


@login_required
@require_safe
def lookup(request):
    """The register's legal name, address and ward for ``?tax_code=``, with its source and date;
    ``{"found": false}`` when the register does not know it. Public open data, yet counted per
    user (60 an hour) so the endpoint is no bulk copy of the register."""
    if not ratelimit.consume((LOOKUPS_PER_USER, request.user.pk)):
        return JsonResponse(
            {"found": False, "error": _("Too many look-ups. Try again in an hour.")}, status=429
        )
    entry = register_entry_for(tax_code=request.GET.get("tax_code", ""))
    if entry is None:
        return JsonResponse({"found": False})
    english = get_language() == "en"
    source_date = formats.date_format(entry.source_import.source_date, "d/m/Y")
    return JsonResponse(
        {
            "found": True,
            "tax_code": entry.tax_code,
            "legal_name": entry.legal_name,
            "street_address": entry.street_address,
            "ward": entry.ward_id,
            "note": _(
                "Filled from the city's enterprise register (%(source)s, %(date)s). Check "
                "the legal name, address and ward, and correct them if they are wrong."
            )
            % {"source": entry.source_import.source, "date": source_date},
            "ward_name": entry.ward.full_name_en if english else entry.ward.full_name,
        }
    )
