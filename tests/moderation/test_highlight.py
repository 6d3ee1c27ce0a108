from moderation.selectors import text_highlight


def test_matches_are_highlighted_by_offsets_into_the_plain_text():
    segments = text_highlight(
        "加我微信领福利", [{"term": "微信", "rule": "3.4", "start": 2, "end": 4, "field": "body"}]
    )
    assert [(s.text, s.is_match) for s in segments] == [("加我", False), ("微信", True), ("领福利", False)]
    assert segments[1].rule == "3.4"


def test_title_matches_stay_in_the_title_and_bad_spans_are_ignored():
    matches = [
        {"term": "震惊", "rule": "7.1", "start": 0, "end": 2, "field": "title"},
        {"term": "x", "rule": "1.1", "start": 5, "end": 99},
    ]
    assert [s.is_match for s in text_highlight("震惊！真相", matches, field="title")] == [True, False]
    assert not any(s.is_match for s in text_highlight("震惊！真相", matches))


def test_overlapping_matches_merge():
    segments = text_highlight("abcdef", [{"rule": "1", "start": 1, "end": 4}, {"rule": "2", "start": 2, "end": 5}])
    assert "".join(s.text for s in segments) == "abcdef"
    assert [s.text for s in segments if s.is_match] == ["bcd", "e"]
