"""Cart, order groups, orders (one per vendor) and order lines: built by the checkout issue."""
