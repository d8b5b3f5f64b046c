using CsCheck;

namespace PolicyLsp.Tests.Properties;

/// <summary>Runs a property over a fixed, seeded sample, so every run (and CI) checks exactly the same inputs.</summary>
internal static class PropertyCheck
{
    /// <summary>A CsCheck seed; change it to explore other inputs.</summary>
    public const string Seed = "9oCIZePzMhv1";

    public static void ForAll<T>(this Gen<T> gen, Action<T> assert, int iter)
    {
        var samples = gen.Array[iter].Single(_ => true, Seed);
        for (var i = 0; i < samples.Length; i++)
        {
            try
            {
                assert(samples[i]);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"property failed on sample {i} of {iter} (seed {Seed}): {Check.Print(samples[i])}", ex);
            }
        }
    }
}
