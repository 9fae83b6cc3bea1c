namespace MediaTrust.Testing;

/// <summary>
/// Runs work on the thread pool and fails the test if it has not finished after a generous limit. This
/// catches a hang (a parser that loops forever); it is not a speed budget, which belongs in
/// benchmarks. The work must run on another thread: a synchronous read awaited with
/// <c>WaitAsync</c> would finish before the limit is even attached.
/// </summary>
internal static class HangGuard
{
    /// <summary>Long enough for any input these tests use on a loaded two-core machine.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="work"/> and returns its result; fails if it hangs.</summary>
    public static T Run<T>(Func<T> work, string what)
    {
        var task = Task.Run(work);
        if (!task.Wait(Limit))
        {
            Assert.Fail($"{what} did not finish within {Limit.TotalMinutes} minutes: a hang");
        }

        return task.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="work"/>; fails if it hangs.</summary>
    public static async Task RunAsync(Func<Task> work, string what, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Run(work, cancellationToken).WaitAsync(Limit, cancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} did not finish within {Limit.TotalMinutes} minutes: a hang");
        }
    }
}
