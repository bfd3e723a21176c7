using System.Net.Sockets;
using Npgsql;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// Tells a database that cannot be reached (stopped, frozen, link down, refusing connections) from a bug: the first is
/// an outage the client should retry (503 with <c>Retry-After</c>), the second a server error (500). EF Core wraps the
/// driver's exception, so the whole chain of inner exceptions is looked at.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>What a 503 asks a client (a kiosk, a chat bot, a browser) to wait before trying again.</summary>
    public const int RetryAfterSeconds = 30;

    /// <summary>
    /// Marks a response as an outage answer: 503, and when to try again. The idle pooled connections are dropped too:
    /// after a stop they are dead, and each would fail one more request once the database is back.
    /// </summary>
    public static void Answer(HttpResponse response)
    {
        NpgsqlConnection.ClearAllPools();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // A server that answered with an error is reachable, except for the states that say it is going away
                // or full: 57P01-57P03 (shutdown, crash, cannot connect now), 53300 (too many connections), 08xxx; and
                // 25006 (read-only transaction): a standby, or a node in the middle of a failover (decision 1603).
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "25006";
                case NpgsqlException:
                case TimeoutException:
                case SocketException:
                    return true;
            }
        }
        return false;
    }
}
