#!/usr/bin/env bash
# The API contract run: schemathesis against /api/v1/schema/ of a live server with the demo data,
# anonymous and as a vendor with a token. It fails when an endpoint answers a 5xx, a status code,
# content type or body its OpenAPI schema does not document. `make api-contract`; CI runs it.
#
# The server runs on its own scratch SQLite database (the demo seed), so the run needs no service
# and leaves the caller's databases alone. Rate limits are lifted for the run (it sends thousands of
# requests); everything else is the site as configured.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
EXAMPLES=${API_CONTRACT_EXAMPLES:-15}
work=$(mktemp -d)
port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DEBUG=1 DATABASE_URL="sqlite:///$work/contract.sqlite3" MEDIA_ROOT="$work/media" \
    API_THROTTLE_ANON=1000000/min API_THROTTLE_USER=1000000/min API_THROTTLE_IMPORTS=1000000/hour
unset REDIS_URL  # the local memory cache: no counters shared with another run

$PY manage.py migrate --noinput -v0
$PY manage.py seed_demo >"$work/seed.log"
token=$($PY manage.py shell -v0 -c "
from accounts.models import Membership
from rest_framework.authtoken.models import Token
owner = Membership.objects.filter(role='owner').select_related('user').order_by('id').first().user
print(Token.objects.get_or_create(user=owner)[0].key)")

$PY manage.py runserver "127.0.0.1:$port" --noreload >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/schema/" && break; sleep 1; done

run() {
    .venv/bin/st run "http://127.0.0.1:$port/api/v1/schema/" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --phases examples,coverage,fuzzing,stateful --max-examples "$EXAMPLES" --workers 1 \
        --seed "${API_CONTRACT_SEED:-20261207}" --no-color "$@"
}
echo "== schemathesis, anonymous"
run
echo "== schemathesis, as a vendor (token)"
run -H "Authorization: Token $token"
