"""API endpoints of the phrases app."""

from ninja import Router

router = Router(tags=["phrases"])
