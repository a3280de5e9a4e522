"""Compatibility helpers for code written against payments 0.x."""

import warnings

from payments.client import PaymentClient


def make_client(key):
    warnings.warn("use PaymentClient(api_key=...)", DeprecationWarning, stacklevel=2)
    return PaymentClient(key)


class PaymentError(Exception):
    """The 0.x error type, kept for old callers."""
