"""Exceptions raised by the client."""


class PaymentError(Exception):
    """Base class of every error this library raises."""


class CardDeclined(PaymentError):
    def __init__(self, message, decline_code=None):
        super().__init__(message)
        self.decline_code = decline_code


class RateLimited(PaymentError):
    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after
