import pytest

from participants.spreadsheets import (
    import_template,
    neutralise_cell,
    read_invitation_csv,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Amina Rahman", "Amina Rahman"),
        ("a=b", "a=b"),
        ("", ""),
        (42, 42),
        (None, None),
        (True, True),
    ],
)
def test_neutralise_cell_quotes_formula_like_text_only(value, expected):
    assert neutralise_cell(value) == expected


def test_read_invitation_csv_matches_columns_and_skips_blank_rows():
    content = (
        "\ufeffEmail,Name,Kind,Extra\r\n"
        "a@example.org, Amina Rahman ,speaker,x\r\n"
        ",,,\r\n"
        "b@example.org,Ben Lee,,\r\n"
    ).encode()
    assert read_invitation_csv(content) == [
        {
            "name": "Amina Rahman",
            "email": "a@example.org",
            "organisation": "",
            "kind": "speaker",
            "line": 2,
        },
        {
            "name": "Ben Lee",
            "email": "b@example.org",
            "organisation": "",
            "kind": "",
            "line": 4,
        },
    ]


def test_read_invitation_csv_of_an_empty_file_is_empty():
    assert read_invitation_csv("") == []


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_read_invitation_csv_takes_commas_semicolons_or_tabs(separator):
    content = separator.join(["Name", "Email", "Organisation"]) + "\r\n"
    content += separator.join(["Nguyễn, Lan", "lan@example.org", "ICRC"]) + "\r\n"
    if separator == ",":
        content = content.replace("Nguyễn, Lan", '"Nguyễn, Lan"')
    [row] = read_invitation_csv(content)
    assert (row["name"], row["email"], row["organisation"]) == (
        "Nguyễn, Lan",
        "lan@example.org",
        "ICRC",
    )


def test_read_invitation_csv_reads_past_a_byte_order_mark():
    content = "\ufeffname;email\nLan;lan@example.org\n"
    assert read_invitation_csv(content.encode("utf-8"))[0]["name"] == "Lan"
    assert read_invitation_csv(content)[0]["name"] == "Lan"


def test_the_import_template_reads_as_a_file_with_no_rows():
    template = import_template()
    assert template.startswith("\ufeffname,email,organisation,kind")
    assert read_invitation_csv(template) == []
