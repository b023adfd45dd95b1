"""The HTTP headers the published site is served with: one place, used to generate server configs."""

from __future__ import annotations

from handbook.site.csp import policy


def content_security_policy() -> str:
    """The Content-Security-Policy header value: the same policy every page carries, from handbook.site.csp."""
    return policy(header=True)


# Browser features the handbook never uses, switched off for every page and anything embedded in it.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)

# Headers for every response besides Cache-Control and the CSP.
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
}

# Cache policy by path (first match wins). Files whose names carry a content hash never change;
# everything else is revalidated on every use, so HTML, the worker, its manifest, the search
# index, the PDFs and the handbook's own unhashed assets can never be served stale.
NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
HASHED_ASSET = r"^/assets/.+\.[0-9a-f]{8}\.min\.(js|css)$"

# MIME types of every kind of file the site holds (a server block's `types` replaces the
# server's defaults, so this list must be complete for the site).
MIME_TYPES = {
    "text/html": ["html", "htm"],
    "text/css": ["css"],
    "text/javascript": ["js", "mjs"],
    "application/json": ["json", "map"],
    "application/manifest+json": ["webmanifest"],
    "application/pdf": ["pdf"],
    "text/vcard": ["vcf"],
    "text/calendar": ["ics"],
    "text/csv": ["csv"],
    "text/plain": ["txt"],
    "application/xml": ["xml"],
    "application/gzip": ["gz"],
    "application/zip": ["zip"],
    "image/svg+xml": ["svg"],
    "image/png": ["png"],
    "image/jpeg": ["jpg", "jpeg"],
    "image/gif": ["gif"],
    "image/webp": ["webp"],
    "image/avif": ["avif"],
    "image/x-icon": ["ico"],
    "font/woff": ["woff"],
    "font/woff2": ["woff2"],
    "font/ttf": ["ttf"],
    "font/otf": ["otf"],
}
TEXT_TYPES = [
    "text/css",
    "text/javascript",
    "application/json",
    "application/manifest+json",
    "text/vcard",
    "text/calendar",
    "text/csv",
    "text/plain",
    "application/xml",
    "image/svg+xml",
]
