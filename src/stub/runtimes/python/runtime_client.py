"""coldbench's runtime client for Lambda's Python runtimes.

Started by `python3 -B bootstrap.py <module.function>` (bootstrap.py imports
this module, so that its cached bytecode is used) inside one execution
environment of the local Lambda service. It loads the handler, then loops over
the Lambda Runtime API (AWS_LAMBDA_RUNTIME_API): GET /next, call the handler,
POST /response or /error; a handler that cannot be loaded is reported once on
/init/error. Behaviour follows AWS's aws-lambda-python-runtime-interface-client
(awslambdaric/: error documents, log formats, the context object, simplejson's
encoding of results), written again with the standard library only; the cases
in test/stub/runtimes/conformance/python-*.test.ts hold it to that, each
citing the AWS file it comes from.

Init Duration is measured up to the first /next, so everything imported here
is paid by every cold start: the HTTP client is a few lines over `socket`
because `http.client` pulls in `email` and `ssl` (tens of milliseconds).
`logging` and `json` are imported eagerly, as AWS's client does.
"""

import gc
import json
import logging
import os
import socket
import sys
import time
from itertools import compress

_API_PREFIX = "/2018-06-01/runtime"
_ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
# Continuation lines of one log event are joined by \r and indented with
# no-break spaces, as Lambda does, so that CloudWatch keeps them as one event.
_LINE_JOIN = "\r"
_INDENT = "\u00a0"
_UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in "
    "the function code. However, in rare cases, a Lambda runtime update can "
    "cause unexpected function behavior. For functions using managed runtimes, "
    "runtime updates can be triggered by a function change, or can be applied "
    "automatically. To determine if the runtime has been updated, check the "
    "runtime version in the INIT_START log entry. If this error correlates with "
    "a change in the runtime version, you may be able to mitigate this error by "
    "temporarily rolling back to the previous runtime version. For more "
    "information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)


