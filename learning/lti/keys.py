"""The tool's signing keys: generated at first use and kept in the database, never in the repository."""

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction
from jwcrypto.jwk import JWK

from learning.models import LtiToolKey


def _public_jwk(public_pem: str) -> dict:
    # Same kid as pylti1p3's Registration.get_kid(): the RFC 7638 thumbprint of the public key.
    jwk = json.loads(JWK.from_pem(public_pem.encode()).export_public())
    jwk.update(alg="RS256", use="sig")
    return jwk


def tool_key_create() -> LtiToolKey:
    """Generate a new RSA-2048 key pair and make it the active one (older keys stay published in the JWKS)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    kid = _public_jwk(public_pem)["kid"]
    with transaction.atomic():
        LtiToolKey.objects.filter(active=True).update(active=False)
        return LtiToolKey.objects.create(kid=kid, private_pem=private_pem, public_pem=public_pem, active=True)


def tool_key_active() -> LtiToolKey:
    """The key the tool signs with; created on first use."""
    key = LtiToolKey.objects.filter(active=True).first()
    if key is not None:
        return key
    try:
        return tool_key_create()
    except IntegrityError:  # two first uses at once: take the one that won
        return LtiToolKey.objects.filter(active=True).first()


def tool_jwks() -> dict:
    """Public keys of every kept key, so tokens signed just before a rotation still verify."""
    tool_key_active()
    return {"keys": [_public_jwk(k.public_pem) for k in LtiToolKey.objects.all()[:5]]}
