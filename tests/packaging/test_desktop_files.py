"""Desktop integration files: the .desktop entry, AppStream metainfo, MIME types,
icons, and the per-user install / uninstall scripts.

Expected values come from the freedesktop specifications and the issue: the
entry must carry Name, GenericName, Comment, Categories Office and Education,
the icon and %F, and the BibTeX / RIS / EndNote MIME types.
"""

from __future__ import annotations

import configparser
import shlex
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

from tests.packaging.conftest import PACKAGING, RESOURCES, clean_desktop_env, need

DESKTOP = RESOURCES / "refshelf.desktop"
METAINFO = RESOURCES / "io.github.refshelf.Refshelf.metainfo.xml"
MIME_XML = PACKAGING / "refshelf-mime.xml"
INSTALL = PACKAGING / "install-desktop.sh"
UNINSTALL = PACKAGING / "uninstall-desktop.sh"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
REF_TYPES = ["text/x-bibtex", "application/x-research-info-systems", "application/x-endnote-refer"]
ACTION_ICONS = ("import", "export", "copy-citation", "search", "trash", "undo", "redo", "add")


def read_desktop(path: Path) -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None, strict=True)
    cp.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    cp.read(path, encoding="utf-8")
    return cp["Desktop Entry"]


def split_list(value: str) -> list[str]:
    return [v for v in value.split(";") if v]


# ----------------------------------------------------------------- .desktop
def test_desktop_entry_has_the_required_keys() -> None:
    e = read_desktop(DESKTOP)
    assert e["Type"] == "Application"
    assert e["Name"] == "Refshelf"
    assert e["GenericName"] and e["Comment"]
    cats = split_list(e["Categories"])
    assert "Office" in cats and "Education" in cats
    assert e["Icon"] == "refshelf"
    assert e["Exec"].split()[-1] == "%F", "the Exec line must pass every selected file (%F)"
    assert sorted(split_list(e["MimeType"])) == sorted(REF_TYPES)
    assert e["Terminal"] == "false"


def test_desktop_file_validate_passes() -> None:
    need("desktop-file-validate")
    r = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "error:" not in out and "warning:" not in out, out


