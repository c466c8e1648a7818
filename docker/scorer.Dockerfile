# The scorer worker, with bubblewrap and prlimit for the scoring sandbox, as
# a non-root user (bubblewrap then needs unprivileged user namespaces on the
# host: docs/operations.md). The same image runs the migrations and the admin
# CLI (`npm run -s migrate`, `npm run -s admin -- …`).
# Build from the repository root:  docker build -f docker/scorer.Dockerfile -t unblind-scorer .

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

FROM node:20-bookworm-slim AS runtime
# Code phases and scoring programs: the documented, pinned Python runtime (Debian bookworm's packages).
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends bubblewrap util-linux \
  python3 python3-numpy python3-scipy python3-pandas python3-sklearn python3-h5py python3-tables python3-torch \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true SCORER_HEALTH_PORT=9464
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules node_modules
COPY --from=deps --chown=root:root /app/packages/platform/src/db/generated packages/platform/src/db/generated
COPY package.json package-lock.json tsconfig.json tsconfig.base.json prisma.config.ts ./
COPY prisma prisma
COPY scripts scripts
COPY apps/scorer apps/scorer
COPY packages packages
COPY scoring scoring
COPY challenges challenges
USER node
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.SCORER_HEALTH_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "apps/scorer/src/main.ts"]
