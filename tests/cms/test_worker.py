import pytest

from cms.tasks import diagnostics
from tests.factories import UserFactory


@pytest.mark.worker
def test_real_worker_runs_tasks_through_redis_against_the_test_database(real_worker):
    # given an account committed in the test database
    UserFactory(username="seen-by-worker")
    # when a task goes through the broker to the separate worker process
    result = diagnostics.delay("seen-by-worker").get(timeout=30)
    # then the worker ran it on PostgreSQL, in the test database, and saw the account
    assert result["vendor"] == "postgresql"
    assert result["database"].startswith("test_")
    assert result["user_exists"] is True
    assert real_worker.alive()
