"""Verifying webhook deliveries."""

import hashlib
import hmac


def verify_signature(payload, signature, secret):
    """Return True when ``signature`` is the HMAC-SHA256 of ``payload`` under ``secret``."""
    expected = hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
