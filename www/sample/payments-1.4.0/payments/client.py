"""The HTTP client."""

from payments._http import Session
from payments.errors import PaymentError
from payments.models import Charge, Refund


class PaymentClient:
    """Talks to the payments API on behalf of one merchant."""

    def __init__(self, api_key, base_url="https://api.example.com", timeout=30):
        self.api_key = api_key
        self.base_url = base_url
        self._session = Session(timeout=timeout)

    def charge(self, amount, currency, customer_id, description=None):
        """Charge a customer; amounts are in minor units."""
        if amount <= 0:
            raise PaymentError("amount must be positive")
        data = self._session.post("/charges", amount=amount, currency=currency,
                                  customer=customer_id, description=description)
        return Charge(**data)

    def refund(self, charge_id, amount=None):
        data = self._session.post(f"/charges/{charge_id}/refunds", amount=amount)
        return Refund(**data)

    def list_charges(self, limit=100):
        return [Charge(**item) for item in self._session.get("/charges", limit=limit)]

    def get_balance(self):
        return self._session.get("/balance")["available"]

    def _sign(self, payload):
        return self._session.sign(payload, self.api_key)
