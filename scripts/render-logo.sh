#!/usr/bin/env bash
# Regenerates public/igny8-logo.png (the logo non-white-label PDFs print) from public/igny8-logo.svg.
# Needs Debian's librsvg2-bin; the output is committed, so builds and CI never run this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v rsvg-convert >/dev/null || apt-get install -y --no-install-recommends librsvg2-bin
rsvg-convert --width 256 --height 256 --format png --output public/igny8-logo.png public/igny8-logo.svg
ls -l public/igny8-logo.png
