"""`manage.py ipregion fetch` puts the IP属地 data file where settings.IP_REGION_DB says; `ipregion lookup IP` shows
what a write from that address would store.

The file comes from the npm registry through npm's own client (`npm pack`), pinned to one version and checked against
its SHA-256, so that a fresh machine gets exactly the file the tests and the README describe. Another file (a newer
ip2region xdb, say) is used by pointing IP_REGION_DB at it: no code change.
"""

import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.ipregion import region_of

# npm `ip2region` 2.3.0 (MIT, yourtion/node-ip2region) ships lionsoul2014/ip2region's data (Apache-2.0) in the
# ip2region 1.x format, IPv4 only.
PACKAGE = "ip2region@2.3.0"
MEMBER = "package/data/ip2region.db"
SHA256 = "3a8baab4f2e536a1c4a9be683cc81d563b0d4f942b304202be6f0d4aecc7f5d4"


class Command(BaseCommand):
    help = "Fetch the IP region (IP属地) data file, or look an address up."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        fetch = sub.add_parser("fetch", help=f"npm pack {PACKAGE} and install its data file at IP_REGION_DB")
        fetch.add_argument("--force", action="store_true", help="fetch again even if the file is there")
        lookup = sub.add_parser("lookup", help="the region stored for an address")
        lookup.add_argument("ip")

    def handle(self, *args, **options) -> None:
        if options["action"] == "lookup":
            self.stdout.write(region_of(options["ip"]))
            return
        target = Path(settings.IP_REGION_DB)
        if target.is_file() and not options["force"]:
            self.stdout.write(f"{target} is already there (--force to fetch again)")
            return
        npm = shutil.which("npm")
        if npm is None:
            raise CommandError("npm is not installed (Debian: apt-get install npm); IP属地 shows 未知 until then.")
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run(  # noqa: S603 - a fixed command line, no user input
                [npm, "pack", PACKAGE, "--silent"], cwd=tmp, capture_output=True, text=True, timeout=300
            )
            if result.returncode != 0:
                raise CommandError(f"npm pack {PACKAGE} failed: {result.stderr.strip()[-500:]}")
            tarball = Path(tmp) / result.stdout.strip().splitlines()[-1]
            with tarfile.open(tarball) as archive:
                data = archive.extractfile(MEMBER).read()
        digest = hashlib.sha256(data).hexdigest()
        if digest != SHA256:
            raise CommandError(f"{PACKAGE}: {MEMBER} has SHA-256 {digest}, expected {SHA256}; not installed.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(target)  # readers never see half a file
        self.stdout.write(f"installed {target} ({len(data)} bytes) from npm {PACKAGE}")
