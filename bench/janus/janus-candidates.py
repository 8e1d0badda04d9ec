#!/usr/bin/env python3
"""The addresses Janus's ICE candidates carry for one mountpoint, read from the offer a viewer
would get (create a session, attach the streaming plugin, watch, long-poll for the offer, destroy
the session; no media flows). Printed as "janus candidates: <address> <protocol> <port>; …".

    bench/janus/janus-candidates.py http://127.0.0.1:PORT/janus [MOUNTPOINT]
"""
import json
import secrets
import sys
import urllib.request

api = sys.argv[1].rstrip("/")
mountpoint = int(sys.argv[2]) if len(sys.argv) > 2 else 1


def call(path, body=None, timeout=10):
    data = None if body is None else json.dumps({**body, "transaction": secrets.token_hex(6)}).encode()
    request = urllib.request.Request(api + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


session = call("", {"janus": "create"})["data"]["id"]
try:
    handle = call(f"/{session}", {"janus": "attach", "plugin": "janus.plugin.streaming"})["data"]["id"]
    call(f"/{session}/{handle}", {"janus": "message", "body": {"request": "watch", "id": mountpoint}})
    sdp = None
    for _ in range(6):
        event = call(f"/{session}?maxev=1", timeout=35)
        if isinstance(event, list):
            event = event[0] if event else {}
        if "jsep" in event:
            sdp = event["jsep"]["sdp"]
            break
    if sdp is None:
        print("janus candidates: no offer within 30 s")
        sys.exit(1)
    found = []
    for line in sdp.splitlines():
        if line.startswith("a=candidate:"):
            parts = line.split()
            found.append(f"{parts[4]} {parts[2].lower()} {parts[5]} {parts[7]}")
        elif line.startswith("c=IN"):
            found.append("sdp " + line)
    print("janus candidates: " + ("; ".join(dict.fromkeys(found)) or "none"))
finally:
    try:
        call(f"/{session}", {"janus": "destroy"})
    except OSError:
        pass
