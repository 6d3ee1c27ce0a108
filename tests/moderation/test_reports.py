import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from moderation import services
from moderation.models import Case, Report
from moderation.services import ModerationError
from tests.factories import UserFactory
from tests.moderation.conftest import report_user

pytestmark = pytest.mark.django_db


def test_three_reports_on_one_target_merge_into_one_case_with_three_reporters(rules, offender, readers):
    for reader in readers:
        report_user(reporter=reader, target=offender, rule_code="2.6")
    case = Case.objects.get()
    assert case.reporter_count == 3
    assert case.reports.count() == 3
    assert case.target_owner == offender
    assert case.snapshot_reported["username"] == "offender"
    assert case.category_code == "2"


def test_one_open_report_per_reporter_and_target(rules, offender, reader):
    report_user(reporter=reader, target=offender)
    with pytest.raises(ModerationError, match="已举报过"):
        report_user(reporter=reader, target=offender, rule_code="2.1")
    assert Report.objects.count() == 1


def test_after_the_case_is_decided_the_reporter_may_report_again(rules, offender, reader, moderator):
    report = report_user(reporter=reader, target=offender)
    services.case_decide(case=report.case, moderator=moderator, action="dismiss", rule_codes=[], reason="无违规")
    again = report_user(reporter=reader, target=offender)
    assert again.case_id != report.case_id


def test_unknown_rule_code_is_refused_and_nothing_is_written(rules, offender, reader):
    with pytest.raises(ModerationError, match="规则编号不存在"):
        report_user(reporter=reader, target=offender, rule_code="10.1")
    assert not Case.objects.exists()
    assert not Report.objects.exists()


def test_rule_codes_are_strings_1_1_is_not_1_10(rules, offender, reader):
    report = report_user(reporter=reader, target=offender, rule_code="1.10")
    assert report.rule_code == "1.10"
    assert report.case.severity == 3


def test_report_on_a_missing_target_is_refused(rules, reader):
    with pytest.raises(ModerationError, match="不存在"):
        services.report_create(reporter=reader, kind="user", target_id=999999, rule_code="2.6")
    with pytest.raises(ModerationError, match="类型无效"):
        services.report_create(reporter=reader, kind="page", target_id=1, rule_code="2.6")
    assert not Case.objects.exists()


def test_report_on_a_banned_account_is_refused(rules, reader):
    banned = UserFactory(username="gone", banned_at=timezone.now())
    with pytest.raises(ModerationError, match="已被删除或不可见"):
        report_user(reporter=reader, target=banned)


def test_nobody_reports_themselves(rules, reader):
    with pytest.raises(ModerationError, match="自己"):
        report_user(reporter=reader, target=reader)


def test_report_page_shows_grouped_rules_and_creates_the_report(client, rules, offender, reader):
    client.force_login(reader)
    url = reverse("moderation:report") + f"?type=user&id={offender.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "2. 不友善" in page.content.decode()
    response = client.post(url, {"rule": "2.6", "text": "骂人"})
    assert response.status_code == 302
    assert Report.objects.get().text == "骂人"


def test_report_page_on_a_missing_target_says_so(client, rules, reader):
    client.force_login(reader)
    response = client.get(reverse("moderation:report") + "?type=comment&id=424242")
    assert response.status_code == 404
    assert "举报对象不存在" in response.content.decode()


def test_report_page_without_a_rule_is_a_form_error(client, rules, offender, reader):
    client.force_login(reader)
    response = client.post(reverse("moderation:report") + f"?type=user&id={offender.pk}", {"rule": "", "text": ""})
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_the_21st_report_within_an_hour_gets_429_with_a_clear_page(client, rules, reader):
    targets = [UserFactory(username=f"t{i}") for i in range(21)]
    client.force_login(reader)
    for target in targets[:20]:
        response = client.post(reverse("moderation:report") + f"?type=user&id={target.pk}", {"rule": "2.6"})
        assert response.status_code == 302
    response = client.post(reverse("moderation:report") + f"?type=user&id={targets[20].pk}", {"rule": "2.6"})
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert Report.objects.count() == 20


def test_the_hourly_limit_frees_up_after_an_hour(rules, reader):
    targets = [UserFactory(username=f"t{i}") for i in range(21)]
    with time_machine.travel(timezone.now() - timezone.timedelta(minutes=61)):
        for target in targets[:20]:
            report_user(reporter=reader, target=target)
    report_user(reporter=reader, target=targets[20])
    assert Report.objects.count() == 21


def test_a_report_form_sent_twice_makes_one_report(client, rules, offender, reader):
    """The report form carries a one-time token: the second POST is sent where the first went, not refused as a
    duplicate report, and nothing more is written."""
    from core.idempotency import FIELD

    client.force_login(reader)
    url = f"{reverse('moderation:report')}?type=user&id={offender.pk}"
    page = client.get(url).content.decode()
    token = page.split(f'name="{FIELD}" value="', 1)[1].split('"', 1)[0]
    first = client.post(url, {"rule": "2.6", "text": "骂人", FIELD: token})
    again = client.post(url, {"rule": "2.6", "text": "骂人", FIELD: token})
    assert first.status_code == 302
    assert (again.status_code, again["Location"]) == (303, first["Location"])
    assert Report.objects.filter(reporter=reader).count() == 1
