#!/bin/sh
# Rewrites the expected exports from models/ with the given dff binary. The files in this
# folder pin every export format byte for byte (tests/host/export/test_golden_exports.cpp):
# run this only when a change of the generated files is intended, and say why in the commit.
#   tests/host/export/golden/regenerate.sh build/release/cli/dff
set -eu
dff=$(realpath "$1")
cd "$(dirname "$0")"
grep -v '^#' cases.tsv | while IFS='	' read -r model format name expected calibration; do
  if [ "$calibration" = - ]; then
    "$dff" export "models/$model" --format "$format" --name "$name" -o "$expected" > /dev/null
  else
    "$dff" export "models/$model" --format "$format" --name "$name" -o "$expected" --calibrate "$calibration" > /dev/null
  fi
done
"$dff" export models/iris.json --format c-int8 --name iris -o /tmp/calibration_int8.h \
  --calibrate ../../../../examples/iris.csv | grep -v "^wrote " > iris_calibration.txt
rm -f /tmp/calibration_int8.h
