"""Reads of the catalogue, each with a fixed number of queries whatever the number of rows.

``products_visible`` is THE visibility rule for shoppers; the API, the storefront pages and checkout
all start from it. Vendors' own views start from ``products_for_member`` instead.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from wagtail.images import get_image_model

from accounts.models import Business, User
from accounts.selectors import businesses_for_user
from accounts.text import fold
from marketplace.models import Category, Product, ProductImage, ProductStatus
from marketplace.renditions import CARD_FILTERS, DETAIL_FILTERS

CATEGORY_TREE_CACHE_KEY = "marketplace:category-tree:v1"


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
        .prefetch_related(_images_prefetch(with_renditions))
    )


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
