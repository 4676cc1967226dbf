"""The atlas in memory: every record, indexed by id, and the questions asked of it.

A ``Catalog`` is built once per data directory. Every lookup the click path
makes (``dossier``) is a dict hit plus a precomputed reverse index, never a
scan, so answering a click costs microseconds whatever the data size. The
whole catalog pickles, which is how a warm start skips parsing and geometry.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import pickle
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from explorer import log
from explorer.atlas import loaders
from explorer.atlas.loaders import Problem
from explorer.atlas.records import (
    LAYER_PREFIX,
    LAYERS,
    Controversy,
    Dossier,
    Feature,
    Figure,
    Layer,
    Provision,
    Source,
)
from explorer.errors import DataError, UnknownFeatureError

#: Bumped whenever the pickled layout changes, so old caches are ignored.
CACHE_FORMAT = 4


@dataclass
class Catalog:
    """All records of one data directory, with the indexes the app needs."""

    root: Path
    features: dict[str, Feature]
    provisions: dict[str, Provision]
    controversies: dict[str, Controversy]
    sources: dict[str, Source]
    figures: dict[str, Figure]
    basemap: dict[str, Any] = field(repr=False)
    problems: list[Problem] = field(default_factory=list, repr=False)
    fingerprint: str = ""
    files: dict[str, str] = field(default_factory=dict, repr=False)
    _controversies_of: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _governed_by: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    # -- building ---------------------------------------------------------
    @classmethod
    def load(cls, root: Path | str, strict: bool = True) -> "Catalog":
        """Read a data directory. ``strict`` raises ``DataError`` on any problem."""
        root = Path(root)
        if not root.is_dir():
            raise DataError(f"{root}: not a data directory")
        reader = loaders.Reader(root)

        def guarded(what: str, load, default):
            # The loaders report every problem they know of; anything they did
            # not foresee in a hostile file is still a problem, not a traceback.
            try:
                return load()
            except (Exception, RecursionError) as exc:
                log.data.debug("loading %s failed", what, exc_info=True)
                reader.problem(what, "", "", f"could not be read: {type(exc).__name__}: {str(exc)[:200]}")
                return default

        sources = guarded("sources/", lambda: loaders.load_sources(reader), {})
        empty_basemap = {"type": "FeatureCollection", "features": []}
        basemap = guarded("basemap/", lambda: loaders.load_basemap(reader), empty_basemap)
        feats: dict[str, Feature] = {
            f.id: f
            for f in [*guarded("bases/", lambda: loaders.load_bases(reader), []),
                      *guarded("states.toml", lambda: loaders.load_states(reader, basemap), []),
                      *guarded("threats.geojson", lambda: loaders.load_threats(reader), [])]
        }
        catalog = cls(
            root=root,
            features=feats,
            provisions=guarded("provisions.toml", lambda: loaders.load_provisions(reader), {}),
            controversies=guarded("controversies.toml", lambda: loaders.load_controversies(reader), {}),
            sources=sources,
            figures=guarded("figures.toml", lambda: loaders.load_figures(reader), {}),
            basemap=basemap,
            problems=reader.problems,
            fingerprint=data_fingerprint(root),
            files=dict(reader.files),
        )
        catalog._index()
        if strict and not catalog.problems:
            # The app loads nothing that validate rejects: dangling references
            # too (the slower geometry checks stay in validate).
            from explorer.atlas.validate import reference_problems

            catalog.problems.extend(guarded("references", lambda: reference_problems(catalog), []))
        if strict and catalog.problems:
            head = "; ".join(str(p) for p in catalog.problems[:3])
            more = f" (and {len(catalog.problems) - 3} more)" if len(catalog.problems) > 3 else ""
            raise DataError(f"{root}: {len(catalog.problems)} data problem(s): {head}{more}. "
                            f"Run 'alliance-explorer validate {root}' for the full list.")
        log.data.info("loaded %d features from %s", len(feats), root)
        return catalog

    def _index(self) -> None:
        """Reverse indexes so a click or a provision highlight is a dict hit."""
        by_feature: dict[str, list[str]] = {fid: list(f.controversies) for fid, f in self.features.items()}
        for cid, c in self.controversies.items():
            for fid in c.features:
                if fid in by_feature and cid not in by_feature[fid]:
                    by_feature[fid].append(cid)
        self._controversies_of = {k: tuple(v) for k, v in by_feature.items()}
        governed: dict[str, list[str]] = {}
        for fid, f in self.features.items():
            pids = set(f.provisions)
            for tie in getattr(f, "treaties", ()):
                pids.update(tie.provisions)
            for pid in pids:
                governed.setdefault(pid, []).append(fid)
        self._governed_by = {k: tuple(v) for k, v in governed.items()}

    # -- questions --------------------------------------------------------
    def layer(self, layer: Layer) -> list[Feature]:
        """The features of one layer, in file order."""
        return [f for f in self.features.values() if f.layer == layer]

    def feature(self, fid: str) -> Feature:
        try:
            return self.features[fid]
        except KeyError:
            raise UnknownFeatureError(f"no feature with id {fid!r}; try 'alliance-explorer list'") from None

    def is_feature(self, layer: str, fid: str) -> bool:
        """Whether ``fid`` names a feature of ``layer`` (the bridge's check)."""
        f = self.features.get(fid)
        return f is not None and f.layer == layer and fid.startswith(LAYER_PREFIX[f.layer])

    def dossier(self, fid: str) -> Dossier:
        """The provisions and controversies that concern a feature, resolved."""
        feature = self.feature(fid)
        pids = list(dict.fromkeys([*feature.provisions, *(p for t in getattr(feature, "treaties", ()) for p in t.provisions)]))
        provisions = tuple(self.provisions[p] for p in pids if p in self.provisions)
        controversies = tuple(self.controversies[c] for c in self._controversies_of.get(fid, ()) if c in self.controversies)
        return Dossier(feature, provisions, controversies, self.sources)

    def governed_by(self, pid: str) -> tuple[str, ...]:
        """Ids of the features a provision governs, for the map highlight."""
        if pid not in self.provisions:
            raise UnknownFeatureError(f"no provision with id {pid!r}")
        return self._governed_by.get(pid, ())

    def concerned_by(self, cid: str) -> tuple[str, ...]:
        """Ids of the features a controversy concerns."""
        if cid not in self.controversies:
            raise UnknownFeatureError(f"no controversy with id {cid!r}")
        return tuple(fid for fid, cids in self._controversies_of.items() if cid in cids)

    def search(self, text: str, limit: int = 20) -> list[Feature]:
        """Features whose id or name (English or Japanese) contains ``text``."""
        needle = text.strip().casefold()
        if not needle:
            return []
        hits = [f for f in self.features.values()
                if needle in f.id.casefold() or needle in f.name.casefold() or needle in f.name_ja]
        hits.sort(key=lambda f: (not f.name.casefold().startswith(needle), f.name))
        return hits[:limit]

    def iter_sources(self, refs: Iterable) -> Iterator[Source]:
        for ref in refs:
            src = self.sources.get(ref.id)
            if src is not None:
                yield src


def data_fingerprint(root: Path) -> str:
    """A hash of every data file's path and bytes: the cache key for derived work.

    A name the loader would try to read but that is not a regular file (a
    FIFO, a device, a directory, a broken link) is hashed by name and kind,
    never read, so adding one makes the next start load, and refuse, afresh.
    """
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in {".toml", ".geojson", ".json"}):
        h.update(str(path.relative_to(root)).encode())
        try:
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):
                h.update(f"\0special:{stat.S_IFMT(st.st_mode)}".encode())
            elif st.st_size > loaders.MAX_FILE_BYTES:  # refused by the loader anyway: never read it
                h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
            else:
                h.update(path.read_bytes())
        except OSError as exc:  # reported by the loader
            h.update(str(exc).encode())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's own source, so a code change invalidates caches.

    Computed once per process: a start asks for it twice (catalog and page
    cache keys), and the source does not change under a running app.
    """
    pkg = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(pkg.rglob("*.py")):
        h.update(path.read_bytes())
    web = pkg.parent / "resources" / "web"
    for path in sorted(web.glob("*")) if web.is_dir() else []:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _unpickle(raw: bytes) -> Any:
    """``pickle.loads`` with the cyclic GC paused.

    The catalog is ~10^5 small containers (every coordinate pair of the
    basemap is a list); building them sets off a young-generation collection
    every 700 allocations and full ones as the heap grows, none of which can
    find garbage here. Pausing the collector makes a warm start's unpickle
    2-3x faster (16-38 ms -> 12-13 ms on the bench machine).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(raw)
    finally:
        if enabled:
            gc.enable()


