"""Signing keys of the audit log and the keys this site trusts, both kept outside the database.

- This site's private key is ``SIJILL_AUDIT_KEY_FILE`` (generated on first use, mode 0600). After
  ``sijill audit rotate-key`` the retired key stays beside it as ``<name>.<key id>.pem`` until
  every head it must sign is signed.
- The trusted keys are pinned in ``SIJILL_AUDIT_TRUSTED_KEYS``, one line per key:
  ``SITE FROM_SEQ KEY_ID PUBLIC_KEY`` (Ed25519, base64 of the 32 raw bytes). A key vouches only for
  heads of its own site from entry FROM_SEQ on, until the next key of that site. ``verify``
  trusts nothing else: a key found in the database (``AuditSigningKey``) is only a directory
  entry that ``federation join`` shows with its fingerprint for the operator to confirm.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

from sijill.core.errors import ValidationFailed

_HEADER = (
    "# Sijill: audit-log keys this site trusts (pinned), outside the database.\n"
    "# Written by `sijill migrate`, `sijill audit rotate-key`, `sijill audit trust` and `sijill federation join`.\n"
    "# SITE FROM_SEQ KEY_ID PUBLIC_KEY (Ed25519, base64 of the raw 32 bytes)\n"
)


class KeyError_(ValidationFailed):
    code = "audit_key"


@dataclass(frozen=True)
class TrustedKey:
    site: str
    from_seq: int
    key_id: str
    public_b64: str

    @property
    def public_key(self) -> Ed25519PublicKey:
        return _load_public(self.public_b64)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_b64)


# --- public keys ----------------------------------------------------------------------------


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_b64(key: Ed25519PublicKey) -> str:
    return base64.b64encode(raw_public(key)).decode()


def _raw_of(b64: str) -> bytes:
    try:
        raw = base64.b64decode(b64.strip(), validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise KeyError_(_("This is not an Ed25519 public key."))
    return raw


_public_cache: dict[str, Ed25519PublicKey] = {}


def _load_public(b64: str) -> Ed25519PublicKey:
    key = _public_cache.get(b64)
    if key is None:
        key = _public_cache[b64] = Ed25519PublicKey.from_public_bytes(_raw_of(b64))
    return key


def key_id_of(b64: str) -> str:
    return hashlib.sha256(_raw_of(b64)).hexdigest()[:16]


def fingerprint(b64: str) -> str:
    """What two operators read to each other: the key's SHA-256 in eight groups of eight hex digits."""
    digest = hashlib.sha256(_raw_of(b64)).hexdigest().upper()
    return " ".join(digest[i : i + 8] for i in range(0, 64, 8))


def same_fingerprint(given: str, b64: str) -> bool:
    cleaned = "".join(c for c in given.upper() if c in "0123456789ABCDEF")
    return len(cleaned) == 64 and cleaned == fingerprint(b64).replace(" ", "")


def public_from_pem(pem: str) -> str:
    """A PEM public key (as the directory table holds it) as base64 of its raw bytes."""
    loaded = serialization.load_pem_public_key(pem.encode())
    if not isinstance(loaded, Ed25519PublicKey):
        raise KeyError_(_("This is not an Ed25519 public key."))
    return public_b64(loaded)