class Fault(Exception):
    """An error the runtime itself reports (Runtime.*), not the handler's own."""

    def __init__(self, error_type, message, trace=None):
        Exception.__init__(self, message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


class RuntimeApiError(Exception):
    pass


_NEXT_PATH = _API_PREFIX + "/invocation/next"


class RuntimeApi(object):
    """HTTP/1.1 with keep-alive over one socket to the environment's Runtime API.

    A result and the following /next leave in one write (HTTP pipelining):
    the service can answer both at once, and a warm invocation costs one
    round trip instead of two. The answers are read in order.
    """

    def __init__(self, address):
        # host:port, then an optional path prefix put before every route (the
        # local service's per-environment secret), as AWS's clients keep it
        # by building "http://" + address + "/2018-06-01/...".
        address, slash, path = address.partition("/")
        self._path = ("/" + path.rstrip("/")) if slash and path.strip("/") else ""
        host, _, port = address.rpartition(":")
        self._address = (host.strip("[]") or "127.0.0.1", int(port))
        self._host_header = address
        self._sock = None
        self._buf = b""
        # A /next already sent behind the last result, its answer not yet read.
        self._next_sent = False

    def _connect(self):
        host = self._address[0]
        if host.replace(".", "").isdigit() or ":" in host:
            # A numeric address (what the service gives): connect directly.
            # create_connection would resolve it through getaddrinfo, which
            # imports the idna codec on every cold start.
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.connect(self._address)
            except OSError:
                sock.close()
                raise
        else:
            sock = socket.create_connection(self._address)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self._buf = b""

    def close(self):
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                pass
        self._sock = None
        self._next_sent = False

    def _encode(self, method, path, body=b"", headers=None):
        head = "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: coldbench-python\r\n" % (
            method,
            self._path + path,
            self._host_header,
        )
        if headers:
            for name, value in headers.items():
                head += "%s: %s\r\n" % (name, value)
        if method != "GET":
            head += "Content-Length: %d\r\n" % len(body)
        return head.encode("latin-1") + b"\r\n" + body

    def _exchange(self, data):
        """Sends `data` (one or more requests) and reads the first answer."""
        # A kept-alive connection may have been closed by the server while we
        # were idle; nothing was processed then, so one retry is safe.
        for attempt in (0, 1):
            reused = self._sock is not None
            if not reused:
                self._connect()
            try:
                self._sock.sendall(data)
                return self._read_response()
            except (ConnectionError, _Eof):
                self.close()
                if attempt == 1 or not reused:
                    raise RuntimeApiError("the Runtime API closed the connection")

    def _fill(self):
        chunk = self._sock.recv(65536)
        if not chunk:
            raise _Eof()
        self._buf += chunk

    def _read_until(self, marker):
        while True:
            at = self._buf.find(marker)
            if at >= 0:
                out = self._buf[:at]
                self._buf = self._buf[at + len(marker):]
                return out
            self._fill()

    def _read_exact(self, n):
        while len(self._buf) < n:
            self._fill()
        out = self._buf[:n]
        self._buf = self._buf[n:]
        return out

    def _read_response(self):
        head = self._read_until(b"\r\n\r\n").decode("latin-1").split("\r\n")
        parts = head[0].split(" ", 2)
        status = int(parts[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self._read_until(b"\r\n").split(b";")[0], 16)
                if size == 0:
                    # Trailers (none expected) end with an empty line.
                    while self._read_until(b"\r\n"):
                        pass
                    break
                body += self._read_exact(size)
                self._read_until(b"\r\n")
        elif "content-length" in headers:
            body = self._read_exact(int(headers["content-length"]))
        else:
            body = self._read_to_eof()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    def _read_to_eof(self):
        while True:
            try:
                self._fill()
            except _Eof:
                out, self._buf = self._buf, b""
                return out

    # The four calls a runtime makes.

    def next(self):
        answer = None
        if self._next_sent and self._sock is not None:
            self._next_sent = False
            try:
                answer = self._read_response()
            except (ConnectionError, _Eof):
                # Closed before answering the pipelined /next: ask again.
                self.close()
        if answer is None:
            answer = self._exchange(self._encode("GET", _NEXT_PATH))
        status, headers, body = answer
        if status != 200:
            raise RuntimeApiError("/next answered %d: %r" % (status, body[:200]))
        return headers, body

    def post_response(self, request_id, payload, content_type):
        self._post("/invocation/%s/response" % request_id, payload, {"Content-Type": content_type}, True)

    def post_error(self, request_id, error):
        self._post(
            "/invocation/%s/error" % request_id,
            _to_json(error).encode("utf-8"),
            {"Content-Type": "application/json", _ERROR_TYPE_HEADER: error["errorType"]},
            True,
        )

    def post_init_error(self, error):
        self._post(
            "/init/error",
            _to_json(error).encode("utf-8"),
            {"Content-Type": "application/json", _ERROR_TYPE_HEADER: error["errorType"]},
        )

    def _post(self, path, body, headers, then_next=False):
        data = self._encode("POST", _API_PREFIX + path, body, headers)
        if then_next:
            data += self._encode("GET", _NEXT_PATH)
        status, _, answer = self._exchange(data)
        # Unless the answer closed the connection, the /next is on its way.
        self._next_sent = then_next and self._sock is not None
        # 413 (response too large) is the service's to report, not ours to retry.
        if status not in (202, 413):
            raise RuntimeApiError("%s answered %d: %r" % (path, status, answer[:200]))


class _Eof(Exception):
    pass


# --- JSON, as Lambda's Python runtimes encode results ---------------------------
#
# AWS's client encodes with simplejson (awslambdaric/lambda_runtime_marshaller.py):
# a Decimal as its exact digits (NaN for a NaN one), bytes inside a result and
# bytes keys as their UTF-8 text, an object with _asdict() (a namedtuple) as a
# JSON object, NaN and infinities allowed. Here the standard library's C
# encoder does the work; what it would do differently is handled around it:
# default() gets bytes, Decimals and _asdict() objects that are not tuples;
# a namedtuple (the C encoder takes any tuple for an array) and a bytes key
# (it refuses them) make the result be rewritten first, which only such
# results pay for.

# Python 3.12 and later runtimes stopped escaping non-ASCII characters.
_ENSURE_ASCII = os.environ.get("AWS_EXECUTION_ENV", "") not in (
    "AWS_Lambda_python3.12",
    "AWS_Lambda_python3.13",
    "AWS_Lambda_python3.14",
    "AWS_Lambda_python3.15",
)

_SCALARS = frozenset((str, int, float, bool, type(None)))
_CONTAINERS = (dict, list, tuple)
_PLAIN_CONTAINERS = frozenset(_CONTAINERS)


def _asdict_of(obj):
    """obj._asdict() as simplejson takes it (namedtuple_as_object), or None."""
    method = getattr(obj, "_asdict", None)
    if not callable(method):
        return None
    try:
        value = method()
    except TypeError:
        return None
    if not isinstance(value, dict):
        raise TypeError("_asdict() must return a dict, not %s" % type(value).__name__)
    return value


def _needs_rewrite(obj):
    """Whether `obj` holds a list, tuple or dict subclass with _asdict() (a
    namedtuple), which the C encoder would write as an array or a plain dict.
    Level by level through the containers with C-speed steps (the collector's
    referents, map, compress), each container once however often it is
    referred to: a few microseconds for a small result, about half the
    encoding's time for 10,000 dicts. simplejson on Lambda pays as much: its
    C encoder looks up _asdict on every container it writes."""
    kind = type(obj)
    if kind in _SCALARS:
        return False
    if kind is dict and _SCALARS.issuperset(map(type, obj.values())):
        # The usual result: an object of scalars.
        return False
    level = [obj]
    types = [kind]
    kinds = set(types)
    seen = set()
    while True:
        containers = set()
        for kind in kinds:
            if kind in _PLAIN_CONTAINERS:
                containers.add(kind)
            elif issubclass(kind, _CONTAINERS):
                if callable(getattr(kind, "_asdict", None)):
                    return True
                containers.add(kind)
        if not containers:
            return False
        if not kinds <= containers:
            level = list(compress(level, map(containers.__contains__, types)))
        ids = set(map(id, level))
        if len(ids) != len(level) or not seen.isdisjoint(ids):
            # Shared or cyclic containers: each one is visited once.
            fresh = dict(zip(map(id, level), level))
            for known in seen.intersection(fresh):
                del fresh[known]
            if not fresh:
                return False
            level = list(fresh.values())
            ids = fresh.keys()
        seen.update(ids)
        level = gc.get_referents(*level)
        types = list(map(type, level))
        kinds = set(types)


def _rewrite(obj, active):
    """A copy of `obj` that the C encoder writes as simplejson would: _asdict()
    objects as dicts, bytes keys as text. `active`: the containers being
    copied, to refuse a cycle as the encoder does."""
    t = type(obj)
    if t in _SCALARS:
        return obj
    if not isinstance(obj, _CONTAINERS):
        return obj
    if id(obj) in active:
        raise ValueError("Circular reference detected")
    active.add(id(obj))
    try:
        if t is not dict and t is not list and t is not tuple:
            as_dict = _asdict_of(obj)
            if as_dict is not None:
                return _rewrite(as_dict, active)
        if isinstance(obj, dict):
            out = {}
            for key, value in obj.items():
                if isinstance(key, bytes):
                    key = str(key, "utf-8")
                out[key] = _rewrite(value, active)
            return out
        return [_rewrite(value, active) for value in obj]
    finally:
        active.discard(id(obj))


# A Decimal is written as a placeholder string, swapped for its digits after
# encoding: the C encoder has no way to write raw text. The placeholder holds a
# random token, so that no string of the result can be taken for one.
_raw_values = []
_raw_token = None
_raw_pattern = None


def _raw_placeholder(text):
    global _raw_token, _raw_pattern
    if _raw_token is None:
        import re

        _raw_token = "coldbench-raw-" + os.urandom(8).hex() + "-"
        _raw_pattern = re.compile('"\\\\u0000' + _raw_token + '(\\d+)\\\\u0000"')
    _raw_values.append(text)
    return "\x00%s%d\x00" % (_raw_token, len(_raw_values) - 1)


def _json_default(obj):
    if isinstance(obj, bytes):
        return str(obj, "utf-8")
    as_dict = _asdict_of(obj)
    if as_dict is not None:
        return _rewrite(as_dict, set()) if _needs_rewrite(as_dict) else as_dict
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(obj, decimal.Decimal):
        if obj.is_nan():
            return float("nan")
        return _raw_placeholder(str(obj))
    raise TypeError("Object of type %s is not JSON serializable" % type(obj).__name__)


_encoder = json.JSONEncoder(default=_json_default, ensure_ascii=_ENSURE_ASCII, allow_nan=True)


def _to_json(obj):
    if _needs_rewrite(obj):
        obj = _rewrite(obj, set())
    del _raw_values[:]
    try:
        try:
            text = _encoder.encode(obj)
        except TypeError as exc:
            # The C encoder refuses bytes keys, which simplejson writes as text.
            if not str(exc).startswith("keys must be"):
                raise
            del _raw_values[:]
            text = _encoder.encode(_rewrite(obj, set()))
        if _raw_values:
            text = _raw_pattern.sub(lambda m: _raw_values[int(m.group(1))], text)
        return text
    finally:
        del _raw_values[:]


def _marshal(result):
    if isinstance(result, bytes):
        return result, "application/unknown"
    try:
        return _to_json(result).encode("utf-8"), "application/json"
    except Exception as exc:
        raise Fault("Runtime.MarshalError", "Unable to marshal response: %s" % exc)


# --- The context object ----------------------------------------------------------
#
# As AWS's client builds it (awslambdaric/lambda_context.py): the same
# attributes in the same order (vars(context) is the same), objects with
# __slots__ for the client context and the identity, and the same reprs.


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __repr__(self):
        return "CognitoIdentity([cognito_identity_id=%s,cognito_identity_pool_id=%s])" % (
            self.cognito_identity_id,
            self.cognito_identity_pool_id,
        )


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]

    def __repr__(self):
        return (
            "Client([installation_id=%s,app_title=%s,app_version_name=%s,app_version_code=%s,app_package_name=%s])"
            % (self.installation_id, self.app_title, self.app_version_name, self.app_version_code, self.app_package_name)
        )


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]

    def __repr__(self):
        return "ClientContext([custom=%s,env=%s,client=%s])" % (self.custom, self.env, self.client)


