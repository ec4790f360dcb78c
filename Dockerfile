# syntax=docker/dockerfile:1
# shipshape as a container image: one static (musl) binary on an empty base, run as a non-root user.
#   docker build -t shipshape .
#   docker run --rm -v "$PWD:/src" shipshape check .
#   docker run --rm -v "$PWD:/src" --user "$(id -u):$(id -g)" shipshape check --fix .
FROM rust:1.98.0-alpine3.24 AS build
WORKDIR /build
COPY . .
# The image's own toolchain links musl statically: the binary needs no libc at run time.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/build/target \
    cargo build --release --locked --bin shipshape \
    && cp target/release/shipshape /usr/local/bin/shipshape

# The same binary with a shell (`docker build --target ci`), for CI systems that run a job's
# script inside the image (GitLab CI: ci/shipshape.gitlab-ci.yml).
FROM alpine:3.24.1 AS ci
COPY --from=build /usr/local/bin/shipshape /usr/local/bin/shipshape
USER 65532:65532
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/shipshape"]
CMD ["check", "."]

FROM scratch
LABEL org.opencontainers.image.title="shipshape" \
      org.opencontainers.image.description="Audits Dockerfiles, Compose, GitHub Actions, GitLab CI, Kubernetes, Terraform and committed secrets" \
      org.opencontainers.image.source="https://github.com/shipshape-dev/shipshape" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
COPY --from=build /usr/local/bin/shipshape /usr/local/bin/shipshape
WORKDIR /src
USER 65532:65532
# A command-line tool that runs and exits, not a service: there is nothing to probe.
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/shipshape"]
CMD ["check", "."]
