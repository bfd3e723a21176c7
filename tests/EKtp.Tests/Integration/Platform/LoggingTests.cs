using EKtp.Tests.Support;

namespace EKtp.Tests.Integration.Platform;

[Collection(PlatformDatabaseCollection.Name)]
public class LoggingTests(EKtpAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_request_that_carries_a_NIK_leaves_no_NIK_in_the_log()
    {
        const string nik = "1308051203900123";
        using var client = App.CreateClient();
        await client.GetAsync($"/status/{nik}?nik={nik}&phone=081234567890");
        await client.PostAsync("/booking/manage", new FormUrlEncodedContent(new Dictionary<string, string> { ["nik"] = nik }));
        await client.GetAsync($"/culture?culture=en-US&returnUrl=%2Fstatus%2F{nik}");
        // The request log is written before the response completes, through the same masking formatter as the files.
        var logs = App.Log.Text;

        Assert.True(logs.Contains("1308 **** **** 0123"), logs);
        Assert.DoesNotContain(nik, logs);
        Assert.DoesNotContain("081234567890", logs);
    }
}
