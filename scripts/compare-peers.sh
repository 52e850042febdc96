#!/usr/bin/env bash
# Side-by-side check and timing against the DuckDB / Polars peers (peers/README.md).
#
# usage: scripts/compare-peers.sh PEERS_DIR DATA_DIR [PYTHON]
#   PEERS_DIR  the peers folder (gen_dossiers.py, duckdb_agg.py, expected_1m.json, ...)
#   DATA_DIR   where dossiers_1m.csv / dossiers_10m.csv were generated (see peers/README.md)
#   PYTHON     a Python with the peers' requirements (duckdb, polars, fastexcel, xlsxwriter);
#              when given, also the side-by-side CSV runs against DuckDB (2b.) and the XLSX
#              comparison (3.)
#
# 1. Correctness: the engine's per-agency table for dossiers_1m.csv (and _10m if present) must
#    equal expected_1m.json / expected_10m.json (an ignored integration test does the diff).
# 2. Timing: whole-process wall time, CPU and peak RSS of the `embed_aggregation` example on the
#    same files (/usr/bin/time -v), to put next to the peers' figures.
set -euo pipefail
peers=${1:?PEERS_DIR}
data=${2:?DATA_DIR}
cd "$(dirname "$0")/.."

for n in 1m 10m; do
  csv="$data/dossiers_$n.csv"
  [ -f "$csv" ] || continue
  echo "== correctness $n"
  MINHBACH_PEERS_CSV="$csv" MINHBACH_PEERS_EXPECTED="$peers/expected_$n.json" \
    cargo test --release -q -p minhbach-engine --test aggregate_peers -- --ignored
done

cargo build --release -q --example embed_aggregation
bin=${CARGO_TARGET_DIR:-target}/release/examples/embed_aggregation
for n in 1m 10m; do
  csv="$data/dossiers_$n.csv"
  [ -f "$csv" ] || continue
  for dup in two-pass off; do
    echo "== timing $n (duplicate check: $dup), 5 runs"
    for i in 1 2 3 4 5; do
      # the machine may be shared: print the load next to each run (compare cpu, not wall)
      printf 'load %s  ' "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
      /usr/bin/time -f "%e s wall  %U+%S s cpu  %M KiB peak" \
        "$bin" "$csv" --duplicates "$dup" 2>&1 > /dev/null | grep -v 'rows read'
    done
  done
done

# 2b. Side by side on the CSV, alternating runs (so both see the same load): the engine with
#     its defaults (exact duplicate check on) against DuckDB reading and aggregating the same
#     file (the peers' script, whole process). Needs PYTHON with the peers' requirements.
py=${3:-}
if [ -n "$py" ]; then
  for n in 1m 10m; do
    csv="$data/dossiers_$n.csv"
    [ -f "$csv" ] || continue
    echo "== side by side $n, 5 alternating pairs: engine (defaults), duckdb"
    for i in 1 2 3 4 5; do
      printf 'load %s  engine  ' "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
      /usr/bin/time -f "%e s wall  %U+%S s cpu  %M KiB peak" "$bin" "$csv" 2>&1 >/dev/null | grep -v 'rows read'
      printf 'load %s  duckdb  ' "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
      /usr/bin/time -f "%e s wall  %U+%S s cpu  %M KiB peak" "$py" "$peers/duckdb_agg.py" "$csv" 2>&1 >/dev/null | tail -1
    done
  done
fi

# 3. XLSX: the first 300,000 (and 1,000,000) rows of dossiers_1m.csv as a workbook written by
#    Polars (xlsxwriter: shared strings, serial date-times). The engine's table from the
#    workbook must equal its table from the CSV of the same rows; then Polars `read_excel`
#    (fastexcel/calamine, reading only) against the engine's whole aggregation.
if [ -n "$py" ] && [ -f "$data/dossiers_1m.csv" ]; then
  for rows in 300000 1000000; do
    x="$data/dossiers_${rows}.xlsx"
    c="$data/dossiers_${rows}.csv"
    [ -f "$x" ] || "$py" scripts/peers_xlsx.py write "$data/dossiers_1m.csv" "$rows" "$x" "$c"
    echo "== correctness xlsx $rows: workbook table = CSV table"
    diff <("$bin" "$x" 2>/dev/null) <("$bin" "$c" 2>/dev/null) && echo same
    echo "== timing xlsx $rows, 5 runs each: engine (whole aggregation), polars read_excel (reading only)"
    for i in 1 2 3 4 5; do
      printf 'load %s  engine  ' "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
      /usr/bin/time -f "%e s wall  %U+%S s cpu  %M KiB peak" "$bin" "$x" 2>&1 >/dev/null | grep -v 'rows read'
      printf 'load %s  polars  ' "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
      /usr/bin/time -f "%e s wall  %U+%S s cpu  %M KiB peak" "$py" scripts/peers_xlsx.py read "$x" 2>&1 >/dev/null | tail -1
    done
  done
fi
