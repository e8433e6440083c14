"""A small in-process memo for the pure stages of an import (parsing, extraction, question generation).

Keyed by the content of the arguments (the sha256 of their pickle), never by a name or an id, so an edited
source or a changed row can only miss, never be served an old result. Each caller gets its own deep copy:
the import adjusts the parsed document in place (learning.services.corrections.import_adjusted).
A stage that raises is not remembered. The same text is parsed for the preview and again for the import,
and the test suite imports the seed document about 150 times.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import pickle
import threading
from collections import OrderedDict


def content_memo(maxsize: int):
    """Decorator: remember the last `maxsize` results of a deterministic function by its arguments' content."""

    def decorate(function):
        results: OrderedDict[bytes, object] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(function)
        def memoized(*args, **kwargs):
            payload = pickle.dumps((args, sorted(kwargs.items())), protocol=pickle.HIGHEST_PROTOCOL)
            key = hashlib.sha256(payload).digest()
            with lock:
                found = key in results
                if found:
                    results.move_to_end(key)
                    result = results[key]
            if not found:
                result = function(*args, **kwargs)
                with lock:
                    results[key] = result
                    while len(results) > maxsize:
                        results.popitem(last=False)
            return copy.deepcopy(result)

        memoized.cache_clear = results.clear
        return memoized

    return decorate
