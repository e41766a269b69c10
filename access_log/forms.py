"""The filters of "Who has seen my information" (a GET form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from access_log.reading import Filters
from circles.consent.categories import Category


def _day(label) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class AccessFilterForm(forms.Form):
    professional = forms.ChoiceField(label=_("Who"), required=False)
    category = forms.ChoiceField(
        label=_("Which information"),
        required=False,
        choices=[("", _("Any information")), *Category.choices],
    )
    since = _day(_("From"))
    until = _day(_("Until"))

    def __init__(self, data, professionals: list[tuple[str, str]]):
        super().__init__(data)
        self.fields["professional"].choices = [("", _("Any professional")), *professionals]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("Please choose a last day on or after the first."))
        return data

    def filters(self) -> Filters:
        """The filters asked for, or none when something asked for is not valid."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            professional=data["professional"] or None,
            category=data["category"],
            since=data["since"],
            until=data["until"],
        )
