// Where a signature may travel in cleartext: a loopback host cannot be read or rewritten on the way. The client
// signs over http/ws only there; the mock warns when it binds elsewhere and answers control routes only there.

/**
 * Whether a URL's hostname (as `new URL(…).hostname` gives it: lower case, IPv6 in brackets) names this machine:
 * `localhost`, 127.0.0.0/8, `[::1]` and 127.0.0.0/8 mapped into IPv6 (`[::ffff:7fxx:xxxx]`). Not `*.localhost`:
 * RFC 6761 §6.3 asks resolvers to answer it with loopback, but Node's (getaddrinfo) may ask mDNS or DNS for it.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
    /^\[::ffff:7f[\da-f]{2}:[\da-f]{1,4}\]$/.test(hostname)
  );
}
