#!/usr/bin/python3
"""A local emulator of Microsoft Azure Attestation's AzureGuest API, for testing attest-init
against an independent implementation (docs/maa-azureguest.md; test/provider/README.md).

Three loopback listeners (port 0 = any free port):
  https    POST /attest/AzureGuest?api-version=2020-10-01, GET /certs,
           GET /.well-known/openid-configuration (TLS with the emulator's test CA)
  thim     plain HTTP: GET /metadata/THIM/amd/certification (header "Metadata: true")
  control  plain HTTP: POST /fault {"mode": ..., params}, GET /stats
The chosen ports go to stdout ("https=P thim=Q control=R") and to --ports-file (JSON).
The emulator stops on SIGTERM/SIGINT, after --idle-timeout seconds without a request, or after
--max-requests requests.
"""
import argparse
import base64
import json
import os
import re
import signal
import ssl
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import serialization

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import azureguest_request as req  # noqa: E402
import azureguest_token as tok  # noqa: E402
import emulator_pki  # noqa: E402
import x509_chain  # noqa: E402

ATTEST_PATH = "/attest/AzureGuest"
API_VERSION = "2020-10-01"
THIM_PATH = "/metadata/THIM/amd/certification"
MAX_CONNECTIONS = 16
SOCKET_TIMEOUT = 10.0
MAX_HANG = 300.0
MAX_DELAY = 60.0
MAX_OVERSIZED = 64 << 20
MAX_DRAIN = 4 << 20
LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
DNS_NAME = re.compile(r"(?:%s\.)+%s" % (LABEL, LABEL))
FAULTS = {
    "none": (), "error": ("status", "count"), "ratelimit": ("retry_after", "count"),
    "slow": ("delay", "count"), "hang": ("seconds", "count"), "truncate": ("count",),
    "garbage": ("count",), "oversized": ("bytes", "count"), "unknown_key": ("count",),
    "expired": ("count",), "wrong_issuer": ("count",), "wrong_nonce": ("count",),
    "wrong_ephemeral_key": ("count",), "bad_tag": ("count",), "bad_iv": ("count",),
    "bad_key_size": ("count",), "deny": ("count",), "untrusted_tls": ("count",),
    "clock": ("offset", "count"),
}
MAX_CLOCK_OFFSET = 86400
TOKEN_FAULTS = {"expired", "wrong_issuer", "wrong_nonce", "wrong_ephemeral_key"}
ENVELOPE_FAULTS = {"bad_tag", "bad_iv", "bad_key_size"}


def parse_fault(spec):
    """MODE or MODE:key=value,... (command line) -> dict; ValueError when unknown or out of
    range. count = how many requests (connections for untrusted_tls) it applies to; absent =
    until changed."""
    mode, _, rest = spec.partition(":")
    params = dict(kv.split("=", 1) for kv in rest.split(",") if kv) if rest else {}
    return check_fault(dict(params, mode=mode))


def check_fault(f):
    if not isinstance(f, dict) or f.get("mode") not in FAULTS:
        raise ValueError("unknown fault mode")
    allowed = FAULTS[f["mode"]]
    out = {"mode": f["mode"]}
    for k, v in f.items():
        if k == "mode":
            continue
        if k not in allowed:
            raise ValueError("fault %s takes no %s" % (f["mode"], k))
        v = float(v) if k in ("delay", "seconds") else int(v)
        if k == "offset":
            if abs(v) > MAX_CLOCK_OFFSET:
                raise ValueError("fault %s: %s out of range" % (f["mode"], k))
        elif v < 0 or (k == "delay" and v > MAX_DELAY) or (k == "seconds" and v > MAX_HANG) or \
                (k == "bytes" and v > MAX_OVERSIZED) or (k == "status" and v not in (500, 503)):
            raise ValueError("fault %s: %s out of range" % (f["mode"], k))
        out[k] = v
    return out


