"""Fictitious sample cases (names invented for tests) for the filled-document tests."""

from __future__ import annotations

# A fictitious adult; names in Latin and in the person's own script.
NAMES = {
    "fa": ("Rahimi, Ahmad", "احمد رحیمی"),
    "fa-AF": ("Sultani, Mariam", "مریم سلطانی"),
    "ar": ("Haddad, Samir", "سمير حداد"),
    "ti": ("Tesfay, Selam", "ሰላም ተስፋይ"),
    "de": ("Beispiel, Erika", ""),
}


def sample_case(document: str, code: str, municipality: str = "kamen", minor: bool = False) -> dict:
    latin, native = NAMES[code]
    case = {
        "document": document, "language": code, "municipality": municipality, "date": "24.11.2026",
        "person_name": latin, "person_name_native": native,
        "person_birth_date": "03.05.2012" if minor else "2001-02-01",
        "file_number": "35.2-2026-0815", "officer_name": "Petra Probe",
        "ticked": [],
    }
    if minor:
        case["guardian_name"] = "Vormund, Gustav"
    if document == "einwilligung":
        case.update(interpreter_name="Reza Dolmetsch", interpreter_language="Dari", contact_language="Dari",
                    ticked=["consent_data_transfer", "recipient_ki", "information_received"])
    elif document == "gespraechskonzept":
        case.update(person_nationality="syrisch", interpreter_name="Lina Muster", interpreter_language="Arabisch",
                    step_1="Passantrag bei der Botschaft stellen", step_1_deadline="15.01.2027",
                    ticked=["status_duldung", "purpose_right_to_remain", "rule_aufenthg_25b_4", "copy_received"],
                    rules={"aufenthg-25b": {"outcome": "fehlt-noch", "note": "Deutsch A2 nachweisen"}})
    elif document == "vollmacht":  # no officer signs a power of attorney
        del case["officer_name"]
        case.update(rep_name="Berta Beistand", rep_organisation="Flüchtlingshilfe Kamen (Beispiel)",
                    ticked=["scope_information", "scope_letters", "validity_until_revoked"])
    elif document == "ausreiseinformation":
        case.update(departure_deadline="31.12.2026", ticked=["received_copy"])
    return case
