"""Product search across every shop: what a query means, which products match, in which order.

A query is folded like the catalogue's ``search_text`` (``accounts.text.fold``: lower case, no
diacritics, đ→d), so "cà phê", "ca phe" and "CA PHE" are the same words. Punctuation separates
words; at most ``MAX_WORDS`` words of ``MAX_WORD_CHARS`` letters are read. Each word (or a phrase
of the synonyms list, ``marketplace/data/search_synonyms.txt``) is a *term*; a product matches when
every term matches, and a term matches when any of its alternatives does:
- the folded text contains it ("tra" in "tra o long");
- the text without spaces contains it without spaces, for words typed run together ("caphe" finds
  "ca phe"; alternatives of five letters or more, as shorter ones join syllables by chance);
- on PostgreSQL only, and only when nothing matched the words as typed, a trigram word
  similarity of at least ``TYPO_SIMILARITY``, for typos ("robsta" finds "robusta"; alternatives
  of four letters or more).

Relevance, per term, the best of: a whole word in the product's name (8), part of a word in the
name (4), a whole word in the description or category (2), anything else that matched (1); summed
over the terms. Ties go to products in stock before made-to-order ones, then the newest. The name
is the start of ``search_text`` (``Product.build_search_text``), so "in the name" means within its
first ``len(name) + len(name_en) + 1`` characters: both databases compute the same ranking, and
SQLite differs only in having no typo matching.

The facets (categories, districts, wards, price bands, in stock) and the total come from one
GROUP BY over the matching products; each facet counts what the other filters leave, so a count is
what the shopper gets by following its link.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Length, Replace, Substr
from django.db.models.lookups import Contains, Regex
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Ward
from accounts.text import fold
from core.money import AmountError, format_vnd, parse_vnd
from marketplace.models import MAX_PRICE, Product
from marketplace.selectors import (
    CategoryNode,
    category_by_key,
    category_tree,
    product_card_page,
    product_cards,
)

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "search_synonyms.txt"
MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MAX_WORD_CHARS = 40
COMPACT_MIN_CHARS = 5
FUZZY_MIN_CHARS = 4
PER_PAGE = 24
MAX_PAGE_DIGITS = 6
MAX_FACET_WARDS = 30
CLOSE_MATCH_SIMILARITY = 0.3
TYPO_SIMILARITY = 0.5

SCORE_NAME_WORD = 8
SCORE_NAME_PART = 4
SCORE_TEXT_WORD = 2
SCORE_OTHER = 1

CategoryUrl = Callable[[str], str]

SORTS = {
    "relevance": gettext_lazy("Relevance"),
    "newest": gettext_lazy("Newest"),
    "price_asc": gettext_lazy("Price: low to high"),
    "price_desc": gettext_lazy("Price: high to low"),
    "rating": gettext_lazy("Best rated"),
}
# Price bands offered as links, in đồng: from the first (included) to the second (excluded).
PRICE_BANDS = ((None, 50_000), (50_000, 200_000), (200_000, 500_000), (500_000, None))

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


# --- What the query means -------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [word[:MAX_WORD_CHARS] for word in _NOT_WORD.sub(" ", fold(text)).split()]


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Each folded phrase of the synonyms file with every phrase of its groups (itself first)."""
    groups: dict[str, list[str]] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        phrases = []
        for item in line.split(","):
            phrase = " ".join(_words(item))
            if phrase and phrase not in phrases:
                phrases.append(phrase)
        for phrase in phrases:
            known = groups.setdefault(phrase, [phrase])
            known += [other for other in phrases if other not in known]
    return {phrase: tuple(group) for phrase, group in groups.items()}


