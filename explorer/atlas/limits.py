"""Limits on the data files the atlas reads.

Apart from the loaders so that the store's data fingerprint, computed at the
very start of the window before the page can be found, learns the size limit
without importing the loaders (~20-50 ms of the interpreter, which the start's
main thread is waiting for meanwhile).
"""

#: No data file is read past this size (the real basemap is ~1.3 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
