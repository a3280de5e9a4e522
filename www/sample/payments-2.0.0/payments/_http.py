"""A minimal HTTP session (private: not part of the API)."""

import requests


class Session:
    def __init__(self, timeout, retries=0):
        self.timeout = timeout
        self.retries = retries
        self._http = requests.Session()

    def get(self, path, **params):
        return self._http.get(path, params=params, timeout=self.timeout).json()

    def post(self, path, **data):
        return self._http.post(path, json=data, timeout=self.timeout).json()

    def sign(self, payload, key):
        import hmac, hashlib
        return hmac.new(key.encode(), payload, hashlib.sha256).hexdigest()

    async def stream(self, path, **params):
        for event in self.get(path, **params):
            yield event
