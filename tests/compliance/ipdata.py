"""Small ip2region files written by the tests, in both formats core.ipregion reads (the real file is 8.7 MB and
fetched by `manage.py ipregion fetch`, not shipped)."""

import ipaddress
import struct
from pathlib import Path

# (first, last, record) ranges; each lies inside one /16, as ip2region's xdb maker splits them.
RANGES = [
    ("183.6.0.0", "183.6.255.255", "中国|0|广东省|广州市|电信"),
    ("61.135.0.0", "61.135.255.255", "中国|0|北京|北京市|联通"),
    ("36.255.0.0", "36.255.255.255", "中国|0|广西壮族自治区|南宁市|移动"),
    ("8.8.0.0", "8.8.255.255", "美国|0|0|0|Level3"),
]


def _ints(first: str, last: str) -> tuple[int, int]:
    return int(ipaddress.IPv4Address(first)), int(ipaddress.IPv4Address(last))


def write_v1(path: Path, ranges=RANGES) -> Path:
    """ip2region 1.x: super block (first, last index pointer), data, then 12-byte index entries, sorted."""
    ranges = sorted(ranges, key=lambda r: _ints(r[0], r[1]))
    data, pointers = bytearray(), []
    base = 8
    for _first, _last, record in ranges:
        blob = struct.pack("<I", 0) + record.encode()
        pointers.append((base + len(data)) | (len(blob) << 24))
        data += blob
    first_index = base + len(data)
    index = b"".join(struct.pack("<III", *_ints(f, lst), p) for (f, lst, _r), p in zip(ranges, pointers, strict=True))
    last_index = first_index + len(index) - 12
    path.write_bytes(struct.pack("<II", first_index, last_index) + bytes(data) + index)
    return path


def write_xdb(path: Path, ranges=RANGES) -> Path:
    """ip2region xdb 2.0 (IPv4): 256-byte header, 256x256 vector index, region data, 14-byte segment index."""
    ranges = sorted(ranges, key=lambda r: _ints(r[0], r[1]))
    header_len, vector_len = 256, 256 * 256 * 8
    data, data_ptrs = bytearray(), []
    for _f, _l, record in ranges:
        blob = record.encode()
        data_ptrs.append((header_len + vector_len + len(data), len(blob)))
        data += blob
    segment_start = header_len + vector_len + len(data)
    vector = bytearray(vector_len)
    segments = bytearray()
    for i, ((first, last, _r), (ptr, length)) in enumerate(zip(ranges, data_ptrs, strict=True)):
        start, end = _ints(first, last)
        segments += struct.pack("<IIHI", start, end, length, ptr)
        seg_ptr = segment_start + i * 14
        b0, b1 = start >> 24, (start >> 16) & 0xFF
        offset = (b0 * 256 + b1) * 8
        vector[offset : offset + 8] = struct.pack("<II", seg_ptr, seg_ptr + 14)
    header = struct.pack("<HHIII", 2, 1, 0, segment_start, segment_start + len(segments) - 14).ljust(header_len, b"\0")
    path.write_bytes(header + bytes(vector) + bytes(data) + bytes(segments))
    return path
