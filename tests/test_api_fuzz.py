"""The published API description is true for everyone who may call it (issue 13, point 8).

Schemathesis reads the OpenAPI document Mend publishes and sends generated requests to
every operation, through the whole Django stack, as each kind of caller: the author of
the entries (alice, an owner), another member (bob), an outsider (olga, in another circle),
the circle's professional (pat) and someone with no token at all. Path ids name real
objects (``route_values``), so the generated bodies and queries reach the rules rather
than stopping at "Not found". Every answer must be one the document describes: no server
error, a documented status code, the documented content type and a body matching the
documented schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import AccessToken
from mend.api import api
from tests.support import route_values

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = WSGIHandler()

CALLERS = ("author", "member", "outsider", "professional", "anonymous")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls Django's WSGI handler itself, whose end-of-request signal would close
    the database connection holding the test's transaction (on PostgreSQL); Django's own test
    client sets that signal aside the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _member(cast, caller):
    return {"author": cast.alice, "member": cast.bob, "outsider": cast.olga, "professional": cast.pat}[caller]


@pytest.mark.parametrize("caller", CALLERS)
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_answer_is_the_documented_one(case, caller, cast):
    values = _values(cast)
    for name in case.path_parameters or {}:
        if name in values:
            case.path_parameters[name] = values[name]
    headers = {}
    if caller != "anonymous":
        _token, raw = AccessToken.issue(_member(cast, caller).user, "fuzz")
        headers["Authorization"] = f"Bearer {raw}"
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS)


_WORLDS: dict[int, dict] = {}


def _values(cast) -> dict:
    """The real ids, made once per test (hypothesis runs every example in the same test)."""
    key = cast.circle.pk
    if key not in _WORLDS:
        _WORLDS.clear()
        _WORLDS[key] = route_values(cast)
    return _WORLDS[key]
