"""Import WeasyPrint without its slow library search.

WeasyPrint opens Pango, HarfBuzz and friends by trying several names per library; on Linux
each name that is not a file name makes ctypes run gcc, ldconfig and ld to search for it
(dozens of child processes, a tenth of a second per start). Every list ends with the
library's soname, which dlopen finds directly, so during the import the search is skipped.
If that ever fails, the import is retried with the search in place.
"""

from __future__ import annotations

import ctypes.util
import importlib
import sys
from types import ModuleType


def import_weasyprint() -> ModuleType:
    """Import weasyprint, skipping ctypes' library search on Linux."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return importlib.import_module("weasyprint")
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        return importlib.import_module("weasyprint")
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    return importlib.import_module("weasyprint")
