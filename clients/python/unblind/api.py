"""The REST API (/api/v1) over urllib: the token on every call, and problem+json
refusals raised as ApiError with the server's status, title and detail."""

import json
import urllib.error
import urllib.request

from .errors import ApiError, UnblindError

USER_AGENT = "unblind-python/0.1.0"


class Api:
    def __init__(self, url, token, timeout=60):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method, route, body=None, headers=None):
        """The response of ``method route`` (a file-like object); a refusal raises ApiError."""
        req = urllib.request.Request(
            f"{self.url}/api/v1{route}",
            data=body,
            method=method,
            headers={"authorization": f"Bearer {self.token}", "user-agent": USER_AGENT, **(headers or {})},
        )
        try:
            return urllib.request.urlopen(req, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            raise _refusal(e) from None
        except urllib.error.URLError as e:
            raise UnblindError(f"Cannot reach {self.url}: {e.reason}") from None

    def json(self, method, route, payload=None, headers=None, body=None):
        if payload is not None:
            body = json.dumps(payload).encode("utf-8")
            headers = {"content-type": "application/json", **(headers or {})}
        with self.request(method, route, body=body, headers=headers) as res:
            return json.loads(res.read().decode("utf-8"))


def _refusal(e):
    try:
        problem = json.loads(e.read().decode("utf-8"))
    except (ValueError, OSError):
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    return ApiError(
        e.code,
        problem.get("title") or e.reason,
        problem.get("detail") or "no details",
        e.headers.get("retry-after") if e.headers else None,
    )
