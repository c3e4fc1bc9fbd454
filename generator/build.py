"""The build planner: the only writer of build/.

It loads and checks everything first, renders every page's HTML (fast, in this process), keys
every PDF by the hash of its HTML and everything else it depends on, renders only PDFs whose key
is not in the cache (in spawned worker processes), then publishes build/site in one swap, so a
failed build leaves the previous site as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.content import ContentError, Problem, load_site
from generator.content.model import Site
from generator.files import write_atomic
from generator.i18n.translator import Translator
from generator.render import fonts
from generator.render.document import render_document
from generator.render.environment import make_environment
from generator.render.flyer import render_flyer
from generator.render.site_pages import render_chooser, render_language_index, sitemap
from generator.render.urls import document_name

PDF_WORKER_TASKS = 40  # recycle workers: WeasyPrint's memory grows across renders (#611, #1977)


@dataclass
class BuildOptions:
    root: Path = Path(".")
    out: Path = Path("build")
    languages: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    as_of: dt.date = field(default_factory=dt.date.today)
    strict: bool = False
    jobs: int = 0  # 0: one per core

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def templates(self) -> Path:
        return self.root / "templates"


@dataclass
class PdfJob:
    path: str
    html: str
    forms: bool
    templates: str = ""
    key: str = ""


@dataclass
class BuildReport:
    pages: int = 0
    pdfs_rendered: int = 0
    pdfs_reused: int = 0
    changed: bool = True
    fallbacks: dict[str, set[str]] = field(default_factory=dict)  # language -> German fallbacks
    drafts: dict[str, int] = field(default_factory=dict)  # language -> pages with draft notice
    site: Path | None = None


def _key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def check_fonts(site: Site, codes: list[str], texts: dict[str, str]) -> list[Problem]:
    """Every configured language has its fonts installed, and they cover every character of its pages."""
    problems = []
    for code in codes:
        missing = fonts.missing_fonts(code)
        if missing:
            problems.append(Problem("content/site.yaml", 0, 0, f"languages.{code}",
                                    f"no font for this language's script: {', '.join(missing)} is not installed. {fonts.PACKAGE_HINT}"))
            continue
        chars = fonts.uncovered(texts.get(code, ""), code, site.codes)
        if chars:
            problems.append(Problem(f"locales/{code}", 0, 0, "", f"characters no installed font can draw: {fonts.describe(chars)}. "
                                    "Fix the translation or add a font for this script to generator/render/fonts.py."))
    return problems


def _visible_text(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", html)


def language_pages(site: Site, code: str, slugs: list[str], options: BuildOptions):
    """Every page of one language: (site path, rendered HTML, has form fields). PDFs get print HTML."""
    translator = Translator.load(site.language(code), options.locales)
    env = make_environment(translator, options.templates)
    day = options.as_of
    yield f"{code}/index.html", render_language_index(env, translator, site, day), False
    for slug in slugs:
        yield f"{code}/{slug}.html", render_flyer(env, translator, site, slug, day, print_=False), False
        yield f"{code}/{slug}.pdf", render_flyer(env, translator, site, slug, day, print_=True), False
    for doc in site.documents.values():
        for slug in ([None] + slugs if doc.per_municipality else [None]):
            name = f"{code}/documents/{document_name(doc.id, slug)}"
            yield f"{name}.html", render_document(env, translator, site, doc, slug, day, print_=False), True
            yield f"{name}.pdf", render_document(env, translator, site, doc, slug, day, print_=True), True


def plan(site: Site, options: BuildOptions, report: BuildReport) -> tuple[dict[str, bytes], list[PdfJob]]:
    """Render every HTML page; return the files to write and the PDFs to make."""
    codes = list(options.languages) or list(site.codes)
    unknown = [c for c in codes if site.language(c) is None]
    slugs = list(options.municipalities) or list(site.municipalities)
    unknown_slugs = [s for s in slugs if s not in site.municipalities]
    if unknown or unknown_slugs:
        raise ContentError([Problem("content/site.yaml", 0, 0, "", f"{v!r} is not configured; use one of: {', '.join(known)}.")
                            for v, known in [(c, site.codes) for c in unknown]
                            + [(s, list(site.municipalities)) for s in unknown_slugs]])
    files: dict[str, bytes] = {}
    jobs: list[PdfJob] = []
    texts: dict[str, str] = {}
    source = Translator.load(site.language("de"), options.locales)
    # Pages link only to what this build publishes (a --lang/--municipality build replaces the site too).
    site = dataclasses.replace(site, languages=tuple(lang for lang in site.languages if lang.code in codes),
                               municipalities={slug: m for slug, m in site.municipalities.items() if slug in slugs})
    chooser = render_chooser(make_environment(source, options.templates), source, site, options.as_of).html
    files["index.html"] = chooser.encode("utf-8")
    texts["de"] = _visible_text(chooser)

    for code in codes:
        seen = []
        for path, rendered, forms in language_pages(site, code, slugs, options):
            seen.append(rendered.html)
            if rendered.usage.missing:
                report.fallbacks.setdefault(code, set()).update(rendered.usage.missing)
            if rendered.usage.drafts:
                report.drafts[code] = report.drafts.get(code, 0) + 1
            if path.endswith(".pdf"):
                jobs.append(PdfJob(path, rendered.html, forms, str(options.templates)))
            else:
                files[path] = rendered.html.encode("utf-8")
        texts[code] = texts.get(code, "") + _visible_text("".join(seen))

    problems = check_fonts(site, list(dict.fromkeys(codes + ["de"])), texts)
    if options.strict and report.fallbacks:
        for code, missing in sorted(report.fallbacks.items()):
            problems.append(Problem(f"locales/{code}/LC_MESSAGES/messages.po", 0, 0, "",
                                    f"{len(missing)} texts have no publishable translation (strict build), e.g. {sorted(missing)[0][:60]!r}. "
                                    f"See `docgen i18n status --lang {code}`."))
    if problems:
        raise ContentError(problems)

    css = (options.templates / "assets" / "style.css").read_bytes()
    files["assets/style.css"] = css
    files["sitemap.xml"] = sitemap(site, list(files) + [job.path for job in jobs], options.as_of)
    files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {site.base_url}sitemap.xml\n".encode()
    fingerprint = _key(__version__, _weasyprint_version(), fonts.fonts_fingerprint(codes + ["de"]), css)
    for job in jobs:
        job.key = _key(fingerprint, job.html, str(job.forms))
    return files, jobs


def _render_job(job: PdfJob) -> bytes:
    from generator.render.pdf import render_pdf

    return render_pdf(job.html, Path(job.templates), forms=job.forms)


def _render_keyed(job: PdfJob) -> tuple[str, bytes]:
    return job.key, _render_job(job)


def render_pdfs(jobs: list[PdfJob], workers: int):
    """Yield (key, PDF bytes) as each PDF is done, from spawned worker processes
    (never forked after importing WeasyPrint, #167/#684)."""
    if len(jobs) <= 1 or workers == 1:
        for job in jobs:
            yield job.key, _render_job(job)
        return
    # multiprocessing.Pool, not ProcessPoolExecutor: the executor's max_tasks_per_child hangs on
    # Python 3.11 once workers are replaced (seen here: a 352-PDF build stalled with no workers left).
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=min(workers, len(jobs)), maxtasksperchild=PDF_WORKER_TASKS) as pool:
        yield from pool.imap_unordered(_render_keyed, jobs, chunksize=1)


