"""API endpoints of the reachout app, under the Audience rules."""

from ninja import Router

router = Router(tags=["reachout"])
