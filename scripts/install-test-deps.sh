#!/usr/bin/env bash
# The system packages the test suite needs, installed with apt-get when missing:
#   chromium              renders the HTML report (tests/test_report_browser.py)
#   a Java runtime        runs the local Spark session (tests/test_spark.py)
#   libmagic1             python-magic, which datatrove's WARC reader imports
# Python packages come from `pip install -e '.[ci]'`, not from here. When everything is
# present this only checks and exits, so the README's test command stays fast on a rerun.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM:-/nonexistent}" ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
ldconfig -p 2>/dev/null | grep -q 'libmagic\.so\.1' || missing+=(libmagic1)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: no apt-get here; install these with your package manager:" \
    "${missing[*]} (or point \$CHROMIUM at a Chromium binary)" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-test-deps: not root and no sudo; as root run:" \
      "apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "install-test-deps: installing ${missing[*]} with apt-get" >&2
# Wait for another apt/dpkg run to finish rather than failing on its lock.
apt=(apt-get -qq -o DPkg::Lock::Timeout=600)
"${sudo[@]}" "${apt[@]}" update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y "${missing[@]}" >/dev/null
