"""The project's one byte-size and one duration formatter (tui_charrnn.formatting)."""

from __future__ import annotations

import math

import pytest

from tui_charrnn.app import formatting as app_fmt
from tui_charrnn.formatting import MISSING, byte_size, duration


@pytest.mark.parametrize(
    ("num_bytes", "expected"),
    [
        (0, "0 B"),
        (1, "1 B"),
        (1023, "1023 B"),
        (1024, "1.0 KB"),
        (1536, "1.5 KB"),
        (1024 * 1024 - 1, "1.0 MB"),  # 1023.999 KB would round to '1024.0 KB'
        (int(1023.94 * 1024), "1023.9 KB"),
        (50 * 1024**2, "50.0 MB"),
        (3 * 1024**3, "3.0 GB"),
        (1024**4, "1.0 TB"),
        (5 * 1024**6, "5.0 EB"),
        (2048 * 1024**6, "2048.0 EB"),  # past the last unit: stays in it
        (512.7, "513 B"),
    ],
)
def test_byte_size(num_bytes, expected):
    assert byte_size(num_bytes) == expected


@pytest.mark.parametrize("bad", [None, -1, -0.5, math.nan, math.inf, -math.inf])
def test_byte_size_of_nothing_or_nonsense_is_a_dash(bad):
    assert byte_size(bad) == MISSING


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0:00"),
        (0.999, "0:00"),  # cut, not rounded: an elapsed clock never runs ahead
        (59.9, "0:59"),
        (60, "1:00"),
        (65, "1:05"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3725, "1:02:05"),
        (100 * 3600 + 1, "100:00:01"),
    ],
)
def test_duration(seconds, expected):
    assert duration(seconds) == expected


@pytest.mark.parametrize("bad", [None, -1, -0.001, math.nan, math.inf, -math.inf])
def test_duration_of_nothing_or_nonsense_is_a_dash(bad):
    assert duration(bad) == MISSING


def test_the_app_uses_the_same_formatters():
    assert app_fmt.size is byte_size
    assert app_fmt.duration is duration
