"""Independent reference for the pretrained-model tests: a plain PyTorch forward of each architecture, written from
Hugging Face's modeling_*.py, over the same safetensors files (read by the small parser below; Debian 12 has no
python3-safetensors). Usage: reference_forward.py JOBS.json OUT_DIR, where JOBS.json is a list of
{"name", "folder", "ids"}; writes OUT_DIR/NAME.bin, the (len(ids), vocab) float32 logits."""
import glob, json, math, os, struct, sys
import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        raw = torch.frombuffer(bytearray(data[start:end]), dtype=torch.uint8)
        tensors[name] = raw.view(DTYPES[entry["dtype"]]).reshape(entry["shape"]).to(torch.float32)
    return tensors


def read_weights(folder):
    weights = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.safetensors"))):
        weights.update(read_safetensors(path))
    return weights


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def causal_attention(q, k, v):
    """q (heads, T, d), k and v (kv_heads, T, d); kv heads repeated as transformers' repeat_kv does."""
    groups = q.shape[0] // k.shape[0]
    k = k[:, None].expand(k.shape[0], groups, *k.shape[1:]).reshape(q.shape[0], *k.shape[1:])
    v = v[:, None].expand(v.shape[0], groups, *v.shape[1:]).reshape(q.shape[0], *v.shape[1:])
    t = q.shape[1]
    scores = q @ k.transpose(1, 2) / math.sqrt(q.shape[-1])
    scores = scores.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), float("-inf"))
    return torch.softmax(scores, dim=-1) @ v  # (heads, T, d)


def gpt2(config, w, ids):
    p = "transformer." if "transformer.wte.weight" in w else ""
    n_embd, heads, eps = config["n_embd"], config["n_head"], config["layer_norm_epsilon"]
    x = w[p + "wte.weight"][ids] + w[p + "wpe.weight"][torch.arange(len(ids))]

    def ln(x, name):
        return torch.nn.functional.layer_norm(x, (n_embd,), w[name + ".weight"], w[name + ".bias"], eps)

    def conv1d(x, name):  # Conv1D: weight (in, out)
        return torch.addmm(w[name + ".bias"], x, w[name + ".weight"])

    for i in range(config["n_layer"]):
        h = f"{p}h.{i}."
        q, k, v = conv1d(ln(x, h + "ln_1"), h + "attn.c_attn").split(n_embd, dim=1)
        split = lambda t: t.view(len(ids), heads, -1).transpose(0, 1)
        a = causal_attention(split(q), split(k), split(v)).transpose(0, 1).reshape(len(ids), n_embd)
        x = x + conv1d(a, h + "attn.c_proj")
        x = x + conv1d(gelu_tanh(conv1d(ln(x, h + "ln_2"), h + "mlp.c_fc")), h + "mlp.c_proj")
    x = ln(x, p + "ln_f")
    return x @ w.get("lm_head.weight", w[p + "wte.weight"]).T


def inverse_frequencies(config, head_dim):
    theta = config.get("rope_theta", 10000.0)
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
    scaling = config.get("rope_scaling")
    if scaling and scaling.get("rope_type", scaling.get("type")) == "llama3":
        factor, low, high = scaling["factor"], scaling["low_freq_factor"], scaling["high_freq_factor"]
        old = scaling["original_max_position_embeddings"]
        wavelen = 2 * math.pi / inv_freq
        scaled = torch.where(wavelen > old / low, inv_freq / factor, inv_freq)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < old / high) * ~(wavelen > old / low)
        inv_freq = torch.where(medium, smoothed, scaled)
    elif scaling and scaling.get("rope_type", scaling.get("type")) == "linear":
        inv_freq = inv_freq / scaling["factor"]
    return inv_freq


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    return x * cos + torch.cat((-x[..., half:], x[..., :half]), dim=-1) * sin


def rotary_decoder(config, w, ids):
    family = config["model_type"]
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    kv_heads = config.get("num_key_value_heads", heads)
    head_dim = config.get("head_dim") or hidden // heads
    eps = config["rms_norm_eps"]
    gemma = family == "gemma"
    t = len(ids)

    def rms(x, name):
        normed = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)
        return normed * (1.0 + w[name]) if gemma else w[name] * normed

    def linear(x, name):
        y = x @ w[name + ".weight"].T
        return y + w[name + ".bias"] if name + ".bias" in w else y

    freqs = torch.outer(torch.arange(t).float(), inverse_frequencies(config, head_dim))
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()

    x = w["model.embed_tokens.weight"][ids]
    if gemma:
        x = x * torch.tensor(hidden ** 0.5, dtype=x.dtype)
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}."

        def attention(x):
            q, k, v = linear(x, p + "self_attn.q_proj"), linear(x, p + "self_attn.k_proj"), linear(x, p + "self_attn.v_proj")
            if family == "olmo2":  # norm over the whole projection
                q, k = rms(q, p + "self_attn.q_norm.weight"), rms(k, p + "self_attn.k_norm.weight")
            q, k, v = q.view(t, heads, head_dim), k.view(t, kv_heads, head_dim), v.view(t, kv_heads, head_dim)
            if family == "qwen3":  # norm of each head
                q, k = rms(q, p + "self_attn.q_norm.weight"), rms(k, p + "self_attn.k_norm.weight")
            q, k, v = q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1)
            q, k = rotate(q, cos, sin), rotate(k, cos, sin)
            return linear(causal_attention(q, k, v).transpose(0, 1).reshape(t, heads * head_dim), p + "self_attn.o_proj")

        def mlp(x):
            gate = linear(x, p + "mlp.gate_proj")
            act = gelu_tanh(gate) if gemma else gate * torch.sigmoid(gate)
            return linear(act * linear(x, p + "mlp.up_proj"), p + "mlp.down_proj")

        if family == "olmo2":
            x = x + rms(attention(x), p + "post_attention_layernorm.weight")
            x = x + rms(mlp(x), p + "post_feedforward_layernorm.weight")
        else:
            x = x + attention(rms(x, p + "input_layernorm.weight"))
            x = x + mlp(rms(x, p + "post_attention_layernorm.weight"))
    x = rms(x, "model.norm.weight")
    tied = config.get("tie_word_embeddings", gemma)
    return x @ (w["model.embed_tokens.weight"] if tied else w["lm_head.weight"]).T


def main(jobs_path, out_dir):
    torch.set_num_threads(1)
    for job in json.load(open(jobs_path)):
        config = json.load(open(os.path.join(job["folder"], "config.json")))
        weights = read_weights(job["folder"])
        ids = torch.tensor(job["ids"], dtype=torch.int64)
        with torch.no_grad():
            forward = gpt2 if config["model_type"] == "gpt2" else rotary_decoder
            logits = forward(config, weights, ids).to(torch.float32).contiguous()
        with open(os.path.join(out_dir, job["name"] + ".bin"), "wb") as out:
            out.write(logits.numpy().tobytes())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
