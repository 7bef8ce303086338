"""Share links: a scenario travels in the URL as `?scenario=<token>`, where the token
is the URL-safe base64 (RFC 4648 §5) of the scenario's JSON, padding optional.

Why base64 of plain JSON rather than a compressed or opaque form: anyone can decode
a link with standard tools and read the assumptions it carries, and the link stays
valid as long as the scenario file format does, whatever the app's version.

This module knows nothing of the projection engine: it turns a dict into a token
and a token back into a dict, and refuses a damaged token with one French sentence.
Checking that the dict is a valid scenario is the engine's job. The JSON is read
through limits.load_json: a link nested 20 000 levels deep or carrying a 5 000-digit
number is refused like a truncated one, never with a traceback.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from urllib.parse import quote

from core import limits

# A scenario is well under 2 kB of JSON; a token this long is not a scenario, and
# decoding it would only waste the server's time.
MAX_TOKEN_CHARS = 20_000
_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")


class LinkError(ValueError):
    """A token that does not decode to a JSON object; `str(err)` is the sentence to show."""


def canonical_json(scenario: dict) -> str:
    """One text per scenario: sorted keys, no spaces. Used for tokens and cache keys,
    so that the same assumptions always give the same link."""
    return json.dumps(scenario, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def encode(scenario: dict) -> str:
    """The token of `scenario`: URL-safe base64 of its canonical JSON, without padding."""
    raw = canonical_json(scenario).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(token: str) -> dict:
    """The scenario dict carried by `token`; LinkError with a sentence otherwise.

    Tolerates what links suffer on the way: surrounding spaces, padding present or
    not, and the standard alphabet's "+" and "/" (a "+" often arrives as a space)."""
    if not isinstance(token, str) or not token.strip():
        raise LinkError("le paramètre « scenario » du lien est vide.")
    text = token.strip()
    if len(text) > MAX_TOKEN_CHARS:
        raise LinkError(
            f"le paramètre « scenario » du lien est trop long ({len(text)} caractères, "
            f"au plus {MAX_TOKEN_CHARS}) : ce n'est pas un lien de scénario."
        )
    text = text.replace(" ", "-").replace("+", "-").replace("/", "_").rstrip("=")
    bad = _ALPHABET.fullmatch(text) is None
    if bad:
        char = next(c for c in text if not _ALPHABET.fullmatch(c))
        raise LinkError(
            f"le paramètre « scenario » contient le caractère « {char} », qui n'appartient pas "
            "à l'alphabet base64 des adresses : le lien a sans doute été tronqué ou modifié."
        )
    if len(text) % 4 == 1:
        raise LinkError(
            "le paramètre « scenario » a une longueur impossible en base64 : le lien a sans doute été tronqué."
        )
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise LinkError(
            "le paramètre « scenario » n'est pas du base64 valide : le lien a sans doute été tronqué."
        ) from None
    try:
        data = limits.load_json(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise LinkError("le lien ne contient pas un texte UTF-8 : il a sans doute été tronqué.") from None
    except limits.JsonRefused as exc:
        raise LinkError(
            f"le lien contient un JSON refusé ({exc.where()}{exc.reason}) : ce n'est pas un lien de scénario."
        ) from None
    except json.JSONDecodeError as exc:
        raise LinkError(
            f"le lien ne contient pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno} : "
            f"{exc.msg}) : il a sans doute été tronqué."
        ) from None
    if not isinstance(data, dict):
        raise LinkError("le lien ne contient pas un scénario (un objet JSON {…} était attendu).")
    return data


def share_url(base_url: str, token: str, extra: dict[str, str] | None = None) -> str:
    """`base_url?scenario=token` (+ `&key=value` for `extra`), `base_url` without query."""
    base = (base_url or "").split("?", 1)[0].split("#", 1)[0]
    params = [("scenario", token)] + sorted((extra or {}).items())
    return base + "?" + "&".join(f"{k}={quote(str(v), safe='-_')}" for k, v in params)
