"""The demo data's orchestrator: each app may add its own in ``<app>/demo.py``, a module with a
function ``seed(*, stdout, style, password)``; ``manage.py seed_demo`` runs them in
``INSTALLED_APPS`` order (lowest layer first), so an app can rely on the data of the apps below
it. Django's ``autodiscover_modules`` imports the modules, as it does for ``admin.py``."""

import sys
from collections.abc import Callable

from django.apps import apps
from django.utils.module_loading import autodiscover_modules

MODULE = "demo"


def seeders() -> list[tuple[str, Callable]]:
    """(app label, seed function) of every installed app with a demo module, in layer order."""
    autodiscover_modules(MODULE)
    found = []
    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.{MODULE}")
        if module is not None and callable(getattr(module, "seed", None)):
            found.append((config.label, module.seed))
    return found
