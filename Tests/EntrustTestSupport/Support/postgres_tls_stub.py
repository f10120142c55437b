#!/usr/bin/python3
"""The first step of a PostgreSQL server, for the TLS tests of the PostgreSQL engine.

Usage: postgres_tls_stub.py no-tls | postgres_tls_stub.py tls CERT KEY

Binds 127.0.0.1 on an ephemeral port and prints the port on stdout. To each client's SSLRequest it answers 'N' (a
server without TLS) or 'S' followed by a TLS handshake with CERT (a server whose certificate the client may refuse);
it speaks no further protocol. Exits when its standard input closes, so it never outlives the test.
"""
import socket
import ssl
import sys
import threading

mode = sys.argv[1]
context = None
if mode == "tls":
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[2], sys.argv[3])


def serve(connection):
    try:
        connection.settimeout(10)
        request = b""
        while len(request) < 8:
            chunk = connection.recv(8 - len(request))
            if not chunk:
                return
            request += chunk
        if mode == "no-tls":
            connection.sendall(b"N")
            connection.recv(1024)
        else:
            connection.sendall(b"S")
            try:
                wrapped = context.wrap_socket(connection, server_side=True)
                wrapped.recv(1024)
            except (ssl.SSLError, OSError):
                pass
    except OSError:
        pass
    finally:
        connection.close()


def accept(listener):
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection,), daemon=True).start()


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
print(listener.getsockname()[1], flush=True)
threading.Thread(target=accept, args=(listener,), daemon=True).start()
sys.stdin.read()
