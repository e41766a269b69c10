"""Secrets in addresses never reach a log: invitation tokens, e-mail confirmation and
password reset keys are written as "[hidden]" in Django's request and server log lines."""

from __future__ import annotations

import logging

import pytest

SECRET = "s3cr3t-T0ken_abcdefghijklmnop"


def _logged(caplog) -> str:
    """Everything the records say, including the path of any request they carry."""
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        request = getattr(record, "request", None)
        lines.append(str(getattr(request, "path", "")))
    return "\n".join(lines)


@pytest.mark.parametrize(
    "path",
    [f"/i/{SECRET}/", f"/api/v1/invitations/{SECRET}", f"/api/v1/invitations/{SECRET}/accept"],
)
def test_an_unknown_invitation_is_logged_without_its_token(cast, caplog, api, client, path):
    caplog.set_level(logging.INFO)
    if "accept" in path:
        assert client.post(path).status_code == 401
    else:
        assert api(cast.bob).get(path).status_code == 404
    assert caplog.records, "Django logs 4xx answers; the test must see one"
    assert SECRET not in _logged(caplog)
    assert "[hidden]" in _logged(caplog)


def test_answering_an_unknown_invitation_is_logged_without_its_token(cast, caplog, login):
    caplog.set_level(logging.INFO)
    response = login(cast.olga).post(f"/i/{SECRET}/answer/", {"answer": "decline"})
    assert response.status_code == 404
    assert SECRET not in _logged(caplog)


@pytest.mark.parametrize(
    ("logger", "line"),
    [
        ("django.server", f'"GET /i/{SECRET}/ HTTP/1.1" 404 179'),
        ("django.server", f'"GET /accounts/password/reset/key/4-{SECRET}/ HTTP/1.1" 200 512'),
        ("django.request", f"Not Found: /accounts/confirm-email/{SECRET}/"),
        ("django.request", f"Bad Request: /i/{SECRET}/answer/"),
    ],
)
def test_secrets_in_server_and_request_lines_are_hidden(caplog, logger, line):
    caplog.set_level(logging.INFO)
    logging.getLogger(logger).warning("%s", line)
    assert SECRET not in _logged(caplog)
    assert "[hidden]" in caplog.records[-1].getMessage()


def test_other_lines_are_left_as_they_are(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("django.request").warning("Not Found: %s", "/c/123/promises/")
    assert caplog.records[-1].getMessage() == "Not Found: /c/123/promises/"
