"""The folder of saved scenarios: safe names, no overwrite by surprise, atomic
writes, damaged files listed rather than crashing the page."""

from __future__ import annotations

import json

import pytest

from studio.store import ScenarioStore, StoreError, default_folder, slugify

TEXT = json.dumps({"name": "Un départ sur deux", "description": "moitié remplacée"}, ensure_ascii=False)


@pytest.fixture
def store(tmp_path):
    return ScenarioStore(tmp_path / "saved")


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Référence", "reference"),
        ("Un départ sur deux !", "un-depart-sur-deux"),
        ("../../etc/passwd", "etc-passwd"),
        ("  Mobilité  gestion -> relation  ", "mobilite-gestion-relation"),
        ("CON", "con"),
        ("???", ""),
        ("x" * 200, "x" * 60),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_save_list_read_delete_round_trip(store):
    saved = store.save("Un départ sur deux", TEXT)
    assert saved.slug == "un-depart-sur-deux"
    listed = store.list()
    assert [(s.slug, s.name, s.description, s.problem) for s in listed] == [
        ("un-depart-sur-deux", "Un départ sur deux", "moitié remplacée", "")
    ]
    assert store.read("un-depart-sur-deux").decode("utf-8") == TEXT
    store.delete("un-depart-sur-deux")
    assert store.list() == []


def test_no_overwrite_without_replace(store):
    store.save("Essai", TEXT)
    with pytest.raises(StoreError, match="Remplacer"):
        store.save("essai", "{}")
    store.save("ESSAI", '{"name": "ESSAI"}', replace=True)
    assert json.loads(store.read("essai")) == {"name": "ESSAI"}


def test_a_name_without_letters_is_refused(store):
    with pytest.raises(StoreError, match="nom"):
        store.save("???", TEXT)


@pytest.mark.parametrize("slug", ["../x", "a/b", "", "A", "x.json", "-x", "x" * 61])
def test_unsafe_slugs_are_refused(store, slug):
    with pytest.raises(StoreError):
        store.read(slug)
    with pytest.raises(StoreError):
        store.delete(slug)


def test_missing_files_are_sentences(store):
    with pytest.raises(StoreError, match="n'existe plus"):
        store.read("absent")
    with pytest.raises(StoreError, match="n'existe plus"):
        store.delete("absent")


def test_damaged_and_foreign_files(store):
    store.save("Bon", json.dumps({"name": "Bon"}))
    (store.folder / "casse.json").write_text("{pas du json", encoding="utf-8")
    (store.folder / "liste.json").write_text("[1, 2]", encoding="utf-8")
    (store.folder / "Nom Libre.json").write_text("{}", encoding="utf-8")  # not a name this module writes
    (store.folder / ".bon.json.tmp123").write_text("partial", encoding="utf-8")
    listed = {s.slug: s for s in store.list()}
    assert set(listed) == {"bon", "casse", "liste"}
    assert listed["bon"].problem == ""
    assert listed["casse"].problem and listed["liste"].problem


def test_listing_sorts_by_name_and_ignores_a_missing_folder(tmp_path):
    assert ScenarioStore(tmp_path / "nowhere").list() == []
    store = ScenarioStore(tmp_path)
    for name in ("Zèbre", "abricot", "Écureuil"):
        store.save(name, json.dumps({"name": name}))
    assert [s.name for s in store.list()] == ["abricot", "Écureuil", "Zèbre"]


def test_writes_leave_no_temporary_file(store):
    store.save("Essai", TEXT)
    store.save("Essai", TEXT, replace=True)
    assert sorted(p.name for p in store.folder.iterdir()) == ["essai.json"]


def test_folder_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RELEVE_SCENARIOS", str(tmp_path))
    assert default_folder() == tmp_path
    assert ScenarioStore().folder == tmp_path


@pytest.mark.parametrize(
    "text",
    [
        "[" * 20_000 + "]" * 20_000,  # json.loads: RecursionError
        '{"name": "x", "seed": ' + "9" * 5_000 + "}",  # json.loads: ValueError (int over 4 300 digits)
        '{"name": NaN}',
        '{"name": "' + "x" * 1_000_001 + '"}',  # over limits.JSON_BYTES
    ],
)
def test_files_beyond_the_json_limits_are_listed_as_unreadable(store, text):
    """A saved file nested 20 000 levels deep or carrying a 5 000-digit number (put
    there by hand) is listed with its reason, never a traceback; saving one is
    refused the same way the page refuses an upload."""
    store.save("Bon", json.dumps({"name": "Bon"}))
    (store.folder / "piege.json").write_text(text, encoding="utf-8")
    listed = {s.slug: s for s in store.list()}
    assert listed["piege"].problem and listed["bon"].problem == ""
    from studio.store import MemoryScenarioStore

    memory = MemoryScenarioStore()
    if len(text) <= 1_000_000:
        memory.save("Piège", text)
        assert [s.name for s in memory.list()] == ["piege"]
    else:
        with pytest.raises(StoreError, match="trop volumineux"):
            memory.save("Piège", text)
