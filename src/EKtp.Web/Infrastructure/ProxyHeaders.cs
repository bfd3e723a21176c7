using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// Behind a reverse proxy (nginx on the server, a load balancer), the client's address arrives in <c>X-Forwarded-For</c>.
/// The rate limits and the audit log must see that address, not the proxy's: otherwise every resident shares one
/// limit. The header is believed only from the proxies named here (and from loopback, ASP.NET Core's default), so a
/// client talking to the portal directly cannot choose its own address.
/// </summary>
public static class ProxyHeaders
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddEKtpProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection(Section + ":KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection(Section + ":KnownNetworks").Get<string[]>() ?? [];
        // Parsed here, so a typo stops the portal at start with the setting's name instead of silently trusting nobody.
        var proxyAddresses = proxies.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => IPAddress.TryParse(p.Trim(), out var ip)
            ? ip
            : throw new InvalidOperationException($"{Section}:KnownProxies: '{p}' is not an IP address.")).ToList();
        var proxyNetworks = networks.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => System.Net.IPNetwork.TryParse(n.Trim(), out var net)
            ? net
            : throw new InvalidOperationException($"{Section}:KnownNetworks: '{n}' is not a network such as 10.0.0.0/8.")).ToList();

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One proxy in front: take the address it saw, not anything a client wrote further left in the header.
            o.ForwardLimit = 1;
            foreach (var ip in proxyAddresses) o.KnownProxies.Add(ip);
            foreach (var net in proxyNetworks) o.KnownIPNetworks.Add(net);
        });
        return services;
    }
}
