# Two entry points (see README): `make site` and `make test`. Both set everything up first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SYSTEM_PACKAGES := fonts-noto-core fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	poppler-utils gettext chromium chromium-driver
STAMP := $(VENV)/.installed

.PHONY: site test setup system-packages clean

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

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build $(VENV)