def _object_from_dict(cls, doc):
    """Every slot of a new `cls` from doc.get(slot); None for no doc. Like
    AWS's client, a doc that is not a dict fails (AttributeError)."""
    if doc is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, doc.get(field, None))
    return obj


class LambdaContext(object):
    def __init__(self, invoke_id, client_context, cognito_identity, epoch_deadline_time_in_ms, invoked_function_arn=None, tenant_id=None):
        env = os.environ
        self.aws_request_id = invoke_id
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        # A string, as on Lambda (it is read from the environment there too).
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = _object_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _object_from_dict(Client, self.client_context.client)
        self.identity = _object_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        left = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return left if left > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return (
            "%s([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,function_name=%s,memory_limit_in_mb=%s,"
            "function_version=%s,invoked_function_arn=%s,client_context=%s,identity=%s,tenant_id=%s])"
            % (
                self.__class__.__name__,
                self.aws_request_id,
                self.log_group_name,
                self.log_stream_name,
                self.function_name,
                self.memory_limit_in_mb,
                self.function_version,
                self.invoked_function_arn,
                self.client_context,
                self.identity,
                self.tenant_id,
            )
        )


def _json_header(headers, name, what):
    raw = headers.get(name)
    if not raw:
        return None
    # Header bytes were decoded as latin-1; JSON in them is UTF-8.
    try:
        text = raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        text = raw
    try:
        return json.loads(text)
    except ValueError as exc:
        raise Fault("Runtime.LambdaContextUnmarshalError", "Unable to parse %s JSON: %s" % (what, exc))


