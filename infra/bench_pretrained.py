"""The PyTorch side of infra/bench-pretrained.sh (Debian's python3-torch).
  bench_pretrained.py write DIR              a random GPT-2-small-shaped model (124 M parameters) in the Hugging Face layout
  bench_pretrained.py score DIR TOKENS REPS THREADS   the same forward pass the workbench times, as JSON
The forward is the tests' plain reference (tests/Workbench.Engine.Tests/Pretrained/reference_forward.py)."""
import json, os, resource, struct, sys, time
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "Workbench.Engine.Tests", "Pretrained"))
import reference_forward  # noqa: E402

CONFIG = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 50257, "n_positions": 1024,
          "n_embd": 768, "n_layer": 12, "n_head": 12, "n_inner": None, "layer_norm_epsilon": 1e-5,
          "activation_function": "gelu_new", "tie_word_embeddings": True}


def write(folder):
    os.makedirs(folder, exist_ok=True)
    g = torch.Generator().manual_seed(1)
    d, L = CONFIG["n_embd"], CONFIG["n_layer"]
    shapes = {"wte.weight": (CONFIG["vocab_size"], d), "wpe.weight": (CONFIG["n_positions"], d)}
    for i in range(L):
        h = f"h.{i}."
        shapes.update({h + "ln_1.weight": (d,), h + "ln_1.bias": (d,), h + "attn.c_attn.weight": (d, 3 * d), h + "attn.c_attn.bias": (3 * d,),
                       h + "attn.c_proj.weight": (d, d), h + "attn.c_proj.bias": (d,), h + "ln_2.weight": (d,), h + "ln_2.bias": (d,),
                       h + "mlp.c_fc.weight": (d, 4 * d), h + "mlp.c_fc.bias": (4 * d,), h + "mlp.c_proj.weight": (4 * d, d), h + "mlp.c_proj.bias": (d,)})
    shapes.update({"ln_f.weight": (d,), "ln_f.bias": (d,)})
    header, blobs, offset = {}, [], 0
    for name, shape in shapes.items():
        t = torch.ones(shape) if name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name == "ln_f.weight" \
            else torch.randn(shape, generator=g) * 0.02
        raw = t.contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    encoded = json.dumps(header).encode()
    encoded += b" " * ((8 - len(encoded) % 8) % 8)
    with open(os.path.join(folder, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for raw in blobs:
            f.write(raw)
    json.dump(CONFIG, open(os.path.join(folder, "config.json"), "w"))


def score(folder, tokens, repetitions, threads):
    torch.set_num_threads(threads)
    start = time.perf_counter()
    config = json.load(open(os.path.join(folder, "config.json")))
    weights = reference_forward.read_weights(folder)
    load_seconds = time.perf_counter() - start
    ids = torch.randint(0, config["vocab_size"], (tokens,), generator=torch.Generator().manual_seed(1))
    rates = []
    with torch.no_grad():
        for repetition in range(repetitions + 1):
            start = time.perf_counter()
            reference_forward.gpt2(config, weights, ids)
            if repetition > 0:
                rates.append(tokens / (time.perf_counter() - start))
    print(json.dumps({"implementation": f"PyTorch {torch.__version__} (Debian)", "threads": threads, "tokens": tokens,
                      "loadSeconds": round(load_seconds, 2), "tokensPerSecond": round(sorted(rates)[len(rates) // 2], 1),
                      "peakMemoryBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}, indent=2))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    else:
        score(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
