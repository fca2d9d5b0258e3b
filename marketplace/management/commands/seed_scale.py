"""Loads a large synthetic catalogue for benchmarks: ``seed_scale --businesses 2000 --products 100000``.

Businesses get valid tax codes, wards across the city and the "can take payments" flag (so their
products are visible); products get Vietnamese names, VND prices and a picture from a small shared
pool with its renditions made, as a real catalogue's cards would have. Rows are written in batches
with ``bulk_create``; a progress bar shows how far it is. ``--reset`` first removes an earlier scale
data set (businesses whose slug starts with ``scale-``). Refuses to run with DEBUG off unless
``--force`` is given.
"""

import random
import sys
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from stdnum.vn import mst
from wagtail.images import get_image_model

from accounts.models import Business, BusinessType, Sector, SizeBand, Ward
from accounts.text import fold
from marketplace.cache import catalogue_changed
from marketplace.demo import draw_picture
from marketplace.images import clean_upload
from marketplace.models import Category, Product, ProductImage, ProductStatus
from marketplace.renditions import DETAIL_FILTERS
from privacy.crypto import blind_index

PREFIX = "scale-"
BATCH = 5000
IMAGE_POOL = 24

_KINDS = [
    ("Cà phê", "Coffee"),
    ("Trà", "Tea"),
    ("Bánh", "Cake"),
    ("Áo", "Shirt"),
    ("Túi", "Bag"),
    ("Bình gốm", "Ceramic vase"),
    ("Giỏ mây", "Rattan basket"),
    ("Gạo", "Rice"),
    ("Xà phòng", "Soap"),
    ("Nước mắm", "Fish sauce"),
]
_QUALIFIERS = [
    ("Sài Gòn", "Saigon"),
    ("thủ công", "handmade"),
    ("hữu cơ", "organic"),
    ("Đà Lạt", "Da Lat"),
    ("đặc biệt", "special"),
    ("truyền thống", "traditional"),
    ("Bến Tre", "Ben Tre"),
    ("cao cấp", "premium"),
]


