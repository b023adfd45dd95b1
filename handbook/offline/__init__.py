"""Offline delivery: the service worker with its precache manifest, and the file:// bundle.

Both steps run after the site (and its PDFs) are complete in the staging
folder and depend only on the folder's contents and the build version.
"""

from handbook.offline.bundle import BUNDLE_NAME, write_bundle
from handbook.offline.manifest import MANIFEST_NAME, SW_NAME, build_manifest, write_offline_files

__all__ = [
    "BUNDLE_NAME",
    "MANIFEST_NAME",
    "SW_NAME",
    "build_manifest",
    "write_bundle",
    "write_offline_files",
]
