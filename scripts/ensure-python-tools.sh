#!/usr/bin/env bash
# Installs what the lifecycle and lint tests need from PyPI, only where it is missing:
# moto in server mode (a local AWS endpoint) and cfn-lint. The tests never skip for lack of them.
set -euo pipefail
PYTHON="${PYTHON:-python3}"
missing=()
"$PYTHON" -c 'import moto.server, flask, flask_cors' 2>/dev/null || missing+=('moto[server]>=5.2,<6')
"$PYTHON" -c 'import cfnlint' 2>/dev/null || missing+=('cfn-lint>=1')
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi
"$PYTHON" -c 'import moto, cfnlint.version; print(f"moto {moto.__version__}, cfn-lint {cfnlint.version.__version__}")'