def pem_of(b64: str) -> str:
    return (
        _load_public(b64)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def valid_signature(key: TrustedKey, signature_hex: str, message: bytes) -> bool:
    try:
        key.public_key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- this site's private keys ---------------------------------------------------------------


def _key_path() -> Path:
    return Path(settings.SIJILL_AUDIT_KEY_FILE)


def _retired_path(key_id: str) -> Path:
    path = _key_path()
    return path.with_name(f"{path.stem}.{key_id}{path.suffix or '.pem'}")


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


_private_cache: dict[tuple[str, float], Ed25519PrivateKey] = {}


def _read_private(path: Path) -> Ed25519PrivateKey:
    stamp = (str(path), path.stat().st_mtime)
    key = _private_cache.get(stamp)
    if key is None:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 private key")
        key = _private_cache[stamp] = loaded
    return key


def current_private_key() -> Ed25519PrivateKey:
    path = _key_path()
    if not path.exists():
        _write_private(path, Ed25519PrivateKey.generate())
    return _read_private(path)


def local_public_b64() -> str:
    return public_b64(current_private_key().public_key())


def local_key_id() -> str:
    return key_id_of(local_public_b64())


def private_key_for(key_id: str) -> Ed25519PrivateKey | None:
    """This site's private key with that id: the current one, or a retired one kept beside it."""
    if key_id == local_key_id():
        return current_private_key()
    retired = _retired_path(key_id)
    return _read_private(retired) if retired.exists() else None


# --- the pinned keys ------------------------------------------------------------------------


def _trusted_path() -> Path:
    return Path(settings.SIJILL_AUDIT_TRUSTED_KEYS)


_trusted_cache: dict[tuple[str, float, int], list[TrustedKey]] = {}


def trusted_keys() -> list[TrustedKey]:
    """Every pinned key, read from the file (re-read when it changes)."""
    path = _trusted_path()
    if not path.exists():
        return []
    stat = path.stat()
    stamp = (str(path), stat.st_mtime, stat.st_size)
    found = _trusted_cache.get(stamp)
    if found is None:
        found = []
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            if len(parts) != 4 or not parts[1].isdigit():
                raise ValueError(f"{path}: unreadable line: {line!r}")
            site, from_seq, key_id, b64 = parts[0], int(parts[1]), parts[2], parts[3]
            if key_id_of(b64) != key_id:
                raise ValueError(f"{path}: the key id {key_id} does not match its key")
            found.append(TrustedKey(site, from_seq, key_id, b64))
        _trusted_cache.clear()
        _trusted_cache[stamp] = found
    return list(found)


def keys_of(site: str) -> list[TrustedKey]:
    return sorted((k for k in trusted_keys() if k.site == site), key=lambda k: k.from_seq)


def key_for(site: str, seq: int) -> TrustedKey | None:
    """The pinned key that signs heads of ``site`` at entry ``seq``: the last one starting at or before it."""
    chosen = None
    for key in keys_of(site):
        if key.from_seq <= seq:
            chosen = key
    return chosen


def next_boundary(site: str, seq: int) -> int | None:
    """The first entry after ``seq`` where another key of ``site`` takes over, if any."""
    later = [k.from_seq for k in keys_of(site) if k.from_seq > seq]
    return min(later) if later else None


def pin(site: str, b64: str, from_seq: int) -> TrustedKey:
    """Pin a key for a site from an entry on (idempotent). A key is bound to one site."""
    key_id = key_id_of(b64)
    for existing in trusted_keys():
        if existing.key_id == key_id:
            if existing.site != site:
                raise KeyError_(_("This key is already pinned for site %(site)s.") % {"site": existing.site})
            return existing
    if any(k.from_seq == from_seq for k in keys_of(site)):
        raise KeyError_(_("Another key of this site is already pinned from entry %(seq)s.") % {"seq": from_seq})
    path = _trusted_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists() or path.stat().st_size == 0
    with open(path, "a", encoding="utf-8") as fh:
        if fresh:
            fh.write(_HEADER)
        fh.write(f"{site} {from_seq} {key_id} {b64}\n")
        fh.flush()
        os.fsync(fh.fileno())
    return TrustedKey(site, from_seq, key_id, b64)


def ensure_local_key_pinned(site: str) -> TrustedKey | None:
    """Pin this site's key from entry 1 the first time (no key of the site pinned yet)."""
    b64 = local_public_b64()
    if not keys_of(site):
        return pin(site, b64, 1)
    return next((k for k in keys_of(site) if k.public_b64 == b64), None)


def rotate(site: str, from_seq: int) -> TrustedKey:
    """A new key for this site, pinned from entry ``from_seq``; the old one is kept for the heads before it."""
    old = current_private_key()
    old_id = key_id_of(public_b64(old.public_key()))
    retired = _retired_path(old_id)
    if not retired.exists():
        _write_private(retired, old)
    new = Ed25519PrivateKey.generate()
    tmp = _key_path().with_suffix(".new")
    _write_private(tmp, new)
    trusted = pin(site, public_b64(new.public_key()), from_seq)
    os.replace(tmp, _key_path())
    return trusted