# --- Logging -----------------------------------------------------------------------

_request_id = ""
_tenant_id = None


class _Unbuffered(object):
    """Every write reaches the environment's log at once, so a line printed
    during an invocation is in that invocation's log and in order with the
    logging module's records."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        n = self._stream.write(text)
        self._stream.flush()
        return n

    def writelines(self, lines):
        self._stream.writelines(lines)
        self._stream.flush()

    def __getattr__(self, name):
        return getattr(self._stream, name)


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id
        record.tenant_id = _tenant_id
        return True


class _LambdaHandler(logging.Handler):
    # No try/except, as in AWS's client: a record that cannot be formatted
    # (wrong arguments; with JSON, an extra field JSON cannot encode) raises
    # in the logging call, inside the handler.
    def emit(self, record):
        sys.stdout.write(self.format(record))


# What a LogRecord always carries (AWS's _RESERVED_FIELDS); anything else on it
# (logging's `extra=`, taskName inside an asyncio task) becomes a field of the
# JSON record.
_RECORD_FIELDS = frozenset((
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info", "exc_text",
    "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread", "threadName",
    "processName", "process", "aws_request_id", "tenant_id", "_frame_type",
))
_JSON_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# As AWS's formatter encodes: the standard library, non-ASCII as it is, no default.
_encode_log_json = json.JSONEncoder(ensure_ascii=False).encode


class _JsonFormatter(logging.Formatter):
    """A logging record as the JSON line Lambda's Python runtime writes with
    AWS_LAMBDA_LOG_FORMAT=JSON (awslambdaric/lambda_runtime_log_utils.py):
    timestamp (to the second), level (rounded down to a standard one, on the
    record too), message, logger, requestId; an exception's stackTrace,
    errorType, errorMessage and location; tenantId in a tenant's invocation;
    the record's extra fields. Fields without a value are left out."""

    def format(self, record):
        record.levelno = min(50, max(0, record.levelno)) // 10 * 10
        record.levelname = logging.getLevelName(record.levelno)
        exc = record.exc_info
        doc = {
            "timestamp": time.strftime(_JSON_TIME_FORMAT, self.converter(record.created)),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
        }
        if exc:
            import traceback

            doc["stackTrace"] = traceback.format_tb(exc[2])
            doc["errorType"] = exc[0].__name__
            doc["errorMessage"] = str(exc[1])
        doc["requestId"] = getattr(record, "aws_request_id", None)
        if exc:
            doc["location"] = "%s:%s:%s" % (record.pathname, record.funcName, record.lineno)
        tenant = getattr(record, "tenant_id", None)
        if tenant is not None:
            doc["tenantId"] = tenant
        for key, value in record.__dict__.items():
            if key not in _RECORD_FIELDS and key not in doc:
                doc[key] = value
        doc = dict((k, v) for k, v in doc.items() if v is not None)
        return _encode_log_json(doc) + "\n"


