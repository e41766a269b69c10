"""Write a development .env (debug on, fresh secret and encryption key) if none exists."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from lib.crypto import new_key_spec


def main(path: str = ".env") -> None:
    target = Path(path)
    if target.exists():
        print(f"==> Reusing {path}")
        return
    target.write_text(
        "# Development settings written by `make run`. Never use these in production.\n"
        "MEND_DEBUG=true\n"
        f"MEND_SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"MEND_ENCRYPTION_KEYS={new_key_spec('dev1')}\n",
        encoding="utf-8",
    )
    target.chmod(0o600)
    print(f"==> Wrote {path} with a new secret key and encryption key (development only)")


if __name__ == "__main__":
    main(*sys.argv[1:])
