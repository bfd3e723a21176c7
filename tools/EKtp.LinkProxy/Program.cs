using EKtp.LinkProxy;

// EKtp.LinkProxy serve --control PORT --route LISTEN=HOST:PORT [--route ...]   forwards until stopped (SIGTERM)
// EKtp.LinkProxy cut|freeze|restore|status --control PORT                       switches a running link
const string Usage = "usage: EKtp.LinkProxy serve --control PORT --route LISTEN=HOST:PORT [--route ...]\n" +
                     "       EKtp.LinkProxy cut|freeze|restore|status --control PORT";
string? control = null;
var routes = new List<string>();
for (var i = 1; i < args.Length - 1; i += 2)
{
    if (args[i] == "--control") control = args[i + 1];
    else if (args[i] == "--route") routes.Add(args[i + 1]);
    else { Console.Error.WriteLine(Usage); return 2; }
}
if (args.Length == 0 || !int.TryParse(control, out var controlPort)) { Console.Error.WriteLine(Usage); return 2; }

if (args[0] == "serve")
{
    if (routes.Count == 0) { Console.Error.WriteLine(Usage); return 2; }
    await using var link = new Link(routes.Select(Link.Route).ToList());
    link.Apply("restore");
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
    Console.WriteLine($"link {link.Describe()}; control on 127.0.0.1:{controlPort}");
    await LinkControl.ServeAsync(link, controlPort, stop.Token);
    return 0;
}
if (args[0] is "cut" or "freeze" or "restore" or "status")
{
    try
    {
        var answer = await LinkControl.SendAsync(controlPort, args[0]);
        Console.WriteLine(answer);
        return answer.StartsWith("error") ? 1 : 0;
    }
    catch (System.Net.Sockets.SocketException)
    {
        Console.Error.WriteLine($"No link is listening for control on 127.0.0.1:{controlPort} (is ./ektp field up running?).");
        return 1;
    }
}
Console.Error.WriteLine(Usage);
return 2;
