"""The site's classifier: learnt from decided cases, measured on a hold-out before it is used, versioned, shown as
evidence, switchable off, retrained by Celery beat."""

import random

import pytest
from django.conf import settings as django_settings

from core.models import AuditAction, AuditLog
from moderation import classifier
from moderation.errors import ModerationError
from moderation.models import CheckClassifier, ContentCheck
from moderation.selectors.evidence import case_findings
from moderation.services.classifier import classifier_activate, classifier_deactivate, classifier_train
from moderation.services.policy import check_policy_update
from tests.checks.conftest import decided_cases, draft, ham_text, publish, spam_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def examples(n_removed: int = 40, n_dismissed: int = 40, seed: int = 3) -> list[classifier.Example]:
    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < n_removed + n_dismissed:
        removed = len(out) < n_removed
        text, code = spam_text(rng) if removed else (ham_text(rng), "")
        if text not in seen:  # distinct texts, as the classifier counts them
            seen.add(text)
            out.append(classifier.Example(text, removed, code.split(".")[0]))
    return out


def test_predictions_are_scikit_learns_naive_bayes_on_the_same_split():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.model_selection import train_test_split
    from sklearn.naive_bayes import MultinomialNB

    data = examples()
    trained = classifier.train(data)
    train_set, test_set = train_test_split(
        data, test_size=classifier.HOLDOUT, random_state=classifier.SEED, stratify=[e.removed for e in data]
    )
    vectorizer = CountVectorizer(analyzer=classifier.tokens, max_features=classifier.MAX_FEATURES)
    nb = MultinomialNB(alpha=classifier.ALPHA).fit(
        vectorizer.fit_transform([e.text for e in train_set]), [e.removed for e in train_set]
    )
    expected = nb.predict_proba(vectorizer.transform([e.text for e in test_set]))[:, list(nb.classes_).index(True)]
    ours = [classifier.predict(trained.params, e.text).probability for e in test_set]
    assert ours == pytest.approx(list(expected), abs=1e-3)


def test_the_model_is_measured_on_decisions_it_was_not_trained_on():
    trained = classifier.train(examples(40, 40))
    m = trained.metrics
    assert (m.decisions, m.train, m.holdout, m.holdout_removed) == (80, 60, 20, 10)
    assert (m.precision, m.recall) == (1.0, 1.0)


def test_noisy_decisions_measure_worse_than_clean_ones():
    noisy = examples(40, 40)
    rng = random.Random(5)
    noisy = [classifier.Example(e.text, (not e.removed) if rng.random() < 0.4 else e.removed) for e in noisy]
    assert classifier.train(noisy).metrics.precision < classifier.train(examples(40, 40)).metrics.precision


def test_the_category_of_a_removal_is_learnt_from_the_rule_cited():
    params = classifier.train(examples(120, 40)).params
    assert classifier.predict(params, "福利来了，一对一视频聊天，私聊我 12345678").category == "4"
    assert classifier.predict(params, "急招，手机刷单日结三百，加微信 87654321").category == "3"


def test_a_long_number_or_handle_is_one_token_whatever_its_digits():
    assert classifier.tokens("加微信 abc12345 或 13812345678") == classifier.tokens("加微信 xyz98765 或 13900001111")


def test_the_same_text_decided_twice_is_one_example():
    data = examples(40, 40)
    assert classifier.train(data + data[:10]).metrics.decisions == 80


def test_training_needs_both_kinds_of_decision():
    with pytest.raises(classifier.TrainingError):
        classifier.train(examples(10, 1))


@pytest.fixture
def moderator_user(rules):
    return UserFactory(username="mod")


@pytest.fixture
def spammer(db):
    return UserFactory(username="spammer")


def test_a_version_that_meets_the_bar_is_stored_and_activated(settings, moderator_user, spammer):
    settings.CHECKS_CLASSIFIER_MIN_DECISIONS = 60
    decided_cases(moderator_user, spammer, removed=40, dismissed=40)
    model = classifier_train()
    assert model.is_active
    assert model.refusal == ""
    assert (model.decisions, model.metrics["holdout"]) == (80, 20)
    assert (model.precision, model.recall) == (1.0, 1.0)
    actions = list(AuditLog.objects.values_list("action", flat=True))
    assert AuditAction.CLASSIFIER_TRAIN in actions
    assert AuditAction.CLASSIFIER_ACTIVATE in actions


def test_too_few_decisions_are_stored_with_the_reason_and_never_activated(settings, moderator_user, spammer):
    settings.CHECKS_CLASSIFIER_MIN_DECISIONS = 200
    decided_cases(moderator_user, spammer, removed=40, dismissed=40)
    model = classifier_train()
    assert not model.is_active
    assert "80" in model.refusal
    assert "200" in model.refusal
    with pytest.raises(ModerationError):
        classifier_activate(classifier_id=model.pk, actor=moderator_user)
    assert not CheckClassifier.objects.filter(is_active=True).exists()


def test_a_version_below_the_precision_bar_is_not_activated(settings, moderator_user, spammer):
    settings.CHECKS_CLASSIFIER_MIN_DECISIONS = 60
    decided_cases(moderator_user, spammer, removed=60, dismissed=60, noise=0.45)
    model = classifier_train()
    assert model.precision < django_settings.CHECKS_CLASSIFIER_MIN_PRECISION
    assert not model.is_active
    assert model.refusal


