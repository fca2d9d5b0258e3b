"""Seller workspace: "My orders" for members of a business (see ``orders.workspace``)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts.menus import MemberMenuItem
from orders import delivery_workspace, workspace


@hooks.register("register_admin_urls")
def register_orders_urls():
    urls = [
        path("", workspace.order_list, name="list"),
        path("ship/", workspace.orders_ship, name="ship"),
        path("<int:order_id>/", workspace.order_detail, name="detail"),
        path("<int:order_id>/fulfil/", workspace.order_fulfil, name="fulfil"),
        path("<int:order_id>/complete/", workspace.order_complete, name="complete"),
        path("<int:order_id>/refund/", workspace.order_refund, name="refund"),
        path("<int:order_id>/received/", workspace.order_confirm_transfer, name="confirm_transfer"),
        path("<int:order_id>/cod-delivered/", workspace.order_cod_delivered, name="cod_delivered"),
        path("<int:order_id>/review/", workspace.order_review, name="review"),
        path("<int:order_id>/slip/", workspace.order_packing_slip, name="packing_slip"),
        path("statements/", workspace.statement_index, name="statements"),
        path("statements/<int:business_id>/", workspace.statement_page, name="statement"),
        path("statements/<int:business_id>/csv/", workspace.statement_csv, name="statement_csv"),
        path("statements/<int:business_id>/xlsx/", workspace.statement_xlsx, name="statement_xlsx"),
    ]
    return [path("orders/", include((urls, "orders_workspace"), namespace="orders_workspace"))]


@hooks.register("register_admin_menu_item")
def register_orders_menu_item():
    return MemberMenuItem(
        _("My orders"),
        reverse_lazy("orders_workspace:list"),
        name="orders",
        icon_name="list-ul",
        order=220,
    )


@hooks.register("register_admin_menu_item")
def register_statements_menu_item():
    return MemberMenuItem(
        _("Sales statements"),
        reverse_lazy("orders_workspace:statements"),
        name="sales-statements",
        icon_name="table",
        order=221,
    )


@hooks.register("register_admin_urls")
def register_delivery_urls():
    views = delivery_workspace
    urls = [
        path("", views.delivery_index, name="index"),
        path("<int:business_id>/", views.delivery_list, name="list"),
        path("<int:business_id>/add/", views.delivery_edit, name="add"),
        path("<int:business_id>/<int:option_id>/", views.delivery_edit, name="edit"),
        path("<int:business_id>/<int:option_id>/delete/", views.delivery_delete, name="delete"),
    ]
    return [path("delivery/", include((urls, "orders_delivery"), namespace="orders_delivery"))]


@hooks.register("register_admin_menu_item")
def register_delivery_menu_item():
    return MemberMenuItem(
        _("Delivery"),
        reverse_lazy("orders_delivery:index"),
        name="delivery",
        icon_name="site",
        order=222,
    )
