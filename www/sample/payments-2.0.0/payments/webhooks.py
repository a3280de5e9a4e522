"""Verifying webhook deliveries."""

import hashlib
import hmac
import os

from payments.client import PaymentClient

WEBHOOK_SECRET = os.environ["PAYMENTS_WEBHOOK_SECRET"]


def verify_signature(payload, signature, secret=WEBHOOK_SECRET):
    """Return True when ``signature`` is the HMAC-SHA256 of ``payload`` under ``secret``."""
    expected = hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def replay(event, client: PaymentClient):
    """Replay a delivery against the API (to be written)."""
    raise NotImplementedError
