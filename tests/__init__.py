"""The test suite; its folders mirror the packages of `src/endoquiz/`.

A test of one part of the core sits in the folder named after that part's
package (`tests/store/test_progress_store.py` tests
`endoquiz/store/progress_store.py`), so a change's tests are found where its
code is. The top of `tests/` holds the tests of the top-level module `paths.py`
and of the whole: the rules every module obeys (architecture,
public API, front door), the suite's own habits (repeatable property tests),
the docs kept true (reliability, search), the lock, and faults made real on a
whole library (crash safety, disk faults). Shared fixtures and helpers
(`conftest.py`, `simulation.py`) stay at the top too. `cli/`, `gui/`, `generator/`,
`faults/` (the long fault series) and `conformance/` (Anki's scheduler
replayed) are folders of their own.
"""
