#!/usr/bin/env python3
"""Writes digits.bin from scikit-learn's digits.csv.gz (standard library only).

Usage: python3 make_digits.py path/to/digits.csv.gz [path/to/digits.bin]

Input: 1,797 CSV rows of 65 integers, 64 pixels (row-major 8x8, values 0..16) then the
label (0..9). Output: the same rows as 1,797 records of 65 bytes each (64 pixel bytes, then
the label byte), no header: 116,805 bytes. See DIGITS.md for provenance.
"""
import csv
import gzip
import hashlib
import io
import os
import sys

ROWS, PIXELS = 1797, 64


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    src = sys.argv[1]
    dst = sys.argv[2] if len(sys.argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "digits.bin")
    out = bytearray()
    with gzip.open(src, "rt", newline="") as f:
        for line, row in enumerate(csv.reader(f), start=1):
            if not row:
                continue
            values = [int(float(v)) for v in row]
            if len(values) != PIXELS + 1:
                sys.exit(f"line {line}: {len(values)} fields, expected {PIXELS + 1}")
            pixels, label = values[:PIXELS], values[PIXELS]
            if not all(0 <= p <= 16 for p in pixels) or not 0 <= label <= 9:
                sys.exit(f"line {line}: value out of range")
            out.extend(pixels)
            out.append(label)
    if len(out) != ROWS * (PIXELS + 1):
        sys.exit(f"{len(out) // (PIXELS + 1)} rows, expected {ROWS}")
    with open(dst, "wb") as f:
        f.write(out)
    print(f"{dst}: {len(out)} bytes, sha256 {hashlib.sha256(out).hexdigest()}")


if __name__ == "__main__":
    main()
