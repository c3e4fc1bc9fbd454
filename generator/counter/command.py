"""`docgen counter`: start the counter app on 127.0.0.1, WeasyPrint and the fonts warmed up first."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

import click

from generator.cli_context import CONTEXT, load_project_site, project_of

log = logging.getLogger("generator.counter")


def warm_up(renderer, site) -> float:
    """Import WeasyPrint, load the fonts of every configured script and fill the caches by rendering
    a fictitious case once per script family (nothing is kept), so the first real form is fast."""
    from generator.cases.validate import validate_case
    from generator.render.fonts import SCRIPT_FONTS

    start = time.perf_counter()
    today = dt.date.today().strftime("%d.%m.%Y")
    scripts: dict[tuple, str] = {}
    for code in site.codes:
        scripts.setdefault(SCRIPT_FONTS.get(code, ()), code)
    municipality = next(iter(site.municipalities))
    document = "einwilligung" if "einwilligung" in site.documents else next(iter(site.documents))
    for code in scripts.values():
        case = validate_case({"document": document, "language": code, "municipality": municipality, "date": today,
                              "person_name": "Muster, Erika", "person_birth_date": "01.01.1990"}, site)
        renderer.pdf(case, "person")
    renderer.pdf(case, "file")
    return time.perf_counter() - start


def quiet_handler():
    """Werkzeug's request handler, logging method, path (never a query string) and status only."""
    from werkzeug.serving import WSGIRequestHandler

    class PathOnly(WSGIRequestHandler):
        def log_request(self, code="-", size="-"):
            path = self.path.split("?", 1)[0]
            log.info("%s %s %s", self.command, path, getattr(code, "value", code))

        def log_error(self, format, *args):  # noqa: A002 - base signature; messages may quote the request line
            log.warning("request error %s", self.command if hasattr(self, "command") else "")

    return PathOnly


@click.command(context_settings=CONTEXT)
@click.option("--port", type=click.IntRange(1024, 65535), default=8035, show_default=True,
              help="Port on 127.0.0.1 (the app never listens on other addresses).")
@click.option("--no-warm-up", is_flag=True, help="Start at once; the first PDF then takes a few seconds longer.")
@click.pass_context
def counter(ctx, port, no_warm_up):
    """The local web form for counter staff: one person's documents, filled in and printed.

    Open http://127.0.0.1:PORT/ in the browser on this computer. Nothing is stored: no database,
    no sessions, no files; PDFs open in the browser for printing. Stop with Ctrl+C.
    """
    from generator.cases.render import Renderer
    from generator.counter.app import create_app

    project = project_of(ctx)
    site = load_project_site(project)
    renderer = Renderer(site, project)
    app = create_app(site, Path(project), port, renderer)
    logging.getLogger("generator.counter").setLevel(logging.INFO)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    if not no_warm_up:
        click.echo("Lade WeasyPrint und Schriften …", err=True)
        click.echo(f"Bereit nach {warm_up(renderer, site):.1f} s.", err=True)
    click.echo(f"Theke läuft: http://127.0.0.1:{port}/  (nur auf diesem Rechner; beenden mit Strg+C)", err=True)
    app.run(host="127.0.0.1", port=port, debug=False, use_reloader=False, threaded=True,
            request_handler=quiet_handler())
