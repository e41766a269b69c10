"""What pages and the API read about measures: results with their meaning and changes,
and the history of one member on one instrument. Everything comes through `visible_to`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from charts import measure_history
from circles.models import Member
from measures import catalogue, scoring, text
from measures.models import Response

TOGETHER = ("csi4", "score15")  # relationship and family measures: side by side when shared
SHOWN = 200  # a history never reads more than this many results
FIRST = ("phq9", "gad7", "csi4", "score15", "barc10")  # the order pages offer them in


def offered() -> list:
    """Every instrument, the best known first; one added as a file comes after them."""
    found = catalogue.all_instruments()
    return [found[i] for i in FIRST if i in found] + [v for k, v in sorted(found.items()) if k not in FIRST]


def instrument_of(response: Response):
    return catalogue.instrument(response.instrument)


def score_of(instrument, response: Response):
    given = {int(k): v for k, v in (response.answers or {}).items()}
    return scoring.score(instrument, {item.number: given.get(item.number) for item in instrument.items})


def band(instrument, key: str):
    return next((b for b in instrument.bands if b.key == key), None)


@dataclass
class ChangeText:
    change: object  # scoring.Change
    words: str
    arrow: str  # "improved", "deteriorated" or ""


def change_words(instrument, change) -> ChangeText:
    points = change.points
    moved = ngettext("%(n)s point", "%(n)s points", abs(points)) % {"n": f"{points:+d}".replace("-", "−")}
    if change.direction == "improved":
        words = _("%(moved)s: a reliable improvement") % {"moved": moved}
    elif change.direction == "deteriorated":
        words = _("%(moved)s: reliably worse") % {"moved": moved}
    elif change.direction == "no_reliable_change":
        words = _("%(moved)s: within the usual ups and downs") % {"moved": moved}
    else:
        words = moved
    arrow = change.direction if change.direction in ("improved", "deteriorated") else ""
    return ChangeText(change, words, arrow)


def threshold_words(instrument) -> str:
    rc = instrument.reliable_change
    if rc is None:
        return _(
            "This questionnaire has no published threshold for reliable change; changes are shown as points."
        )
    return _("A change of %(points)s points or more counts as reliable (source: %(source)s).") % {
        "points": rc.points,
        "source": rc.source.rstrip(". "),
    }


@dataclass
class Result:
    response: Response
    instrument: object
    band_label: str = ""
    meaning: str = ""
    since_previous: ChangeText | None = None
    since_first: ChangeText | None = None
    count: int = 1
    crisis: bool = False
    items: list = field(default_factory=list)  # (question, answer) when the viewer may see them
    flag_notes: list = field(default_factory=list)
    subscales: list = field(default_factory=list)  # (name, value)
    cutoffs: list = field(default_factory=list)  # the published cut-offs this total meets, in words


def _flagged_items(response: Response) -> set[int]:
    return {f.get("item") for f in response.flags or []}


def result(viewer: Member, response: Response) -> Result:
    """One result as `viewer` may read it (the response came through `visible_to`)."""
    instrument = instrument_of(response)
    found = band(instrument, response.band)
    earlier = list(
        Response.objects.visible_to(viewer)
        .filter(author_id=response.author_id, instrument=response.instrument, taken_at__lt=response.taken_at)
        .order_by("taken_at", "pk")
    )
    out = Result(
        response,
        instrument,
        band_label=text.pick(found.label) if found else "",
        meaning=text.pick(found.meaning) if found else "",
        count=len(earlier) + 1,
    )
    if earlier:
        out.since_previous = change_words(
            instrument, scoring.change(instrument, earlier[-1].total, response.total)
        )
    if len(earlier) > 1:
        out.since_first = change_words(
            instrument, scoring.change(instrument, earlier[0].total, response.total)
        )
    out.subscales = [(text.pick(sub.name), response.subscales.get(sub.key)) for sub in instrument.subscales]
    if response.total is not None:
        out.cutoffs = [text.pick(c.label) for c in instrument.cutoffs if c.met_by(response.total)]
    mine = response.author_id == viewer.pk
    # The item-9 rule's card, and single answers, are the member's own unless they chose.
    out.crisis = mine and any(f.get("kind") == "crisis" for f in response.flags or [])
    if mine or response.answers_shared:
        out.items = answered_items(instrument, response)
    out.flag_notes = [
        text.pick(f.note) for f in instrument.flags if mine and f.item in _flagged_items(response)
    ]

    return out


def answered_items(instrument, response: Response) -> list[tuple[str, str]]:
    lang = text.language() if text.published_in(instrument) else "en"
    given = {int(k): v for k, v in (response.answers or {}).items()}
    rows = []
    for item in instrument.items:
        label = next(
            (text.pick(o.label, lang) for o in item.options if o.value == given.get(item.number)), "—"
        )
        rows.append((text.pick(item.text, lang), label))
    return rows


@dataclass
class History:
    instrument: object
    member: Member
    responses: list
    chart: object
    trend: str | None
    trend_words: str
    threshold: str
    # From the first result shown to the latest, once there are three or more.
    since_first: ChangeText | None = None


TREND_WORDS = {
    "improving": lambda: _("Getting better over the recent results."),
    "worsening": lambda: _("Harder lately, over the recent results."),
    "steady": lambda: _("About the same over the recent results."),
}


def history(viewer: Member, author: Member, instrument, zone=None) -> History:
    responses = list(
        Response.objects.visible_to(viewer)
        .filter(author_id=author.pk, instrument=instrument.id)
        .order_by("-taken_at", "-pk")[:SHOWN]
    )[::-1]
    scores = [score_of(instrument, r) for r in responses]
    points = []
    for index, response in enumerate(responses):
        found = band(instrument, response.band)
        change = None
        if index:
            change = change_words(
                instrument, scoring.change(instrument, responses[index - 1].total, response.total)
            )
        points.append(
            measure_history.Point(
                response.taken_at,
                response.total,
                text.pick(found.label) if found else "",
                change.words if change else "",
                change.arrow if change else "",
            )
        )
    name = text.pick(instrument.name)
    lo, hi = instrument.range
    chart = measure_history.measure_history(
        points,
        title=_("%(name)s over time") % {"name": name},
        desc=_("Each result as a dot over the published bands; arrows mark a reliable change."),
        low=lo,
        high=hi,
        bands=[measure_history.Band(b.min, b.max, text.pick(b.label)) for b in instrument.bands],
        better_is_lower=instrument.better == "lower",
        caption=f"{name}. {threshold_words(instrument)}",
        zone=zone,
        chart_id=f"measure-{instrument.id}-{author.pk}",
    )
    trend = scoring.trend(scores)
    words = TREND_WORDS[trend]() if trend in TREND_WORDS else ""
    since_first = None
    if len(responses) > 2:
        since_first = change_words(
            instrument, scoring.change(instrument, responses[0].total, responses[-1].total)
        )
    return History(
        instrument, author, responses, chart, trend, words, threshold_words(instrument), since_first
    )


def latest_per_instrument(member: Member) -> dict[str, Response]:
    latest: dict[str, Response] = {}
    for response in Response.objects.authored_by(member).order_by("-taken_at")[:SHOWN]:
        latest.setdefault(response.instrument, response)
    return latest


def shared_instruments(viewer: Member) -> set[str]:
    """The instruments of which someone else shared a result with the viewer: one query."""
    return set(
        Response.objects.visible_to(viewer)
        .exclude(author_id=viewer.pk)
        .values_list("instrument", flat=True)
        .order_by()
        .distinct()
    )


def shared_with(viewer: Member, instrument_id: str):
    """Other members' results of one instrument the viewer may see, newest first."""
    return (
        Response.objects.visible_to(viewer)
        .filter(instrument=instrument_id)
        .exclude(author_id=viewer.pk)
        .select_related("author__user")
        .order_by("-taken_at")[:SHOWN]
    )