def _manifest(files: dict[str, bytes], jobs: list[PdfJob]) -> dict[str, str]:
    manifest = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    manifest.update({job.path: job.key for job in jobs})
    return manifest


def inputs_key(options: BuildOptions) -> str:
    """Everything a build reads: content, catalogs, templates, the generator's code, fonts, options.

    Equal to the published site's key means nothing can have changed, so a no-op build needs
    neither to load nor to render anything.
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for folder, pattern in ((options.content, "**/*.yaml"), (options.locales, "**/*.po*"),
                            (options.templates, "**/*"), (package, "**/*.py")):
        for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(_key(__version__, _weasyprint_version(), fonts.fonts_fingerprint(sorted(fonts.SCRIPT_FONTS) + ["de"]),
                       repr((sorted(options.languages), sorted(options.municipalities), options.as_of.isoformat(),
                             options.strict))).encode())
    return digest.hexdigest()


def _manifest_path(out: Path) -> Path:
    """What the published site was built from; beside the site, never published inside it."""
    return out / ".manifest.json"


def _published(out: Path) -> dict:
    try:
        return json.loads(_manifest_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def publish(out: Path, files: dict[str, bytes], jobs: list[PdfJob], cache: Path, manifest: dict) -> Path:
    """Write the new site into a staging folder beside build/site and swap it in."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=out))
    try:
        for path, data in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for job in jobs:
            target = staging / job.path
            target.parent.mkdir(parents=True, exist_ok=True)
            try:  # cache and site share a file system: a hard link costs nothing
                os.link(cache / f"{job.key}.pdf", target)
            except OSError:
                shutil.copyfile(cache / f"{job.key}.pdf", target)
        site = out / "site"
        old = out / ".site-old"
        if old.exists():
            shutil.rmtree(old)
        if site.exists():
            os.replace(site, old)
        os.replace(staging, site)
        shutil.rmtree(old, ignore_errors=True)
        write_atomic(_manifest_path(out), json.dumps(manifest, indent=0, sort_keys=True).encode())
        return site
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def build(options: BuildOptions, progress_factory=None) -> BuildReport:
    """Load, check, render and publish. Raises ContentError (nothing written) on bad input."""
    report = BuildReport()
    out = options.out
    published = _published(out)
    inputs = inputs_key(options)
    if published.get("inputs") == inputs:
        report.changed = False
        report.pages = len(published["files"])
        report.site = out / "site"
        return report
    site = load_site(options.content)
    files, jobs = plan(site, options, report)
    report.pages = len(files) + len(jobs)
    manifest = {"inputs": inputs, "files": _manifest(files, jobs)}
    if published.get("files") == manifest["files"]:
        # Inputs changed but no output did (a comment in a YAML file): record the new inputs only.
        write_atomic(_manifest_path(out), json.dumps(manifest, indent=0, sort_keys=True).encode())
        report.changed = False
        report.pdfs_reused = len(jobs)
        report.site = out / "site"
        return report

    cache = out / ".cache" / "pdf"
    cache.mkdir(parents=True, exist_ok=True)
    todo = {job.key: job for job in jobs if not (cache / f"{job.key}.pdf").exists()}
    report.pdfs_reused = len(jobs) - len(todo)
    workers = options.jobs or os.cpu_count() or 1
    progress = progress_factory(len(todo)) if progress_factory else None
    try:
        # Each PDF goes into the cache as soon as it is done: an interrupted build loses nothing.
        for key, data in render_pdfs(list(todo.values()), workers):
            tmp = cache / f".{key}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, cache / f"{key}.pdf")
            report.pdfs_rendered += 1
            if progress:
                progress.update(1)
    finally:
        if progress:
            progress.finish()
    report.site = publish(out, files, jobs, cache, manifest)
    _prune_cache(cache, {job.key for job in jobs})
    return report


def _prune_cache(cache: Path, keep: set[str], limit: int = 4000) -> None:
    """Keep the cache bounded: drop the oldest unused PDFs beyond `limit` files."""
    entries = [p for p in cache.glob("*.pdf") if p.stem not in keep]
    if len(entries) + len(keep) <= limit:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for path in entries[: len(entries) + len(keep) - limit]:
        path.unlink(missing_ok=True)
