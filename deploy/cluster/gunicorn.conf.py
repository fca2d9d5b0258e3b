"""gunicorn settings of the cluster's app servers (deploy/cluster/cluster.py adds bind/workers)."""

import os

from prometheus_client import multiprocess

wsgi_app = "config.wsgi"
worker_class = "sync"
# Django loads before the port opens: a restarted server takes no connection it cannot answer yet
# (without it, nginx's requests wait in the listen backlog while the workers boot).
preload_app = True
timeout = 30
graceful_timeout = 10
accesslog = None  # nginx logs every request, with the same request id
errorlog = "-"
loglevel = "info"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


def child_exit(server, worker):
    """A worker's latency samples stay counted; its live gauges go (prometheus multiprocess)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
