"""A faster restore of the migrated rows for the transactional tests on PostgreSQL.

With `serialized_rollback` (tests/conftest.py gives it to every transactional test) Django writes the migrated rows
back before each such test, one `save()` per row: an UPDATE, then an INSERT when the row is missing, about two
thousand statements for the content types, permissions, roles, rules and the lexicon. This writes the same rows in
one `INSERT ... ON CONFLICT (pk) DO UPDATE` per table and chunk, with the same values: raw (no field's `pre_save`,
so no `auto_now` stamp is renewed), the many-to-many links set to exactly the serialized ones, and the constraints
checked at the end, as Django does. No signals are sent: the project has no save or m2m receivers, and
tests/core/test_serialized_restore.py checks that the restored database serializes to exactly what was saved.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from django.core import serializers
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery
from django.db.transaction import atomic

CHUNK = 500


@cache
def _parsed(data: str) -> list:
    import json

    return json.loads(data)


def _insert(model, objs, alias: str) -> None:
    meta = model._meta
    fields = list(meta.local_concrete_fields)
    update = [f for f in fields if not f.primary_key]
    for start in range(0, len(objs), CHUNK):
        query = InsertQuery(
            model,
            on_conflict=OnConflict.UPDATE if update else OnConflict.IGNORE,
            update_fields=update,
            unique_fields=[meta.pk],
        )
        query.insert_values(fields, objs[start : start + CHUNK], raw=True)
        query.get_compiler(using=alias).execute_sql(returning_fields=None)


def _set_links(model, accessor: str, links: dict, alias: str) -> None:
    """Each object's many-to-many `accessor` set to exactly `links[pk]` (what `.set()` leaves)."""
    field = model._meta.get_field(accessor)
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    manager = through._base_manager.using(alias)
    manager.filter(**{f"{source}__in": list(links)}).delete()
    rows = [through(**{f"{source}_id": pk, f"{target}_id": other}) for pk, others in links.items() for other in others]
    manager.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)


def deserialize_db_from_string(creation, data: str) -> None:
    """Drop-in for `BaseDatabaseCreation.deserialize_db_from_string` (same rows, same transaction and checks)."""
    alias = creation.connection.alias
    by_model: dict = defaultdict(list)
    links: dict = defaultdict(dict)
    for obj in serializers.deserialize("python", _parsed(data), using=alias):
        model = type(obj.object)
        by_model[model].append(obj.object)
        for accessor, others in (obj.m2m_data or {}).items():
            links[(model, accessor)][obj.object.pk] = list(others)
    with atomic(using=alias), creation.connection.constraint_checks_disabled():
        for model, objs in by_model.items():
            _insert(model, objs, alias)
        for (model, accessor), per_object in links.items():
            _set_links(model, accessor, per_object, alias)
        creation.connection.check_constraints(table_names={model._meta.db_table for model in by_model})


def install() -> None:
    """Use the fast restore for PostgreSQL (on the class: a thread running Playwright's loop gets other connection
    objects). SQLite keeps Django's: its tests are quick already."""
    from django.db.backends.postgresql.creation import DatabaseCreation

    DatabaseCreation.deserialize_db_from_string = deserialize_db_from_string
