"""The one store of derived work: fingerprints, the catalog cache, the page cache, process tuning.

A start or an export asks the store for a catalog and a page; the store
answers from files keyed by what they were derived from, or derives them
once and keeps them:

* the catalog of a data directory, pickled, keyed by the data's and the code's
  fingerprints (a warm start skips parsing and geodesy);
* the page *shell* (folium's output), keyed by the code alone: new data never
  needs folium;
* the app page (shell plus payload), keyed by data, code and language (the
  page carries its words): what the window and every PNG/PDF export load,
  then ``apply`` a state to. One page per language is kept, so switching the
  language back and forth never rebuilds a page twice.

All process tuning (pausing and freezing the cyclic GC around start-up) is
here too, and nowhere else. Caches are written atomically; an unreadable or
stale file is rebuilt, never fatal.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import re
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from explorer import log

if TYPE_CHECKING:  # imported where used: a warm start reads the page before the catalog's modules
    from explorer.atlas.catalog import Catalog
    from explorer.workspace import Workspace

#: Bumped whenever the pickled layout changes, so old caches are ignored.
CACHE_FORMAT = 5
_DATA_SUFFIXES = {".toml", ".geojson", ".json"}


# -- fingerprints -------------------------------------------------------------------------

def data_fingerprint(root: Path) -> str:
    """A hash of every data file's path and bytes: the cache key for derived work.

    A name the loader would try to read but that is not a regular file (a
    FIFO, a device, a directory, a broken link) is hashed by name and kind,
    never read, so adding one makes the next start load, and refuse, afresh.
    """
    from explorer.atlas.limits import MAX_FILE_BYTES  # not the loaders: this runs before the page is found

    h = hashlib.sha256()
    for path in sorted(p for p in Path(root).rglob("*") if p.suffix in _DATA_SUFFIXES):
        h.update(str(path.relative_to(root)).encode())
        try:
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):
                h.update(f"\0special:{stat.S_IFMT(st.st_mode)}".encode())
            elif st.st_size > MAX_FILE_BYTES:  # refused by the loader anyway: never read it
                h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
            else:
                h.update(path.read_bytes())
        except OSError as exc:  # reported by the loader
            h.update(str(exc).encode())
    return h.hexdigest()[:16]


def code_fingerprint() -> str:
    """The cache key of this build of the code: its version plus a build identifier.

    An installed package or bundle reads the identifier written when it was
    built; a development checkout hashes its source once per process
    (``explorer.buildinfo``), so a code change invalidates caches either way.
    """
    from explorer import buildinfo

    return buildinfo.fingerprint()


# -- process tuning ---------------------------------------------------------------------------

@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while building many long-lived objects and no garbage.

    Unpickling the catalog makes ~10^5 small containers (every basemap
    coordinate pair is a list); each 700 allocations would set off a young
    collection that can find nothing. Pausing makes a warm start's unpickle
    2-3x faster, and start-up as a whole allocates only what lives on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def freeze_startup() -> None:
    """What exists once the window is built lives as long as the app: keep the GC off it."""
    gc.freeze()
    gc.enable()


# -- files ----------------------------------------------------------------------------------------

def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:  # a cache that cannot be written only costs time
        log.data.warning("cannot write cache %s: %s", path, exc)
    finally:
        tmp.unlink(missing_ok=True)


def _prune(cache: Path, pattern: str, keep: Path) -> None:
    for old in cache.glob(pattern):
        if old != keep:
            old.unlink(missing_ok=True)


# -- catalog -------------------------------------------------------------------------------------

def _root_key(root: Path) -> str:
    """A short name for a data directory, so two atlases in use never evict each other's cache."""
    return hashlib.sha256(str(root).encode("utf-8", "surrogatepass")).hexdigest()[:10]


def catalog_path(cache: Path, data: str, root: Path | None = None) -> Path:
    where = f"{_root_key(root)}-" if root is not None else ""
    return cache / f"catalog-{CACHE_FORMAT}-{where}{data}-{code_fingerprint()}.pickle"


