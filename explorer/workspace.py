"""What is open: the atlas, the layer registry and the user's own layers, owned in one place.

A :class:`Workspace` is handed to everything that reads features or layers:
the window's ``Session``, the page builder, the exporters, the CLI and project
files. Nothing else keeps a list of layers or a copy of the features, so a user
layer opened in the window is searched, clicked, filtered, drawn and exported
by the same rules as the atlas's own, and a batch or a second window never sees
another's layers (there is no process-wide registry).

* The atlas catalog is read-only after load.
* The registry is this workspace's instance: the atlas's layers, then one spec
  per user layer.
* A user layer is one :class:`UserLayer` record: where it was read from, how it
  is drawn, and its features.
* :attr:`catalog` is the atlas plus the user features, rebuilt when a user layer
  comes or goes; every Qt-free question (dossier, filter, figures) reads it.

No Qt: listeners are plain callables (the window's ``Session`` turns them into a signal).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from explorer.atlas import userlayers as ul
from explorer.atlas.catalog import Catalog
from explorer.atlas.records import Feature
from explorer.atlas.search import Hit, SearchIndex
from explorer.atlas.userlayers import Loaded
from explorer.errors import UnknownFeatureError
from explorer.mapping.layers import ATLAS_LAYERS, LayerSpec, Registry
from explorer.mapping.state import MapState
from explorer.mapping.userlayer import PALETTE, USER_Z0, UserStyle, spec_for, symbol_for


@dataclass(frozen=True)
class UserLayer:
    """One open user layer: its source (the file read and how), its style, and its spec."""

    loaded: Loaded
    style: UserStyle
    spec: LayerSpec

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def features(self) -> list[ul.UserFeature]:
        return self.loaded.features


class Workspace:
    """The atlas and the user's layers that one window, export or CLI run has open."""

    def __init__(self, atlas: Catalog) -> None:
        self.atlas = atlas
        self.registry = Registry(ATLAS_LAYERS)
        self._user: dict[str, UserLayer] = {}
        self._sources: dict[str, list[Feature]] = {}
        self._catalog = atlas
        self._index: SearchIndex | None = None
        self._listeners: list[Callable[[], None]] = []
        self._colour = 0

    # -- reading --------------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        """The atlas with the open user layers' features: what every question reads."""
        return self._catalog

    @property
    def features(self) -> dict[str, Feature]:
        return self._catalog.features

    def feature(self, fid: str) -> Feature:
        return self._catalog.feature(fid)

    def is_feature(self, layer: str, fid: str) -> bool:
        """Whether ``fid`` names a feature of the open layer ``layer`` (the bridge's check)."""
        return layer in self.registry and self._catalog.is_feature(layer, fid)

    def has_layer(self, layer_id: object) -> bool:
        return layer_id in self.registry

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """Atlas records first, then the user layers' features (``Hit.kind == "user"``)."""
        if self._index is None:
            self._index = SearchIndex.build(self._catalog)
        return self._index.query(text, limit=limit)

    def payload(self) -> dict[str, Any]:
        """Everything the page draws: every registered layer, user layers included."""
        from explorer.mapping.page import payload

        return payload(self._catalog, self.registry)

    def layer_payload(self, layer_id: str) -> dict[str, Any]:
        """One user layer's payload, for ``AtlasExplorer.addLayer``."""
        from explorer.mapping.page import layer_payload

        return layer_payload(self.registry.get(layer_id), self._user[layer_id].features)

    @property
    def has_user_layers(self) -> bool:
        """Whether anything beyond the atlas is open (the page then is not the cached atlas page)."""
        return bool(self._user or self._sources)

    def user_layers(self) -> list[UserLayer]:
        """Open user layers in drawing order, bottom first (what a project saves)."""
        return [self._user[s.id] for s in self.registry if s.id in self._user]

    def user_layer(self, layer_id: str) -> UserLayer:
        return self._user[layer_id]

    def new_layer_id(self, path: Path) -> str:
        """``user-<file name>``, numbered if that id is open already."""
        return ul.layer_id_for(Path(path), lambda i: i in self.registry)

    # -- what a state means here ------------------------------------------------------
    def resolve(self, state: MapState) -> MapState:
        """``state`` with what is open now: layers, selection and highlight it names but that are not open dropped."""
        layers = tuple(x for x in state.layers if x in self.registry)
        known = self._catalog.features
        return state.with_(layers=layers, selected=state.selected if state.selected in known else "",
                           highlight=tuple(i for i in state.highlight if i in known))

    def missing_layers(self, state: MapState) -> list[str]:
        return [x for x in state.layers if x not in self.registry]

    # -- changing what is open ------------------------------------------------------------
    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after every change of the open layers (added, removed, restyled, reordered)."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        """Stop calling ``listener`` (a window that closed while the workspace stays open)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def add_source(self, spec: LayerSpec, features: list[Feature]) -> LayerSpec:
        """Open any other kind of layer: a spec plus its features (a database table, online data, a test layer).

        It is drawn, clicked, searched, filtered and exported like the atlas's own.
        """
        if any(not f.id.startswith(spec.prefix) or f.layer != spec.id for f in features):
            raise ValueError(f"layer {spec.id!r}: every feature needs the layer id and the prefix {spec.prefix!r}")
        self.registry.register(spec)
        self._sources[spec.id] = list(features)
        self._changed()
        return spec

    def default_state(self) -> MapState:
        """A fresh map of this workspace: every open layer shown."""
        return MapState(layers=self.registry.ids())

    def _changed(self) -> None:
        feats = dict(self.atlas.features)
        for layer_features in (*self._sources.values(), *(u.features for u in self.user_layers())):
            for f in layer_features:
                feats[f.id] = f
        extra = self._user or self._sources
        self._catalog = dataclasses.replace(self.atlas, features=feats) if extra else self.atlas
        self._index = None
        for listener in list(self._listeners):
            listener()

    def next_style(self, shape: str) -> UserStyle:
        """A colour not used by the last layers opened, in turn."""
        style = UserStyle(color=PALETTE[self._colour % len(PALETTE)], opacity=0.85 if shape == "point" else 0.9)
        self._colour += 1
        return style

    def add_layer(self, loaded: Loaded, style: UserStyle | None = None) -> UserLayer:
        """Open a read layer on top of the others; LayerFileError if its id is open already."""
        lid = loaded.layer_id
        if lid in self.registry:
            raise ul.LayerFileError(f"a layer with id {lid!r} is already open")
        style = style or self.next_style(loaded.shape)
        z = max([USER_Z0 - 1, *(u.spec.z for u in self._user.values())]) + 1
        label = loaded.request.label or loaded.request.path.name
        spec = self.registry.register(spec_for(lid, label, loaded.shape, style, z))
        self._user[lid] = UserLayer(loaded, style, spec)
        self._changed()
        return self._user[lid]

    def add_layers(self, layers: Iterable[tuple[Loaded, UserStyle | None]]) -> list[str]:
        """Open several read layers in order (their saved order is their drawing order)."""
        return [self.add_layer(loaded, style).id for loaded, style in layers]

    def remove_layer(self, layer_id: str) -> None:
        if layer_id not in self._user:
            if layer_id in self.registry:
                raise ValueError(f"{layer_id!r} is an atlas layer")
            return
        del self._user[layer_id]
        self.registry.unregister(layer_id)
        self._changed()

    def remove_all(self) -> None:
        for lid in list(self._user):
            del self._user[lid]
            self.registry.unregister(lid)
        self._changed()

    def _replace(self, layer: UserLayer, **spec_changes: Any) -> UserLayer:
        spec = dataclasses.replace(layer.spec, **spec_changes)
        self.registry.unregister(layer.id)
        self.registry.register(spec)
        new = dataclasses.replace(layer, spec=spec)
        self._user[layer.id] = new
        return new

    def set_style(self, layer_id: str, style: UserStyle) -> UserLayer:
        layer = self._user[layer_id]
        shape = layer.spec.symbols[0].shape if layer.spec.symbols else "point"
        layer = self._replace(dataclasses.replace(layer, style=style),
                              symbols=(symbol_for(layer.id, layer.spec.label, shape, style),))
        self._changed()
        return layer

    def move(self, layer_id: str, step: int) -> bool:
        """Draw a user layer one place higher (step 1) or lower (-1); False at either end."""
        ids = [u.id for u in self.user_layers()]
        i = ids.index(layer_id)
        j = i + step
        if not 0 <= j < len(ids):
            return False
        a, b = self._user[ids[i]], self._user[ids[j]]
        za, zb = a.spec.z, b.spec.z
        self._replace(a, z=zb)
        self._replace(b, z=za)
        self._changed()
        return True

    def set_name_field(self, layer_id: str, field: str) -> bool:
        """Name (and search) a layer's features by another attribute."""
        layer = self._user[layer_id]
        loaded = layer.loaded
        if field not in loaded.fields:
            return False
        feats = []
        for f in loaded.features:
            v = dict(f.props).get(field)
            feats.append(dataclasses.replace(f, name=str(v) if v not in (None, "") else f"Feature {f.id.rsplit(':', 1)[1]}"))
        new = dataclasses.replace(loaded, features=feats, request=dataclasses.replace(loaded.request, name_field=field))
        self._user[layer_id] = dataclasses.replace(layer, loaded=new)
        self._changed()
        return True

    # -- projects -----------------------------------------------------------------------
    def to_project(self, state: MapState, bookmarks: Iterable[Any], path: Path):
        """The project file's content for ``state``, ``bookmarks`` and the open user layers."""
        from explorer.mapping import project as proj

        return proj.snapshot(state, list(bookmarks), [(u.loaded, u.style) for u in self.user_layers()], path)

    def from_project(self, project: Any, path: Path, bookmark: str = "") -> tuple[MapState, list[str]]:
        """Read a project's layers into this workspace (replacing the open ones), then its state.

        Returns the state (or the named bookmark's) resolved against what opened,
        and one line per layer file that did not.
        """
        from explorer.mapping import project as proj

        loaded, problems = proj.read_entries(project, path)
        self.open_read_project(loaded)
        raw = proj.bookmark_named(project, bookmark).state if bookmark else project.state
        return self.resolve(MapState.from_json(raw)), problems

    def open_read_project(self, layers: list[tuple[Loaded, UserStyle]]) -> None:
        """Replace the open user layers with a project's, already read (off the GUI thread)."""
        self.remove_all()
        self.add_layers(layers)


def feature_or_error(workspace: Workspace, fid: str) -> Feature:
    try:
        return workspace.features[fid]
    except KeyError:
        raise UnknownFeatureError(f"no feature with id {fid!r}; try 'alliance-explorer list'") from None


__all__ = ["Workspace", "UserLayer", "feature_or_error"]
