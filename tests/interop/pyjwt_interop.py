#!/usr/bin/env python3
"""PyJWT side of the interop tests, driven by tests/js/interop.test.mjs.

Reads ONE JSON request from stdin and writes ONE JSON response to stdout:

    request:  {"jobs": [job, ...]}
    response: {"pyjwt": "<version>", "results": [result, ...]}   (same order as the jobs)

Jobs:
    {"op": "sign", "payload": {...}, "secret": S}
        -> {"ok": true, "token": "..."}                     jwt.encode(payload, key, "HS256")
    {"op": "verify", "token": "...", "secret": S, "issuer": "..."}
        -> {"ok": true, "claims": {...}}                    jwt.decode(..., algorithms=["HS256"])
        -> {"ok": false, "error": "ExpiredSignatureError"}  (the PyJWT exception's class name)
    {"op": "flask_snippet", "kwargs": {...}}
        -> {"ok": true, "token": "..."}                     create_token(**kwargs) from flask_snippet.py

A secret S is {"utf8": "..."} or {"hex": "..."}. Secrets are never echoed back or printed.
Verification uses the real clock (PyJWT has no clock option): the JS side keeps every time far
from the boundaries.
"""

import importlib.util
import json
import os
import sys

import jwt


def key_of(secret):
    if "hex" in secret:
        return bytes.fromhex(secret["hex"])
    return secret["utf8"].encode("utf-8")


def load_snippet():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "flask_snippet.py")
    spec = importlib.util.spec_from_file_location("flask_snippet", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(job, snippet):
    op = job["op"]
    if op == "sign":
        return {"ok": True, "token": jwt.encode(job["payload"], key_of(job["secret"]), algorithm="HS256")}
    if op == "verify":
        try:
            claims = jwt.decode(
                job["token"],
                key_of(job["secret"]),
                algorithms=["HS256"],
                issuer=job["issuer"],
                options={"require": ["exp", "iss", "sub"]},
            )
            return {"ok": True, "claims": claims}
        except jwt.PyJWTError as err:
            return {"ok": False, "error": type(err).__name__}
    if op == "flask_snippet":
        try:
            return {"ok": True, "token": snippet().create_token(**job["kwargs"])}
        except ValueError as err:
            return {"ok": False, "error": "ValueError", "message": str(err)}
    raise ValueError(f"unknown op {op!r}")


def main():
    request = json.load(sys.stdin)
    cache = {}

    def snippet():
        if "module" not in cache:
            cache["module"] = load_snippet()
        return cache["module"]

    results = [run(job, snippet) for job in request["jobs"]]
    json.dump({"pyjwt": jwt.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
