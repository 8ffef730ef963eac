using Workbench.Engine.Pretrained;
using Workbench.Testing.Pretrained;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests;

/// <summary>The one place the device and the compute dtype are chosen: what a worker's settings make of them, on the CPU build.</summary>
[Trait("Category", "Engine")]
public sealed class TorchRuntimeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("workbench-runtime.").FullName;

    [Fact]
    public void A_worker_set_to_bfloat16_loads_pretrained_models_in_bfloat16_on_the_cpu_and_float32_by_default()
    {
        var model = ModelFolder.Open(TinyModels.Write(TinyModels.Named("gpt2"), Path.Combine(folder, "gpt2")));
        try
        {
            TorchRuntime.Configure(threads: 1, DeviceRequirement.Cpu, ScalarType.BFloat16);
            using (var half = model.Load())
            {
                Assert.Equal(ScalarType.BFloat16, half.ComputeType);
                Assert.All(half.parameters(), parameter => Assert.Equal(ScalarType.BFloat16, parameter.dtype));
                using var logits = half.Forward(tensor(new long[] { 1, 2, 3 }).unsqueeze(0), arange(3L).unsqueeze(0));
                Assert.Equal(ScalarType.Float32, logits.dtype);
                Assert.True(logits.isfinite().all().item<bool>());
            }

            TorchRuntime.Configure(threads: 1);
            using var exact = model.Load();
            Assert.Equal(ScalarType.Float32, exact.ComputeType);
        }
        finally
        {
            TorchRuntime.Configure(threads: 1);
        }
    }

    [Fact]
    public async Task Concurrent_runs_each_keep_the_dtype_they_configured()
    {
        try
        {
            var seen = await Task.WhenAll(
                Task.Run(() => Configured(ScalarType.BFloat16)),
                Task.Run(() => Configured(ScalarType.Float32)));

            Assert.Equal([ScalarType.BFloat16, ScalarType.Float32], seen);
        }
        finally
        {
            TorchRuntime.Configure(threads: 1);
        }

        static async Task<ScalarType> Configured(ScalarType dtype)
        {
            TorchRuntime.Configure(threads: 1, DeviceRequirement.Cpu, dtype);
            await Task.Delay(50); // the other run configures meanwhile
            return TorchRuntime.ComputeType;
        }
    }

    [Fact]
    public void Cuda_is_refused_with_the_reason_where_torch_sees_none_and_no_gpu_memory_is_made_up()
    {
        if (TorchRuntime.CudaAvailable)
        {
            Assert.Equal("cuda", TorchRuntime.Configure(threads: 1, DeviceRequirement.Cuda).Device);
            Assert.NotNull(TorchRuntime.ReadGpuMemory());
            TorchRuntime.Configure(threads: 1);
            return;
        }
        var refused = Assert.Throws<InvalidOperationException>(() => TorchRuntime.Configure(threads: 1, DeviceRequirement.Cuda));
        Assert.Contains("no CUDA device", refused.Message);
        Assert.Equal("cpu", TorchRuntime.Configure(threads: 1, DeviceRequirement.Any).Device);
        Assert.Null(TorchRuntime.ReadGpuMemory());
        Assert.Throws<ArgumentException>(() => TorchRuntime.Configure(threads: 1, computeType: ScalarType.Float16));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
