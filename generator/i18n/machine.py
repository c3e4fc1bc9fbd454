"""Machine drafts for missing catalog messages through deep-translator, saved batch by batch."""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import click
import requests
from deep_translator import DeeplTranslator, GoogleTranslator, LibreTranslator, MyMemoryTranslator
from deep_translator import constants
from deep_translator.exceptions import (
    AuthorizationException, NotValidLength, NotValidPayload, RequestError, ServerException,
    TooManyRequests, TranslationNotFound,
)

from generator.i18n import codes
from generator.i18n.catalogs import State, mark_draft, message_state, po_path, read_catalog, write_catalog
from generator.i18n.checks import MARKUP as _MARKUP
from generator.i18n.checks import PLACEHOLDER

PROVIDERS = ("libre", "google", "deepl", "mymemory")
# A self-hosted LibreTranslate listens here by default; nothing leaves the machine unless asked to.
DEFAULT_LIBRE_URL = "http://localhost:5000/"
# deep-translator's own environment variable names, a sensible default for the CLI's key option.
API_KEY_ENV = {"libre": "LIBRE_API_KEY", "deepl": "DEEPL_API_KEY"}

_TABLES = {
    "libre": constants.LIBRE_LANGUAGES_TO_CODES,  # 17 languages: no fa, ps, ckb, ti, uk, ka
    "google": constants.GOOGLE_LANGUAGES_TO_CODES,
    "deepl": constants.DEEPL_LANGUAGE_TO_CODE,
    "mymemory": constants.MY_MEMORY_LANGUAGES_TO_CODES,  # region-qualified codes: ar-SA, ti-ET
}
# Our site.yaml codes where the provider's code differs. fa-AF is Dari: MyMemory has Dari
# (prs-AF); Google only Persian, which a Dari reader understands but a reviewer must adapt, as
# for every draft. None: the provider has the language only in a wrong form (Google's sr is Cyrillic).
_ALIASES = {
    "libre": {"zh-Hans": "zh"},
    "google": {"fa-AF": "fa", "he": "iw", "kmr": "ku", "sr-Cyrl": "sr", "sr-Latn": None, "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"},
    "deepl": {"zh-Hans": "zh", "pt-BR": "pt", "pt-PT": "pt"},
    "mymemory": {"fa-AF": "prs-AF", "sr": "sr-Cyrl-RS", "sr-Cyrl": "sr-Cyrl-RS", "sr-Latn": "sr-Latn-RS", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"},
}
_SOURCE = {"mymemory": "de-DE"}

_PROTECTED = re.compile(PLACEHOLDER.pattern + r"|\n")
# Tokens stand in for placeholders and line breaks while the text is at the service; machine
# translation keeps bracketed numbers, and we accept spaces or non-Latin digits inside them.
_TOKEN = re.compile(r"\[\[\s*(\d+)\s*\]\]")
_FINAL_STOP = ".!?:;。؟۔።"


class TranslateError(click.ClickException):
    """A run that cannot start or had to stop; the message says why and what was saved."""


@dataclass
class TranslateReport:
    filled: int  # in a dry run: how many would be filled
    failed: list[tuple[str, str]]  # (msgid, reason); these stay missing
    skipped: int  # messages that already had a translation (reviewed or draft), left untouched
    remaining: int  # messages still missing after the run (failed ones and those beyond --limit)
    dry_run: bool
    planned: int = 0  # messages selected for translation (after the limit)
    sample: list[str] = field(default_factory=list)  # the first few of them


class _Rejected(Exception):
    """This message's translation is unusable; it stays missing and the run goes on."""


class _Stop(Exception):
    """The service cannot be used any more; the run saves what it has and stops."""


class _Timeout(Exception):
    """A request took longer than the run's timeout."""


def provider_languages(provider: str) -> set[str] | None:
    """Target codes the provider can draft (deep-translator's own tables); None if unknown."""
    table = _TABLES.get(provider)
    return None if table is None else set(table.values())


def provider_code(provider: str, code: str) -> str | None:
    """The provider's code for one of our language codes, or None when it cannot draft it."""
    codes = provider_languages(provider)
    if codes is None:
        return None
    if code in _ALIASES[provider]:
        return _ALIASES[provider][code]
    if code in codes:
        return code
    base, _, rest = code.partition("-")
    if rest and not (rest.isupper() or rest.isdigit()):
        return None  # a script subtag (Latn, Cyrl, Hans) must not fall back to another script
    if base in codes:
        return base
    # MyMemory qualifies every language by region; its table lists the main one first (ar-SA).
    return next((c for c in _TABLES[provider].values() if c.split("-")[0] == base), None)


def providers_table(codes: list[str]) -> list[dict]:
    """One row per configured language: which provider can draft it."""
    return [{"code": code, **{p: provider_code(p, code) is not None for p in PROVIDERS}} for code in codes]


def _with_timeout(call: Callable[[], str], timeout: float) -> str:
    # deep-translator passes no timeout to requests; calls have hung for hours (deep-translator #163).
    # A daemon thread bounds the wait; unlike a ThreadPoolExecutor worker, a hung one cannot block exit.
    outcome: dict = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed over to the caller's thread
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="translate-request", daemon=True).start()
    if not done.wait(timeout):
        raise _Timeout
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _make_translator(provider: str, target: str, base_url: str | None, api_key: str | None):
    source = _SOURCE.get(provider, "de")
    if provider == "libre":
        # LibreTranslator appends "translate" to custom_url, so it needs the trailing slash, and it
        # refuses an empty api_key even for servers that need none.
        url = (base_url or DEFAULT_LIBRE_URL).rstrip("/") + "/"
        return LibreTranslator(source=source, target=target, custom_url=url, api_key=api_key or "unused-placeholder")
    if provider == "google":
        return GoogleTranslator(source=source, target=target)
    if provider == "deepl":
        return DeeplTranslator(source=source, target=target, api_key=api_key, use_free_api=api_key.endswith(":fx"))
    return MyMemoryTranslator(source=source, target=target)


