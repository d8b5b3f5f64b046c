namespace PolicyLsp.Analysis.Tests;

internal static class SmallStack
{
    /// <summary>Runs on a 1 MiB stack, the size of a thread-pool thread, so recursion depth is really tested.</summary>
    public static T Run<T>(Func<T> work)
    {
        T? value = default;
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    value = work();
                }
                catch (Exception ex)
                {
                    error = ex;
                }
            },
            1024 * 1024);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new InvalidOperationException("analysis failed", error);
        }

        return value!;
    }
}
