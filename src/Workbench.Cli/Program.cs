using static TorchSharp.torch;
manual_seed(1);
var x = randn(3, 3);
Console.WriteLine(x.sum().item<float>());
