"""The open data described in the formats data portals harvest.

- ``datapackage``: a Frictionless Data Package (v2) of the two published tables, each with its Table
  Schema: types, descriptions (the indicators' own definitions, ``programme.indicators``), the
  ``missingValues`` of withheld cells and the primary key.
- ``dcat_triples``: a DCAT-AP 3 catalogue of the two data sets and their distributions, as RDF
  triples, written out as JSON-LD (expanded form) and as Turtle by ``jsonld`` and ``turtle``, so
  both files say exactly the same. Licence and attribution follow Decree 47/2020/NĐ-CP: free to
  reuse, open formats, cite the source.

Everything is built from the cached data set (``open_data.dataset``) and the site's own address;
nothing here reads the database.
"""

import json
from dataclasses import dataclass

from django.utils import translation

from programme.indicators import ELECTRONIC_SHARE, MEAN_SCORE
from programme.open_data import (
    ATTRIBUTION,
    COUNT_FIELDS,
    DIMENSIONS,
    FILES,
    LICENCE_URL,
    field_descriptions,
)

TITLE = {
    "vi": "Chợ Số — Mức độ chuyển đổi số của doanh nghiệp nhỏ và vừa, Thành phố Hồ Chí Minh",
    "en": "Chợ Số — SME digital adoption, Ho Chi Minh City",
}
DESCRIPTION = {
    "vi": (
        "Số doanh nghiệp đăng ký trên Chợ Số và mức độ ứng dụng công cụ số của họ, cho toàn thành "
        "phố và theo phường, xã, ngành, quy mô, tháng tham gia; tỷ trọng doanh số thanh toán điện "
        "tử theo tháng. Các ô dưới 5 doanh nghiệp được ẩn."
    ),
    "en": (
        "Businesses registered on Chợ Số and how far they have taken up digital tools, for the "
        "whole city and by ward or commune, sector, size and month of joining; the electronic "
        "share of sales by month. Cells of fewer than 5 businesses are withheld."
    ),
}
RIGHTS = {
    "vi": "Dữ liệu mở, sử dụng miễn phí (Nghị định 47/2020/NĐ-CP); khi sử dụng ghi nguồn: "
    + ATTRIBUTION,
    "en": "Open data, free to reuse (Decree 47/2020/ND-CP); cite the source: " + ATTRIBUTION,
}
KEYWORDS = ("digital transformation", "SME", "e-payment", "Ho Chi Minh City", "chuyển đổi số")

# The published tables: (resource name, file name, title, primary key).
ADOPTION = "adoption"
SALES = "electronic-sales-by-month"


def _schema_field(name: str, kind: str, description, **constraints) -> dict:
    field = {"name": name, "type": kind, "description": str(description)}
    if constraints:
        field["constraints"] = constraints
    return field


def _adoption_schema() -> dict:
    described = field_descriptions()
    fields = [
        _schema_field(
            "dimension",
            "string",
            described["dimension"],
            required=True,
            enum=list(DIMENSIONS),
        ),
        _schema_field("code", "string", described["code"], required=True),
        _schema_field("name_vi", "string", described["name_vi"]),
        _schema_field("name_en", "string", described["name_en"]),
        _schema_field("businesses", "integer", described["businesses"], minimum=0),
        *(_schema_field(name, "integer", described[name], minimum=0) for name in COUNT_FIELDS),
        _schema_field(
            MEAN_SCORE.code,
            "number",
            f"{described[MEAN_SCORE.code]} (points, 0-100)",
            minimum=0,
            maximum=100,
        ),
        _schema_field(
            ELECTRONIC_SHARE.code,
            "number",
            f"{described[ELECTRONIC_SHARE.code]} (percent)",
            minimum=0,
            maximum=100,
        ),
        _schema_field("suppressed", "boolean", described["suppressed"], required=True),
    ]
    return {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": fields,
        "primaryKey": ["dimension", "code"],
        # A withheld cell (or one with no value, such as the mean of no assessment) is empty.
        "missingValues": [""],
    }


def _sales_schema() -> dict:
    described = field_descriptions()
    return {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": [
            _schema_field("month", "yearmonth", described["month"], required=True),
            _schema_field(
                "businesses_with_sales", "integer", described["businesses_with_sales"], minimum=0
            ),
            _schema_field(
                ELECTRONIC_SHARE.code,
                "number",
                f"{described[ELECTRONIC_SHARE.code]} (percent)",
                minimum=0,
                maximum=100,
            ),
            _schema_field("suppressed", "boolean", described["suppressed"], required=True),
        ],
        "primaryKey": ["month"],
        "missingValues": [""],
    }


