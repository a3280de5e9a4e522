"""Value objects returned by the client."""

from dataclasses import dataclass
from typing import Optional


@dataclass
class Charge:
    id: str
    amount: int
    currency: str
    status: str = "pending"

    def is_paid(self) -> bool:
        return self.status == "succeeded"


@dataclass
class Refund:
    id: str
    charge_id: str
    amount: Optional[int] = None
