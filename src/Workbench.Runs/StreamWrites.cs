using JasperFx;

namespace Workbench.Runs;

/// <summary>
/// A running run's stream is appended to by its worker all the time, and by people (cancel, tag, note):
/// when two appends race, Marten refuses the later one, which simply tries again on the new version.
/// </summary>
public static class StreamWrites
{
    private const int Tries = 5;

    public static async Task<T> RetryOnConflict<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (ConcurrencyException) when (attempt < Tries)
            {
            }
        }
    }

    public static void RetryOnConflict(Action write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                write();
                return;
            }
            catch (ConcurrencyException) when (attempt < Tries)
            {
            }
        }
    }
}
