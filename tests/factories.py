"""Factories shared by every app's tests."""

import factory

from accounts.models import User
from accounts.services import email_verified_set, user_role_grant

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.LazyAttribute(lambda o: f"用户{o.username}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def email_verified(self, create, extracted, **kwargs):
        """Verified by default, as most tests are about accounts that may write: `email_verified=False` for a
        newcomer who has not clicked the link yet."""
        if create and extracted is not False and self.email:
            email_verified_set(user=self, email=self.email)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                user_role_grant(user=self, role=role)
