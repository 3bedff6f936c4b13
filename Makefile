# The interface users type; every target goes through the mesh CLI and nx, so caching,
# dependencies and exit codes are the same as in CI.
#
#   make projects.start/keywords COMPONENT=train WITHOUT_DOCKER=true
#   make projects.unit/keywords COMPONENT=train
#   make test        # every suite of every package this machine can run
#   make check       # format, lint, type check, unit tests

COMPONENT ?= train
ENVIRONMENT ?=
WITHOUT_DOCKER ?= false

# Make's command-line variables reach the processes that need them.
export COMPONENT WITHOUT_DOCKER TARGET_BUILD_STAGE IMAGE_TAG BASE_IMAGE_TAG
ifneq ($(ENVIRONMENT),)
export ENVIRONMENT
endif

MESH := node libs/cli/bin/mesh.js
NX := npx --no-install nx
SUITES := unit integration functional

.PHONY: help install build check test $(addprefix projects.,build unit integration functional test start)

help:
	@sed -n '3,9p' Makefile | sed 's/^# \{0,1\}//'

# npm ci when node_modules is missing or older than the lockfile.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

install: node_modules/.package-lock.json

# An image, unless WITHOUT_DOCKER=true (then tsc through nx). TARGET_BUILD_STAGE picks the stage.
projects.build/%: install
	@$(MESH) build $* --component $(COMPONENT) $(if $(filter true,$(WITHOUT_DOCKER)),--without-docker)

# Base images built from Debian's archive and the npm registry: debian, node-base, s3rver.
docker.build/%: install
	@$(MESH) docker build $*

define suite_target
projects.$(1)/%: install
	@$$(MESH) test $$* --component $$(COMPONENT) --suite $(1)
endef
$(foreach suite,$(SUITES),$(eval $(call suite_target,$(suite))))

projects.test/%: install
	@$(MESH) test $* --component $(COMPONENT) --suite all

projects.start/%: install
	@$(MESH) start $* --component $(COMPONENT) $(if $(filter true,$(WITHOUT_DOCKER)),--without-docker)

build: install
	@$(NX) run-many -t build --outputStyle=static

check: install
	npm run check

test: install
	@$(NX) run-many -t $(SUITES) --parallel=1 --outputStyle=static
