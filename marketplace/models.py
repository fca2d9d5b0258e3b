"""Catalogue (categories, products, images, stock) and orders: built by the catalogue issue."""
