import pytest

from cms import services


@pytest.fixture
def sections(db):
    return services.site_sections_ensure()
