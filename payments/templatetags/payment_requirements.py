"""``{{ code|requirement_label }}``: a provider's requirement code as a plain sentence."""

from django import template

from payments.requirements import describe

register = template.Library()


@register.filter
def requirement_label(code) -> str:
    return describe(str(code))
