using EKtp.Web.Infrastructure;
using Npgsql;

namespace EKtp.Tests.Unit;

public class DatabaseConnectionTests
{
    [Fact]
    public void Pooled_connections_skip_the_reset_and_prepare_frequent_statements_by_default()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseConnection.Tune("Host=db;Database=ektp;Username=ektp;Password=x"));

        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(DatabaseConnection.AutoPrepareStatements, tuned.MaxAutoPrepare);
        Assert.Equal("db", tuned.Host);
        Assert.Equal("x", tuned.Password);
    }

    [Fact]
    public void Settings_written_in_the_connection_string_win()
    {
        var tuned = new NpgsqlConnectionStringBuilder(
            DatabaseConnection.Tune("Host=db;Database=ektp;No Reset On Close=false;Max Auto Prepare=0"));

        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
    }

    [Fact]
    public void Only_the_settings_themselves_count_not_words_that_contain_them()
    {
        var tuned = new NpgsqlConnectionStringBuilder(
            DatabaseConnection.Tune("Host=db;Database=reset_autoprepare;Password=NoResetOnClose;Auto Prepare Min Usages=2"));

        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(DatabaseConnection.AutoPrepareStatements, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
    }

    [Fact]
    public void A_connection_for_session_settings_is_kept_out_of_the_pool()
    {
        var unpooled = new NpgsqlConnectionStringBuilder(DatabaseConnection.Unpooled(DatabaseConnection.Tune("Host=db;Database=ektp")));

        Assert.False(unpooled.Pooling);
    }
}
