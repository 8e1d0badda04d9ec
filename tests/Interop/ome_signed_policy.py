#!/usr/bin/env python3
"""Independent OME SignedPolicy link generator, written from docs/links.md.

Prints one signed URL. Standard library only, so it is a second implementation the C#
validator can be checked against, not a copy of it.

    ome_signed_policy.py --secret KEY --url ws://host:3333/app/stream --url-expire MS
                         [--url-activate MS] [--stream-expire MS] [--allow-ip CIDR]
                         [--real-ip CIDR] [--extra name=value ...] [--sha256]
"""
import argparse
import base64
import hashlib
import hmac
import json
import sys
from urllib.parse import urlsplit, urlunsplit

DEFAULT_PORTS = {"ws": 80, "http": 80, "wss": 443, "https": 443}


def b64url(data: bytes) -> str:
    # RFC 4648 section 5 alphabet, padding removed (OME's decoder re-pads).
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--secret", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--url-expire", type=int, required=True)
    parser.add_argument("--url-activate", type=int)
    parser.add_argument("--stream-expire", type=int)
    parser.add_argument("--allow-ip")
    parser.add_argument("--real-ip")
    parser.add_argument("--extra", action="append", default=[], help="name=value appended before the policy")
    parser.add_argument("--policy-param", default="policy")
    parser.add_argument("--signature-param", default="signature")
    parser.add_argument("--sha256", action="store_true", help="HMAC-SHA256 instead of OME's HMAC-SHA1")
    args = parser.parse_args()

    policy = {"url_expire": args.url_expire}
    if args.url_activate is not None:
        policy["url_activate"] = args.url_activate
    if args.stream_expire is not None:
        policy["stream_expire"] = args.stream_expire
    if args.allow_ip:
        policy["allow_ip"] = args.allow_ip
    if args.real_ip:
        policy["real_ip"] = args.real_ip
    encoded_policy = b64url(json.dumps(policy, separators=(",", ":")).encode("utf-8"))

    parts = urlsplit(args.url)
    # The port is always explicit in the signed string; a URL without one gets the scheme's.
    netloc = parts.netloc
    if parts.port is None:
        netloc = f"{netloc}:{DEFAULT_PORTS[parts.scheme]}"
    pairs = [p for p in parts.query.split("&") if p] + list(args.extra)
    pairs.append(f"{args.policy_param}={encoded_policy}")
    signed = urlunsplit((parts.scheme, netloc, parts.path, "&".join(pairs), ""))

    digest = hashlib.sha256 if args.sha256 else hashlib.sha1
    signature = b64url(hmac.new(args.secret.encode("utf-8"), signed.encode("utf-8"), digest).digest())
    print(f"{signed}&{args.signature_param}={signature}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
