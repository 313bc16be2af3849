"""A plain-HTTP server on 127.0.0.1 that answers every GET with 302 to LOCATION.

For test_http.c (the HTTP client must never follow a redirect). Usage:
  redirect_server.py PORTS_FILE LOCATION
Binds port 0, writes the port to PORTS_FILE (atomically), stops after 120 s or on SIGTERM.
"""
import http.server
import os
import sys
import threading


class Redirect(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(302)
        self.send_header("Location", sys.argv[2])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, fmt, *args):
        pass


def main():
    srv = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
    tmp = sys.argv[1] + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, sys.argv[1])
    threading.Timer(120, srv.shutdown).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
