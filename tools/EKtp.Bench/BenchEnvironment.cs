namespace EKtp.Bench;

/// <summary>What ./ektp bench hands a benchmark: the repository root and a database of its own.</summary>
public static class BenchEnvironment
{
    public static string Root => Environment.GetEnvironmentVariable("EKTP_ROOT") ?? Directory.GetCurrentDirectory();

    public static string ConnectionString => Environment.GetEnvironmentVariable("ConnectionStrings__EKtp")
        ?? throw new InvalidOperationException("Run benchmarks with ./ektp bench, which sets ConnectionStrings__EKtp.");

    /// <summary>The machine, for the benchmark report.</summary>
    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
        $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
}
