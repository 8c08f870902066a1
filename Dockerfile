# Dockerfile - svcbook on Debian: `docker build -t svcbook .`, then
#   docker run --rm -v "$PWD:/work" -w /work svcbook lint standards
# One stage: scripts/deps.sh installs the packages the Makefile names (the
# -dev packages pull in the libraries), so the image never lags behind a new
# dependency; the build tree is removed after `make install`.
FROM debian:bookworm
ENV DEBIAN_FRONTEND=noninteractive
WORKDIR /src
COPY . .
RUN scripts/deps.sh build \
 && apt-get install -y --no-install-recommends git \
 && make -j"$(nproc)" svcbook \
 && make install PREFIX=/usr \
 && cd / && rm -rf /src /var/lib/apt/lists/*
WORKDIR /work
ENTRYPOINT ["svcbook"]
CMD ["--help"]
