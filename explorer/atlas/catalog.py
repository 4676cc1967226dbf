"""The atlas in memory: every record, indexed by id, and the questions asked of it.

A ``Catalog`` is built once per data directory. Every lookup the click path
makes (``dossier``) is a dict hit plus a precomputed reverse index, never a
scan, so answering a click costs microseconds whatever the data size. The
whole catalog pickles; ``explorer.store`` keeps it, keyed by fingerprints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from explorer import log
from explorer.atlas import loaders
from explorer.atlas.loaders import Problem
from explorer.atlas.records import Controversy, Dossier, Feature, Figure, Provision, Source
from explorer.errors import DataError, UnknownFeatureError

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
    #: Reference layers (towns and cities): drawn for orientation, not clickable, not in dossiers or search.
    places: dict[str, Feature] = field(default_factory=dict, repr=False)
    problems: list[Problem] = field(default_factory=list, repr=False)
    #: The atlas's own text in other languages: ``{lang: {record id: Translation}}``.
    translations: dict[str, dict[str, loaders.Translation]] = field(default_factory=dict, repr=False)
    fingerprint: str = ""
    files: dict[str, str] = field(default_factory=dict, repr=False)
    _controversies_of: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _governed_by: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _invoked_by: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

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
            places={p.id: p for p in loaders.load_places(reader)},
            translations=guarded("translations", lambda: loaders.load_translations(reader), {}),
            problems=reader.problems,
            files=dict(reader.files),
        )
        catalog._index()
        if strict and not catalog.problems:
            # The app loads nothing that validate rejects: the same per-record checks, the same
            # messages (references, intervals, positions, geometry, prose). A cold load only:
            # the cached catalog has passed them.
            from explorer.atlas.record_checks import record_errors

            catalog.problems.extend(guarded("checks", lambda: record_errors(catalog), []))
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
        invoked: dict[str, list[str]] = {}
        for fid, f in self.features.items():
            for pid in dict.fromkeys(f.invokes):
                invoked.setdefault(pid, []).append(fid)
        self._invoked_by = {k: tuple(v) for k, v in invoked.items()}

    # -- questions --------------------------------------------------------
    def layer(self, layer: str) -> list[Feature]:
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
        return f is not None and f.layer == layer

    def dossier(self, fid: str) -> Dossier:
        """The provisions and controversies that concern a feature, resolved."""
        feature = self.feature(fid)
        pids = list(dict.fromkeys([*feature.provisions, *(p for t in getattr(feature, "treaties", ()) for p in t.provisions),
                                   *feature.invokes]))
        provisions = tuple(self.provisions[p] for p in pids if p in self.provisions)
        controversies = tuple(self.controversies[c] for c in self._controversies_of.get(fid, ()) if c in self.controversies)
        return Dossier(feature, provisions, controversies, self.sources)

    def governed_by(self, pid: str) -> tuple[str, ...]:
        """Ids of the features a provision governs, for the map highlight."""
        if pid not in self.provisions:
            raise UnknownFeatureError(f"no provision with id {pid!r}")
        return self._governed_by.get(pid, ())

    def invoked_by(self, pid: str) -> tuple[str, ...]:
        """Ids of the features that invoke a provision without being governed by it (not highlighted)."""
        if pid not in self.provisions:
            raise UnknownFeatureError(f"no provision with id {pid!r}")
        return self._invoked_by.get(pid, ())

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


__all__ = ["Catalog"]
