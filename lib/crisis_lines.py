"""Crisis and support lines, by country: the one place Mend writes a phone number.

The crisis page, the crisis screen's support card and the relationship-safety
resources all read their lines from here, so a number is corrected once.

Pure data, no database: the crisis page must answer when the database is down
(SECURITY.md check 20). Only lines someone on the team is sure of are listed;
anything to confirm before adding is marked "REVIEW". Links are links only:
Mend never loads anything from another site.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# What a line is for. The support card picks lines by these roles.
EMERGENCY = "emergency"
LIFELINE = "lifeline"  # suicide and crisis: for the person at risk and those worried about them
POISON = "poison"
SUBSTANCE = "substance"
VIOLENCE = "violence"  # domestic and gender-based violence
CHILD = "child"
SEARCH = "search"  # a directory of lines, for where Mend lists none

ELSEWHERE = "ZZ"  # "another country" (ZZ is the user-assigned code for an unknown region)


@dataclass(frozen=True)
class Line:
    number: str  # as people read it
    name: str | Promise
    about: str | Promise
    dial: str = ""  # for tel:, digits only
    text: str = ""  # for sms:, when the line takes texts
    text_word: str = ""  # what to text, when the line asks for a word ("START")
    spanish: str | Promise = ""  # how to reach the line's Spanish-language service
    spanish_text_word: str = ""  # what to text for Spanish ("AYUDA")
    url: str = ""  # a website, shown as a link and never loaded
    discreet: str | Promise = ""  # how to reach it without being noticed, shown wherever the line is
    any_distress: bool = False  # there for anger and any distress, not only thoughts of suicide
    emergency: bool = False

    @property
    def site(self) -> str:
        """The website as people read it: "findahelpline.com"."""
        return self.url.removeprefix("https://").removesuffix("/")


@dataclass(frozen=True)
class Country:
    code: str
    name: str | Promise
    emergency_number: str  # "" when Mend does not know it
    lines: dict[str, Line] = field(default_factory=dict)
    good_samaritan_states: bool = False  # US: many states protect people who call for an overdose

    @property
    def emergency_label(self) -> str | Promise:
        """What to call in an emergency, to go after "call": "911" or "your local emergency number"."""
        return self.emergency_number or _("your local emergency number")

    def line(self, role: str) -> Line | None:
        return self.lines.get(role)

    def listed(self) -> list[Line]:
        """Every line of this country, once, in the order written below."""
        seen: list[Line] = []
        for line in self.lines.values():
            if line not in seen:
                seen.append(line)
        return seen


FIND_A_HELPLINE = Line(
    number="",
    name="Find A Helpline",
    about=_("A free directory of crisis, suicide, abuse and substance-use lines in many countries."),
    url="https://findahelpline.com/",
)


def _emergency(number: str) -> Line:
    return Line(
        number=number,
        name=_("Emergency services"),
        about=_("Police, ambulance or fire, when someone is in danger now."),
        dial=number,
        emergency=True,
    )


US_LIFELINE = Line(
    number="988",
    name=_("988 Suicide and Crisis Lifeline"),
    about=_(
        "For anyone in emotional distress, including thoughts of suicide or anger that feels too big, "
        "and for anyone worried about someone else. Call or text, free, any time."
    ),
    dial="988",
    text="988",
    spanish=_("In Spanish: call 988 and press 2, or text AYUDA to 988."),
    spanish_text_word="AYUDA",
    any_distress=True,
)

US = Country(
    code="US",
    name=_("United States"),
    emergency_number="911",
    good_samaritan_states=True,
    lines={
        EMERGENCY: _emergency("911"),
        LIFELINE: US_LIFELINE,
        POISON: Line(
            number="1-800-222-1222",
            name=_("Poison Help"),
            about=_("Poison-control experts guide you through an overdose or a poisoning. Free, any time."),
            dial="18002221222",
            spanish=_("Interpreters are available, including in Spanish."),
        ),
        SUBSTANCE: Line(
            number="1-800-662-4357",
            name=_("SAMHSA National Helpline"),
            about=_("Free, confidential help finding treatment and support for substance use, every day."),
            dial="18006624357",
            spanish=_("In English and Spanish."),
        ),
        VIOLENCE: Line(
            number="1-800-799-7233",
            name=_("National Domestic Violence Hotline"),
            about=_(
                "If someone is hurting, threatening or frightening you, or you are worried about someone. "
                "Free, confidential, any time."
            ),
            dial="18007997233",
            text="88788",
            text_word="START",
            spanish=_("Help in Spanish is available by phone."),
        ),
        CHILD: Line(
            number="1-800-422-4453",
            name=_("Childhelp National Child Abuse Hotline"),
            about=_("If a child is being hurt or may be at risk. Free, any time."),
            dial="18004224453",
        ),
    },
)

# REVIEW: confirm its hours before saying "any time".
LINEA_DE_LA_VIDA = Line(
    number="800 911 2000",
    name="Línea de la Vida",
    about=_("Free national line for crisis, suicide prevention, mental health and substance use."),
    dial="8009112000",
)

MX = Country(
    code="MX",
    name=_("Mexico"),
    emergency_number="911",
    lines={
        EMERGENCY: _emergency("911"),
        # REVIEW: a national line for violence against women and a poison line are
        # not listed yet; confirm numbers before adding them.
        LIFELINE: LINEA_DE_LA_VIDA,
        SUBSTANCE: LINEA_DE_LA_VIDA,
    },
)

ES = Country(
    code="ES",
    name=_("Spain"),
    emergency_number="112",
    lines={
        EMERGENCY: _emergency("112"),
        LIFELINE: Line(
            number="024",
            name=_("024, suicide prevention line"),
            about=_("For thoughts of suicide, or if you are worried about someone. Free, any time."),
            dial="024",
        ),
        # REVIEW: 016 also answers on WhatsApp and by email, and Spain's poison
        # information service has its own number; confirm before adding them.
        VIOLENCE: Line(
            number="016",
            name=_("016, gender violence line"),
            about=_("Help with gender-based violence, free, any time."),
            discreet=_(
                "It leaves no trace on the phone bill; delete it from the call history if someone checks your phone."
            ),
            dial="016",
        ),
    },
)

GB = Country(
    code="GB",
    name=_("United Kingdom"),
    emergency_number="999",
    lines={
        EMERGENCY: _emergency("999"),
        # REVIEW: a national domestic abuse helpline is not listed yet; confirm before adding.
        LIFELINE: Line(
            number="116 123",
            name="Samaritans",
            about=_("For anyone who is struggling, or worried about someone. Free, any time."),
            dial="116123",
            any_distress=True,
        ),
    },
)

CA = Country(
    code="CA",
    name=_("Canada"),
    emergency_number="911",
    lines={
        EMERGENCY: _emergency("911"),
        # REVIEW: Canada has no single national domestic violence line; provincial lines are not listed.
        LIFELINE: Line(
            number="988",
            name=_("9-8-8 Suicide Crisis Helpline"),
            about=_(
                "For thoughts of suicide, or if you are worried about someone. Call or text, free, any time."
            ),
            dial="988",
            text="988",
        ),
    },
)

ANOTHER_COUNTRY = Country(
    code=ELSEWHERE, name=_("Another country"), emergency_number="", lines={SEARCH: FIND_A_HELPLINE}
)

COUNTRIES: dict[str, Country] = {c.code: c for c in (US, MX, ES, GB, CA, ANOTHER_COUNTRY)}
COUNTRY_CODES: tuple[str, ...] = tuple(COUNTRIES)
COUNTRY_CHOICES = [(c.code, c.name) for c in COUNTRIES.values()]


def default_country() -> str:
    """The operator's MEND_DEFAULT_COUNTRY, checked against COUNTRY_CODES when settings load."""
    return settings.MEND_DEFAULT_COUNTRY


def lookup(code: object) -> Country:
    """The country for a code from a form, a profile or a query string; unknown → the default."""
    if isinstance(code, str) and code.strip().upper() in COUNTRIES:
        return COUNTRIES[code.strip().upper()]
    return COUNTRIES[default_country()]


def for_user(user) -> Country:
    return lookup(getattr(user, "country", None))


def line_or_search(country: Country, role: str) -> Line:
    """The country's line for a role, or the directory where Mend lists none."""
    return country.line(role) or FIND_A_HELPLINE


def page_url(country: Country) -> str:
    """The crisis page at this country's lines, in the language being read now.

    The crisis page reads no session or profile (it must answer when the database is
    down), so what the member chose travels in the address.
    """
    return f"{reverse('crisis')}?{urlencode({'country': country.code, 'lang': get_language() or ''})}"


def in_spanish() -> bool:
    """Show the lines' Spanish-language options (988: press 2, text AYUDA...)."""
    return (get_language() or "").startswith("es")


def others(country: Country) -> list[Country]:
    return [c for c in COUNTRIES.values() if c.code != country.code]