_JSON_LOGS = os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON"


def _log_level_from_env(value):
    # AWS's rule (lambda_runtime_log_utils._get_log_level_from_env_var): only
    # TRACE, exactly, is renamed; the result must be a name logging knows.
    return {None: "", "TRACE": "DEBUG"}.get(value, value).upper()


def _setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = _LambdaHandler()
    if _JSON_LOGS:
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
                "%Y-%m-%dT%H:%M:%S",
            )
        )
    handler.addFilter(_RequestIdFilter())
    root = logging.getLogger()
    # Without a known level the root logger stays at Python's WARNING.
    level = _log_level_from_env(os.environ.get("AWS_LAMBDA_LOG_LEVEL"))
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)


def _log_error(error):
    """The [ERROR] entry Lambda writes for a failed init or invocation; with
    the JSON format, the error document as one JSON record."""
    if _JSON_LOGS:
        doc = {"timestamp": time.strftime(_JSON_TIME_FORMAT, time.gmtime()), "log_level": "ERROR"}
        doc.update(error)
        sys.stdout.write(_to_json(doc) + "\n")
        return
    text = "[ERROR]"
    error_type = error.get("errorType")
    message = error.get("errorMessage")
    if error_type:
        text += " " + error_type
    if message:
        if error_type:
            text += ":"
        text += " " + message
    lines = [text]
    trace = error.get("stackTrace")
    if trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in trace:
            for line in element.splitlines() or [""]:
                stripped = line.lstrip(" ")
                lines.append(_INDENT * (len(line) - len(stripped)) + stripped)
    sys.stdout.write(_LINE_JOIN.join(lines) + "\n")


# --- Errors ------------------------------------------------------------------------


def _error_doc(message, error_type, trace, request_id=""):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id or "",
        "stackTrace": trace or [],
    }


# The runtime's own files: frames in them head every traceback and are left out.
_RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))
_RUNTIME_FILES = frozenset(
    os.path.join(_RUNTIME_DIR, name) for name in ("bootstrap.py", "runtime_client.py", "snapshot_server.py")
)


def _user_trace(tb):
    """The traceback from the first frame outside this runtime, as AWS's
    client cuts it (every frame kept when none is outside), each entry written
    from a plain (file, line, function, text) tuple: no ^^^ position lines."""
    import traceback

    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i, frame in enumerate(frames):
        if os.path.abspath(frame[0]) not in _RUNTIME_FILES:
            frames = frames[i:]
            break
    return traceback.format_list(frames)


