"""The window's language: Qt's own translations, the Japanese font, and View ▸ Language.

Switching rebuilds the main window in place, from outside it: the new window
is made for the same :class:`~explorer.workspace.Workspace` (so your layers
stay open), with the page for the new language, and takes over the old one's
map state (camera, date, filter, selection), geometry and dock layout before
the old one goes. A window never rebuilds itself.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QAction, QActionGroup, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMenu

from explorer import i18n, log
from explorer.i18n import N_
from explorer.gui.settings import save_language

#: The font Japanese text is set in, so 嘉手納 never takes Chinese glyph forms.
JAPANESE_FONT = "Noto Sans CJK JP"
#: Qt's own catalogues (standard buttons, file dialogs), loaded in this order.
QT_CATALOGUES = ("qtbase", "qt")

#: Words of Qt's own file dialog that its Japanese catalogue leaves in English: (context, source) -> ours.
QT_GAPS = {("QFileDialog", "&Look in:"): N_("&Look in:"), ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
           ("QFileSystemModel", "Folder"): N_("Folder"), ("QAbstractFileIconProvider", "Folder"): N_("Folder")}

_translators: list[QTranslator] = []


class _QtGaps(QTranslator):
    """Answers the few Qt words in :data:`QT_GAPS` from the app's catalogue; Qt's own catalogue does the rest."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102 - Qt's signature
        english = QT_GAPS.get((context, source))
        if english is None or i18n.language() == i18n.DEFAULT:
            return None  # a null string: Qt asks the next translator (an empty one would end the search)
        return i18n.tr(english)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
_default_font: QFont | None = None


def qt_translations(app: QApplication, lang: str) -> list[str]:
    """Install Qt's own catalogues for ``lang`` (none for English); returns the ones loaded."""
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Japanese if lang == "ja" else QLocale.Language.English,
                               QLocale.Country.Japan if lang == "ja" else QLocale.Country.UnitedStates))
    if lang == "en":
        return []
    where = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in QT_CATALOGUES:
        t = QTranslator(app)
        if t.load(f"{name}_{lang}", where):
            app.installTranslator(t)
            _translators.append(t)
            loaded.append(name)
        else:
            log.gui.info("Qt's %s catalogue for %s is not installed in %s", name, lang, where)
    gaps = _QtGaps(app)
    app.installTranslator(gaps)  # asked first (installed last); answers nothing it does not know
    _translators.append(gaps)
    return loaded


def apply_font(app: QApplication, lang: str) -> QFont:
    """Japanese prefers Noto Sans CJK JP (when installed); English keeps the platform's font."""
    global _default_font
    if _default_font is None:
        _default_font = QFont(app.font())
    font = QFont(_default_font)
    if lang == "ja" and JAPANESE_FONT in QFontDatabase.families():
        font.setFamilies([JAPANESE_FONT, *_default_font.families()])
    app.setFont(font)
    return font


def apply(app: QApplication, lang: str) -> None:
    """Make the process speak ``lang``: the catalogue, Qt's own words and the font."""
    i18n.set_language(lang)
    qt_translations(app, lang)
    apply_font(app, lang)


def add_menu(window) -> QMenu:
    """View ▸ Language: each language in its own words, the current one checked.

    A choice only asks (``window.languageRequested``); the :class:`Switcher` answers.
    """
    menu = QMenu(i18n.tr("&Language"), window)
    menu.setObjectName("language-menu")
    group = QActionGroup(menu)
    for lang in i18n.LANGUAGES:
        action = QAction(i18n.NATIVE_NAMES[lang], menu)
        action.setCheckable(True)
        action.setChecked(lang == i18n.language())
        action.setData(lang)
        action.triggered.connect(lambda _=False, lang=lang: window.languageRequested.emit(lang))
        group.addAction(action)
        menu.addAction(action)
        window.add_action(f"language:{lang}", action)
    window.menu("view").addSeparator()
    window.menu("view").addMenu(menu)
    return menu


class Switcher(QObject):
    """Rebuilds the main window in another language, keeping what the user has open.

    ``build(workspace, page_html)`` makes a window (``MainWindow``); ``page(workspace)``
    gives the page for the current language. ``window`` is the window now shown.
    """

    def __init__(self, app: QApplication, build: Callable, page: Callable[[object], str]) -> None:
        super().__init__(app)
        self.app, self.build, self.page = app, build, page
        self.window = None

    def adopt(self, window) -> None:
        """``window`` is the one shown now: its View ▸ Language switches through here."""
        self.window = window
        window.languageRequested.connect(self.switch)

    def switch(self, lang: str) -> object:
        """Speak ``lang`` from now on, remember it, and rebuild the window if it changes."""
        lang = i18n.parse_language(lang) or i18n.DEFAULT
        save_language(lang)
        old = self.window
        if old is None or lang == i18n.language():
            return old
        old.save_settings()  # the new window starts where this one is, as a restart would
        state, geometry, docks = old.session.state, old.saveGeometry(), old.saveState()
        splitter, project, title = old.splitter.saveState(), old.projects.path, old.windowTitle()
        workspace = old.workspace
        apply(self.app, lang)
        from explorer.workspace import Workspace

        # The atlas's page for the new language (cached per language); your layers are sent to it after.
        new = self.build(workspace, self.page(Workspace(workspace.atlas)))
        new.restoreGeometry(geometry)
        new.restoreState(docks)
        new.splitter.restoreState(splitter)
        new.session.replace(workspace.resolve(state))
        new.user_layers.page.sync()
        _carry_pages(old, new)
        new.projects.path = project
        if project is not None:
            new.setWindowTitle(title)
        self.adopt(new)
        new.show()
        old.retire()
        return new


def _carry_pages(old, new) -> None:
    """The page the panel shows (a provision, a controversy) and the tabs open stay as they were."""
    page = old.panel.current
    if page and page != new.panel.current:
        new.panel.open_page(page, remember=False)
    new.panel.tabs.setCurrentIndex(old.panel.tabs.currentIndex())
    new.filter_dock.tabs.setCurrentIndex(old.filter_dock.tabs.currentIndex())


__all__ = ["Switcher", "apply", "apply_font", "qt_translations", "add_menu", "JAPANESE_FONT"]