def _resource(name: str, path: str, title: str, schema: dict) -> dict:
    return {
        "name": name,
        "type": "table",
        "path": path,
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {
            "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
            "header": True,
            "delimiter": ",",
        },
        "schema": schema,
    }


def datapackage(data: dict, *, base: str) -> dict:
    """The Data Package descriptor; ``base`` is the absolute URL of /open-data/ (with its slash).
    Resource paths are relative to the descriptor, as the standard reads them."""
    with translation.override("en"):
        return {
            "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
            "name": "cho-so-sme-digital-adoption",
            "id": base + "datapackage.json",
            "title": TITLE["en"],
            "description": DESCRIPTION["en"],
            "homepage": base,
            "version": data["generated_at"][:10],
            "created": data["generated_at"],
            "keywords": list(KEYWORDS),
            "licenses": [
                {
                    "name": "CC-BY-4.0",
                    "path": LICENCE_URL,
                    "title": "Creative Commons Attribution 4.0",
                }
            ],
            "sources": [{"title": ATTRIBUTION, "path": base}],
            "contributors": [{"title": "Chợ Số", "roles": ["publisher"]}],
            # Each month's files as they stood at its end, never rewritten (beside the latest).
            "snapshots": [
                {"month": month, "paths": [f"{month}/{name}" for name in FILES]}
                for month in data.get("snapshots", [])
            ],
            "resources": [
                _resource(ADOPTION, "adoption.csv", TITLE["en"], _adoption_schema()),
                _resource(
                    SALES,
                    "electronic-sales.csv",
                    str(ELECTRONIC_SHARE.label) + " — by month",
                    _sales_schema(),
                ),
            ],
        }


# DCAT-AP 3 ----------------------------------------------------------------------------------

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
HCMC = "https://sws.geonames.org/1566083/"  # Ho Chi Minh City in GeoNames
DCAT_AP = "http://data.europa.eu/r5r/"


@dataclass(frozen=True)
class Literal:
    value: str
    language: str = ""
    datatype: str = ""


def _text(values: dict[str, str]) -> list[Literal]:
    return [Literal(text, language=language) for language, text in values.items()]


def _when(iso: str) -> Literal:
    return Literal(iso, datatype=XSD + "dateTime")


