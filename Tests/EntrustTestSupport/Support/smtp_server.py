#!/usr/bin/python3
"""A real SMTP server (aiosmtpd) for the email tests. Run with /usr/bin/python3.

Usage: smtp_server.py OUTDIR [--rcpt-reply ADDRESS=REPLY]... [--data-reply REPLY]
                              [--starttls CERT KEY | --implicit-tls CERT KEY] [--auth USER:PASSWORD] [--port N]

Binds 127.0.0.1 on an ephemeral port (or on --port, to restart a stopped server where its clients
expect it) and prints the port on stdout. Saved messages are numbered on from those already in OUTDIR. Saves each accepted
message's raw bytes as OUTDIR/N.eml and its envelope as OUTDIR/N.json. --rcpt-reply makes
RCPT TO for ADDRESS answer REPLY (e.g. "550 5.1.1 No such user"); --data-reply answers DATA
with REPLY. --starttls offers (and requires) STARTTLS; --implicit-tls speaks TLS from the
first byte (smtps); --auth requires AUTH with those
credentials. Exits when its standard input closes, so it never outlives the test.
"""
import argparse
import asyncio
import json
import os
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("outdir")
parser.add_argument("--rcpt-reply", action="append", default=[])
parser.add_argument("--data-reply")
parser.add_argument("--starttls", nargs=2)
parser.add_argument("--implicit-tls", nargs=2)
parser.add_argument("--auth")
parser.add_argument("--port", type=int, default=0)
args = parser.parse_args()
RCPT_REPLIES = dict(item.split("=", 1) for item in args.rcpt_reply)


class Handler:
    def __init__(self):
        # A restarted server keeps numbering after the messages its previous run saved.
        self.count = len([name for name in os.listdir(args.outdir) if name.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = RCPT_REPLIES.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if args.data_reply:
            return args.data_reply
        index = self.count
        self.count += 1
        with open(os.path.join(args.outdir, f"{index}.eml.tmp"), "wb") as f:
            f.write(envelope.original_content)
        with open(os.path.join(args.outdir, f"{index}.json"), "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "tls": session.ssl is not None or bool(args.implicit_tls),
                       "authenticated": session.authenticated}, f)
        os.rename(os.path.join(args.outdir, f"{index}.eml.tmp"), os.path.join(args.outdir, f"{index}.eml"))
        return f"250 OK queued as {index}"


def authenticator(server, session, envelope, mechanism, auth_data):
    if not isinstance(auth_data, LoginPassword) or not args.auth:
        return AuthResult(success=False, handled=False)
    user, password = args.auth.split(":", 1)
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False)


def make_smtp(handler):
    options = {"enable_SMTPUTF8": False, "hostname": "localhost"}
    if args.starttls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*args.starttls)
        options.update(tls_context=context, require_starttls=True)
    if args.auth:
        options.update(authenticator=authenticator, auth_required=True,
                       auth_require_tls=bool(args.starttls))  # implicit TLS is already encrypted
    return SMTP(handler, **options)


async def main():
    handler = Handler()
    loop = asyncio.get_running_loop()
    implicit = None
    if args.implicit_tls:
        implicit = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        implicit.load_cert_chain(*args.implicit_tls)
    server = await loop.create_server(lambda: make_smtp(handler), host="127.0.0.1", port=args.port, ssl=implicit)
    print(server.sockets[0].getsockname()[1], flush=True)
    stdin_closed = loop.create_future()

    def watch_stdin():
        sys.stdin.read()
        loop.call_soon_threadsafe(stdin_closed.set_result, None)

    threading.Thread(target=watch_stdin, daemon=True).start()
    await stdin_closed
    os._exit(0)


asyncio.run(main())
