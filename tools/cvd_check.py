"""How far apart the legend's classes stay for readers with colour-vision deficiency.

Simulates protanopia and deuteranopia (full severity) with the matrices of
Machado, Oliveira and Fernandes (2009), "A Physiologically-based Model for
Simulation of Color Vision Deficiency", IEEE TVCG 15(6), applied in linear
RGB, and prints for each layer the smallest CIE76 colour difference (ΔE*ab)
between two classes' main colours (fill, or stroke for lines), normal and
simulated. A ΔE under about 10 is hard to tell apart at symbol size; classes
there must differ by something besides colour (pattern, shape, dash), and the
last column says whether they do.

Run: ``.venv/bin/python tools/cvd_check.py``
"""

from __future__ import annotations

import itertools
import math

from explorer.mapping.style import SYMBOLS, Symbol

MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
}


def _lin(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gam(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def rgb(hexcolor: str) -> tuple[float, float, float]:
    h = hexcolor.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def simulate(c: tuple[float, float, float], kind: str) -> tuple[float, float, float]:
    if kind == "normal":
        return c
    lin = [_lin(v) for v in c]
    m = MACHADO[kind]
    return tuple(_gam(sum(m[r][k] * lin[k] for k in range(3))) for r in range(3))  # type: ignore[return-value]


def lab(c: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (_lin(v) for v in c)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def main_colour(s: Symbol) -> str:
    return s.color if s.shape == "line" or not s.fill else s.fill


def other_cue(a: Symbol, b: Symbol) -> bool:
    """Whether two classes differ by more than colour: fill pattern, shape, dash or stroke weight."""
    return (a.pattern != b.pattern or a.shape != b.shape or a.dash != b.dash
            or (a.shape == "point" and a.weight != b.weight))


def main() -> int:
    print(f"{'layer':10} {'vision':13} {'min ΔE':>7}  closest pair                                  other cue")
    worst = []
    for layer in sorted({s.layer for s in SYMBOLS}):
        syms = [s for s in SYMBOLS if s.layer == layer]
        if len(syms) < 2:
            continue
        for kind in ("normal", "protanopia", "deuteranopia"):
            best = None
            for a, b in itertools.combinations(syms, 2):
                d = math.dist(lab(simulate(rgb(main_colour(a)), kind)), lab(simulate(rgb(main_colour(b)), kind)))
                if best is None or d < best[0]:
                    best = (d, a, b)
            d, a, b = best
            cue = other_cue(a, b)
            print(f"{layer:10} {kind:13} {d:7.1f}  {a.label[:22]:22} / {b.label[:22]:22} {'yes' if cue else 'NO'}")
            if d < 10 and not cue:
                worst.append((layer, kind, a.key, b.key, d))
    if worst:
        print("\nclasses told apart by colour alone and closer than ΔE 10:")
        for w in worst:
            print("  ", w)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
