"""The data step of moderation 0013, in a migration of its own: PostgreSQL refuses to create the indexes Django
defers to the end of a schema migration once that migration's transaction has updated rows ("pending trigger
events"), which a database with decisions and feedback would hit."""

from django.db import migrations


def forwards(apps, schema_editor):
    """Existing decisions get the category of their first rule; feedback moves to the inbox's statuses (an
    answered one keeps its response as its first reply); the queue gets a default escalation policy."""
    Decision = apps.get_model("moderation", "Decision")
    for decision in Decision.objects.exclude(rule_codes=[]).only("id", "rule_codes").iterator():
        code = str(decision.rule_codes[0]).split(".")[0][:4] if decision.rule_codes else ""
        Decision.objects.filter(pk=decision.pk).update(category_code=code)
    Feedback = apps.get_model("moderation", "Feedback")
    FeedbackReply = apps.get_model("moderation", "FeedbackReply")
    Feedback.objects.filter(status="open").update(status="new")
    for feedback in Feedback.objects.filter(status="handled"):
        if feedback.response and feedback.handled_by_id:
            FeedbackReply.objects.create(feedback=feedback, author_id=feedback.handled_by_id, text=feedback.response)
    Feedback.objects.filter(status="handled").update(status="answered")
    EscalationStep = apps.get_model("moderation", "EscalationStep")
    for hours, raise_by in ((24, 1), (72, 1)):
        EscalationStep.objects.get_or_create(after_hours=hours, defaults={"raise_by": raise_by})


def backwards(apps, schema_editor):
    Feedback = apps.get_model("moderation", "Feedback")
    Feedback.objects.filter(status__in=["new", "progress"]).update(status="open")
    Feedback.objects.filter(status__in=["answered", "closed"]).update(status="handled")


class Migration(migrations.Migration):

    dependencies = [
        ("moderation", "0016_check_policy_classifier_and_term_evidence"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
