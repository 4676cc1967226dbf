"""QtWebEngine plumbing shared by the window and the headless exporter.

The URL scheme that serves the page and its assets, the page policy (no
navigation away, console to logging), and the one narrow bridge from the page
to Python. No widgets beyond QWebEngineView live here; the window is in gui/.
"""
