using EKtp.Bench;

// ./ektp bench NAME: each benchmark lives in its own file and prints its figures.
var name = args.FirstOrDefault();
var rest = args.Skip(1).ToArray();
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>
{
    ["booking"] = BookingBench.RunAsync,
    ["dashboard"] = DashboardBench.RunAsync,
    ["pages"] = PagesBench.RunAsync,
};
if (name is null || !benchmarks.TryGetValue(name, out var run))
{
    Console.Error.WriteLine($"usage: ./ektp bench {string.Join('|', benchmarks.Keys)}");
    return 2;
}
return await run(rest);
