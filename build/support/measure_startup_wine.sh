#!/usr/bin/env bash
# Measure what a user sees after starting the Windows exe, under Wine on a virtual screen (manual tool, not CI):
# launch → start-up splash visible, launch → splash closed (the app closes it 150 ms after its main window is
# shown), for RUNS starts; saves a screenshot of the splash. Qt runs on its offscreen platform: Qt's real
# "windows" platform aborts under Wine 8 (unimplemented mscms.dll WcsCreateIccProfile), so the main window itself
# cannot be seen here; the splash is drawn by the bootloader with Tcl/Tk and is real.
# Uses the Wine prefix that build/windows/build.sh left in build/win-work/prefix (shims installed).
#
#   build/support/measure_startup_wine.sh dist/renkei-desktop.exe [RUNS]
#   build/support/measure_startup_wine.sh dist/renkei-desktop-onedir-windows/renkei-desktop.exe [RUNS]
#
# Needs xvfb and x11-utils (xwininfo). Polled every 20 ms: the splash is the mapped top-level window of the splash
# picture's size (build/support/splash_screen.py SIZE). Wine is not Windows: it starts processes and reads files
# slower (docs/EXECUTABLE.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EXE=$(realpath "$1")
RUNS=${2:-5}
OUT=${OUT:-$ROOT/build/win-work/startup}
export WINEPREFIX=${WINEPREFIX:-$ROOT/build/win-work/prefix} WINEARCH=win64 WINEDEBUG=-all
[ -d "$WINEPREFIX/drive_c" ] || { echo "no Wine prefix at $WINEPREFIX: run build/windows/build.sh first" >&2; exit 1; }
for tool in Xvfb xwininfo import; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install xvfb x11-utils imagemagick)" >&2; exit 1; }
done
mkdir -p "$OUT"
SPLASH_GEOMETRY="520x200"
N=$((200 + RANDOM % 700))
Xvfb ":$N" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
cleanup() {
  timeout 60 wine reg delete 'HKCU\Environment' /v QT_QPA_PLATFORM /f </dev/null >/dev/null 2>&1 || true
  timeout 60 wineserver -k 2>/dev/null || true
  kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY=":$N"
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$N" ] && break; sleep 0.1; done
timeout 60 wineserver -k 2>/dev/null || true
# Wine does not hand QT_QPA_PLATFORM from the Unix environment to Windows programs: set it in the prefix's
# user environment (removed again at the end)
timeout 60 wine reg add 'HKCU\Environment' /v QT_QPA_PLATFORM /d offscreen /f </dev/null >/dev/null 2>&1
# warm Wine itself (wineserver, explorer): a user's Windows has these running before the double-click
timeout 120 wine cmd /c exit </dev/null >/dev/null 2>&1 || true

since() { python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$1"; }
echo "== $EXE ($(stat -c %s "$EXE") bytes), $RUNS starts under Wine on Xvfb $DISPLAY"
for i in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  # output through a pipe: Windows Python under Wine fails to start with its output redirected to a file
  { wine "$EXE" </dev/null 2>&1 | cat >"$OUT/run-$i.log"; } &
  pid=$!
  splash="-" closed="-"
  for _ in $(seq 3000); do  # at most ~60 s
    shown=0
    xwininfo -root -tree 2>/dev/null | grep -q " ${SPLASH_GEOMETRY}+" && shown=1
    if [ "$splash" = "-" ] && [ "$shown" = 1 ]; then
      splash=$(since "$start")
      [ "$i" = 1 ] && import -window root "$OUT/splash.png" 2>/dev/null
    elif [ "$splash" != "-" ] && [ "$shown" = 0 ]; then
      closed=$(since "$start")
      break
    fi
    sleep 0.02
  done
  echo "  run $i: splash visible after $splash s, closed (main window shown) after $closed s"
  kill "$pid" 2>/dev/null || true
  timeout 60 wineserver -k 2>/dev/null || true
  timeout 120 wine cmd /c exit </dev/null >/dev/null 2>&1 || true
done
echo "screenshot: $OUT/splash.png"