def dcat_triples(data: dict, *, base: str) -> list[tuple[str, str, object]]:
    """The catalogue as (subject, predicate, object) triples; objects are URIs (str) or
    ``Literal``. Every node has a URI under ``base`` so both serialisations are plain."""
    catalog = base + "catalog"
    publisher = base + "#publisher"
    contact = base + "#contact"
    licence = LICENCE_URL
    rights = base + "#rights"
    modified = _when(data["generated_at"])
    triples: list[tuple[str, str, object]] = [
        (catalog, RDF + "type", DCAT + "Catalog"),
        *((catalog, DCT + "title", text) for text in _text(TITLE)),
        *((catalog, DCT + "description", text) for text in _text(DESCRIPTION)),
        (catalog, DCT + "publisher", publisher),
        (catalog, DCT + "license", licence),
        (catalog, DCT + "rights", rights),
        (catalog, DCT + "modified", modified),
        (catalog, DCT + "spatial", HCMC),
        (catalog, DCT + "language", EU + "language/VIE"),
        (catalog, DCT + "language", EU + "language/ENG"),
        (catalog, FOAF + "homepage", base),
        (catalog, DCAT + "themeTaxonomy", EU + "data-theme"),
        (publisher, RDF + "type", FOAF + "Agent"),
        (publisher, FOAF + "name", Literal("Chợ Số")),
        (publisher, DCT + "type", "http://purl.org/adms/publishertype/NonProfitOrganisation"),
        (contact, RDF + "type", VCARD + "Organization"),
        (contact, VCARD + "fn", Literal("Chợ Số — open data")),
        (contact, VCARD + "hasURL", base),
        (licence, RDF + "type", DCT + "LicenseDocument"),
        (licence, DCT + "type", "http://purl.org/adms/licencetype/Attribution"),
        (licence, RDFS + "label", Literal("Creative Commons Attribution 4.0 International")),
        (rights, RDF + "type", DCT + "RightsStatement"),
        *((rights, RDFS + "label", text) for text in _text(RIGHTS)),
    ]
    datasets = (
        (
            ADOPTION,
            TITLE,
            DESCRIPTION,
            [
                ("adoption.csv", "CSV", "text/csv", "CSV"),
                ("adoption.json", "JSON", "application/json", "JSON"),
                ("datapackage.json", "JSON", "application/json", "Frictionless Data Package"),
            ],
        ),
        (
            SALES,
            {
                "vi": "Tỷ trọng doanh số thanh toán điện tử theo tháng",
                "en": "Electronic share of sales by month",
            },
            {
                "vi": "Giá trị đơn hàng thanh toán điện tử trên tổng giá trị đơn hàng đã nhận "
                "tiền (kể cả thanh toán khi nhận hàng), theo tháng nhận tiền.",
                "en": "Order value settled electronically over all order value received (cash "
                "on delivery included), by the month the money came.",
            },
            [("electronic-sales.csv", "CSV", "text/csv", "CSV")],
        ),
    )
    for name, title, description, files in datasets:
        dataset = f"{base}#{name}"
        triples += [
            (catalog, DCAT + "dataset", dataset),
            (dataset, RDF + "type", DCAT + "Dataset"),
            *((dataset, DCT + "title", text) for text in _text(title)),
            *((dataset, DCT + "description", text) for text in _text(description)),
            (dataset, DCT + "identifier", Literal(dataset)),
            (dataset, DCT + "publisher", publisher),
            (dataset, DCAT + "contactPoint", contact),
            (dataset, DCT + "modified", modified),
            (dataset, DCT + "spatial", HCMC),
            (dataset, DCT + "accrualPeriodicity", EU + "frequency/UPDATE_CONT"),
            (dataset, DCAT + "theme", EU + "data-theme/ECON"),
            (dataset, DCAT + "landingPage", base),
            *((dataset, DCAT + "keyword", Literal(word)) for word in KEYWORDS),
        ]
        kept = [
            (f"{month}/{path}", file_type, media_type, f"{label}, {month}")
            for month in data.get("snapshots", [])
            for path, file_type, media_type, label in files
            if path != "datapackage.json"
        ]
        for path, file_type, media_type, label in [*files, *kept]:
            distribution = base + path
            triples += [
                (dataset, DCAT + "distribution", distribution),
                (distribution, RDF + "type", DCAT + "Distribution"),
                (distribution, DCT + "title", Literal(f"{path} ({label})")),
                (distribution, DCAT + "accessURL", base),
                (distribution, DCAT + "downloadURL", distribution),
                (distribution, DCT + "format", EU + "file-type/" + file_type),
                (distribution, DCAT + "mediaType", IANA + media_type),
                (distribution, DCT + "license", licence),
                (distribution, DCT + "rights", rights),
                (distribution, DCT + "modified", modified),
            ]
            if path == "datapackage.json":
                triples.append(
                    (distribution, DCT + "conformsTo", "https://datapackage.org/standard/")
                )
    triples.append((catalog, DCT + "conformsTo", DCAT_AP))
    return triples


def _jsonld_object(value) -> dict:
    if isinstance(value, Literal):
        node = {"@value": value.value}
        if value.language:
            node["@language"] = value.language
        if value.datatype:
            node["@type"] = value.datatype
        return node
    return {"@id": value}


def jsonld(triples: list[tuple[str, str, object]]) -> str:
    """The triples as expanded JSON-LD (one node object per subject, no remote context)."""
    nodes: dict[str, dict] = {}
    for subject, predicate, value in triples:
        node = nodes.setdefault(subject, {"@id": subject})
        if predicate == RDF + "type":
            node.setdefault("@type", []).append(value)
        else:
            node.setdefault(predicate, []).append(_jsonld_object(value))
    return json.dumps(list(nodes.values()), ensure_ascii=False, indent=1)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _term(value) -> str:
    if isinstance(value, Literal):
        text = f'"{_escape(value.value)}"'
        if value.language:
            return f"{text}@{value.language}"
        if value.datatype:
            return f"{text}^^<{value.datatype}>"
        return text
    return f"<{value}>"


def turtle(triples: list[tuple[str, str, object]]) -> str:
    """The triples as Turtle (one statement a line: N-Triples, which Turtle reads as is)."""
    return "".join(
        f"<{subject}> <{predicate}> {_term(value)} .\n" for subject, predicate, value in triples
    )
