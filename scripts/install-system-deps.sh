#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to run and test the platform:
# Chromium (end-to-end tests), CJK fonts (screenshots of Chinese pages), the mediasoup
# worker's runtime libraries, and the mediasoup 3.8.4 worker binary from Debian experimental
# (mediasoup's own install script would download or build it, which cannot work offline).
set -euo pipefail
cd "$(dirname "$0")/.."

worker_dir=".vendor/mediasoup-worker"
worker_bin="$worker_dir/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt+=(fonts-noto-cjk)
for lib in libsrtp2-1 libusrsctp2 libuv1; do
  dpkg -s "$lib" >/dev/null 2>&1 || need_apt+=("$lib")
done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[deps] installing Debian packages: ${need_apt[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if [ ! -x "$worker_bin" ]; then
  echo "[deps] fetching mediasoup-worker 3.8.4 from Debian experimental"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/lists/partial" "$tmp/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian experimental main" > "$tmp/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache::Archives=$tmp/archives" -o APT::Sandbox::User=root)
  as_root apt-get "${apt_opts[@]}" update -qq
  (cd "$tmp" && as_root apt-get "${apt_opts[@]}" download mediasoup-worker/experimental)
  mkdir -p "$worker_dir"
  dpkg -x "$tmp"/mediasoup-worker_*.deb "$worker_dir"
  as_root chown -R "$(id -u):$(id -g)" "$worker_dir" 2>/dev/null || true
fi
"$worker_bin" --version >/dev/null 2>&1 || true
echo "[deps] mediasoup worker: $worker_bin"
