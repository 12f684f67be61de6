using System.Net;
using System.Net.Sockets;

namespace Pipeline.Testing;

/// <summary>Ports nobody is listening on right now, chosen by the OS.</summary>
public static class FreePorts
{
    /// <summary>Takes <paramref name="count"/> distinct free loopback ports.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
