from letters import placeholders


def test_unknown_lists_each_unknown_name_once_in_order():
    text = "<p>{name} {passport} {first-name} {passport} { spaced } {{name}}</p>"

    assert placeholders.unknown(text) == ["passport", "first-name"]


def test_known_names_are_not_unknown():
    text = " ".join(f"{{{name}}}" for name in placeholders.PLACEHOLDERS)

    assert placeholders.unknown(text) == []


def test_fill_escapes_values_and_leaves_unknown_names():
    html = "<p>Dear {name}, of {organisation}: {unknown}</p>"

    filled = placeholders.fill(
        html, {"name": "<b>Ana</b> & co", "organisation": "O'Neil"}
    )

    assert filled == (
        "<p>Dear &lt;b&gt;Ana&lt;/b&gt; &amp; co, of O&#x27;Neil: {unknown}</p>"
    )


def test_fill_text_is_plain():
    assert (
        placeholders.fill_text("Letter for {name} {x}", {"name": "A & B"})
        == "Letter for A & B {x}"
    )


def test_a_known_placeholder_without_a_value_is_empty():
    assert placeholders.fill("<p>[{position}]</p>", {}) == "<p>[]</p>"
