"""Fernet encryption for secrets at rest. FIELD_ENCRYPTION_KEY holds one or more keys,
newest first (MultiFernet): new values use the first key, old values stay readable, and
`rotate()` re-encrypts a token with the newest key."""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be a list of url-safe base64 Fernet keys."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        # Never include the token or any key in the message.
        raise ValueError("A stored secret cannot be decrypted with the configured keys.") from exc


def rotate(token: str) -> str:
    return fernet().rotate(token.encode()).decode()
