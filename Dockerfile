# The KRM function image that `kpt fn render` runs with `image:`. Build stage bundles; the runtime stage holds
# only node and the one-file bundle, and runs as the unprivileged `nobody` user.
FROM docker.io/library/node:20-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM docker.io/library/node:20-alpine
COPY --from=build /src/dist/kuma-inject.cjs /usr/local/bin/kuma-inject
USER nobody
ENTRYPOINT ["node", "/usr/local/bin/kuma-inject"]