def _tax_codes():
    n = 0
    while True:
        body = f"09{n:07d}"
        digit = mst.calc_check_digit(body)
        n += 1
        if len(digit) == 1:
            yield body + digit


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr
        self.started = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        share = self.done / self.total
        bar = "#" * int(share * 30)
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r{self.label:<11} [{bar:<30}] {self.done:>7}/{self.total} {elapsed:6.1f}s"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Load a large synthetic catalogue for benchmarks (businesses, products, pictures)."

    def add_arguments(self, parser):
        parser.add_argument("--businesses", type=int, default=2000)
        parser.add_argument("--products", type=int, default=100_000)
        parser.add_argument("--reset", action="store_true", help="Remove earlier scale data.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true", help="Run with DEBUG off.")

    def handle(self, *args, businesses, products, reset, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_scale refuses to run with DEBUG off; pass --force.")
        if businesses < 1 or products < 0:
            raise CommandError("--businesses must be at least 1 and --products not negative.")
        rng = random.Random(seed)
        if reset:
            self._reset()
        start = Business.objects.filter(slug__startswith=PREFIX).count()
        shops = self._businesses(rng, start, businesses)
        images = self._image_pool()
        self._products(rng, shops, products, images)
        with transaction.atomic():
            catalogue_changed()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, or the planner guesses from none
        self.stdout.write(
            f"seed_scale: {Business.objects.filter(slug__startswith=PREFIX).count()} businesses, "
            f"{Product.objects.filter(business__slug__startswith=PREFIX).count()} products"
        )

    def _reset(self):
        scale = Business.objects.filter(slug__startswith=PREFIX)
        ProductImage.objects.filter(product__business__in=scale).delete()
        Product.objects.filter(business__in=scale).delete()
        scale.delete()

    def _businesses(self, rng, start: int, wanted: int) -> list[Business]:
        wards = list(Ward.objects.values_list("code", flat=True))
        codes = _tax_codes()
        for _ in range(start):
            next(codes)
        missing = max(wanted - start, 0)
        progress = Progress("businesses", missing)
        rows = []
        for index in range(start, start + missing):
            code = next(codes)
            kind, _en = rng.choice(_KINDS)
            rows.append(
                Business(
                    legal_name=f"Hộ kinh doanh {kind} số {index + 1}",
                    trading_name=f"{kind} {rng.choice(_QUALIFIERS)[0]} {index + 1}",
                    slug=f"{PREFIX}{index + 1}",
                    business_type=BusinessType.HOUSEHOLD,
                    tax_code=code,
                    tax_code_kind="tax_code",
                    tax_code_index=blind_index(f"taxcode:{code}"),
                    owner_name="Nguyễn Văn An",
                    phone="+84903000000",
                    email=f"scale{index + 1}@example.vn",
                    street_address="1 Lê Lợi",
                    ward_id=rng.choice(wards),
                    sector=Sector.G,
                    employees=3,
                    annual_revenue_vnd=900_000_000,
                    size_band=SizeBand.MICRO,
                    year_founded=2015,
                    can_take_payments=True,
                )
            )
            if len(rows) == 500:
                Business.objects.bulk_create(rows)
                progress.advance(len(rows))
                rows = []
        if rows:
            Business.objects.bulk_create(rows)
            progress.advance(len(rows))
        return list(Business.objects.filter(slug__startswith=PREFIX).only("id")[:wanted])

    def _image_pool(self):
        Image = get_image_model()
        pool = list(Image.objects.filter(title__startswith="scale-pool-").order_by("id"))
        top_slugs = list(Category.objects.filter(parent=None).values_list("slug", flat=True))
        for index in range(len(pool), IMAGE_POOL):
            clean = clean_upload(
                draw_picture(
                    title=f"Chợ Số {index + 1}", top_slug=top_slugs[index % len(top_slugs)]
                )
            )
            image = Image(title=f"scale-pool-{index + 1}")
            image.file.save(clean.name, ContentFile(clean.content), save=False)
            image.width, image.height = clean.width, clean.height
            image._set_image_file_metadata()
            image.save()
            image.get_renditions(*DETAIL_FILTERS)
            pool.append(image)
        return pool

    def _products(self, rng, shops, wanted: int, images):
        scale_products = Product.objects.filter(business__slug__startswith=PREFIX)
        existing = scale_products.count()
        missing = max(wanted - existing, 0)
        categories = list(Category.objects.filter(parent__isnull=False).select_related("parent"))
        progress = Progress("products", missing)
        made = 0
        while made < missing:
            size = min(BATCH, missing - made)
            batch = []
            for offset in range(size):
                number = existing + made + offset + 1
                (kind, kind_en), (qual, qual_en) = rng.choice(_KINDS), rng.choice(_QUALIFIERS)
                category = rng.choice(categories)
                product = Product(
                    business=rng.choice(shops),
                    category=category,
                    name=f"{kind} {qual} {number}",
                    name_en=f"{qual_en} {kind_en.lower()} {number}",
                    slug=f"san-pham-{number}",
                    description=f"{kind} {qual}, làm tại Thành phố Hồ Chí Minh.",
                    price=rng.randrange(10, 5000) * 1000,
                    stock=rng.choice([0, 3, 10, 25, 100]),
                    made_to_order=rng.random() < 0.1,
                    status=ProductStatus.ACTIVE if rng.random() < 0.95 else ProductStatus.DRAFT,
                )
                product.search_text = fold(
                    " ".join(
                        [
                            product.name,
                            product.name_en,
                            product.description,
                            category.name,
                            category.name_en,
                        ]
                    )
                )
                batch.append(product)
            with transaction.atomic():
                Product.objects.bulk_create(batch)
                ProductImage.objects.bulk_create(
                    ProductImage(
                        product=product,
                        image=images[product.pk % len(images)],
                        alt_text=product.name,
                        sort_order=0,
                    )
                    for product in batch
                )
            made += size
            progress.advance(size)
