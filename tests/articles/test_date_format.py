"""Smaller items of issue 11: one way of writing a moment across the site (Y-m-d H:i, local time), whether a list, an
article page, search or a refusal message shows it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.policy import write_refusal

pytestmark = pytest.mark.django_db


def _shown(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_the_publication_time_reads_the_same_on_every_page(client, article, author):
    when = _shown(article.published_at)
    for url in ["/", f"/category/{article.category.slug}/", "/tag/直播/", f"/authors/{author.username}/",
                article.get_absolute_url(), "/search/?q=直播电商"]:  # fmt: skip
        page = client.get(url).content.decode()
        assert f">{when}</time>" in page, url


def test_a_mute_end_reads_like_every_other_moment(reader):
    reader.muted_until = timezone.now() + timedelta(days=2)
    assert _shown(reader.muted_until) in write_refusal(reader).message
