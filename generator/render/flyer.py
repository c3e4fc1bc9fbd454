"""The flyer of one municipality in one language: offers grouped by category, as HTML."""

from __future__ import annotations

import datetime as dt
import re

from jinja2 import Environment
from markupsafe import Markup

from generator.content.model import Offer, Site
from generator.i18n.formatting import join_list, language_name, long_date, short_date, time_range, weekdays
from generator.i18n.translator import Translator
from generator.render.bidi import presenter
from generator.render.page import Rendered, base_page, render_page
from generator.render.qr import qr_data_uri
from generator.render.urls import flyer_url, site_links


def contact_view(item) -> dict:
    web = getattr(item, "web", None)
    phone = getattr(item, "phone", None)
    return {
        "address": getattr(item, "address", None),
        "phone": phone,
        "phone_link": re.sub(r"[^0-9+]", "", phone) if phone else None,
        "email": getattr(item, "email", None),
        "web": web,
        "web_label": re.sub(r"^https?://", "", web).rstrip("/") if web else None,
    }


def _isolated(text: str) -> Markup:
    """Dates and numbers inside a sentence keep their own order in either direction."""
    return Markup("<bdi>{}</bdi>").format(text)


def localized(t: Translator, text: str | None) -> Markup | str | None:
    """The translation; where none may be shown, the German text marked as German (right direction in RTL pages)."""
    if not text:
        return None
    translated = t.translate(text)
    if translated is None:
        return Markup('<span lang="de" dir="ltr">{}</span>').format(text)
    return presenter(t.language.code)(translated)


def offer_view(offer: Offer, t: Translator) -> dict:
    code = t.language.code
    return {
        "id": offer.id,
        "name": offer.name,
        "provider": offer.provider,
        "kind": offer.kind,
        "county_wide": offer.county_wide,
        "description": localized(t, offer.description),
        "languages": join_list([language_name(c, code) for c in offer.languages], code),
        "hours": [
            {"days": weekdays(h.days, code), "time": time_range(h, code), "note": localized(t, h.note)}
            for h in offer.hours
        ],
        "hours_note": localized(t, offer.hours_note),
        "accessibility": localized(t, offer.accessibility),
        "contact": contact_view(offer),
        "last_verified": _isolated(short_date(offer.last_verified, code)),
        "valid_until": _isolated(short_date(offer.valid_until, code)) if offer.valid_until else None,
    }


def office_rank(offer: Offer, responsible_office: str) -> int:
    """0 for the foreigners office responsible for the place, 2 for another foreigners office, 1 for the rest."""
    if offer.foreigners_office is None:
        return 1
    return 0 if offer.foreigners_office == responsible_office else 2


def flyer_groups(site: Site, slug: str, as_of: dt.date, t: Translator) -> list[dict]:
    """Offers valid on `as_of`, in the category order of site.yaml: the responsible foreigners office first
    and other foreigners offices last; otherwise paid before volunteer, county-wide first, then by name."""
    offers = site.offers_for(slug, as_of)
    office = site.municipalities[slug].foreigners_office
    groups = []
    for category in site.categories:
        members = sorted((o for o in offers if o.category == category.id),
                         key=lambda o: (office_rank(o, office), o.kind != "paid", not o.county_wide, o.name))
        if members:
            groups.append({"id": category.id, "label": localized(t, category.label), "offers": [offer_view(o, t) for o in members]})
    return groups


def render_flyer(env: Environment, t: Translator, site: Site, slug: str, as_of: dt.date, print_: bool) -> Rendered:
    code = t.language.code
    municipality = site.municipalities[slug]
    usage = t.start_page()
    groups = flyer_groups(site, slug, as_of, t)
    verified = [o.last_verified for o in site.offers_for(slug, as_of)]
    links = site_links(site, code, f"{slug}.html")
    title = t.gettext("Hilfe und Beratung in %(place)s") % {"place": municipality.name}
    page = base_page(
        t, kind="flyer", title=f"{title} – {site.county_name}",
        description=t.gettext("Angebote für Zugewanderte und Geflüchtete"),
        css="assets/style.css" if print_ else "../assets/style.css",
        as_of=as_of, sample=site.sample_content, codes=site.codes, print_=print_,
        alternates=links.alternates, switcher=links.switcher,
    )
    url = flyer_url(site, code, slug)
    flyer = {
        "county": site.county_name,
        "department": site.department,
        "municipality": municipality.name,
        "groups": groups,
        "updated": long_date(max(verified), code) if verified else long_date(as_of, code),
        "url": url,
        "url_short": url.split("://", 1)[-1],
        "qr": qr_data_uri(url) if print_ else None,
        "pdf_href": f"{slug}.pdf",
        "ki_email": site.offices["ki"].email if "ki" in site.offices else "",
    }
    page["footer"] = f"{site.county_name} · {municipality.name} · {url}"
    return render_page(env, t, "flyer.html", page, usage, flyer=flyer)
