"""The consent text a member reads and signs: versioned data, in English and Spanish.

The text is not translated through gettext: what a member signed must never change when
a translation is improved. Each version is frozen here, per language; a change of
wording is a new version (and the old one stays, so the exact text of every signed
consent can be shown again). `render` fills a version in with the member's choices; the
SHA-256 of exactly that text is kept with the consent (`Consent.text_sha256`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from circles.consent.categories import Category, Level, Purpose

CURRENT_VERSION = "2026-12-2"
LANGUAGES = ("en", "es")

# What triggers a safety alert and what the professional sees: said the same way on the
# consent page and in the text signed (issue 15, point 7).
SAFETY_ALERT_EXPLAINED = {
    "en": (
        "a content-free note that you may need a check-in, when Mend's safety screen finds "
        "words of crisis in something you write; never the words"
    ),
    "es": (
        "un aviso sin contenido de que quizá necesites que te contacten, cuando el filtro de "
        "seguridad de Mend encuentra palabras de crisis en algo que escribes; nunca las palabras"
    ),
}

_TEXTS = {
    "2026-12-1": {
        "en": {
            "title": "Consent to share my information with a professional in Mend",
            "who": "I, {member}, allow Mend to share my information from the circle “{circle}”.",
            "to": "With: {recipients}, and with nobody else. They may not pass it on.",
            "what": "What they may see, category by category:",
            "level": {
                Level.TRENDS: "{category}: trends and scores only, never the entries themselves.",
                Level.ENTRIES: "{category}: the entries I share with them, and trends.",
            },
            "nothing_else": "Anything not listed here stays hidden from them, cravings and use included unless listed.",
            "alerts_yes": "Safety alerts: yes. They will receive {explained}.",
            "alerts_no": "Safety alerts: no. Nothing from Mend's safety screen reaches them.",
            "purpose": "Purpose: {purposes}.",
            "purposes": {
                Purpose.TREATMENT: "my treatment with them",
                Purpose.AT_MY_REQUEST: "at my request",
            },
            "from": "From: what I write from {data_from} on; nothing from before.",
            "until": "Until: {expires_at}, unless I revoke it earlier.",
            "revoke": (
                "I can revoke this consent at any time, in Mend, on the page “Consent for your "
                "professional” (or by asking the professional in writing). From then on they see "
                "nothing more of mine. Revoking does not undo what they already saw while this "
                "consent was in force."
            ),
            "refuse": "Signing is my choice: refusing does not change the care I receive.",
            "redisclosure": (
                "Notice to the professional (42 CFR § 2.32): this information has been disclosed "
                "to you from records protected by federal confidentiality rules (42 CFR part 2). "
                "The federal rules prohibit you from making any further disclosure of it unless "
                "further disclosure is expressly permitted by the written consent of the person "
                "to whom it pertains or as otherwise permitted by 42 CFR part 2."
            ),
            "signed": "Signed electronically by {member} on {signed_on}, after confirming my password.",
        },
        "es": {
            "title": "Consentimiento para compartir mi información con un profesional en Mend",
            "who": "Yo, {member}, permito que Mend comparta mi información del círculo «{circle}».",
            "to": "Con: {recipients}, y con nadie más. No pueden pasarla a otras personas.",
            "what": "Lo que pueden ver, categoría por categoría:",
            "level": {
                Level.TRENDS: "{category}: solo tendencias y puntuaciones, nunca las entradas.",
                Level.ENTRIES: "{category}: las entradas que comparto con ellos, y las tendencias.",
            },
            "nothing_else": "Lo que no aparece aquí sigue oculto para ellos, también los antojos y el consumo si no aparecen.",
            "alerts_yes": "Avisos de seguridad: sí. Recibirán {explained}.",
            "alerts_no": "Avisos de seguridad: no. Nada del filtro de seguridad de Mend les llega.",
            "purpose": "Finalidad: {purposes}.",
            "purposes": {
                Purpose.TREATMENT: "mi tratamiento con ellos",
                Purpose.AT_MY_REQUEST: "a petición mía",
            },
            "from": "Desde: lo que escribo a partir del {data_from}; nada de antes.",
            "until": "Hasta: el {expires_at}, salvo que lo revoque antes.",
            "revoke": (
                "Puedo revocar este consentimiento cuando quiera, en Mend, en la página "
                "«Consentimiento para tu profesional» (o pidiéndoselo por escrito al profesional). "
                "Desde ese momento no ven nada más mío. Revocarlo no deshace lo que ya vieron "
                "mientras estaba vigente."
            ),
            "refuse": "Firmar es decisión mía: no firmar no cambia la atención que recibo.",
            "redisclosure": (
                "Aviso al profesional (42 CFR § 2.32): esta información se te ha revelado a partir "
                "de registros protegidos por las normas federales de confidencialidad (42 CFR parte 2). "
                "Las normas federales te prohíben revelarla de nuevo salvo que lo permita "
                "expresamente el consentimiento escrito de la persona a quien se refiere o que lo "
                "permita de otro modo 42 CFR parte 2."
            ),
            "signed": "Firmado electrónicamente por {member} el {signed_on}, tras confirmar mi contraseña.",
        },
    }
}

# Category names as frozen in the text, per version (a category added or renamed later
# gets its line in a new version).
_CATEGORY_NAMES_2026_12_1 = {
    "en": {
        Category.PROMISES: "Promises and follow-through",
        Category.MOMENTS: "Small moments",
        Category.SCORES: "Trust scores",
        Category.CHECKINS: "Check-ins and time-outs",
        Category.CRAVINGS: "Cravings and use",
        Category.REPAIR: "Ruptures and repair steps",
        Category.REACHOUT: "Reach-out plans",
        Category.APPRECIATIONS: "Appreciations",
        Category.MEASURES: "Measures",
    },
    "es": {
        Category.PROMISES: "Promesas y su cumplimiento",
        Category.MOMENTS: "Pequeños momentos",
        Category.SCORES: "Puntuaciones de confianza",
        Category.CHECKINS: "Cómo estoy y pausas",
        Category.CRAVINGS: "Antojos y consumo",
        Category.REPAIR: "Rupturas y pasos de reparación",
        Category.REACHOUT: "Planes para cuando alguien vuelve a contactar",
        Category.APPRECIATIONS: "Agradecimientos",
        Category.MEASURES: "Cuestionarios",
    },
}
_CATEGORY_NAMES = {
    "2026-12-1": _CATEGORY_NAMES_2026_12_1,
    # The questionnaires' pages call them questionnaires: the text says so too.
    "2026-12-2": {
        "en": {**_CATEGORY_NAMES_2026_12_1["en"], Category.MEASURES: "Questionnaires"},
        "es": _CATEGORY_NAMES_2026_12_1["es"],
    },
}
# Version 2026-12-2 changed only a category's name; its sentences are those of 2026-12-1.
_TEXTS["2026-12-2"] = _TEXTS["2026-12-1"]


@dataclass(frozen=True)
class Shown:
    """The text as shown: its version, language, lines, and the digest kept with a consent."""

    version: str
    language: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def language_of(code: str | None) -> str:
    """The text's language for a person's language code ("es-mx" → "es"; English otherwise)."""
    short = (code or "en").split("-")[0].lower()
    return short if short in LANGUAGES else "en"


def render(
    *,
    member_name: str,
    circle_name: str,
    recipient_names: str,
    scopes: dict,
    purposes,
    data_from: date,
    expires_at: date,
    safety_alerts: bool,
    signed_on: date,
    language: str = "en",
    version: str = CURRENT_VERSION,
) -> Shown:
    """The consent text of `version` in `language`, filled in with the member's choices.

    `scopes` is {category: level}; categories are listed in the order of `Category`.
    """
    language = language_of(language)
    t = _TEXTS[version][language]
    names = _CATEGORY_NAMES[version][language]
    lines = [
        t["title"],
        t["who"].format(member=member_name, circle=circle_name),
        t["to"].format(recipients=recipient_names),
        t["what"],
    ]
    for category in Category.values:
        if category in scopes:
            lines.append("– " + t["level"][scopes[category]].format(category=names[category]))
    lines.append(t["nothing_else"])
    if safety_alerts:
        lines.append(t["alerts_yes"].format(explained=SAFETY_ALERT_EXPLAINED[language]))
    else:
        lines.append(t["alerts_no"])
    chosen = [t["purposes"][p] for p in Purpose.values if p in purposes]
    lines += [
        t["purpose"].format(purposes="; ".join(chosen)),
        t["from"].format(data_from=data_from.isoformat()),
        t["until"].format(expires_at=expires_at.isoformat()),
        t["revoke"],
        t["refuse"],
        t["redisclosure"],
        t["signed"].format(member=member_name, signed_on=signed_on.isoformat()),
    ]
    return Shown(version, language, tuple(lines))
