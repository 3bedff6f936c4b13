# The interface users type; every target goes through the mesh CLI and nx, so caching,
# dependencies and exit codes are the same as in CI.
#
#   make projects.start/keywords COMPONENT=train WITHOUT_DOCKER=true
#   make projects.start/keywords COMPONENT=train BACKEND=kubernetes DRY_RUN=true
#   make projects.unit/keywords COMPONENT=train
#   make test        # every suite of every package this machine can run
#   make check       # format, lint, type check, unit tests

COMPONENT ?= train
ENVIRONMENT ?=
WITHOUT_DOCKER ?= false
BACKEND ?=
DRY_RUN ?=

# Make's command-line variables reach the processes that need them.
export COMPONENT WITHOUT_DOCKER TARGET_BUILD_STAGE IMAGE_TAG BASE_IMAGE_TAG REGISTRY
ifneq ($(ENVIRONMENT),)
export ENVIRONMENT
endif

MESH := node libs/cli/bin/mesh.js
NX := npx --no-install nx
SUITES := unit integration functional

.PHONY: help install build check test infra.up infra.down

help:
	@sed -n '3,9p' Makefile | sed 's/^# \{0,1\}//'

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

define suite_target
projects.$(1)/%: install
	@$$(MESH) test $$* --component $$(COMPONENT) --suite $(1) $$(if $$(filter true,$$(WITHOUT_DOCKER)),--without-docker)
endef
$(foreach suite,$(SUITES),$(eval $(call suite_target,$(suite))))

projects.test/%: install
	@$(MESH) test $* --component $(COMPONENT) --suite all --without-docker

# With BACKEND=local|docker|kubernetes|vertex, runs as a job (mesh jobs submit); DRY_RUN=true
# only prints a Kubernetes manifest or Vertex spec.
projects.start/%: install
ifneq ($(BACKEND),)
	@$(MESH) jobs submit $* --component $(COMPONENT) --backend $(BACKEND) $(if $(filter true,$(DRY_RUN)),--dry-run)
else
	@$(MESH) start $* --component $(COMPONENT) $(if $(filter true,$(WITHOUT_DOCKER)),--without-docker)
endif

build: install
	@$(NX) run-many -t build --outputStyle=static

check: install
	npm run check

test: install
	@$(NX) run-many -t $(SUITES) --parallel=1 --outputStyle=static

INFRA := docker/infra.compose.yaml
COMPOSE := $(shell docker compose version >/dev/null 2>&1 && echo 'docker compose' || echo docker-compose)

# Local infrastructure on loopback: S3 (4568), PostgreSQL (15432), an image registry (5000).
infra.up: install
	@for image in s3rver postgres registry; do docker image inspect mesh/$$image:$${BASE_IMAGE_TAG:-latest} >/dev/null 2>&1 || $(MESH) docker build $$image || exit 1; done
	$(COMPOSE) -f $(INFRA) -p mesh-infra up -d
	@echo "MODEL_STORE_URI=s3://mesh-models/local S3_ENDPOINT_URL=http://127.0.0.1:4568 AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER"
	@echo "REGISTRY_URL=postgres://mesh:<MESH_POSTGRES_PASSWORD, default mesh-local>@127.0.0.1:15432/mesh   REGISTRY=127.0.0.1:5000"

infra.down:
	$(COMPOSE) -f $(INFRA) -p mesh-infra down
