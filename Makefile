# entrust — two commands for a newcomer: `make demo` and `make test`.
#
# `deps` installs the Debian packages that are missing (and only those), with sudo when not root.

SWIFT ?= swift
# bash, for pipefail: a failed build must fail `make test` even through tee.
SHELL := /bin/bash
DEMO_DB ?= demo.sqlite
# System packages. To build and run: SQLite headers for GRDB, libcurl headers for the gateways (pkg-config finds them),
# zlib headers for gzip (compress-nio).
RUNTIME_PACKAGES := libsqlite3-dev libcurl4-openssl-dev zlib1g-dev pkg-config ca-certificates
# To test, also: the sqlite3 shell (tests tamper with files through it); aiosmtpd (a real SMTP server, run by
# /usr/bin/python3) and openssl; chromium (a real headless browser), chromium-driver and python3-selenium (which
# Tests/EntrustTestSupport/Support/browser.py drives it with, run by the same /usr/bin/python3); curl for the
# live-server tests; haproxy, the load balancer in front of replicas.
# wrk and time (/usr/bin/time): the benchmark, which a test runs at district scale.
# python3-venv: the virtual environment of Schemathesis (from PyPI, pinned; scripts/schemathesis.sh).
# postgresql (Debian's, 15 on bookworm): the tests start a throwaway cluster of their own (initdb in a temp folder,
# Unix socket only, as the postgres user); the system's own cluster is neither used nor needed.
TEST_PACKAGES := sqlite3 python3-aiosmtpd openssl chromium chromium-driver python3-selenium curl wrk time python3-venv postgresql haproxy
# `make bench`: the load generator, the sqlite3 shell (baselines), /usr/bin/time (peak memory) and curl.
BENCH_PACKAGES := wrk sqlite3 time curl
SCALE ?= district
SEED ?= 1
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: deps deps-runtime bench-deps build demo test schemathesis bench clean help

help:
	@echo "make demo   install what is missing, build, load the Kim Bang demo district into $(DEMO_DB), show its dashboard"
	@echo "make test   install what is missing and run the whole test suite"
	@echo "make build  build the entrust executable (.build/debug/entrust)"
	@echo "make bench  SCALE=district|province|national [SEED=1]: release build, then entrust bench (BENCHMARKS.md)"
	@echo "make clean  remove build products and the demo database"

# Installs only what is missing, with apt-get (sudo when not root).
define install_missing
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	else \
	  echo "system packages present: $(1)"; \
	fi
endef

deps-runtime:
	$(call install_missing,$(RUNTIME_PACKAGES))

deps: deps-runtime
	$(call install_missing,$(TEST_PACKAGES))

bench-deps: deps-runtime
	$(call install_missing,$(BENCH_PACKAGES))

build: deps-runtime
	$(SWIFT) build --product entrust

demo: build
	$(SWIFT) run --skip-build entrust demo --db $(DEMO_DB)
	@echo
	@echo "Try: .build/debug/entrust serve --db $(DEMO_DB)   (then sign in at http://127.0.0.1:8080 with an account above)"
	@echo "     .build/debug/entrust obligations list --db $(DEMO_DB) --status late"
	@echo "     .build/debug/entrust contracts show KB-TANSON-HND-2023 --db $(DEMO_DB)"

# The build's log is kept, and a warning in our own code fails the run (scripts/no-warnings.sh).
test: deps
	mkdir -p .build/test-output
	set -o pipefail; $(SWIFT) build --build-tests 2>&1 | tee .build/test-output/build.log
	./scripts/no-warnings.sh .build/test-output/build.log
	./scripts/openapi-validate.sh
	$(SWIFT) test --skip-build
	@echo "browser screenshots: .build/test-output/browser/"
	./scripts/schemathesis.sh

# Schemathesis against the server's own OpenAPI document (admin and officer tokens, bounded in time); reports and
# the server log in .build/test-output/schemathesis/.
schemathesis: deps
	$(SWIFT) build --product entrust
	./scripts/schemathesis.sh

bench: bench-deps
	$(SWIFT) build -c release --product entrust
	.build/release/entrust bench --scale $(SCALE) --seed $(SEED) --out bench-results/$(SCALE)

clean:
	rm -rf .build bench-results $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
