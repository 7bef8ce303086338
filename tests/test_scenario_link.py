"""The share-link codec: every scenario survives the trip, every damaged link is
refused with a sentence (never an exception a user would see as a traceback)."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import catalog
from studio import link

SCENARIO = json.loads((catalog.SCENARIO_DIR / "1-reference.json").read_text(encoding="utf-8"))

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**9), 10**9)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=10), json_values, max_size=6))
def test_any_json_object_round_trips(data):
    assert link.decode(link.encode(data)) == data


def test_reference_round_trips_and_is_url_safe_without_padding():
    token = link.encode(SCENARIO)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert not token.endswith("=")
    assert link.decode(token) == SCENARIO


def test_token_is_plain_base64_of_the_canonical_json():
    token = link.encode(SCENARIO)
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert json.loads(raw) == SCENARIO
    assert raw.decode("utf-8") == link.canonical_json(SCENARIO)


def test_same_assumptions_same_token_whatever_the_key_order():
    reordered = dict(reversed(list(SCENARIO.items())))
    assert link.encode(reordered) == link.encode(SCENARIO)


@pytest.mark.parametrize("variant", ["padded", "standard_alphabet", "plus_as_space", "surrounding_spaces"])
def test_tolerated_variants(variant):
    data = {"name": "Scénario ~~~ ???", "x": [1.5, "é" * 7]}
    raw = link.canonical_json(data).encode()
    token = {
        "padded": base64.urlsafe_b64encode(raw).decode(),
        "standard_alphabet": base64.b64encode(raw).decode(),
        "plus_as_space": base64.b64encode(raw).decode().replace("+", " "),
        "surrounding_spaces": "  " + link.encode(data) + "\n",
    }[variant]
    assert link.decode(token) == data


@pytest.mark.parametrize(
    "token, words",
    [
        ("", "vide"),
        ("   ", "vide"),
        ("abc!def", "« ! »"),
        ("a", "longueur"),
        ("x" * (link.MAX_TOKEN_CHARS + 1), "trop long"),
        (base64.urlsafe_b64encode(b"\xff\xfe\xfa").decode(), "UTF-8"),
        (base64.urlsafe_b64encode(b'{"name": "tronqu').decode(), "JSON"),
        (base64.urlsafe_b64encode(b"[1, 2, 3]").decode(), "objet JSON"),
        (base64.urlsafe_b64encode(b"42").decode(), "objet JSON"),
    ],
)
def test_damaged_links_are_refused_with_a_sentence(token, words):
    with pytest.raises(link.LinkError) as err:
        link.decode(token)
    assert words in str(err.value)


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "token, sentence",
    [
        # 20 000 levels: longer than any link (the length is checked before decoding)
        (
            b64("[" * 20_000 + "]" * 20_000),
            "le paramètre « scenario » du lien est trop long (53334 caractères, "
            "au plus 20000) : ce n'est pas un lien de scénario.",
        ),
        # 5 000 levels fit in a link: Python's parser would raise RecursionError
        (
            b64('{"a": ' + "[" * 5_000 + "]" * 5_000 + "}"),
            "le lien contient un JSON refusé (ligne 1, colonne 70 : plus de 64 niveaux de [ ou de { imbriqués) : "
            "ce n'est pas un lien de scénario.",
        ),
        # Python would raise ValueError (more than 4 300 digits)
        (
            b64('{"base_year": ' + "2" * 5_000 + "}"),
            "le lien contient un JSON refusé (ligne 1, colonne 15 : nombre de 5\u202f000 caractères "
            "« 2222222222222222222… » (au plus 100)) : ce n'est pas un lien de scénario.",
        ),
        (
            b64('{"base_year": NaN}'),
            "le lien contient un JSON refusé (ligne 1, colonne 15 : « NaN » n'est pas un nombre JSON (NaN et Infinity "
            "sont refusés)) : ce n'est pas un lien de scénario.",
        ),
    ],
)
def test_links_beyond_the_json_limits_are_refused_with_one_sentence(token, sentence):
    with pytest.raises(link.LinkError) as err:
        link.decode(token)
    assert str(err.value) == sentence
    assert "\n" not in str(err.value) and len(str(err.value)) < 300


def test_truncated_real_link_is_refused():
    token = link.encode(SCENARIO)
    for cut in (1, 2, 3, 10, len(token) // 2):
        with pytest.raises(link.LinkError):
            link.decode(token[:-cut])


def test_share_url_keeps_the_base_and_quotes_extras():
    url = link.share_url("http://host:8501/scenarios?old=1#top", "abc", {"scope": "mon périmètre"})
    assert url == "http://host:8501/scenarios?scenario=abc&scope=mon%20p%C3%A9rim%C3%A8tre"
