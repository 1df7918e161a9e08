"""Agency names -> a stable ASCII id through the registry, aliases included.

The package ships the registry's format and rules only (`vocab/agencies.csv` is its header): the
agencies come from the `agencies.csv` beside a corpus (e.g. data/real/agencies.csv), which
`xxgk registry PATH…` starts for you. A name not registered keeps its full form and gets a
readable id from its pinyin."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from analysis import vocab
from analysis.base.safepaths import UnsafePath, check_id

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
    if name.startswith(("市", "区", "县")):
        printed = _printed_full(name, context or "")
        candidates += [printed] if printed else []
        if place:
            candidates.append(place.group(1) + name[1:])
            candidates.append(place.group(1)[:-1] + name)
    for cand in candidates:
        row = _index().get(cand)
        if row:
            return Agency(row["agency_id"], row["name"], row.get("level", ""), row.get("parent", ""),
                          True)
    full = candidates[1] if len(candidates) > 1 else name
    return Agency(readable_id(full), full, guess_level(full), "", False)


_PLACE_END = re.compile(r"^(.{2,12}?(?:自治区|自治州|省|市|州|盟|地区|区|县|旗))(?=.)")


def readable_id(name: str) -> str:
    """A readable ASCII id for a name not in the registry: its pinyin, the place apart from the
    office (福清市人民政府 -> fuqingshi-renminzhengfu); a short hash when no pinyin is left.

    >>> readable_id("福清市人民政府")
    'fuqingshi-renminzhengfu'
    """
    from pypinyin import lazy_pinyin  # loaded only when an unregistered name is met (~1 s)

    m = _PLACE_END.match(name)
    parts = [m.group(1), name[m.end():]] if m else [name]
    words = [re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(p)).lower()) for p in parts]
    rid = "-".join(w for w in words if w)[:80].strip("-")
    if not rid:
        return "x-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return rid


def _printed_full(name: str, text: str) -> str:
    """The full form of a relative name (市扶贫和移民办) that the report itself prints most often
    (赣州市扶贫和移民办, three times), '' when none is printed more often than the others."""
    found = re.findall(r"([\u4e00-\u9fff]{2,4})" + re.escape(name), text)
    if not found:
        return ""
    counts = sorted(((found.count(f), f) for f in set(found)), reverse=True)
    if len(counts) > 1 and counts[0][0] == counts[1][0]:
        return ""
    return counts[0][1] + name


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


_PLACES = re.compile(r"(.{2,8}?(?:自治区|自治州|特别行政区|省|市|州|盟|地区|区|县|旗))")
_GOVERNMENT = re.compile(r"^(人民政府|政府|管委会|管理委员会|行政公署)$")


def guess_parent(name: str) -> str:
    """The region an agency belongs to, guessed from its name (to be checked): a government's
    parent is the place before its own (淮安市洪泽区人民政府 -> 淮安市), a department's or a
    township's the last place named (上海市科学技术委员会 -> 上海市).

    >>> guess_parent("淮安市洪泽区人民政府"), guess_parent("上海市科学技术委员会"), guess_parent("福清市人民政府")
    ('淮安市', '上海市', '')
    """
    places, rest = [], name
    while (m := _PLACES.match(rest)) and len(places) < 4:
        places.append(m.group(1))
        rest = rest[m.end():]
    if not places:
        return ""
    if _GOVERNMENT.match(rest) or not rest:
        return places[-2] if len(places) > 1 else ""
    return places[-1]
