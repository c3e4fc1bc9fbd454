"""A LibreTranslate-compatible stand-in server for tests: deterministic fake translations and failure modes.

deep-translator's LibreTranslator sends `POST <custom_url>translate` with q, source, target,
format and api_key in the query string (`requests.post(url, params=...)`); LibreTranslate
itself also takes them as a form or JSON body, so all three are read here.

The "translation" maps a few words through WORDS and upper-cases every other word; tokens such
as [[0]] pass through unchanged. Modes:

- normal: translate every request;
- fail:   answer HTTP 500 after `fail_after` good answers;
- close:  close the connection without answering after `fail_after` good answers;
- 429:    answer HTTP 429 after `fail_after` good answers;
- hang:   never answer (until the server stops or `hang_seconds` pass);
- drop:   translate, but drop every [[n]] token (a lost placeholder or line break);
- markup: translate, but wrap the text in <b>…</b>.

With `api_key` set, a request with another key gets HTTP 403. Run it by hand with
`python tests/standin_translator.py [PORT]`.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

WORDS = {
    "Sie": "you", "haben": "have", "eine": "a", "Duldung": "toleration",
    "Ausländerbehörde": "immigration office", "Härtefallkommission": "Härtefallkommission",
}
LANGUAGES = ["en", "ar", "fr", "ru", "tr", "it", "pl"]


def fake_translate(text: str) -> str:
    return re.sub(r"\[\[\d+\]\]|[^\W\d_][\w-]*", lambda m: m[0] if m[0].startswith("[[") else WORDS.get(m[0], m[0].upper()), text)


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, mode: str = "normal", fail_after: int = 0, api_key: str | None = None,
                 hang_seconds: float = 30.0, port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.mode, self.fail_after, self.api_key, self.hang_seconds = mode, fail_after, api_key, hang_seconds
        self.requests: list[dict] = []  # every /translate request's parameters, in order
        self.released = threading.Event()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> "StandInServer":
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.released.set()  # wakes hanging handlers
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: StandInServer

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if urlsplit(self.path).path.rstrip("/") == "/languages":
            self._send(200, [{"code": c, "name": c, "targets": LANGUAGES} for c in ["de", *LANGUAGES]])
        else:
            self._send(404, {"error": "Not Found"})

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = dict(parse_qsl(url.query))
        if body and "json" in (self.headers.get("Content-Type") or ""):
            params.update(json.loads(body))
        elif body:
            params.update(parse_qsl(body))
        if url.path.rstrip("/") != "/translate":
            return self._send(404, {"error": "Not Found"})
        server = self.server
        with server.lock:
            server.requests.append(params)
            count = len(server.requests)
        if server.api_key is not None and params.get("api_key") != server.api_key:
            return self._send(403, {"error": "Invalid API key"})
        if "q" not in params or "target" not in params:
            return self._send(400, {"error": "Invalid request: missing q or target"})
        failing = count > server.fail_after
        if server.mode == "hang":
            server.released.wait(server.hang_seconds)
            return
        if server.mode == "fail" and failing:
            return self._send(500, {"error": "stand-in failure"})
        if server.mode == "429" and failing:
            return self._send(429, {"error": "Too many requests"})
        if server.mode == "close" and failing:
            self.close_connection = True
            return
        text = fake_translate(params["q"])
        if server.mode == "drop":
            text = re.sub(r"\s*\[\[\d+\]\]", "", text)
        elif server.mode == "markup":
            text = f"<b>{text}</b>"
        self._send(200, {"translatedText": text})


if __name__ == "__main__":
    server = StandInServer(port=int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
    print(f"stand-in LibreTranslate on {server.url}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()
