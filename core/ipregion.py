"""IP属地: the province (mainland China) or the country (elsewhere) of an IP address, from an offline ip2region file.

The file is `settings.IP_REGION_DB` (replace it, or point the setting elsewhere, without a code change); the project
fetches one with `manage.py ipregion fetch` (the npm package `ip2region`, see README). Two formats are read:

- `.xdb` (ip2region 2.0/3.0, IPv4 or IPv6, the format lionsoul2014/ip2region publishes today) through the kept
  reader on PyPI, `py-ip2region` (the project's official Python binding), the whole file held in memory so that
  lookups from several threads never share a file position;
- `.db` (ip2region 1.x, IPv4 only), the file the npm package `ip2region` 2.3.0 actually ships. No package on PyPI
  reads this format (py-ip2region 3.x reads only xdb), so its binary search is written here: a super block of two
  little-endian pointers to the first and last 12-byte index entry (start IP, end IP, data pointer with the data
  length in its top byte), each pointing at a 4-byte city id and the "国家|区域|省份|城市|ISP" text.

Anything unknown (no file, a private or reserved address, an address the file does not know, a broken file) is
`UNKNOWN`, never an error: a write must not fail because the region cannot be told. The raw IP is never stored here.
"""

import ipaddress
import logging
import mmap
import re
import struct
import threading
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_noop
from ip2region import searcher, util

logger = logging.getLogger(__name__)

UNKNOWN = gettext_noop("未知")  # stored as written; shown through the `region` filter
MAINLAND = "中国"
# "广东省" -> "广东", "广西壮族自治区" -> "广西", "北京市" -> "北京", "香港特别行政区" -> "香港", as sites show them.
_PROVINCE_SUFFIX = re.compile(r"(壮族|回族|维吾尔)?自治区$|特别行政区$|省$|市$")
_EMPTY = {"", "0"}


class _V1Reader:
    """ip2region 1.x (.db): binary search over the index entries of a memory-mapped file (see module docstring)."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            self._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self._first, last = struct.unpack_from("<II", self._data, 0)
        if last < self._first or last + 12 > len(self._data):
            raise ValueError(f"{path} is not an ip2region 1.x file")
        self._count = (last - self._first) // 12 + 1

    def search(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
        if ip.version != 4:
            return ""
        value = int(ip)
        low, high = 0, self._count - 1
        while low <= high:
            mid = (low + high) // 2
            start, end, pointer = struct.unpack_from("<III", self._data, self._first + mid * 12)
            if value < start:
                high = mid - 1
            elif value > end:
                low = mid + 1
            else:
                offset, length = pointer & 0xFFFFFF, pointer >> 24
                return self._data[offset + 4 : offset + length].decode("utf-8", "replace")
        return ""


class _XdbReader:
    """ip2region xdb (2.0/3.0) through py-ip2region, one file per IP version (as ip2region publishes them)."""

    def __init__(self, path: Path) -> None:
        util.verify_from_file(str(path))
        version = util.version_from_header(util.load_header_from_file(str(path)))
        if version is None:
            raise ValueError(f"{path}: unknown xdb IP version")
        self._version = version.byte_num
        self._searcher = searcher.new_with_buffer(version, util.load_content_from_file(str(path)))

    def search(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
        if len(ip.packed) != self._version:
            return ""
        return self._searcher.search(ip.packed)


_lock = threading.Lock()
_readers: dict[tuple[str, float], _V1Reader | _XdbReader | None] = {}


def _reader() -> _V1Reader | _XdbReader | None:
    """The reader of the configured file, opened once per process and again when the file is replaced."""
    path = Path(settings.IP_REGION_DB) if settings.IP_REGION_DB else None
    try:
        key = (str(path), path.stat().st_mtime) if path else None
    except OSError:
        return None
    if key is None:
        return None
    reader = _readers.get(key, False)
    if reader is not False:
        return reader
    with _lock:
        try:
            reader = _XdbReader(path) if path.suffix == ".xdb" else _V1Reader(path)
        except Exception:  # a broken or foreign file: say so once, and show 未知 rather than fail a write
            logger.exception("IP region file %s cannot be read", path)
            reader = None
        _readers.clear()
        _readers[key] = reader
    return reader


def region_from_text(text: str) -> str:
    """The shown region of an ip2region record: the province for the mainland, the country elsewhere.

    Records are "国家|区域|省份|城市|ISP" (1.x and xdb 2.0, 区域 usually "0") or, in newer data, "国家|省份|城市|ISP…".
    """
    parts = [p.strip() for p in text.split("|")]
    country = parts[0] if parts else ""
    if country in _EMPTY or "内网" in text:
        return UNKNOWN
    if country != MAINLAND:
        return country
    province = parts[2] if len(parts) >= 5 and parts[1] in _EMPTY else (parts[1] if len(parts) > 1 else "")
    if province in _EMPTY:
        return MAINLAND
    return _PROVINCE_SUFFIX.sub("", province) or province


def region_of(ip: str | None) -> str:
    """IP属地 of `ip` ("广东", "美国"), or `UNKNOWN`."""
    if not ip:
        return UNKNOWN
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return UNKNOWN
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if not address.is_global:
        return UNKNOWN
    reader = _reader()
    if reader is None:
        return UNKNOWN
    try:
        text = reader.search(address)
    except Exception:  # a truncated file: one lookup is lost, not the write
        logger.exception("IP region lookup failed")
        return UNKNOWN
    return region_from_text(text) if text else UNKNOWN
