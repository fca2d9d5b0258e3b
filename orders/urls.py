"""Cart, checkout and orders, mounted at /<lang>/cart/."""

from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("", views.cart, name="cart"),
    path("add/", views.cart_add, name="cart_add"),
    path("line/<int:line_id>/", views.cart_line_update, name="cart_line_update"),
    path("line/<int:line_id>/remove/", views.cart_line_remove, name="cart_line_remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/delivery/", views.checkout_delivery, name="checkout_delivery"),
    path("orders/", views.history, name="history"),
    path("orders/<uuid:reference>/", views.group_detail, name="group_detail"),
]
