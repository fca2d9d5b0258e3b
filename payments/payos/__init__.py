"""payOS: each shop's own payment channel (client id, API key, checksum key) with signed webhooks.

The only package importing the ``payos`` SDK. ``client`` wraps the SDK's calls (payment links,
confirm-webhook) and maps its errors to the ``ProviderError`` family; ``webhooks`` verifies a
webhook's signature on the raw body; ``services`` connects and disconnects a shop's channel and
receives its webhooks; ``sandbox`` is the offline payOS of ``make run``; ``views`` the owner's
connect page, the webhook endpoint and the sandbox's payment page.
"""
