"""HTML string to PDF bytes with WeasyPrint, in the calling process.

Import this module only inside worker processes or commands that render: importing
WeasyPrint costs about half a second, and forking after the import has crashed (#167, #684).
"""

from __future__ import annotations

import functools
from pathlib import Path



@functools.lru_cache(maxsize=1)
def _font_config():
    # One FontConfiguration per process, passed to every render: without it each render reloads fontconfig.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.lru_cache(maxsize=4)
def _fetcher(assets: str):
    from generator.render.fetcher import ProjectFetcher

    return ProjectFetcher(Path(assets))


_IMAGE_CACHE: dict = {}


def render_pdf(html: str, templates: Path, forms: bool = False, variant: str | None = "pdf/ua-1") -> bytes:
    """Render one HTML document (with a <link> to the project CSS) to PDF bytes.

    Relative URLs resolve inside `templates`, and the fetcher serves nothing outside it.

    Metadata (title, language, dates) comes from the HTML head: <title>, <html lang> and the
    dcterms.created/modified meta tags, which keep the bytes reproducible for one --as-of.
    """
    from weasyprint import HTML

    templates = Path(templates).resolve()
    document = HTML(string=html, base_url=templates.as_uri() + "/", url_fetcher=_fetcher(str(templates)))
    return document.write_pdf(
        font_config=_font_config(),
        pdf_forms=forms,
        pdf_variant=variant,
        cache=_IMAGE_CACHE,
    )
