# One image for all five agency services and the audit archiver. docker-compose.yml picks the
# process by overriding CMD, e.g. `node apps/schools/dist/main.js` or `node apps/audit/dist/main.js`;
# health checks live in docker-compose.yml.

# ---- build: install the workspace and compile every project (tsc -b) ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

# Manifests first, so the dependency layer is rebuilt only when one of them changes.
# npm workspaces (libs/*, apps/*, bench) need every workspace's package.json before `npm install`:
# a missing one loses its node_modules/@casenet/* link, and the named workspace `bench` fails it.
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/privacy/package.json libs/privacy/
COPY libs/audit-log/package.json libs/audit-log/
COPY libs/messaging/package.json libs/messaging/
COPY libs/auth/package.json libs/auth/
COPY libs/service-runtime/package.json libs/service-runtime/
COPY libs/testing/package.json libs/testing/
COPY apps/schools/package.json apps/schools/
COPY apps/municipality/package.json apps/municipality/
COPY apps/police/package.json apps/police/
COPY apps/health/package.json apps/health/
COPY apps/court/package.json apps/court/
COPY apps/audit/package.json apps/audit/
COPY bench/package.json bench/

# npm install, not npm ci: the lockfile may lack other platforms' optional binaries.
# Optional native add-ons of dev tools (cpu-features, ssh2's crypto binding) fail to compile
# here without a C toolchain; npm tolerates that, and nothing at runtime needs them.
RUN npm install --no-audit --no-fund

COPY tsconfig.base.json tsconfig.build.json ./
COPY libs libs
COPY apps apps
# tsconfig.build.json references bench, so its sources are needed to build (not its results/);
# the runtime image leaves it out (its node_modules/@casenet/bench link dangles there, unused).
COPY bench/tsconfig.json bench/
COPY bench/src bench/src
RUN npx tsc -b tsconfig.build.json

# Gather what the runtime needs under /out with the same paths as in /app: the workspace
# symlinks node_modules/@casenet/* -> ../../libs/* and ../../apps/* must keep resolving.
RUN set -eu; \
    mkdir -p /out; \
    cp package.json /out/; \
    for project in libs/* apps/*; do \
      mkdir -p "/out/$project"; \
      cp "$project/package.json" "/out/$project/package.json"; \
      cp -R "$project/dist" "/out/$project/dist"; \
      if [ -d "$project/policy" ]; then cp -R "$project/policy" "/out/$project/policy"; fi; \
    done

# ---- runtime: compiled JavaScript and node_modules, run as the unprivileged `node` user ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app

# Files stay owned by root and read-only for `node`: the services write nothing to disk.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /out/ ./

USER node
EXPOSE 3101-3106

# The agency services' heap flags are not set here but where each is launched: compose's NODE_OPTIONS
# (x-service-environment), the same as SERVICE_NODE_FLAGS in libs/service-runtime (ADR 0032).
# No default service: compose sets `command: ["node", "apps/<agency|audit>/dist/main.js"]`.
CMD ["node", "-e", "console.error('Choose a service: node apps/<schools|municipality|police|health|court|audit>/dist/main.js'); process.exit(64)"]
