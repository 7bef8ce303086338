"""Importer des données: drop a register or an aggregate table, see how its columns
were understood and every refusal, fix unknown values by choosing what they mean,
then save it as a scope of its own that every page and the scenario studio can pick.

The file stays in this session (memory of the server, this user only) until the user
presses "Enregistrer"; even then only counts are written, never a row of the file.
Reading, checking and counting are etl.imports.prepare, the same code as
`python -m etl import`, worded for the page (its fields, the families' French
labels); the suggestions and the mapping built from the user's choices are
etl.imports.suggest. This page only lays things out, in sections:

    existing_scopes   the imported scopes, removing one
    settings          the file and how to read it (name, id, year suggested from the file)
    checked           the file read and checked (kept in the session)
    problems          the refusals, and the choices that fix unknown values
    saving            preview, save, links to the pages that show the new scope
"""

import datetime as dt
import hashlib

import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from app import audience, layout, session_scopes
from app import import_preview as preview
from core import formats, labels, limits, privacy
from etl import catalog
from etl.imports import prepare, readers, save, suggest, wording
from etl.imports.headers import norm
from etl.imports.scopes import delete_scope, published_scopes
from etl.store import StoreLocked

# The page's field for each command-line option: a setting's problem names the field.
WORDING = wording.page(
    {
        "--scope": labels.IMP_SCOPE,
        "--name": labels.IMP_DISPLAY_NAME,
        "--ref-year": labels.IMP_REF_YEAR,
        "--min-cell": labels.IMP_MIN_CELL,
        "--kind": labels.IMP_KIND,
    }
)
MAX_CHOICES = 30  # unknown values offered per field; beyond, the file needs fixing
SCOPE_PARAM = "perimetre"  # the URL parameter of the pages' scope filter (app/filters.py)


def digest(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


# ---- existing scopes ---------------------------------------------------------------


def existing_scopes() -> None:
    """The imported scopes and their removal. On a shared server, a visitor lists and
    removes only the scopes of this session (never written to disk); the operator's
    command-line imports are shared, read-only here."""
    if audience.shared_mode():
        my_scopes()
        return
    existing = preview.imported_scopes_table()
    if existing.empty:
        return
    st.subheader(labels.IMP_EXISTING_HEADER)
    st.dataframe(existing, hide_index=True, width="stretch", key="imp.existing")
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    doomed = c1.selectbox(
        labels.IMP_DELETE_CHOICE,
        existing["périmètre"].tolist(),
        index=None,
        placeholder=labels.IMP_DELETE_PLACEHOLDER,
        key="imp.delete_choice",
    )
    if c2.button(labels.IMP_DELETE, key="imp.delete", disabled=doomed is None):
        try:
            delete_scope(doomed)
            st.success(labels.IMP_DELETED.format(scope=doomed))
            st.rerun()
        except StoreLocked as err:
            st.error(str(err))


def my_scopes() -> None:
    """Shared mode: this session's scopes, each downloadable as an aggregate table that
    imports again in a later visit, and removable."""
    st.info(labels.IMP_SHARED_NOTE, icon=":material/lock:")
    mine = session_scopes.names()
    if not mine:
        return
    st.subheader(labels.IMP_MY_SCOPES_HEADER)
    for scope in mine:
        manifest = session_scopes.manifest(scope)
        c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="center")
        c1.markdown(
            f"**{formats.plain(manifest.get('display_name') or scope)}** · "
            f"{formats.plain(scope)} · {', '.join(str(y) for y in manifest.get('ref_years', []))}"
        )
        pyramid = session_scopes.rows_of(scope, "age_pyramid")
        c2.download_button(
            labels.IMP_MY_SCOPE_DOWNLOAD,
            preview.reimportable_csv(pyramid),
            file_name=f"releve-{scope}-effectifs-interne.csv",
            mime="text/csv",
            key=f"imp.mine.dl.{scope}",
            on_click="ignore",
            icon=":material/download:",
            help=labels.IMP_MY_SCOPE_DOWNLOAD_HELP,
        )
        if c3.button(labels.IMP_DELETE, key=f"imp.mine.delete.{scope}"):
            session_scopes.drop(scope)
            st.rerun()


