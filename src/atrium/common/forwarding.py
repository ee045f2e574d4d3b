"""Who the client is behind proxies, shared by core and the composed gateway.

Each trusted proxy appends the address it saw to X-Forwarded-For, so the entry
``TRUSTED_PROXY_COUNT`` places from the end is the client's; entries before it are
whatever the client claimed and are ignored. With no trusted proxy the peer is the client.
"""

from __future__ import annotations


def client_address(peer: str | None, forwarded_for: str, trusted_hops: int) -> str | None:
    forwarded = [a.strip() for a in forwarded_for.split(",")]
    forwarded = [address for address in forwarded if address]
    if trusted_hops and len(forwarded) >= trusted_hops:
        return forwarded[-trusted_hops]
    return peer or None
