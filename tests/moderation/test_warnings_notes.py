"""Warnings (a decision without a penalty) and account notes (for moderators, never for the account)."""

import pytest
from django.urls import reverse

from core.models import AuditLog, Notification
from moderation import services
from moderation.models import AccountNote, Decision, Sanction, SanctionPolicy
from tests.factories import UserFactory
from tests.moderation.conftest import decide, report_user


def report_comment(reporter, comment, rule_code="2.6"):
    return services.report_create(reporter=reporter, kind="comment", target_id=comment.pk, rule_code=rule_code)


# --- Warnings -------------------------------------------------------------------------------------------------------


def test_a_warning_leaves_the_content_and_the_account_alone_and_tells_the_owner(rules, comment, reader, moderator):
    case = report_comment(reader, comment).case
    decision = decide(case, moderator=moderator, action="warn", reason="语气过激")
    comment.refresh_from_db()
    assert comment.status == "visible"
    assert not Sanction.objects.exists()
    assert decision.category_code == "2"
    notice = Notification.objects.get(recipient=comment.author, subject="您收到一次警告")
    assert "2.6" in notice.body
    assert "语气过激" in notice.body
    assert AuditLog.objects.filter(action="case.warn", actor=moderator).exists()
    # the reporter is told action was taken
    assert Notification.objects.filter(recipient=reader, body__contains="采取了处理措施").exists()


def test_a_warning_is_listed_on_the_account_status_page_and_may_be_appealed(client, rules, comment, reader, moderator):
    decide(report_comment(reader, comment).case, moderator=moderator, action="warn", reason="语气过激")
    client.force_login(comment.author)
    body = client.get(reverse("moderation:account_status")).content.decode()
    assert "警告" in body
    assert "kind=appeal" in body


@pytest.mark.parametrize(("counts", "expected"), [(False, 1), (True, 2)])
def test_whether_warnings_count_on_the_ladder_is_the_policy(rules, offender, readers, moderator, counts, expected):
    SanctionPolicy.objects.create(warnings_count=counts)
    decide(report_user(reporter=readers[0], target=offender).case, moderator=moderator, action="warn")
    proposal = services.sanction_propose(account=offender, rule_codes=["2.6"])
    assert proposal.rung == expected
    assert ("警告" in proposal.explanation) is counts


def test_an_overturned_warning_no_longer_counts(rules, offender, readers, moderator, moderator2):
    SanctionPolicy.objects.create(warnings_count=True)
    warning = decide(report_user(reporter=readers[0], target=offender).case, moderator=moderator, action="warn")
    appeal = services.appeal_file(decision=warning, appellant=offender, text="误会")
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="确属误会")
    assert services.sanction_propose(account=offender, rule_codes=["2.6"]).rung == 1


def test_a_warning_must_cite_a_rule_and_a_reason(rules, offender, reader, moderator):
    case = report_user(reporter=reader, target=offender).case
    with pytest.raises(services.ModerationError) as exc:
        decide(case, moderator=moderator, action="warn", rule_codes=(), reason="x")
    assert exc.value.field == "rule_codes"
    with pytest.raises(services.ModerationError) as exc:
        decide(case, moderator=moderator, action="warn", reason=" ")
    assert exc.value.field == "reason"


def test_a_moderator_cannot_warn_a_linked_account(rules, reader, moderator, moderator2):
    sock = UserFactory(username="sock")
    services.account_link(account=moderator, other=sock, moderator=moderator2)
    case = report_user(reporter=reader, target=sock).case
    with pytest.raises(services.ModerationError) as exc:
        decide(case, moderator=moderator, action="warn")
    assert exc.value.status == 403
    assert not Decision.objects.exists()


# --- Account notes --------------------------------------------------------------------------------------------------


def test_a_note_is_audited_and_shown_on_the_next_case_about_the_account(client, rules, offender, readers, moderator):
    first = report_user(reporter=readers[0], target=offender).case
    client.force_login(moderator)
    response = client.post(
        reverse("moderation_staff:note", args=[offender.pk]),
        {"note-text": "多次在评论区引流，留意", "case": first.pk, "next": f"/moderation/cases/{first.pk}/"},
    )
    assert response.status_code == 302
    note = AccountNote.objects.get()
    assert (note.author, note.case) == (moderator, first)
    log = AuditLog.objects.get(action="account.note")
    assert log.after == {"note": note.pk, "case": first.pk}
    decide(first, moderator=moderator, action="dismiss", rule_codes=(), reason="证据不足")
    second = report_user(reporter=readers[1], target=offender).case
    page = client.get(reverse("moderation_staff:case", args=[second.pk])).content.decode()
    assert "多次在评论区引流，留意" in page


def test_a_moderator_cannot_note_on_themselves_or_a_linked_account(client, rules, moderator, moderator2):
    sock = UserFactory(username="sock")
    services.account_link(account=moderator, other=sock, moderator=moderator2)
    client.force_login(moderator)
    for account in (moderator, sock):
        response = client.post(reverse("moderation_staff:note", args=[account.pk]), {"note-text": "自己人"})
        assert response.status_code == 403
    assert not AccountNote.objects.exists()


def test_readers_cannot_leave_notes(client, rules, offender, reader):
    client.force_login(reader)
    assert client.post(reverse("moderation_staff:note", args=[offender.pk]), {"note-text": "x"}).status_code == 403
    assert not AccountNote.objects.exists()


def test_notes_are_never_shown_to_the_account(client, rules, readers, moderator, moderator2):
    """Not on its status page, its inbox, nor — being a moderator itself — its own case or the admin list."""
    services.account_note_add(account=moderator2, moderator=moderator, text="内部：此人曾被投诉")
    case = report_user(reporter=readers[0], target=moderator2).case
    client.force_login(moderator2)
    for url in (
        reverse("moderation:account_status"),
        reverse("moderation:inbox"),
        reverse("moderation_staff:case", args=[case.pk]),
    ):
        assert "此人曾被投诉" not in client.get(url).content.decode()
    assert client.get(reverse("moderation_staff:case", args=[case.pk])).status_code == 403
    moderator2.is_staff = moderator2.is_superuser = True
    moderator2.save()
    assert "此人曾被投诉" not in client.get(reverse("admin:moderation_accountnote_changelist")).content.decode()


def test_an_empty_note_is_refused_beside_its_field(rules, offender, moderator):
    with pytest.raises(services.ModerationError) as exc:
        services.account_note_add(account=offender, moderator=moderator, text="   ")
    assert exc.value.field == "text"
