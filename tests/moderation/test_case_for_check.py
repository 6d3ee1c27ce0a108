import pytest

from moderation import services
from moderation.models import Case, Report
from tests.moderation.conftest import report_user
from tests.moderation.factories import ContentCheckFactory

pytestmark = pytest.mark.django_db


def test_a_check_opens_a_case_with_the_system_as_reporter_and_the_check_score(rules, offender):
    check = ContentCheckFactory(target=offender, score=0.9)
    case = services.case_open_for_check(check=check, target=offender)
    assert case.status == Case.Status.OPEN
    assert case.has_check
    assert not case.has_reports
    assert case.check_score == 0.9
    assert case.check_matches == check.matches
    report = case.reports.get()
    assert report.reporter is None
    assert report.source == Report.Source.AUTOMATIC
    assert report.rule_code == "2.6"
    assert case.reporter_count == 0


def test_the_same_check_twice_gives_the_same_case_and_one_report(rules, offender):
    check = ContentCheckFactory(target=offender)
    first = services.case_open_for_check(check=check, target=offender)
    second = services.case_open_for_check(check=check, target=offender)
    assert first.pk == second.pk
    assert Report.objects.filter(case=first).count() == 1


def test_a_check_joins_the_open_case_opened_by_reports(rules, offender, reader):
    report = report_user(reporter=reader, target=offender)
    case = services.case_open_for_check(check=ContentCheckFactory(target=offender), target=offender)
    assert case.pk == report.case_id
    case.refresh_from_db()
    assert case.has_reports
    assert case.has_check
    assert case.reporter_count == 1


def test_a_check_with_an_unknown_rule_still_opens_a_case(rules, offender):
    check = ContentCheckFactory(target=offender, matches=[{"term": "x", "rule": "99.9", "start": 0, "end": 1}])
    case = services.case_open_for_check(check=check, target=offender)
    assert case.reports.get().rule_code == "99.9"
