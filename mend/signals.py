from __future__ import annotations


def after_migrate(sender, **kwargs):
    """Seal a key canary for the current key, so a wrong key is caught at next start."""
    from lib.checks import ensure_canary

    ensure_canary()
