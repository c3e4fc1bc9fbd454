"""`docgen serve`: build, serve the site on 127.0.0.1, rebuild when sources change.

Watching uses watchfiles (inotify, debounced); each batch of changes triggers one build of
what it touches: an edited municipality file rebuilds that municipality's pages, an edited
catalog that language's pages, anything else the whole site (the PDF cache keeps that cheap).
A build that fails leaves the last good site served; the error goes to the terminal, to a
banner on every page and to /_docgen/error.html. Pages reload themselves after a rebuild.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import threading
import traceback
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click

from generator.build import BuildOptions, build
from generator.progress import Progress, notes, summary

WATCHED = ("content", "locales", "templates")
STEP_MS = 300  # a batch of changes ends after this long without another change (editors write in bursts)
STATUS = "/_docgen/status"
ERROR_PAGE = "/_docgen/error.html"

_RELOAD = """<script>/* docgen serve: reload after a rebuild */
(function(){var v=%d;setInterval(function(){fetch('/_docgen/status').then(function(r){return r.json()})
.then(function(s){if(s.version!==v){location.reload()}}).catch(function(){})},1000)})();</script>"""
_BANNER = ('<div role="alert" lang="en" dir="ltr" style="position:sticky;top:0;z-index:9999;background:#8b0000;color:#fff;'
           'padding:.6em 1em;font:14px/1.4 sans-serif;white-space:pre-wrap">docgen serve: the last change could not be built; '
           'this is the last good version. <a style="color:#fff" href="/_docgen/error.html">Details</a>\n{}</div>')


class Preview:
    """The build state the server shows: a version that counts good builds, and the last error."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.version = 0
        self.error: str | None = None
        self.left_out: dict[str, str] = {}
        self.lock = threading.Lock()

    @property
    def site(self) -> Path:
        return self.options.out / self.options.target

    def rebuild(self, changed: set[Path] | None = None) -> bool:
        try:
            options = self.scope_for(changed) if changed else self.options
            report = build(options, progress=Progress())
        except click.ClickException as exc:
            return self._failed(exc.format_message())
        except Exception as exc:  # a broken template or a bug: show it, keep serving the last good site
            return self._failed(_describe(exc, self.options.root))
        with self.lock:
            self.error = None
            self.version += 1
            left_out, self.left_out = self.left_out, report.left_out
        for line in notes(report):
            if "carry a notice" not in line:  # said on every rebuild, that would drown the news
                click.echo(line, err=True)
        click.echo(summary(report), err=True)
        if changed and options is not self.options and left_out != report.left_out:
            return self.rebuild()  # a language became (un)publishable: every page's language links change
        return True

    def _failed(self, message: str) -> bool:
        with self.lock:
            self.error = message
            self.version += 1
        click.secho(f"Build failed; still serving the last good site.\n{message}", fg="red", err=True)
        return False

    def scope_for(self, changed: set[Path]) -> BuildOptions:
        """The smallest build that covers the changed files, within the scope docgen serve was given."""
        root = self.options.root.resolve()
        slugs, codes, other = set(), set(), False
        for path in changed:
            parts = Path(os.path.relpath(path.resolve(), root)).parts
            if parts[:2] == ("content", "municipalities") and path.suffix == ".yaml" and path.exists():
                slugs.add(path.stem)
            elif parts[:1] == ("locales",) and len(parts) > 2 and path.suffix == ".po" and path.exists():
                codes.add(parts[1].replace("_", "-"))
            else:
                other = True
        narrow_slugs = slugs and not codes and not other and (not self.options.municipalities or slugs <= set(self.options.municipalities))
        narrow_codes = codes and not slugs and not other and (not self.options.languages or codes <= set(self.options.languages))
        if narrow_slugs:
            return dataclasses.replace(self.options, municipalities=tuple(sorted(slugs)))
        if narrow_codes:
            return dataclasses.replace(self.options, languages=tuple(sorted(codes)))
        return self.options


def _describe(exc: Exception, root: Path) -> str:
    """file:line: message for template errors, else the exception and where it was raised."""
    filename, lineno = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename and lineno:
        return f"{filename}:{lineno}: {type(exc).__name__}: {getattr(exc, 'message', None) or exc}"
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" (at {Path(frame.filename).name}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


def make_handler(preview: Preview):
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(preview.site), **kwargs)

        def log_message(self, format, *args):  # noqa: A002 (signature of the base class)
            pass  # requests are not news; build results are

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == STATUS:
                return self._send(HTTPStatus.OK, "application/json",
                                  json.dumps({"version": preview.version, "error": preview.error}).encode())
            if path == ERROR_PAGE or not preview.site.is_dir():
                return self._error_page()
            local = Path(self.translate_path(path))
            if local.is_dir():
                local = local / "index.html"
            if local.suffix == ".html" and local.is_file():
                return self._send(HTTPStatus.OK, "text/html; charset=utf-8", self._decorate(local.read_bytes()))
            return super().do_GET()

        def _decorate(self, page: bytes) -> bytes:
            """The error banner first thing in <body>, the reload script last."""
            if preview.error:
                banner = _BANNER.format(html.escape(preview.error)).encode()
                page = re.sub(rb"<body[^>]*>", lambda m: m.group(0) + banner, page, count=1)
            head, marker, tail = page.rpartition(b"</body>")
            reload = (_RELOAD % preview.version).encode()
            return head + reload + marker + tail if marker else page + reload

        def _error_page(self):
            error = preview.error or "No build error."
            body = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
                    f'<title>docgen serve: build error</title></head>'
                    f'<body><h1>The last change could not be built</h1><pre style="white-space:pre-wrap">{html.escape(error)}</pre>'
                    f'<p>The site shown is the last version that was built without errors. Fix the file named above and save it again; this page reloads by itself.</p><p><a href="/">Back to the site</a></p>'
                    f'{_RELOAD % preview.version}</body></html>')
            status = HTTPStatus.OK if preview.site.is_dir() else HTTPStatus.SERVICE_UNAVAILABLE
            return self._send(status, "text/html; charset=utf-8", body.encode())

        def _send(self, status, content_type: str, body: bytes):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def watch(preview: Preview, stop: threading.Event) -> None:
    from watchfiles import DefaultFilter, watch as watch_files

    folders = [preview.options.root / name for name in WATCHED if (preview.options.root / name).is_dir()]
    ignore = DefaultFilter(ignore_entity_patterns=DefaultFilter.ignore_entity_patterns + (r"\.mo$",))
    for changes in watch_files(*folders, watch_filter=ignore, step=STEP_MS, stop_event=stop):
        # A deleted file without a suffix is an editor's or sed's temporary file, not an input.
        changed = {Path(path) for _, path in changes if Path(path).exists() or Path(path).suffix}
        if not changed:
            continue
        names = ", ".join(sorted(os.path.relpath(p, preview.options.root) for p in changed)[:5])
        click.echo(f"Changed: {names}{' …' if len(changed) > 5 else ''}; rebuilding.", err=True)
        preview.rebuild(changed)


def serve(options: BuildOptions, port: int) -> None:
    options = dataclasses.replace(options, root=options.root.resolve(), out=options.out.resolve())
    preview = Preview(options)
    preview.rebuild()
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(preview))
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, stop), daemon=True)
    watcher.start()
    click.echo(f"Serving {preview.site} on http://127.0.0.1:{server.server_address[1]}/ "
               f"(rebuilds when {', '.join(WATCHED)} change; Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=5)

