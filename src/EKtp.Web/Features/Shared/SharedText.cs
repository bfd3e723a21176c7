namespace EKtp.Web.Features.Shared;

/// <summary>
/// The key for strings shared by every page. Keys are the Indonesian text; English lives in
/// Resources/Features/Shared/SharedText.en.resx. A feature with many strings of its own gets its own marker class.
/// </summary>
public sealed class SharedText;