# ---- settings ----------------------------------------------------------------------


def on_name() -> None:
    """The id follows the display name while the user has not typed one of their own."""
    current = st.session_state.get("imp.scope", "").strip()
    if not current or current == st.session_state.get("imp.scope_auto"):
        proposed = suggest.scope_id(st.session_state.get("imp.name", ""), published_scopes())
        st.session_state["imp.scope"] = proposed
        st.session_state["imp.scope_auto"] = proposed
        st.session_state.pop("imp.scope_fixed", None)


def on_scope() -> None:
    """An id typed with capitals, spaces or accents becomes a valid one, said so (a
    published scope's id is left as typed: its problem says why it cannot be used)."""
    typed = st.session_state.get("imp.scope", "").strip()
    fixed = suggest.scope_id(typed) if typed else ""
    st.session_state.pop("imp.scope_fixed", None)
    st.session_state["imp.scope_auto"] = None
    if fixed and fixed != typed:
        st.session_state["imp.scope"] = fixed
        st.session_state["imp.scope_fixed"] = labels.IMP_SCOPE_FIXED.format(typed=typed, fixed=fixed)


def choose_sheet(data: bytes | None) -> str | None:
    if data is None or not data.startswith(readers.ZIP):
        return None
    try:
        sheets = readers.sheet_names(data)
    except Exception:  # noqa: BLE001 — a damaged workbook: prepare() says so in a sentence
        sheets = []
    return st.selectbox(labels.IMP_SHEET, sheets, key="imp.sheet") if len(sheets) > 1 else None


def year_hint(upload, data: bytes | None, kind: str, sheet: str | None, mapping: bytes | None):
    """The reference year suggested by the file, computed once per file and settings;
    the year field moves to it for a new file, or when the user had kept the previous
    suggestion."""
    if data is None:
        return None
    key = (digest(data), upload.name, kind, sheet, digest(mapping))
    if st.session_state.get("imp.year_hint_for") != key:
        before = st.session_state.get("imp.year_hint")
        same_file = (st.session_state.get("imp.year_hint_for") or (None,))[0] == key[0]
        with st.spinner(labels.IMP_READING):
            hint = suggest.ref_year_hint(data, upload.name, kind, mapping, sheet)
        kept = before is not None and st.session_state.get("imp.year") == before.year
        if hint is not None and (not same_file or kept or before is None):
            st.session_state["imp.year"] = hint.year
        st.session_state["imp.year_hint_for"] = key
        st.session_state["imp.year_hint"] = hint
    return st.session_state["imp.year_hint"]


def current_choices(file_key: str | None) -> dict:
    """The values the user mapped for this file (forgotten with another file)."""
    saved = st.session_state.get("imp.choices")
    return saved["choices"] if saved and saved["for"] == file_key else {}


def effective_mapping(uploaded: bytes | None, uploaded_name: str | None, choices: dict, kind: str):
    """(mapping bytes, its name for messages, the mapping as a dict when it can be
    offered for download): the uploaded mapping with the user's choices added."""
    base = suggest.base_mapping(uploaded)
    if not choices or base is None:
        return uploaded, uploaded_name or labels.IMP_MAPPING_FILE, None
    merged = suggest.mapping_from_choices(choices, base, kind)
    return suggest.mapping_json(merged), uploaded_name or labels.IMP_MAPPING_FILE, merged


# ---- fixing unknown values -----------------------------------------------------------


def fix_key(fld: str, text: str) -> str:
    return f"imp.fix.{fld}.{hashlib.sha1(norm(text).encode()).hexdigest()[:12]}"


