"""IP属地 lookups: the hand-written 1.x reader against py-ip2region's xdb reader on the same data, and a baseline.

    .venv/bin/python bench/ipregion.py [--db data/ip2region/ip2region.db] [--n 200000]

Needs the real file (`manage.py ipregion fetch`). The 1.x file is converted to an xdb (2.0, IPv4) in a temporary
file, segment by segment split at the /16 boundaries the xdb vector index uses, so both readers answer from the
same data; the script first checks that they agree on every sampled address, then times, per lookup:

- baseline: what every lookup does before touching the file (parse the address, the is_global check);
- `region_of` with the 1.x reader (memory-mapped file, binary search over 12-byte entries);
- `region_of` with the xdb reader (py-ip2region, whole file in memory).

No database or Redis is needed: Django is configured with the one setting core.ipregion reads.
"""

from __future__ import annotations

import argparse
import ipaddress
import random
import struct
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)


def v1_ranges(path: Path):
    data = path.read_bytes()
    first, last = struct.unpack_from("<II", data, 0)
    for offset in range(first, last + 1, 12):
        start, end, pointer = struct.unpack_from("<III", data, offset)
        ptr, length = pointer & 0xFFFFFF, pointer >> 24
        yield start, end, data[ptr + 4 : ptr + length]


def write_xdb(ranges, out: Path) -> int:
    """xdb 2.0: header, 256x256 vector index (first segment, one past the last), region data, segment index."""
    header_len, vector_len = 256, 256 * 256 * 8
    regions: dict[bytes, int] = {}
    blob = bytearray()
    segments = []
    for start, end, region in ranges:
        if region not in regions:
            regions[region] = header_len + vector_len + len(blob)
            blob += region
        s = start
        while s <= end:  # split at /16 boundaries
            e = min(end, s | 0xFFFF)
            segments.append((s, e, len(region), regions[region]))
            s = e + 1
    seg_start = header_len + vector_len + len(blob)
    vector = bytearray(vector_len)
    index = bytearray()
    for i, (s, e, length, ptr) in enumerate(segments):
        index += struct.pack("<IIHI", s, e, length, ptr)
        here = seg_start + i * 14
        offset = ((s >> 24) * 256 + ((s >> 16) & 0xFF)) * 8
        first = struct.unpack_from("<I", vector, offset)[0] or here
        vector[offset : offset + 8] = struct.pack("<II", first, here + 14)
    header = struct.pack("<HHIII", 2, 1, 0, seg_start, seg_start + len(index) - 14).ljust(header_len, b"\0")
    out.write_bytes(header + bytes(vector) + bytes(blob) + bytes(index))
    return len(segments)


def timed(fn, ips) -> float:
    started = time.perf_counter()
    for ip in ips:
        fn(ip)
    return (time.perf_counter() - started) / len(ips) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "data" / "ip2region" / "ip2region.db"))
    parser.add_argument("--n", type=int, default=200_000)
    args = parser.parse_args()
    db = Path(args.db)
    if not db.is_file():
        sys.exit(f"{db} not found: run `manage.py ipregion fetch` first")

    import django
    from django.conf import settings

    settings.configure(IP_REGION_DB=str(db), USE_TZ=True)
    django.setup()
    from core import ipregion

    rng = random.Random(15)
    ips = [str(ipaddress.IPv4Address(rng.getrandbits(32))) for _ in range(args.n)]
    with tempfile.TemporaryDirectory() as tmp:
        xdb = Path(tmp) / "ip2region.xdb"
        started = time.perf_counter()
        count = write_xdb(v1_ranges(db), xdb)
        print(
            f"converted {db.name} ({db.stat().st_size} B) to xdb: {count} segments, {xdb.stat().st_size} B "
            f"in {time.perf_counter() - started:.1f} s"
        )

        settings.IP_REGION_DB = str(db)
        v1 = [ipregion.region_of(ip) for ip in ips]
        settings.IP_REGION_DB = str(xdb)
        xd = [ipregion.region_of(ip) for ip in ips]
        disagree = sum(a != b for a, b in zip(v1, xd, strict=True))
        known = sum(r != ipregion.UNKNOWN for r in v1)
        print(f"{args.n} random IPv4 addresses: {known} with a region, readers disagree on {disagree}")

        def baseline(ip: str) -> bool:
            return ipaddress.ip_address(ip).is_global

        results = {"baseline (parse + is_global)": timed(baseline, ips)}
        settings.IP_REGION_DB = str(db)
        results["region_of, 1.x reader"] = timed(ipregion.region_of, ips)
        settings.IP_REGION_DB = str(xdb)
        results["region_of, xdb (py-ip2region)"] = timed(ipregion.region_of, ips)
        for name, micros in results.items():
            print(f"{name:34} {micros:7.2f} µs per lookup")
        print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
