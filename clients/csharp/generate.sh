#!/usr/bin/env bash
# Regenerates the C# client from the checked-in OpenAPI document, with the Kiota version pinned in
# .config/dotnet-tools.json. Run it after clients/openapi/sample-app.v1.json changes and commit the result.
#
#   clients/csharp/generate.sh            # writes clients/csharp/Elements.Client/Generated
#   clients/csharp/generate.sh OUT_DIR    # writes elsewhere (the test that the checked-in client is current)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/Elements.Client/Generated}

# No update check, no telemetry, no hints: generation reads one local file and needs nothing else.
export KIOTA_OFFLINE_ENABLED=true KIOTA_CLI_TELEMETRY_OPTOUT=true KIOTA_TUTORIAL_ENABLED=false

cd "$root"
dotnet tool restore >/dev/null
dotnet kiota generate \
  --language CSharp \
  --openapi clients/openapi/sample-app.v1.json \
  --output "$out" \
  --class-name ElementsApiClient \
  --namespace-name Elements.Client \
  --exclude-backward-compatible \
  --clean-output \
  --log-level Warning
