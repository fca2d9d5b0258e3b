"""What a payment provider still needs, in words an owner understands.

Providers name what they wait for with codes (Stripe: ``external_account``,
``individual.verification.document``, ``tos_acceptance.date``...). The account page shows each as
a plain sentence: the exact code first, then the longest known prefix (``individual.address.city``
reads as the address), then a general sentence. A code is never shown raw.
"""

from django.utils.translation import gettext_lazy as _

# Exact codes and prefixes ("individual.address" covers "individual.address.line1").
LABELS = {
    "external_account": _("The bank account your sales are paid into"),
    "tos_acceptance": _("Your acceptance of the provider's terms of service"),
    "business_profile.url": _("Your shop's website or storefront address"),
    "business_profile.mcc": _("What kind of goods or services you sell"),
    "business_profile.product_description": _("A short description of what you sell"),
    "business_profile": _("Your business's public details (what you sell, where)"),
    "business_type": _("Whether you sell as a household business or a company"),
    "company.tax_id": _("The company's tax code"),
    "company.address": _("The company's address"),
    "company.phone": _("The company's phone number"),
    "company.name": _("The company's legal name"),
    "company.owners_provided": _("Who owns the company"),
    "company.directors_provided": _("Who runs the company"),
    "company.verification": _("A document proving the company is registered"),
    "company": _("Details of the company"),
    "individual.verification.document": _("A photo of your ID card (CCCD) or passport"),
    "individual.verification.additional_document": _(
        "A second document proving your address or identity"
    ),
    "individual.verification": _("Proof of your identity"),
    "individual.id_number": _("Your personal identification number (CCCD)"),
    "individual.dob": _("Your date of birth"),
    "individual.address": _("Your home address"),
    "individual.phone": _("Your phone number"),
    "individual.email": _("Your email address"),
    "individual.first_name": _("Your name as on your ID card"),
    "individual.last_name": _("Your name as on your ID card"),
    "individual": _("Your personal details"),
    "representative": _("Details of the person who represents the business"),
    "owners": _("Details of the business's owners"),
    "directors": _("Details of the business's directors"),
    "settings.payments.statement_descriptor": _("The shop name shown on shoppers' card statements"),
}
OTHER = _("Another detail the provider asks for: open the provider's form to see it")


def describe(code: str) -> str:
    """The plain sentence for a provider's requirement code."""
    key = (code or "").strip()
    while key:
        if key in LABELS:
            return str(LABELS[key])
        if "." not in key:
            break
        key = key.rsplit(".", 1)[0]
    # Person-level codes carry the person's id first: "person_1ABC.verification.document".
    if code.startswith("person_") and "." in code:
        return describe("individual." + code.split(".", 1)[1])
    return str(OTHER)
