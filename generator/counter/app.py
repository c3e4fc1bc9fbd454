"""The counter app: choose document, language and municipality, fill in the form, get the person's
copy (bilingual) or the file copy (German, PDF/A) as a PDF in the browser.

It stores nothing: no database, no sessions, no files (PDFs are rendered to bytes in memory; form
bodies are small enough that Werkzeug never spools them to disk). It logs method, path and status
only, never a form value or a traceback. Works without JavaScript.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path

from flask import Flask, Response, abort, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from generator.cases.casefile import MAX_CASE_BYTES, read_case
from generator.cases.fields import OUTCOMES, case_fields, valid_rules
from generator.cases.render import Renderer
from generator.cases.validate import CaseError, CaseProblem, validate_case
from generator.content.model import Site
from generator.counter.guard import SECURITY_HEADERS, Guard
from generator.i18n.formatting import language_name

log = logging.getLogger("generator.counter")
MAX_REQUEST_BYTES = 128 * 1024  # a filled form is a few KiB; an uploaded case at most 64 KiB


class CounterFlask(Flask):
    def log_exception(self, exc_info) -> None:
        # Flask would log the traceback, whose messages may quote what was typed: the kind only.
        log.error("internal error on %s %s: %s", request.method, request.path, exc_info[0].__name__)


def create_app(site: Site, root: Path, port: int, renderer: Renderer | None = None) -> Flask:
    root = Path(root).resolve()
    app = CounterFlask(__name__, template_folder=str(root / "templates" / "counter"),
                       static_folder=str(root / "templates" / "counter" / "static"), static_url_path="/static")
    app.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES, MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
                      MAX_FORM_PARTS=400, TEMPLATES_AUTO_RELOAD=False)
    guard = Guard(port)
    renderer = renderer or Renderer(site, root)
    render_lock = threading.Lock()  # one WeasyPrint render at a time, sharing one font configuration

    def choices() -> dict:
        return {
            "documents": [(d.id, d.title) for d in site.documents.values()],
            "languages": [(c, f"{language_name(c, 'de')} ({c})") for c in site.codes],
            "municipalities": [(slug, m.name) for slug, m in site.municipalities.items()],
        }

    def page(template: str, status: int = 200, **context) -> Response:
        html = render_template(template, token=guard.token(), **choices(), **context)
        return Response(html, status=status, mimetype="text/html")

    def message(title: str, text: str, status: int) -> Response:
        try:
            return page("message.html", status, title=title, text=text)
        except Exception:  # noqa: BLE001 - the error page itself must never fail with a traceback
            return Response(f"{title}: {text}\n", status=status, mimetype="text/plain")

    @app.before_request
    def check_request():
        if not guard.host_ok(request.host):
            return Response("Unbekannter Host: Die Theke antwortet nur auf 127.0.0.1 und localhost.\n",
                            status=400, mimetype="text/plain")
        if request.method == "POST":
            if not guard.origin_ok(request.headers.get("Origin")):
                return message("Anfrage abgelehnt", "Das Formular kam von einer fremden Seite.", 403)
            if not guard.token_ok(request.form.get("csrf_token")):
                return message("Formular abgelaufen",
                               "Das Formular ist ungültig oder älter als ein Arbeitstag (oder die Theke wurde neu "
                               "gestartet). Öffnen Sie die Startseite und füllen Sie es neu aus.", 403)
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_error):
        return message("Zu groß", f"Die Anfrage ist zu groß (höchstens {MAX_REQUEST_BYTES // 1024} KiB; "
                                  f"eine Falldatei höchstens {MAX_CASE_BYTES // 1024} KiB). Nichts wurde verarbeitet.", 400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return message(f"Fehler {error.code}", error.description or "", error.code or 400)

    @app.errorhandler(Exception)
    def internal(error: Exception):
        log.error("internal error on %s %s: %s", request.method, request.path, type(error).__name__)
        return message("Interner Fehler", "Das Dokument konnte nicht erzeugt werden. Es wurde nichts gespeichert. "
                                          "Bitte versuchen Sie es noch einmal oder melden Sie den Fehler (ohne Personendaten).", 500)

    @app.get("/")
    def start():
        return page("start.html")

    def chosen(form) -> tuple[str, str, str]:
        doc, code, slug = form.get("document", ""), form.get("language", ""), form.get("municipality", "")
        problems = []
        if doc not in site.documents:
            problems.append("Dokument")
        if site.language(code) is None:
            problems.append("Sprache")
        if slug not in site.municipalities:
            problems.append("Wohnort")
        if problems:
            abort(400, description=f"Bitte wählen: {', '.join(problems)} (nur eingerichtete Werte).")
        return doc, code, slug

    def form_page(doc: str, code: str, slug: str, values: dict, problems: list[CaseProblem], status: int = 200):
        document = site.documents[doc]
        today = dt.date.today()
        fields = case_fields(site, document, slug, today)
        errors: dict[str, list[str]] = {}
        general = []
        for p in problems:
            key = p.field.split(".")[1] if p.field.startswith("rules.") else p.field
            (errors.setdefault(key, []) if key else general).append(p.message)
        rules = valid_rules(document, today) if document.rules else []
        known = {f.name for f in fields} | {r.id for r in rules} | {"ticked"}  # what the form shows errors beside
        general += [f"{p.field} ({p.label}): {p.message}" if p.label else f"{p.field}: {p.message}"
                    for p in problems if p.field and (p.field.split(".")[1] if p.field.startswith("rules.") else p.field) not in known]
        groups: list[tuple[str, list]] = []
        for f in fields:
            if not groups or groups[-1][0] != f.group:
                groups.append((f.group, []))
            groups[-1][1].append(f)
        return page("form.html", status, document=document, code=code, slug=slug, groups=groups,
                    language=language_name(code, "de"), place=site.municipalities[slug].name,
                    rules=rules, outcomes=OUTCOMES,
                    values=values, errors=errors, general=general, count=len(problems))

    @app.post("/form")
    def form():
        doc, code, slug = chosen(request.form)
        return form_page(doc, code, slug, {"date": dt.date.today().strftime("%d.%m.%Y")}, [])

    def raw_from_form(form, doc: str, code: str, slug: str) -> dict:
        document = site.documents[doc]
        raw: dict = {"document": doc, "language": code, "municipality": slug}
        day_fields = case_fields(site, document, slug, dt.date.today())
        raw["ticked"] = [name for name in form.getlist("ticked") if isinstance(name, str)]
        for f in day_fields:
            if f.kind != "check" and form.get(f.name, "") != "":
                raw[f.name] = form.get(f.name)
        rules = {}
        for rule in document.rules:
            outcome = form.get(f"rule:{rule.id}", "")
            if outcome:
                rules[rule.id] = {"outcome": outcome, "note": form.get(f"note:{rule.id}", "")}
        if rules:
            raw["rules"] = rules
        return raw

    @app.post("/pdf")
    def pdf():
        doc, code, slug = chosen(request.form)
        copy = request.form.get("copy", "person")
        if copy not in ("person", "file"):
            abort(400, description="Unbekannte Kopie: person oder file.")
        raw = raw_from_form(request.form, doc, code, slug)
        try:
            case = validate_case(raw, site)
        except CaseError as error:
            return form_page(doc, code, slug, form_values(raw), error.problems, status=400)
        with render_lock:
            data = renderer.pdf(case, copy)
        name = f"{doc}-{'person' if copy == 'person' else 'akte'}.pdf"  # never the person's name
        return Response(data, mimetype="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{name}"'})

    @app.post("/upload")
    def upload():
        """A case file from the ABH's software (YAML or JSON) opens as a filled form to check and print."""
        file = request.files.get("case")
        if file is None or not file.filename:
            abort(400, description="Bitte eine Falldatei (YAML oder JSON) auswählen.")
        data = file.stream.read(MAX_CASE_BYTES + 1)
        if len(data) > MAX_CASE_BYTES:
            abort(400, description=f"Die Falldatei ist größer als {MAX_CASE_BYTES // 1024} KiB.")
        try:
            raw, _ = read_case(data.decode("utf-8"))
        except UnicodeDecodeError:
            abort(400, description="Die Falldatei ist nicht in UTF-8 gespeichert.")
        except CaseError as error:
            abort(400, description=" ".join(str(p) + (f" (Zeile {p.line})" if p.line else "") for p in error.problems))
        if not isinstance(raw, dict):
            abort(400, description="Die Falldatei muss aus Zeilen „feld: wert“ bestehen.")
        doc, code, slug = chosen({k: raw.get(k) if isinstance(raw.get(k), str) else "" for k in ("document", "language", "municipality")})
        try:
            validate_case(raw, site)
            problems = []
        except CaseError as error:
            problems = error.problems
        return form_page(doc, code, slug, form_values(raw), problems, status=400 if problems else 200)

    return app


def form_values(raw: dict) -> dict:
    """What to put back into the form: text as typed, ticks, rule outcomes and notes."""
    values = {k: (v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else v) for k, v in raw.items()
              if isinstance(v, (str, dt.date))}
    values["ticked"] = set(raw.get("ticked") or []) if isinstance(raw.get("ticked"), list) else set()
    rules = raw.get("rules") if isinstance(raw.get("rules"), dict) else {}
    for rule_id, entry in rules.items():
        entry = entry if isinstance(entry, dict) else {"outcome": entry}
        values[f"rule:{rule_id}"] = entry.get("outcome") or ""
        values[f"note:{rule_id}"] = entry.get("note") or ""
    return values
