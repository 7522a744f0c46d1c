"""The site's stand-in for the standard library's `asyncio` in the reader's runtime (not imported
here: assets.py puts this file's source in place of `asyncio/__init__.py` in the runtime's
standard library).

Why: Pyodide's core imports asyncio at every start-up and keeps its `get_event_loop`, which it
calls only when Python awaits a JavaScript promise. The stock package imports 45 more modules
as it loads (its event loops and transports, `subprocess`, `socket`, `ssl`, `threading`,
`logging`, `locale` …): as many modules to run before a figure goes live, and 290 KB of the
reader's download (the trimmed library went from 686 to 398 KB; the runtime bytes before the
first figure, from 4.63 to 4.34 MB: tests/bench/bench_browser.py). The figures run no
coroutine and await nothing, and the worker calls Python synchronously (`runPython`).
Anything that does want an event loop gets a readable error naming this file. The build boots
the runtime and runs every figure on the library with this stand-in (pyodide_build.mjs);
tests/unit/test_runtime_build.py checks its errors, and the browser tests run the real worker
on it.
"""

REASON = (
    "this site's Python runtime has no event loop: its asyncio is a stand-in, since the "
    "figures await nothing (see widgets/synapse_docs/pyodide_asyncio.py)"
)


def get_event_loop() -> object:
    """What Pyodide's core calls to await a JavaScript promise: not in this runtime."""
    raise RuntimeError(REASON)


def get_running_loop() -> object:
    """No loop is ever running here."""
    raise RuntimeError(REASON)


def __getattr__(name: str) -> object:
    raise AttributeError(f"module 'asyncio' has no attribute '{name}': {REASON}")
