import pytest

from participants.spreadsheets import neutralise_cell, read_invitation_csv


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
