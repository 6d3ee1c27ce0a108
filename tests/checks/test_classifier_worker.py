"""The classifier's periodic retraining, delivered through Redis to a real Celery worker on PostgreSQL, as beat
sends it."""

import pytest

from moderation.models import CheckClassifier
from moderation.tasks import classifier_train
from tests.checks.conftest import decided_cases
from tests.checks.test_worker_pipeline import wait_for
from tests.factories import UserFactory

pytestmark = pytest.mark.worker


def test_the_beat_task_trains_measures_and_activates_in_the_worker(real_worker, rules):
    # given enough decisions for the worker's bar (its settings: the defaults, 200 decisions)
    decided_cases(UserFactory(username="mod"), UserFactory(username="spammer"), removed=120, dismissed=120)
    # when beat's task reaches the worker
    classifier_train.apply_async()
    # then one version is trained, measured on a quarter of the decisions, and activated
    model = wait_for(lambda: CheckClassifier.objects.first(), timeout=120)
    assert model.is_active
    assert (model.decisions, model.metrics["holdout"]) == (240, 60)
    # and a second delivery with no new decision trains nothing
    assert classifier_train.apply_async().get(timeout=120) is None
    assert CheckClassifier.objects.count() == 1
