"""The HTTP client."""

from payments._http import Session
from payments.errors import PaymentError
from payments.models import Charge, Refund


class PaymentClient:
    """Talks to the payments API on behalf of one merchant."""

    def __init__(self, api_key, base_url="https://api.example.com", timeout=30, retries=3):
        self.api_key = api_key
        self.base_url = base_url
        self._session = Session(timeout=timeout, retries=retries)

    def charge(self, amount, currency, customer, idempotency_key, description=None):
        """Charge a customer; amounts are in minor units.

        ``idempotency_key`` makes retries safe: the API charges at most once per key.
        """
        if amount <= 0:
            raise PaymentError("amount must be positive")
        data = self._session.post("/charges", amount=amount, currency=currency,
                                  customer=customer, description=description,
                                  idempotency_key=idempotency_key)
        return Charge(**data)

    def refund(self, charge_id, amount=None):
        data = self._session.post(f"/charges/{charge_id}/refunds", amount=amount)
        return Refund(**data)

    def list_charges(self, limit=100, starting_after=None):
        params = {"limit": limit, "starting_after": starting_after}
        return [Charge(**item) for item in self._session.get("/charges", **params)]

    async def stream_events(self, since=None):
        async for event in self._session.stream("/events", since=since):
            yield event

    def _sign(self, payload):
        return self._session.sign(payload, self.api_key)