def test_retraining_without_a_new_decision_does_nothing(settings, moderator_user, spammer):
    settings.CHECKS_CLASSIFIER_MIN_DECISIONS = 60
    decided_cases(moderator_user, spammer, removed=40, dismissed=40)
    first = classifier_train()
    assert classifier_train() is None
    decided_cases(moderator_user, spammer, removed=1, dismissed=1, seed=9)
    second = classifier_train()
    assert second.pk != first.pk
    assert second.is_active
    first.refresh_from_db()
    assert not first.is_active  # one active version


def test_the_setting_switches_training_off(settings, moderator_user, spammer):
    settings.CHECKS_CLASSIFIER_ENABLED = False
    decided_cases(moderator_user, spammer, removed=40, dismissed=40)
    assert classifier_train() is None


def checked_evidence(writer, body, capture) -> list[dict]:
    article = draft(writer, body=f"<p>{body}</p>")
    with capture(execute=True):
        publish(writer, article)
    return ContentCheck.objects.get(target_id=article.pk).evidence


@pytest.fixture
def active_classifier(settings, moderator_user, spammer, rules):
    settings.CHECKS_CLASSIFIER_MIN_DECISIONS = 60
    decided_cases(moderator_user, spammer, removed=40, dismissed=40)
    return classifier_train()


SPAMMY = "好消息，打字员兼职日赚五百，详情见主页"


def test_the_active_classifier_is_evidence_of_the_check(active_classifier, writer, django_capture_on_commit_callbacks):
    evidence = checked_evidence(writer, SPAMMY, django_capture_on_commit_callbacks)
    mine = [e for e in evidence if e["kind"] == "classifier"]
    assert len(mine) == 1
    assert mine[0]["weight"] > 0
    assert mine[0]["params"]["version"] == active_classifier.pk
    check = ContentCheck.objects.get(evidence__isnull=False, classifier=active_classifier)
    assert check.classifier_id == active_classifier.pk


def test_innocent_text_gets_negative_classifier_evidence(active_classifier, writer, django_capture_on_commit_callbacks):
    evidence = checked_evidence(
        writer, "这本小说结构紧凑，人物写得很立体，推荐给大家。", django_capture_on_commit_callbacks
    )
    assert [e["weight"] < 0 for e in evidence if e["kind"] == "classifier"] == [True]


def test_the_case_page_says_what_the_classifier_learnt(active_classifier, writer, django_capture_on_commit_callbacks):
    from moderation.models import Case

    article = draft(writer, body="<p>好消息，宝妈学生党在家就能做，微信 abc12345</p>")
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)
    findings = case_findings(case=Case.objects.get(target_id=article.pk))
    words = [f.what for f in findings if "本站分类器" in f.what]
    assert len(words) == 1
    assert f"v{active_classifier.pk}" in words[0]
    assert "留出集精确率 100%" in words[0]


def test_turning_the_classifier_off_in_the_policy_removes_its_evidence(
    active_classifier, writer, moderator_user, django_capture_on_commit_callbacks
):
    check_policy_update(actor=moderator_user, data={}, classifier_enabled=False)
    evidence = checked_evidence(writer, SPAMMY, django_capture_on_commit_callbacks)
    assert not [e for e in evidence if e["kind"] == "classifier"]


def test_a_deactivated_classifier_is_not_consulted(
    active_classifier, writer, moderator_user, django_capture_on_commit_callbacks
):
    assert classifier_deactivate(actor=moderator_user) == 1
    evidence = checked_evidence(writer, SPAMMY, django_capture_on_commit_callbacks)
    assert not [e for e in evidence if e["kind"] == "classifier"]


def test_celery_beat_retrains_the_classifier():
    entry = django_settings.CELERY_BEAT_SCHEDULE["checks-classifier-train"]
    assert entry["task"] == "moderation.tasks.classifier_train"
    assert entry["schedule"] == django_settings.CHECKS_CLASSIFIER_RETRAIN_HOURS * 3600


def test_an_admin_trains_a_version_now_from_the_list(client, settings, moderator_user, spammer):
    from django.urls import reverse

    settings.CHECKS_CLASSIFIER_MIN_DECISIONS = 60
    decided_cases(moderator_user, spammer, removed=40, dismissed=40)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert "立即重新训练" in client.get(reverse("admin:moderation_checkclassifier_changelist")).content.decode()
    response = client.post(reverse("admin:moderation_checkclassifier_train"))
    assert response.status_code == 302
    model = CheckClassifier.objects.get()
    assert model.is_active
    assert AuditLog.objects.get(action=AuditAction.CLASSIFIER_TRAIN).actor == admin


def test_activating_a_refused_version_in_the_admin_says_why(client, settings, moderator_user, spammer):
    from django.urls import reverse

    settings.CHECKS_CLASSIFIER_MIN_DECISIONS = 500
    decided_cases(moderator_user, spammer, removed=40, dismissed=40)
    model = classifier_train()
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:moderation_checkclassifier_changelist"),
        {"action": "activate", "_selected_action": [model.pk]},
        follow=True,
    )
    assert "不能启用" in response.content.decode()
    model.refresh_from_db()
    assert not model.is_active
