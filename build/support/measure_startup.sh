#!/usr/bin/env bash
# Measure start-up of a built Linux exe (the numbers in docs/EXECUTABLE.md). Manual tool, not run by CI.
#
#   build/support/measure_startup.sh dist/renkei-desktop [RUNS]
#   build/support/measure_startup.sh dist/renkei-desktop-onedir-linux/renkei-desktop [RUNS]
#
# 1. --selftest with an empty user-data folder (1st run: generates the sample), then RUNS more (2nd+ runs);
#    prints launch→window and launch→end from each report (measured from the creation time of the onefile
#    bootloader process, so unpacking is included) and the wall-clock time around the process.
# 2. If xvfb-run and xdotool exist: the real GUI (xcb platform) under Xvfb, RUNS times: wall-clock time from
#    launch until the main window is visible (xdotool search --onlyvisible), i.e. until a user could click.
set -euo pipefail
EXE=$(realpath "$1")
RUNS=${2:-5}
PY=${PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
now() { date +%s.%N; }

selftest() {  # $1 label
  local start end
  rm -rf "$TMP/out"
  start=$(now)
  env -i HOME="$TMP/home" PATH=/usr/bin:/bin RENKEI_DATA_DIR="$TMP/data" "$EXE" --selftest "$TMP/out" >/dev/null
  end=$(now)
  "$PY" - "$TMP/out/selftest.json" "$1" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["timings_s"]
wall = float(sys.argv[4]) - float(sys.argv[3])
print(f"{sys.argv[2]:>10}: launch→window {t['launch_to_window']:.2f} s, launch→end {t['launch_to_end']:.2f} s, "
      f"wall {wall:.2f} s (sample {t['sample']:.2f} s, ok={r['ok']})")
PY
}

echo "== --selftest ($EXE)"
selftest "1st run"
for i in $(seq "$RUNS"); do selftest "run $((i + 1))"; done

if command -v xvfb-run >/dev/null && command -v xdotool >/dev/null; then
  echo "== real window (xcb under Xvfb): launch → main window visible"
  export EXE RUNS PY TMP
  xvfb-run -n $((300 + RANDOM % 600)) -s "-screen 0 1600x1000x24" bash -c '
    title="回収・集計ツール"
    for i in $(seq "$RUNS"); do
      start=$(date +%s.%N)
      RENKEI_DATA_DIR="$TMP/data" "$EXE" >"$TMP/gui-$i.log" 2>&1 &
      pid=$!
      for _ in $(seq 1500); do  # at most ~30 s
        xdotool search --onlyvisible --name "$title" >/dev/null 2>&1 && break
        sleep 0.02
      done
      end=$(date +%s.%N)
      if xdotool search --onlyvisible --name "$title" >/dev/null 2>&1; then
        echo "     run $i: $("$PY" -c "print(f\"{$end - $start:.2f}\")") s"
      else
        echo "     run $i: no window after 30 s"; cat "$TMP/gui-$i.log"
      fi
      sleep 1
      kill "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null || true
      sleep 0.5
    done'
else
  echo "(install xvfb and xdotool to also time the real window)"
fi
