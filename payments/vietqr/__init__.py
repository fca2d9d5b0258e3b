"""VietQR: the NAPAS 247 bank-transfer QR code every Vietnamese bank app pays.

``payload`` builds and parses the code's text (EMVCo tag-length-value), ``render`` draws it as SVG or
PNG on our own server, ``banks`` is the NAPAS member list with search and app deep links. All pure:
no model, no network.
"""
