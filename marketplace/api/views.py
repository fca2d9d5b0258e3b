"""The catalogue API: public reads for everyone, product management for members of a business.

Public reads answer from ``marketplace.selectors.products_visible`` only, with a fixed number of
queries, ETag and Last-Modified, and a response cache that every catalogue write invalidates.
Vendor endpoints see only the caller's businesses: another shop's product is a 404, never a 403, so
that ids do not leak. Writes go through ``marketplace.services``.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.mfa import MFAEnrolled
from accounts.models import Business, Membership
from core.api import ApiErrorSerializer
from marketplace import imports, selectors, services
from marketplace.api.caching import ANY_JSON, anonymous_hit, cached_json
from marketplace.api.pagination import DEFAULT_PAGE_SIZE, Page
from marketplace.api.serializers import (
    ORDERINGS,
    BusinessPublicSerializer,
    CategorySerializer,
    ExportQuerySerializer,
    ImageOrderSerializer,
    ImageUpdateSerializer,
    ImageUploadSerializer,
    ImportReportSerializer,
    ImportSerializer,
    ProductDetailSerializer,
    ProductPageSerializer,
    ProductQuerySerializer,
    ProductWriteSerializer,
    TemplateQuerySerializer,
    VendorImageSerializer,
    is_english,
    product_detail,
)
from marketplace.images import picture_upload_wait, too_many_uploads_message
from marketplace.models import ProductImage

CONTENT_TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_READ = {
    400: OpenApiResponse(ApiErrorSerializer, description=_("Unknown filter, value or parameter.")),
    429: OpenApiResponse(ApiErrorSerializer, description=_("Too many requests.")),
}
ERRORS_DETAIL = {
    404: OpenApiResponse(ApiErrorSerializer, description=_("No such product, or not visible.")),
    429: ERRORS_READ[429],
}
ERRORS_WRITE = {
    400: OpenApiResponse(ApiErrorSerializer, description=_("Invalid or refused fields.")),
    401: OpenApiResponse(ApiErrorSerializer, description=_("Not signed in (send a token).")),
    403: OpenApiResponse(ApiErrorSerializer, description=_("Not a member of any business.")),
    404: OpenApiResponse(ApiErrorSerializer, description=_("Not one of your products.")),
    429: ERRORS_READ[429],
}

# A download answers the file type asked for (``file_type``): both are documented.
FILE_RESPONSES = {
    (200, media_type): OpenApiTypes.BINARY for media_type in ("text/csv", CONTENT_TYPE_XLSX)
}


def _filtered_products(params: dict):
    products = selectors.product_cards()
    if "category" in params:
        products = products.filter(category_id__in=params["category"].subtree_ids)
    if "business" in params:
        products = products.filter(business__slug=params["business"])
    if "ward" in params:
        products = products.filter(business__ward_id=params["ward"])
    if "price_min" in params:
        products = products.filter(price__gte=params["price_min"])
    if "price_max" in params:
        products = products.filter(price__lte=params["price_max"])
    if params.get("in_stock") is True:
        products = products.filter(stock__gt=0)
    elif params.get("in_stock") is False:
        products = products.filter(stock=0)
    if params.get("q"):
        products = selectors.products_search(products, query=params["q"])
    return products.order_by(*ORDERINGS[params["ordering"]])


class _JSONNegotiation(DefaultContentNegotiation):
    """Public reads answer JSON only: clients that accept anything (most send no Accept header)
    are answered without parsing media types; others go through DRF's negotiation (406 when JSON
    is not acceptable)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if request.META.get("HTTP_ACCEPT", "*/*") in ANY_JSON and not format_suffix:
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)


class _PublicReadMixin:
    renderer_classes = [JSONRenderer]
    parser_classes = []  # GET only: no body to parse
    content_negotiation_class = _JSONNegotiation
    permission_classes = [permissions.AllowAny]
    filter_backends = []
    pagination_class = None


@extend_schema_view(
    list=extend_schema(
        summary=_("Find products"),
        parameters=[ProductQuerySerializer],
        responses={200: ProductPageSerializer, **ERRORS_READ},
    ),
    retrieve=extend_schema(
        summary=_("One product"), responses={200: ProductDetailSerializer, **ERRORS_DETAIL}
    ),
)
class ProductViewSet(_PublicReadMixin, viewsets.GenericViewSet):
    """Products shoppers may see (active, shop active and able to take payments, in stock or
    made to order)."""

    serializer_class = ProductDetailSerializer

    def get_queryset(self):
        return selectors.products_visible()

    def list(self, request):
        def build():
            query = ProductQuerySerializer(data=request.query_params)
            query.is_valid(raise_exception=True)
            params = query.validated_data
            products = _filtered_products(params)
            english = is_english()
            page = Page(
                request=request,
                fetch=lambda offset, limit: selectors.product_card_page(
                    products, offset=offset, limit=limit, english=english
                ),
                number=params.get("page", 1),
                size=params.get("page_size", DEFAULT_PAGE_SIZE),
            )
            last = max((card["updated_at"] for card in page.rows), default=None)
            for card in page.rows:
                card["updated_at"] = card["updated_at"].isoformat()
            return {**page.links(), "results": page.rows}, last

        return cached_json(request, namespace="products", build=build)

    def retrieve(self, request, pk=None):
        def build():
            product = selectors.product_visible_detail(product_id=_int_or_404(pk))
            if product is None:
                raise exceptions.NotFound(_("There is no such product, or it is not on sale."))
            return product_detail(product, english=is_english()), product.updated_at

        return cached_json(request, namespace=f"product:{pk}", build=build)


