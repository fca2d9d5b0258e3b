"""Reads of the catalogue, each with a fixed number of queries whatever the number of rows.

``products_visible`` is THE visibility rule for shoppers; the API, the storefront pages and checkout
all start from it. Vendors' own views start from ``products_for_member`` instead.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache, partial

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.permissions import policy_registry

from accounts.models import Business, User
from accounts.selectors import businesses_for_user, ward_names
from accounts.text import fold
from marketplace.models import BusinessCollection, Category, Product, ProductImage, ProductStatus
from marketplace.renditions import CARD_FILTERS, CARD_SIZES, DETAIL_FILTERS, FORMATS

CATEGORY_TREE_CACHE_KEY = "marketplace:category-tree:v1"
# Never needed to show a product; not loaded (nor decrypted) with it.
BUSINESS_PRIVATE_FIELDS = ("tax_code", "tax_code_index", "owner_name", "phone", "street_address")


def _images_prefetch(filter_specs: tuple[str, ...]) -> Prefetch:
    images = (
        ProductImage.objects.select_related("image")
        .prefetch_related(
            Prefetch(
                "image__renditions",
                queryset=get_image_model()
                .get_rendition_model()
                .objects.filter(filter_spec__in=filter_specs),
            )
        )
        .order_by("sort_order", "id")
    )
    return Prefetch("images", queryset=images)


def visible_q(prefix: str = "") -> Q:
    """The visibility rule as a condition, for callers that filter related rows (``prefix`` such
    as ``"product__"``)."""
    return (
        Q(**{f"{prefix}status": ProductStatus.ACTIVE})
        & Q(**{f"{prefix}business__is_active": True})
        & Q(**{f"{prefix}business__can_take_payments": True})
        & (Q(**{f"{prefix}stock__gt": 0}) | Q(**{f"{prefix}made_to_order": True}))
    )


def products_visible(*, with_renditions: tuple[str, ...] = CARD_FILTERS) -> QuerySet[Product]:
    """Products shoppers may see: active, of an active business that can take payments, and in
    stock or made to order. Business, ward, category and the images (with the renditions named
    in ``with_renditions``) come in a fixed number of queries."""
    return (
        Product.objects.filter(visible_q())
        .select_related("business__ward", "category__parent")
        .defer(*(f"business__{name}" for name in BUSINESS_PRIVATE_FIELDS))
        .prefetch_related(_images_prefetch(with_renditions))
    )


def product_cards() -> QuerySet[Product]:
    """Visible products to filter and order, for ``product_card_page`` (no joins loaded yet)."""
    return Product.objects.filter(visible_q())


_CARD_COLUMNS = (
    "id",
    "slug",
    "name",
    "name_en",
    "price",
    "currency",
    "stock",
    "made_to_order",
    # As text, parsed by ``_when``: Django's timestamp loader costs ~10 µs a value in Python.
    Cast("updated_at", TextField()),
    "business_id",
    "business__slug",
    "business__trading_name",
    "business__ward_id",
    "category_id",
    "rating_average",
    "rating_count",
)


def rating(average, count: int) -> dict:
    """A product's stored rating as the API answers it (``average`` null while nobody rated)."""
    return {"average": None if average is None else float(average), "count": count}


