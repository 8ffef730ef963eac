using System.Runtime.CompilerServices;
using Workbench.Testing;

namespace Workbench.Integration.Tests;

internal static class LoadsThrowawayKind
{
    // Before any test reads or writes a spec: JSON learns the kinds once, so a plugin must be there first.
#pragma warning disable CA2255 // a test assembly, not a library others load
    [ModuleInitializer]
    internal static void Load() => ThrowawayPlugin.Load();
#pragma warning restore CA2255
}