def _exception_doc(exc, request_id=""):
    return _error_doc(str(exc), type(exc).__name__, _user_trace(exc.__traceback__), request_id)


# --- Handler loading -----------------------------------------------------------------


def load_handler(spec):
    try:
        modname, fname = spec.rsplit(".", 1)
    except ValueError as exc:
        raise Fault("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (spec, exc))
    # The service refuses such handlers; this holds even if one gets here: a
    # handler names a module found from LAMBDA_TASK_ROOT, never a path out of it.
    if modname.startswith(("/", "\\", ".")) or ".." in modname.replace("\\", "/").split("/"):
        raise Fault(
            "Runtime.MalformedHandlerName",
            "Bad handler '%s': the handler must name a module inside LAMBDA_TASK_ROOT" % spec,
        )
    if modname.split(".")[0] in sys.builtin_module_names:
        raise Fault(
            "Runtime.BuiltInModuleConflict",
            "Cannot use built-in module %s as a handler module" % modname,
        )
    import importlib

    try:
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as exc:
        raise Fault("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (modname, exc))
    except SyntaxError as exc:
        trace = ['  File "%s" Line %s\n    %s' % (exc.filename, exc.lineno, exc.text)]
        raise Fault("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (modname, exc), trace)
    try:
        return getattr(module, fname)
    except AttributeError:
        raise Fault("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (fname, modname))


# --- The loop --------------------------------------------------------------------------


def _invoke(api, handler, headers, body):
    global _request_id, _tenant_id
    request_id = headers.get("lambda-runtime-aws-request-id", "")
    tenant_id = headers.get("lambda-runtime-aws-tenant-id")
    _request_id = request_id
    _tenant_id = tenant_id
    trace_id = headers.get("lambda-runtime-trace-id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)

    error = None
    try:
        context = LambdaContext(
            request_id,
            _json_header(headers, "lambda-runtime-client-context", "Client Context"),
            _json_header(headers, "lambda-runtime-cognito-identity", "Cognito Identity"),
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"),
            tenant_id,
        )
        content_type = headers.get("content-type", "application/json")
        if content_type.split(";")[0].strip() == "application/json" or not content_type:
            try:
                event = json.loads(body) if body.strip() else {}
            except ValueError as exc:
                raise Fault("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % exc)
        else:
            event = body
        result = handler(event, context)
        payload, result_type = _marshal(result)
    except Fault as fault:
        error = _error_doc(fault.message, fault.error_type, fault.trace, request_id)
    except Exception as exc:
        error = _exception_doc(exc, request_id)

    if error is not None:
        _log_error(error)
        sys.stdout.flush()
        api.post_error(request_id, error)
    else:
        sys.stdout.flush()
        sys.stderr.flush()
        api.post_response(request_id, payload, result_type)


def prepare_process():
    """Unbuffered output and Lambda's import path, for this client and the snapshot server alike."""
    sys.stdout = _Unbuffered(sys.stdout)
    sys.stderr = _Unbuffered(sys.stderr)
    # Started as a script, Python put this folder (the clients' own) first on sys.path;
    # Lambda puts the function's folder (LAMBDA_TASK_ROOT) first.
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or ".") == here:
        del sys.path[0]
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    if task_root not in sys.path:
        sys.path.insert(0, task_root)


def main(argv):
    prepare_process()

    address = os.environ.get("AWS_LAMBDA_RUNTIME_API")
    if not address:
        sys.stderr.write("coldbench runtime client: AWS_LAMBDA_RUNTIME_API is not set\n")
        return 2
    spec = argv[1] if len(argv) > 1 else os.environ.get("_HANDLER", "")
    api = RuntimeApi(address)

    error = None
    try:
        _setup_logging()
        handler = load_handler(spec)
    except Fault as fault:
        error = _error_doc(fault.message, fault.error_type, fault.trace)
    except Exception as exc:
        error = _exception_doc(exc)
    if error is not None:
        logging.warning(_UNHANDLED_WARNING)
        _log_error(error)
        try:
            api.post_init_error(error)
        except (OSError, RuntimeApiError):
            pass
        return 1

    try:
        while True:
            headers, body = api.next()
            _invoke(api, handler, headers, body)
    except (OSError, RuntimeApiError) as exc:
        # The service ended this environment; nothing is left to report to.
        sys.stderr.write("coldbench runtime client: %s\n" % exc)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
