"""No data file makes the app fetch anything: a local listener counts every connection attempt.

Each hostile file names the listener's address in a place where GDAL or PROJ could
follow it: an old-style linked CRS, a CRS named by URL, a KML network link, a
shapefile's ``.prj`` holding a URL, a CRS answer in a project that is a URL. They are
opened through every door (``read_layer``, ``export --add-layer``, ``export --project``)
and, for the linked CRS, by GDAL directly, past the app's own refusal. ``no_proxy``
names the listener, as a user's environment might, so that curl's exemption is tried too.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from explorer.atlas.userlayers import LayerFileError, LoadRequest, NeedsChoice, read_layer
from explorer.mapping import project as proj

ROOT = Path(__file__).resolve().parents[3]
POINT = [{"type": "Feature", "properties": {"name": "Here"},
          "geometry": {"type": "Point", "coordinates": [127.7, 26.2]}}]


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection; it stops by itself after ``limit`` s."""

    def __init__(self, limit: float = 240.0) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self._deadline = time.monotonic() + limit
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    self.hits.append(conn.recv(200) or b"(connected)")
                except OSError:
                    self.hits.append(b"(connected)")
        self.sock.close()

    def stop(self) -> None:
        time.sleep(0.3)  # a request in flight lands before counting stops
        self._stop.set()
        self._thread.join(timeout=5)


@contextlib.contextmanager
def listening(monkeypatch) -> Iterator[Listener]:
    lst = Listener()
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    try:
        yield lst
    finally:
        lst.stop()


def _geojson(path: Path, crs: dict) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": crs, "features": POINT}), encoding="utf-8")
    return path


def hostile_files(d: Path, url: str) -> dict[str, Path]:
    """name -> a file that names ``url`` where a reader could fetch it."""
    d.mkdir(exist_ok=True)
    out = {
        "link.geojson": _geojson(d / "link.geojson",
                                 {"type": "link", "properties": {"href": f"{url}/crs.wkt", "type": "ogcwkt"}}),
        "link_proj4.json": _geojson(d / "link_proj4.json",
                                    {"type": "link", "properties": {"href": f"{url}/crs.proj4", "type": "proj4"}}),
        "name_url.geojson": _geojson(d / "name_url.geojson", {"type": "name", "properties": {"name": f"{url}/n"}}),
    }
    kml = d / "netlink.kml"
    kml.write_text(f"""<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<NetworkLink><Link><href>{url}/more.kml</href></Link></NetworkLink>
<Placemark><name>Here</name><Point><coordinates>127.7,26.2</coordinates></Point></Placemark>
</Document></kml>""", encoding="utf-8")
    out["netlink.kml"] = kml
    from tests import userlayer_files as files

    shp_dir = d / "shp"
    shp_dir.mkdir(exist_ok=True)
    files.frame().to_file(shp_dir / "urlprj.shp", engine="pyogrio")
    (shp_dir / "urlprj.prj").write_text(f"{url}/prj", encoding="utf-8")
    out["urlprj.shp"] = shp_dir / "urlprj.shp"
    csv = d / "wkt.csv"
    csv.write_text('name,wkt\nHere,"POINT (127.7 26.2)"\n', encoding="utf-8")
    out["wkt.csv"] = csv  # no CRS: the project answers with a URL
    return out


def _open(path: Path, crs: str = "") -> str:
    try:
        loaded = read_layer(LoadRequest(path, layer_id="user-hostile", crs=crs))
    except (LayerFileError, NeedsChoice) as exc:
        return f"refused: {exc}"
    return f"loaded {len(loaded.features)} in {loaded.crs}"


def test_a_linked_crs_is_refused_with_one_message_before_gdal_opens_it(tmp_path, monkeypatch):
    with listening(monkeypatch) as lst:
        files = hostile_files(tmp_path, lst.url)
        for name in ("link.geojson", "link_proj4.json"):
            with pytest.raises(LayerFileError) as err:
                read_layer(LoadRequest(files[name], layer_id="user-link"))
            assert str(err.value).startswith(f"{name}: its coordinate reference system is a link")
            assert "\n" not in str(err.value)
    assert lst.hits == []


def test_no_file_makes_read_layer_connect(tmp_path, monkeypatch):
    with listening(monkeypatch) as lst:
        files = hostile_files(tmp_path, lst.url)
        results = {name: _open(path) for name, path in files.items()}
        results["wkt.csv, crs a URL"] = _open(files["wkt.csv"], crs=f"{lst.url}/crs")
    assert lst.hits == [], results
    assert results["netlink.kml"] == "loaded 1 in EPSG:4326"
    assert results["name_url.geojson"].startswith("refused: name_url.geojson: its coordinate reference system (")


def test_gdal_itself_fetches_nothing_even_when_asked_directly(tmp_path, monkeypatch):
    """Past the app's refusal: GDAL's own reading of a linked CRS, and a /vsicurl/ path."""
    from explorer.atlas.userfiles import gdal

    with listening(monkeypatch) as lst:
        files = hostile_files(tmp_path, lst.url)
        pyogrio = gdal()
        for src in (f"GeoJSON:{files['link.geojson']}", f"/vsicurl/{lst.url}/layer.geojson"):
            with contextlib.suppress(Exception):
                pyogrio.read_info(src)
    assert lst.hits == []


def test_proj_has_no_network():
    import pyproj.network

    from explorer.atlas.userfiles import offline

    offline()
    assert pyproj.network.is_network_enabled() is False


def _cli(*args: str, env_url: str) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1", "PROJ_NETWORK": "ON"}
    return subprocess.run([sys.executable, "-m", "explorer.cli", "--no-cache", "export", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL, env=env)


@pytest.mark.slow  # seconds on its own: a huge input, or several processes
def test_no_file_makes_an_export_connect_by_add_layer_or_project(tmp_path, monkeypatch):
    with listening(monkeypatch) as lst:
        files = hostile_files(tmp_path, lst.url)
        runs = {}
        for name, path in files.items():
            runs[name] = _cli("--add-layer", str(path), "--layers", "bases", "--out",
                              str(tmp_path / f"add-{path.stem}.geojson"), env_url=lst.url)
        layers = [{"path": str(path), "id": f"user-h{i}", "label": name,
                   "crs": f"{lst.url}/crs" if name == "wkt.csv" else ""}
                  for i, (name, path) in enumerate(files.items())]
        project = tmp_path / "hostile.aeproj"
        project.write_text(json.dumps({"format": proj.FORMAT, "version": proj.VERSION, "state": {},
                                       "bookmarks": [], "layers": layers}), encoding="utf-8")
        runs["project"] = _cli("--project", str(project), "--out", str(tmp_path / "project.geojson"),
                               env_url=lst.url)
    assert lst.hits == [], {k: r.stderr[-300:] for k, r in runs.items()}
    assert "is a link" in runs["link.geojson"].stderr and runs["link.geojson"].returncode != 0
    assert runs["netlink.kml"].returncode == 0, runs["netlink.kml"].stderr
    assert all("internal error" not in r.stderr for r in runs.values())
