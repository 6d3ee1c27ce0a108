"""What each app holds about an account, for export, deletion (注销) and the retention purge.

Accounts sits below the apps that hold most of a person's data (articles, moderation), so it cannot import them.
Like `moderation.registry` for content, each app registers a provider in its `AppConfig.ready()`:

- `export(user, internal=...)` returns JSON-ready sections (`{"comments": [...]}`); `internal=True` (the staff
  command for a lawful request) adds what moderators hold about the account (cases, decisions, evidence);
- `files(user)` names the stored files (uploads) to put in the ZIP;
- `close(user, remove=...)` acts on the account's public content when it is deleted: `remove=True` takes it off
  line (hidden, kept for the retention period), `remove=False` leaves it to show as 「已注销用户」;
- `purge(cutoff)` deletes this app's retained records older than `cutoff`, returning counts by record kind.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from .models import User


class PersonalDataProvider(Protocol):
    name: str

    def export(self, user: User, *, internal: bool) -> dict[str, list[dict]]: ...

    def files(self, user: User) -> Iterable[str]: ...

    def close(self, user: User, *, remove: bool) -> None: ...

    def purge(self, cutoff: datetime) -> dict[str, int]: ...


_PROVIDERS: dict[str, PersonalDataProvider] = {}


def register(provider: PersonalDataProvider) -> None:
    _PROVIDERS[provider.name] = provider


def providers() -> list[PersonalDataProvider]:
    return list(_PROVIDERS.values())