class App:
    """Shared state of the three listeners; every mutable field is guarded by self.lock."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.fault = {"mode": "none"}
        self.requests = 0
        self.stats = {}
        self.last = time.monotonic()
        with open(args.ak_roots, "rb") as f:
            self.roots = x509_chain.load_pem_chain(f.read())

    def touch(self, what):
        with self.lock:
            self.last = time.monotonic()
            self.requests += 1
            self.stats[what] = self.stats.get(what, 0) + 1
            if self.requests >= self.args.max_requests:
                self.stop.set()

    def take_fault(self, kinds=None):
        """The active fault if it is one of kinds (None: any but untrusted_tls); consumes one
        use of a counted fault."""
        with self.lock:
            f = dict(self.fault)
            if f["mode"] == "none" or (kinds is None and f["mode"] == "untrusted_tls") or \
                    (kinds is not None and f["mode"] not in kinds):
                return {"mode": "none"}
            if "count" in self.fault:
                self.fault["count"] -= 1
                if self.fault["count"] <= 0:
                    self.fault = {"mode": "none"}
            return f

    def set_fault(self, f):
        with self.lock:
            self.fault = f

    def setup_pki(self, https_port):
        a = self.args
        port = "" if https_port == 443 else ":%d" % https_port
        self.base_url = "https://%s%s" % (a.dns_name, port)
        self.pki = emulator_pki.make(a.state_dir, a.dns_name, self.base_url)
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.minimum_version = ssl.TLSVersion.TLSv1_2
        self.tls.load_cert_chain(self.pki.paths["server.pem"], self.pki.paths["server.key"])
        self.bad_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.bad_tls.load_cert_chain(self.pki.paths["untrusted-server.pem"],
                                     self.pki.paths["untrusted-server.key"])
        der = self.pki.signing_cert.public_bytes(serialization.Encoding.DER)
        # Shape of the recorded MAA /certs (section 5): x5c + kid + kty, no n/e.
        self.jwks = {"keys": [{"kid": self.pki.kid, "kty": "RSA",
                               "x5c": [base64.b64encode(der).decode()]}]}
        with open(os.path.join(a.state_dir, "jwks.json"), "w") as f:
            json.dump(self.jwks, f)

    def attest(self, body, fault):
        """Checks -> policy -> token -> envelope; Reject propagates as a 400."""
        now = datetime.now(timezone.utc)
        ev = req.check(body, self.roots, self.pki.ark, now)
        if fault["mode"] == "deny":
            raise req.Reject("PolicyDenied", "policy: denied by the emulator's deny fault")
        tok.policy(ev)
        mode = fault["mode"]
        # The clock fault: the provider's clock is `offset` seconds off ours (token times only).
        issued = int(now.timestamp()) + (fault.get("offset", 0) if mode == "clock" else 0)
        claims = tok.claims(ev, self.base_url, issued,
                            mode if mode in TOKEN_FAULTS else None)
        key = self.pki.unknown_key if mode == "unknown_key" else self.pki.signing_key
        jwt = tok.sign(claims, key, self.pki.kid, self.base_url + "/certs")
        return tok.envelope(jwt, ev.enc_n, ev.enc_e, mode if mode in ENVELOPE_FAULTS else None)


def error_body(code, message):
    return json.dumps({"error": {"code": code, "message": message}}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "attest-init-maa-emulator"

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):
        if self.server.app.args.verbose:
            sys.stderr.write("maa-emulator: %s %s\n" % (self.server.kind, fmt % args))

    def send(self, status, body, ctype="application/json; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def fail(self, status, code, message, headers=()):
        self.send(status, error_body(code, message), headers=headers)

    def body(self, cap):
        """The request body, by Content-Length only (no chunked), at most cap bytes."""
        if self.headers.get("Transfer-Encoding"):
            self.fail(411, "LengthRequired", "chunked bodies are not accepted")
            return None
        try:
            n = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.fail(411, "LengthRequired", "Content-Length missing or bad")
            return None
        if not 0 <= n <= cap:
            # Read (bounded) what the client is sending so that it sees the 413, not a reset.
            left = n if n <= MAX_DRAIN else 0
            while left > 0:
                chunk = self.rfile.read(min(left, 65536))
                if not chunk:
                    break
                left -= len(chunk)
            self.fail(413, "PayloadTooLarge", "body over %d bytes" % cap)
            return None
        data = self.rfile.read(n)
        if len(data) != n:
            self.close_connection = True
            return None
        return data

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PUT(self):
        self.route("PUT")

    def do_DELETE(self):
        self.route("DELETE")

    def route(self, method):
        app = self.server.app
        url = urllib.parse.urlsplit(self.path)
        app.touch("%s %s %s" % (self.server.kind, method, url.path))
        # The whole body is read before any answer: an answer with unread request bytes
        # behind it ends in a TCP reset that can swallow the answer.
        body = b""
        if method in ("POST", "PUT") or "Content-Length" in self.headers:
            body = self.body(req.MAX_BODY if self.server.kind == "https" else 4096)
            if body is None:
                return
        getattr(self, "serve_" + self.server.kind)(app, method, url, body)

    # -- the provider (HTTPS) --------------------------------------------------------------
    def serve_https(self, app, method, url, body):
        if (method, url.path) == ("GET", "/certs"):
            return self.send(200, json.dumps(app.jwks).encode())
        if (method, url.path) == ("GET", "/.well-known/openid-configuration"):
            b = app.base_url
            return self.send(200, json.dumps({
                "claims_supported": ["iss", "exp", "iat", "nbf", "jti", "x-ms-ver",
                                     "x-ms-attestation-type", "x-ms-policy-hash",
                                     "x-ms-runtime"],
                "id_token_signing_alg_values_supported": ["RS256"], "issuer": b,
                "jwks_uri": b + "/certs", "response_types_supported": ["token", "none"],
                "revocation_endpoint": b + "/revoke"}).encode())
        if url.path != ATTEST_PATH:
            return self.fail(404, "NotFound", "no such endpoint")
        if method != "POST":
            return self.fail(405, "MethodNotAllowed", "POST only")
        if urllib.parse.parse_qs(url.query, keep_blank_values=True) != \
                {"api-version": [API_VERSION]}:
            return self.fail(400, "InvalidParameter", "api-version must be " + API_VERSION)
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return self.fail(415, "UnsupportedMediaType", "Content-Type must be application/json")
        fault = app.take_fault()
        mode = fault["mode"]
        if mode == "error":
            return self.fail(fault.get("status", 503), "ServiceUnavailable", "emulated outage")
        if mode == "ratelimit":
            return self.fail(429, "TooManyRequests", "emulated throttling",
                             headers=[("Retry-After", str(fault.get("retry_after", 1)))])
        if mode == "hang":
            app.stop.wait(fault.get("seconds", 30.0))
            self.close_connection = True
            return None
        if mode == "slow":
            app.stop.wait(fault.get("delay", 5.0))
        if mode == "garbage":
            return self.send(200, b"\x00\xff<html>not json" + os.urandom(256))
        if mode == "oversized":
            return self.oversized(fault.get("bytes", 8 << 20))
        try:
            status, out = 200, json.dumps({"token": app.attest(body, fault)}).encode()
        except req.Reject as r:
            status, out = 400, error_body(r.code, r.message)
        if mode == "truncate":
            return self.truncated(status, out)
        return self.send(status, out)

    def oversized(self, n):
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(n + 12))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b'{"token":"')
            chunk = b"A" * 65536
            for i in range(0, n, len(chunk)):
                self.wfile.write(chunk[:min(len(chunk), n - i)])
            self.wfile.write(b'"}')
        except OSError:
            pass  # the client gave up, as it should

    def truncated(self, status, out):
        """Content-Length of the whole answer, half of it sent, then the connection closed."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(out)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(out[:len(out) // 2])
        self.wfile.flush()
        self.close_connection = True

    # -- THIM (plain HTTP, IMDS-like) ------------------------------------------------------
    def serve_thim(self, app, method, url, _body):
        if (method, url.path) != ("GET", THIM_PATH):
            return self.fail(404, "NotFound", "no such endpoint")
        if self.headers.get("Metadata", "").lower() != "true":
            return self.send(400, json.dumps({"error": "Bad request. Required metadata header "
                                              "not specified"}).encode())
        pem = lambda c: c.public_bytes(serialization.Encoding.PEM).decode()
        p = app.pki
        return self.send(200, json.dumps({"vcekCert": pem(p.vcek), "tcbm": "DB18000000000004",
                                          "certificateChain": pem(p.ask) + pem(p.ark)}).encode())

    # -- control ---------------------------------------------------------------------------
    def serve_control(self, app, method, url, body):
        if (method, url.path) == ("GET", "/stats"):
            with app.lock:
                return self.send(200, json.dumps({"fault": app.fault,
                                                  "requests": app.stats}).encode())
        if (method, url.path) != ("POST", "/fault"):
            return self.fail(404, "NotFound", "no such endpoint")
        try:
            f = check_fault(json.loads(body))
        except (ValueError, TypeError) as ex:
            return self.fail(400, "InvalidParameter", str(ex))
        app.set_fault(f)
        return self.send(200, json.dumps(f).encode())


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 16

    def __init__(self, app, kind, port):
        self.app, self.kind = app, kind
        super().__init__(("127.0.0.1", port), Handler)

    def process_request(self, request, client_address):
        if not self.app.slots.acquire(blocking=False):
            self.shutdown_request(request)  # over MAX_CONNECTIONS: refuse
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.app.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.app.slots.release()

    def finish_request(self, request, client_address):
        request.settimeout(SOCKET_TIMEOUT)
        conn = request
        try:
            if self.kind == "https":
                ctx = self.app.tls
                if self.app.take_fault({"untrusted_tls"})["mode"] == "untrusted_tls":
                    ctx = self.app.bad_tls
                conn = ctx.wrap_socket(request, server_side=True)
            self.RequestHandlerClass(conn, client_address, self)
        except (OSError, ssl.SSLError):
            pass  # handshake refused, timeout, reset: the client's business
        finally:
            if conn is not request:
                conn.close()

    def handle_error(self, request, client_address):
        if self.app.args.verbose:
            super().handle_error(request, client_address)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--state-dir", required=True, help="directory for the generated test PKI")
    p.add_argument("--ak-roots", required=True,
                   help="PEM vTPM root(s) the AK certificate must chain to "
                        "(the swtpm fixture's pki/roots.pem)")
    p.add_argument("--dns-name", default="maa.attest.test", help="TLS server name")
    p.add_argument("--https-port", type=int, default=0)
    p.add_argument("--thim-port", type=int, default=0)
    p.add_argument("--control-port", type=int, default=0)
    p.add_argument("--ports-file", help="write {\"https\":P,\"thim\":Q,\"control\":R} here")
    p.add_argument("--idle-timeout", type=float, default=300.0,
                   help="stop after this many seconds without a request (max 3600)")
    p.add_argument("--max-requests", type=int, default=10000)
    p.add_argument("--fault", default="none", help="initial fault, MODE[:key=value,...]")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args(argv)
    if not 0 < args.idle_timeout <= 3600 or not 0 < args.max_requests <= 1000000:
        p.error("--idle-timeout must be in (0, 3600], --max-requests in (0, 1000000]")
    if not DNS_NAME.fullmatch(args.dns_name):
        p.error("--dns-name must be a lowercase DNS name with at least two labels")
    try:
        fault = parse_fault(args.fault)
    except ValueError as ex:
        p.error("--fault: %s" % ex)
    args.state_dir = os.path.abspath(args.state_dir)
    try:
        os.makedirs(args.state_dir, mode=0o700, exist_ok=True)
        app = App(args)
        servers = {k: Server(app, k, port) for k, port in (("https", args.https_port),
                                                           ("thim", args.thim_port),
                                                           ("control", args.control_port))}
        ports = {k: s.server_address[1] for k, s in servers.items()}
        app.setup_pki(ports["https"])
    except (OSError, ValueError) as ex:  # unreadable roots, port in use, state dir
        print("maa-emulator: cannot start: %s" % ex, file=sys.stderr)
        return 2
    app.set_fault(fault)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.stop.set())
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2},
                                daemon=True) for s in servers.values()]
    for t in threads:
        t.start()
    with app.lock:
        app.last = time.monotonic()  # idle time counts from when the listeners serve
    if args.ports_file:
        tmp = args.ports_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump(dict(ports, base_url=app.base_url, ca=app.pki.paths["tls-ca.pem"]), f)
        os.replace(tmp, args.ports_file)  # readers never see half a file
    print("https=%d thim=%d control=%d" % (ports["https"], ports["thim"], ports["control"]),
          flush=True)
    while not app.stop.wait(0.5):
        with app.lock:
            idle = time.monotonic() - app.last
        if idle > args.idle_timeout:
            print("maa-emulator: idle for %.0f s, stopping" % idle, file=sys.stderr)
            break
    for s in servers.values():
        s.shutdown()
        s.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
