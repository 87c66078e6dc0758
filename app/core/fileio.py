"""Files: atomic writes (temp file, fsync, rename) and safe names for stored attachments."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from app.core.errors import UserError


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                   dir=target.parent if str(target.parent) else ".")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError as exc:
        raise UserError("cannot write {path}: {err}", path=str(target),
                        err=exc.strerror or str(exc)) from exc


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}
_BAD_CHARS_RE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
MAX_NAME_BYTES = 200


def safe_attachment_name(name: str) -> str:
    """A file name (no folder part) safe to create inside the storage folder.

    Path separators of every platform, ``..``, drive letters, control
    characters, characters Windows forbids, reserved device names (``CON``,
    ``NUL`` …), leading dots and trailing dots/spaces are removed; the result
    is NFC-normalised, at most 200 UTF-8 bytes (the extension kept) and never
    empty. CJK and other non-ASCII letters are kept.
    """
    raw = unicodedata.normalize("NFC", str(name or ""))
    # keep only the last path component, whatever the separator
    base = re.split(r"[/\\]", raw)[-1]
    base = _BAD_CHARS_RE.sub("_", base)
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    base = base.strip().lstrip(".").rstrip(". ")
    stem, ext = os.path.splitext(base)
    if not re.fullmatch(r"\.[\w-]{1,12}", ext or ".x"):
        stem, ext = base, ""
    if stem.split(".")[0].strip().lower() in _RESERVED:
        stem = f"_{stem}"
    stem = stem.strip(" .") or "attachment"
    budget = MAX_NAME_BYTES - len(ext.encode("utf-8"))
    if len(stem.encode("utf-8")) > budget:
        digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
        cut = stem.encode("utf-8")[: budget - 9].decode("utf-8", "ignore").rstrip(" .")
        stem = f"{cut}-{digest}"
    out = f"{stem}{ext}"
    if out in (".", "..") or not out:
        out = "attachment"
    return out
