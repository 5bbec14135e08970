#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""contrast.py - the contrast of every colour role of a theme against the
background the theme is meant for, with xterm's and Tango's palettes.

    contrast.py THEME-FILE COLOURS-DUMP

COLOURS-DUMP is what the explorer's `:dump-colors` wrote for the theme on a
256-colour terminal: after a "colors N" line, one "ROLE FG BG [ATTR...]"
line per role, the colours as the theme set them up (`default` for the
terminal's own). The theme file says what it is meant for in a comment,
"# background: light", "dark" or "any" (both). Each role whose text or
background is a colour of the theme (not both the terminal's own) must
have a contrast ratio of at least 3:1 (WCAG 2's relative luminance, the
ratio for large text and interface components) between its text and its
background, the terminal's own colours standing in for `default`. Reverse
swaps the two, which changes no ratio; dim, bold and the other attributes
are not measured (terminals draw them differently). Prints one line per
role that falls short and exits 1 when any does.
"""
import re
import sys

# The 16 colours of the two palettes, and the terminal's own text and
# background colours in their light and dark set-ups.
PALETTES = {
    "xterm": {
        "colors": ["000000", "cd0000", "00cd00", "cdcd00", "0000ee", "cd00cd", "00cdcd", "e5e5e5",
                   "7f7f7f", "ff0000", "00ff00", "ffff00", "5c5cff", "ff00ff", "00ffff", "ffffff"],
        "light": ("000000", "ffffff"),  # (text, background)
        "dark": ("ffffff", "000000"),
    },
    "Tango": {
        "colors": ["2e3436", "cc0000", "4e9a06", "c4a000", "3465a4", "75507b", "06989a", "d3d7cf",
                   "555753", "ef2929", "8ae234", "fce94f", "729fcf", "ad7fa8", "34e2e2", "eeeeec"],
        "light": ("2e3436", "eeeeec"),
        "dark": ("d3d7cf", "2e3436"),
    },
}
NAMES = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
MINIMUM = 3.0


def rgb_of(colour, palette):
    """The RGB of a colour as :dump-colors names it, on a palette."""
    if colour in NAMES:
        return palette[NAMES.index(colour)]
    if colour.startswith("bright-") and colour[7:] in NAMES:
        return palette[8 + NAMES.index(colour[7:])]
    n = int(colour[5:])  # colorN, 16..255: the same on every xterm-like terminal
    if n < 16:
        return palette[n]
    if n >= 232:
        v = 8 + 10 * (n - 232)
        return "%02x%02x%02x" % (v, v, v)
    levels = [0, 95, 135, 175, 215, 255]
    n -= 16
    return "%02x%02x%02x" % (levels[n // 36], levels[n // 6 % 6], levels[n % 6])


def luminance(hexrgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hexrgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def backgrounds_of(theme_file):
    for line in open(theme_file, encoding="utf-8"):
        m = re.match(r"#\s*background:\s*(light|dark|any)\s*$", line)
        if m:
            return ["light", "dark"] if m.group(1) == "any" else [m.group(1)]
    sys.exit("%s: no \"# background: light|dark|any\" line" % theme_file)


def main():
    theme_file, dump = sys.argv[1], sys.argv[2]
    lines = open(dump, encoding="utf-8").read().splitlines()
    if not lines or lines[0] == "monochrome":
        return 0  # attributes only: no colour to measure
    short = 0
    for line in lines[1:]:
        role, fg, bg = line.split()[:3]
        if fg == "default" and bg == "default":
            continue  # the terminal's own text on its own background
        for name, pal in PALETTES.items():
            for bgname in backgrounds_of(theme_file):
                own_fg, own_bg = pal[bgname]
                f = own_fg if fg == "default" else rgb_of(fg, pal["colors"])
                b = own_bg if bg == "default" else rgb_of(bg, pal["colors"])
                r = ratio(f, b)
                if r < MINIMUM:
                    short += 1
                    print("%s: %s %s on %s is %.2f:1 with %s's palette on a %s background" %
                          (theme_file.rsplit("/", 1)[-1], role, fg, bg, r, name, bgname))
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
