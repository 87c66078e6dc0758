"""CSL-JSON in and out: a JSON array of CSL items (or one item, or {"items": [...]})."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from app.core.csl import record_from_csl, record_to_csl
from app.core.formats import Failure, Format, ReadResult, register
from app.core.records import Record

log = logging.getLogger(__name__)


class CslJsonFormat(Format):
    id = "csljson"
    name = "CSL-JSON"
    extensions = (".json", ".csljson")
    mime_types = ("application/vnd.citationstyles.csl+json",)

    def sniff(self, head: str) -> float:
        s = head.lstrip("\ufeff \t\r\n")
        if not s.startswith(("[", "{")):
            return 0.0
        if '"type"' in s[:4000] and any(k in s[:8000] for k in (
                '"title"', '"author"', '"issued"', '"container-title"', '"DOI"')):
            return 0.9
        return 0.2 if s.startswith("[") else 0.1

    def read(self, text: str, source: str = "") -> ReadResult:
        result = ReadResult()
        try:
            data = json.loads(text.lstrip("\ufeff"))
        except json.JSONDecodeError as exc:
            result.failures.append(Failure(source, exc.lineno, f"not valid JSON: {exc.msg}"))
            return result
        except RecursionError:
            result.failures.append(Failure(source, 1, "the JSON is nested too deeply to read"))
            return result
        if "\\u" in text or _has_surrogate(text):
            data = _fix_surrogates(data)
        if isinstance(data, dict):
            items = data.get("items") if isinstance(data.get("items"), list) else [data]
        elif isinstance(data, list):
            items = data
        else:
            result.failures.append(Failure(source, 1, "expected a JSON array of CSL items"))
            return result
        line_of = _item_lines(text, len(items))
        for i, item in enumerate(items):
            line = line_of[i] if i < len(line_of) else None
            if not isinstance(item, dict):
                result.failures.append(Failure(source, line, f"item {i + 1} is not an object",
                                               json.dumps(item, ensure_ascii=False)[:500]))
                continue
            try:
                rec = record_from_csl(item)
            except (TypeError, ValueError, AttributeError) as exc:
                result.failures.append(Failure(source, line, f"item {i + 1}: {exc}",
                                               json.dumps(item, ensure_ascii=False)[:500]))
                continue
            if rec.is_empty():
                result.failures.append(Failure(source, line, f"item {i + 1} has no title, "
                                               "author or identifier",
                                               json.dumps(item, ensure_ascii=False)[:500]))
                continue
            result.records.append(rec)
            result.lines.append(line)
        return result

    def write(self, records: Iterable[Record], **options: object) -> str:
        own = bool(options.get("own_keys", True))
        items = [record_to_csl(r, own_keys=own) for r in records]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _fix_surrogates(v: object) -> object:
    """Pair up surrogates from JSON ``\\ud83d\\ude00`` escapes; replace lone ones."""
    if isinstance(v, str):
        if _has_surrogate(v):
            return v.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return v
    if isinstance(v, list):
        return [_fix_surrogates(x) for x in v]
    if isinstance(v, dict):
        return {_fix_surrogates(k): _fix_surrogates(x) for k, x in v.items()}  # type: ignore[misc]
    return v


def _item_lines(text: str, count: int) -> list[int]:
    """The start line of each top-level item of a JSON array (empty if not an array)."""
    text = text.lstrip("\ufeff")
    dec = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if not text[pos:pos + 1] == "[":
        return []
    pos += 1
    lines: list[int] = []
    line, counted = 1, 0
    try:
        while len(lines) < count:
            while pos < len(text) and text[pos] in " \t\r\n,":
                pos += 1
            if pos >= len(text) or text[pos] == "]":
                break
            line += text.count("\n", counted, pos)
            counted = pos
            lines.append(line)
            _, pos = dec.raw_decode(text, pos)
    except json.JSONDecodeError:
        pass
    return lines


register(CslJsonFormat())