@extend_schema_view(
    list=extend_schema(
        summary=_("The category tree"),
        responses={200: CategorySerializer(many=True), 429: ERRORS_READ[429]},
    )
)
class CategoryViewSet(_PublicReadMixin, viewsets.GenericViewSet):
    """Top-level categories with their subcategories, in the request's language."""

    serializer_class = CategorySerializer

    def list(self, request):
        def build():
            english = is_english()

            def node(item):
                return {
                    "id": item.id,
                    "slug": item.slug,
                    "name": item.name_en if english and item.name_en else item.name,
                    "name_en": item.name_en,
                    "children": [node(child) for child in item.children],
                }

            return [node(top) for top in selectors.category_tree()], None

        return cached_json(request, namespace="categories", build=build)


@extend_schema_view(
    list=extend_schema(
        summary=_("Businesses with a storefront"),
        responses={
            200: BusinessPublicSerializer(many=True),
            **ERRORS_READ,
            404: OpenApiResponse(ApiErrorSerializer, description=_("No such page.")),
        },
    ),
    retrieve=extend_schema(
        summary=_("One business"),
        responses={200: BusinessPublicSerializer, **ERRORS_DETAIL},
    ),
)
class BusinessViewSet(viewsets.ReadOnlyModelViewSet):
    """Public storefront facts of active businesses; never personal or encrypted fields."""

    serializer_class = BusinessPublicSerializer
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer]
    filter_backends = []
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Business.objects.filter(is_active=True)
            .select_related("ward")
            .only(
                "id",
                "slug",
                "trading_name",
                "business_type",
                "sector",
                "year_founded",
                "can_take_payments",
                "ward__code",
                "ward__full_name",
                "ward__full_name_en",
            )
            .order_by("trading_name", "id")
        )


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": CONTENT_TYPE_XLSX}