def load_catalog(root: Path | str, cache: Path | None, data: str | None = None) -> Catalog:
    """The catalog of ``root``: from the cache when the data and code are unchanged, else parsed.

    ``data``: the data's fingerprint, if the caller has just computed it.
    """
    from explorer.atlas.catalog import Catalog

    root = Path(root).resolve()
    log.data.debug("reading the atlas in %s", root)
    if data is None:
        data = data_fingerprint(root) if root.is_dir() else ""
    if cache is None:
        catalog = Catalog.load(root)
        catalog.fingerprint = data
        return catalog
    path = catalog_path(cache, data, root)
    catalog = _read_catalog(path, root)
    if catalog is None:
        catalog = _read_catalog(_prebuilt(prebuilt_catalog_name(data)), root, moved=True)
    if catalog is not None:
        return catalog
    catalog = Catalog.load(root)
    catalog.fingerprint = data
    _prune(cache, f"catalog-{CACHE_FORMAT}-{_root_key(root)}-*.pickle", path)
    write_atomic(path, pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
    return catalog


def prebuilt_catalog_name(data: str) -> str:
    """The start-up cache's name for the catalog of data ``data``: no directory part, it was built elsewhere."""
    return f"catalog-{CACHE_FORMAT}-{data}-{code_fingerprint()}.pickle"


def _prebuilt(name: str) -> Path | None:
    """``name`` in the start-up cache built with the app, if it is there (see ``paths.prebuilt_dir``)."""
    from explorer import paths

    folder = paths.prebuilt_dir()
    path = folder / name if folder is not None else None
    return path if path is not None and path.is_file() else None


def _read_catalog(path: Path | None, root: Path, moved: bool = False) -> Catalog | None:
    """The catalog pickled at ``path``, or None if there is none or it is unusable.

    ``moved``: it was built from the same data in another place (a wheel's build
    tree), so it is told where its data lives now.
    """
    if path is None or not path.exists():
        return None
    from explorer.atlas.catalog import Catalog

    try:
        with gc_paused():
            catalog = pickle.loads(path.read_bytes())
        if isinstance(catalog, Catalog) and moved:
            catalog.root = root
        if isinstance(catalog, Catalog) and catalog.root == root:
            log.data.debug("catalog from cache %s", path)
            return catalog
    except Exception as exc:  # noqa: BLE001 - a stale or truncated cache is rebuilt, never fatal
        log.data.warning("ignoring unreadable cache %s: %s", path, exc)
    return None


def catalog_for(data: str | None, no_cache: bool = False) -> Catalog:
    """The catalog a command was asked for (``--data``, ``--no-cache``): one rule for every command."""
    from explorer import paths

    root = Path(data) if data else paths.geodata_dir()
    return load_catalog(root, None if no_cache else paths.cache_dir())


# -- pages ---------------------------------------------------------------------------------------------

def shell(kind: str, cache: Path | None) -> str:
    """folium's page shell (``app`` or ``html``): built once per code version."""
    name = shell_name(kind)
    path = cache / name if cache is not None else None
    if path is not None and path.exists():
        return path.read_text(encoding="utf-8")
    prebuilt = _prebuilt(name) if cache is not None else None
    if prebuilt is not None:
        return prebuilt.read_text(encoding="utf-8")
    from explorer.mapping.page import render_shell  # folium only when the code changed

    html = render_shell(kind)  # type: ignore[arg-type]
    if path is not None:
        _prune(cache, f"shell-{kind}-*.html", path)
        write_atomic(path, html.encode("utf-8"))
    return html


@functools.lru_cache(maxsize=None)
def _catalogue_fingerprint(lang: str) -> str:
    """A hash of ``lang``'s message catalogue: a new translation makes a new page."""
    from explorer.i18n.catalogue import po_paths

    h = hashlib.sha256()
    for path in po_paths(lang):
        try:
            h.update(path.read_bytes())
        except OSError as exc:
            h.update(str(exc).encode())
    return h.hexdigest()[:8]


def language_key(lang: str | None = None) -> str:
    """The page cache's language part: ``en``, or ``ja-<catalogue hash>``."""
    from explorer import i18n

    lang = lang or i18n.language()
    return lang if lang == i18n.DEFAULT else f"{lang}-{_catalogue_fingerprint(lang)}"


def page_name(data: str, lang: str | None = None) -> str:
    """The file name of the app page of the data hashed ``data`` in ``lang``, in any cache."""
    return f"page-app-{data}-{code_fingerprint()}-{language_key(lang)}.html"


def shell_name(kind: str) -> str:
    """The file name of folium's page shell ``kind`` (``app``, ``html``), in any cache."""
    return f"shell-{kind}-{code_fingerprint()}.html"


def page_path(cache: Path, catalog: Catalog, lang: str | None = None) -> Path:
    """Where the app page of ``catalog`` in ``lang`` (the app's language by default) is kept."""
    return cache / page_name(catalog.fingerprint, lang)


def cached_app_page(root: Path, cache: Path | None, data: str) -> Path | None:
    """The app page of the atlas hashed ``data``, in the app's language, if a cache has it; found without the catalog.

    The window's start loads it before the catalog is read (``gui.app``). The user's
    cache first, then the start-up cache built with the app; None when neither has it.
    """
    if cache is None or not data:
        return None
    name = page_name(data)
    path = cache / name
    return path if path.is_file() else _prebuilt(name)


_PAGE_LANG = re.compile(r"-(en|[a-z]{2}-[0-9a-f]{8})$")


def _page_language(path: Path) -> str:
    """The language a cached page is in (``en``, ``ja``), read from the end of its name; "" for an old page."""
    m = _PAGE_LANG.search(path.stem)
    return m.group(1).split("-")[0] if m else ""


def _prune_pages(cache: Path, keep: Path) -> None:
    """Drop older pages of the language ``keep`` is in (and pages from before pages had one); keep the others'.

    The language is read from the end of the name: the code's part may hold dashes of its own
    (``0.1.0-<build id>``).
    """
    lang = _page_language(keep)
    for old in cache.glob("page-app-*.html"):
        if old != keep and _page_language(old) in ("", lang):
            old.unlink(missing_ok=True)


def app_page(workspace: Workspace, cache: Path | None) -> str:
    """The state-free app page of a workspace, in the app's language: what the window and PNG/PDF exports load.

    The page carries its words, so it is built and cached per language: after
    ``i18n.set_language`` the window loads this again and gets the page in the
    new language. While a user's own layer is open (an export of a project or with
    ``--add-layer``) the page carries it and is neither read from nor written
    to the cache, which is keyed by the atlas's data alone.
    """
    catalog = workspace.atlas
    user = workspace.has_user_layers
    path = page_path(cache, catalog) if cache is not None and catalog.fingerprint and not user else None
    if path is not None and path.exists():
        log.mapping.debug("page from cache %s", path)
        return path.read_text(encoding="utf-8")
    prebuilt = _prebuilt(path.name) if path is not None else None
    if prebuilt is not None:
        log.mapping.debug("page from the start-up cache %s", prebuilt)
        return prebuilt.read_text(encoding="utf-8")
    from explorer.mapping.page import assemble

    html = assemble(shell("app", cache), workspace.payload())
    if path is not None:
        _prune_pages(cache, path)
        write_atomic(path, html.encode("utf-8"))
    return html


def is_warm(root: Path, cache: Path) -> bool:
    """Whether the catalog and the app page of ``root`` are both in ``cache``."""
    root = Path(root).resolve()
    data = data_fingerprint(root)
    page = cache / page_name(data)
    return catalog_path(cache, data, root).exists() and page.exists()


def standalone_page(workspace: Workspace, cache: Path | None, state: Any, extra: dict[str, Any] | None = None) -> str:
    """The HTML export: the inline shell with the payload, every dossier (seen from the state's date) and a state.

    ``extra`` adds keys to the payload (the briefing's steps, under ``briefing``).
    """
    from explorer.mapping.page import assemble, standalone_payload

    data = standalone_payload(workspace.catalog, state, workspace.registry)
    return assemble(shell("html", cache), {**data, **(extra or {})})


__all__ = ["data_fingerprint", "code_fingerprint", "load_catalog", "shell", "app_page", "standalone_page",
           "is_warm", "catalog_for", "gc_paused", "freeze_startup", "CACHE_FORMAT"]
