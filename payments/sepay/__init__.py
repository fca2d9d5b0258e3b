"""SePay: a bank-statement monitor that posts every transfer into a shop's account to our webhook.

``notification`` verifies and reads one notification (pure: no model); ``services`` stores and
applies it through ``payments.services.incoming_transfer_receive``; ``views`` is the endpoint
``/payments/sepay/<token>/``.
"""
