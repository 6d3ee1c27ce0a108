"""A database that cannot be reached (restarting, failing over) is answered 503 with Retry-After, not 500: clients
and proxies retry it. Any other uncaught error stays a 500."""

import pytest
from django.db import OperationalError
from django.test import Client

from articles import selectors

pytestmark = pytest.mark.django_db


def _failing(error: Exception):
    def fail(*args, **kwargs):
        raise error

    return fail


@pytest.fixture
def client_seeing_errors():
    return Client(raise_request_exception=False)


def test_a_database_that_cannot_be_reached_is_a_503_with_retry_after(client_seeing_errors, monkeypatch):
    monkeypatch.setattr(selectors, "article_list", _failing(OperationalError("server closed the connection")))
    response = client_seeing_errors.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "服务暂时不可用" in response.content.decode()


def test_any_other_uncaught_error_is_still_a_500(client_seeing_errors, monkeypatch):
    monkeypatch.setattr(selectors, "article_list", _failing(ValueError("a bug")))
    response = client_seeing_errors.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
