"""What keeps other web pages and other hosts away from the counter app (Art. 25, 32 DSGVO).

- Host check: only `127.0.0.1:PORT` and `localhost:PORT`. A page on another site that rebinds its
  own name to 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
- CSRF token: every form carries a token signed with a secret that lives only in this process's
  memory (itsdangerous, which Flask depends on). A page in the same browser cannot read it, so it
  cannot make the app render anything. A restart invalidates old forms.
- Origin check as a second line: a browser's cross-site POST names its origin.
- Responses: no-store, no referrer to other sites, no framing, a CSP that allows only this app.
"""

from __future__ import annotations

import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

TOKEN_MAX_AGE = 12 * 60 * 60  # a working day; a form left open overnight must be reloaded
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer would make browsers send "Origin: null" on our own POSTs
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
}


class Guard:
    def __init__(self, port: int):
        self.port = port
        self._tokens = URLSafeTimedSerializer(secrets.token_bytes(32), salt="unna-docs counter form")

    @property
    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def host_ok(self, host: str | None) -> bool:
        return (host or "").lower() in self.hosts

    def origin_ok(self, origin: str | None) -> bool:
        """No Origin header (older clients, curl) is fine: the token decides; a foreign one is not."""
        return origin is None or origin in {f"http://{h}" for h in self.hosts}

    def token(self) -> str:
        return self._tokens.dumps("counter")

    def token_ok(self, token: str | None) -> bool:
        if not token:
            return False
        try:
            return self._tokens.loads(token, max_age=TOKEN_MAX_AGE) == "counter"
        except BadSignature:
            return False
