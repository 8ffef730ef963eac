using static TorchSharp.torch;

namespace Workbench.Engine.Sampling;

/// <summary>
/// How a token is chosen from a position's logits (algorithmic-creativity.md, "Randomness and decoding").
/// </summary>
/// <param name="Temperature">0: greedy (argmax); otherwise draw from softmax(logits / temperature)</param>
/// <param name="TopK">when above 0, draw only among the k most likely tokens (greedy ignores it)</param>
/// <param name="WritableTokens">only ids below this are ever written: the task's tokens, never the
/// <c>&lt;mask&gt;</c> or seed-prefix tokens; null allows the whole vocabulary</param>
public sealed record Decoding(double Temperature, int TopK = 0, int? WritableTokens = null)
{
    /// <param name="logits">(rows, vocabulary)</param>
    /// <returns>(rows, 1) the chosen token ids</returns>
    public Tensor Choose(Tensor logits, Generator? generator)
    {
        if (WritableTokens is int writable && writable < logits.shape[1]) logits = logits.slice(1, 0, writable, 1); // (rows, writable)
        if (Temperature == 0) return logits.argmax(1, keepdim: true);
        var scaled = logits / Temperature;
        if (TopK > 0 && TopK < scaled.shape[1])
        {
            var threshold = scaled.topk(TopK, dim: 1).values.select(1, TopK - 1).unsqueeze(1); // (rows, 1) the k-th largest
            scaled = scaled.masked_fill(scaled.lt(threshold), double.NegativeInfinity);
        }
        return nn.functional.softmax(scaled, 1).multinomial(1, generator: generator);         // (rows, 1)
    }
}
