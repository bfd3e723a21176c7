using EKtp.Web.Infrastructure;
using Serilog;

Log.Logger = new LoggerConfiguration()
    .WriteTo.Console(new MaskingTextFormatter(new Serilog.Formatting.Display.MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")))
    .CreateLogger();
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddEKtp();
    var app = builder.Build();
    app.UseEKtp();
    return await app.RunEKtpAsync(args);
}
catch (Exception e) when (e is not HostAbortedException)
{
    Log.Fatal(e, "EKtp stopped: {Message}", e.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

public partial class Program;
