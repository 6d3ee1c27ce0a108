"""Item 5: records the law keeps are kept RETENTION_DAYS (>= 180) and purged after it by a beat task; the staff
export command."""

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessLog
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.tasks import retention_purge
from core.models import AuditAction, AuditLog
from moderation import services as moderation
from moderation.models import Case, Decision
from tests.factories import UserFactory


def _decided_case(*, target, moderator, action="dismiss"):
    report = moderation.report_create(reporter=UserFactory(), kind="user", target_id=target.pk, rule_code="2.6")
    moderation.case_decide(case=report.case, moderator=moderator, action=action, rule_codes=["2.6"], reason="辱骂")
    return Case.objects.get(pk=report.case_id)


@pytest.fixture
def rules(db):
    return moderation.ruleset_load()[0]


def test_retention_below_180_days_is_refused_at_start():
    env = {**os.environ, "RETENTION_DAYS": "90", "DJANGO_SETTINGS_MODULE": "cms.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import cms.settings"], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.returncode != 0
    assert "RETENTION_DAYS must be at least 180" in result.stderr


def test_purge_runs_daily_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["retention-purge"]
    assert entry["task"] == "accounts.tasks.retention_purge"
    assert entry["schedule"] <= 24 * 3600


@pytest.mark.django_db
def test_records_are_kept_180_days_and_purged_after(rules, moderator):
    offender = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        case = _decided_case(target=offender, moderator=moderator)
        AuditLog.objects.create(actor=moderator, action=AuditAction.CASE_REMOVE, target_repr="x")
        AccessLog.objects.create(username=offender.username, ip_address="1.2.3.4", user_agent="ua")
    audit_count = AuditLog.objects.count()
    assert audit_count >= 2

    # day 179: nothing is old enough
    with time_machine.travel(start + timedelta(days=179)):
        counts = retention_purge.delay().get()
    assert Case.objects.filter(pk=case.pk).exists()
    assert Decision.objects.filter(case=case).exists()
    assert AuditLog.objects.count() == audit_count
    assert AccessLog.objects.count() == 1
    assert all(v == 0 for v in counts.values())

    # day 181: the case (with its snapshot and decision), the audit rows and the login record are gone
    with time_machine.travel(start + timedelta(days=181)):
        counts = retention_purge.delay().get()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Decision.objects.filter(case_id=case.pk).exists()
    assert AuditLog.objects.count() == 0
    assert AccessLog.objects.count() == 0
    assert counts["moderation.cases"] == 1


@pytest.mark.django_db
def test_a_longer_retention_setting_keeps_records_longer(settings, rules, moderator):
    settings.RETENTION_DAYS = 365
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        AuditLog.objects.create(actor=moderator, action=AuditAction.CASE_REMOVE, target_repr="x")
    with time_machine.travel(start + timedelta(days=200)):
        retention_purge.delay().get()
    assert AuditLog.objects.exists()


@pytest.mark.django_db
def test_a_case_whose_sanction_is_still_in_force_is_kept(rules, moderator):
    offender = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        # the ladder's top rung for a repeat: decide sanctions until one is permanent
        case = _decided_case(target=offender, moderator=moderator, action="sanction")
        case.decision.sanctions.update(ends_at=None)  # a permanent sanction: in force for ever
    with time_machine.travel(start + timedelta(days=400)):
        retention_purge.delay().get()
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.mark.django_db
def test_staff_export_command_writes_everything_held_about_the_account(tmp_path, rules, moderator):
    offender = UserFactory(username="target-user")
    _decided_case(target=offender, moderator=moderator)
    AccessLog.objects.create(username="target-user", ip_address="1.2.3.4", user_agent="ua")
    out = tmp_path / "export.zip"
    call_command("account_export", "target-user", "--out", str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        assert {"account.json", "cases_about.json", "logins.json", "audit_log.json", "manifest.json"} <= names
        cases = json.loads(archive.read("cases_about.json"))
        assert cases[0]["decision"]["rule_codes"] == ["2.6"]
        assert json.loads(archive.read("logins.json"))[0]["ip_address"] == "1.2.3.4"
        assert json.loads(archive.read("manifest.json"))["internal"] is True
    # the export itself is audited
    assert AuditLog.objects.filter(action=AuditAction.ACCOUNT_EXPORT, target_id=str(offender.pk)).exists()
    # by id works too
    call_command("account_export", str(offender.pk), "--out", str(tmp_path / "by-id.zip"), stdout=io.StringIO())
    assert (tmp_path / "by-id.zip").exists()