@dataclass(frozen=True)
class Term:
    """One thing every result must contain: any of ``phrases`` (folded, single-spaced)."""

    phrases: tuple[str, ...]


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as shown back to the shopper (no control characters, at most
    ``MAX_QUERY_CHARS``), and whether it was cut."""
    text = " ".join(_CONTROL.sub(" ", raw or "").split())
    return text[:MAX_QUERY_CHARS], len(text) > MAX_QUERY_CHARS


def terms_for(query: str) -> list[Term]:
    """The terms of ``query``: the longest phrases of the synonyms list first (up to three words),
    other words on their own."""
    words = _words(query)[:MAX_WORDS]
    known = synonyms()
    terms, position = [], 0
    while position < len(words):
        for size in (3, 2, 1):
            phrase = " ".join(words[position : position + size])
            if size == 1 or (position + size <= len(words) and phrase in known):
                terms.append(Term(known.get(phrase, (phrase,))))
                position += size
                break
    return terms


# --- Which products match, and how well ----------------------------------------------------------


def can_match_typos(terms: list[Term]) -> bool:
    return connection.vendor == "postgresql" and any(
        len(phrase) >= FUZZY_MIN_CHARS for term in terms for phrase in term.phrases
    )


def _whole_word(phrase: str) -> str:
    # Phrases hold only [a-z0-9 ]: nothing to escape. \y is PostgreSQL's word boundary.
    edge = r"\y" if connection.vendor == "postgresql" else r"\b"
    return f"{edge}{phrase}{edge}"


def _compact(expression):
    return Replace(expression, Value(" "), Value(""), output_field=TextField())


def _any(conditions: list) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= Q(condition)
    return combined


def allow_typos() -> None:
    """Lowers pg_trgm's word-similarity threshold on this connection (default 0.6) so that one
    letter missing from a seven-letter word still matches ("robsta": 0.5); only the typo queries
    use the operator it governs."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET pg_trgm.word_similarity_threshold = {TYPO_SIMILARITY:.2f}")


def alternatives(term: Term) -> tuple[str, ...]:
    """The phrases of ``term`` worth searching: abbreviations of the synonyms list shorter than
    three letters ("cf") count only when typed alone, as no trigram index can find them and one
    such condition makes PostgreSQL read every product."""
    return tuple(phrase for phrase in term.phrases if len(phrase) >= 3) or term.phrases[:1]


def term_q(term: Term, *, typos: bool = False) -> Q:
    """Any alternative of ``term`` in the folded text; written without spaces when that is long
    enough, which also finds it with its spaces (each condition served by a trigram index)."""
    plain, joined = set(), set()
    for phrase in alternatives(term):
        compact = phrase.replace(" ", "")
        if len(compact) >= COMPACT_MIN_CHARS:
            joined.add(compact)
        else:
            plain.add(phrase)
    conditions = [Contains(F("search_text"), phrase) for phrase in sorted(plain)]
    conditions += [Contains(_compact(F("search_text")), phrase) for phrase in sorted(joined)]
    if typos:
        conditions += [
            TrigramWordSimilar(F("search_text"), phrase)
            for phrase in alternatives(term)
            if len(phrase) >= FUZZY_MIN_CHARS
        ]
    return _any(conditions)


def matching(
    products: QuerySet[Product], terms: list[Term], *, typos: bool = False
) -> QuerySet[Product]:
    """Products holding every term; with ``typos`` (PostgreSQL) also similar spellings."""
    for term in terms:
        products = products.filter(term_q(term, typos=typos))
    return products


def relevance(terms: list[Term]):
    """The relevance score of a product for ``terms`` (see the module's docstring)."""
    name = Substr(
        F("search_text"), 1, Length("name") + Length("name_en") + 1, output_field=TextField()
    )
    score = Value(0)
    for term in terms:
        phrases = alternatives(term)
        in_name_word = _any([Regex(name, _whole_word(p)) for p in phrases])
        in_name = _any(
            [Contains(name, p) for p in phrases]
            + [
                Contains(_compact(name), p.replace(" ", ""))
                for p in phrases
                if len(p.replace(" ", "")) >= COMPACT_MIN_CHARS
            ]
        )
        in_text_word = _any([Regex(F("search_text"), _whole_word(p)) for p in phrases])
        score = score + Case(
            When(in_name_word, then=Value(SCORE_NAME_WORD)),
            When(in_name, then=Value(SCORE_NAME_PART)),
            When(in_text_word, then=Value(SCORE_TEXT_WORD)),
            default=Value(SCORE_OTHER),
            output_field=IntegerField(),
        )
    return score


IN_STOCK = Case(When(stock__gt=0, then=Value(1)), default=Value(0), output_field=IntegerField())


def ordered(products: QuerySet[Product], *, terms: list[Term], sort: str) -> QuerySet[Product]:
    if sort == "price_asc":
        return products.order_by("price", "-id")
    if sort == "price_desc":
        return products.order_by("-price", "-id")
    if sort == "rating":  # the stored average (reviews.services), unrated last
        return products.order_by(
            F("rating_average").desc(nulls_last=True), "-rating_count", "-created_at", "-id"
        )
    if sort == "relevance" and terms:
        return products.annotate(_score=relevance(terms), _in_stock=IN_STOCK).order_by(
            "-_score", "-_in_stock", "-created_at", "-id"
        )
    return products.order_by("-created_at", "-id")


