"""Writes of the catalogue: products and their pictures.

One function per use case, keyword-only, atomic. Bad input raises
``django.core.exceptions.ValidationError`` keyed by field (the API shows it as a 400 with ``attr``,
forms beside the field) and changes nothing. Who may call them is decided by the caller through
``marketplace.selectors.manageable_businesses``/``product_for_member``; these functions trust the
business or product they are given. Every product write bumps the catalogue's version in its
transaction (``catalogue_changed``) and publishes ``core.events.ProductChanged`` for the other
apps (``_changed``).
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection

from accounts.models import Business, User
from core.events import ProductChanged, publish
from core.text import slugify_vi
from marketplace import selectors
from marketplace.cache import catalogue_changed
from marketplace.images import clean_upload
from marketplace.models import (
    MAX_IMAGES_PER_PRODUCT,
    MAX_PRICE,
    MAX_STOCK,
    BusinessCollection,
    Category,
    Currency,
    Product,
    ProductImage,
    ProductStatus,
)
from marketplace.renditions import image_renditions_generate

# Fields a vendor sets; everything else (business after creation, search text, timestamps) is not.
EDITABLE_FIELDS = (
    "category",
    "name",
    "name_en",
    "description",
    "description_en",
    "price",
    "stock",
    "made_to_order",
    "status",
)


def _whole_number(value, *, field: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: _("Enter a whole number of đồng, without dots or commas.")})
    if value < 0:
        raise ValidationError({field: _("The value cannot be negative.")})
    if value > maximum:
        raise ValidationError(
            {field: _("The value cannot be more than %(max)s.") % {"max": f"{maximum:,}"}}
        )
    return value


def _check(data: dict) -> None:
    if "price" in data:
        _whole_number(data["price"], field="price", maximum=MAX_PRICE)
    if "stock" in data:
        if isinstance(data["stock"], bool) or not isinstance(data["stock"], int):
            raise ValidationError({"stock": _("Enter a whole number.")})
        if data["stock"] < 0:
            raise ValidationError({"stock": _("Stock cannot be negative.")})
        if data["stock"] > MAX_STOCK:
            raise ValidationError(
                {"stock": _("Stock cannot be more than %(max)s.") % {"max": f"{MAX_STOCK:,}"}}
            )
    if "category" in data and not isinstance(data["category"], Category):
        raise ValidationError({"category": _("Choose a category from the list.")})
    if "name" in data and not str(data["name"] or "").strip():
        raise ValidationError({"name": _("Enter the product's name.")})
    if "status" in data and data["status"] not in ProductStatus.values:
        raise ValidationError({"status": _("Choose draft, active or archived.")})


def _unique_slug(product: Product) -> str:
    base = slugify_vi(product.name)[:200] or "san-pham"
    taken = set(
        Product.objects.filter(business_id=product.business_id, slug__startswith=base)
        .exclude(pk=product.pk)
        .values_list("slug", flat=True)
    )
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _changed(product: Product) -> None:
    catalogue_changed()
    publish(ProductChanged(business_id=product.business_id))


def _save(product: Product) -> Product:
    product.full_clean(exclude=["slug", "search_text"])
    product.save()
    _changed(product)
    return product


@transaction.atomic
def product_create(
    *,
    business: Business,
    category: Category,
    name: str,
    price: int,
    name_en: str = "",
    description: str = "",
    description_en: str = "",
    stock: int = 0,
    made_to_order: bool = False,
    status: str = ProductStatus.DRAFT,
) -> Product:
    data = {
        "category": category,
        "name": name,
        "name_en": name_en,
        "description": description,
        "description_en": description_en,
        "price": price,
        "stock": stock,
        "made_to_order": made_to_order,
        "status": status,
    }
    _check(data)
    product = Product(business=business, currency=Currency.VND, **data)
    product.name = product.name.strip()
    product.slug = _unique_slug(product)
    return _save(product)


@transaction.atomic
def product_update(*, product: Product, **changes) -> Product:
    """Changes the given editable fields; anything else is refused with a field error. The slug
    stays as it was made: shared links, search engines and import files keep finding the
    product after a rename."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in unknown})
    _check(changes)
    for field, value in changes.items():
        setattr(product, field, value.strip() if field == "name" else value)
    return _save(product)


@transaction.atomic
def product_archive(*, product: Product) -> Product:
    """Takes the product off sale; orders keep their own snapshot of it."""
    product.status = ProductStatus.ARCHIVED
    product.save(update_fields=["status", "updated_at"])
    _changed(product)
    return product


def _touch(product: Product) -> None:
    product.save(update_fields=["updated_at"])
    _changed(product)


def _renumber(product: Product) -> None:
    for position, image in enumerate(product.images.order_by("sort_order", "id")):
        if image.sort_order != position:
            ProductImage.objects.filter(pk=image.pk).update(sort_order=position)


@transaction.atomic
def business_collection_ensure(*, business: Business) -> Collection:
    """The business's own picture collection (made on first use under the root, named after the
    business for editors' eyes, and found again by id whatever its name becomes)."""
    link = BusinessCollection.objects.filter(business=business).select_related("collection").first()
    if link is not None:
        return link.collection
    Business.objects.select_for_update().filter(pk=business.pk).first()  # one maker at a time
    link = BusinessCollection.objects.filter(business=business).select_related("collection").first()
    if link is not None:
        return link.collection
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.add_child(name=f"{business.trading_name} ({business.slug})"[:255])
    BusinessCollection.objects.create(business=business, collection=collection)
    return collection


def _alt_text(alt_text: str) -> str:
    alt_text = (alt_text or "").strip()
    if len(alt_text) > 255:
        raise ValidationError({"alt_text": _("Keep the alt text under 255 characters.")})
    return alt_text


