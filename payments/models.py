"""E-payment accounts, payments and webhook events: built by the payments issue."""
