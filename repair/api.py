"""API endpoints of the repair app, under the Audience rules."""

from ninja import Router

router = Router(tags=["repair"])
