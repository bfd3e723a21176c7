using Xunit.Abstractions;

[assembly: TestCollectionOrderer("EKtp.Tests.Support.LongestCollectionsFirst", "EKtp.Tests")]

namespace EKtp.Tests.Support;

// How the suite runs side by side (docs/operations.md, "The test suite"; decision 1801). xUnit runs the tests of one
// collection one after another and different collections beside each other, at most maxParallelThreads collections at
// a time (xunit.runner.json, the conservative algorithm). A test class without a collection is a collection of its own.

/// <summary>
/// The integration tests of the resident side (booking, status, appointments, home visits, notifications…): the
/// default of <see cref="IntegrationTest"/>. Each database collection has its own app and throwaway database, so
/// the three run beside each other while the tests inside one still never see another's rows.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<EKtpAppFactory>
{
    public const string Name = "database";
}

/// <summary>The integration tests of the staff side (queue, cards, admin, dashboard, sign-in), on a database of their own.</summary>
[CollectionDefinition(Name)]
public sealed class StaffDatabaseCollection : ICollectionFixture<EKtpAppFactory>
{
    public const string Name = "database-staff";
}

/// <summary>
/// The integration tests of the platform (outages, rate limits, hostile input, scale-out, jobs, privacy, field nodes),
/// on a database of their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PlatformDatabaseCollection : ICollectionFixture<EKtpAppFactory>
{
    public const string Name = "database-platform";
}

/// <summary>The browser journeys: one portal on Kestrel and one Chromium, one journey at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<KestrelAppFactory>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// Every <c>./ektp bench NAME --short</c> but the failover one (<see cref="FixedPortsCollection"/>): each starts the portal
/// and puts load on it, so they run one after another, beside everything else, in one of the parallel slots.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BenchmarkCollection
{
    public const string Name = "benchmarks";
}

/// <summary>
/// The tests that stand up whole arrangements on fixed loopback ports: the HA topology (the failover benchmark), the
/// field hub and node (<c>./ektp field</c>) and the test clusters of the sync's chaos tests. Their ports differ, but
/// each starts several PostgreSQL clusters and portals, so they run one after another, beside everything else.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FixedPortsCollection
{
    public const string Name = "fixed-ports";
}

/// <summary>
/// Starts the long collections first, longest first, and the short ones after them: with the conservative algorithm a
/// collection holds one of the slots from its first test to its last, so a long collection started late would run
/// after the others instead of beside them (decision 1801). The collections not named here follow in the order they come.
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest =
    [
        FixedPortsCollection.Name, DatabaseCollection.Name, StaffDatabaseCollection.Name, PlatformDatabaseCollection.Name,
        BrowserCollection.Name, BenchmarkCollection.Name,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => Array.IndexOf(Longest, c.DisplayName) is var i and >= 0 ? i : Longest.Length);
}
