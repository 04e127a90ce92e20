# An image for `probekit build` in CI: Rust with both static targets, the C toolchains their
# TLS code needs (musl-gcc, the aarch64 cross compiler and headers), qemu to run aarch64 probes,
# and probekit itself. Everything comes from Debian's packages, rustup and crates.io.
#
#   docker build -f packaging/builder.Dockerfile -t probekit-builder:0.1.0 .
#   docker run --rm -v "$PWD:/work" -w /work probekit-builder:0.1.0 \
#       probekit build probes/checkout.yaml -o dist/checkout-probe \
#       --target x86_64-unknown-linux-musl --target aarch64-unknown-linux-musl
FROM rust:1-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
        musl-tools gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static file \
    && rm -rf /var/lib/apt/lists/* \
    && rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-musl
# probekit from the packaged crate, as `cargo install --locked probekit` installs it.
COPY . /src/probekit
RUN cargo install --locked --path /src/probekit --root /usr/local && rm -rf /src/probekit /usr/local/cargo/registry
# Generated probe crates and their build cache: mount a volume here to keep it between jobs.
ENV PROBEKIT_CACHE=/cache
RUN probekit doctor
CMD ["probekit", "--help"]
