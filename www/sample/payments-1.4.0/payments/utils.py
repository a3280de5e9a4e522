"""Helpers for amounts and currencies."""

from decimal import Decimal


def format_amount(amount, currency):
    """Format minor units as a display string: format_amount(1050, "EUR") -> "10.50 EUR"."""
    return f"{Decimal(amount) / 100:.2f} {currency}"


def parse_amount(text):
    """Parse "10.50" into minor units (1050)."""
    return int(Decimal(text) * 100)
