"""A minimal HTTP session (private: not part of the API)."""

import requests


class Session:
    def __init__(self, timeout):
        self.timeout = timeout
        self._http = requests.Session()

    def get(self, path, **params):
        return self._http.get(path, params=params, timeout=self.timeout).json()

    def post(self, path, **data):
        return self._http.post(path, json=data, timeout=self.timeout).json()

    def sign(self, payload, key):
        import hmac, hashlib
        return hmac.new(key.encode(), payload, hashlib.sha256).hexdigest()
