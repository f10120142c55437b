#!/bin/sh
# openapi-spec-validator (PyPI, pinned) on the server's OpenAPI document: the OpenAPI 3.1 schema (a response without
# a description, a misspelt keyword, a bad parameter location...), every $ref resolving, unique operationIds, path
# templates and path parameters matching. Before it, a check the validator does not make: a mapping key written
# twice (YAML forbids it; PyYAML, and so the validator and Schemathesis, silently keep the last one).
# Usage: scripts/openapi-validate.sh [FILE]; FILE defaults to Sources/EntrustServer/Resources/openapi.yaml.
# Prints one line when the document is valid, the validator's errors (on stderr, exit 1) when not. Offline except
# for PyPI, the first time.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FILE=${1:-$ROOT/Sources/EntrustServer/Resources/openapi.yaml}
VERSION=0.9.0
VENV=$ROOT/.build/openapi-validator-venv
# Debian's Python (python3-venv), as for the other test tools; any python3 otherwise.
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3

[ -f "$FILE" ] || { echo "openapi: $FILE: no such file" >&2; exit 1; }
if ! "$VENV/bin/openapi-spec-validator" --version 2>/dev/null | grep -qx "openapi-spec-validator $VERSION"; then
  echo "openapi: installing openapi-spec-validator==$VERSION into $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "openapi-spec-validator==$VERSION"
fi

# Checks of our own first, with line numbers: a key twice in one mapping, a local $ref that points nowhere (the
# validator names the missing target but not where it is used). PyYAML comes with the validator.
status=0
"$VENV/bin/python" - "$FILE" <<'EOF' >&2 || status=1
import sys, yaml

name = sys.argv[1]
errors = []
try:
    with open(name, encoding="utf-8") as f:
        root = yaml.compose(f, Loader=yaml.SafeLoader)
except yaml.YAMLError as e:
    print(f"openapi: {name}: not YAML: {e}")
    sys.exit(1)
refs = []

def walk(node):
    if isinstance(node, yaml.MappingNode):
        seen = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    errors.append(f"{name}:{line}: key {key.value!r} written twice in one mapping (first at line {seen[key.value]})")
                seen.setdefault(key.value, line)
                if key.value == "$ref" and isinstance(value, yaml.ScalarNode):
                    refs.append((value.value, line))
            walk(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            walk(item)

walk(root)
doc = yaml.SafeLoader("").construct_document(root) if root is not None else None
for ref, line in refs:
    if not ref.startswith("#/"):
        continue
    node = doc
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            errors.append(f"{name}:{line}: $ref {ref!r} does not resolve (no {token!r})")
            break
for error in errors:
    print(f"openapi: {error}")
sys.exit(1 if errors else 0)
EOF

vstatus=0
out=$("$VENV/bin/openapi-spec-validator" --schema 3.1 --validation-errors all "$FILE" 2>&1) || vstatus=1
if [ "$vstatus" -ne 0 ]; then
  # After a $ref it cannot resolve the validator prints the whole document: keep its lines short.
  printf '%s\n' "$out" | sed 's/ does not exist within {.*/ does not exist in the document/' \
    | awk '{ if (length($0) > 400) print substr($0, 1, 400) "..."; else print }' >&2
fi
[ "$status" -eq 0 ] && [ "$vstatus" -eq 0 ] || exit 1
echo "openapi: $FILE is a valid OpenAPI 3.1 document (openapi-spec-validator $VERSION)"
