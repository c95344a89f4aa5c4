# One image, two roles: `node dist/src/bin/worker.js` (the default CMD) and `node dist/src/bin/api.js`
# (docker-compose.yml overrides the command for the api service). Both are configured only by
# environment variables and apply migrations/ themselves at start.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: full dependency tree, TypeScript -> dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Manifests first, so the install layer stays cached until dependencies change.
COPY package.json package-lock.json ./
# npm ci's postinstall applies patches/ to the Temporal SDK (patches/README.md).
COPY patches ./patches
# Install scripts: package.json's "allowScripts" is npm 11's install-script approval list. We keep
# npm's default behaviour on purpose (no --ignore-scripts, no npm upgrade). The npm 10 bundled with
# Node 20 does not read the field and runs every dependency's install script, including the ones
# the list denies (protobufjs's, which only prints a version warning).
RUN npm ci

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies, compiled JS and the SQL migrations ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app

COPY package.json package-lock.json ./
# npm ci's postinstall applies patches/ to the Temporal SDK (patches/README.md).
COPY patches ./patches
# Same install-script behaviour as above. The workflows were bundled by `npm run build`
# (dist/workflows-bundle.js), so the worker never runs webpack; @temporalio/worker still
# depends on it, so it is installed all the same.
RUN npm ci --omit=dev && npm cache clean --force

COPY --from=build /app/dist ./dist
# migrate.ts looks for migrations/ beside the nearest package.json above dist/, i.e. /app/migrations.
COPY migrations ./migrations

# The files stay root-owned and read-only to the app; it writes nothing under /app in this mode.
USER node
EXPOSE 3000
CMD ["node", "dist/src/bin/worker.js"]
