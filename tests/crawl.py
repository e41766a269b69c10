"""The routes the header and safety-link tests crawl, signed out and signed in."""

from __future__ import annotations

from html.parser import HTMLParser

SIGNED_OUT = [
    "/",
    "/crisis/",
    "/n/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
SIGNED_IN = [
    "/circles/",
    "/c/{circle}/",
    "/c/{circle}/members/",
    "/c/{circle}/appreciations/",
    "/c/{circle}/appreciations/new/",
    "/settings/",
    "/settings/tokens/",
    "/settings/activity/",
    "/api/v1/openapi.json",
]
ROUTES = [(path, False) for path in SIGNED_OUT] + [(path, True) for path in SIGNED_IN]
# The routes that answer with an HTML page (the rest answer JSON).
PAGES = [(path, signed_in) for path, signed_in in ROUTES if not path.startswith("/api/")]


def route_id(route: tuple[str, bool]) -> str:
    path, signed_in = route
    return ("in:" if signed_in else "out:") + path


def fetch(client, cast, path: str, signed_in: bool):
    """GET a crawled route as alice (signed in) or as nobody."""
    if signed_in:
        client.force_login(cast.alice.user)
    response = client.get(path.format(circle=cast.circle.pk))
    assert response.status_code == 200, path
    return response


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def all_tags(response) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(response.content.decode())
    return parser.found


def tags(response, name: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in all_tags(response) if tag == name]


def csp(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy, directive by directive."""
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}