def _too_many_pictures() -> ValidationError:
    return ValidationError(
        {
            "file": _("A product can have at most %(max)d pictures.")
            % {"max": MAX_IMAGES_PER_PRODUCT}
        }
    )


def product_image_add(
    *, product: Product, upload, alt_text: str = "", uploaded_by: User | None = None
) -> ProductImage:
    """Validates and re-encodes ``upload`` (see ``marketplace.images``) and appends it to the
    product, in the business's collection. The picture is decoded before the transaction that
    locks the product, so a slow picture holds no lock."""
    alt_text = _alt_text(alt_text)
    if product.images.count() >= MAX_IMAGES_PER_PRODUCT:
        raise _too_many_pictures()
    clean = clean_upload(upload)
    collection = business_collection_ensure(business=product.business)
    return _product_image_attach(
        product=product,
        clean=clean,
        alt_text=alt_text,
        uploaded_by=uploaded_by,
        collection=collection,
    )


@transaction.atomic
def _product_image_attach(
    *, product: Product, clean, alt_text: str, uploaded_by: User | None, collection: Collection
) -> ProductImage:
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.images.count() >= MAX_IMAGES_PER_PRODUCT:
        raise _too_many_pictures()
    image = get_image_model()(
        title=(alt_text or product.name)[:255],
        alt_text=alt_text,
        width=clean.width,
        height=clean.height,
        uploaded_by_user=uploaded_by,
        collection=collection,
    )
    image.file = clean.as_file()
    image._set_image_file_metadata()
    image.save()
    last = product.images.aggregate(last=Max("sort_order"))["last"]
    product_image = ProductImage.objects.create(
        product=product,
        image=image,
        alt_text=alt_text,
        sort_order=0 if last is None else last + 1,
    )
    _touch(product)
    transaction.on_commit(lambda: image_renditions_generate.enqueue(image.pk))
    return product_image


@transaction.atomic
def product_image_update(*, product_image: ProductImage, alt_text: str) -> ProductImage:
    alt_text = _alt_text(alt_text)
    product_image.alt_text = alt_text
    product_image.save(update_fields=["alt_text"])
    _touch(product_image.product)
    return product_image


@transaction.atomic
def product_images_reorder(*, product: Product, order: list[int]) -> list[ProductImage]:
    """Puts the product's pictures in the order of ``order`` (every picture id exactly once)."""
    current = {image.pk: image for image in product.images.all()}
    if (
        not isinstance(order, list)
        or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in order)
        or sorted(order) != sorted(current)
    ):
        raise ValidationError(
            {"order": _("List every picture of this product exactly once, by its id.")}
        )
    for position, pk in enumerate(order):
        ProductImage.objects.filter(pk=pk).update(sort_order=position)
        current[pk].sort_order = position
    _touch(product)
    return [current[pk] for pk in order]


@transaction.atomic
def product_image_delete(*, product_image: ProductImage) -> None:
    """Removes the picture from its product. The image behind it is deleted too only when it is
    in the product's business collection and nothing else uses it (another product, a storefront
    logo or banner, a page's text): a picture another shop or page uses stays."""
    product = product_image.product
    image = product_image.image
    product_image.delete()
    if selectors.image_in_business_collection(
        image=image, business=product.business
    ) and not selectors.image_is_referenced(image):
        image.delete()
    _renumber(product)
    _touch(product)


def image_ensure_clean(*, image) -> None:
    """Re-encodes a picture stored before every upload was (``CustomImage.reencoded`` false):
    same checks as an upload, metadata dropped, random name. Pictures saved since are re-encoded
    by the image model whatever their name or the door they came through."""
    if image.reencoded:
        return
    with image.file.open("rb") as fh:
        clean = clean_upload(ContentFile(fh.read(), name="upload"))
    old = image.file.name
    image.file = clean.as_file()
    image.width, image.height = clean.width, clean.height
    image._set_image_file_metadata()
    image.save()
    image.renditions.all().delete()
    image.file.storage.delete(old)


def product_save_from_workspace(*, product: Product) -> Product:
    """Saves a product edited in the seller workspace, with its pictures (an in-memory cluster
    from the admin form): the same rules as the API, a fresh slug when the name changes. Pictures
    stored before uploads were re-encoded are re-encoded first, outside the transaction."""
    pictures = list(product.images.all())
    if len(pictures) > MAX_IMAGES_PER_PRODUCT:
        raise ValidationError(
            {
                "images": _("A product can have at most %(max)d pictures.")
                % {"max": MAX_IMAGES_PER_PRODUCT}
            }
        )
    for picture in pictures:
        image_ensure_clean(image=picture.image)
    return _product_save(product=product, pictures=pictures)


@transaction.atomic
def _product_save(*, product: Product, pictures: list[ProductImage]) -> Product:
    _check(
        {
            "name": product.name,
            "price": product.price,
            "stock": product.stock,
            "category": product.category,
            "status": product.status,
        }
    )
    product.name = product.name.strip()
    if product._state.adding or not product.slug:  # a rename keeps the product's address
        product.slug = _unique_slug(product)
    product.currency = Currency.VND
    product.full_clean(exclude=["slug", "search_text"])
    product.save()
    _changed(product)
    for picture in pictures:
        image_id = picture.image_id
        transaction.on_commit(lambda image_id=image_id: image_renditions_generate.enqueue(image_id))
    return product


def products_deleted(*, products: list[Product]) -> None:
    """Announces products deleted by Wagtail's snippet delete view (the only door that deletes
    them): the catalogue and the other apps forget them."""
    for product in products:
        _changed(product)
