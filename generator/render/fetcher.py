"""A WeasyPrint URL fetcher that serves only the project's own assets and inline data.

Content and translations are untrusted: no document may reach files or hosts outside the
project (file:// leaks, attachments, redirects: CVE-2024-28184, CVE-2025-68616).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher


class ProjectFetcher(URLFetcher):
    def __init__(self, assets: Path):
        super().__init__(timeout=5, allowed_protocols=("file", "data"), allow_redirects=False)
        self.assets = Path(assets).resolve()

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if path.is_relative_to(self.assets) and path.is_file():
                return super().fetch(url, headers)
        raise FatalURLFetchingError(f"refused to load {url!r}: documents may only use the project's own assets")
