"""Pages of the identity app: what the city login prefills, the consent screen city services
send owners to, withdrawing a permission, and the API a city service reads a profile from."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST, require_safe
from drf_spectacular.utils import OpenApiResponse, extend_schema
from oauth2_provider.contrib.rest_framework import OAuth2Authentication, TokenHasScope
from oauth2_provider.views import AuthorizationView
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ApiErrorSerializer
from core.errors import DomainError
from identity.adapter import PREFILL_SESSION_KEY
from identity.forms import ShareForm
from identity.models import BUSINESS_PROFILE_READ, CityService
from identity.sharing import (
    SHARED_FIELDS,
    owned_businesses,
    shared_profile,
    sharing_grant_record,
    sharing_grant_revoke,
)


@login_required
@require_safe
def business_prefill(request):
    """The owner name, verified email, phone and tax code the city sent at this session's
    sign-in; empty when the person signed in another way. Nothing is saved from here."""
    return JsonResponse({"city": request.session.get(PREFILL_SESSION_KEY, {})})


class SharingAuthorizationView(AuthorizationView):
    """django-oauth-toolkit's authorization endpoint with our consent screen: who asks, why, and
    exactly which fields of which business are shared; the owner agrees or refuses."""

    form_class = ShareForm
    template_name = "identity/consent.html"

    def _service(self):
        client_id = self.request.GET.get("client_id") or self.request.POST.get("client_id")
        return (
            CityService.objects.select_related("application")
            .filter(application__client_id=client_id)
            .first()
        )

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["business"].choices = [
            (business.pk, business.legal_name)
            for business in owned_businesses(user=self.request.user)
        ]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scopes = kwargs.get("scopes") or self.request.POST.get("scope", "").split()
        context.update(
            service=self._service(),
            shares_profile=BUSINESS_PROFILE_READ in scopes,
            shared_fields=[label for _name, label in SHARED_FIELDS],
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        """The consent form posts here and is answered with a redirect to the service: browsers
        check that redirect against the page's ``form-action``, so it names the service's origin
        (django-csp adds it to the site's policy for this response)."""
        response = super().render_to_response(context, **response_kwargs)
        parts = urlsplit(context.get("redirect_uri") or "")
        if parts.scheme and parts.netloc:
            response._csp_update = {"form-action": [f"{parts.scheme}://{parts.netloc}"]}
        return response

    def form_valid(self, form):
        scopes = form.cleaned_data.get("scope", "").split()
        allow = form.cleaned_data.get("allow")
        service = self._service()
        if allow and BUSINESS_PROFILE_READ in scopes:
            if service is None:
                return self.form_invalid(form)
            try:
                with transaction.atomic():
                    sharing_grant_record(
                        user=self.request.user,
                        service=service,
                        business_id=form.cleaned_data.get("business") or 0,
                        scopes=scopes,
                    )
                    response = super().form_valid(form)
                    if "error=" in response.get("Location", ""):
                        transaction.set_rollback(True)
                    return response
            except DomainError as exc:
                form.add_error("business", exc.message)
                return self.form_invalid(form)
        return super().form_valid(form)


@login_required
@require_POST
def grant_revoke(request, grant_id: int):
    try:
        sharing_grant_revoke(user=request.user, grant_id=grant_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The permission is withdrawn: the service can no longer read your business profile."),
        )
    return redirect(reverse("privacy:centre") + "#city-services")


class SharedWardSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SharedBusinessSerializer(serializers.Serializer):
    """What ``business_profile:read`` gives (``identity.sharing.SHARED_FIELDS``), for the schema."""

    id = serializers.IntegerField()
    legal_name = serializers.CharField()
    trading_name = serializers.CharField()
    tax_code = serializers.CharField()
    business_type = serializers.CharField()
    street_address = serializers.CharField()
    ward = SharedWardSerializer()
    sector = serializers.CharField()
    size_band = serializers.CharField()
    year_founded = serializers.IntegerField(allow_null=True)
    email = serializers.CharField()


SHARED_RESPONSES = {
    200: SharedBusinessSerializer,
    401: OpenApiResponse(ApiErrorSerializer, description=_lazy("No valid bearer token.")),
    403: OpenApiResponse(ApiErrorSerializer, description=_lazy("The token lacks the scope.")),
    404: OpenApiResponse(
        ApiErrorSerializer, description=_lazy("No business profile is shared with this service.")
    ),
}


class SharedBusinessView(APIView):
    """``/api/v1/shared/business/``: the business profile its owner agreed to share with the
    calling city service (OAuth 2.0 bearer token with ``business_profile:read``). Every read is
    written to the privacy access log."""

    authentication_classes = [OAuth2Authentication]
    permission_classes = [TokenHasScope]
    required_scopes = [BUSINESS_PROFILE_READ]
    throttle_scope = None
    serializer_class = SharedBusinessSerializer

    @extend_schema(operation_id="shared_business_granted", responses=SHARED_RESPONSES)
    def get(self, request, business_id: int | None = None):
        return Response(shared_profile(token=request.auth, business_id=business_id))


class SharedBusinessDetailView(SharedBusinessView):
    """``/api/v1/shared/business/<id>/``: the same, naming the business (any other is a 404)."""

    @extend_schema(operation_id="shared_business_by_id", responses=SHARED_RESPONSES)
    def get(self, request, business_id: int | None = None):
        return super().get(request, business_id=business_id)
