"""Copy the browser assets the map needs from npm packages into ``static/vendor/``.

Dev-only: run once when a pinned version changes, then commit ``static/vendor/``.
The app, the tests and the exports only read the committed copies, so nothing is
fetched at run time (see ``map_layers.assets``).

    python tools/vendor_assets.py
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "static" / "vendor"

# npm spec -> {path inside the package: path under static/vendor}
PACKAGES: dict[str, dict[str, str]] = {
    "leaflet@1.9.3": {
        "package/dist/leaflet.js": "leaflet/leaflet.js",
        "package/dist/leaflet.css": "leaflet/leaflet.css",
        "package/dist/images/layers.png": "leaflet/images/layers.png",
        "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
        "package/LICENSE": "leaflet/LICENSE",
    },
}


def _pack(spec: str, workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    return workdir / out.stdout.strip().splitlines()[-1]


def main() -> None:
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for spec, files in PACKAGES.items():
            with tarfile.open(_pack(spec, workdir)) as tar:
                for inner, target in files.items():
                    dest = VENDOR / target
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    member = tar.extractfile(inner)
                    if member is None:
                        raise SystemExit(f"{spec}: {inner} missing from the package")
                    dest.write_bytes(member.read())
    print(f"wrote {sum(len(f) for f in PACKAGES.values())} files under {VENDOR}")


if __name__ == "__main__":
    main()
