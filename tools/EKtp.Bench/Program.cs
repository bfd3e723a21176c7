using EKtp.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Bench;

/// <summary>
/// <c>./ektp bench NAME [--short]</c>: each benchmark lives in its own file and prints its figures; <c>--short</c> runs it
/// for a few seconds on tiny data and writes nothing to docs/benchmarks.md (the test suite runs every benchmark so).
/// <c>./ektp seed ...</c>: synthetic residents, with the portal's own services.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var name = args.FirstOrDefault();
        var rest = args.Skip(1).ToArray();
        var commands = new Dictionary<string, Func<string[], Task<int>>>
        {
            ["booking"] = BookingBench.RunAsync,
            ["dashboard"] = DashboardBench.RunAsync,
            ["pages"] = PagesBench.RunAsync,
            ["failover"] = FailoverBench.RunAsync,
            ["cost"] = CostBench.RunAsync,
            ["field"] = FieldBench.RunAsync,
            ["seed"] = SeedAsync,
        };
        if (name is null || !commands.TryGetValue(name, out var run))
        {
            Console.Error.WriteLine($"usage: ./ektp bench {string.Join('|', commands.Keys.Where(k => k != "seed"))} [--short]");
            return 2;
        }
        return await run(rest);
    }

    /// <summary>
    /// The portal's services as the portal builds them (its appsettings.json, ConnectionStrings__EKtp, the personal-data
    /// keys), plus the generator; migrates and seeds reference data first, as the portal's <c>migrate</c> does.
    /// </summary>
    private static async Task<int> SeedAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.AddEKtp();
        builder.Services.AddScoped<SyntheticData>();
        await using var app = builder.Build();
        await app.MigrateAndSeedAsync();
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SyntheticData>().RunAsync(args);
    }
}
