"""Shopper pages of the reviews app: reviewing a completed order (``/vi/danh-gia/don-hang/<id>/``)
and reporting a review. Who may review is ``selectors.order_for_reviewer``: the signed-in buyer,
the browser that placed the order, or the holder of the order's signed link (``?t=``, carried
through the form); anyone else gets 403."""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from orders.selectors import SESSION_GROUPS_KEY
from reviews import selectors, services
from reviews.forms import ProductReviewForm, ReportForm, ShopReviewForm

MAX_TOKEN_LENGTH = 300


def _token(request) -> str:
    return (request.POST.get("t") or request.GET.get("t") or "")[:MAX_TOKEN_LENGTH]


def _order(request, order_id, token):
    try:
        return selectors.order_for_reviewer(
            order_id=order_id,
            user=request.user,
            session_references=request.session.get(SESSION_GROUPS_KEY, []),
            token=token,
        )
    except DomainError as exc:
        if exc.status_code == 404:
            raise Http404 from exc
        raise PermissionDenied(exc.message) from exc


def _review_of(line):
    try:
        return line.review
    except line._meta.model.review.RelatedObjectDoesNotExist:
        return None


def _shop_review_of(order):
    try:
        return order.shop_review
    except order._meta.model.shop_review.RelatedObjectDoesNotExist:
        return None


def _line_form(line, review, data=None, files=None):
    photos = list(review.photos.all()) if review else []
    initial = {"rating": review.rating, "text": review.text} if review else {}
    form = ProductReviewForm(
        data, files, prefix=f"line-{line.pk}", initial=initial, existing_photos=photos
    )
    return form, photos


def _self_url(order, token) -> str:
    url = reverse("reviews:order", kwargs={"order_id": order.pk})
    return f"{url}?{urlencode({'t': token})}" if token else url


@require_http_methods(["GET", "POST"])
def order_reviews(request, order_id):
    token = _token(request)
    order = _order(request, order_id, token)
    reviewable = services.order_reviewable(order)
    posted_line = request.POST.get("line", "") if request.method == "POST" else ""
    kind = request.POST.get("kind", "") if request.method == "POST" else ""
    status = 200
    if request.method == "POST" and not reviewable:
        status = 409
    lines = []
    for line in order.lines.all():
        review = _review_of(line)
        bound = kind == "product" and posted_line == str(line.pk)
        form, photos = _line_form(
            line, review, request.POST if bound else None, request.FILES if bound else None
        )
        if bound and reviewable:
            if form.is_valid():
                try:
                    services.product_review_save(
                        order=order,
                        line_id=line.pk,
                        user=request.user,
                        rating=form.cleaned_data["rating"],
                        text=form.cleaned_data["text"],
                        photos=form.cleaned_data["photos"],
                        remove_photo_ids=form.cleaned_data.get("remove_photos", []),
                    )
                except DomainError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                    status = exc.status_code
                else:
                    messages.success(request, _("Thank you: your review is saved."))
                    return redirect(_self_url(order, token))
            else:
                status = 400
        lines.append(
            {
                "line": line,
                "review": review,
                "form": form,
                "photos": photos,
                "reviewable": services.line_reviewable(line),
            }
        )
    shop_review = _shop_review_of(order)
    shop_form = ShopReviewForm(
        request.POST if kind == "shop" else None,
        prefix="shop",
        initial={"rating": shop_review.rating} if shop_review else {},
    )
    if kind == "shop" and reviewable:
        if shop_form.is_valid():
            services.shop_review_save(
                order=order, user=request.user, rating=shop_form.cleaned_data["rating"]
            )
            messages.success(request, _("Thank you: your rating of the shop is saved."))
            return redirect(_self_url(order, token))
        status = 400
    known_line = any(str(item["line"].pk) == posted_line for item in lines)
    if request.method == "POST" and (
        kind not in ("product", "shop") or (kind == "product" and not known_line)
    ):
        status = 400
    return render(
        request,
        "reviews/order.html",
        {
            "order": order,
            "lines": lines,
            "shop_form": shop_form,
            "shop_review": shop_review,
            "reviewable": reviewable,
            "token": token,
        },
        status=status,
    )


def _reporter_key(request) -> str:
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    digest = hashlib.sha256(request.session.session_key.encode()).hexdigest()
    return f"s{digest[:64]}"


def _back(request) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@require_POST
def report(request, review_id):
    """Anyone reports a review (once per person or browser); editors decide in the workspace."""
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why you report this review."))
        return redirect(_back(request))
    try:
        services.review_report(
            review_id=review_id,
            reporter_key=_reporter_key(request),
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        if exc.status_code == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
        return redirect(_back(request))
    messages.success(request, _("Thank you: an editor will look at this review."))
    return redirect(_back(request))
