"""One way to refuse: every rule raises `Refused`; pages and the API turn it into words.

A rule that does not allow a change raises a subclass of `Refused` with a message a
person can read (already in their language) and a stable `code`. The API answers
`{"detail": message, "code": code}` with the refusal's HTTP status (mend/api.py); a
page shows it as a form error or a message (`show_refusal`), and one that escapes a
view is shown by `mend.middleware.RefusalMiddleware`.
"""

from __future__ import annotations

from django.contrib import messages


class Refused(Exception):
    """A change the rules do not allow, said so a person can read it.

    `status` is what the API answers: 400 for a rule about the change itself, 403 when
    the caller may see the thing but not act on it. Never use a status (or a message)
    that would tell the caller something they may not know, such as another
    person's answers to the safety check.
    """

    status = 400
    code = "refused"

    def __init__(self, message: str = "", *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = str(message)
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return self.message


def show_refusal(request, refusal: Refused, form=None) -> None:
    """Show a refusal on a page: as the form's error when there is a form, else as a message."""
    if form is not None:
        form.add_error(None, refusal.message)
    else:
        messages.error(request, refusal.message)
