#!/usr/bin/env bash
# Benchmark (not a test): scoring and generation tokens/s and peak memory of a random GPT-2-small-shaped model
# (124 M parameters) on the CPU, the workbench (TorchSharp) beside Debian's PyTorch doing the same work on the same
# weights: one forward over TOKENS tokens, and GENERATE greedy tokens with a key/value cache after 8-token prompts at
# each batch size of BATCHES. Checks that both sides wrote the same tokens. The full JSON of both sides is kept in
# ${TMPDIR:-/tmp}/bench-pretrained-{workbench,pytorch}.json.
# Usage: bash infra/bench-pretrained.sh [TOKENS=512] [REPETITIONS=5] [THREADS=1] [GENERATE=128] [BATCHES="1 8"]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"

tokens=${1:-512} repetitions=${2:-5} threads=${3:-1} generate=${4:-128} batches=${5:-1 8}
# Debian's PyTorch calls the system BLAS; without OpenBLAS that is the reference BLAS, some 8x slower.
ensure_commands gcc:gcc patchelf:patchelf /usr/lib/python3/dist-packages/torch:python3-torch \
  /usr/lib/x86_64-linux-gnu/openblas-pthread:libopenblas0-pthread
python=/usr/bin/python3
model=$(mktemp -d /tmp/workbench-gpt2-small.XXXXXX)
trap "rm -rf '$model'" EXIT
ours=${TMPDIR:-/tmp}/bench-pretrained-workbench.json theirs=${TMPDIR:-/tmp}/bench-pretrained-pytorch.json

"$python" infra/bench_pretrained.py write "$model"
dotnet build src/Workbench.Cli -c Release -v quiet -nologo >/dev/null
# shellcheck disable=SC2086 # one argument per batch size
dotnet src/Workbench.Cli/bin/Release/net10.0/workbench.dll bench-pretrained --model "$model" --tokens "$tokens" \
  --repetitions "$repetitions" --threads "$threads" --generate "$generate" --batch $batches >"$ours"
# torch.set_num_threads does not reach OpenBLAS's own thread pool.
OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads "$python" infra/bench_pretrained.py bench "$model" "$ours" >"$theirs"
"$python" - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = (json.load(open(path)) for path in sys.argv[1:])
MB = 2 ** 20
print(f"{ours['parameters'] / 1e6:.1f} M parameters (weights {ours['parameters'] * 4 / MB:.0f} MB in float32), {ours['threads']} thread(s), "
      f"median of {ours['repetitions']}; {ours['implementation']} vs {theirs['implementation']}")
print(f"{'':24} {'tokens/s':^22} {'tokens per CPU s':^22} {'peak MB':^25}")
print(f"{'':24} {'ours':>7} {'torch':>7} {'ratio':>6} {'ours':>7} {'torch':>7} {'ratio':>6} {'ours':>8} {'torch':>8} {'ratio':>7}")
def row(label, a, b):
    print(f"{label:24} {a['tokensPerSecond']:7.1f} {b['tokensPerSecond']:7.1f} {a['tokensPerSecond'] / b['tokensPerSecond']:5.2f}x "
          f"{a['tokensPerCpuSecond']:7.1f} {b['tokensPerCpuSecond']:7.1f} {a['tokensPerCpuSecond'] / b['tokensPerCpuSecond']:5.2f}x "
          f"{a['peakMemoryBytes'] / MB:8.0f} {b['peakMemoryBytes'] / MB:8.0f} {a['peakMemoryBytes'] / b['peakMemoryBytes']:6.2f}x")
row(f"scoring {ours['scoring']['tokens']} tokens", ours["scoring"], theirs["scoring"])
for a, b in zip(ours["generation"], theirs["generation"]):
    row(f"generating {a['newTokens']}, batch {a['batch']}", a, b)
print(f"{'load':24} {ours['loadSeconds']:6.1f}s {theirs['loadSeconds']:6.1f}s {'':38} "
      f"{ours['loadPeakMemoryBytes'] / MB:8.0f} {theirs['loadPeakMemoryBytes'] / MB:8.0f}")

# Same work: both sides must have written the same greedy tokens. Far into an output, float noise between two
# libraries may flip a near tie (the work, fixed lengths without end tokens, is the same either way): say where.
EXACT = 16  # tokens that must agree in every row
failed = False
for a, b in zip(ours["generation"], theirs["generation"]):
    firsts = [next((step for step, (x, y) in enumerate(zip(r, s)) if x != y), None) for r, s in zip(a["written"], b["written"])]
    differing = [(row, step) for row, step in enumerate(firsts) if step is not None]
    if not differing:
        print(f"batch {a['batch']}: both wrote the same {a['newTokens']} tokens in every row")
    elif min(step for _, step in differing) < min(EXACT, a["newTokens"]):
        failed = True
        print(f"MISMATCH batch {a['batch']}: rows {differing} (row, first differing step) differ within the first {EXACT} tokens", file=sys.stderr)
    else:
        print(f"batch {a['batch']}: the same first {min(step for _, step in differing)} tokens in every row; "
              f"float noise flips a near tie later in rows {differing} (row, step)")
sys.exit(1 if failed else 0)
PY
