#!/usr/bin/env bash
# Fails when a build log shows a compiler warning in our own code (Sources/ or Tests/ of this checkout); warnings
# in dependencies (.build/checkouts) are theirs. Usage: scripts/no-warnings.sh BUILD.log
# A cold build (CI's) compiles every file, so it sees every warning; an incremental one only the files it rebuilt.
set -euo pipefail
log="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
found="$(grep -E "^${root}/(Sources|Tests)/[^:]+:[0-9]+:[0-9]+: warning:" "$log" | sort -u || true)"
if [ -n "$found" ]; then
  echo "compiler warnings in our code (keep it at zero):"
  echo "$found"
  exit 1
fi
echo "no compiler warnings in Sources/ or Tests/"
