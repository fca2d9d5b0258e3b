"""Log records as JSON lines, each with the id of the request (or task) that wrote it.

Imported by the ``LOGGING`` setting before the apps load: it imports no model. The id is set by
``config.observability.RequestIdMiddleware`` in a request and by the task signals in a worker.
"""

import json
import logging
import time
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("choso_request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or task)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, process, exception."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


JsonFormatter.converter = time.gmtime
