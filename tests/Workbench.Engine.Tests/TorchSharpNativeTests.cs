using System.Diagnostics;
using TorchSharp;

namespace Workbench.Engine.Tests;

/// <summary>
/// TorchSharp 0.107's native wrapper needs a newer libstdc++ than Debian 12 has; the build patches its
/// copy in every output folder (infra/torchsharp/patch-native.sh). These tests prove the patched copy
/// loads and that the patch turns the library as shipped into one that loads.
/// </summary>
public sealed class TorchSharpNativeTests
{
    private static string OutputNative => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    [Fact]
    public void The_native_wrapper_in_the_build_output_has_every_library_it_needs()
    {
        var (_, output) = Run("ldd", Path.Combine(OutputNative, "libLibTorchSharp.so"));

        Assert.DoesNotContain("not found", output);
    }

    [Fact]
    public void TorchSharp_computes_in_this_process()
    {
        using var product = torch.ones(2, 3).matmul(torch.ones(3, 2));

        Assert.Equal(12f, product.sum().item<float>());
    }

    [Fact]
    public void The_patch_makes_the_wrapper_as_shipped_loadable_and_is_idempotent()
    {
        var shipped = Path.Combine(NuGetPackages(), "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var output = Directory.CreateTempSubdirectory("workbench-patch-");
        try
        {
            var native = Directory.CreateDirectory(Path.Combine(output.FullName, "runtimes", "linux-x64", "native")).FullName;
            // The wrapper finds libtorch beside it, as in a real output folder.
            foreach (var library in Directory.GetFiles(OutputNative, "*.so*").Where(f => !f.EndsWith("libLibTorchSharp.so") && !f.Contains("glibcxx")))
                File.CreateSymbolicLink(Path.Combine(native, Path.GetFileName(library)), library);
            File.Copy(shipped, Path.Combine(native, "libLibTorchSharp.so"));

            var (first, _) = Run("bash", PatchScript(), output.FullName);
            var (second, secondOutput) = Run("bash", PatchScript(), output.FullName);
            var (_, linked) = Run("ldd", Path.Combine(native, "libLibTorchSharp.so"));

            Assert.Equal(0, first);
            Assert.Equal(0, second);
            Assert.DoesNotContain("not found", linked);
            Assert.DoesNotContain("patched", secondOutput);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static string NuGetPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string PatchScript()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Workbench.sln"))) directory = directory.Parent!;
        return Path.Combine(directory.FullName, "infra", "torchsharp", "patch-native.sh");
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
