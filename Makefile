# entrust — two commands for a newcomer: `make demo` and `make test`.
#
# `deps` installs the Debian packages that are missing (and only those), with sudo when not root.

SWIFT ?= swift
DEMO_DB ?= demo.sqlite
# System packages: SQLite headers for GRDB and the sqlite3 shell (tests tamper with files through it);
# libcurl headers for the gateways; aiosmtpd (a real SMTP server, run by /usr/bin/python3) and openssl for their tests;
# chromium (a real headless browser) and python3-websocket (the DevTools-protocol client of Tests/.../browser.py,
# run by the same /usr/bin/python3) for the browser tests; curl for the live-server tests.
APT_PACKAGES := libsqlite3-dev sqlite3 libcurl4-openssl-dev python3-aiosmtpd openssl ca-certificates pkg-config \
	chromium python3-websocket curl
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: deps build demo test clean help

help:
	@echo "make demo   install what is missing, build, load the Kim Bang demo district into $(DEMO_DB), show its dashboard"
	@echo "make test   install what is missing and run the whole test suite"
	@echo "make build  build the entrust executable (.build/debug/entrust)"
	@echo "make clean  remove build products and the demo database"

deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	else \
	  echo "system packages present: $(APT_PACKAGES)"; \
	fi

build: deps
	$(SWIFT) build --product entrust

demo: build
	$(SWIFT) run --skip-build entrust demo --db $(DEMO_DB)
	@echo
	@echo "Try: .build/debug/entrust serve --db $(DEMO_DB)   (then sign in at http://127.0.0.1:8080 with an account above)"
	@echo "     .build/debug/entrust obligations list --db $(DEMO_DB) --status late"
	@echo "     .build/debug/entrust contracts show KB-TANSON-HND-2023 --db $(DEMO_DB)"

test: deps
	$(SWIFT) build --build-tests
	mkdir -p .build/test-output
	$(SWIFT) test --skip-build
	@echo "browser screenshots: .build/test-output/browser/"

clean:
	rm -rf .build $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
