"""Agency names -> a stable ASCII id through the registry (vocab/agencies.csv), aliases included."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from analysis import vocab
from analysis.base.paths import UnsafePath, check_id

_SUFFIX = re.compile(
    r"(人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理局|局|委|办|厅|中心|院|署|"
    r"街道办事处|街道|镇|乡|会|所|队|站)$")
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:省|自治区|市|州|盟))")


@dataclass(frozen=True)
class Agency:
    agency_id: str
    name: str
    level: str
    parent: str
    registered: bool


class RegistryError(ValueError):
    """A registry row that cannot be used; the message names the file and the row."""


def check_rows(rows: list[dict[str, str]], source: str) -> list[dict[str, str]]:
    """`rows` when every agency_id is a safe file-name id and every row has a name, else
    RegistryError naming `source` and the row (ids end up in output paths)."""
    for n, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            check_id(row.get("agency_id") or "", "agency_id")
        except UnsafePath as exc:
            raise RegistryError(f"{source}, row {n}: {exc}") from None
        if not (row.get("name") or "").strip():
            raise RegistryError(f"{source}, row {n}: no name for agency_id {row['agency_id']!r}")
    return rows


_EXTRA: list[dict[str, str]] = []


def register(rows: list[dict[str, str]], source: str = "registry") -> None:
    """Add registry rows (agency_id, name, aliases, level, parent), e.g. a corpus's agencies.csv."""
    global _INDEX
    _EXTRA.extend(check_rows(rows, source))
    _INDEX = None


def use(rows: list[dict[str, str]], source: str = "registry") -> None:
    """Make `rows` the only extra registry rows (idempotent, unlike `register`): a worker running
    batches of several runs gets each run's registry, not their union."""
    global _INDEX, _EXTRA
    if rows != _EXTRA:
        _EXTRA = list(check_rows(rows, source))
        _INDEX = None


_INDEX: dict[str, dict[str, str]] | None = None


def _index() -> dict[str, dict[str, str]]:
    global _INDEX
    if _INDEX is None:
        idx: dict[str, dict[str, str]] = {}
        rows = check_rows(vocab.agencies(), "analysis/vocab/agencies.csv") + _EXTRA
        for row in rows:
            for name in [row["name"], *filter(None, (row.get("aliases") or "").split("|"))]:
                idx[squash(name)] = row
        _INDEX = idx
    return _INDEX


def squash(name: str) -> str:
    return re.sub(r"[\s()()·]", "", name)


def resolve(raw: str, context: str = "") -> Agency:
    """Map a raw name to the registry; an unknown name gets an id derived from its text.

    A relative name (市扶贫和移民办) is tried with the first place name of `context` prefixed.
    """
    name = squash(raw)
    candidates = [name]
    place = _PLACE.search(context or "")
    if place and name.startswith(("市", "区", "县")):
        candidates.append(place.group(1) + name[1:])
        candidates.append(place.group(1)[:-1] + name)
    for cand in candidates:
        row = _index().get(cand)
        if row:
            return Agency(row["agency_id"], row["name"], row.get("level", ""), row.get("parent", ""),
                          True)
    full = candidates[1] if len(candidates) > 1 else name
    digest = hashlib.sha1(full.encode("utf-8")).hexdigest()[:10]
    return Agency(f"x-{digest}", full, guess_level(full), "", False)


def guess_level(name: str) -> str:
    if re.search(r"(街道|镇|乡)(人民政府|办事处)?$", name):
        return "township"
    if re.search(r"[区县]人民政府$", name):
        return "district"
    if re.search(r"市人民政府$", name):
        return "city"
    if re.search(r"省人民政府$", name):
        return "province"
    return "department" if _SUFFIX.search(name) else ""
