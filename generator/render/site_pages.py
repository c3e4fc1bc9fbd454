"""The site's own pages: the language chooser, each language's index, and sitemap.xml."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment

from generator.content.model import Site
import unicodedata

from generator.i18n.formatting import language_name, own_name, script_of, text_direction
from generator.i18n.translator import Translator
from generator.render.page import Rendered, base_page, render_page
from generator.render.urls import document_name, site_links


def _index(site: Site) -> dict:
    return {"county": site.county_name, "department": site.department}


# Script groups of the language chooser, in this order: German name, a few letters to recognise it.
SCRIPTS = {
    "LATIN": ("Lateinische Schrift", "Abc"),
    "ARABIC": ("Arabische Schrift", "ابج"),
    "CYRILLIC": ("Kyrillische Schrift", "Абв"),
    "ETHIOPIC": ("Äthiopische Schrift", "ሀለሐ"),
    "GEORGIAN": ("Georgische Schrift", "აბგ"),
    "ARMENIAN": ("Armenische Schrift", "Աբգ"),
}


def _german_sort_key(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(c))


def chooser_groups(site: Site) -> list[dict]:
    """The served languages grouped by script, each group sorted by the German name: a newcomer
    finds their script at a glance, staff helping them find the German name in order."""
    groups: dict[str, list[dict]] = {}
    for lang in site.languages:
        german = language_name(lang.code, "de")
        groups.setdefault(script_of(lang.code), []).append(
            {"code": lang.code, "tag": lang.tag, "dir": text_direction(lang.code), "name": own_name(lang.code), "german": german})
    order = list(SCRIPTS) + sorted(set(groups) - set(SCRIPTS))
    return [{"id": script.lower(), "name": SCRIPTS.get(script, (script.title(), ""))[0], "sample": SCRIPTS.get(script, ("", ""))[1],
             "languages": sorted(groups[script], key=lambda item: _german_sort_key(item["german"]))}
            for script in order if script in groups]


def render_chooser(env: Environment, t: Translator, site: Site, as_of: dt.date) -> Rendered:
    """site/index.html: every language in its own name and script (rendered in German)."""
    usage = t.start_page()
    page = base_page(t, kind="chooser", title=f"{t.gettext('Hilfe und Beratung im Kreis Unna')} – {site.county_name}",
                     description=t.gettext("Angebote für Zugewanderte und Geflüchtete"),
                     css="assets/style.css", as_of=as_of, sample=site.sample_content, codes=site.codes, print_=False,
                     alternates=site_links(site, "de", "index.html").alternates)
    index = _index(site) | {"groups": chooser_groups(site)}
    return render_page(env, t, "site/chooser.html", page, usage, index=index)


def render_language_index(env: Environment, t: Translator, site: Site, as_of: dt.date) -> Rendered:
    """site/<lang>/index.html: the municipalities' flyers and the documents in this language."""
    usage = t.start_page()
    links = site_links(site, t.language.code, "index.html")
    page = base_page(t, kind="language", title=f"{t.gettext('Hilfe und Beratung im Kreis Unna')} – {site.county_name}",
                     description=t.gettext("Angebote für Zugewanderte und Geflüchtete"),
                     css="../assets/style.css", as_of=as_of, sample=site.sample_content, codes=site.codes, print_=False,
                     alternates=links.alternates, switcher=links.switcher)
    docs = []
    for doc in site.documents.values():
        variants = [{"name": document_name(doc.id, slug), "place": m.name} for slug, m in site.municipalities.items()] if doc.per_municipality else []
        docs.append({"name": document_name(doc.id, None), "title": t.gettext(doc.title), "variants": variants})
    index = _index(site) | {
        "places": [{"slug": slug, "name": m.name} for slug, m in site.municipalities.items()],
        "documents": docs,
    }
    return render_page(env, t, "site/language.html", page, usage, index=index)


def sitemap(site: Site, paths: list[str], as_of: dt.date) -> bytes:
    """sitemap.xml of the published pages and PDFs, with hreflang alternates for per-language
    pages (x-default: the language chooser, which lists every language's index in turn)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    published = set(paths)
    for path in sorted(p for p in published if p.endswith((".html", ".pdf"))):
        lines.append(f"  <url><loc>{xml_escape(site.base_url + path)}</loc><lastmod>{as_of.isoformat()}</lastmod>")
        head, _, rest = path.partition("/")
        if path == "index.html":
            rest = "index.html"
        if (head in site.codes and rest) or path == "index.html":
            links = [(lang.tag, f"{lang.code}/{rest}") for lang in site.languages if f"{lang.code}/{rest}" in published]
            if path.endswith(".html") and "index.html" in published:
                links.append(("x-default", "index.html"))
            for tag, href in links:
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{tag}" href="{xml_escape(site.base_url + href)}"/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