# --- Reference data for the filters -----------------------------------------------------------


@dataclass(frozen=True)
class WardInfo:
    code: str
    name: str
    name_en: str
    districts: tuple[tuple[str, str], ...]  # (slug, name) of the former districts


@lru_cache(maxsize=1)
def wards() -> dict[str, WardInfo]:
    """Every ward with its former districts, held in memory (reference data a migration loads)."""
    info = {}
    for code, name, name_en, former in Ward.objects.values_list(
        "code", "full_name", "full_name_en", "former_district"
    ):
        districts = tuple(
            (slugify(fold(part)), part.strip()) for part in former.split(";") if part.strip()
        )
        info[code] = WardInfo(code, name, name_en, districts)
    return info


def vietnamese_key(text: str) -> tuple[str, str]:
    """Sorts as a Vietnamese reader expects: "Bến Thành" before "Bình Trưng" (letters first,
    then marks)."""
    return (fold(text), text)


# --- The request's parameters ------------------------------------------------------------------


@dataclass
class SearchParams:
    """A search as the page understood it; ``notes`` tell the shopper what was ignored or fixed."""

    q: str = ""
    terms: list[Term] = field(default_factory=list)
    category: CategoryNode | None = None
    district: str = ""
    ward: str = ""
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    sort: str = "relevance"
    page: int = 1
    notes: list[str] = field(default_factory=list)
    fixed_category: bool = False  # the category is the page's (a category page), not a filter

    def query(self, **changes) -> str:
        """This search's URL query string with ``changes`` (None removes a parameter); the page
        number is dropped unless changed."""
        values = {
            "q": self.q,
            "category": self.category.slug if self.category and not self.fixed_category else "",
            "district": self.district,
            "ward": self.ward,
            "price_min": self.price_min,
            "price_max": self.price_max,
            "in_stock": "1" if self.in_stock else "",
            "sort": self.sort,
            "page": None,
        }
        values.update(changes)
        default = "relevance" if self.terms else "newest"
        return "?" + urlencode(
            [
                (key, value)
                for key, value in values.items()
                if value not in (None, "")
                and not (key == "page" and value == 1)
                and not (key == "sort" and value == default)
            ]
        )


def _text_param(params, name: str, limit: int = 80) -> str:
    return _CONTROL.sub("", params.get(name, "") or "")[:limit].strip()


def _price(params, name: str, notes: list[str]) -> int | None:
    raw = _text_param(params, name, limit=60)
    try:
        amount = parse_vnd(raw)
    except AmountError as error:
        notes.append(_("Price “%(value)s” ignored: %(reason)s") % {"value": raw, "reason": error})
        return None
    return None if amount is None else min(amount, MAX_PRICE)  # no product costs more


def parse_params(params, *, category: CategoryNode | None = None) -> SearchParams:
    """Reads a search from query parameters; never raises: what cannot be used is left out with a
    note saying so."""
    search = SearchParams(category=category, fixed_category=category is not None)
    notes = search.notes
    search.q, cut = clean_query(params.get("q", ""))
    if cut:
        notes.append(
            _("Your search was long: only its first %(count)d characters were used.")
            % {"count": MAX_QUERY_CHARS}
        )
    search.terms = terms_for(search.q)
    if search.q and not search.terms:
        notes.append(_("Type a word or a number to search for."))
    if category is None and (key := _text_param(params, "category")):
        search.category = category_by_key(key)
        if search.category is None:
            notes.append(_("There is no such category: showing every category."))
    if district := _text_param(params, "district"):
        if any(slug == district for info in wards().values() for slug, _name in info.districts):
            search.district = district
        else:
            notes.append(_("There is no such district: showing every district."))
    if ward := _text_param(params, "ward"):
        if ward in wards():
            search.ward = ward
        else:
            notes.append(_("There is no such ward: showing every ward."))
    search.price_min = _price(params, "price_min", notes)
    search.price_max = _price(params, "price_max", notes)
    if (
        search.price_min is not None
        and search.price_max is not None
        and search.price_min > search.price_max
    ):
        search.price_min, search.price_max = search.price_max, search.price_min
        notes.append(_("The lowest price was above the highest: we swapped them."))
    stock = _text_param(params, "in_stock")
    search.in_stock = stock in ("1", "on", "true")
    if stock and stock not in ("0", "1", "on", "true", "false"):
        notes.append(_("Unknown “in stock” value ignored."))
    sort = _text_param(params, "sort")
    if sort in SORTS:
        search.sort = sort
    elif sort:
        notes.append(_("Unknown sort order: sorted by relevance."))
    if not search.terms and search.sort == "relevance":
        search.sort = "newest"
    page = _text_param(params, "page", limit=MAX_PAGE_DIGITS + 1)
    if page:
        if page.isascii() and page.isdigit() and len(page) <= MAX_PAGE_DIGITS and int(page) >= 1:
            search.page = int(page)
        else:
            notes.append(_("There is no page “%(page)s”: showing the first page.") % {"page": page})
    return search


