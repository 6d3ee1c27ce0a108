"""The fast restore of the migrated rows (tests/support/restore.py) writes what Django's `save()` per row writes."""

import pytest
from django.db import connection

from tests.support import restore


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_restored_database_serializes_to_what_was_saved():
    # given a transactional test, set up by the fast restore (conftest installs it on PostgreSQL)
    from django.db.backends.postgresql.creation import DatabaseCreation

    assert DatabaseCreation.deserialize_db_from_string is restore.deserialize_db_from_string
    saved = connection._test_serialized_contents
    # then every migrated row is back with its values and links, and nothing else is there
    assert connection.creation.serialize_db_to_string() == saved
    # and restoring again over the rows that are there (the first transactional test after rolled-back ones)
    # changes nothing either
    restore.deserialize_db_from_string(connection.creation, saved)
    assert connection.creation.serialize_db_to_string() == saved
