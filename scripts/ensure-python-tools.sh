#!/usr/bin/env bash
# Installs what the lifecycle and lint tests need from PyPI, only where it is missing:
# moto in server mode (a local AWS endpoint), cfn-lint, and botocore at the pinned release whose service
# models (service-2.json) the request validation of the tests checks every AWS request against
# (test/util/service-models.ts reads the pin from this file and refuses any other installed release).
# The pin must satisfy moto's own requirement (botocore>=1.20.88, not 1.35.45/46). The tests never skip for lack of them.
set -euo pipefail
PYTHON="${PYTHON:-python3}"
BOTOCORE_PIN='botocore==1.43.11'
missing=()
"$PYTHON" -c 'import moto.server, flask, flask_cors' 2>/dev/null || missing+=('moto[server]>=5.2,<6')
"$PYTHON" -c 'import cfnlint' 2>/dev/null || missing+=('cfn-lint>=1')
"$PYTHON" -c "import botocore, sys; sys.exit(botocore.__version__ != '${BOTOCORE_PIN#botocore==}')" 2>/dev/null || missing+=("$BOTOCORE_PIN")
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check "${missing[@]}" "$BOTOCORE_PIN"
fi
"$PYTHON" -c 'import moto, botocore, cfnlint.version; print(f"moto {moto.__version__}, botocore {botocore.__version__}, cfn-lint {cfnlint.version.__version__}")'
