#!/usr/bin/python3
"""A real HTTP listener for the webhook tests.

Usage: webhook_listener.py SCRIPT.json LOG.jsonl [--tls CERT KEY]

Binds 127.0.0.1 on an ephemeral port and prints the port on stdout. Answers request N with
the N-th entry of the script (the last entry repeats), each entry being
{"status": 200, "headers": {"Retry-After": "7"}, "body": "...", "delay": 0.0}.
Every request is appended to LOG as one JSON line (method, path, headers, body in base64)
before it is answered, and LOG.count then holds the number of requests so far. A gate holds answers: while the file LOG.gate holds a number N, request N
and later ones are logged on arrival but not answered until the number grows or the file goes, so
a test can kill a client that is provably in the middle of its sends. While the file LOG.status holds
an HTTP status, every answer is that status instead of the script's (a receiver that is down for a
while). Exits when its standard input closes, so it never outlives the test.
"""
import base64
import json
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

script_path, log_path = sys.argv[1], sys.argv[2]
with open(script_path) as f:
    SCRIPT = json.load(f)
LOCK = threading.Lock()
COUNTER = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real receivers do

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        with LOCK:
            index = COUNTER[0]
            COUNTER[0] += 1
            record = {
                "index": index,
                "client_port": self.client_address[1],
                "method": self.command,
                "path": self.path,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body_base64": base64.b64encode(body).decode(),
            }
            with open(log_path, "a") as log:
                log.write(json.dumps(record) + "\n")
            # The number of requests so far, for a test to poll cheaply (replaced whole, never read half-written).
            with open(log_path + ".count.tmp", "w") as count:
                count.write(str(COUNTER[0]))
            os.replace(log_path + ".count.tmp", log_path + ".count")
        gate_path = log_path + ".gate"
        while True:
            try:
                with open(gate_path) as gate:
                    limit = int(gate.read().strip())
            except (FileNotFoundError, ValueError):
                break
            if index < limit:
                break
            time.sleep(0.05)
        step = SCRIPT[min(index, len(SCRIPT) - 1)]
        try:
            with open(log_path + ".status") as override:
                step = {"status": int(override.read().strip()), "body": "down for a while"}
        except (FileNotFoundError, ValueError):
            pass
        if step.get("delay"):
            time.sleep(step["delay"])
        payload = step.get("body", "").encode()
        try:
            self.send_response(step.get("status", 200))
            for name, value in step.get("headers", {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    do_GET = do_POST
    do_PUT = do_POST


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) >= 6 and sys.argv[3] == "--tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[4], sys.argv[5])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()  # returns at EOF: the test closed the pipe or died
    os._exit(0)


main()
