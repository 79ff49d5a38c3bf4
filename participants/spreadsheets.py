"""CSV in and out, as pure functions."""

import csv
import io

FORMULA_PREFIXES = ("=", "+", "-", "@")
IMPORT_COLUMNS = ("name", "email", "organisation", "kind")
IMPORT_DELIMITERS = (",", ";", "\t")


def neutralise_cell(value):
    """A spreadsheet-safe cell: text starting like a formula is quoted with `'`.

    Cells starting with = + - @ (also after leading tabs or carriage returns,
    which spreadsheets skip) would run as formulas when a list is opened.
    Other values pass through unchanged.
    """
    if isinstance(value, str) and value.lstrip("\t\r").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def read_invitation_csv(content):
    """Rows of an invitation CSV (name, email, organisation, kind) as dicts.

    `content` is bytes or text, with or without a UTF-8 byte order mark; a
    header row is required, column names are matched case-insensitively,
    unknown columns are ignored and missing ones read as empty. Columns may be
    separated by commas, semicolons (spreadsheets set to a comma decimal
    separator save so) or tabs: the header row tells which. Each dict also
    carries its `line` number in the file.
    """
    if isinstance(content, bytes):
        content = content.decode("utf-8-sig")
    content = content.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(content), delimiter=_delimiter(content))
    if reader.fieldnames is None:
        return []
    names = {name: (name or "").strip().lower() for name in reader.fieldnames}
    rows = []
    for record in reader:
        cleaned = {names[key]: (value or "").strip() for key, value in record.items()}
        row = {column: cleaned.get(column, "") for column in IMPORT_COLUMNS}
        if not any(row.values()):
            continue
        row["line"] = reader.line_num
        rows.append(row)
    return rows


def _delimiter(content):
    """The separator of the header row: the one of `,;` and tab it uses most."""
    header = content.split("\n", 1)[0]
    return max(IMPORT_DELIMITERS, key=header.count)


def import_template():
    """The CSV an organiser fills in: the header row, with a byte order mark so
    that spreadsheet programs open it as UTF-8."""
    return "\ufeff" + ",".join(IMPORT_COLUMNS) + "\r\n"
