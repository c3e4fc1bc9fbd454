"""`docgen i18n ...` and `docgen translate`: the translation workflow for translators and KI staff."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from generator.cli_context import CONTEXT, load_project_site, project_of


def _language(site, code: str):
    language = site.language(code)
    if language is None:
        configured = ", ".join(site.codes)
        raise click.ClickException(f"{code!r} is not a language in content/site.yaml ({configured}). "
                                   f"Add it with `docgen i18n init --lang {code}`.")
    return language


@click.group(context_settings=CONTEXT)
def i18n():
    """Keep the translations current: extract German texts, update catalogs, see their status.

    \b
    The usual round after changing German texts:
      docgen i18n extract     collect all German texts into locales/messages.pot
      docgen i18n update      bring every language's .po file up to date
      docgen i18n status      see what is missing or not yet reviewed
    """


@i18n.command(context_settings=CONTEXT)
@click.pass_context
def extract(ctx):
    """Collect every German text from templates and content into locales/messages.pot."""
    from generator.i18n.workflow import write_pot

    project = project_of(ctx)
    catalog, written = write_pot(project, project / "locales")
    count = len([m for m in catalog if m.id])
    click.echo(f"{'Wrote' if written else 'Unchanged:'} locales/messages.pot ({count} texts).")


@i18n.command(context_settings=CONTEXT)
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Only this language. Default: all in site.yaml.")
@click.option("--minor", is_flag=True,
              help="The German changes were minor (typos): keep reviewed translations reviewed instead of sending them back to review.")
@click.pass_context
def update(ctx, languages, minor):
    """Merge messages.pot into every language's catalog.

    Translations are kept. A translation whose German text changed is marked as needing review
    (it keeps the old German text beside it so the reviewer sees what changed).
    """
    from generator.i18n.catalogs import pot_path, read_catalog
    from generator.i18n.workflow import update as run_update

    project = project_of(ctx)
    site = load_project_site(project)
    template = read_catalog(pot_path(project / "locales"))
    for code in languages or [c for c in site.codes if c != "de"]:
        language = _language(site, code)
        result = run_update(project / "locales", language.locale, template, minor=minor)
        click.echo(f"{code}: {result.outdated} to review again, {result.kept_minor} kept (minor), {result.obsolete} no longer used (removed).")


@i18n.command("compile", context_settings=CONTEXT)
@click.option("--with-drafts", is_flag=True, help="Include unreviewed drafts in the .mo files.")
@click.pass_context
def compile_(ctx, with_drafts):
    """Write .mo files for other gettext tools. (docgen build reads the .po files directly, so it never uses a stale .mo.)"""
    from generator.i18n.workflow import compile_catalog

    project = project_of(ctx)
    for language in load_project_site(project).languages:
        if language.code != "de":
            path = compile_catalog(project / "locales", language.locale, use_fuzzy=with_drafts)
            click.echo(f"Wrote {path.relative_to(project)}")


@i18n.command(context_settings=CONTEXT)
@click.option("--lang", "code", required=True, metavar="CODE", help="The new language, for example fa-AF or uk.")
@click.option("--policy", type=click.Choice(["drafts-with-notice", "reviewed-only"]), default="drafts-with-notice",
              show_default=True, help="What may be published before a human reviewed it.")
@click.pass_context
def init(ctx, code, policy):
    """Add a new language: create its catalog (with plural rules from Babel) and list it in site.yaml."""
    from babel import UnknownLocaleError

    from generator.i18n.catalogs import pot_path, read_catalog
    from generator.i18n.codes import babel_locale
    from generator.i18n.site_config import add_language
    from generator.i18n.workflow import init as run_init

    project = project_of(ctx)
    try:
        babel_locale(code)
    except (UnknownLocaleError, ValueError):
        raise click.ClickException(f"{code!r} is not a language code Babel knows. Use codes such as uk, fa-AF, ckb, ti.") from None
    site = load_project_site(project)
    template = read_catalog(pot_path(project / "locales"))
    try:
        path = run_init(project / "locales", code, template)
    except FileExistsError as exc:
        raise click.ClickException(f"{exc.args[0]} exists already; use `docgen i18n update` instead.") from None
    added = site.language(code) is None and add_language(project / "content" / "site.yaml", code, policy)
    click.echo(f"Created {Path(path).relative_to(project)}" + (f" and added {code} ({policy}) to content/site.yaml." if added else "."))
    click.echo(f"Next: draft it with `docgen translate --lang {code}` or send the .po file to a translator.")


@i18n.command(context_settings=CONTEXT)
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Only this language.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--list", "which", type=click.Choice(["outdated", "missing", "draft"]),
              help="List these texts of the language with their German text and where they are used (needs --lang).")
@click.pass_context
def status(ctx, languages, fmt, which):
    """Show, per language: how many texts are reviewed, drafts, outdated or missing, and whether it may be published.

    Each text is in exactly one state, so reviewed + draft + outdated + missing = total;
    'machine' counts the machine drafts among the drafts.
    """
    from generator.i18n.status import language_status

    project = project_of(ctx)
    site = load_project_site(project)
    if which:
        if len(languages) != 1:
            raise click.UsageError("--list needs exactly one language: --lang CODE --list " + which)
        _list_entries(project, site, _language(site, languages[0]), which, fmt)
        return
    rows = [language_status(project / "locales", _language(site, code)) for code in (languages or [l.code for l in site.languages])]
    if fmt == "json":
        click.echo(json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False))
        return
    header = (f"{'lang':<6} {'total':>5} {'reviewed':>8} {'draft':>5} {'(machine)':>9} {'outdated':>8} {'missing':>7} "
              f"{'done %':>6}  {'policy':<19} publishable")
    click.echo(header)
    click.echo("-" * len(header))
    for r in rows:
        click.echo(f"{r.code:<6} {r.total:>5} {r.reviewed:>8} {r.draft:>5} {f'({r.machine})':>9} {r.outdated:>8} {r.missing:>7} "
                   f"{r.percent_translated:>6.1f}  {r.policy:<19} {'yes' if r.publishable else 'no'}")


def _list_entries(project, site, language, which, fmt):
    """`status --list`: each text with its id, German (old and new for outdated ones) and place of use."""
    from generator.i18n.review import changes_as_text, message_id, previous_german, word_changes
    from generator.i18n.status import entries_in_state
    from generator.i18n.places import Places

    places = Places(site, project)
    items = []
    for entry, state, message in entries_in_state(project / "locales", language, which):
        old = previous_german(message)
        items.append({"id": message_id(entry.id), "state": state.value, "german": entry.id,
                      "german_before": old, "changes": changes_as_text(word_changes(old, entry.id)) if old else None,
                      "translation": (message.string if message is not None and isinstance(message.string, str) else "") or None,
                      "where": places.places_of(entry)})
    if fmt == "json":
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    for item in items:
        click.echo(f"[{item['id']}] {item['state']}: {item['where'][0] if item['where'] else 'not used any more'}"
                   + (f" (and {len(item['where']) - 1} more)" if len(item["where"]) > 1 else ""))
        click.echo(f"    German:  {item['german']}")
        if item["changes"]:
            click.echo(f"    changed: {item['changes']}")
    click.echo(f"{language.code}: {len(items)} {which} texts.")


@i18n.command("review-sheet", context_settings=CONTEXT)
@click.option("--lang", "code", required=True, metavar="CODE", help="The language to review.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the sheet.  [default: build/review]")
@click.option("--only-unreviewed", is_flag=True, help="List only texts that still need a review.")
@click.option("--no-pdf", is_flag=True, help="Write HTML and CSV only.")
@click.pass_context
def review_sheet(ctx, code, out, only_unreviewed, no_pdf):
    """Print a review sheet: German and the current translation side by side, drafts highlighted.

    Also writes a CSV of the same table. Interpreters correct the 'translation' column and put
    'x' in 'reviewed'; `docgen i18n review-import` then takes their corrections back.
    """
    from generator.i18n.review import write_review_sheet

    project = project_of(ctx)
    site = load_project_site(project)
    language = _language(site, code)
    paths = write_review_sheet(project, site, language, out or project / "build" / "review", only_unreviewed, pdf=not no_pdf)
    for path in paths:
        click.echo(f"Wrote {path}")


@i18n.command("review-import", context_settings=CONTEXT)
@click.option("--lang", "code", required=True, metavar="CODE")
@click.option("--reviewer", required=True, help="Who reviewed (kept as a translator comment in the catalog).")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def review_import(ctx, code, reviewer, csv_file):
    """Take corrections from a filled-in review-sheet CSV back into the catalog and mark those texts reviewed.

    \b
    The sheet must be the one made for this language (its first row says so). Excel's CSV formats
    are read (comma or semicolon, UTF-8, UTF-16 or Windows-1252 for Latin-script languages).
    Rows whose text changed in the catalog since the sheet was printed are left out and listed;
    the command then exits with 1. Rows with a broken translation stop the import: nothing changes.
    """
    from generator.content.problems import ContentError
    from generator.i18n.review_import import import_review

    project = project_of(ctx)
    language = _language(load_project_site(project), code)
    result = import_review(project / "locales", language, csv_file, reviewer)
    click.echo(f"{code}: {result.reviewed} marked reviewed ({result.changed} with corrections), {result.unchanged} left as they were.")
    for problem in result.unmarked:
        click.echo(f"{problem.path}:{problem.line}: warning: {problem.message}", err=True)
    if result.stale:
        raise ContentError(result.stale, outcome=f"these rows are out of date and were not imported "
                           f"(the other rows were); print a new sheet with `docgen i18n review-sheet --lang {code}`")


@click.command(context_settings=CONTEXT)
@click.option("--lang", "code", metavar="CODE", help="The language to draft.")
@click.option("--provider", type=click.Choice(["libre", "google", "deepl", "mymemory"]), default="libre", show_default=True,
              help="The machine-translation service (LibreTranslate can run on the county's own server).")
@click.option("--base-url", metavar="URL", help="Address of the service, for a self-hosted LibreTranslate, e.g. http://127.0.0.1:5000/")
@click.option("--api-key-env", metavar="NAME", help="Name of the environment variable that holds the API key.")
@click.option("--limit", type=click.IntRange(1), help="Translate at most this many texts.")
@click.option("--dry-run", is_flag=True, help="Only show what would be translated; send nothing.")
@click.option("--timeout", type=click.FloatRange(1, 600), default=30, show_default=True, help="Seconds to wait for one answer.")
@click.option("--list-providers", is_flag=True, help="Show which service can draft which configured language, and stop.")
@click.pass_context
def translate(ctx, code, provider, base_url, api_key_env, limit, dry_run, timeout, list_providers):
    """Fill missing translations with machine drafts (deep-translator), marked for human review.

    Only missing texts are filled; reviewed or existing translations are never changed. Progress is
    saved after every batch: after a network failure, run the same command again to continue.
    """
    from generator.i18n import machine as mt

    project = project_of(ctx)
    site = load_project_site(project)
    if list_providers:
        rows = mt.providers_table([c for c in site.codes if c != "de"])
        click.echo(f"{'lang':<6} " + " ".join(f"{p:<9}" for p in mt.PROVIDERS))
        for row in rows:
            click.echo(f"{row['code']:<6} " + " ".join(f"{'yes' if row[p] else '-':<9}" for p in mt.PROVIDERS))
        return
    if not code:
        raise click.UsageError("Name the language: --lang CODE (or use --list-providers).")
    language = _language(site, code)
    api_key = None
    if api_key_env:
        api_key = os.environ.get(api_key_env)
        if not api_key:
            raise click.ClickException(f"The environment variable {api_key_env} is not set or empty.")
    options = dict(provider=provider, base_url=base_url, api_key=api_key, limit=limit,
                   protected_terms=site.protected_terms, timeout=timeout)
    plan = mt.translate_catalog(project / "locales", language.code, dry_run=True, **options)
    if dry_run or not plan.planned:
        report = plan
        for msgid in plan.sample:
            click.echo(f"  would translate: {msgid[:70]!r}")
    else:
        with click.progressbar(length=plan.planned, label=f"Translating into {code}", file=sys.stderr) as bar:
            report = mt.translate_catalog(project / "locales", language.code, progress=bar.update, **options)
    verb = "Would translate" if report.dry_run else "Filled"
    click.echo(f"{code}: {verb} {report.filled} texts as machine drafts; {len(report.failed)} failed; {report.remaining} still missing.")
    for msgid, reason in report.failed[:20]:
        click.echo(f"  failed: {msgid[:60]!r}: {reason}", err=True)
    if report.failed:
        ctx.exit(1)
