# The interface users type; every target goes through nx (most through the mesh CLI), so caching,
# dependencies and exit codes are the same as in CI.
#
#   make projects.start/keywords COMPONENT=train      # in docker compose; WITHOUT_DOCKER=true in-process
#   make projects.unit/keywords COMPONENT=train       # also integration, functional: in containers
#   make projects.run/keywords TASK=baselines         # an auxiliary task; stop, debug, deploy too
#   make projects.start/keywords BACKEND=kubernetes DRY_RUN=true   # as a job; here the Job manifest
#   make test        # every suite of every package this machine can run
#   make check       # format, lint, type check, unit tests
#   ./mesh-make <target> ...   # the same, exiting with mesh's code (1, 2, 130), not make's 2

COMPONENT ?= train
ENVIRONMENT ?=
WITHOUT_DOCKER ?= false
BACKEND ?=
DRY_RUN ?=

# Make's command-line variables reach the processes that need them.
export COMPONENT WITHOUT_DOCKER TARGET_BUILD_STAGE IMAGE_TAG BASE_IMAGE_TAG REGISTRY INFRA DEBUG_PORT
ifneq ($(ENVIRONMENT),)
export ENVIRONMENT
endif

MESH := node libs/cli/bin/mesh.js
# Exit codes: make itself exits 0, or 2 for any failed step (GNU make cannot pass another code
# through), so a failed run (mesh's 1) and invalid settings (mesh's 2) both end make with 2, with
# make's "Error 1" or "Error 2" line naming mesh's code; Ctrl-C (mesh's 130) is passed on as an
# interrupt of make, i.e. 130. To get mesh's own code (0, 1, 2 or 130) through make, call
# ./mesh-make instead of make, with the same arguments: `./mesh-make projects.start/keywords`.
# The recipe shell below records the first failed recipe's code for it.
SHELL := $(CURDIR)/libs/cli/bin/make-recipe-shell.sh
# The installed bin, not npx: npx adds seconds to every call.
NX := node_modules/.bin/nx
# Nx's daemon keeps the project graph between runs, so a cache replay skips computing it: on
# for local runs (Nx would leave it off inside containers), off in CI, where each run is fresh.
NX_DAEMON ?= $(if $(CI),false,true)
export NX_DAEMON
SUITES := unit integration functional

.PHONY: help install build check test infra.up infra.down docker.login

help:
	@sed -n '3,10p' Makefile | sed 's/^# \{0,1\}//'

# npm ci when node_modules is missing or older than the lockfile.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

install: node_modules/.package-lock.json

# An image, unless WITHOUT_DOCKER=true (then tsc through nx). TARGET_BUILD_STAGE picks the stage.
projects.build/%: install
	@$(MESH) build $* --component $(COMPONENT) $(if $(filter true,$(WITHOUT_DOCKER)),--without-docker)

# Pushes the production image to REGISTRY (e.g. REGISTRY=127.0.0.1:5000, or an Amazon ECR host).
projects.deploy/%: install
	@$(MESH) deploy $* --component $(COMPONENT)

# Base images built from Debian's archive and the npm registry: debian, node-base, s3rver,
# postgres, registry.
docker.build/%: install
	@$(MESH) docker build $*

# Logs docker in to REGISTRY: an Amazon ECR token, or REGISTRY_USERNAME and REGISTRY_PASSWORD.
docker.login: install
	@$(MESH) docker login

# With WITHOUT_DOCKER=true and the suite's tests there, nx directly: what `mesh test` would run,
# without the CLI's start-up (a tenth of a cache replay). Otherwise `mesh test`, which also
# explains an unknown project, component or suite.
suite_nx = $(and $(filter true,$(WITHOUT_DOCKER)),$(wildcard projects/$(2)/$(COMPONENT)/tests/$(1)/*.test.ts))
define suite_target
projects.$(1)/%: install
	@$$(if $$(call suite_nx,$(1),$$*),$$(NX) run $$*-$$(COMPONENT):$(1) --outputStyle=stream,$$(MESH) test $$* --component $$(COMPONENT) --suite $(1) $$(if $$(filter true,$$(WITHOUT_DOCKER)),--without-docker))
endef
$(foreach suite,$(SUITES),$(eval $(call suite_target,$(suite))))

projects.test/%: install
	@$(MESH) test $* --component $(COMPONENT) --suite all --without-docker

# INFRA=true starts the local infrastructure first and registers into it. With
# BACKEND=local|docker|kubernetes|vertex, runs as a job instead (mesh jobs submit); DRY_RUN=true
# only prints a Kubernetes manifest or Vertex spec.
projects.start/%: install
ifneq ($(BACKEND),)
	@$(MESH) jobs submit $* --component $(COMPONENT) --backend $(BACKEND) $(if $(filter true,$(DRY_RUN)),--dry-run)
else
	@$(MESH) start $* --component $(COMPONENT) $(if $(filter true,$(WITHOUT_DOCKER)),--without-docker)
endif

# Stops the project's running containers (trainings, debuggers, suites).
projects.stop/%: install
	@$(MESH) stop $*

# The debugger stage, waiting for a debugger on 127.0.0.1:$(DEBUG_PORT) (default 9229).
projects.debug/%: install
	@$(MESH) debug $* --component $(COMPONENT)

# An auxiliary task: a script of the component's package.json, run in its image.
projects.run/%: install
	@$(MESH) task $* $(TASK) --component $(COMPONENT) $(if $(filter true,$(WITHOUT_DOCKER)),--without-docker)

build: install
	@$(NX) run-many -t build --outputStyle=static

check: install
	npm run check

test: install
	@$(NX) run-many -t $(SUITES) --parallel=1 --outputStyle=static

# Local infrastructure on loopback: S3 (4568), PostgreSQL (15432), an image registry (5000).
# `eval "$$(npx mesh infra env)"` points runs and `mesh models` at it.
infra.up: install
	@$(MESH) infra up

infra.down: install
	@$(MESH) infra down
