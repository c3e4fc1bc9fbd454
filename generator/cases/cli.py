"""`docgen case new|render`: one person's filled document from a YAML or JSON case, for the ABH's
own software. Writes only where -o says (mode 0600, atomically), never under build/site or content/.
WeasyPrint is imported only when a PDF is rendered."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.cli_context import CONTEXT, load_project_site, project_of

# Folders of the project where personal documents must never land: build/ (the published site and its
# caches, DESIGN.md §6) and the sources.
FORBIDDEN = ("build", "content")


class CaseFailed(click.ClickException):
    """A clean `Error:` line per problem, exit code 1, no traceback."""


def _problems(source: str, error) -> CaseFailed:
    lines = [f"  {source}{':' + str(p.line) if p.line else ''}: {p}" for p in error.problems]
    return CaseFailed(f"{len(lines)} Fehler, nichts geschrieben:\n" + "\n".join(lines))


def safe_output(project: Path, out: str) -> Path | None:
    """The output path, or None for standard output; refuses the project's site and content folders."""
    if out == "-":
        return None
    path = Path(out).expanduser().resolve()
    for folder in FORBIDDEN:
        if path.is_relative_to((project / folder).resolve()):
            raise CaseFailed(f"{out}: nicht unter {folder}/ schreiben. Personenbezogene Dokumente gehören nicht "
                             "in die veröffentlichte Website oder die Inhalte; wählen Sie einen anderen Ort.")
    if path.is_dir():
        raise CaseFailed(f"{out} ist ein Ordner; geben Sie einen Dateinamen an, zum Beispiel {out.rstrip('/')}/fall.pdf.")
    if not path.parent.is_dir():
        raise CaseFailed(f"{out}: den Ordner {path.parent} gibt es nicht.")
    return path


def write_private(path: Path | None, data: bytes) -> None:
    """Write atomically with mode 0600 (only the user may read it), or to standard output."""
    from generator.files import write_atomic

    if path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        write_atomic(path, data, mode=0o600)
        path.chmod(0o600)  # also when an identical file was already there
    except OSError as exc:
        raise CaseFailed(f"{path}: kann nicht schreiben ({exc.strerror}).") from None


@click.group(context_settings=CONTEXT)
def case():
    """One person's filled documents from a case file (YAML or JSON).

    \b
      docgen case new --doc einwilligung --lang fa --municipality kamen -o fall.yaml
      docgen case render fall.yaml -o einwilligung.pdf
      docgen case render fall.yaml -o akte.pdf --copy file
    """


@case.command(context_settings=CONTEXT)
@click.option("--doc", "doc_id", required=True, metavar="ID", help="The document, e.g. einwilligung, gespraechskonzept, vollmacht.")
@click.option("--lang", "code", required=True, metavar="CODE", help="The person's language, e.g. fa, ar.")
@click.option("--municipality", "slug", required=True, metavar="SLUG", help="Where the person lives, e.g. kamen.")
@click.option("-o", "--output", "out", required=True, metavar="FILE", help="Where to write the template ('-': standard output).")
@click.pass_context
def new(ctx, doc_id, code, slug, out):
    """Write a commented case template that lists every field of the document."""
    from generator.cases.casefile import case_template

    project = project_of(ctx)
    site = load_project_site(project)
    for value, known, what in ((doc_id, list(site.documents), "--doc"), (code, list(site.codes), "--lang"),
                               (slug, list(site.municipalities), "--municipality")):
        if value not in known:
            raise CaseFailed(f"{what} {value!r} ist nicht eingerichtet; erlaubt: {', '.join(known)}.")
    text = case_template(site, doc_id, code, slug, dt.date.today())
    write_private(safe_output(project, out), text.encode("utf-8"))


@case.command(context_settings=CONTEXT)
@click.argument("case_file", metavar="CASE")
@click.option("-o", "--output", "out", required=True, metavar="FILE", help="Where to write the PDF ('-': standard output).")
@click.option("--copy", type=click.Choice(["person", "file"]), default="person", show_default=True,
              help="person: bilingual copy for the person; file: German PDF/A copy for the file.")
@click.pass_context
def render(ctx, case_file, out, copy):
    """Render a case (a YAML or JSON file, or '-' for standard input) as PDF.

    Bad input is reported per field (never its value), exit code 1, and nothing is written.
    """
    from generator.cases.casefile import MAX_CASE_BYTES, read_case
    from generator.cases.render import Renderer
    from generator.cases.validate import CaseError, validate_case

    project = project_of(ctx)
    target = safe_output(project, out)
    source = "stdin" if case_file == "-" else case_file
    try:
        if case_file == "-":
            raw = sys.stdin.buffer.read(MAX_CASE_BYTES + 1)
        else:
            with open(case_file, "rb") as handle:
                raw = handle.read(MAX_CASE_BYTES + 1)
        if len(raw) > MAX_CASE_BYTES:
            raise CaseFailed(f"{source}: größer als {MAX_CASE_BYTES // 1024} KiB; das ist kein Fall. Nichts wurde geschrieben.")
        text = raw.decode("utf-8")
    except OSError as exc:
        raise CaseFailed(f"{case_file}: kann nicht gelesen werden ({exc.strerror}).") from None
    except UnicodeDecodeError:
        raise CaseFailed(f"{source}: ist nicht in UTF-8 gespeichert. Speichern Sie die Datei als UTF-8.") from None
    site = load_project_site(project)
    try:
        data, lines = read_case(text)
        case_ = validate_case(data, site, lines)
        pdf = Renderer(site, project).pdf(case_, copy)
    except CaseError as error:
        raise _problems(source, error) from None
    except Exception as exc:  # noqa: BLE001 - the message could quote the person's data; name only the kind
        raise CaseFailed(f"{source}: das PDF konnte nicht erzeugt werden ({type(exc).__name__}). "
                         "Nichts wurde geschrieben.") from None
    write_private(target, pdf)
    if target is not None:
        click.echo(f"{out}: {case_.document}, Kopie {'für die Person' if copy == 'person' else 'für die Akte (PDF/A)'}.", err=True)
