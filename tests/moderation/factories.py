"""Factories for moderation tests. Cases and decisions are built through the real services (see conftest)."""

import factory
from django.contrib.contenttypes.models import ContentType

from moderation.models import ContentCheck


class ContentCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentCheck

    target_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    target_id = factory.LazyAttribute(lambda o: o.target.pk)
    status = ContentCheck.Status.DONE
    verdict = ContentCheck.Verdict.HOLD
    score = 0.8
    matches = factory.LazyFunction(lambda: [{"term": "傻", "rule": "2.6", "action": "hold", "start": 0, "end": 1}])

    class Params:
        target = None
