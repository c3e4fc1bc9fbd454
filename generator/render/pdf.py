"""HTML string to PDF bytes with WeasyPrint, in the calling process.

Import this module only inside worker processes or commands that render: importing
WeasyPrint costs about half a second, and forking after the import has crashed (#167, #684).
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator.render.environment import TEMPLATES


@functools.lru_cache(maxsize=1)
def _font_config():
    # One FontConfiguration per process, passed to every render: without it each render reloads fontconfig.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.lru_cache(maxsize=1)
def _fetcher():
    from generator.render.fetcher import ProjectFetcher

    return ProjectFetcher(TEMPLATES)


_IMAGE_CACHE: dict = {}


def render_pdf(html: str, forms: bool = False, variant: str | None = "pdf/ua-1") -> bytes:
    """Render one HTML document (with a <link> to the project CSS) to PDF bytes.

    Metadata (title, language, dates) comes from the HTML head: <title>, <html lang> and the
    dcterms.created/modified meta tags, which keep the bytes reproducible for one --as-of.
    """
    from weasyprint import HTML

    document = HTML(string=html, base_url=Path(TEMPLATES).as_uri() + "/", url_fetcher=_fetcher())
    return document.write_pdf(
        font_config=_font_config(),
        pdf_forms=forms,
        pdf_variant=variant,
        cache=_IMAGE_CACHE,
    )
