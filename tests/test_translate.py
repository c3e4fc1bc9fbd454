"""`translate_catalog` through deep-translator's real LibreTranslator client against a local stand-in server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
import yaml
from babel.messages.catalog import Catalog

from generator.i18n.catalogs import State, mark_draft, message_state, po_path, read_catalog, write_catalog
from generator.i18n.machine import (
    PROVIDERS, TranslateError, TranslateReport, provider_code, provider_languages, providers_table,
    translate_catalog,
)

sys.path.insert(0, str(Path(__file__).parent))
from standin_translator import StandInServer, fake_translate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TERMS = ("Duldung", "Ausländerbehörde", "Härtefallkommission", "Ausbildungsduldung")

PLAIN = [f"Beratung Nummer {n}" for n in range(1, 8)]  # seven messages without placeholders or terms
REVIEWED = ("Willkommen", "Welcome")
DRAFT = ("Öffnungszeiten", "Opening hours")
NAMED = "Hallo %(name)s, Ihr Termin ist am {date}."
POSITIONAL = "Seite %s von %s"
LINES = "Erste Zeile\nZweite Zeile"


@pytest.fixture
def serve():
    """Start stand-in servers on free ports; all are stopped after the test."""
    servers = []

    def start(**options) -> StandInServer:
        servers.append(StandInServer(**options).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def make_catalog(locales: Path, ids, locale: str = "en") -> Path:
    """A catalog with the given missing msgids, one reviewed and one draft translation."""
    catalog = Catalog(locale=locale, project="unna-docs")
    for msgid in ids:
        catalog.add(msgid)
    catalog.add(REVIEWED[0], REVIEWED[1])
    draft = catalog.add(DRAFT[0], DRAFT[1])
    mark_draft(draft, "written by hand")
    path = po_path(locales, locale)
    write_catalog(catalog, path)
    return path


def strings(path: Path, locale: str = "en") -> dict[str, str]:
    return {m.id: m.string for m in read_catalog(path, locale) if m.id}


def run(locales: Path, server: StandInServer | None, code: str = "en", **options) -> TranslateReport:
    options.setdefault("timeout", 2.0)
    return translate_catalog(locales, code, base_url=server.url if server else None, **options)


def test_fills_only_missing_messages_as_machine_drafts(tmp_path, serve):
    server = serve()
    path = make_catalog(tmp_path, [NAMED, POSITIONAL, LINES, "Beratung\n"])
    report = run(tmp_path, server)
    catalog = read_catalog(path, "en")
    assert (report.filled, report.failed, report.skipped, report.remaining) == (4, [], 2, 0)
    assert catalog[NAMED].string == "HALLO %(name)s, IHR TERMIN IST AM {date}."
    assert catalog[POSITIONAL].string == "SEITE %s VON %s"
    assert catalog[LINES].string == "ERSTE ZEILE\nZWEITE ZEILE"
    assert catalog["Beratung\n"].string == "BERATUNG\n"  # msgfmt: msgid and msgstr end alike
    for msgid in (NAMED, POSITIONAL, LINES):
        message = catalog[msgid]
        assert message.fuzzy and message_state(message) is State.MACHINE
        assert message.user_comments[-1].startswith("machine-translated: libre 20")
    assert catalog[REVIEWED[0]].string == REVIEWED[1] and not catalog[REVIEWED[0]].fuzzy
    assert catalog[DRAFT[0]].string == DRAFT[1] and message_state(catalog[DRAFT[0]]) is State.DRAFT
    assert catalog[DRAFT[0]].user_comments == ["draft: written by hand"]
    assert len(server.requests) == 4  # reviewed and draft messages are never sent


def test_sends_what_libretranslate_expects_with_placeholders_hidden(tmp_path, serve):
    server = serve(api_key="secret")
    make_catalog(tmp_path, [NAMED])
    run(tmp_path, server, api_key="secret")
    (params,) = server.requests
    assert params == {"q": "Hallo [[0]], Ihr Termin ist am [[1]].", "source": "de", "target": "en",
                      "format": "text", "api_key": "secret"}


def test_a_server_without_key_gets_a_placeholder_key(tmp_path, serve):
    server = serve()
    make_catalog(tmp_path, ["Beratung"])
    run(tmp_path, server)
    assert server.requests[0]["api_key"]  # LibreTranslator refuses an empty key


def test_halfway_failure_keeps_finished_batches_and_a_rerun_completes(tmp_path, serve):
    path = make_catalog(tmp_path, PLAIN)
    failing = serve(mode="fail", fail_after=5)
    on_disk = []

    def progress(step: int) -> None:
        on_disk.append(sum(1 for s in strings(path).values() if s) - 2)  # minus reviewed and draft

    with pytest.raises(TranslateError) as caught:
        run(tmp_path, failing, batch_size=2, progress=progress)
    assert "HTTP 500" in caught.value.message and "5 message(s) were saved" in caught.value.message
    assert on_disk == [0, 0, 2, 2, 4]  # written after every batch of two, not only at the end
    saved = strings(path)
    assert [saved[m] for m in PLAIN] == [fake_translate(m) for m in PLAIN[:5]] + ["", ""]

    report = run(tmp_path, serve(), batch_size=2)
    assert (report.filled, report.remaining) == (2, 0)
    assert [strings(path)[m] for m in PLAIN] == [fake_translate(m) for m in PLAIN]


def test_dropped_connection_stops_cleanly_and_keeps_progress(tmp_path, serve):
    path = make_catalog(tmp_path, PLAIN)
    with pytest.raises(TranslateError) as caught:
        run(tmp_path, serve(mode="close", fail_after=3), batch_size=2)
    assert "cannot reach the translation service" in caught.value.message
    assert sum(1 for m in PLAIN if strings(path)[m]) == 3


def test_rate_limit_stops_with_a_clear_message_and_keeps_progress(tmp_path, serve):
    path = make_catalog(tmp_path, PLAIN)
    with pytest.raises(TranslateError) as caught:
        run(tmp_path, serve(mode="429", fail_after=3), batch_size=20)
    assert "HTTP 429" in caught.value.message and "rate limit" in caught.value.message
    assert "3 message(s) were saved" in caught.value.message and "rerun" in caught.value.message
    assert sum(1 for m in PLAIN if strings(path)[m]) == 3


def test_a_service_that_never_answers_fails_within_the_timeout(tmp_path, serve):
    path = make_catalog(tmp_path, PLAIN)
    before = path.read_bytes()
    started = time.monotonic()
    with pytest.raises(TranslateError) as caught:
        run(tmp_path, serve(mode="hang"), timeout=0.5)
    assert time.monotonic() - started < 3
    assert "did not answer within 0.5 s" in caught.value.message
    assert path.read_bytes() == before


def test_lost_placeholders_or_line_breaks_leave_the_message_missing(tmp_path, serve):
    path = make_catalog(tmp_path, [NAMED, LINES, "Beratung"])
    report = run(tmp_path, serve(mode="drop"))
    reasons = dict(report.failed)
    assert set(reasons) == {NAMED, LINES}
    assert "placeholder" in reasons[NAMED] and "line breaks" in reasons[LINES]
    saved = strings(path)
    assert saved[NAMED] == "" and saved[LINES] == "" and saved["Beratung"] == "BERATUNG"
    assert (report.filled, report.remaining) == (1, 2)


def test_added_markup_is_rejected(tmp_path, serve):
    path = make_catalog(tmp_path, ["Beratung"])
    report = run(tmp_path, serve(mode="markup"))
    assert report.failed == [("Beratung", "the translation contains markup (< or &entity;)")]
    assert strings(path)["Beratung"] == ""


def test_protected_terms_stay_recognisable_in_brackets(tmp_path, serve):
    ids = ["Sie haben eine Duldung.", "Fragen Sie die Ausländerbehörden!",
           "Die Härtefallkommission entscheidet.", "Die Ausbildungsduldung gilt drei Jahre."]
    path = make_catalog(tmp_path, ids)
    run(tmp_path, serve(), protected_terms=TERMS)
    saved = strings(path)
    # located: the term's own translation is found in the sentence
    assert saved["Sie haben eine Duldung."] == "you have a toleration (Duldung)."
    # not located (inflected): brackets go before the final punctuation
    assert saved["Fragen Sie die Ausländerbehörden!"] == "FRAGEN you DIE AUSLÄNDERBEHÖRDEN (Ausländerbehörde)!"
    # the German term survived translation: nothing is added
    assert saved["Die Härtefallkommission entscheidet."] == "DIE Härtefallkommission ENTSCHEIDET."
    # a compound is its own term; "Duldung" inside it is not matched again
    assert saved["Die Ausbildungsduldung gilt drei Jahre."] == "DIE AUSBILDUNGSDULDUNG (Ausbildungsduldung) GILT DREI JAHRE."


def test_the_project_glossary_protects_the_legal_terms():
    terms = yaml.safe_load((ROOT / "content" / "glossary.yaml").read_text(encoding="utf-8"))["protected_terms"]
    assert {"Duldung", "Aufenthaltserlaubnis", "Ausländerbehörde", "Einreise- und Aufenthaltsverbot"} <= set(terms)


def test_unsupported_language_fails_before_any_request(tmp_path, serve):
    server = serve()
    path = make_catalog(tmp_path, PLAIN, locale="ti")
    before = path.read_bytes()
    with pytest.raises(TranslateError) as caught:
        run(tmp_path, server, code="ti")
    assert caught.value.message == ("libre cannot draft ti (deep-translator libre has no such target); "
                                    "providers that can: google, mymemory.")
    assert server.requests == [] and path.read_bytes() == before


def test_refused_connection_is_a_clean_error(tmp_path):
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = make_catalog(tmp_path, PLAIN)
    with pytest.raises(TranslateError) as caught:
        translate_catalog(tmp_path, "en", base_url=f"http://127.0.0.1:{port}", timeout=2)
    assert caught.value.message == (f"cannot reach the translation service at http://127.0.0.1:{port}/; check --base-url "
                                    f"or your network. 0 message(s) were saved to {path}; rerun to resume.")
    assert isinstance(caught.value, click.ClickException) and caught.value.exit_code == 1


def test_wrong_key_is_reported_without_showing_it(tmp_path, serve):
    make_catalog(tmp_path, PLAIN)
    with pytest.raises(TranslateError) as caught:
        run(tmp_path, serve(api_key="right"), api_key="wrong-key-123")
    assert "refused the API key (HTTP 403)" in caught.value.message
    assert "wrong-key-123" not in caught.value.message


def test_deepl_without_key_fails_at_once(tmp_path):
    make_catalog(tmp_path, PLAIN)
    with pytest.raises(TranslateError, match="deepl needs an API key"):
        translate_catalog(tmp_path, "en", provider="deepl")


def test_dry_run_sends_and_writes_nothing(tmp_path, serve):
    server = serve()
    path = make_catalog(tmp_path, PLAIN)
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    report = run(tmp_path, server, dry_run=True, limit=6)
    assert report.dry_run and report.filled == report.planned == 6 and report.remaining == 1
    assert report.sample == PLAIN[:5]
    assert server.requests == [] and path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_limit_translates_at_most_n_messages(tmp_path, serve):
    server = serve()
    path = make_catalog(tmp_path, PLAIN)
    report = run(tmp_path, server, limit=3)
    assert (report.filled, report.remaining, len(server.requests)) == (3, 4, 3)
    assert [bool(strings(path)[m]) for m in PLAIN] == [True] * 3 + [False] * 4


def test_plural_messages_are_left_for_a_human(tmp_path, serve):
    catalog = Catalog(locale="en")
    catalog.add(("%(n)s Angebot", "%(n)s Angebote"))
    catalog.add("Beratung")
    write_catalog(catalog, po_path(tmp_path, "en"))
    report = run(tmp_path, serve())
    assert report.filled == 1 and report.failed == [("%(n)s Angebot", "plural message: translate it by hand")]


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext's msgfmt is not installed")
def test_result_passes_msgfmt_check(tmp_path, serve):
    path = make_catalog(tmp_path, [NAMED, POSITIONAL, LINES, "Beratung\n", "Sie haben eine Duldung."])
    run(tmp_path, serve(), protected_terms=TERMS)
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_provider_tables_follow_deep_translator():
    libre = provider_languages("libre")
    assert len(libre) == 17 and "ar" in libre and not {"fa", "ps", "ckb", "ti", "uk", "ka"} & libre
    assert provider_languages("babelfish") is None
    assert providers_table(["en", "ti", "fa-AF", "uk"]) == [
        {"code": "en", "libre": True, "google": True, "deepl": True, "mymemory": True},
        {"code": "ti", "libre": False, "google": True, "deepl": False, "mymemory": True},
        {"code": "fa-AF", "libre": False, "google": True, "deepl": False, "mymemory": True},
        {"code": "uk", "libre": False, "google": True, "deepl": True, "mymemory": True},
    ]
    assert set(providers_table(["ar"])[0]) == {"code", *PROVIDERS}


@pytest.mark.parametrize("provider, code, expected", [
    ("google", "fa-AF", "fa"), ("mymemory", "fa-AF", "prs-AF"), ("mymemory", "ti", "ti-ET"),
    ("mymemory", "ar", "ar-SA"), ("google", "sr-Latn", None), ("mymemory", "sr-Latn", "sr-Latn-RS"),
    ("google", "pt-BR", "pt"), ("libre", "ti", None), ("google", "ckb", "ckb"),
])
def test_our_codes_map_to_provider_codes(provider, code, expected):
    assert provider_code(provider, code) == expected


def test_every_alias_is_a_code_deep_translator_accepts():
    from generator.i18n.machine import _ALIASES, _make_translator

    for provider, aliases in _ALIASES.items():
        for code, target in aliases.items():
            if target is not None:
                assert target in provider_languages(provider), (provider, code)
                _make_translator(provider, target, None, "key:fx")  # deep-translator checks the pair here
