#!/usr/bin/env bash
# Regenerates server/fonts/*-subset.ttf: DejaVu Sans (regular, bold) reduced ahead of time to the
# characters a report prints — the Latin (with Vietnamese), Greek and Cyrillic alphabets, combining
# accents, punctuation, currency signs and the report's symbols (− ≤ ≥ → ▲ ▼ × ✓ ✗) — with their
# cmap kept so PDF text stays extractable. Client, query and brand names in those scripts print;
# characters outside them (CJK, Arabic, …) are not in DejaVu Sans or need shaping genpdf lacks, and
# the pre-send check holds a report whose names do not read back. Embedding the whole 750 KB fonts is what made naive
# genpdf output slow and large (see ../shared/NOTES.md). Needs Debian's fonts-dejavu-core and
# fonttools; the output is committed, so builds and CI never run this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v pyftsubset >/dev/null || apt-get install -y --no-install-recommends fonttools fonts-dejavu-core
src=/usr/share/fonts/truetype/dejavu
unicodes="U+0020-007E,U+00A0-024F,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2010-2027,U+2030-205E,U+20A0-20BF,U+2116,U+2122,U+2190-2195,U+2212,U+2248,U+2260,U+2264,U+2265,U+25B2,U+25B6,U+25BC,U+25C0,U+25CF,U+2713,U+2717"
for f in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "$src/$f.ttf" --unicodes="$unicodes" --layout-features='' --no-hinting --desubroutinize \
    --name-IDs='*' --name-legacy --output-file="server/fonts/$f-subset.ttf"
done
# Both faces once more with only Latin-1 and Latin Extended-A (and the symbols) drawn, glyph ids
# kept: genpdf lays out with these when a report's text fits in them (printpdf measures every
# glyph of the font it embeds, and every font is copied and parsed per report).
latin="U+0020-007E,U+00A0-017F,U+0192,U+02C6-02DC,U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2190-2195,U+2212,U+2264,U+2265,U+25B2,U+25B6,U+25BC,U+25C0,U+25CF,U+0394,U+00D7,U+2713,U+2717"
for f in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "server/fonts/$f-subset.ttf" --unicodes="$latin" --retain-gids --layout-features='' --no-hinting \
    --name-IDs='*' --name-legacy --output-file="server/fonts/$f-latin.ttf"
done
cp /usr/share/doc/fonts-dejavu-core/copyright server/fonts/DejaVu-LICENSE.txt
ls -l server/fonts
