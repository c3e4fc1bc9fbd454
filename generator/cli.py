"""The `docgen` command line: build, check, translation workflow, machine drafts, review sheets."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

import click

from generator import __version__
from generator.cli_context import CONTEXT, load_project_site, project_of

def _date(ctx, param, value):
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD, for example 2026-06-01.") from None


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="docgen")
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="The project folder that holds content/, locales/ and templates/.")
@click.pass_context
def main(ctx, project):
    """Make the flyers and documents of Kreis Unna's department 35 in every language it serves.

    \b
    Everyday use:
      docgen check            look for mistakes in content/ and the translations
      docgen build            make the website with all flyers and documents in build/site
      docgen i18n status      see how far each translation is
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # WeasyPrint logs every unsupported CSS property; our pages are checked by looking at them.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    ctx.obj = {"project": project.resolve()}
    if not (ctx.obj["project"] / "content").is_dir() and ctx.invoked_subcommand not in (None,):
        raise click.ClickException(f"{project} has no content/ folder. Run docgen in the project folder, or pass --project DIR.")


@main.command(context_settings=CONTEXT)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write. The website goes to OUT/site.  [default: build]")
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Only this language (repeat for more), for example --lang ar. Default: all in site.yaml.")
@click.option("--municipality", "municipalities", multiple=True, metavar="SLUG",
              help="Only this municipality (repeat for more), for example --municipality unna.")
@click.option("--as-of", "as_of", callback=_date, metavar="YYYY-MM-DD",
              help="Build as on this day: offers, rules and amounts that are not valid then are left out. Default: today.")
@click.option("--strict", is_flag=True, help="Stop when any text has no publishable translation, instead of showing German.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="How many PDFs to render at once. Default: one per processor core.")
@click.pass_context
def build(ctx, out, languages, municipalities, as_of, strict, jobs):
    """Make the website: flyers and documents as HTML and PDF, for every language.

    Nothing is changed when there is a mistake: the previous build/site stays as it was.
    Only pages whose content, translation or layout changed are made again.
    """
    from generator.build import BuildOptions, build as run_build

    project = project_of(ctx)
    options = BuildOptions(root=project, out=(out or project / "build"), languages=languages,
                           municipalities=municipalities, as_of=as_of, strict=strict, jobs=jobs or 0)

    class Bar:
        def __init__(self, total):
            self.bar = click.progressbar(length=total, label="Rendering PDFs", file=sys.stderr) if total else None
            if self.bar:
                self.bar.__enter__()

        def update(self, n):
            self.bar.update(n)

        def finish(self):
            if self.bar:
                self.bar.__exit__(None, None, None)

    try:
        report = run_build(options, progress_factory=Bar)
    except OSError as exc:  # a full disk or a read-only folder is the user's to fix, not a crash
        raise click.ClickException(f"cannot write {exc.filename or options.out}: {exc.strerror}. "
                                   "The previous site is unchanged.") from None
    for code, missing in sorted(report.fallbacks.items()):
        click.echo(f"warning: {code}: {len(missing)} texts have no publishable translation and are shown in German "
                   f"(see `docgen i18n status --lang {code}`).", err=True)
    for code, pages in sorted(report.drafts.items()):
        click.echo(f"note: {code}: {pages} pages contain unreviewed translations and carry a notice.", err=True)
    if not report.changed:
        click.echo(f"Nothing changed: {report.site} is up to date ({report.pages} files).")
    else:
        click.echo(f"Built {report.site}: {report.pages} files, {report.pdfs_rendered} PDFs rendered, {report.pdfs_reused} reused.")


@main.command(context_settings=CONTEXT)
@click.option("--strict", is_flag=True, help="Treat warnings (old or expiring entries, obsolete translations) as errors.")
@click.option("--as-of", "as_of", callback=_date, metavar="YYYY-MM-DD", help="Check as on this day. Default: today.")
@click.pass_context
def check(ctx, strict, as_of):
    """Look for mistakes in content/ and locales/ without making anything.

    Every problem is listed with file, line and what to do. Exit code 0: all clean; 1: problems found.
    """
    from generator.content import ContentError
    from generator.content.loader import content_warnings
    from generator.i18n.checks import check_catalogs
    from generator.i18n.workflow import extract

    project = project_of(ctx)
    site = load_project_site(project)
    problems = check_catalogs(site, project / "locales", extract(project))
    problems += content_warnings(site, as_of)
    errors = [p for p in problems if p.severity == "error" or strict]
    for problem in sorted(problems, key=lambda p: (p.path, p.line)):
        if problem not in errors:
            click.echo(str(problem), err=True)
    if errors:
        raise ContentError(errors, outcome="fix them and run `docgen check` again")
    click.echo(f"All clean: {len(site.municipalities)} municipalities, "
               f"{len(site.county_offers) + sum(len(m.offers) for m in site.municipalities.values())} offers, "
               f"{len(site.documents)} documents, {len(site.languages)} languages"
               + (f", {len(problems)} warnings." if problems else "."))


from generator.i18n.cli import i18n, translate  # noqa: E402  (commands live beside, one module per area)

from generator.cases.cli import case  # noqa: E402
from generator.counter.command import counter  # noqa: E402

main.add_command(i18n)
main.add_command(translate)
main.add_command(case)
main.add_command(counter)


if __name__ == "__main__":
    main()
