#!/usr/bin/python3
"""Decodes a saved message with Python's own email package and prints what a mail client sees, as JSON.

Usage: parse_mail.py FILE.eml
"""
import email
import email.policy
import json
import sys

raw = open(sys.argv[1], "rb").read()
message = email.message_from_bytes(raw, policy=email.policy.default)
parts = []
for part in message.walk():
    if part.is_multipart():
        continue
    parts.append({
        "content_type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "transfer_encoding": part.get("Content-Transfer-Encoding"),
        "content": part.get_content(),
    })
print(json.dumps({
    "subject": str(message["Subject"]),
    "from": str(message["From"]),
    "to": str(message["To"]),
    "date": str(message["Date"]),
    "message_id": str(message["Message-ID"]),
    "mime_version": str(message["MIME-Version"]),
    "content_type": message.get_content_type(),
    "content_language": str(message["Content-Language"]),
    "defects": [type(d).__name__ for d in message.defects] + [type(d).__name__ for p in message.walk() for d in p.defects],
    "parts": parts,
}, ensure_ascii=False))