class _Drafter:
    """Sends one text at a time, guards placeholders and line breaks, keeps legal terms recognisable."""

    def __init__(self, translator, provider: str, timeout: float, terms: tuple[str, ...]):
        self.translator, self.provider, self.timeout = translator, provider, timeout
        self.url = getattr(translator, "_base_url", provider)
        self.terms = sorted(set(terms), key=len, reverse=True)
        self.term_translations: dict[str, str] = {}

    def request(self, text: str) -> str:
        where = f"the translation service at {self.url}"
        check = "check --base-url or your network" if self.provider == "libre" else "check your network"
        rate = f"{where} refused more requests (HTTP 429, rate limit). Wait a while and rerun, or use your own LibreTranslate server."
        key = f"{where} refused the API key. Check the key in the environment variable."
        try:
            result = _with_timeout(lambda: self.translator.translate(text), self.timeout)
        except _Timeout:
            raise _Stop(f"{where} did not answer within {self.timeout:g} s.") from None
        except requests.exceptions.ConnectionError:
            # Raw from deep-translator: it catches the built-in ConnectionError, which requests' is not.
            raise _Stop(f"cannot reach {where}; {check}.") from None
        except TooManyRequests:
            raise _Stop(rate) from None
        except AuthorizationException:  # HTTP 403; its own text shows the key, ours never does
            raise _Stop(key.replace("key.", "key (HTTP 403).", 1)) from None
        except ServerException as exc:  # carries only a message; map it back to the status
            status = {v: k for k, v in ServerException.errors.items()}.get(str(exc), 0)
            if status in (400, 413, 422):
                raise _Rejected(f"the service refused this text (HTTP {status})") from None
            raise _Stop(rate if status == 429 else key if status in (401, 402) else f"{where} answered with an error (HTTP {status or '?'}: {exc}).") from None
        except RequestError:
            raise _Stop(f"{where} answered with an error.") from None
        except requests.exceptions.JSONDecodeError:
            raise _Stop(f"{where} did not answer like a {self.provider} server; {check}.") from None
        except requests.exceptions.RequestException as exc:
            raise _Stop(f"the request to {where} failed ({exc.__class__.__name__}); {check}.") from None
        except (TranslationNotFound, StopIteration):
            raise _Rejected("the service found no translation") from None
        except (NotValidLength, NotValidPayload):
            raise _Rejected(f"the text is too long for {self.provider}") from None
        except (KeyError, TypeError, AttributeError, ValueError):
            raise _Stop(f"{where} answered in an unexpected form; is it a {self.provider} server?") from None
        if not isinstance(result, str):
            raise _Rejected("the service returned no text")
        return result

    def translate(self, source: str) -> str:
        core = source.strip()
        lead, trail = source[: len(source) - len(source.lstrip())], source[len(source.rstrip()):]
        protected: list[str] = []

        def hide(match: re.Match) -> str:
            protected.append(match[0])
            return f"[[{len(protected) - 1}]]"

        masked = _PROTECTED.sub(hide, core)
        raw = self.request(masked)
        text = _TOKEN.sub(lambda m: protected[int(m[1])] if int(m[1]) < len(protected) else m[0], raw).strip()
        _verify(core, text)
        return lead + self.mark_terms(core, text) + trail

    def mark_terms(self, source: str, text: str) -> str:
        """Put each protected German term that the source uses in brackets after its translation.

        The term alone is translated once per run; where that translation occurs in the sentence,
        " (Term)" follows it, otherwise the terms go in brackets before the final full stop.
        Nothing is added when the German term survived translation.
        """
        unplaced = []
        for term in self.terms:
            if not re.search(rf"(?<!\w){re.escape(term)}", source) or term in text:
                continue
            if term not in self.term_translations:
                try:
                    self.term_translations[term] = self.request(term).strip()
                except _Rejected:
                    self.term_translations[term] = ""
            rendered = self.term_translations[term]
            found = re.search(re.escape(rendered), text, re.IGNORECASE) if rendered else None
            if found:
                text = f"{text[:found.end()]} ({term}){text[found.end():]}"
            else:
                unplaced.append(term)
        if unplaced:
            cut = len(text.rstrip(_FINAL_STOP))
            text = f"{text[:cut]} ({', '.join(unplaced)}){text[cut:]}"
        return text


