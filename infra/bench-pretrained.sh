#!/usr/bin/env bash
# Benchmark (not a test): scoring tokens/s and peak memory of a random GPT-2-small-shaped model (124 M parameters)
# on the CPU, the workbench (TorchSharp) beside Debian's PyTorch doing the same forward on the same weights.
# Usage: bash infra/bench-pretrained.sh [TOKENS=512] [REPETITIONS=5] [THREADS=1]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"

tokens=${1:-512} repetitions=${2:-5} threads=${3:-1}
# Debian's PyTorch calls the system BLAS; without OpenBLAS that is the reference BLAS, some 8x slower.
ensure_commands gcc:gcc patchelf:patchelf /usr/lib/python3/dist-packages/torch:python3-torch \
  /usr/lib/x86_64-linux-gnu/openblas-pthread:libopenblas0-pthread
python=/usr/bin/python3
model=$(mktemp -d /tmp/workbench-gpt2-small.XXXXXX)
trap "rm -rf '$model'" EXIT

"$python" infra/bench_pretrained.py write "$model"
dotnet build src/Workbench.Cli -c Release -v quiet -nologo >/dev/null
ours=$(dotnet src/Workbench.Cli/bin/Release/net10.0/workbench.dll bench-pretrained --model "$model" \
  --tokens "$tokens" --repetitions "$repetitions" --threads "$threads")
theirs=$("$python" infra/bench_pretrained.py score "$model" "$tokens" "$repetitions" "$threads")
echo "$ours"
echo "$theirs"
"$python" - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"workbench / PyTorch: {ours['tokensPerSecond'] / theirs['tokensPerSecond']:.2f}x the tokens/s, "
      f"{ours['peakMemoryBytes'] / theirs['peakMemoryBytes']:.2f}x the peak memory "
      f"({ours['peakMemoryBytes'] / 2**20:.0f} MB vs {theirs['peakMemoryBytes'] / 2**20:.0f} MB; weights {ours['parameters'] * 4 / 2**20:.0f} MB)")
PY
