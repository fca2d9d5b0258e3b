"""The seller workspace for products, in the Wagtail admin.

A vendor sees, adds and edits only the products of the businesses they belong to (admins see
all): the listing and the product chooser are filtered, the business field offers only their
shops, and the permission policy refuses every other product. Pictures are chosen or uploaded in
the image chooser, which lists the collections where the user holds Wagtail's "choose" permission
(a vendor: their businesses' own collections); the form accepts exactly those pictures (plus the
ones the product already has), whatever id is posted. The listing's "Import / export" button
leads to the bulk screens of ``marketplace.workspace_import``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from core.forms import VNDField
from core.money import format_vnd
from marketplace import selectors, services, workspace_import
from marketplace.models import MAX_IMAGES_PER_PRODUCT, MAX_PRICE, Product, ProductImage

ProductImage.panels = [FieldPanel("image"), FieldPanel("alt_text")]


class ProductPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to the products of the user's own businesses."""

    def _mine(self, user):
        return selectors.products_for_member(user=user)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return user.is_superuser or self._mine(user).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return Product.objects.none()
        return self._mine(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Product.objects.none()
        return self._mine(user)


register_permission_policy(Product, ProductPermissionPolicy(Product))


def category_choices() -> list:
    """The category tree for the picker: one group per top-level category, the category itself
    first and its children indented under it (from the cached tree: no query)."""
    english = (get_language() or "vi")[:2] == "en"

    def label(node):
        return node.name_en if english and node.name_en else node.name

    return [("", "---------")] + [
        (
            label(top),
            [(top.id, label(top))]
            + [(child.id, f"\u2003\u2014 {label(child)}") for child in top.children],
        )
        for top in selectors.category_tree()
    ]


class ProductAdminForm(WagtailAdminModelForm):
    """The business list holds only the user's shops (preselected when there is one) and is fixed
    once the product exists; the category picker is the tree."""

    price = Product._meta.get_field("price").formfield(
        form_class=VNDField, min_value=0, max_value=MAX_PRICE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "business" in self.fields:
            field = self.fields["business"]
            field.queryset = selectors.manageable_businesses(user=self.for_user)
            if self.instance.pk:
                field.disabled = True
            elif field.queryset.count() == 1:
                field.initial = field.queryset.first().pk
        if "category" in self.fields:
            self.fields["category"].choices = category_choices()
        if "low_stock_threshold" in self.fields:
            self.fields["low_stock_threshold"].required = False
        if "images" in self.formsets:
            usable = selectors.images_usable_by(user=self.for_user, product=self.instance)
            for form in self.formsets["images"].forms:
                form.fields["image"].queryset = usable

    def clean_low_stock_threshold(self):
        """Left empty: the model's default."""
        value = self.cleaned_data.get("low_stock_threshold")
        return Product._meta.get_field("low_stock_threshold").default if value is None else value

    def is_valid(self):
        """Pictures stored before uploads were re-encoded are re-encoded once the form and its
        picture forms are valid, before the transaction in which Wagtail saves the product."""
        valid = super().is_valid()
        pictures = self.formsets["images"].forms if valid and "images" in self.formsets else []
        for form in pictures:
            image = form.cleaned_data.get("image")
            if image is None or form.cleaned_data.get("DELETE"):
                continue
            try:
                services.image_ensure_clean(image=image)
            except ValidationError as exc:
                form.add_error("image", exc.messages)
                valid = False
        return valid


class _SaveThroughService:
    def save_instance(self):
        product = self.form.save(commit=False)
        try:
            return services.product_save_from_workspace(product=product)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def form_valid(self, form):
        self.form = form
        try:
            return super().form_valid(form)
        except forms.ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)


class _OwnProductsOnly:
    """Another shop's product is a 404 in every view that opens one product."""

    def get_queryset(self):
        return selectors.products_for_member(user=self.request.user)

    def get_base_object_queryset(self):
        return selectors.products_for_member(user=self.request.user)


class ProductCreateView(_SaveThroughService, snippet_views.CreateView):
    pass


class ProductEditView(_OwnProductsOnly, _SaveThroughService, snippet_views.EditView):
    pass


class ProductHistoryView(_OwnProductsOnly, snippet_views.HistoryView):
    def get_queryset(self):
        # The listed rows are the product's log entries; only the product is limited to own shops.
        return snippet_views.HistoryView.get_queryset(self)


class ProductUsageView(_OwnProductsOnly, snippet_views.UsageView):
    pass


class ProductIndexView(snippet_views.IndexView):
    """The listing, with a way to the bulk import and export (``marketplace.workspace_import``)."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if workspace_import.can_transfer(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Import / export"),
                    url=reverse("products_import:import"),
                    icon_name="upload",
                    priority=20,
                )
            )
        return buttons


class _OwnProductsToChoose:
    """The product chooser lists and returns only the products the user may manage."""

    def get_object_list(self):
        return selectors.products_for_member(user=self.request.user)

    def get_object(self, pk):
        return selectors.products_for_member(user=self.request.user).get(pk=pk)


class ProductChooseView(_OwnProductsToChoose, snippet_chooser.ChooseView):
    pass


class ProductChooseResultsView(_OwnProductsToChoose, snippet_chooser.ChooseResultsView):
    pass


class ProductChosenView(_OwnProductsToChoose, snippet_chooser.SnippetChosenView):
    pass


class ProductChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return selectors.products_for_member(user=self.request.user).filter(pk__in=pks)


class ProductChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
    chosen_view_class = ProductChosenView
    chosen_multiple_view_class = ProductChosenMultipleView


class ProductViewSet(SnippetViewSet):
    model = Product
    chooser_viewset_class = ProductChooserViewSet
    icon = "tag"
    menu_label = _("My products")
    menu_name = "products"
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = ProductIndexView
    add_view_class = ProductCreateView
    edit_view_class = ProductEditView
    history_view_class = ProductHistoryView
    usage_view_class = ProductUsageView
    list_display = [
        "name",
        "business",
        Column(
            "price",
            label=_("Price (₫)"),
            accessor=lambda product: format_vnd(product.price, symbol=False),
        ),
        "stock",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "made_to_order"]
    search_fields = ["name", "search_text"]
    search_backend_name = None
    ordering = ["-updated_at"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("business"),
            FieldPanel("category"),
            MultiFieldPanel(
                [FieldPanel("name"), FieldPanel("description")], heading=_("In Vietnamese")
            ),
            MultiFieldPanel(
                [FieldPanel("name_en"), FieldPanel("description_en")],
                heading=_("In English (optional)"),
            ),
            FieldRowPanel(
                [FieldPanel("price"), FieldPanel("stock"), FieldPanel("low_stock_threshold")]
            ),
            FieldRowPanel([FieldPanel("made_to_order"), FieldPanel("status")]),
            InlinePanel(
                "images",
                label=_("Pictures"),
                max_num=MAX_IMAGES_PER_PRODUCT,
                help_text=_("Up to 8 JPEG, PNG or WebP pictures; the first is the cover."),
            ),
        ],
        base_form_class=ProductAdminForm,
    )

    def get_queryset(self, request):
        return selectors.products_for_member(user=request.user).order_by("-updated_at")


register_snippet(ProductViewSet)


@hooks.register("register_admin_urls")
def register_product_import_urls():
    """/admin/products/import/ and its neighbours, behind the admin's sign-in gate."""
    return [
        path(
            "products/",
            include((workspace_import.urlpatterns, "products_import"), namespace="products_import"),
        )
    ]


@hooks.register("after_delete_snippet")
def announce_deleted_products(request, instances):
    products = [instance for instance in instances if isinstance(instance, Product)]
    if products:
        services.products_deleted(products=products)
