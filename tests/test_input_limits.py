"""Every value a person or a program sends has a limit, and the limit answers clearly.

The API's input schemas are found, not listed: every subclass of `StrictIn` (the base
of every request body) is checked field by field, so a new schema or field is covered
the day it is added. Pages are checked where they bypass Django's own form checks.
"""

from __future__ import annotations

import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from uuid import uuid4

import pytest
from django.urls import reverse
from pydantic import BaseModel, ValidationError

import mend.api  # imports every router, so every input schema exists
from appreciations.models import Appreciation
from circles.schemas import StrictIn
from lib import limits
from reachout import logic as reachout_logic
from tests.support import call


def _schemas(base=StrictIn) -> list[type[StrictIn]]:
    found = []
    for cls in base.__subclasses__():
        found += [cls, *_schemas(cls)]
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


FIELDS = [(cls, name) for cls in _schemas() for name in cls.model_fields]


def _shape(annotation, leaf):
    """A value of the field's shape with `leaf` where its innermost values go; None if it holds no text."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return _shape(args[0], leaf)
    if origin is typing.Annotated:
        return _shape(args[0], leaf)
    if origin in (list, set, tuple):
        inner = _shape(args[0], leaf)
        return None if inner is None else [inner]
    if origin is dict:
        inner = _shape(args[1], leaf)
        return None if inner is None else {"key": inner}
    if annotation is str:
        return leaf
    return None


def _errors(cls, field, value) -> list[dict]:
    alias = cls.model_fields[field].alias or field
    try:
        cls.model_validate({alias: value})
    except ValidationError as error:
        return [e for e in error.errors() if e["loc"] and e["loc"][0] == alias]
    return []


def _is_collection(annotation) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_is_collection(a) for a in typing.get_args(annotation))
    return origin in (list, set, tuple, dict)


def _is_date(annotation) -> bool:
    args = typing.get_args(annotation)
    if args and typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_date(a) for a in args)
    return isinstance(annotation, type) and issubclass(annotation, date)


def test_the_input_schemas_are_found():
    assert len(_schemas()) >= 25
    assert any(_shape(cls.model_fields[f].annotation, "x") is not None for cls, f in FIELDS)


@pytest.mark.parametrize(("cls", "field"), FIELDS, ids=lambda v: getattr(v, "__name__", v))
def test_every_text_has_a_size_limit(cls, field):
    value = _shape(cls.model_fields[field].annotation, "x" * (limits.TEXT_MAX + 1))
    if value is None:
        return  # a choice, a number, an id or a date: no free text
    assert any(e["type"] == "string_too_long" for e in _errors(cls, field, value)), (cls, field)


@pytest.mark.parametrize(("cls", "field"), FIELDS, ids=lambda v: getattr(v, "__name__", v))
def test_every_value_refuses_a_null_character(cls, field):
    annotation = cls.model_fields[field].annotation
    # Where the field holds no text, the raw value is still a string with a NUL in it.
    value = _shape(annotation, "a\x00b") or "a\x00b"
    errors = _errors(cls, field, value)
    assert any(e["type"] == "null_character" for e in errors), (cls, field, errors)
    assert "null character" in next(e["msg"] for e in errors if e["type"] == "null_character")


@pytest.mark.parametrize(("cls", "field"), FIELDS, ids=lambda v: getattr(v, "__name__", v))
def test_every_list_has_a_maximum_length(cls, field):
    annotation = cls.model_fields[field].annotation
    if not _is_collection(annotation):
        return
    many = limits.ITEMS_MAX + 1
    origin = {typing.get_origin(a) for a in (annotation, *typing.get_args(annotation))}
    value = {str(uuid4()): 1 for _ in range(many)} if dict in origin else ["x"] * many
    assert any(e["type"] == "too_long" for e in _errors(cls, field, value)), (cls, field)


@pytest.mark.parametrize(("cls", "field"), FIELDS, ids=lambda v: getattr(v, "__name__", v))
def test_every_date_is_within_a_sensible_range(cls, field):
    annotation = cls.model_fields[field].annotation
    if not _is_date(annotation):
        return
    for far in ("1900-01-01", "3000-01-01T00:00:00Z" if "datetime" in str(annotation) else "3000-01-01"):
        assert any(e["type"] == "date_out_of_range" for e in _errors(cls, field, far)), (cls, field, far)
    near = "2026-05-04T12:00:00Z" if "datetime" in str(annotation) else "2026-05-04"
    assert not any(e["type"] == "date_out_of_range" for e in _errors(cls, field, near))


def test_every_collection_and_date_field_is_checked_somewhere():
    """The checks above found what they were meant for (a guard against a silent pass)."""
    assert sum(_is_collection(cls.model_fields[f].annotation) for cls, f in FIELDS) >= 10
    assert sum(_is_date(cls.model_fields[f].annotation) for cls, f in FIELDS) >= 4


def test_the_published_document_shows_the_limits():
    document = mend.api.api.get_openapi_schema()
    plan_notes = document["components"]["schemas"]["NotesIn"]["properties"]
    answers = plan_notes["ask_yourself"]["anyOf"][0]
    assert answers["additionalProperties"]["maxLength"] == limits.TEXT_MAX
    assert answers["maxProperties"] == limits.ITEMS_MAX
    assert plan_notes["checklist"]["anyOf"][0]["maxItems"] == limits.ITEMS_MAX


# --- through HTTP -------------------------------------------------------------------


def test_plan_notes_of_megabytes_are_refused_with_422(cast, api):
    plan = reachout_logic.start_plan(cast.alice, returning_member=cast.bob)
    body = {"ask_yourself": {"what_i_want": "x" * 200_000}}
    response = call(api(cast.alice), "patch", f"/reach-out/{plan.pk}/notes", body)
    assert response.status_code == 422
    plan.refresh_from_db()
    assert "x" * 1000 not in plan.ask_yourself


def test_a_null_character_in_json_is_refused_with_a_clear_message(cast, api):
    body = {"circle": str(cast.circle.pk), "text": "thank\u0000you", "to_member": str(cast.bob.pk)}
    response = call(api(cast.alice), "post", "/appreciations", body)
    assert response.status_code == 422
    assert "null character" in json.dumps(response.json())
    assert not Appreciation.objects.exists()


def test_a_null_character_in_a_query_is_refused_with_422_json(cast, api):
    response = api(cast.alice).get("/api/v1/phrases", {"circle": cast.circle.pk, "q": "a\x00b"})
    assert response.status_code == 422
    assert "null character" in response.json()["detail"]


def test_a_body_of_megabytes_is_refused_with_413_json(cast, api):
    body = json.dumps({"circle": str(cast.circle.pk), "text": "x" * 5_000_000})
    response = api(cast.alice).post("/api/v1/appreciations", body, content_type="application/json")
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


@pytest.mark.parametrize("ends_on", ["9999-12-31", "0001-01-01"])
def test_a_promise_ending_in_a_far_year_is_refused_with_422(cast, api, ends_on):
    body = {
        "circle": str(cast.circle.pk),
        "what": "Call Mum",
        "frequency": "daily",
        "due_time": "19:00",
        "starts_on": date.today().isoformat(),
        "ends_on": ends_on,
    }
    response = call(api(cast.alice), "post", "/ledger/promises", body)
    assert response.status_code == 422


@pytest.mark.parametrize("due_time", ["00:00:00Z", "19:00+02:00"])
def test_a_time_of_day_with_a_zone_is_refused_in_words_not_a_500(cast, api, due_time):
    # Found by the schemathesis run (tests/test_api_fuzz.py): an offer at "00:00:00Z" was a 500.
    plan = reachout_logic.start_plan(cast.alice, returning_member=cast.bob)
    offer = {"what": "Coffee on Sundays", "frequency": "weekdays", "due_time": due_time, "consent": True}
    response = call(api(cast.alice), "post", f"/reach-out/{plan.pk}/offers", offer)
    assert response.status_code == 422
    assert "without a time zone" in json.dumps(response.json())
    promise = {
        "circle": str(cast.circle.pk),
        "what": "Call Mum",
        "frequency": "daily",
        "due_time": due_time,
        "starts_on": date.today().isoformat(),
    }
    response = call(api(cast.alice), "post", "/ledger/promises", promise)
    assert response.status_code == 422
    assert "without a time zone" in json.dumps(response.json())


# --- pages -----------------------------------------------------------------------------


def test_a_null_character_in_a_form_is_refused_in_the_person_s_language(cast, login):
    cast.alice.user.language = "es"
    cast.alice.user.save()
    url = reverse("appreciations:new", args=[cast.circle.pk])
    response = login(cast.alice).post(url, {"text": "gracias\x00", "to_member": cast.bob.pk}, follow=True)
    assert response.status_code == 200
    assert "carácter nulo" in response.content.decode()
    assert not Appreciation.objects.exists()


def test_a_null_character_in_a_page_query_is_refused_not_a_500(cast, login):
    response = login(cast.alice).get(reverse("phrases:library", args=[cast.circle.pk]), {"q": "a\x00"})
    assert response.status_code == 302
    assert "\x00" not in response["Location"]


@pytest.mark.parametrize("far", ["9999-12-31", "1066-10-14"])
def test_a_form_date_in_a_far_year_is_a_form_error(cast, login, far):
    url = reverse("ledger:new", args=[cast.circle.pk])
    data = {"what": "Call Mum", "frequency": "daily", "due_time": "19:00", "starts_on": far, "ends_on": far}
    data |= {"recipients": [cast.bob.pk], "audience": "circle"}
    response = login(cast.alice).post(url, data)
    assert response.status_code == 200
    assert "between 2000 and 2100" in response.content.decode()


def test_a_rupture_from_a_far_year_is_a_form_error(cast, login):
    url = reverse("repair:new", args=[cast.circle.pk])
    data = {
        "others": [cast.bob.pk],
        "what": "We argued.",
        "happened_at": "0999-01-01T10:00",
        "size": "medium",
    }
    response = login(cast.alice).post(url, data)
    assert response.status_code == 200
    assert "between 2000 and 2100" in response.content.decode()


def test_datetimes_and_dates_alike_are_checked():
    with pytest.raises(Exception, match="between 2000 and 2100"):
        limits.check_sensible_date(datetime(2101, 1, 1))
    limits.check_sensible_date(date(2026, 5, 4))


def test_a_choice_is_not_taken_for_free_text():
    class Kind(Enum):
        A = "a"

    assert _shape(Kind, "x") is None and _shape(BaseModel, "x") is None