def apply_choices(file_key: str, unknown: dict) -> None:
    """Form callback: add what the user chose to the choices of this file."""
    choices = {fld: dict(table) for fld, table in current_choices(file_key).items()}
    for fld, found in unknown.items():
        for text, _ in found[:MAX_CHOICES]:
            value = st.session_state.get(fix_key(fld, text))
            if value is not None:
                choices.setdefault(fld, {})[text] = value
    st.session_state["imp.choices"] = {"for": file_key, "choices": choices}


def forget_choices() -> None:
    st.session_state.pop("imp.choices", None)


def fix_values(unknown: dict, file_key: str, can_merge: bool) -> None:
    """One choice per unknown value, pre-set on the closest harmonised value."""
    st.markdown(labels.IMP_FIX_HEADER)
    if not can_merge:
        st.caption(labels.IMP_FIX_BLOCKED)
        return
    st.caption(labels.IMP_FIX_HELP)
    with st.form("imp.fix_form", border=True):
        for fld in suggest.MAPPABLE:
            found = unknown.get(fld, [])
            if not found:
                continue
            st.markdown(f"*{labels.IMP_FIX_FIELDS[fld]}*")
            options = suggest.CHOICES[fld]
            cols = st.columns(2)
            for i, (text, rows) in enumerate(found[:MAX_CHOICES]):
                guess = suggest.suggest(fld, text)
                cols[i % 2].selectbox(
                    labels.IMP_FIX_VALUE.format(text=limits.quote(text), rows=rows),
                    options,
                    index=options.index(guess) if guess in options else None,
                    format_func=lambda value, f=fld: preview.value_label(f, value),
                    placeholder=labels.IMP_FIX_PLACEHOLDER,
                    key=fix_key(fld, text),
                )
            if len(found) > MAX_CHOICES:
                st.caption(labels.IMP_FIX_MORE.format(count=len(found) - MAX_CHOICES))
        st.form_submit_button(
            labels.IMP_FIX_APPLY, type="primary", key="imp.fix_apply", on_click=apply_choices, args=(file_key, unknown)
        )


def applied_mapping(choices: dict, merged: dict | None) -> None:
    """What the user chose, and the mapping to keep for next time."""
    if merged is None:
        return
    st.info(labels.IMP_APPLIED.format(items=" ; ".join(preview.choices_summary(choices))))
    c1, c2 = st.columns(2)
    c1.download_button(
        labels.IMP_MAPPING_DOWNLOAD,
        suggest.mapping_json(merged),
        file_name=labels.IMP_MAPPING_FILE,
        mime="application/json",
        key="imp.mapping_download",
        help=labels.IMP_MAPPING_DOWNLOAD_HELP,
        on_click="ignore",
        icon=":material/download:",
    )
    c2.button(labels.IMP_MAPPING_FORGET, key="imp.mapping_forget", on_click=forget_choices)


# ---- saving ------------------------------------------------------------------------


def scope_links(scope: str) -> None:
    """The pages that show the new scope, opened on it."""
    st.markdown(labels.IMP_LINKS)
    cols = st.columns(len(labels.IMP_LINKED_PAGES))
    for col, (script, label) in zip(cols, labels.IMP_LINKED_PAGES.items()):
        try:
            col.page_link(script, label=label, query_params={SCOPE_PARAM: scope})
        except StreamlitPageNotFoundError:  # this page run alone (tests): no navigation to link into
            return


def manifest_of(result) -> dict:
    """What a session keeps about its scope (as a saved scope's manifest would say)."""
    return {
        "scope": result.scope,
        "display_name": result.display_name,
        "kind": result.kind,
        "ref_years": result.counts.years,
        "rows_valid": result.rows,
        "min_cell": result.min_cell,
        "file": result.filename,
    }


# ---- the page ------------------------------------------------------------------------

layout.page_header("import")
existing_scopes()