# --- The search itself ---------------------------------------------------------------------------


@dataclass
class Facet:
    value: str
    label: str
    count: int
    url: str
    selected: bool = False
    children: list["Facet"] = field(default_factory=list)


@dataclass
class SearchResult:
    search: SearchParams
    cards: list[dict]
    total: int
    page: int
    pages: int
    categories: list[Facet]
    districts: list[Facet]
    wards: list[Facet]
    price_bands: list[Facet]
    in_stock_count: int
    notes: list[str]
    typos: bool = False  # the words matched only as similar spellings

    @property
    def sort_links(self) -> list[tuple[str, str, bool]]:
        """(label, URL, current) of each order that applies (relevance needs words)."""
        return [
            (label, self.search.query(sort=key), key == self.search.sort)
            for key, label in SORTS.items()
            if key != "relevance" or self.search.terms
        ]

    @property
    def stock_url(self) -> str:
        return self.search.query(in_stock="" if self.search.in_stock else "1")

    @property
    def any_price_url(self) -> str:
        return self.search.query(price_min=None, price_max=None)

    @property
    def has_filters(self) -> bool:
        search = self.search
        return bool(
            search.district
            or search.ward
            or search.in_stock
            or search.price_min is not None
            or search.price_max is not None
        )

    @property
    def clear_url(self) -> str:
        return self.search.query(district="", ward="", in_stock="", price_min=None, price_max=None)

    def page_url(self, number: int) -> str:
        return self.search.query(page=number)

    @property
    def previous_url(self) -> str:
        return self.page_url(self.page - 1) if self.page > 1 else ""

    @property
    def next_url(self) -> str:
        return self.page_url(self.page + 1) if self.page < self.pages else ""


def _filtered(search: SearchParams, *, typos: bool = False) -> QuerySet[Product]:
    """Visible products matching the words and the price range (the other filters are facets)."""
    products = matching(product_cards(), search.terms, typos=typos)
    if search.price_min is not None:
        products = products.filter(price__gte=search.price_min)
    if search.price_max is not None:
        products = products.filter(price__lte=search.price_max)
    return products


def _band_params(low: int | None, high: int | None) -> tuple[int | None, int | None]:
    return low, None if high is None else high - 1


def _band(price_min, price_max) -> int | None:
    for index, (low, high) in enumerate(PRICE_BANDS):
        if _band_params(low, high) == (price_min, price_max):
            return index
    return None


def _band_label(low: int | None, high: int | None) -> str:
    if low is None:
        return _("Under %(high)s") % {"high": format_vnd(high)}
    if high is None:
        return _("%(low)s and more") % {"low": format_vnd(low)}
    return _("%(low)s to %(high)s") % {"low": format_vnd(low), "high": format_vnd(high)}


def _ward_codes(search: SearchParams) -> set[str] | None:
    if search.ward:
        return {search.ward}
    if search.district:
        return {
            code
            for code, info in wards().items()
            if any(slug == search.district for slug, _name in info.districts)
        }
    return None


def _label(node: CategoryNode, english: bool) -> str:
    return node.name_en if english and node.name_en else node.name


