# syntax=docker/dockerfile:1.7
# The Next.js dashboard, served by `next start`. The build context is frontend/:
#   docker build -f deploy/web.Dockerfile -t atrium-web frontend
# It expects a standard Next.js 15 app: package.json with a `build` script and a
# package-lock.json (npm ci).
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
# Keep only what `next start` reads, with production dependencies alone.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .next/cache \
 && mkdir -p public /out \
 && cp -r package.json node_modules public /out/ \
 && (cp next.config.* /out/ 2>/dev/null || true)


FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build /out ./
# next start writes its image and data cache under .next/cache.
COPY --from=build --chown=node:node /app/.next ./.next
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:3000/').then(r => process.exit(r.status < 500 ? 0 : 1), () => process.exit(1))"]
# Idle connections outlive the gateway's upstream keepalive_timeout (60 s): see
# SERVER_KEEPALIVE_S in src/atrium/config.py.
CMD ["node_modules/.bin/next", "start", "--hostname", "0.0.0.0", "--port", "3000", "--keepAliveTimeout", "75000"]
