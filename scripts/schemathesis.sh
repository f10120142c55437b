#!/bin/sh
# Schemathesis (PyPI, pinned) against the server's own OpenAPI document, on the Kim Bang demo district: once with an
# admin token, once with an association officer's. It fails on a server error (5xx), a crash (the server no longer
# answers /healthz afterwards) and any answer the document does not describe (status, content type, schema).
# Bounded in time: a few examples per operation, a per-request timeout and a time budget per run.
# Output: .build/test-output/schemathesis/ (server log, one report per run). Offline except for PyPI.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${ENTRUST_BIN:-$ROOT/.build/debug/entrust}
VERSION=4.32.5
VENV=$ROOT/.build/schemathesis-venv
OUT=$ROOT/.build/test-output/schemathesis
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-6}
# Debian's Python (python3-venv), as for the other test tools; any python3 otherwise.
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3
BUDGET=${SCHEMATHESIS_SECONDS:-70}

mkdir -p "$OUT"
if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "schemathesis: installing schemathesis==$VERSION into $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi

WORK=$(mktemp -d)
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

export ENTRUST_CONTRACTS="$ROOT/contracts" ENTRUST_NOTIFICATIONS="$ROOT/notifications" ENTRUST_LANG=en
DB=$WORK/demo.sqlite
"$BIN" demo --db "$DB" > "$OUT/demo.txt" 2>&1
token() { "$BIN" tokens create --db "$DB" --user "$1" --note schemathesis | sed -n 's/.*(shown once): //p'; }
ADMIN=$(token admin)
OFFICER=$(token tanson.officer)
[ -n "$ADMIN" ] && [ -n "$OFFICER" ] || { echo "schemathesis: could not make API tokens" >&2; exit 1; }

(cd "$WORK" && exec "$BIN" serve --db "$DB" --port 0 --no-background > "$WORK/stdout" 2> "$OUT/server.log") &
PID=$!
PORT=""
for _ in $(seq 1 600); do
  PORT=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$WORK/stdout")
  [ -n "$PORT" ] && break
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.1
done
[ -n "$PORT" ] || { echo "schemathesis: entrust serve did not start; see $OUT/server.log" >&2; exit 1; }
BASE=http://127.0.0.1:$PORT

status=0
run() {
  name=$1; secret=$2
  if (cd "$WORK" && "$VENV/bin/st" run "$BASE/api/v1/openapi.yaml" --url "$BASE" \
        -H "Authorization: Bearer $secret" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --phases examples,coverage,fuzzing --max-examples "$EXAMPLES" --max-time "$BUDGET" --request-timeout 5 \
        --max-redirects 0 --seed 13 --workers 2 --no-color --output-sanitize true --generation-database none \
        --report junit --report-junit-path "$OUT/$name.junit.xml" > "$OUT/$name.txt" 2>&1); then
    echo "schemathesis ($name): passed"
  elif ! grep -q "❌" "$OUT/$name.txt" && grep -q "🚫" "$OUT/$name.txt" \
       && ! grep -qiE "timeout|timed out|connection (refused|reset|aborted)|network error" "$OUT/$name.txt"; then
    # No check failed and the server answered every request: the errors are Schemathesis's own (4.32.5 sometimes
    # raises a KeyError while generating coverage cases), not the server's. Say so, but do not fail the build on them.
    echo "schemathesis ($name): passed; Schemathesis itself raised errors while generating cases (see $OUT/$name.txt)"
  else
    echo "schemathesis ($name): FAILED; see $OUT/$name.txt"
    status=1
  fi
  if ! curl -fsS --max-time 5 "$BASE/healthz" > /dev/null 2>&1; then
    echo "schemathesis ($name): the server stopped answering (crash?); see $OUT/server.log"
    status=1
  fi
}
run admin "$ADMIN"
run officer "$OFFICER"
exit $status
