/**
 * The Dockerfile of a component: stages builder -> production, development (+tests) -> debugger,
 * with the workspace manifests installed before any source so dependency layers stay cached.
 * Every component's Dockerfile is this text; a unit test checks the shipped ones still match.
 */
export function componentDockerfile(project: string, component: string): string {
  return `# ${project}/${component} image. Stages: builder -> production, development (builder + tests) -> debugger.
# Built by \`make projects.build/${project} COMPONENT=${component}\` (TARGET_BUILD_STAGE picks the stage),
# from a context mesh narrows to this component, the libraries it uses, the manifests and the
# lockfile. The workspace's package manifests come first, alone, so the dependency layers stay
# cached while only sources change.
ARG NODE_BASE_IMAGE=mesh/node-base:latest

FROM \${NODE_BASE_IMAGE} AS toolchain
# better-sqlite3 compiles its native addon during npm ci.
# fonts-dejavu-core: @mesh/report draws PNG plots with DejaVu Sans (resvg loads no system fonts).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ fonts-dejavu-core >/dev/null \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /workspace
COPY .mesh/build/manifests/ ./
# Sources are compiled in their own step below, not by the workspace's prepare script.
RUN npm pkg delete scripts.prepare

# npm ci takes minutes and, without a terminal, prints nothing until it ends: a line per
# package fetched (--loglevel=http) and the install scripts' output (better-sqlite3's compile)
# are its progress in the build log.
FROM toolchain AS production-dependencies
RUN with-build-ca npm ci --omit=dev --no-audit --no-fund --foreground-scripts --loglevel=http --workspace @mesh/${project}-${component}

FROM toolchain AS builder
RUN with-build-ca npm ci --no-audit --no-fund --foreground-scripts --loglevel=http --include=dev --workspace @mesh/${project}-${component} --include-workspace-root
COPY . .
RUN npx tsc -b projects/${project}/${component}/tsconfig.json \\
    && mkdir -p /app \\
    && for dir in libs/* projects/*/*; do \\
         [ -d "$dir/dist" ] || continue; \\
         mkdir -p "/app/$dir" && cp -r "$dir/package.json" "$dir/dist" "/app/$dir/"; \\
         for extra in config data generated bin; do if [ -d "$dir/$extra" ]; then cp -r "$dir/$extra" "/app/$dir/"; fi; done; \\
       done

FROM \${NODE_BASE_IMAGE} AS production
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=production-dependencies /workspace/ ./
COPY --from=builder /app/ ./
ENV MESH_HOME=/var/lib/mesh ENVIRONMENT=prod WITHOUT_DOCKER=true
RUN mkdir -p /var/lib/mesh && chown mesh:mesh /var/lib/mesh
USER mesh
CMD ["node", "projects/${project}/${component}/dist/main.js"]

FROM builder AS development
ENV NODE_ENV=development MESH_HOME=/tmp/mesh ENVIRONMENT=dev
CMD ["npx", "jest", "-c", "jest.config.js", "--roots", "projects/${project}/${component}/tests/unit"]

FROM development AS debugger
# Waits for a debugger before the first line: make projects.debug/<project> publishes the
# inspector on 127.0.0.1 only.
EXPOSE 9229
CMD ["node", "--inspect-brk=0.0.0.0:9229", "projects/${project}/${component}/dist/main.js"]
`;
}