def _when(text: str) -> datetime:
    """A timestamp read as text: ISO from PostgreSQL (with its offset), naive UTC from SQLite."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _pick(vi: str, en: str, english: bool) -> str:
    return en if english and en else vi


@lru_cache(maxsize=50_000)
def _local_media_url(base_url: str, name: str) -> str:
    return FileSystemStorage(base_url=base_url).url(name)


def _url_maker(storage) -> Callable[[str], str]:
    """A function answering a stored file's URL; for the local disk, a remembered pure function of
    the name (the storage is often a lazy object, whose every attribute read costs a lookup)."""
    if isinstance(storage, FileSystemStorage):
        return partial(_local_media_url, storage.base_url)
    return storage.url


@lru_cache(maxsize=128)
def _card_images_sql(vendor: str, count: int) -> str:
    """Each of ``count`` products' cover picture (lowest sort order, then id) with its card
    renditions, as one statement written once rather than compiled by the ORM on every page.
    PostgreSQL picks the covers with DISTINCT ON from one array parameter; other databases with a
    correlated subquery."""
    image_model = get_image_model()
    picture = ProductImage._meta.db_table
    image = image_model._meta.db_table
    rendition = image_model.get_rendition_model()._meta.db_table
    # Table names from the models' metadata and placeholders only: nothing from a request.
    if vendor == "postgresql":
        covers = (
            f"SELECT DISTINCT ON (product_id) product_id, id, alt_text, image_id FROM {picture}"  # noqa: S608
            " WHERE product_id = ANY(%s) ORDER BY product_id, sort_order, id"
        )
    else:
        covers = (
            f"SELECT product_id, id, alt_text, image_id FROM {picture} pi"  # noqa: S608
            f" WHERE product_id IN ({', '.join(['%s'] * count)}) AND id = ("
            f"SELECT cover.id FROM {picture} cover WHERE cover.product_id = pi.product_id"
            " ORDER BY cover.sort_order, cover.id LIMIT 1)"
        )
    specs = ", ".join(["%s"] * len(CARD_FILTERS))
    return (
        "SELECT pi.product_id, pi.id, pi.alt_text, img.file, img.width, img.height,"  # noqa: S608
        f" r.filter_spec, r.file, r.width, r.height FROM ({covers}) pi"
        f" INNER JOIN {image} img ON img.id = pi.image_id"
        f" LEFT OUTER JOIN {rendition} r ON r.image_id = img.id AND r.filter_spec IN ({specs})"
    )


def _card_images(product_ids: list[int]) -> dict[int, dict]:
    """The cover picture of each product with its card renditions, in one query."""
    vendor = connection.vendor
    # On PostgreSQL one array parameter: a statement with few parameters is parsed once.
    if vendor == "postgresql":
        sql, ids = _card_images_sql(vendor, 0), [list(product_ids)]
    else:
        sql, ids = _card_images_sql(vendor, len(product_ids)), list(product_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *CARD_FILTERS])
        rows = cursor.fetchall()
    covers: dict[int, tuple] = {}
    renditions: dict[int, dict[str, tuple]] = {}
    for product_id, picture_id, alt, file, width, height, spec, r_file, r_width, r_height in rows:
        covers[product_id] = (picture_id, alt, file, width, height)
        if spec is not None:
            renditions.setdefault(product_id, {})[spec] = (r_file, r_width, r_height)
    if not covers:
        return {}
    image_model = get_image_model()
    original_url = _url_maker(image_model._meta.get_field("file").storage)
    rendition_url = _url_maker(image_model.get_rendition_model()._meta.get_field("file").storage)
    images = {}
    for product_id, (picture_id, alt, file, width, height) in covers.items():
        made = renditions.get(product_id, {})
        srcsets = {
            fmt: ", ".join(
                f"{rendition_url(made[spec][0])} {made[spec][1]}w"
                for size in CARD_SIZES
                if (spec := f"fill-{size}x{size}|format-{fmt}") in made
            )
            for fmt in FORMATS
        }
        base = made.get(f"fill-{CARD_SIZES[0]}x{CARD_SIZES[0]}|format-jpeg")
        if base is not None:
            src, src_width, src_height = rendition_url(base[0]), base[1], base[2]
        else:
            src, src_width, src_height = original_url(file), width, height
        images[product_id] = {
            "id": picture_id,
            "alt": alt,
            "src": src,
            "width": src_width,
            "height": src_height,
            "srcset_webp": srcsets["webp"],
            "srcset_jpeg": srcsets["jpeg"],
        }
    return images


def card_images(*, product_ids: list[int]) -> dict[int, dict]:
    """Per product id, its cover picture as the cards show it (one query; none for no ids): the
    cart's thumbnails."""
    return _card_images(list(product_ids)) if product_ids else {}


def _categories_by_id() -> dict[int, "CategoryNode"]:
    return {node.id: node for top in category_tree() for node in (top, *top.children)}


def product_card_page(
    products: QuerySet[Product], *, offset: int, limit: int, english: bool
) -> tuple[list[dict], bool]:
    """One page of product cards (name, price, shop, ward, category, cover picture) from a
    filtered and ordered ``product_cards()`` queryset, in two queries whatever ``limit`` is;
    and whether more rows follow. Built from plain rows (a page of 50 model instances with their
    relations costs more than the database does); ward and category names come from reference
    data held in memory (``accounts.selectors.ward_names``, the cached category tree)."""
    rows = list(products.values_list(*_CARD_COLUMNS)[offset : offset + limit + 1])
    has_next = len(rows) > limit
    rows = rows[:limit]
    images = _card_images([row[0] for row in rows]) if rows else {}
    wards = ward_names()
    categories = _categories_by_id()
    if any(row[13] not in categories for row in rows):  # added since the tree was cached
        category_tree_invalidate()
        categories = _categories_by_id()
    cards = []
    for (
        pk, slug, name, name_en, price, currency, stock, made_to_order, updated_at,
        business_id, business_slug, business_name, ward_code, category_id,
        rating_average, rating_count,
    ) in rows:  # fmt: skip
        ward = wards.get(ward_code) or ward_names(refresh=True)[ward_code]
        category = categories[category_id]
        cards.append(
            {
                "id": pk,
                "slug": slug,
                "name": _pick(name, name_en, english),
                "price": price,
                "currency": currency,
                "in_stock": stock > 0,
                "made_to_order": made_to_order,
                "category": {
                    "id": category_id,
                    "slug": category.slug,
                    "name": _pick(category.name, category.name_en, english),
                },
                "business": {"id": business_id, "slug": business_slug, "name": business_name},
                "ward": {"code": ward_code, "name": _pick(ward[0], ward[1], english)},
                "image": images.get(pk),
                # Stored by reviews.services; a float, so the API's orjson writes it.
                "rating": rating(rating_average, rating_count),
                "updated_at": _when(updated_at),
            }
        )
    return cards, has_next


