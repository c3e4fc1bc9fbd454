"""The site's URL scheme (stable: it is printed as QR codes) and the links between languages.

site/index.html, site/<lang>/index.html, site/<lang>/<slug>.html|pdf,
site/<lang>/documents/<doc>.html|pdf, site/<lang>/documents/<doc>-<slug>.html|pdf
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import Site
from generator.i18n.formatting import own_name, text_direction


@dataclass(frozen=True)
class Links:
    alternates: list[dict]  # absolute hreflang alternates for <head>
    switcher: list[dict]  # relative links for the visible language chooser


def flyer_url(site: Site, code: str, slug: str, ext: str = "html") -> str:
    return f"{site.base_url}{code}/{slug}.{ext}"


def document_name(doc_id: str, slug: str | None) -> str:
    return f"{doc_id}-{slug}" if slug else doc_id


def chooser_alternate(site: Site) -> dict:
    """hreflang x-default: a reader whose language is not listed lands on the language chooser."""
    return {"lang": "x-default", "href": f"{site.base_url}index.html"}


def site_links(site: Site, code: str, name: str, depth: int = 1) -> Links:
    """Links to the same page (`name`, relative to the language folder) in every language."""
    up = "../" * depth
    alternates = [{"lang": lang.tag, "href": f"{site.base_url}{lang.code}/{name}"} for lang in site.languages]
    alternates.append(chooser_alternate(site))
    switcher = [
        {"lang": lang.tag, "dir": text_direction(lang.code), "name": own_name(lang.code),
         "href": f"{up}{lang.code}/{name}", "current": lang.code == code}
        for lang in site.languages
    ]
    return Links(alternates, switcher)
