"""The check-in pass is a standard QR code a phone camera and a scanner read."""

import re

from participants import checkin

CODE = "K7QM2XPD9R4T"  # an opaque 12-character pass code


def finder_pattern_at(matrix, row, col):
    """Whether the 7x7 finder pattern (dark ring, light ring, dark 3x3) is there."""
    for r in range(7):
        for c in range(7):
            ring = max(abs(r - 3), abs(c - 3))
            expected = ring != 2  # dark at distance 3 and 0-1, light at 2
            if bool(matrix[row + r][col + c]) != expected:
                return False
    return True


def test_pass_is_a_standard_qr_code_not_a_micro_qr():
    qr = checkin.pass_qr(CODE)
    assert qr.is_micro is False
    # Twelve letters and digits fit the smallest standard QR, error level
    # raised by segno to Q where it still fits (was "M4-Q", a Micro QR).
    assert qr.designator == "1-Q"
    assert qr.mode == "alphanumeric"
    matrix = [list(row) for row in qr.matrix]
    size = len(matrix)
    assert size == 17 + 4 * qr.version
    # Three finder patterns: a Micro QR has one, so scanners that expect
    # standard codes (phone cameras, ZXing) see none of its corners.
    assert finder_pattern_at(matrix, 0, 0)
    assert finder_pattern_at(matrix, 0, size - 7)
    assert finder_pattern_at(matrix, size - 7, 0)


def test_pass_svg_is_large_enough_to_scan_with_a_quiet_zone():
    qr = checkin.pass_qr(CODE)
    svg = checkin.pass_svg(CODE)
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    modules = len(list(qr.matrix)) + 2 * checkin.PASS_QR_BORDER
    assert checkin.PASS_QR_BORDER == 4
    assert width == modules * checkin.PASS_QR_SCALE
    assert width >= 200  # about 5 cm on a phone screen and on paper
    assert "<title>Check-in pass</title>" in svg
