#!/usr/bin/env python3
"""Trunk's post-build hook: a strict Content-Security-Policy for the built page.

Trunk writes one inline module script (the wasm loader) into index.html; the policy allows
exactly that script by its SHA-256 hash, so no 'unsafe-inline' is needed. Run by Trunk with
TRUNK_STAGING_DIR set (see Trunk.toml); idempotent.
"""
import base64
import hashlib
import os
import re
import sys

POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval' {hashes}; "
    # gloo starts the training worker from a blob: URL that imports worker.js.
    "worker-src 'self' blob:; "
    "style-src 'self'; "
    "img-src 'self' data: blob:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'none'"
)


def main() -> int:
    path = os.path.join(os.environ.get("TRUNK_STAGING_DIR", sys.argv[1] if len(sys.argv) > 1 else "dist"), "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    html = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in inline
    )
    meta = '<meta http-equiv="Content-Security-Policy" content="' + POLICY.format(hashes=hashes) + '" />'
    html, n = re.subn(r'(<meta charset="utf-8" />)', r"\1\n    " + meta.replace("\\", "\\\\"), html, count=1)
    if n != 1:
        print("csp.py: no <meta charset> in " + path, file=sys.stderr)
        return 1
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
