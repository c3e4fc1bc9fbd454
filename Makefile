# Two entry points (see README): `make site` and `make test`. Both set everything up first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SYSTEM_PACKAGES := fonts-noto-core fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	poppler-utils gettext chromium chromium-driver
STAMP := $(VENV)/.installed

.PHONY: site test setup system-packages lock versions clean

site: setup
	$(VENV)/bin/docgen build

test: setup
	$(PY) -m pytest

setup: system-packages $(STAMP)

# Debian packages: fonts for every script we serve, WeasyPrint's Pango, PDF tools and Chromium for tests.
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# Python packages come from the lock only: exact versions, hashes checked by pip (--require-hashes).
# pyproject.toml keeps compatible ranges for people who install the package elsewhere.
$(STAMP): requirements-lock.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements-lock.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Regenerate the lock from pyproject.toml (newest versions the ranges allow); then run `make test`.
PIP_TOOLS := pip-tools==7.6.2
lock: $(STAMP)
	$(PY) -m pip install -q '$(PIP_TOOLS)'
	$(VENV)/bin/pip-compile -q --upgrade --generate-hashes --allow-unsafe --all-build-deps --strip-extras \
		--extra test --no-emit-index-url --no-emit-find-links -o requirements-lock.txt pyproject.toml

# What the tests ran with: Debian packages (fonts, Pango, Chromium) and the locked Python packages.
versions:
	@dpkg-query -W -f '$${Package} $${Version}\n' fonts-noto-core libpango-1.0-0 libharfbuzz0b chromium chromium-driver poppler-utils 2>/dev/null || true
	@$(PY) -c 'import sys, weasyprint, babel; print("python", sys.version.split()[0]); print("weasyprint", weasyprint.__version__); print("babel", babel.__version__)'

clean:
	rm -rf build $(VENV)
