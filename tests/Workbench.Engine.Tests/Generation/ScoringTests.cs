using Workbench.Engine.Generation;
using Workbench.Engine.Model;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests.Generation;

public class ScoringTests
{
    public ScoringTests() => TestTorch.Configure();

    [Fact]
    public void Each_token_gets_its_log_probability_and_each_position_the_entropy_of_what_follows_as_read_whole()
    {
        using var init = new Generator(2);
        using var model = new Transformer(new TransformerShape(11, 12, 16, 2, 2), init);
        int[][] texts = [[1, 4, 6, 2, 9, 3], [5], [1, 7, 7]];

        var scored = GenerationEngine.Score(model, texts);

        using var scope = NewDisposeScope();
        for (var row = 0; row < texts.Length; row++)
        {
            var text = texts[row];
            var logSoftmax = nn.functional.log_softmax(model.call(tensor(text.Select(token => (long)token).ToArray(), [1, text.Length])).to(ScalarType.Float64), 2)[0];
            Assert.Equal(text, scored[row].Tokens);
            Assert.Null(scored[row].LogProbabilities[0]);
            for (var i = 0; i < text.Length; i++)
            {
                var entropy = -(logSoftmax[i].exp() * logSoftmax[i]).sum().item<double>();
                Assert.Equal(entropy, scored[row].Entropies[i], 1e-5);
                if (i > 0) Assert.Equal(logSoftmax[i - 1][text[i]].item<double>(), scored[row].LogProbabilities[i]!.Value, 1e-5);
            }
        }
    }
}
