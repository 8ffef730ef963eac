"""The PyTorch side of infra/bench-pretrained.sh (Debian's python3-torch).
  bench_pretrained.py write DIR              a random GPT-2-small-shaped model (124 M parameters) in the Hugging Face layout
  bench_pretrained.py bench DIR OURS.json    the work the workbench's bench-pretrained JSON describes, as the same JSON:
                                             scoring (one forward) and greedy generation with a key/value cache
The forward is the tests' plain reference (tests/Workbench.Engine.Tests/Pretrained/reference_forward.py); generation
adds a preallocated key/value cache to it (Debian has no transformers package)."""
import ctypes, json, math, os, resource, struct, sys, time
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


def gpt2_generate(config, w, prompts, new_tokens):
    """Greedy decoding as the engine does it: the prompts (batch, P) read once, then one token per step through a
    key/value cache preallocated per layer, logits only for the last position; returns the (batch, new_tokens) ids.
    The layers are the tests' reference forward (reference_forward.gpt2) with the cache added."""
    p = "transformer." if "transformer.wte.weight" in w else ""
    n_embd, heads, eps = config["n_embd"], config["n_head"], config["layer_norm_epsilon"]
    batch, prompt_length = prompts.shape
    capacity = prompt_length + new_tokens - 1  # the last token written is never read back
    keys = [torch.empty(batch, heads, capacity, n_embd // heads) for _ in range(config["n_layer"])]
    values = [torch.empty_like(k) for k in keys]
    head = w.get("lm_head.weight", w[p + "wte.weight"])

    def ln(x, name):
        return torch.nn.functional.layer_norm(x, (n_embd,), w[name + ".weight"], w[name + ".bias"], eps)

    def conv1d(x, name):  # Conv1D: weight (in, out)
        return torch.addmm(w[name + ".bias"], x.reshape(-1, x.shape[-1]), w[name + ".weight"]).view(*x.shape[:-1], -1)

    written = torch.empty(batch, new_tokens, dtype=torch.long)
    ids, start = prompts, 0
    for step in range(new_tokens):
        t = ids.shape[1]
        end = start + t
        x = w[p + "wte.weight"][ids] + w[p + "wpe.weight"][start:end]  # (batch, t, n_embd)
        future = torch.triu(torch.ones(t, end, dtype=torch.bool), start + 1)  # query i (at start + i) sees keys up to start + i
        for i in range(config["n_layer"]):
            h = f"{p}h.{i}."
            q, k, v = conv1d(ln(x, h + "ln_1"), h + "attn.c_attn").split(n_embd, dim=-1)
            split = lambda u: u.view(batch, t, heads, -1).transpose(1, 2)  # (batch, heads, t, head)
            keys[i][:, :, start:end], values[i][:, :, start:end] = split(k), split(v)
            scores = split(q) @ keys[i][:, :, :end].transpose(-1, -2) / math.sqrt(n_embd // heads)
            a = torch.softmax(scores.masked_fill(future, float("-inf")), dim=-1) @ values[i][:, :, :end]
            x = x + conv1d(a.transpose(1, 2).reshape(batch, t, n_embd), h + "attn.c_proj")
            x = x + conv1d(reference_forward.gelu_tanh(conv1d(ln(x, h + "ln_2"), h + "mlp.c_fc")), h + "mlp.c_proj")
        logits = ln(x[:, -1], p + "ln_f") @ head.T  # (batch, vocab)
        written[:, step] = logits.argmax(-1)
        if step == new_tokens - 1:
            break
        ids, start = written[:, step:step + 1], end
    return written


def reset_peak():
    """Lowers the process's peak resident memory (VmHWM, ru_maxrss) to what is resident now, as the workbench does."""
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def peak_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(repetitions, tokens, run):
    """One warm-up, then the median rates (wall clock and CPU time) of the repetitions and their peak memory."""
    reset_peak()
    run()
    wall, cpu = [], []
    for _ in range(repetitions):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(tokens / (time.perf_counter() - start))
        cpu.append(tokens / (time.process_time() - start_cpu))
    median = lambda rates: round(sorted(rates)[len(rates) // 2], 1)
    return {"tokensPerSecond": median(wall), "tokensPerCpuSecond": median(cpu), "peakMemoryBytes": peak_bytes()}


def bench(folder, ours_path):
    """The work the workbench's JSON (bench-pretrained) describes: its threads, scoring length, prompts and token counts."""
    ours = json.load(open(ours_path))
    torch.set_num_threads(ours["threads"])
    start = time.perf_counter()
    config = json.load(open(os.path.join(folder, "config.json")))
    weights = reference_forward.read_weights(folder)
    load_seconds = time.perf_counter() - start
    load_peak = peak_bytes()
    tokens, repetitions = ours["scoring"]["tokens"], ours["repetitions"]
    ids = torch.randint(0, config["vocab_size"], (tokens,), generator=torch.Generator().manual_seed(1))
    generation = []
    with torch.no_grad():
        scoring = {"tokens": tokens, **measure(repetitions, tokens, lambda: reference_forward.gpt2(config, weights, ids))}
        for theirs in ours["generation"]:
            prompts, new_tokens, written = torch.tensor(theirs["prompts"]), theirs["newTokens"], []
            measured = measure(repetitions, prompts.shape[0] * new_tokens,
                               lambda: written.append(gpt2_generate(config, weights, prompts, new_tokens)))
            generation.append({"batch": prompts.shape[0], "promptTokens": prompts.shape[1], "newTokens": new_tokens, **measured,
                               "written": written[-1].tolist()})
    print(json.dumps({"implementation": f"PyTorch {torch.__version__} (Debian)", "threads": ours["threads"], "repetitions": repetitions,
                      "loadSeconds": round(load_seconds, 2), "loadPeakMemoryBytes": load_peak, "scoring": scoring,
                      "generation": generation}, indent=2))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    else:
        bench(sys.argv[2], sys.argv[3])
