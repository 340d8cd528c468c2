#!/usr/bin/env bash
# The pytest plugin as a user gets it (emulator/python): its wheel, with the emulator binary
# inside, installed into a fresh venv with pytest and Stytch's Python SDK, then its tests.
# The wheel holds the dev-profile binary the test command has just built: maturin reuses the
# build and only relinks the binary, stripped (a second or two; target/debug's copy stays
# stripped until its next rebuild: panics still say where, backtraces lose their names). A wheel
# to publish is built with pyproject.toml's profile, `emulator` (emulator/python/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

wheels=target/python-wheels
rm -rf "$wheels"
(cd emulator/python && "$root/target/python-tools/bin/maturin" build --quiet --locked --profile dev --out "$root/$wheels")

venv=$(mktemp -d "${TMPDIR:-/tmp}/stytch-emulator-wheel-XXXXXX")
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wheels"/stytch_emulator-*.whl -r emulator/python/tests/requirements.txt

# From a folder outside the source tree, so that `stytch_emulator` is the installed package,
# and with no override of the binary, so that it is the wheel's.
cd "$venv"
env -u STYTCH_EMULATOR_BIN PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" -m pytest -p no:cacheprovider -q "$root/emulator/python/tests"
