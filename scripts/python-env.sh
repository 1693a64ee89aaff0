#!/usr/bin/env bash
# Creates (or reuses) the Python environment that tests and benchmarks use for their reference
# services: MLflow, scikit-learn, LightGBM, XGBoost, onnxruntime. Prints the environment's python.
# The environment is rebuilt when requirements-test.txt changes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${LODE_PYTHON_ENV:-${XDG_CACHE_HOME:-$HOME/.cache}/lode/python-test-env}"
requirements="$root/requirements-test.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin/python"
