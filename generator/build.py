"""The build planner: the only writer of build/.

It loads and checks everything first, decides which languages may be published, renders the
HTML of the pages asked for (fast, in this process), keys every PDF by the hash of its print
HTML and everything else it depends on, renders only PDFs whose key is not in the cache (in
spawned worker processes), then publishes OUT/site in one swap, so a failed build leaves the
previous site as it was.

A build limited with --lang/--municipality renders only those pages and publishes them *into*
the complete site: every other page is carried over. Print HTML never depends on which subset
was built or which languages are configured (it is rendered against a site that serves only
German and its own language), so the PDF cache holds across subsets. `--shard K/N` renders the K-th share
of the PDFs into the cache and publishes nothing; a build afterwards assembles the site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import multiprocessing
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from generator import __version__
from generator.build_lock import build_lock
from generator.publish import publish, published_files, read_manifest, remove_leftovers, write_manifest

if TYPE_CHECKING:
    from generator.content.model import Site

# Loading and rendering modules are imported where they are used: a no-op build needs only the
# inputs key and the manifest, and importing them (YAML schema, Jinja, Babel, fontTools) costs
# more than half a second.

# Recycle workers now and then, in case memory grows in the C libraries across renders (WeasyPrint
# #611, #1977); a new worker costs about a second. (Python-side growth was a shared image cache,
# see render/pdf.py; without it a worker stays at about 130 MiB.)
PDF_WORKER_TASKS = 50
PACKAGE = Path(__file__).resolve().parent
# The code that turns print HTML into PDF bytes: part of every PDF's key.
PDF_CODE = (PACKAGE / "render" / "pdf.py", PACKAGE / "render" / "fetcher.py")


@dataclass
class BuildOptions:
    root: Path = Path(".")
    out: Path = Path("build")
    languages: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    as_of: dt.date = field(default_factory=dt.date.today)
    strict: bool = False
    jobs: int = 0  # 0: one per core
    preview: bool = False  # also languages that may not be published, into OUT/preview
    shard: tuple[int, int] | None = None  # (K, N): render the K-th of N shares of the PDFs, publish nothing
    wait: bool = False  # wait for another build on OUT instead of stopping

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def target(self) -> str:
        """The folder under OUT: the published site, or the preview that may show unpublishable languages."""
        return "preview" if self.preview else "site"

    @property
    def scope(self) -> str:
        """Which pages this build renders: '*' for all, else its languages and municipalities."""
        if not (self.languages or self.municipalities):
            return "*"
        return f"lang={','.join(sorted(self.languages)) or '*'};municipality={','.join(sorted(self.municipalities)) or '*'}"


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
    written: int = 0  # files rendered by this build
    kept: int = 0  # files carried over from the previous site (partial builds)
    pdfs_rendered: int = 0
    pdfs_reused: int = 0
    changed: bool = True
    fallbacks: dict[str, set[str]] = field(default_factory=dict)  # language -> German fallbacks
    drafts: dict[str, int] = field(default_factory=dict)  # language -> pages with draft notice
    left_out: dict[str, str] = field(default_factory=dict)  # language -> why it is not published
    not_yet_built: list[str] = field(default_factory=list)  # published languages with no pages yet
    site: Path | None = None
    shard: tuple[int, int] | None = None
    pdfs_in_share: int = 0
    cache: Path | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class PageSpec:
    """One page of one language: what to render and where it goes."""

    path: str
    kind: str  # index | flyer | document
    slug: str | None = None
    doc: str | None = None
    print_: bool = False

    @property
    def forms(self) -> bool:
        return self.kind == "document"


def _key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def _all_fonts() -> list[str]:
    from generator.render import fonts

    return sorted(fonts.SCRIPT_FONTS) + ["de"]


FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
                Path("/etc/fonts"))


def _font_folders_fingerprint() -> str:
    """Every font file and fontconfig setting by path, size and time: changes when a font package
    is installed or updated. Cheap (no fontconfig call), for the no-op check."""
    digest = hashlib.sha256()
    for folder in FONT_FOLDERS:
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                try:
                    stat = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def language_specs(site: Site, code: str, slugs: list[str]) -> list[PageSpec]:
    """Every page of one language, in a fixed order: its index, flyers, then documents."""
    from generator.render.urls import document_name

    specs = [PageSpec(f"{code}/index.html", "index")]
    for slug in slugs:
        specs += [PageSpec(f"{code}/{slug}.html", "flyer", slug), PageSpec(f"{code}/{slug}.pdf", "flyer", slug, print_=True)]
    for doc in site.documents.values():
        for slug in ([None] + slugs if doc.per_municipality else [None]):
            name = f"{code}/documents/{document_name(doc.id, slug)}"
            specs += [PageSpec(f"{name}.html", "document", slug, doc.id),
                      PageSpec(f"{name}.pdf", "document", slug, doc.id, print_=True)]
    return specs


def publication(site: Site, options: BuildOptions) -> tuple[list[str], dict[str, str]]:
    """The languages this build may publish, and why the others are left out (issue 7: a language
    `i18n status` calls not publishable is not published; --preview shows it anyway)."""
    from generator.i18n.status import language_status

    if options.preview:
        return list(site.codes), {}
    codes, left_out = [], {}
    for language in site.languages:
        status = language_status(options.locales, language)
        if status.publishable:
            codes.append(language.code)
            continue
        reasons = [f"{status.missing} text{'s' * (status.missing != 1)} missing"] if status.missing else []
        if status.draft and language.policy == "reviewed-only":
            reasons.append(f"{status.draft} text{'s' * (status.draft != 1)} not reviewed")
        left_out[language.code] = f"{', '.join(reasons)} (policy {language.policy})"
    return codes, left_out


def check_fonts(site: Site, codes: list[str], texts: dict[str, str]) -> list[Problem]:
    """Every configured language has its fonts installed, and they cover every character of its pages."""
    from generator.content import Problem
    from generator.render import fonts

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
    return re.sub(r"<[^>]+>", " ", html)


def _unknown(site: Site, options: BuildOptions) -> list:
    from generator.content import Problem

    pairs = [(c, list(site.codes)) for c in options.languages if site.language(c) is None]
    pairs += [(s, list(site.municipalities)) for s in options.municipalities if s not in site.municipalities]
    return [Problem("content/site.yaml", 0, 0, "", f"{value!r} is not configured; use one of: {', '.join(known)}.")
            for value, known in pairs]


class _Renderer:
    """Renders the pages of one language: web pages against the published site, print pages
    against a site serving only German and this language, whatever else is configured or built."""

    def __init__(self, site: Site, web: Site, code: str, options: BuildOptions):
        from generator.i18n.translator import Translator
        from generator.render.environment import make_environment

        self.translator = Translator.load(site.language(code), options.locales)
        self.env = make_environment(self.translator, options.templates)
        self.web = web
        self.print = site.for_print(code)
        self.day = options.as_of

    def render(self, spec: PageSpec, index_site: Site):
        from generator.render.document import render_document
        from generator.render.flyer import render_flyer
        from generator.render.site_pages import render_language_index

        site = self.print if spec.print_ else self.web
        if spec.kind == "index":
            return render_language_index(self.env, self.translator, index_site, self.day)
        if spec.kind == "flyer":
            return render_flyer(self.env, self.translator, site, spec.slug, self.day, print_=spec.print_)
        return render_document(self.env, self.translator, site, site.documents[spec.doc], spec.slug, self.day,
                               print_=spec.print_)


def language_pages(site: Site, code: str, slugs: list[str], options: BuildOptions):
    """Every page of one language as a full build renders it: (site path, Rendered, has form fields)."""
    renderer = _Renderer(site, site, code, options)
    for spec in language_specs(site, code, slugs):
        yield spec.path, renderer.render(spec, site), spec.forms


def pdf_fingerprint(templates: Path) -> str:
    """What every PDF's key shares: generator and WeasyPrint versions, the HTML-to-PDF code, the
    installed fonts of every script and the assets the print HTML links to."""
    from generator.render import fonts

    assets = sorted(p for p in (templates / "assets").rglob("*") if p.is_file())
    return _key(__version__, _weasyprint_version(), fonts.fonts_fingerprint(_all_fonts()),
                *(p.read_bytes() for p in PDF_CODE), *(p.relative_to(templates).as_posix().encode() + p.read_bytes() for p in assets))


def plan(site: Site, options: BuildOptions, report: BuildReport, previous: dict[str, str]):
    """Render the HTML of the pages in scope and the site-wide pages.

    Returns (files to write, PDFs to make, paths carried over from the previous site).
    """
    from generator.content import ContentError, Problem
    from generator.i18n.translator import Translator
    from generator.render.environment import make_environment
    from generator.render.site_pages import render_chooser, sitemap

    problems = _unknown(site, options)
    if problems:
        raise ContentError(problems)
    published, report.left_out = publication(site, options)
    all_slugs = list(site.municipalities)
    codes = [c for c in (options.languages or site.codes) if c in published]
    slugs = list(options.municipalities) or all_slugs

    complete = {spec.path: spec for code in published for spec in language_specs(site, code, all_slugs)}
    specs = [spec for code in codes for spec in language_specs(site, code, slugs)]
    rendered_paths = {spec.path for spec in specs}
    # Everything the complete site holds that this build does not render stays as it is.
    carried = sorted(p for p in previous if p in complete and p not in rendered_paths)
    present = rendered_paths | set(carried)
    report.not_yet_built = [c for c in published if f"{c}/index.html" not in present]
    web = dataclasses.replace(site, languages=tuple(lang for lang in site.languages
                                                    if lang.code in published and f"{lang.code}/index.html" in present))
    if previous and _languages_of(previous) != set(web.codes):
        # The site gained or lost a language: kept web pages name every language (menu, hreflang),
        # so they are rendered again; their PDFs name none and stay.
        menus = [p for p in carried if p.endswith(".html")]
        specs += [complete[p] for p in menus]
        carried = [p for p in carried if not p.endswith(".html")]
        codes = list(dict.fromkeys(codes + [p.split("/", 1)[0] for p in menus]))

    files: dict[str, bytes] = {}
    jobs: list[PdfJob] = []
    texts: dict[str, str] = {}
    source = Translator.load(site.language("de"), options.locales)
    chooser = render_chooser(make_environment(source, options.templates), source, web, options.as_of).html
    files["index.html"] = chooser.encode("utf-8")
    texts["de"] = _visible_text(chooser)

    for code in codes:
        renderer = _Renderer(site, web, code, options)
        # The language index lists the municipalities whose flyer this language has.
        index_site = dataclasses.replace(web, municipalities={s: m for s, m in site.municipalities.items()
                                                              if f"{code}/{s}.html" in present})
        seen = []
        for spec in (s for s in specs if s.path.startswith(f"{code}/")):
            rendered = renderer.render(spec, index_site)
            seen.append(rendered.html)
            if rendered.usage.missing:
                report.fallbacks.setdefault(code, set()).update(rendered.usage.missing)
            if rendered.usage.drafts:
                report.drafts[code] = report.drafts.get(code, 0) + 1
            if spec.print_:
                jobs.append(PdfJob(spec.path, rendered.html, spec.forms, str(options.templates)))
            else:
                files[spec.path] = rendered.html.encode("utf-8")
        texts[code] = texts.get(code, "") + _visible_text("".join(seen))

    problems = check_fonts(web, list(dict.fromkeys(codes + ["de"])), texts)
    if options.strict and report.fallbacks:
        for code, missing in sorted(report.fallbacks.items()):
            problems.append(Problem(f"locales/{site.language(code).locale}/LC_MESSAGES/messages.po", 0, 0, "",
                                    f"{len(missing)} texts have no publishable translation (strict build), e.g. {sorted(missing)[0][:60]!r}. "
                                    f"See `docgen i18n status --lang {code}`."))
    if problems:
        raise ContentError(problems)

    for asset in sorted(p for p in (options.templates / "assets").rglob("*") if p.is_file()):
        files[f"assets/{asset.relative_to(options.templates / 'assets').as_posix()}"] = asset.read_bytes()
    files["sitemap.xml"] = sitemap(web, sorted(present | set(files)), options.as_of)
    files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {web.base_url}sitemap.xml\n".encode()
    fingerprint = pdf_fingerprint(options.templates)
    for job in jobs:
        job.key = _key(fingerprint, job.html, str(job.forms))
    return files, jobs, carried


def _languages_of(paths) -> set[str]:
    """The languages a site holds pages of (each has its index page)."""
    return {p.split("/", 1)[0] for p in paths if p.count("/") == 1 and p.endswith("/index.html")}


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


def inputs_key(options: BuildOptions) -> str:
    """Everything a build reads: content, catalogs, templates, the generator's code, fonts, options.

    Equal to the key recorded for the published site (for this build's scope, or for a full
    build) means nothing can have changed, so a no-op build needs neither to load nor to render.
    """
    digest = hashlib.sha256()
    for folder, pattern in ((options.content, "**/*.yaml"), (options.locales, "**/*.po*"),
                            (options.templates, "**/*"), (PACKAGE, "**/*.py")):
        for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(_key(__version__, _weasyprint_version(), _font_folders_fingerprint(),
                       repr((options.as_of.isoformat(), options.strict))).encode())
    return digest.hexdigest()


def shard_of(jobs: list[PdfJob], shard: tuple[int, int]) -> list[PdfJob]:
    """The K-th of N shares: PDFs by path, dealt out in turn, so every share gets every page kind."""
    k, n = shard
    return [job for i, job in enumerate(sorted(jobs, key=lambda j: j.path)) if i % n == k - 1]


def _fill_cache(jobs: list[PdfJob], cache: Path, workers: int, report: BuildReport, progress) -> None:
    """Render the PDFs not in the cache; each enters the cache as soon as it is done, so an
    interrupted build loses nothing."""
    cache.mkdir(parents=True, exist_ok=True)
    todo = {job.key: job for job in jobs if not (cache / f"{job.key}.pdf").exists()}
    report.pdfs_reused = len(jobs) - len(todo)
    if progress:
        progress.start(planned=len(jobs), reused=report.pdfs_reused)
    try:
        # Longest first (HTML length stands for layout time): the last PDF to finish is a short one,
        # so both workers stay busy until the end instead of one waiting for a 19-page document.
        for key, data in render_pdfs(sorted(todo.values(), key=lambda job: len(job.html), reverse=True), workers):
            tmp = cache / f".{key}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, cache / f"{key}.pdf")
            report.pdfs_rendered += 1
            if progress:
                progress.advance()
    finally:
        if progress:
            progress.finish()


def build(options: BuildOptions, progress=None, on_wait=None) -> BuildReport:
    """Load, check, render and publish. Raises ContentError (nothing written) on bad input,
    BuildLocked when another build holds OUT (unless options.wait)."""
    started = time.monotonic()
    with build_lock(options.out, wait=options.wait, on_wait=on_wait):
        remove_leftovers(options.out)
        report = _build(options, progress)
    report.seconds = time.monotonic() - started
    return report


def _build(options: BuildOptions, progress) -> BuildReport:
    report = BuildReport(shard=options.shard)
    out, target = options.out, options.target
    manifest = read_manifest(out, target)
    inputs = inputs_key(options)
    recorded = manifest.get("inputs", {})
    if not options.shard and inputs in (recorded.get("*"), recorded.get(options.scope)):
        report.changed = False
        report.pages = len(manifest["files"])
        report.left_out = manifest.get("left_out", {})
        report.site = out / target
        return report

    from generator.content import load_site

    if progress:
        progress.phase("Loading content and making the HTML pages")
    try:
        site = load_site(options.content)
        previous = published_files(out, target, manifest)
        files, jobs, carried = plan(site, options, report, previous)
    finally:
        if progress:
            progress.clear()
    cache = out / ".cache" / "pdf"
    report.cache = cache
    workers = options.jobs or os.cpu_count() or 1
    if options.shard:
        share = shard_of(jobs, options.shard)
        report.pdfs_in_share = len(share)
        _fill_cache(share, cache, workers, report, progress)
        return report

    report.pages = len(files) + len(jobs) + len(carried)
    report.written, report.kept = len(files) + len(jobs), len(carried)
    entries = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    entries.update({job.path: job.key for job in jobs})
    entries.update({path: previous[path] for path in carried})
    new_manifest = {"inputs": {scope: key for scope, key in recorded.items() if key == inputs} | {options.scope: inputs},
                    "files": entries, "left_out": report.left_out}
    report.site = out / target
    if manifest and manifest.get("files") == entries:
        # Inputs changed but no output did (a comment in a YAML file): record the new inputs only.
        write_manifest(out, target, new_manifest)
        report.changed = False
        report.pdfs_reused = len(jobs)
        return report

    _fill_cache(jobs, cache, workers, report, progress)
    publish(out, target, files, {job.path: cache / f"{job.key}.pdf" for job in jobs}, carried, new_manifest)
    _prune_cache(cache, {job.key for job in jobs} | {previous[p] for p in carried if p.endswith(".pdf")})
    return report


def _prune_cache(cache: Path, keep: set[str], limit: int = 4000) -> None:
    """Keep the cache bounded: drop the oldest unused PDFs beyond `limit` files."""
    entries = [p for p in cache.glob("*.pdf") if p.stem not in keep]
    if len(entries) + len(keep) <= limit:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for path in entries[: len(entries) + len(keep) - limit]:
        path.unlink(missing_ok=True)