def _verify(source: str, text: str) -> None:
    """Reject a translation that would break the page: lost placeholders, line breaks, added markup."""
    if not text:
        raise _Rejected("the service returned an empty text")
    if _TOKEN.search(text) or "[[" in text or "]]" in text:
        raise _Rejected("a placeholder token came back damaged")
    expected, got = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(text))
    if expected != got:
        raise _Rejected(f"placeholders changed: expected {expected}, got {got}")
    if text.count("\n") != source.count("\n"):
        raise _Rejected(f"line breaks changed: expected {source.count(chr(10))}, got {text.count(chr(10))}")
    if _MARKUP.search(text) and not _MARKUP.search(source):
        raise _Rejected("the translation contains markup (< or &entity;)")
    if text == source and re.search(r"[^\W\d_]", source):
        raise _Rejected("the text came back unchanged (untranslated)")


def _check_request(provider: str, code: str, api_key: str | None, batch_size: int) -> str:
    """Everything that can be refused without a request; returns the provider's target code."""
    if provider not in PROVIDERS:
        raise TranslateError(f"unknown provider {provider!r}; choose one of: {', '.join(PROVIDERS)}.")
    if code.split("-")[0] == "de":
        raise TranslateError("German is the source language; there is nothing to translate into it.")
    target = provider_code(provider, code)
    if target is None:
        able = [p for p in PROVIDERS if provider_code(p, code) is not None]
        others = f"providers that can: {', '.join(able)}" if able else "no provider can; it needs a human translator"
        raise TranslateError(f"{provider} cannot draft {code} (deep-translator {provider} has no such target); {others}.")
    if provider == "deepl" and not api_key:
        raise TranslateError("deepl needs an API key: put it in an environment variable and name that with --api-key-env (e.g. DEEPL_API_KEY).")
    if batch_size < 1:
        raise TranslateError("the batch size must be at least 1.")
    return target


def translate_catalog(locales: Path, code: str, *, provider: str = "libre", base_url: str | None = None,
                      api_key: str | None = None, limit: int | None = None, dry_run: bool = False,
                      protected_terms: tuple[str, ...] = (), timeout: float = 20.0, batch_size: int = 20,
                      progress: Callable[[int], None] | None = None) -> TranslateReport:
    """Fill the missing messages of one language's catalog with machine drafts.

    Only missing messages are sent; each result is checked and stored as a machine draft (fuzzy,
    "machine-translated: <provider> <date>"). The catalog is written after every batch, and when
    the service fails, so a rerun resumes where this one stopped. `progress(1)` follows each message.
    """
    target = _check_request(provider, code, api_key, batch_size)
    locale = codes.locale(code)
    path = po_path(locales, locale)
    catalog = read_catalog(path, locale)
    messages = [m for m in catalog if m.id]
    missing = [m for m in messages if message_state(m) is State.MISSING]
    # A machine cannot choose plural forms for another language's rules; those stay for a human.
    failed = [(m.id[0], "plural message: translate it by hand") for m in missing if not isinstance(m.id, str)]
    todo = [m for m in missing if isinstance(m.id, str)][: None if limit is None else max(limit, 0)]
    report = TranslateReport(filled=0, failed=failed, skipped=len(messages) - len(missing), remaining=len(missing),
                             dry_run=dry_run, planned=len(todo), sample=[m.id for m in todo[:5]])
    if dry_run:  # the forecast of a run that succeeds: nothing is sent, nothing written
        report.filled, report.remaining = len(todo), len(missing) - len(todo)
    if dry_run or not todo:
        return report
    drafter = _Drafter(_make_translator(provider, target, base_url, api_key), provider, timeout, protected_terms)
    note = f"{provider} {dt.date.today().isoformat()}"
    unsaved = False
    try:
        for start in range(0, len(todo), batch_size):
            for message in todo[start:start + batch_size]:
                try:
                    message.string = drafter.translate(message.id)
                except _Rejected as exc:
                    report.failed.append((message.id, str(exc)))
                else:
                    mark_draft(message, note, machine=True)
                    report.filled += 1
                    report.remaining -= 1
                    unsaved = True
                if progress:
                    progress(1)
            if unsaved:
                write_catalog(catalog, path)
                unsaved = False
    except _Stop as exc:
        raise TranslateError(f"{exc} {report.filled} message(s) were saved to {path}; rerun to resume.") from None
    finally:
        if unsaved:  # a failure or Ctrl-C inside a batch keeps the messages finished before it
            write_catalog(catalog, path)
    return report
