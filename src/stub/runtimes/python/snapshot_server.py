"""coldbench's SnapStart snapshot for Lambda's Python runtimes.

Started as `python3 -B snapshot_server.py <module.function>` when a version of
a SnapStart function is published, with a control channel on fd 3 (a socket
pair to the local service). It runs the function's init once, as Lambda does
at publish, then the before-snapshot hooks that the function registered with
`snapshot_restore_py`, and says it is ready: this initialised interpreter is
the snapshot. On one machine a restore is a fork(): for each new execution
environment of the version, the service asks for a child; the child becomes
that environment's runtime (its own session for signals, its own output
sockets, its own Runtime API address), runs the after-restore hooks and asks
for its first event. The parent reaps its children and reports how each one
ended, since the service did not start them itself.

Control messages are JSON lines. Service -> snapshot:
  {"fork": id, "api": "host:port", "out": "host:port"}
Snapshot -> service:
  {"ready": true} | {"initError": error document}
  {"forked": id, "pid": pid} | {"exit": pid, "code": code|null, "signal": name|null}
"""

import errno
import gc
import json
import os
import select
import signal
import socket
import sys

import runtime_client as rc
import snapshot_restore_py

_CONTROL_FD = 3


def _send(ctl, doc):
    ctl.sendall((json.dumps(doc) + "\n").encode("utf-8"))


def _run_before_snapshot():
    # Reverse order of registration, as AWS's runtime runs them.
    hooks = snapshot_restore_py.get_before_snapshot()
    while hooks:
        func, args, kwargs = hooks.pop()
        func(*args, **kwargs)


def _run_after_restore():
    for func, args, kwargs in snapshot_restore_py.get_after_restore():
        func(*args, **kwargs)


def _connect(address):
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, int(port)))
    return sock


def _become_environment(ctl, wake, request, handler):
    """In the forked child: never returns."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in wake:
            os.close(fd)
        ctl.close()
        # A session of its own: the service kills the environment as a group.
        os.setsid()
        # Its own stdout and stderr: one connection each to the service, named
        # by the first line, so that its output lands in its own log stream.
        for fd, name in ((1, "out"), (2, "err")):
            sock = _connect(request["out"])
            sock.sendall(("%s %s\n" % (request["fork"], name)).encode("ascii"))
            os.dup2(sock.fileno(), fd)
            sock.close()
        os.environ["AWS_LAMBDA_RUNTIME_API"] = request["api"]
        api = rc.RuntimeApi(request["api"])
        try:
            _run_after_restore()
        except Exception as exc:
            error = rc._exception_doc(exc)
            rc._log_error(error)
            code = 65
            raise SystemExit(code)
        while True:
            headers, body = api.next()
            rc._invoke(api, handler, headers, body)
    except SystemExit:
        pass
    except (OSError, rc.RuntimeApiError) as exc:
        try:
            sys.stderr.write("coldbench runtime client: %s\n" % exc)
        except Exception:
            pass
    except BaseException:
        pass
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    os._exit(code)


def _reap(ctl):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if os.WIFSIGNALED(status):
            num = os.WTERMSIG(status)
            try:
                name = signal.Signals(num).name
            except ValueError:
                name = str(num)
            _send(ctl, {"exit": pid, "code": None, "signal": name})
        else:
            _send(ctl, {"exit": pid, "code": os.WEXITSTATUS(status), "signal": None})


def _serve(ctl, handler):
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    signal.set_wakeup_fd(wake_w)
    buf = b""
    while True:
        try:
            readable = select.select([ctl, wake_r], [], [])[0]
        except InterruptedError:
            continue
        if wake_r in readable:
            try:
                while os.read(wake_r, 512):
                    pass
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK):
                    raise
            _reap(ctl)
        if ctl in readable:
            data = ctl.recv(65536)
            if not data:
                # The service is gone: so is the snapshot.
                return
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                request = json.loads(line.decode("utf-8"))
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    _become_environment(ctl, (wake_r, wake_w), request, handler)
                _send(ctl, {"forked": request["fork"], "pid": pid})


def main(argv):
    rc.prepare_process()
    ctl = socket.socket(fileno=_CONTROL_FD)
    spec = argv[1] if len(argv) > 1 else os.environ.get("_HANDLER", "")
    error = None
    try:
        rc._setup_logging()
        handler = rc.load_handler(spec)
    except rc.Fault as fault:
        error = rc._error_doc(fault.message, fault.error_type, fault.trace)
    except Exception as exc:
        error = rc._exception_doc(exc)
    error_type = None
    if error is None:
        try:
            _run_before_snapshot()
        except Exception as exc:
            error = rc._exception_doc(exc)
            # AWS's client logs the exception as it is and posts the init
            # error as Runtime.BeforeSnapshotError (its error type header).
            error_type = "Runtime.BeforeSnapshotError"
    if error is not None:
        rc._log_error(error)
        _send(ctl, {"initError": dict(error, errorType=error_type or error["errorType"])})
        return 1
    # What is shared with every child stays shared: the collector never
    # touches (and so never copies) the objects made during init.
    gc.freeze()
    _send(ctl, {"ready": True})
    _serve(ctl, handler)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