def _facets(
    search: SearchParams, groups: list[tuple], *, english: bool, category_url: CategoryUrl
) -> dict:
    """Counts per category, district, ward, price band and stock from the grouped rows
    (category, ward, price band, in stock, count); each ignores its own filter."""
    category_ids = set(search.category.subtree_ids) if search.category else None
    ward_codes = _ward_codes(search)
    band = _band(search.price_min, search.price_max)
    no_price = search.price_min is None and search.price_max is None

    def keep(row, *, category=True, ward=True, price=True, stock=True) -> bool:
        category_id, ward_code, row_band, in_stock, _count = row
        return (
            (not category or category_ids is None or category_id in category_ids)
            and (not ward or ward_codes is None or ward_code in ward_codes)
            and (not price or no_price or band is None or row_band == band)
            and (not stock or not search.in_stock or in_stock)
        )

    total = sum(row[4] for row in groups if keep(row))
    by_category: dict[int, int] = {}
    for row in groups:
        if keep(row, category=False):
            by_category[row[0]] = by_category.get(row[0], 0) + row[4]
    categories = []
    for top in category_tree():
        count = sum(by_category.get(node_id, 0) for node_id in top.subtree_ids)
        if not count:
            continue
        facet = Facet(
            top.slug,
            _label(top, english),
            count,
            category_url(top.slug),
            selected=search.category is not None and search.category.id == top.id,
        )
        for child in top.children:
            if by_category.get(child.id):
                facet.children.append(
                    Facet(
                        child.slug,
                        _label(child, english),
                        by_category[child.id],
                        category_url(child.slug),
                        selected=search.category is not None and search.category.id == child.id,
                    )
                )
        categories.append(facet)
    info = wards()
    by_ward: dict[str, int] = {}
    for row in groups:
        if keep(row, ward=False):
            by_ward[row[1]] = by_ward.get(row[1], 0) + row[4]
    by_district: dict[str, list] = {}
    for code, count in by_ward.items():
        for slug, name in info[code].districts if code in info else ():
            entry = by_district.setdefault(slug, [name, 0])
            entry[1] += count
    districts = sorted(
        (
            Facet(
                slug,
                name,
                count,
                search.query(district=slug, ward=None),
                selected=search.district == slug,
            )
            for slug, (name, count) in by_district.items()
        ),
        key=lambda facet: vietnamese_key(facet.label),
    )
    shown_wards = [
        code
        for code in by_ward
        if code in info
        and (
            not search.district
            or any(slug == search.district for slug, _name in info[code].districts)
        )
    ]
    ward_facets = sorted(
        (
            Facet(
                code,
                info[code].name_en if english else info[code].name,
                by_ward[code],
                search.query(ward=code),
                selected=search.ward == code,
            )
            for code in shown_wards
        ),
        key=lambda facet: vietnamese_key(facet.label),
    )[:MAX_FACET_WARDS]
    by_band: dict[int, int] = {}
    for row in groups:
        if keep(row, price=False):
            by_band[row[2]] = by_band.get(row[2], 0) + row[4]
    price_bands = []
    for index, (low, high) in enumerate(PRICE_BANDS):
        price_min, price_max = _band_params(low, high)
        price_bands.append(
            Facet(
                str(index),
                _band_label(low, high),
                by_band.get(index, 0),
                search.query(price_min=price_min, price_max=price_max),
                selected=band == index,
            )
        )
    in_stock_count = sum(row[4] for row in groups if keep(row, stock=False) and row[3])
    return {
        "total": total,
        "categories": categories,
        "districts": districts,
        "wards": ward_facets,
        "price_bands": price_bands if no_price or band is not None else [],
        "in_stock_count": in_stock_count,
    }


def _band_case():
    whens = [
        When(price__lt=high, then=Value(index))
        for index, (_low, high) in enumerate(PRICE_BANDS)
        if high is not None
    ]
    return Case(*whens, default=Value(len(PRICE_BANDS) - 1), output_field=IntegerField())


def _groups(products: QuerySet[Product], search: SearchParams) -> list[tuple]:
    """(category, ward, price band, in stock, count) over the matching products, in one query.
    With a price range that is not one of the bands, the band is left out (always 0)."""
    band = _band(search.price_min, search.price_max)
    no_price = search.price_min is None and search.price_max is None
    band_expression = _band_case() if (no_price or band is not None) else Value(0)
    rows = (
        products.annotate(_band=band_expression, _in_stock=IN_STOCK)
        .values_list("category_id", "business__ward_id", "_band", "_in_stock")
        .annotate(_count=Count("id"))
        .order_by()
    )
    return [tuple(row) for row in rows]


