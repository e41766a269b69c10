"""API endpoints of the safety app, under the Audience rules."""

from ninja import Router

router = Router(tags=["safety"])
