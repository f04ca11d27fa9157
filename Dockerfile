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
ARG VERSION=
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/sgmap/sgmap.Version=${VERSION}" \
      -o /out/sgmap ./cmd/sgmap \
 && mkdir -p /out/tmp /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/sgmap /usr/local/bin/sgmap
# go-graphviz caches its compiled WebAssembly in $TMPDIR/go-graphviz: keep it
# writable, or every render worker pays ~0.5 s to compile it again.
COPY --from=build --chown=65532:65532 /out/tmp /tmp
COPY --from=build --chown=65532:65532 /out/data /data
ENV TMPDIR=/tmp SGMAP_DATA=/data SGMAP_ADDR=0.0.0.0:8080
USER nonroot:nonroot
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["/usr/local/bin/sgmap"]
CMD ["serve"]
