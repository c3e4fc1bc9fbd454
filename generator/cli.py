"""The `docgen` command line: build, check, translation workflow, machine drafts, review sheets."""

from __future__ import annotations

import datetime as dt
import logging
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


def _shard(ctx, param, value):
    if value is None:
        return None
    k, _, n = value.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise click.BadParameter(f"{value!r} is not a share; write K/N with 1 <= K <= N, for example 2/4.")
    return int(k), int(n)


def build_options(function):
    """The options `build` and `serve` share: where, which pages, as on which day."""
    for option in reversed([
        click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Where to write. The website goes to OUT/site (OUT/preview with --preview).  [default: build]"),
        click.option("--lang", "languages", multiple=True, metavar="CODE",
                     help="Only this language (repeat for more), for example --lang ar. The other pages of the site stay."),
        click.option("--municipality", "municipalities", multiple=True, metavar="SLUG",
                     help="Only this municipality (repeat for more), for example --municipality unna. The other pages stay."),
        click.option("--as-of", "as_of", callback=_date, metavar="YYYY-MM-DD",
                     help="Build as on this day: offers, rules and amounts that are not valid then are left out. Default: today."),
        click.option("--strict", is_flag=True, help="Stop when any text has no publishable translation, instead of showing German."),
        click.option("--preview", is_flag=True,
                     help="Also show languages that may not be published yet, in OUT/preview (never OUT/site)."),
        click.option("--jobs", type=click.IntRange(1, 64), default=None, help="How many PDFs to render at once. Default: one per processor core."),
    ]):
        function = option(function)
    return function


def make_options(ctx, out, languages, municipalities, as_of, strict, preview, jobs, **extra):
    from generator.build import BuildOptions

    project = project_of(ctx)
    return BuildOptions(root=project, out=(out or project / "build"), languages=languages, municipalities=municipalities,
                        as_of=as_of, strict=strict, preview=preview, jobs=jobs or 0, **extra)


@main.command(context_settings=CONTEXT)
@build_options
@click.option("--shard", callback=_shard, metavar="K/N",
              help="Render only the K-th of N shares of the PDFs into the cache and publish nothing (CI job matrix); "
                   "a build without --shard then assembles the site from the cache.")
@click.option("--wait", is_flag=True, help="When another build is writing OUT, wait for it instead of stopping.")
@click.pass_context
def build(ctx, shard, wait, **options):
    """Make the website: flyers and documents as HTML and PDF, for every language.

    Nothing is changed when there is a mistake: the previous build/site stays as it was.
    Only pages whose content, translation or layout changed are made again; with --lang or
    --municipality only those pages are made and the rest of the site stays.
    """
    from generator.build import build as run_build
    from generator.progress import Progress, notes, summary

    build_options_ = make_options(ctx, shard=shard, wait=wait, **options)
    try:
        report = run_build(build_options_, progress=Progress(),
                           on_wait=lambda holder: click.echo(f"Waiting for {holder} …", err=True))
    except OSError as exc:  # a full disk or a read-only folder is the user's to fix, not a crash
        raise click.ClickException(f"cannot write {exc.filename or build_options_.out}: {exc.strerror}. "
                                   "The previous site is unchanged.") from None
    for line in notes(report):
        click.echo(line, err=True)
    click.echo(summary(report))


@main.command(context_settings=CONTEXT)
@build_options
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1; 0 picks a free one.")
@click.pass_context
def serve(ctx, port, **options):
    """Preview: build, serve the site on http://127.0.0.1:PORT/ and rebuild when content/,
    locales/ or templates/ change.

    A broken edit keeps the last good site on screen and shows the error here and on every page.
    Stop with Ctrl-C.
    """
    from generator.serve import serve as run_serve

    run_serve(make_options(ctx, wait=True, **options), port)


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
    try:
        site = load_project_site(project)
    except ContentError as exc:
        # Report the catalogs' problems in the same round, for the languages that have a catalog;
        # and say what to do: check never writes, so "nothing was written" would mislead.
        from generator.content.model import Language
        from generator.i18n.catalogs import catalog_languages

        languages = [Language(code.replace("_", "-"), "drafts-with-notice") for code in catalog_languages(project / "locales")]
        problems = exc.problems + check_catalogs(languages, project / "locales")
        raise ContentError([p for p in problems if p.severity == "error" or strict],
                           outcome="fix them and run `docgen check` again") from None
    problems = check_catalogs(site.languages, project / "locales", extract(project))
    problems += content_warnings(site, as_of)
    errors = [p for p in problems if p.severity == "error" or (strict and p.severity == "warning")]
    for problem in sorted(problems, key=lambda p: (p.path, p.line)):
        if problem not in errors:
            click.echo(str(problem), err=True)
    if errors:
        raise ContentError(errors, outcome="fix them and run `docgen check` again")
    click.echo(f"All clean: {len(site.municipalities)} municipalities, "
               f"{len(site.county_offers) + sum(len(m.offers) for m in site.municipalities.values())} offers, "
               f"{len(site.documents)} documents, {len(site.languages)} languages"
               + _counts(problems))


def _counts(problems) -> str:
    reviews = sum(p.severity == "review" for p in problems)
    warnings = len(problems) - reviews
    parts = ([f"{warnings} warnings"] if warnings else []) + ([f"{reviews} notes for legal review"] if reviews else [])
    return (", " + ", ".join(parts) + ".") if parts else "."


from generator.i18n.cli import i18n, translate  # noqa: E402  (commands live beside, one module per area)

from generator.cases.cli import case  # noqa: E402
from generator.counter.command import counter  # noqa: E402

main.add_command(i18n)
main.add_command(translate)
main.add_command(case)
main.add_command(counter)


if __name__ == "__main__":
    main()