st.subheader(labels.IMP_NEW_FILE_HEADER)
# Streamlit refuses a bigger file in the browser (server.maxUploadSize in .streamlit/config.toml
# is the server's own cap); the page checks again below, in French, before reading a byte.
upload = st.file_uploader(
    labels.IMP_FILE,
    type=["csv", "txt", "tsv", "xlsx", "parquet"],
    key="imp.file",
    max_upload_size=limits.UPLOAD_MB(),
    help=labels.IMP_FILE_HELP.format(
        limit=limits.size(limits.UPLOAD_MB.bytes()),
        part=limits.size(limits.XLSX_PART_MB.bytes()),
        whole=limits.size(limits.UNPACKED_MB.bytes()),
    ),
)
c1, c2 = st.columns(2)
kind = c1.radio(labels.IMP_KIND, list(labels.IMP_KINDS), format_func=labels.IMP_KINDS.get, key="imp.kind")
mapping_file = c2.file_uploader(
    labels.IMP_MAPPING, type=["json"], key="imp.mapping", max_upload_size=max(1, -(-limits.JSON_BYTES() // limits.MB))
)
c1, c2 = st.columns(2)
display_name = c1.text_input(
    labels.IMP_DISPLAY_NAME,
    key="imp.name",
    placeholder=labels.IMP_DISPLAY_NAME_PLACEHOLDER,
    help=labels.IMP_DISPLAY_NAME_HELP,
    on_change=on_name,
).strip()
scope = c2.text_input(
    labels.IMP_SCOPE,
    key="imp.scope",
    placeholder=labels.IMP_SCOPE_PLACEHOLDER,
    help=labels.IMP_SCOPE_HELP,
    on_change=on_scope,
).strip()
if st.session_state.get("imp.scope_fixed"):
    c2.caption(st.session_state["imp.scope_fixed"])
if not scope and display_name:  # the name was given without its callback (e.g. restored): same rule
    scope = suggest.scope_id(display_name, published_scopes())

if upload is not None and upload.size > limits.UPLOAD_MB.bytes():  # nothing of it is read
    st.error(
        labels.IMP_TOO_BIG.format(
            file=formats.plain(limits.quote(upload.name)),
            size=limits.size(upload.size),
            limit=limits.size(limits.UPLOAD_MB.bytes()),
        )
    )
    st.stop()
data = upload.getvalue() if upload is not None else None
file_key = digest(data)
sheet = choose_sheet(data)
uploaded_mapping = mapping_file.getvalue() if mapping_file is not None else None
hint = year_hint(upload, data, kind, sheet, uploaded_mapping)
st.session_state.setdefault("imp.year", dt.date.today().year)
c1, c2 = st.columns(2)
# Its default is its value too: a browser drawing the field afresh shows the year, not the lowest.
lo, hi = limits.MIN_REF_YEAR, limits.MAX_REF_YEAR
shown_year = min(max(int(st.session_state["imp.year"] or lo), lo), hi)
ref_year = c1.number_input(labels.IMP_REF_YEAR, min_value=lo, max_value=hi, step=1, value=shown_year, key="imp.year")
if hint is not None:
    c1.caption(labels.IMP_YEAR_HINT[hint.source].format(year=hint.year, detail=limits.quote(hint.detail)))
elif data is not None:
    c1.caption(labels.IMP_YEAR_NO_HINT)
# On a shared server the threshold can only be raised: a visitor may not publish cells of 1.
min_cell = c2.number_input(
    labels.IMP_MIN_CELL,
    min_value=privacy.DEFAULT_MIN_CELL if audience.shared_mode() else 1,
    max_value=1000,
    value=privacy.DEFAULT_MIN_CELL,
    step=1,
    key="imp.min_cell",
    help=labels.IMP_MIN_CELL_SHARED_HELP if audience.shared_mode() else None,
)

if upload is None:
    st.info(labels.IMP_NO_FILE)
    st.stop()

# ---- checked: prepare() once per file and settings, kept in this session only ----
choices = current_choices(file_key)
mapping, mapping_name, merged = effective_mapping(uploaded_mapping, mapping_file and mapping_file.name, choices, kind)
options = (file_key, upload.name, kind, scope, display_name, int(ref_year), int(min_cell), sheet, digest(mapping))
if st.session_state.get("imp.prepared_for") != options:  # kept in this session only, never in a shared cache
    with st.spinner(labels.IMP_READING):
        st.session_state["imp.prepared"] = prepare(
            data,
            upload.name,
            kind=kind,
            scope=scope,
            ref_year=int(ref_year),
            mapping=mapping,
            mapping_name=mapping_name,
            sheet=sheet,
            min_cell=int(min_cell),
            display_name=display_name,
            wording=WORDING,
        )
        st.session_state["imp.prepared_for"] = options
result = st.session_state["imp.prepared"]

if result.info:
    st.caption(" · ".join(f"{k} : {limits.quote(v)}" for k, v in result.info.items()))
if result.columns:
    st.markdown(labels.IMP_COLUMNS_HEADER)
    st.dataframe(result.columns, hide_index=True, width="stretch", key="imp.columns")
for w in result.warnings:
    st.warning(limits.cut_quotes(w))

# ---- problems: the whole of every message, then the choices that fix unknown values ----
if result.problems:
    st.error(
        labels.IMP_PROBLEMS.format(count=len(result.problems)) + (labels.IMP_PROBLEMS_FIXABLE if result.unknown else "")
    )
    table = preview.problems_table(result.problems)
    st.table(table, hide_index=True, height="content" if len(table) <= 15 else 520)
    if result.unknown:
        fix_values(result.unknown, file_key, suggest.base_mapping(uploaded_mapping) is not None)
    applied_mapping(choices, merged)
    st.stop()

applied_mapping(choices, merged)

# ---- saving ----
name = result.display_name or result.scope
st.success(labels.IMP_VALID.format(summary=result.summary()))
if "movements" in result.tables:
    st.caption(labels.IMP_MOVEMENTS_LIMITS)
elif result.kind == "register":
    st.caption(labels.IMP_MOVEMENTS_NONE)
# The owner's preview: full counts (analysis), and what a diffusion view will hide.
full = preview.family_preview(
    privacy.protect_tables({"headcount": result.tables["headcount"]}, {})["headcount"], result.scope
)
diffused = preview.family_preview(result.protected()["headcount"], result.scope)
fig = go.Figure(
    go.Bar(
        x=full["headcount"].tolist(),
        y=full["family_label"].tolist(),
        orientation="h",
        text=full["display"].tolist(),
        textposition="outside",
        marker_color="#44AA99",
        hovertemplate="%{y} : %{text}<extra></extra>",
    )
)
fig.update_yaxes(autorange="reversed")
layout.chart_block(
    fig,
    full.assign(scope=result.scope),
    key="imp.preview",
    filename=f"releve-import-{result.scope}",
    title=labels.IMP_PREVIEW_TITLE.format(scope=name),
    export=diffused,
)
hidden = preview.hidden_summary(diffused)
st.caption(
    labels.IMP_PRIVACY_NOTE.format(min_cell=result.min_cell)
    + (" " + labels.IMP_DIFFUSION_HIDES.format(items=hidden) if hidden else "")
)

taken = set(catalog.imported_scopes()) if audience.shared_mode() else set()
replacing = result.scope in (session_scopes.names() if audience.shared_mode() else catalog.imported_scopes())
label = (labels.IMP_REPLACE if replacing else labels.IMP_SAVE).format(scope=name)
if result.scope in taken:  # a visitor never replaces the operator's shared scope
    st.error(labels.IMP_SHARED_TAKEN.format(scope=result.scope))
elif st.button(label, type="primary", key="imp.save"):
    try:
        if audience.shared_mode():
            session_scopes.put(result.scope, result.tables, manifest_of(result))
        else:
            save(result)
    except StoreLocked as err:
        st.error(str(err))
    else:
        st.session_state.pop("imp.prepared_for", None)
        st.session_state["imp.saved_for"] = options
if st.session_state.get("imp.saved_for") == options:
    st.success(labels.IMP_SAVED.format(scope=name))
    scope_links(result.scope)
