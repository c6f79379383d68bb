"""MatchList: where a search starts, n/N with wrap, the count label."""

from __future__ import annotations

from borderread.ui.matches import Match, MatchList

MATCHES = [Match(1, 0, 3), Match(1, 10, 13), Match(4, 5, 8), Match(9, 0, 2)]


def test_starts_at_the_first_match_after_the_position() -> None:
    matches = MatchList(list(MATCHES))
    assert matches.start_at(1, 5) == Match(1, 10, 13)
    assert matches.label() == "2/4"
    assert matches.start_at(4, 5) == Match(4, 5, 8)  # a match right at the position counts


def test_backwards_starts_before_the_position_and_wraps() -> None:
    matches = MatchList(list(MATCHES))
    assert matches.start_at(4, 5, backwards=True) == Match(1, 10, 13)
    assert matches.start_at(0, 0, backwards=True) == Match(9, 0, 2)


def test_after_the_last_match_the_search_wraps_to_the_first() -> None:
    matches = MatchList(list(MATCHES))
    assert matches.start_at(10, 0) == Match(1, 0, 3)


def test_step_reports_wrapping() -> None:
    matches = MatchList(list(MATCHES))
    matches.start_at(9, 0)
    assert matches.at_last
    assert matches.step(1) == (Match(1, 0, 3), True)
    assert matches.at_first
    assert matches.step(-1) == (Match(9, 0, 2), True)
    assert matches.step(-1) == (Match(4, 5, 8), False)


def test_no_matches() -> None:
    matches = MatchList([])
    assert matches.start_at(0, 0) is None
    assert matches.step(1) == (None, False)
    assert matches.label() == "no matches"
    assert matches.by_block() == {}
