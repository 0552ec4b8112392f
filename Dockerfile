# The KRM function image that `kpt fn render` runs with `image:`: node and the one-file bundle, nothing else.
#
#   npm ci && npm run build                # the bundle, dist/kuma-inject.cjs (the image packages exactly that file)
#   docker build -t kuma-inject .          # or: buildah bud -t kuma-inject .   (npm run image does both)
#
# RUNTIME_IMAGE must have node at /nodejs/bin/node and a `nobody` user, as Google's distroless node images do
# (no shell, no npm). Where no registry can be reached, `npm run test:image` builds a local stand-in with that
# layout from the machine's own node (scripts/image.ts) and passes it here.
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot
FROM ${RUNTIME_IMAGE}
COPY dist/kuma-inject.cjs /usr/local/lib/kuma-inject/kuma-inject.cjs
# kpt runs function containers as `--user nobody` with `--network none`: the image resolves that user and needs
# no network. It runs as nobody by default too.
USER nobody
ENTRYPOINT ["/nodejs/bin/node", "/usr/local/lib/kuma-inject/kuma-inject.cjs"]
LABEL org.opencontainers.image.title="kuma-inject" \
      org.opencontainers.image.description="KRM function: injects Kuma sidecars into pod templates offline" \
      org.opencontainers.image.licenses="Apache-2.0"
