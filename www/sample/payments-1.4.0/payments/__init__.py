"""Client library for the Example Payments API."""

from payments.client import PaymentClient
from payments.errors import CardDeclined, PaymentError, RateLimited
from payments.models import Charge, Refund

__all__ = [
    "PaymentClient",
    "PaymentError",
    "CardDeclined",
    "RateLimited",
    "Charge",
    "Refund",
]

__version__ = "1.4.0"