# ------------------------------------------------------------------ metainfo
def test_metainfo_validates_offline() -> None:
    need("appstreamcli")
    r = subprocess.run(["appstreamcli", "validate", "--no-net", "--no-color", str(METAINFO)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_metainfo_agrees_with_the_desktop_entry() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("icon[@type='stock']") == read_desktop(DESKTOP)["Icon"]
    media = sorted(m.text or "" for m in root.iterfind("provides/mediatype"))
    assert media == sorted(REF_TYPES)
    assert root.findtext("name") == "Refshelf"


# ---------------------------------------------------------------- MIME types
def test_mime_xml_defines_ris_and_endnote_globs() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(MIME_XML).getroot()
    globs = {t.get("type"): [g.get("pattern") for g in t.iterfind("m:glob", ns)]
             for t in root.iterfind("m:mime-type", ns)}
    assert globs["application/x-research-info-systems"] == ["*.ris"]
    assert globs["application/x-endnote-refer"] == ["*.enw"]
    # BibTeX comes from shared-mime-info unless the system lacks it
    system = Path("/usr/share/mime/packages/freedesktop.org.xml")
    if system.is_file() and 'type="text/x-bibtex"' in system.read_text(encoding="utf-8"):
        assert "text/x-bibtex" not in globs
    else:
        assert globs.get("text/x-bibtex") == ["*.bib"]


# --------------------------------------------------------------------- icons
def png_size(path: Path) -> tuple[int, int]:
    """Width and height of the PNG at *path*, checking every chunk's CRC and the image data."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, chunks, idat = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ctype = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(ctype + body) & 0xFFFFFFFF == crc, f"{path}: bad CRC in {ctype!r}"
        chunks.append(ctype)
        if ctype == b"IDAT":
            idat += body
        pos += 12 + length
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND"
    w, h, depth, color = struct.unpack(">IIBB", data[16:26])
    raw = zlib.decompress(idat)
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
    assert len(raw) == h * (1 + (w * channels * depth + 7) // 8), f"{path}: truncated image data"
    return w, h


@pytest.mark.parametrize("size", ICON_SIZES)
def test_app_icon_png_exists_in_every_size(size: int) -> None:
    p = RESOURCES / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "refshelf.png"
    assert png_size(p) == (size, size)


def test_svg_icons_are_well_formed() -> None:
    names = {p.stem for p in (RESOURCES / "icons").glob("*.svg")}
    assert {"refshelf", *ACTION_ICONS} <= names
    for p in (RESOURCES / "icons").glob("*.svg"):
        root = ET.parse(p).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg", p
        assert root.get("viewBox"), f"{p} needs a viewBox to scale"


def test_windows_and_macos_icons_exist() -> None:
    ico = (RESOURCES / "icons" / "refshelf.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and struct.unpack("<H", ico[4:6])[0] >= 4
    assert (RESOURCES / "icons" / "refshelf.icns").read_bytes()[:4] == b"icns"


# ---------------------------------------------------------- install/uninstall
def fake_program(tmp: Path) -> Path:
    """A stand-in for refshelf that records its arguments, in a folder with a space."""
    d = tmp / "opt dir" / "Refshelf"
    d.mkdir(parents=True)
    exe = d / "refshelf"
    exe.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "$(dirname "$0")/args"\n',
                   encoding="utf-8")
    exe.chmod(0o755)
    return exe


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def installed_files(data: Path) -> list[Path]:
    return [
        data / "applications" / "refshelf.desktop",
        data / "icons" / "hicolor" / "scalable" / "apps" / "refshelf.svg",
        data / "mime" / "packages" / "refshelf-mime.xml",
        *[data / "icons" / "hicolor" / f"{s}x{s}" / "apps" / "refshelf.png" for s in ICON_SIZES],
    ]


def expand_exec(exec_value: str, files: list[str]) -> list[str]:
    """The argv a launcher builds from an Exec value (Desktop Entry spec, field codes)."""
    # the value is a string: first undo its \\ escapes, then split as the spec's quoting says
    unescaped = exec_value.replace("\\\\", "\\")
    argv: list[str] = []
    for arg in shlex.split(unescaped):
        if arg == "%F":
            argv.extend(files)
        elif arg != "%%" and arg.startswith("%"):
            continue
        else:
            argv.append(arg)
    return argv


def test_install_then_uninstall_for_the_user(tmp_path: Path) -> None:
    env = clean_desktop_env(tmp_path)
    data, config = tmp_path / "data", tmp_path / "config"
    config.mkdir()
    # another program's associations must survive both scripts
    (config / "mimeapps.list").write_text(
        "[Added Associations]\ntext/plain=gedit.desktop;\n"
        "[Default Applications]\ntext/html=firefox.desktop;\ntext/x-bibtex=jabref.desktop;\n",
        encoding="utf-8")
    exe = fake_program(tmp_path)

    run(["bash", str(INSTALL), "--exec", str(exe)], env)
    for f in installed_files(data):
        assert f.is_file(), f"not installed: {f}"
    entry = read_desktop(data / "applications" / "refshelf.desktop")
    assert entry["TryExec"] == str(exe)
    assert entry["Icon"] == "refshelf"
    lst = (config / "mimeapps.list").read_text(encoding="utf-8")
    assert "text/plain=gedit.desktop;" in lst and "text/html=firefox.desktop;" in lst
    assert "jabref.desktop" not in lst.split("[Default Applications]")[1]
    for t in REF_TYPES:
        assert f"{t}=refshelf.desktop;" in lst
    if Path("/usr/bin/desktop-file-validate").exists():
        run(["desktop-file-validate", str(data / "applications" / "refshelf.desktop")], env)

    run(["bash", str(UNINSTALL)], env)
    for f in installed_files(data):
        assert not f.exists(), f"left behind: {f}"
    lst = (config / "mimeapps.list").read_text(encoding="utf-8")
    assert "refshelf" not in lst
    assert "text/plain=gedit.desktop;" in lst and "text/html=firefox.desktop;" in lst


def test_xdg_mime_names_refshelf_after_install(tmp_path: Path) -> None:
    need("xdg-mime", "update-mime-database")
    env = clean_desktop_env(tmp_path)
    run(["bash", str(INSTALL), "--exec", str(fake_program(tmp_path))], env)
    for t in REF_TYPES:
        r = run(["xdg-mime", "query", "default", t], env)
        assert r.stdout.strip() == "refshelf.desktop", t
    # the user MIME database now knows .ris and .enw files
    for name, mtype in (("a.ris", "application/x-research-info-systems"),
                        ("a.enw", "application/x-endnote-refer"), ("a.bib", "text/x-bibtex")):
        f = tmp_path / name
        f.write_text("%0 Journal Article\n" if name.endswith(".enw") else "x\n", encoding="utf-8")
        assert run(["xdg-mime", "query", "filetype", str(f)], env).stdout.strip() == mtype
    run(["bash", str(UNINSTALL)], env)
    r = subprocess.run(["xdg-mime", "query", "default", "text/x-bibtex"], env=env,
                       capture_output=True, text=True)
    assert "refshelf" not in r.stdout


def test_exec_line_passes_a_bib_path_whole(tmp_path: Path) -> None:
    """Launching the installed entry with a file gives the program that path as one argument."""
    env = clean_desktop_env(tmp_path)
    exe = fake_program(tmp_path)
    run(["bash", str(INSTALL), "--exec", str(exe), "--no-default"], env)
    assert not (tmp_path / "config" / "mimeapps.list").exists()
    entry = read_desktop(tmp_path / "data" / "applications" / "refshelf.desktop")
    bib = tmp_path / "my refs" / "文献 $HOME's.bib"
    bib.parent.mkdir()
    bib.write_text("@misc{a, title={A}}\n", encoding="utf-8")
    argv = expand_exec(entry["Exec"], [str(bib), str(tmp_path / "b.ris")])
    subprocess.run(argv, env=env, check=True, timeout=30)
    got = (exe.parent / "args").read_text(encoding="utf-8").splitlines()
    assert got == [str(bib), str(tmp_path / "b.ris")]


def test_gtk_launch_starts_the_entry_with_a_file(tmp_path: Path) -> None:
    need("gtk-launch")
    env = clean_desktop_env(tmp_path)
    exe = fake_program(tmp_path)
    run(["bash", str(INSTALL), "--exec", str(exe)], env)
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title={A}}\n", encoding="utf-8")
    # GTK needs a display even to launch an entry: a virtual one
    from tests.gui.helpers.xserver import xvfb

    with xvfb() as display:
        subprocess.run(["gtk-launch", "refshelf", str(bib)], env={**env, "DISPLAY": display},
                       timeout=30, check=True)
    args = exe.parent / "args"
    import time

    deadline = time.monotonic() + 10
    while not args.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert args.read_text(encoding="utf-8").splitlines() in ([str(bib)], [bib.as_uri()])


def test_install_without_a_program_fails_clearly(tmp_path: Path) -> None:
    env = clean_desktop_env(tmp_path)
    env["PATH"] = "/usr/bin:/bin"
    r = subprocess.run(["bash", str(INSTALL), "--exec", str(tmp_path / "missing")], env=env,
                       capture_output=True, text=True)
    assert r.returncode != 0
    assert "not an executable" in r.stderr
    assert not (tmp_path / "data" / "applications" / "refshelf.desktop").exists()
