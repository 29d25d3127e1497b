"""Network probes: which download endpoints answer, how fast, through which proxy.

catalogue.py reads the list of well-known endpoints and mirrors (compat/mirrors.toml,
or the file named by YOLODOCTOR_MIRRORS_FILE); endpoints.py decides what to probe
from the machine's own settings; transfer.py makes one bounded HTTP request;
probe.py runs them all concurrently under one hard deadline and records Facts.
"""
