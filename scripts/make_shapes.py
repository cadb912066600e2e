"""Write data/shapes/*.geojson: Natural Earth land outlines clipped to the lesson's two map extents.

Run once by hand (not at lesson time): `npm pack world-atlas@2.0.2`, unpack it, then
`.venv/bin/python scripts/make_shapes.py path/to/package`. The output is committed under data/shapes/.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "shapes"

# name: (source file, (lon_min, lat_min, lon_max, lat_max), decimals kept)
EXTENTS = {
    "caucasus": ("land-50m.json", (36.0, 36.0, 56.0, 47.0), 2),
    "europe": ("land-110m.json", (0.0, 34.0, 62.0, 66.0), 1),
}

Ring = list[tuple[float, float]]


def decode_arcs(topology: dict) -> list[Ring]:
    """Absolute lon/lat points of every arc of a quantized TopoJSON topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(indexes: list[int], arcs: list[Ring]) -> Ring:
    """Join the arcs of one ring (a negative index means the arc reversed)."""
    points: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(ring: Ring) -> Ring:
    """Remove jumps across the antimeridian (180° to -180°) so the ring is a plain planar polygon."""
    out: Ring = []
    shift = 0.0
    for i, (x, y) in enumerate(ring):
        if i and abs(x + shift - out[-1][0]) > 180:
            shift += 360 if out[-1][0] > x + shift else -360
        out.append((x + shift, y))
    # put the ring where most of its points fall in -180..180
    best = max((-360, 0, 360), key=lambda k: sum(-180 <= x + k <= 180 for x, _ in out))
    return [(x + best, y) for x, y in out]


def clip(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman clipping of a ring to a rectangle."""
    x0, y0, x1, y1 = box
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: _cross_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cross_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cross_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cross_y(a, b, y1)),
    ]
    out = ring
    for inside, cross in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
    return out


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def rounded(ring: Ring, decimals: int) -> list[list[float]]:
    """Round the points and drop repeats; close the ring."""
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, decimals), round(y, decimals)]
        if not out or p != out[-1]:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def extent(package: Path, name: str) -> dict:
    """One clipped FeatureCollection: land polygons (first ring) with their holes (lakes, seas)."""
    source, box, decimals = EXTENTS[name]
    topology = json.loads((package / source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    polygons = []
    for geometry in topology["objects"]["land"]["geometries"]:
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in parts:
            rings = [rounded(clip(unwrap(ring_points(r, arcs)), box), decimals) for r in polygon]
            if len(rings[0]) >= 4:
                polygons.append([r for r in rings if len(r) >= 4])
    feature = {
        "type": "Feature",
        "properties": {
            "name": f"land ({name})",
            "source": f"Natural Earth {source} via world-atlas 2.0.2, clipped to {box}",
        },
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    }
    return {"type": "FeatureCollection", "bbox": list(box), "features": [feature]}


def main(package: Path) -> None:
    """Write one GeoJSON file per extent."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name in EXTENTS:
        path = OUT / f"{name}.geojson"
        text = json.dumps(extent(package, name), separators=(",", ":"))
        path.write_text(text + "\n", encoding="utf-8")
        print(f"{path.name}: {len(text) / 1024:.0f} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
