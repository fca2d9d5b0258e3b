"""CSV and XLSX files of a dashboard table (or of any header and rows), never with personal fields.

Text cells that a spreadsheet would run as a formula are quoted by the project's one escape,
``privacy.spreadsheets.escape_formula``, since trading names and sources are typed by people. The first line says which
filters made the file and when (``about``), the header follows, then the rows (none: the file is
the two lines); a table's notes, if any, follow its rows after an empty row, one per row in the
first column.
"""

import csv
import io
from collections.abc import Sequence

from django.http import HttpResponse
from openpyxl import Workbook

from privacy.spreadsheets import escape_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    return "" if value is None else escape_formula(value)


def _with_notes(rows: list[list], notes: Sequence[str]) -> list[list]:
    return [*rows, [], *([str(note)] for note in notes)] if notes else rows


def csv_response(
    *,
    filename: str,
    columns: list[str],
    rows: list[list],
    notes: Sequence[str] = (),
    about: str = "",
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the Vietnamese letters as UTF-8
    writer = csv.writer(response)
    if about:
        writer.writerow([_cell(about)])
    writer.writerow([_cell(str(column)) for column in columns])
    writer.writerows([_cell(value) for value in row] for row in _with_notes(rows, notes))
    return response


def xlsx_response(
    *,
    filename: str,
    title: str,
    columns: list[str],
    rows: list[list],
    notes: Sequence[str] = (),
    about: str = "",
) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "data")
    if about:
        sheet.append([_cell(about)])
    sheet.append([_cell(str(column)) for column in columns])
    for row in _with_notes(rows, notes):
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
