# syntax=docker/dockerfile:1
# sgmap in a container: one static binary (Graphviz is embedded as
# WebAssembly, so no Graphviz package), running as non-root.
#
#   docker build -t sgmap .
#   export SGMAP_TOKEN=$(openssl rand -hex 16)
#   docker run --rm -p 8080:8080 -e SGMAP_TOKEN sgmap
#
# Inside the container the dashboard binds 0.0.0.0, so a token is required
# (sgmap refuses to listen beyond loopback without one).

FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The version `sgmap version` (and --version) prints, and the dashboard
# shows: docker build --build-arg VERSION=$(git describe --tags --always --dirty) .
# Without it the binary says "devel" (.git is not copied, see .dockerignore).
ARG VERSION=
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/sgmap/sgmap.Version=${VERSION}" \
      -o /out/sgmap ./cmd/sgmap \
 && mkdir -p /out/tmp /out/data

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=
LABEL org.opencontainers.image.title="sgmap" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="https://github.com/sgmap/sgmap"
COPY --from=build /out/sgmap /usr/local/bin/sgmap
# go-graphviz caches its compiled WebAssembly in $TMPDIR/go-graphviz: keep it
# writable, or every render worker pays ~0.5 s to compile it again.
COPY --from=build --chown=65532:65532 /out/tmp /tmp
COPY --from=build --chown=65532:65532 /out/data /data
ENV TMPDIR=/tmp SGMAP_DATA=/data SGMAP_ADDR=0.0.0.0:8080
USER nonroot:nonroot
EXPOSE 8080
# The image has no shell or curl: sgmap checks itself (GET /healthz on
# SGMAP_ADDR, through loopback). ECS task definitions repeat it as
# ["CMD", "/usr/local/bin/sgmap", "healthcheck"] (docs/deploy.md).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/sgmap", "healthcheck"]
VOLUME ["/data"]
ENTRYPOINT ["/usr/local/bin/sgmap"]
CMD ["serve"]
