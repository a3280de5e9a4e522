"""Helpers for amounts and currencies."""

from decimal import Decimal


def format_amount(amount, currency, locale="en_US"):
    """Format minor units as a display string: format_amount(1050, "EUR") -> "10.50 EUR"."""
    separator = "," if locale.startswith(("de", "fr")) else "."
    whole, cents = divmod(int(amount), 100)
    return f"{whole}{separator}{cents:02d} {currency}"