def _download(body: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise exceptions.NotFound() from exc


class IsBusinessMember(permissions.BasePermission):
    message = _("Only members of a business can manage products.")

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and (user.is_superuser or Membership.objects.filter(user=user).exists())
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Your products (any status)"),
        responses={200: ProductWriteSerializer(many=True), **ERRORS_WRITE},
    ),
    create=extend_schema(
        summary=_("Add a product"), responses={201: ProductWriteSerializer, **ERRORS_WRITE}
    ),
    retrieve=extend_schema(
        summary=_("One of your products"), responses={200: ProductWriteSerializer, **ERRORS_WRITE}
    ),
    update=extend_schema(
        summary=_("Replace a product's fields"),
        responses={200: ProductWriteSerializer, **ERRORS_WRITE},
    ),
    partial_update=extend_schema(
        summary=_("Change some fields"), responses={200: ProductWriteSerializer, **ERRORS_WRITE}
    ),
    destroy=extend_schema(summary=_("Archive a product"), responses={204: None, **ERRORS_WRITE}),
)
class VendorProductViewSet(viewsets.ModelViewSet):
    """Products of the businesses you belong to. DELETE archives (orders keep their snapshot)."""

    serializer_class = ProductWriteSerializer
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated, MFAEnrolled, IsBusinessMember]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = []
    throttle_scope = None  # set per action (``import_file``) for the scoped throttle

    def get_queryset(self):
        return selectors.products_for_member(user=self.request.user).order_by("-created_at", "-id")

    def get_object(self):
        product = selectors.product_for_member(
            user=self.request.user, product_id=_int_or_404(self.kwargs["pk"])
        )
        if product is None:
            raise exceptions.NotFound(_("You have no product with this id."))
        return product

    def _business_for_create(self, slug: str | None) -> Business:
        businesses = selectors.manageable_businesses(user=self.request.user)
        if slug:
            business = businesses.filter(slug=slug).first()
            if business is None:
                raise exceptions.ValidationError(
                    {"business": [_("Choose one of your businesses.")]}
                )
            return business
        mine = list(businesses[:2])
        if len(mine) != 1:
            raise exceptions.ValidationError(
                {"business": [_("Say which of your businesses sells this product.")]}
            )
        return mine[0]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        business = self._business_for_create(data.pop("business", None))
        serializer.instance = services.product_create(business=business, **data)

    def perform_update(self, serializer):
        serializer.instance = services.product_update(
            product=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.product_archive(product=instance)

    def _image(self, product, image_id) -> ProductImage:
        return get_object_or_404(ProductImage, product=product, pk=_int_or_404(image_id))

    def _business_param(self, value) -> Business:
        return self._business_for_create(value or None)

    @extend_schema(
        summary=_("Import products from CSV or XLSX"),
        description=imports.__doc__,
        request={"multipart/form-data": ImportSerializer},
        responses={
            200: OpenApiResponse(ImportReportSerializer, description=_("Dry run: all rows good.")),
            201: OpenApiResponse(ImportReportSerializer, description=_("Imported.")),
            **ERRORS_WRITE,
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser],
        throttle_scope="imports",  # config.api.ScopedRateThrottle: parsing a file is costly
    )
    def import_file(self, request):
        form = ImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        business = self._business_param(data.get("business"))
        report = imports.import_products(
            business=business,
            upload=data["file"],
            fmt=data["file_type"],
            dry_run=data["dry_run"],
        )
        if report.errors:
            details = {}
            for error in report.errors:
                details.setdefault(f"rows.{error.row}.{error.column}", []).append(
                    exceptions.ErrorDetail(error.message, code="invalid_row")
                )
            raise exceptions.ValidationError(details)
        body = ImportReportSerializer(report).data
        return Response(body, status=status.HTTP_201_CREATED if report.committed else 200)

    @extend_schema(
        summary=_("Export your products"),
        parameters=[ExportQuerySerializer],
        responses={**FILE_RESPONSES, **ERRORS_WRITE},
    )
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request):
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        fmt = query.validated_data["file_type"]
        business = self._business_param(query.validated_data.get("business"))
        return _download(
            imports.export_products(business=business, fmt=fmt), fmt, f"{business.slug}-products"
        )

    @extend_schema(
        summary=_("Download the import template"),
        parameters=[TemplateQuerySerializer],
        responses={**FILE_RESPONSES, **ERRORS_WRITE},
    )
    @action(detail=False, methods=["get"], url_path="import-template")
    def import_template(self, request):
        query = TemplateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        fmt = query.validated_data["file_type"]
        return _download(imports.template(fmt), fmt, "cho-so-products-template")

    @extend_schema(
        summary=_("Add a picture"),
        request={"multipart/form-data": ImageUploadSerializer},
        responses={201: VendorImageSerializer, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], url_path="images", parser_classes=[MultiPartParser])
    def add_image(self, request, pk=None):
        product = self.get_object()
        upload = ImageUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        wait = picture_upload_wait(user=request.user)
        if wait:
            raise exceptions.Throttled(wait=wait, detail=too_many_uploads_message(wait))
        product_image = services.product_image_add(
            product=product,
            upload=upload.validated_data["file"],
            alt_text=upload.validated_data.get("alt_text", ""),
            uploaded_by=request.user,
        )
        return Response(VendorImageSerializer(product_image).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Change a picture's alt text"),
        request=ImageUpdateSerializer,
        responses={200: VendorImageSerializer, **ERRORS_WRITE},
        methods=["PATCH"],
    )
    @extend_schema(
        summary=_("Remove a picture"), responses={204: None, **ERRORS_WRITE}, methods=["DELETE"]
    )
    @action(detail=True, methods=["patch", "delete"], url_path=r"images/(?P<image_id>\d+)")
    def image(self, request, pk=None, image_id=None):
        product_image = self._image(self.get_object(), image_id)
        if request.method == "DELETE":
            services.product_image_delete(product_image=product_image)
            return Response(status=status.HTTP_204_NO_CONTENT)
        change = ImageUpdateSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        product_image = services.product_image_update(
            product_image=product_image, alt_text=change.validated_data["alt_text"]
        )
        return Response(VendorImageSerializer(product_image).data)

    @extend_schema(
        summary=_("Put the pictures in order"),
        request=ImageOrderSerializer,
        responses={200: VendorImageSerializer(many=True), **ERRORS_WRITE},
    )
    @action(detail=True, methods=["put"], url_path="images/order")
    def order_images(self, request, pk=None):
        product = self.get_object()
        order = ImageOrderSerializer(data=request.data)
        order.is_valid(raise_exception=True)
        images = services.product_images_reorder(
            product=product, order=order.validated_data["order"]
        )
        return Response(VendorImageSerializer(images, many=True).data)


_product_list = ProductViewSet.as_view({"get": "list"})
_product_detail = ProductViewSet.as_view({"get": "retrieve"})


def product_list_view(request):
    """``GET /api/v1/products/``: an anonymous reader's page straight from the cache when it is
    there (see ``anonymous_hit``), else through ``ProductViewSet``, which documents the route."""
    return anonymous_hit(request, namespace="products") or _product_list(request)


def product_detail_view(request, pk):
    return anonymous_hit(request, namespace=f"product:{pk}") or _product_detail(request, pk=pk)