def cache_path(root: Path, cache: Path, data: str | None = None) -> Path:
    """Where :func:`load_cached` keeps the catalog of ``root`` (``data``: its fingerprint, if known)."""
    return cache / f"catalog-{CACHE_FORMAT}-{data or data_fingerprint(root)}-{code_fingerprint()}.pickle"


def load_cached(root: Path, cache: Path | None) -> Catalog:
    """Load a catalog, from a pickle keyed by data and code hashes when possible."""
    root = Path(root).resolve()
    if cache is None:
        return Catalog.load(root)
    path = cache_path(root, cache)
    if path.exists():
        try:
            catalog = _unpickle(path.read_bytes())
            if isinstance(catalog, Catalog) and catalog.root == root:
                log.data.debug("catalog from cache %s", path)
                return catalog
        except Exception as exc:  # a stale or truncated cache is rebuilt, never fatal
            log.data.warning("ignoring unreadable cache %s: %s", path, exc)
    catalog = Catalog.load(root)
    for old in cache.glob(f"catalog-{CACHE_FORMAT}-*.pickle"):
        old.unlink(missing_ok=True)
    tmp = path.with_suffix(".tmp")
    try:
        with tmp.open("wb") as fh:
            pickle.dump(catalog, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as exc:  # a full disk or a read-only cache costs speed, never the command
        log.data.warning("could not write the cache %s: %s", path, exc.strerror or exc)
        tmp.unlink(missing_ok=True)
    except BaseException:  # Ctrl+C while writing: no half-written cache file left behind
        tmp.unlink(missing_ok=True)
        raise
    return catalog


__all__ = ["Catalog", "load_cached", "cache_path", "data_fingerprint", "code_fingerprint", "LAYERS"]
