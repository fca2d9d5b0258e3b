"""Finding an order without an account: ``/vi/tra-cuu-don-hang/`` (``/en/order-lookup/``) and the
signed link the emails carry (``/vi/tra-cuu-don-hang/<token>/``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from orders import lookup_views

app_name = "order_lookup"

urlpatterns = [
    path(_("order-lookup/"), lookup_views.lookup, name="lookup"),
    path(_("order-lookup/<str:token>/"), lookup_views.link, name="link"),
]
