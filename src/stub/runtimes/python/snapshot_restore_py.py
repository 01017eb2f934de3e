"""Runtime hooks for Lambda SnapStart, as the module `snapshot_restore_py`
offers them to functions on AWS's Python runtimes.

Written from the documented behaviour (standard library only): a function
registers callables, with their arguments, to run before the snapshot is
taken and after each restore. Both calls also work as decorators. The
before-snapshot hooks run in the reverse order of their registration, the
after-restore hooks in their order; coldbench's snapshot server
(snapshot_server.py) runs them.
https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-python.html
"""

_before_snapshot_registry = []
_after_restore_registry = []


def register_before_snapshot(func, *args, **kwargs):
    _before_snapshot_registry.append((func, args, kwargs))
    return func


def register_after_restore(func, *args, **kwargs):
    _after_restore_registry.append((func, args, kwargs))
    return func


def get_before_snapshot():
    return _before_snapshot_registry


def get_after_restore():
    return _after_restore_registry
