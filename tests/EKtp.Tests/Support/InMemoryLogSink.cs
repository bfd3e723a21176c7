using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace EKtp.Tests.Support;

/// <summary>
/// The app's log as the file sink would write it (the same masking formatter), kept in memory for the test that
/// reads it: nothing to poll, nothing shared with another run. The factory registers it; Serilog picks sinks up
/// from the services (<c>ReadFrom.Services</c>). Events are written as they are logged, so a request's log is
/// complete when its response has been read.
/// </summary>
public sealed class InMemoryLogSink(ITextFormatter formatter) : ILogEventSink
{
    private readonly List<string> _lines = [];

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        formatter.Format(logEvent, writer);
        lock (_lines) _lines.Add(writer.ToString());
    }

    /// <summary>Everything logged so far, as text.</summary>
    public string Text
    {
        get { lock (_lines) return string.Concat(_lines); }
    }

    public void Clear()
    {
        lock (_lines) _lines.Clear();
    }
}
