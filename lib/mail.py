"""A development mail backend: each message is written to a folder and announced."""

from __future__ import annotations

import sys

from django.core.mail.backends.filebased import EmailBackend


class FolderEmailBackend(EmailBackend):
    """Writes mail to EMAIL_FILE_PATH and prints one line saying where it went."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        for message in email_messages or []:
            print(
                f"[mend] mail for {', '.join(message.to)}: {message.subject!r} (saved in {self.file_path})",
                file=sys.stderr,
            )
        return sent
