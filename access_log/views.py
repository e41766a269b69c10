""" "Who has seen my information" in the person's settings, and its CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from access_log.forms import AccessFilterForm
from access_log.reading import Names, csv_lines, lines, records_about

PER_PAGE = 30


def _asked(request) -> tuple[Names, AccessFilterForm]:
    names = Names(request.user)
    return names, AccessFilterForm(request.GET or None, names.professional_choices())


@login_required
def access_log(request):
    """What professionals were shown of the signed-in person, newest first, in plain words."""
    names, form = _asked(request)
    records = records_about(request.user, form.filters())
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "lines": lines(page, names),
        "query": query.urlencode(),
        "filtered": any(query.values()),
    }
    return render(request, "access_log/list.html", context)


@login_required
def access_log_csv(request):
    """The same rows, with the same filters, as a spreadsheet file."""
    names, form = _asked(request)
    records = records_about(request.user, form.filters())
    zone, language = timezone.get_current_timezone(), translation.get_language()

    def rows():
        # Streamed after the view returns: keep the person's language for every line.
        with translation.override(language):
            yield from csv_lines(records, names, zone)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mend-who-has-seen-my-information.csv"'
    return response
