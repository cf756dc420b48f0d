#!/usr/bin/env bash
# Build the Linux one-file exe dist/renkei-desktop with PyInstaller (installer.spec) and smoke-test it.
#
#   build/linux.sh            → dist/renkei-desktop (+ .sha256), smoke-tested twice (1st run makes the sample)
#   build/linux.sh --onedir   → also dist/renkei-desktop-onedir-linux.tar.gz (+ .sha256), smoke-tested
#
# The smoke test runs a copy of the exe in an empty folder with an empty environment (no venv on PATH, a fresh
# HOME and user data folder) and, where the machine allows it, without network (unshare -n).
# Scratch files go to build/linux-work/ (git-ignored). RENKEI_SKIP_APT=1 skips apt-get.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK="$ROOT/build/linux-work"
APP=renkei-desktop
ONEDIR=0
[ "${1:-}" = "--onedir" ] && ONEDIR=1
T_RUN=300

log() { printf '\n== [linux] %s (%ss)\n' "$*" "$SECONDS"; }
die() { printf '\nERROR [linux build]: %s\n' "$*" >&2; exit 1; }
cd "$ROOT"

# Qt's xcb platform plugin needs these at build time to bundle them (and at run time); offscreen needs none.
NEEDED=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0 libfontconfig1 libegl1 libgl1 libdbus-1-3 binutils)
missing=()
for p in "${NEEDED[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] && [ "${RENKEI_SKIP_APT:-0}" != 1 ] && command -v apt-get >/dev/null; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq -o DPkg::Lock::Timeout=900
  apt-get install -y -q -o DPkg::Lock::Timeout=900 --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v strip >/dev/null || die "strip (binutils) is needed"

# The project venv with the pinned dependencies (./run.sh creates it) plus the pinned PyInstaller.
[ -x .venv/bin/python ] || ./run.sh --version >/dev/null
want=$(sed -n 's/^pyinstaller==//p' constraints.txt)
have=$(.venv/bin/python -c "import PyInstaller; print(PyInstaller.__version__)" 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  log "pip install .[build] (PyInstaller $want)"
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[build]" 2>&1 | grep -v "^WARNING: Location" || true
fi

build() {  # $1: onefile|onedir
  local t0=$SECONDS
  log "PyInstaller ($1)"
  rm -rf "dist/$APP-onedir-linux"
  RENKEI_ONEDIR=$([ "$1" = onedir ] && echo 1 || echo 0) .venv/bin/python -m PyInstaller --noconfirm \
    --log-level WARN --workpath "$WORK/pyi-$1" installer.spec >"$WORK/pyinstaller-$1.log" 2>&1 \
    || { tail -40 "$WORK/pyinstaller-$1.log"; die "PyInstaller ($1) failed"; }
  echo "PyInstaller $1: $((SECONDS - t0)) s"
}

NET=(unshare -n --)
"${NET[@]}" true 2>/dev/null || { NET=(); echo "note: unshare -n is not permitted here; smoke test runs with network"; }

smoke() {  # $1 exe file or onedir folder (copied into an empty folder), $2 exe inside it, $3 run folder, $4 label
  local src=$1 exe=$2 run=$3 label=$4 start end rc
  mkdir -p "$run/home" "$run/bin"
  rm -rf "$run/out"
  [ -e "$run/bin/$(basename "$src")" ] || cp -a "$src" "$run/bin/"
  start=$(date +%s.%N)
  set +e
  (cd "$run/bin" && timeout "$T_RUN" env -i HOME="$run/home" PATH=/usr/bin:/bin LANG=C.UTF-8 \
    RENKEI_DATA_DIR="$run/data" "${NET[@]}" "./$exe" --selftest "$run/out")
  rc=$?
  set -e
  end=$(date +%s.%N)
  [ "$rc" = 0 ] || { [ -f "$run/out/selftest.json" ] && cat "$run/out/selftest.json"; die "smoke test failed ($label, exit $rc)"; }
  .venv/bin/python build/support/check_selftest.py "$run/out" --label "$label" \
    --wall "$(.venv/bin/python -c "print($end - $start)")" || die "smoke test report is wrong ($label)"
}

mkdir -p "$WORK" dist
build onefile
[ -x "dist/$APP" ] || die "dist/$APP was not built"
grep -q "^PySide6_Essentials " dist/THIRD_PARTY_NOTICES.txt && [ -s dist/LICENSE.txt ] \
  || die "dist/THIRD_PARTY_NOTICES.txt or dist/LICENSE.txt is missing or incomplete"
(cd dist && sha256sum "$APP" > "$APP.sha256")
size=$(stat -c %s "dist/$APP")
echo "dist/$APP: $size bytes ($((size / 1048576)) MiB), sha256 $(cut -d' ' -f1 "dist/$APP.sha256")"

log "smoke test (copy in an empty folder, empty environment)"
rm -rf "$WORK/run"
smoke "dist/$APP" "$APP" "$WORK/run" "Linux exe, 1st run"
smoke "dist/$APP" "$APP" "$WORK/run" "Linux exe, 2nd run"
cp "$WORK/run/out/selftest.json" dist/selftest-linux.json

if [ "$ONEDIR" = 1 ]; then
  build onedir
  (cd dist && tar czf "$APP-onedir-linux.tar.gz" "$APP-onedir-linux" \
    && sha256sum "$APP-onedir-linux.tar.gz" > "$APP-onedir-linux.tar.gz.sha256")
  rm -rf "$WORK/run-onedir"
  smoke "dist/$APP-onedir-linux" "$APP-onedir-linux/$APP" "$WORK/run-onedir" "Linux onedir"
fi
log "done"
