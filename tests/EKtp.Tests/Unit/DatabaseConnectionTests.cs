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
        Assert.Equal(DatabaseConnection.DefaultMaxPoolSize, tuned.MaxPoolSize);
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

    [Theory]
    [InlineData("Maximum Pool Size=7")]
    [InlineData("maximum pool size=7")]
    [InlineData("MaxPoolSize=7")]
    public void A_pool_size_in_the_connection_string_wins_over_the_setting(string setting)
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseConnection.Tune($"Host=db;Database=ektp;{setting}", maxPoolSize: 30));

        Assert.Equal(7, tuned.MaxPoolSize);
    }

    [Fact]
    public void The_pool_size_setting_applies_and_never_falls_below_the_minimum_the_string_keeps_open()
    {
        Assert.Equal(30, new NpgsqlConnectionStringBuilder(DatabaseConnection.Tune("Host=db;Database=ektp", maxPoolSize: 30)).MaxPoolSize);
        Assert.Equal(12, new NpgsqlConnectionStringBuilder(
            DatabaseConnection.Tune("Host=db;Database=ektp;Minimum Pool Size=12", maxPoolSize: 4)).MaxPoolSize);
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
