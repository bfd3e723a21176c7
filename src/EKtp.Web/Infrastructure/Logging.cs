using Serilog;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace EKtp.Web.Infrastructure;

public static class Logging
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext} {RequestId}: {Message:lj}{NewLine}{Exception}";

    /// <summary>What the log files hold: each event as one masked line (tests read the same text from memory).</summary>
    public static ITextFormatter FileFormatter() => new MaskingTextFormatter(new MessageTemplateTextFormatter(FileTemplate));

    /// <summary>Serilog from configuration (levels, overrides) with sinks whose output is masked for personal data.</summary>
    public static void AddEKtpLogging(this WebApplicationBuilder builder)
    {
        var logDirectory = builder.Configuration["Logging:Directory"] ?? Path.Combine(".data", "logs");
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, config) => config
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.With<PersonalDataMaskingEnricher>()
            // The console and the file are written by one background thread, the file through a buffer flushed every
            // second: a request hands its events over and goes on, instead of waiting for a console pipe or a disk.
            // When the queue is full (a console nobody reads), requests wait rather than events being lost.
            // The logger is disposed with the host's services, which drains the queue and flushes the file.
            .WriteTo.Async(sinks => sinks
                .Console(new MaskingTextFormatter(new MessageTemplateTextFormatter(ConsoleTemplate)))
                .WriteTo.File(
                    FileFormatter(),
                    Path.Combine(logDirectory, "ektp-.log"),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 31,
                    buffered: true,
                    flushToDiskInterval: TimeSpan.FromSeconds(1)),
                blockWhenFull: true));
    }
}
