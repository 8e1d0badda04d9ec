#!/usr/bin/env python3
"""An admission webhook receiver on Python's standard http.server, as integrators write them.

It answers HTTP/1.0 (http.server's default) and closes every connection after its answer,
without a Connection: close header. It verifies X-OME-Signature (base64url-no-pad
HMAC-SHA1(secret, body)) and admits only correctly signed openings. It binds port 0 on
127.0.0.1, prints "port N", then one line per request it read: "request <status> <signed|unsigned>".

    webhook_receiver.py --secret KEY [--mode allow|status-500|reset-after-read]
"""
import argparse
import base64
import hashlib
import hmac
import json
import socket
import struct
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--secret", required=True)
    parser.add_argument("--mode", choices=["allow", "status-500", "reset-after-read"], default="allow")
    args = parser.parse_args()
    secret = args.secret.encode("utf-8")
    lock = threading.Lock()

    def report(line: str) -> None:
        with lock:
            print(line, flush=True)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            mac = hmac.new(secret, body, hashlib.sha1).digest()
            expected = base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")
            signed = hmac.compare_digest(expected, self.headers.get("X-OME-Signature", ""))
            status = json.loads(body)["request"]["status"]
            report(f"request {status} {'signed' if signed else 'unsigned'}")
            if args.mode == "reset-after-read":
                # Linger 0: close() sends a TCP reset instead of an answer.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            if args.mode == "status-500":
                self.answer(500, {"error": "receiver failed"})
            elif status == "closing":
                self.answer(200, {})
            elif signed:
                self.answer(200, {"allowed": True})
            else:
                self.answer(200, {"allowed": False, "reason": "bad signature"})

        def answer(self, code: int, document: dict) -> None:
            payload = json.dumps(document).encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def finish(self) -> None:
            # After a reset the socket is gone; there is nothing left to flush.
            if not self.wfile.closed and self.connection.fileno() != -1:
                super().finish()

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        # The listen backlog. socketserver's default of 5 overflows when dozens of viewers are
        # admitted at once: the kernel drops the connection attempts Python has not accepted yet
        # and the client waits for its SYN retransmissions (docs/webhooks.md, "Connections").
        request_queue_size = 128

        def handle_error(self, request: object, client_address: object) -> None:
            pass

    server = Server(("127.0.0.1", 0), Handler)
    print(f"port {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
