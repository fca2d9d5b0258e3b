"""The workspace side of reviews (Wagtail admin): a shop's members read the reviews of their
products and reply once; editors (``reviews.moderate_review``) decide on reported reviews, hiding
or restoring them. Writes go through ``reviews.services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from reviews import selectors, services
from reviews.forms import ReplyForm

PAGE_SIZE = 25
SHOW_CHOICES = ("open", "hidden", "all")


@require_safe
def vendor_list(request):
    page = Paginator(selectors.reviews_for_vendor(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "reviews/workspace/vendor_list.html",
        {
            "page": page,
            "reply_form": ReplyForm(),
            "header_title": _("Reviews of my products"),
            "page_title": _("Reviews of my products"),
            "header_icon": "comment",
        },
    )


@require_POST
def reply(request, review_id):
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reply (at most 1000 characters)."))
        return redirect("reviews_workspace:list")
    try:
        services.review_reply(
            review_id=review_id, actor=request.user, text=form.cleaned_data["text"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your reply is published under the review."))
    return redirect("reviews_workspace:list")


def _check_moderator(request) -> None:
    if not request.user.has_perm("reviews.moderate_review"):
        raise PermissionDenied


@require_safe
def reported_list(request):
    _check_moderator(request)
    show = request.GET.get("show", "open")
    if show not in SHOW_CHOICES:
        show = "open"
    page = Paginator(selectors.reported_reviews(show=show), PAGE_SIZE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "reviews/workspace/reported_list.html",
        {
            "page": page,
            "show": show,
            "header_title": _("Reported reviews"),
            "page_title": _("Reported reviews"),
            "header_icon": "warning",
        },
    )


def _moderate(request, review_id, *, hidden: bool):
    _check_moderator(request)
    try:
        services.review_set_hidden(review_id=review_id, actor=request.user, hidden=hidden)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The review is hidden.") if hidden else _("The review is shown again.")
        )
    return redirect("reviews_workspace:reported")


@require_POST
def hide(request, review_id):
    return _moderate(request, review_id, hidden=True)


@require_POST
def restore(request, review_id):
    return _moderate(request, review_id, hidden=False)
