"""Fixtures of the programme tests: the hand-counted city and a client per role."""

import pytest
from django.core.cache import cache

from accounts.roles import Role
from tests.factories import UserFactory
from tests.programme.factories import city as build_city


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def city(db):
    return build_city()


@pytest.fixture
def manager(db):
    return UserFactory(roles=[Role.PROGRAMME_MANAGER])


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client
