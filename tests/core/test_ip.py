"""The client IP is resolved once, from REMOTE_ADDR or behind PROXY_COUNT trusted proxies, for axes and the limits."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from core.ip import client_ip, ratelimit_ip

rf = RequestFactory()


def _request(remote="10.0.0.1", xff=None):
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff is not None else {}
    return rf.get("/", REMOTE_ADDR=remote, **extra)


def test_without_proxies_a_forwarded_for_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(_request(xff="1.2.3.4")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("count", "xff", "expected"),
    [
        (1, "1.2.3.4", "1.2.3.4"),  # one balancer appended the client it saw
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the client forged a first entry: ignored
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),  # two proxies: the second-last is the client
        (2, "1.2.3.4", "10.0.0.1"),  # fewer hops than proxies: it did not come through them all
        (1, "not-an-ip", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_behind_proxies_the_client_is_the_nth_address_from_the_right(settings, count, xff, expected):
    settings.PROXY_COUNT = count
    assert client_ip(_request(xff=xff)) == expected


def test_no_valid_address_at_all_gives_none_and_one_shared_rate_limit_bucket(settings):
    settings.PROXY_COUNT = 0
    request = _request(remote="")
    assert client_ip(request) is None
    assert ratelimit_ip(request) == "0.0.0.0"


def test_axes_and_the_rate_limits_see_the_same_client_behind_a_balancer(settings):
    # Ten wrong passwords behind a load balancer must lock the client, not everyone behind the balancer.
    settings.PROXY_COUNT = 1
    request = _request(remote="10.0.0.1", xff="203.0.113.7")
    assert get_client_ip_address(request) == "203.0.113.7"
    assert ratelimit_ip(_request(remote="10.0.0.1", xff="203.0.113.7")) == "203.0.113.7"
