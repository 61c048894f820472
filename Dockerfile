# paperbot: multi-stage image. The build stage compiles (dev dependencies, the sqlite3 native build), then drops the
# dev dependencies; the runtime stage gets only dist/, prompts/ and production node_modules, and runs as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts/build.mjs scripts/build-parser-snapshot.mjs scripts/
COPY tsconfig.json tsconfig.build.json ./
COPY src src
# npm ci runs `prepare`, which compiles src/ to dist/.
RUN npm ci --no-audit --no-fund
# `prepare` keeps the built dist/ when the compiler is gone, so pruning never needs it.
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production CACHE_URL=sqlite:///data/paperbot.sqlite PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY bin bin
COPY prompts prompts
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Node itself is PID 1's child here only through `node`: signals (SIGTERM) reach paperbot directly.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/paperbot.js"]
CMD ["serve"]