def run(
    search: SearchParams,
    *,
    english: bool,
    category_url: CategoryUrl | None = None,
    per_page: int = PER_PAGE,
) -> SearchResult:
    """The page of results, the total and the facets: three queries (the groups, the page's
    rows, their pictures), and a second groups query for similar spellings when nothing at all
    matched the words as typed (PostgreSQL). ``category_url(slug)`` links the category facets (by default: this
    page with ``category=slug``)."""
    products = _filtered(search)
    groups = _groups(products, search)
    typos = not groups and can_match_typos(search.terms)
    if typos:  # nothing at all matched the words as typed: try similar spellings
        allow_typos()
        products = _filtered(search, typos=True)
        groups = _groups(products, search)
    facets = _facets(
        search,
        groups,
        english=english,
        category_url=category_url or (lambda slug: search.query(category=slug)),
    )
    notes = list(search.notes)
    total = facets["total"]
    pages = max(1, math.ceil(total / per_page))
    page = search.page
    if page > pages:
        notes.append(
            _("There is no page %(page)d: showing page %(last)d.") % {"page": page, "last": pages}
        )
        page = pages
    cards: list[dict] = []
    if total:
        if search.category:
            products = products.filter(category_id__in=search.category.subtree_ids)
        if (codes := _ward_codes(search)) is not None:
            products = products.filter(business__ward_id__in=codes)
        if search.in_stock:
            products = products.filter(stock__gt=0)
        cards, _more = product_card_page(
            ordered(products, terms=search.terms, sort=search.sort),
            offset=(page - 1) * per_page,
            limit=per_page,
            english=english,
        )
    return SearchResult(
        search=search,
        cards=cards,
        total=total,
        page=page,
        pages=pages,
        categories=facets["categories"],
        districts=facets["districts"],
        wards=facets["wards"],
        price_bands=facets["price_bands"],
        in_stock_count=facets["in_stock_count"],
        notes=notes,
        typos=typos and bool(groups),
    )


def close_matches(search: SearchParams, *, english: bool, limit: int = 5) -> list[str]:
    """Names of products near the query, offered when nothing matched: trigram word similarity on
    PostgreSQL, the first three letters of the longer words elsewhere (one query)."""
    text = " ".join(term.phrases[0] for term in search.terms)
    if not text:
        return []
    products = product_cards()
    if connection.vendor == "postgresql":
        products = (
            products.annotate(_near=TrigramWordSimilarity(text, "search_text"))
            .filter(_near__gte=CLOSE_MATCH_SIMILARITY)
            .order_by("-_near", "-id")
        )
    else:
        prefixes = {word[:3] for word in text.split() if len(word) >= FUZZY_MIN_CHARS}
        if not prefixes:
            return []
        products = products.filter(
            _any([Contains(F("search_text"), prefix) for prefix in sorted(prefixes)])
        ).order_by("-created_at", "-id")
    names: list[str] = []
    for name, name_en in products.values_list("name", "name_en")[: limit * 3]:
        shown = name_en if english and name_en else name
        if shown not in names:
            names.append(shown)
    return names[:limit]


def categories_named(search: SearchParams) -> list[CategoryNode]:
    """Categories whose name holds a term of the query as whole words ("cà phê" names "Cà phê &
    trà", "cá" does not); no query: the tree is in memory."""
    phrases = {f" {phrase} " for term in search.terms for phrase in alternatives(term)}
    nodes = [node for top in category_tree() for node in (top, *top.children)]
    return [
        node
        for node in nodes
        if any(p in f" {' '.join(_words(f'{node.name} {node.name_en}'))} " for p in phrases)
    ]


def categories_like(search: SearchParams, *, english: bool, limit: int = 6) -> list[CategoryNode]:
    """Categories whose name shares a word with the query; the top-level ones when none does."""
    return (categories_named(search) or category_tree())[:limit]


def suggestions(search: SearchParams, *, english: bool, limit: int = 6) -> list[dict]:
    """The best products for a query being typed (one query, a second for similar spellings
    when nothing matched; their links are added by the caller through ``marketplace.links``)."""
    if not search.terms:
        return []
    rows = []
    for typos in (False, True) if can_match_typos(search.terms) else (False,):
        if typos:
            allow_typos()
        products = matching(product_cards(), search.terms, typos=typos)
        rows = list(
            ordered(products, terms=search.terms, sort="relevance").values_list(
                "slug", "name", "name_en", "price", "business_id", "business__trading_name"
            )[:limit]
        )
        if rows:
            break
    return [
        {
            "slug": slug,
            "name": name_en if english and name_en else name,
            "price": price,
            "business": {"id": business_id, "name": shop},
        }
        for slug, name, name_en, price, business_id, shop in rows
    ]
