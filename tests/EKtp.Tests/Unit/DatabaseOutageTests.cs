using EKtp.Web.Infrastructure;
using Npgsql;

namespace EKtp.Tests.Unit;

public class DatabaseOutageTests
{
    [Theory]
    [InlineData("25006", true)]  // read-only transaction: a standby, or a node in the middle of a failover
    [InlineData("57P01", true)]  // the server is shutting down
    [InlineData("23505", false)] // a unique violation is the application's business, not an outage
    public void A_read_only_answer_during_a_failover_is_an_outage_to_retry_not_a_server_error(string sqlState, bool outage)
    {
        var error = new InvalidOperationException("wrapped", new PostgresException("message", "ERROR", "ERROR", sqlState));

        Assert.Equal(outage, DatabaseOutage.Is(error));
    }
}
