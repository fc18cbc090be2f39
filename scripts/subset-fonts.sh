#!/usr/bin/env bash
# Regenerates server/fonts/*-subset.ttf: DejaVu Sans (regular, bold) reduced ahead of time to the
# characters a report prints (Latin-1, Latin Extended-A, punctuation, € ™ − ≤ ≥ → ▲ ▼ Δ × ✓ ✗), with
# their cmap kept so PDF text stays extractable. Embedding the whole 750 KB fonts is what made naive
# genpdf output slow and large (see ../shared/NOTES.md). Needs Debian's fonts-dejavu-core and
# fonttools; the output is committed, so builds and CI never run this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v pyftsubset >/dev/null || apt-get install -y --no-install-recommends fonttools fonts-dejavu-core
src=/usr/share/fonts/truetype/dejavu
unicodes="U+0020-007E,U+00A0-017F,U+0192,U+02C6-02DC,U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2190-2195,U+2212,U+2264,U+2265,U+25B2,U+25B6,U+25BC,U+25C0,U+25CF,U+0394,U+00D7,U+2713,U+2717"
for f in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "$src/$f.ttf" --unicodes="$unicodes" --layout-features='' --no-hinting --desubroutinize \
    --name-IDs='*' --name-legacy --output-file="server/fonts/$f-subset.ttf"
done
cp /usr/share/doc/fonts-dejavu-core/copyright server/fonts/DejaVu-LICENSE.txt
ls -l server/fonts
