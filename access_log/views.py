""" "Who has seen my information" in the person's settings, and its CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from access_log.forms import AccessFilterForm
from access_log.reading import Names, csv_download, lines, records_about

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
    return csv_download(records, names, timezone.get_current_timezone())
