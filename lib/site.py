"""The address people reach Mend at, for links that leave the page (mail)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_url(request=None) -> str:
    """The site's origin, without a trailing slash.

    The configured MEND_SITE_URL always wins; in development without one, the origin the
    request came to (its real host and port), so a link in a development mail opens.
    """
    if request is not None and settings.SITE_URL_FROM_REQUEST:
        return f"{request.scheme}://{request.get_host()}"
    return settings.SITE_URL.rstrip("/")


def on_site(url_or_path: str, request=None) -> str:
    """An absolute link on the site: a path, or another origin's link moved onto the site."""
    parts = urlsplit(url_or_path)
    tail = (
        parts.path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )
    return site_url(request) + tail
