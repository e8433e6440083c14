"""A test LMS built from the LTI 1.3 / LTI Advantage specs with PyJWT and cryptography.

It does not use the tool's code: it answers the OIDC login redirect with an id_token it
signs itself, serves its JWKS, its OAuth2 token endpoint and its AGS/NRPS endpoints
through `responses` (the HTTP layer of `requests`), and checks the tool's client
assertions against the tool's public /lti/jwks/.
"""

import json
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import jwt
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
ROLE_LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
ROLE_INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@dataclass
class Platform:
    issuer: str = "https://lms.example.edu"
    client_id: str = "tool-client-1"
    deployment_id: str = "deployment-1"
    kid: str = "platform-key-1"
    key: object = field(default_factory=new_key)
    context_id: str = "course-42"
    context_title: str = "Mạng máy tính 10A1"
    scores: list = field(default_factory=list)  # AGS score bodies received
    token_requests: list = field(default_factory=list)  # decoded client assertions
    members: list = field(default_factory=list)  # NRPS roster served

    @property
    def auth_login_url(self):
        return f"{self.issuer}/auth"

    @property
    def token_url(self):
        return f"{self.issuer}/token"

    @property
    def keyset_url(self):
        return f"{self.issuer}/jwks"

    @property
    def lineitem_url(self):
        return f"{self.issuer}/courses/42/lineitems/7"

    @property
    def memberships_url(self):
        return f"{self.issuer}/courses/42/memberships"

    def jwks(self) -> dict:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, alg="RS256", use="sig")
        return {"keys": [jwk]}

    def register_command_args(self) -> list[str]:
        return [
            "--issuer", self.issuer, "--client-id", self.client_id, "--deployment-id", self.deployment_id,
            "--auth-login-url", self.auth_login_url, "--auth-token-url", self.token_url,
            "--keyset-url", self.keyset_url,
        ]  # fmt: skip

    # --- HTTP services of the platform -------------------------------------------------------------------

    def serve(self, rsps: responses.RequestsMock, tool_client) -> None:
        """Intercept the platform's endpoints. `tool_client` fetches the tool's JWKS to verify its assertions."""
        rsps.add(responses.GET, self.keyset_url, json=self.jwks())

        def token(request):
            form = parse_qs(request.body)
            assertion = form["client_assertion"][0]
            tool_jwks = tool_client.get("/lti/jwks/").json()
            header = jwt.get_unverified_header(assertion)
            key = next(k for k in tool_jwks["keys"] if k["kid"] == header["kid"])
            claims = jwt.decode(
                assertion, RSAAlgorithm.from_jwk(json.dumps(key)), algorithms=["RS256"], audience=self.token_url
            )
            assert claims["iss"] == claims["sub"] == self.client_id
            assert form["grant_type"] == ["client_credentials"]
            self.token_requests.append({"claims": claims, "scope": form["scope"][0]})
            return 200, {}, json.dumps({"access_token": "platform-token-1", "token_type": "Bearer", "expires_in": 3600})

        def score(request):
            assert request.headers["Authorization"] == "Bearer platform-token-1"
            assert request.headers["Content-Type"] == "application/vnd.ims.lis.v1.score+json"
            self.scores.append(json.loads(request.body))
            return 200, {}, ""

        def memberships(request):
            assert request.headers["Authorization"] == "Bearer platform-token-1"
            body = {"id": self.memberships_url, "context": {"id": self.context_id}, "members": self.members}
            return 200, {"Content-Type": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"}, json.dumps(body)

        rsps.add_callback(responses.POST, self.token_url, callback=token)
        rsps.add_callback(responses.POST, self.lineitem_url + "/scores", callback=score)
        rsps.add_callback(responses.GET, self.memberships_url, callback=memberships)

    # --- OIDC login + launch -----------------------------------------------------------------------------

    def login(self, client, *, login_hint="user-hint") -> dict:
        """Third-party initiated login; returns the auth request the tool redirected to (state, nonce, ...)."""
        response = client.post(
            "/lti/login/",
            {
                "iss": self.issuer,
                "login_hint": login_hint,
                "target_link_uri": "http://testserver/lti/launch/",
                "lti_message_hint": "msg-hint",
                "client_id": self.client_id,
            },
        )
        assert response.status_code == 302, response.content
        location = urlsplit(response["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == self.auth_login_url
        params = {k: v[0] for k, v in parse_qs(location.query).items()}
        assert params["response_type"] == "id_token" and params["scope"] == "openid"
        assert params["client_id"] == self.client_id
        return params

    def id_token(
        self,
        *,
        nonce: str,
        sub: str,
        roles: list[str],
        message_type: str = "LtiResourceLinkRequest",
        custom: dict | None = None,
        resource_link_id: str = "link-1",
        ags: bool = True,
        nrps: bool = True,
        exp_in: int = 300,
        aud=None,
        key=None,
        kid=None,
        deployment_id=None,
        name: str = "Bình Nguyễn",
    ) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id if aud is None else aud,
            "sub": sub,
            "iat": now,
            "exp": now + exp_in,
            "nonce": nonce,
            "name": name,
            "given_name": name.split()[0],
            "family_name": name.split()[-1],
            "email": f"{sub}@lms.example.edu",
            LTI + "message_type": message_type,
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id if deployment_id is None else deployment_id,
            LTI + "target_link_uri": "http://testserver/lti/launch/",
            LTI + "roles": roles,
            LTI + "context": {"id": self.context_id, "title": self.context_title, "label": "10A1"},
        }
        if message_type == "LtiResourceLinkRequest":
            claims[LTI + "resource_link"] = {"id": resource_link_id, "title": "Quiz in LMS"}
            if custom is not None:
                claims[LTI + "custom"] = custom
            if ags:
                claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = {
                    "scope": SCOPES,
                    "lineitems": f"{self.issuer}/courses/42/lineitems",
                    "lineitem": self.lineitem_url,
                }
        else:
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": f"{self.issuer}/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": False,
                "data": "opaque-platform-data",
            }
        if nrps:
            claims["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"] = {
                "context_memberships_url": self.memberships_url,
                "service_versions": ["2.0"],
            }
        headers = {"kid": kid or self.kid}
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers=headers)

    def launch(self, client, **token_kwargs):
        """Login, then POST the signed id_token to the tool's redirect_uri, like a browser would."""
        auth = self.login(client)
        token = self.id_token(nonce=auth["nonce"], **token_kwargs)
        response = client.post(auth["redirect_uri"], {"id_token": token, "state": auth["state"]})
        response.id_token = token
        response.state = auth["state"]
        return response


def new_sub() -> str:
    return "lms-user-" + uuid.uuid4().hex[:8]
