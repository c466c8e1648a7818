# The web app: Next.js standalone output on a slim Node 20, as a non-root user.
# Build from the repository root:  docker build -f docker/web.Dockerfile -t unblind-web .
# Configuration comes from the environment at run time (README "Configuration");
# no secret is baked in.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts/postinstall.mjs scripts/prisma-cli.mjs scripts/
COPY prisma prisma
COPY apps/web/package.json apps/web/
COPY apps/scorer/package.json apps/scorer/
COPY apps/cli/package.json apps/cli/
COPY packages/platform/package.json packages/platform/
COPY packages/upload-client/package.json packages/upload-client/
COPY scoring/package.json scoring/
COPY challenges/package.json challenges/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.json tsconfig.base.json ./
COPY apps/web apps/web
COPY packages packages
COPY scoring scoring
COPY challenges challenges
ENV NEXT_OUTPUT=standalone NEXT_TELEMETRY_DISABLED=1
RUN npm run -s web:build

FROM node:20-bookworm-slim AS runtime
# KEEP_ALIVE_TIMEOUT: idle connections kept past a proxy's 60 s, as `npm start` does (scripts/web-build.ts, KEEP_ALIVE_MS).
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 KEEP_ALIVE_TIMEOUT=65000
WORKDIR /app
COPY --from=build --chown=node:node /app/apps/web/.next/standalone ./
COPY --from=build --chown=node:node /app/apps/web/.next/static ./apps/web/.next/static
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "apps/web/server.js"]