def product_visible_detail(*, product_id: int) -> Product | None:
    return products_visible(with_renditions=DETAIL_FILTERS).filter(pk=product_id).first()


def manageable_businesses(*, user: User) -> QuerySet[Business]:
    """Businesses whose products ``user`` may manage: their own; every business for admins."""
    if user.is_authenticated and user.is_superuser:
        return Business.objects.select_related("ward")
    return businesses_for_user(user=user)


def products_for_member(*, user: User) -> QuerySet[Product]:
    """Every product (any status) of the businesses ``user`` may manage."""
    if not user.is_authenticated:
        return Product.objects.none()
    products = Product.objects.select_related("business__ward", "category__parent")
    if not user.is_superuser:
        products = products.filter(business__memberships__user=user)
    return products.prefetch_related(_images_prefetch(CARD_FILTERS))


def product_for_member(*, user: User, product_id: int) -> Product | None:
    """One product the user may manage, or None (callers answer 404, never 403: no leak)."""
    return products_for_member(user=user).filter(pk=product_id).first()


def images_usable_by(*, user: User, product: Product | None = None) -> QuerySet:
    """The pictures ``user`` may put on a product: those of the collections where they hold
    Wagtail's "choose" permission (a vendor: their businesses' collections; editors: all), the
    same set the image chooser lists, plus the pictures ``product`` already has."""
    images = policy_registry.get_by_type(get_image_model()).instances_user_has_any_permission_for(
        user, ["choose"]
    )
    if product is not None and product.pk:
        kept = ProductImage.objects.filter(product=product).values("image")
        images = images | get_image_model().objects.filter(pk__in=kept)
    return images


def image_in_business_collection(*, image, business: Business) -> bool:
    return BusinessCollection.objects.filter(
        business=business, collection_id=image.collection_id
    ).exists()


def image_is_referenced(image) -> bool:
    """Whether anything still uses ``image``: any foreign key to it (product pictures, storefront
    logos and banners, guide heroes; renditions aside) or any StreamField or rich-text use that
    Wagtail's reference index records."""
    for relation in image._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        if relation.related_model is image.renditions.model:
            continue
        if relation.related_model._base_manager.filter(**{relation.field.name: image}).exists():
            return True
    return (
        ReferenceIndex.get_references_to(image)
        .exclude(base_content_type__model="product", base_content_type__app_label="marketplace")
        .exists()
    )


@dataclass
class CategoryNode:
    id: int
    slug: str
    name: str
    name_en: str
    parent_id: int | None
    children: list["CategoryNode"] = field(default_factory=list)

    @property
    def subtree_ids(self) -> list[int]:
        return [self.id, *(child.id for child in self.children)]


def category_tree() -> list[CategoryNode]:
    """The whole tree, top-level nodes in order with their children; cached (it changes only by
    migration or in the Django admin, which calls ``category_tree_invalidate``)."""
    tree = cache.get(CATEGORY_TREE_CACHE_KEY)
    if tree is None:
        nodes = {
            category.id: CategoryNode(
                id=category.id,
                slug=category.slug,
                name=category.name,
                name_en=category.name_en,
                parent_id=category.parent_id,
            )
            for category in Category.objects.order_by("position", "name")
        }
        tree = []
        for node in nodes.values():
            if node.parent_id is None:
                tree.append(node)
            elif node.parent_id in nodes:
                nodes[node.parent_id].children.append(node)
        cache.set(CATEGORY_TREE_CACHE_KEY, tree, 3600)
    return tree


def category_tree_invalidate() -> None:
    cache.delete(CATEGORY_TREE_CACHE_KEY)


def category_by_key(key: str) -> CategoryNode | None:
    """A category by slug or id, from the cached tree (no query once the tree is cached)."""
    for top in category_tree():
        for node in (top, *top.children):
            if node.slug == key or str(node.id) == key:
                return node
    return None


def search_words(query: str) -> list[str]:
    return fold(query).split()[:8]


def products_search(products: QuerySet[Product], *, query: str) -> QuerySet[Product]:
    """Every folded word must appear in the folded name, description or category."""
    for word in search_words(query):
        products = products.filter(search_text__contains=word)
    return products
