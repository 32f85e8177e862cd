# syntax=docker/dockerfile:1
# RentEase Bot: build the TypeScript, then a small runtime image that runs the compiled JavaScript as the
# unprivileged `node` user. docs/production.md says how to run it (one or several processes, PostgreSQL).

FROM node:20.19-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so a source change does not reinstall them. The postinstall script patches postgres.js.
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json drizzle.config.ts ./
COPY src ./src
COPY flows ./flows
COPY db ./db
COPY types ./types
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20.19-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM finishes the requests in flight and closes the database (README "Outages, logs and stopping").
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=100", "--wasm-num-compilation-tasks=1", "dist/src/server.js"]
