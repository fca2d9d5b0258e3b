"""Filter forms of the public listings (GET forms: bad values become form errors, never a 500),
and the admin forms of the cms pages (what a user may put on a page, who may feature a storefront).
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from accounts.models import Sector
from accounts.roles import Role
from marketplace.models import Product
from marketplace.selectors import products_for_member, products_visible

EDITOR_GROUPS = (Role.EDITOR, Role.ADMIN, "Moderators")

ANY = [("", _("All"))]


class GuideFilterForm(forms.Form):
    q = forms.CharField(label=_("Search guides"), required=False, max_length=100)
    dimension = forms.ChoiceField(label=_("Topic"), required=False)
    level = forms.TypedChoiceField(
        label=_("Your level"), required=False, coerce=int, empty_value=None
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=ANY + Sector.choices)

    def __init__(self, *args, dimensions, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = ANY + list(dimensions)
        self.fields["level"].choices = ANY + [(str(value), label) for value, label in levels]


class StorefrontFilterForm(forms.Form):
    ward = forms.ChoiceField(label=_("Ward"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, wards, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Sector.choices)
        self.fields["ward"].choices = ANY + [(ward.code, ward.display_name) for ward in wards]
        self.fields["sector"].choices = ANY + [(code, labels[code]) for code in sectors]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search this shop"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = ANY + list(categories)


def is_editor(user) -> bool:
    """Editors decide what the home page features; vendors edit their own storefront only."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=EDITOR_GROUPS).exists()


def _base_model(model):
    return Page if issubclass(model, Page) else model


def _references(model_field, value):
    """``(model, pk)`` of every object a page field's value points at: a foreign key, or the
    images, documents, pages and snippets inside StreamField blocks and rich text."""
    if value in (None, ""):
        return
    if model_field.many_to_one and isinstance(value, Model):
        yield _base_model(model_field.related_model), str(value.pk)
    elif hasattr(model_field, "extract_references"):
        for model, pk, _path, _content in model_field.extract_references(value):
            yield _base_model(model), str(pk)


def _may_use(user, model, pk: str) -> bool:
    if model is get_image_model() or model is get_document_model():
        policy = policy_registry.get_by_type(model)
        return policy.instances_user_has_any_permission_for(user, ["choose"]).filter(pk=pk).exists()
    if model is Page:
        page = Page.objects.filter(pk=pk).first()
        return page is not None and (page.live or page.permissions_for_user(user).can_edit())
    if model is Product:
        return (
            products_visible().filter(pk=pk).exists()
            or products_for_member(user=user).filter(pk=pk).exists()
        )
    return user.is_superuser


class ContentPageForm(WagtailAdminPageForm):
    """Every cms page's form: an image, document, page or product id anywhere in the page (a
    chooser field, a StreamField block, a rich-text link or embed) must be one the user may use
    (what their choosers list, a live page, a product they may see) or one the saved page already
    had. Whatever id is posted, the chooser's filter is also the form's rule."""

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        if user is None:
            return cleaned
        kept = self._saved_references()
        for name in list(cleaned):
            try:
                model_field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            refused = [
                ref
                for ref in _references(model_field, cleaned[name])
                if ref not in kept and not _may_use(user, *ref)
            ]
            if refused:
                self.add_error(
                    name,
                    _("You cannot use this picture, document or page here: choose one of yours."),
                )
        return cleaned

    def _saved_references(self) -> set:
        if not self.instance.pk:
            return set()
        saved = type(self.instance).objects.filter(pk=self.instance.pk).first()
        if saved is None:
            return set()
        kept = set()
        for name in self.fields:
            try:
                model_field = saved._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.concrete:
                kept.update(_references(model_field, getattr(saved, name)))
        return kept


class StorefrontPageForm(ContentPageForm):
    """A storefront's title and slug are the business's trading name and slug, whoever edits it;
    featuring it on the home page (and its menu and SEO title) is an editor's decision."""

    EDITOR_ONLY = ("featured", "show_in_menus", "seo_title")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        business = self.instance.business if self.instance.business_id else None
        if business is not None:
            for name, value in (("title", business.trading_name), ("slug", business.slug)):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.initial[name] = value
        if not is_editor(self.for_user):
            for name in self.EDITOR_ONLY:
                if name in self.fields:
                    self.fields[name].disabled = True
